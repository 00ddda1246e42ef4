"""The interface's language follows the system's locale unless the settings choose one, and
Qt's own words (standard buttons) come in that language."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale, QSettings
from PySide6.QtWidgets import QDialogButtonBox

from desktop.ui.language import SETTING, chosen_language, install_translators


def _settings(tmp_path, value: str | None = None) -> QSettings:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    if value is not None:
        settings.setValue(SETTING, value)
    return settings


def test_the_system_locale_chooses_when_the_settings_do_not(tmp_path) -> None:
    assert chosen_language(_settings(tmp_path), system=QLocale("ja_JP")) == "ja"
    assert chosen_language(_settings(tmp_path, "system"), system=QLocale("ja_JP")) == "ja"
    assert chosen_language(_settings(tmp_path), system=QLocale("fr_FR")) == "en"  # not offered


def test_the_settings_choice_wins_over_the_system(tmp_path) -> None:
    assert chosen_language(_settings(tmp_path, "en"), system=QLocale("ja_JP")) == "en"
    assert chosen_language(_settings(tmp_path, "ja"), system=QLocale("en_GB")) == "ja"
    assert chosen_language(_settings(tmp_path, "klingon"), system=QLocale("en_GB")) == "en"


def test_in_japanese_qts_own_buttons_are_japanese(qapp) -> None:
    installed = install_translators(qapp, "ja")
    try:
        assert installed
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        assert buttons.buttons()[0].text() == "キャンセル"
    finally:
        for translator in installed:
            QCoreApplication.removeTranslator(translator)
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
    assert install_translators(qapp, "en") == []
