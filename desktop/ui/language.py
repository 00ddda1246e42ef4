"""The interface's language: the one chosen in the settings, else the system's.

Qt translates its own words (the standard buttons, a text box's context menu, its file
dialogs) from the catalogues it ships (``qtbase_ja.qm``); Accord's own words come from
``resources/i18n/accord_LANG.qm`` once that catalogue exists (Qt Linguist's ``.ts`` compiled
by ``pyside6-lrelease``). A language with no catalogue of Accord's yet still gets Qt's.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

from desktop.bundled import resources_folder

SETTING = "interface/language"
"""The settings key: a language below, or ``system`` (the default) to follow the system."""
LANGUAGES = {"en": "English", "ja": "日本語"}
"""The languages the interface is offered in, by code, each named in itself."""


def chosen_language(settings: QSettings, *, system: QLocale | None = None) -> str:
    """The language to show: the setting's, else the system's if offered, else English."""
    value = settings.value(SETTING, "system")
    if value in LANGUAGES:
        return str(value)
    spoken = (system or QLocale.system()).name().split("_")[0]
    return spoken if spoken in LANGUAGES else "en"


def install_translators(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Install Qt's and Accord's catalogues for ``language`` (none for English, the source
    language); the translators installed, parented to ``app`` so they live as long as it."""
    if language == "en":
        return []
    catalogues = [
        (f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
        (f"accord_{language}", str(resources_folder() / "i18n")),
    ]
    installed = []
    for name, folder in catalogues:
        translator = QTranslator(app)
        if translator.load(name, folder) and app.installTranslator(translator):
            installed.append(translator)
    return installed
