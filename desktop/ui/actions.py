"""Every command of the main window, declared once: its id, text, default keys, tip, where it
sits (menu, toolbar, the page's context menu), what it does, where its keys act and when it
is enabled.

The menus, the toolbar, the page's menu, the keyboard shortcuts and Preferences' shortcut
list are all built from ``ENTRIES`` (``desktop.ui.window_actions`` builds the window's part,
``desktop.ui.shortcuts`` the keys, ``desktop.ui.preferences_dialog`` the list), so a command
cannot be in a menu with one text and in Preferences with another, nor enabled by one handler
and forgotten by the next: its enabled state is its own ``enabled`` predicate over ``Facts``,
worked out again by one function each time a fact may have changed.

The panels' own commands (the codebook's Del, F2 and Ins, the documents panel's buttons) act
on the panel's selection and live with their panel; they are not in this table.

How to add a command (say, Annotate > Set Status…):

1. Add an ``ActionSpec`` to ``ENTRIES``. Its place in ``ENTRIES`` is its row in Preferences;
   ``menu=("Annotate", "tag")`` puts it in that menu's section (sections are declared, in
   order, in ``MENUS``; within a section, entries keep their order here). Add ``toolbar=``
   or ``page_menu=`` the same way to show it there too.
2. ``run`` receives the window (``Window`` below lists what it offers); call a public method
   of the part that does the work (``window.annotate`` for the current highlight, ``window
   .host`` for the project), and add that method there if it is new.
3. ``enabled`` is a predicate over ``Facts``. If it needs a fact not yet listed, add the field
   to ``Facts`` and work it out in ``MainWindow.facts`` (nowhere else).
4. Give it ``reach=Reach.READING`` if it is a single key (it then acts only while the keyboard
   is in the panes or the annotation list, never while one types in a box).
5. Add its default key to the README's shortcut table; ``tests/ui/test_window_menus.py``
   holds what users see, so extend its snapshot with the new entry.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from PySide6.QtGui import QKeySequence

from desktop.core.review import Verdict
from desktop.ui.plain_text import literal_ampersands

if TYPE_CHECKING:
    from desktop.ui.annotate_commands import AnnotateCommands
    from desktop.ui.link_commands import LinkCommands
    from desktop.ui.pane import DocumentPane
    from desktop.ui.project_host import ProjectHost
    from desktop.ui.review_commands import ReviewCommands


class Window(Protocol):
    """What a command's ``run`` may use of the window."""

    host: ProjectHost
    annotate: AnnotateCommands
    links: LinkCommands
    review: ReviewCommands
    left: DocumentPane
    right: DocumentPane

    @property
    def active_pane(self) -> DocumentPane: ...

    def close(self) -> bool: ...

    def show_about(self) -> None: ...

    def edit_preferences(self) -> None: ...

    def find_again(self, *, forward: bool) -> None: ...


@dataclass(frozen=True)
class Facts:
    """What the commands' enabled states and changing texts depend on, read in one place
    (``MainWindow.facts``) each time one of them may have changed."""

    project_open: bool = False
    selection: bool = False
    """The active pane has selected text."""
    current: bool = False
    """A highlight is current (clicked, just made, chosen in the list)."""
    can_undo: bool = False
    can_redo: bool = False
    undo_text: str = "Undo"
    redo_text: str = "Redo"
    last_code: str | None = None
    """The name of the code applied last, if any."""
    pinned: Mapping[int, str] | None = None
    """Key → name of the code pinned to it; None when not read (see ``ActionSpec.lazy``)."""
    can_link: bool = False
    """A highlight is picked in each pane (the Link gesture's two ends)."""
    in_step: bool = False
    """The panes read in step (View > Read in Step)."""
    session_running: bool = False
    """A review session is under way (Review > End Session)."""


class Reach(enum.Enum):
    WINDOW = "anywhere in the window"
    READING = "in the reading panes and the annotation list"
    PANES = "in the reading panes"


Place = tuple[str, str]
"""(menu, section): a menu of ``MENUS`` or a submenu's id, and one of its sections."""


def _always(_facts: Facts) -> bool:
    return True


@dataclass(frozen=True)
class ActionSpec:
    id: str
    text: str
    shortcuts: tuple[str | QKeySequence.StandardKey, ...] = ()
    tip: str = ""
    menu: Place | None = None
    run: Callable[[Window], object] = field(kw_only=True, repr=False)
    enabled: Callable[[Facts], bool] = field(default=_always, repr=False)
    text_now: Callable[[Facts], str] | None = field(default=None, repr=False)
    """The text as the facts make it (Qt's markup: ``&`` marks the mnemonic, ``&&`` shows
    one); None keeps ``text``."""
    toolbar: str | None = None
    """A section of ``TOOLBAR``."""
    button: str = ""
    """The toolbar button's text, when it must not follow ``text_now``."""
    page_menu: str | None = None
    """A section of ``PAGE_MENU``, the menu of a right click on a page."""
    reach: Reach = Reach.WINDOW
    lazy: bool = False
    """Its state and text are worked out only as a menu showing it opens, or when the codes
    change: they read the project (its pins), which the first frame must not wait for."""
    checked: Callable[[Facts], bool] | None = field(default=None, repr=False)
    """For a command that is on or off (a check mark in its menu): whether it is on now."""


@dataclass(frozen=True)
class Submenu:
    """A menu inside a menu, filled by the window (recent projects, panels) or, if it has
    ``sections``, with the entries placed in it (``menu=(its id, section)``)."""

    id: str
    text: str
    menu: Place
    page_menu: str | None = None
    sections: tuple[str, ...] = ()


def _pin(key: int) -> ActionSpec:
    return ActionSpec(
        f"pin_{key}",
        f"Pinned Code {key}",
        (str(key),),
        menu=("pinned", "keys"),
        run=lambda window: window.annotate.pinned(key),
        enabled=lambda facts: bool(facts.pinned and key in facts.pinned),
        text_now=lambda facts: literal_ampersands(
            facts.pinned[key]
            if facts.pinned and key in facts.pinned
            else f"Key {key}: no code pinned"
        ),
        reach=Reach.READING,
        lazy=True,
    )


def _with_project(facts: Facts) -> bool:
    return facts.project_open


def _with_current(facts: Facts) -> bool:
    return facts.current


def _to_tag(facts: Facts) -> bool:
    return facts.project_open and (facts.selection or facts.current)


def _decide(action_id: str, text: str, key: str, verdict: Verdict, tip: str) -> ActionSpec:
    return ActionSpec(
        action_id,
        text,
        (key,),
        tip,
        menu=("Review", "decide"),
        run=lambda window: window.review.decide(verdict),
        enabled=_with_current,
        page_menu="review",
        reach=Reach.READING,
    )


def _nudge(action_id: str, text: str, key: str, *, which: str, forward: bool) -> ActionSpec:
    return ActionSpec(
        action_id,
        text,
        (key,),
        menu=("Annotate", "nudge"),
        run=lambda window: window.annotate.nudge(which=which, forward=forward),
        enabled=_with_current,
        reach=Reach.PANES,
    )


ENTRIES: tuple[ActionSpec | Submenu, ...] = (
    ActionSpec(
        "new_project",
        "&New Project…",
        ("Ctrl+Shift+N",),
        "Start a project with the bundled documents and the default codebook",
        menu=("File", "project"),
        run=lambda window: window.host.choose_new_project(),
    ),
    ActionSpec(
        "open_project",
        "Open &Project…",
        ("Ctrl+Shift+P",),
        "Open an .accord project",
        menu=("File", "project"),
        run=lambda window: window.host.choose_project(),
    ),
    Submenu("recent", "Open &Recent", menu=("File", "project")),
    ActionSpec(
        "save_copy",
        "Save a &Copy As…",
        (),
        "Write a copy of the project to another file",
        menu=("File", "project"),
        run=lambda window: window.host.save_copy(),
        enabled=_with_project,
    ),
    ActionSpec(
        "import",
        "&Import…",
        ("Ctrl+I",),
        "Import annotations (REFI-QDA, W3C JSON-LD, PDF highlights) or a codebook",
        menu=("File", "exchange"),
        run=lambda window: window.host.import_file(),
        enabled=_with_project,
    ),
    ActionSpec(
        "export",
        "&Export…",
        ("Ctrl+E",),
        "Export annotations for other tools",
        menu=("File", "exchange"),
        run=lambda window: window.host.export_project(),
        enabled=_with_project,
    ),
    ActionSpec(
        "send_to_reviewer",
        "Send to &Reviewer…",
        (),
        "Write a copy of the project for a colleague to code offline",
        menu=("File", "exchange"),
        run=lambda window: window.host.send_to_reviewer(),
        enabled=_with_project,
    ),
    ActionSpec(
        "merge_reviewer_work",
        "&Merge Reviewer's Work…",
        (),
        "Bring back what reviewers added, changed and deleted in their copies",
        menu=("File", "exchange"),
        run=lambda window: window.host.merge_reviewer_work(),
        enabled=_with_project,
    ),
    ActionSpec(
        "merge_conflicts",
        "Settle Merge &Conflicts…",
        (),
        "Keep your version or take the reviewer's, for what you both changed",
        menu=("File", "exchange"),
        run=lambda window: window.host.settle_conflicts(),
        enabled=_with_project,
    ),
    ActionSpec(
        "preferences",
        "P&references…",
        ("Ctrl+,",),
        "Change the name recorded on edits and the keyboard shortcuts",
        menu=("File", "settings"),
        run=lambda window: window.edit_preferences(),
    ),
    ActionSpec(
        "open_left",
        "Open in &Left Pane…",
        ("Ctrl+O",),
        "Open a document in the left pane",
        menu=("File", "panes"),
        run=lambda window: window.left.choose_file(),
    ),
    ActionSpec(
        "open_right",
        "Open in &Right Pane…",
        ("Ctrl+Shift+O",),
        "Open a document in the right pane",
        menu=("File", "panes"),
        run=lambda window: window.right.choose_file(),
    ),
    ActionSpec(
        "quit", "&Quit", ("Ctrl+Q",), menu=("File", "quit"), run=lambda window: window.close()
    ),
    # The toolbar's buttons keep their names while the menu names the step ("Undo Tag …", also
    # the button's tooltip): a label growing and shrinking with each edit moved every button.
    ActionSpec(
        "undo",
        "&Undo",
        ("Ctrl+Z",),
        menu=("Edit", "history"),
        run=lambda window: window.host.bridge and window.host.bridge.undo(),
        enabled=lambda facts: facts.can_undo,
        text_now=lambda facts: literal_ampersands(facts.undo_text),
        toolbar="history",
        button="Undo",
    ),
    ActionSpec(
        "redo",
        "&Redo",
        ("Ctrl+Shift+Z", "Ctrl+Y"),
        menu=("Edit", "history"),
        run=lambda window: window.host.bridge and window.host.bridge.redo(),
        enabled=lambda facts: facts.can_redo,
        text_now=lambda facts: literal_ampersands(facts.redo_text),
        toolbar="history",
        button="Redo",
    ),
    ActionSpec(
        "copy",
        "&Copy",
        ("Ctrl+C",),
        "Copy the exact selected text",
        menu=("Edit", "clipboard"),
        run=lambda window: window.active_pane.view.copy_selection(),
        page_menu="copy",
    ),
    ActionSpec(
        "select_all",
        "Select &All",
        ("Ctrl+A",),
        "Select the whole document",
        menu=("Edit", "clipboard"),
        run=lambda window: window.active_pane.view.select_all(),
    ),
    ActionSpec(
        "find",
        "&Find…",
        ("Ctrl+F",),
        "Find text in the active document",
        menu=("Edit", "find"),
        run=lambda window: window.active_pane.find_bar.open_bar(),
    ),
    ActionSpec(
        "find_next",
        "Find &Next",
        ("F3", "Ctrl+G"),
        menu=("Edit", "find"),
        run=lambda window: window.find_again(forward=True),
    ),
    ActionSpec(
        "find_previous",
        "Find &Previous",
        ("Shift+F3", "Ctrl+Shift+G"),
        menu=("Edit", "find"),
        run=lambda window: window.find_again(forward=False),
    ),
    ActionSpec(
        "zoom_in",
        "Zoom &In",
        ("Ctrl++", "Ctrl+="),
        menu=("View", "zoom"),
        run=lambda window: window.active_pane.view.zoom_in(),
    ),
    ActionSpec(
        "zoom_out",
        "Zoom &Out",
        ("Ctrl+-",),
        menu=("View", "zoom"),
        run=lambda window: window.active_pane.view.zoom_out(),
    ),
    ActionSpec(
        "zoom_reset",
        "&Actual Size",
        ("Ctrl+0",),
        menu=("View", "zoom"),
        run=lambda window: window.active_pane.view.reset_zoom(),
    ),
    ActionSpec(
        "fit_width",
        "Fit &Width",
        ("Ctrl+9",),
        menu=("View", "zoom"),
        run=lambda window: window.active_pane.view.fit_to_width(),
    ),
    ActionSpec(
        "read_in_step",
        "Read in &Step",
        ("Ctrl+Shift+S",),
        "Keep the two panes aligned by their links as either one scrolls",
        menu=("View", "reading"),
        run=lambda window: window.links.set_in_step(not window.links.in_step),
        checked=lambda facts: facts.in_step,
    ),
    Submenu("panels", "&Panels", menu=("View", "panels")),
    Submenu("reviewers", "&Reviewers", menu=("View", "panels")),
    ActionSpec(
        "about", "&About Accord", menu=("Help", "about"), run=lambda window: window.show_about()
    ),
    # Annotating: single keys, acting while the keyboard is in the panes (or the list).
    ActionSpec(
        "highlight",
        "&Highlight Selection",
        ("H",),
        "Highlight the selected text",
        menu=("Annotate", "tag"),
        run=lambda window: window.annotate.highlight(),
        enabled=lambda facts: facts.project_open and facts.selection,
        toolbar="annotate",
        page_menu="annotate",
        reach=Reach.READING,
    ),
    ActionSpec(
        "tag",
        "&Tag with Code…",
        ("T",),
        "Choose a code for the selection or highlight",
        menu=("Annotate", "tag"),
        run=lambda window: window.annotate.pick_code(),
        enabled=_to_tag,
        toolbar="annotate",
        page_menu="annotate",
        reach=Reach.READING,
    ),
    ActionSpec(
        "tag_last",
        "Tag with &Last Code",
        ("R",),
        "Apply the code used last again",
        menu=("Annotate", "tag"),
        run=lambda window: window.annotate.last_code(),
        enabled=_to_tag,
        text_now=lambda facts: (
            f"Tag with &Last Code ({literal_ampersands(facts.last_code)})"
            if facts.last_code
            else "Tag with &Last Code"
        ),
        page_menu="annotate",
        reach=Reach.READING,
    ),
    Submenu(
        "pinned",
        "Tag with &Pinned Code",
        menu=("Annotate", "tag"),
        page_menu="annotate",
        sections=("keys",),
    ),
    ActionSpec(
        "note",
        "Edit &Note",
        ("N",),
        "Write the note of the current highlight",
        menu=("Annotate", "tag"),
        run=lambda window: window.annotate.edit_note(),
        enabled=_with_current,
        toolbar="annotate",
        page_menu="annotate",
        reach=Reach.READING,
    ),
    ActionSpec(
        "delete_annotation",
        "&Delete Highlight",
        ("Del",),
        "Delete the current highlight (undoable)",
        menu=("Annotate", "delete"),
        run=lambda window: window.annotate.delete(),
        enabled=_with_current,
        toolbar="annotate",
        page_menu="delete",
        reach=Reach.READING,
    ),
    ActionSpec(
        "link",
        "&Link Highlights",
        ("L",),
        "Link the highlight clicked in the left pane to the one clicked in the right (reports)",
        menu=("Annotate", "link"),
        run=lambda window: window.links.link(),
        enabled=lambda facts: facts.project_open and facts.can_link,
        page_menu="annotate",
        reach=Reach.READING,
    ),
    ActionSpec(
        "link_without_counterpart",
        "No &Counterpart in the Other Document",
        (),
        "Link the current highlight to the whole other document: omits (left), adds (right)",
        menu=("Annotate", "link"),
        run=lambda window: window.links.link_to_other_document(),
        enabled=_with_current,
    ),
    ActionSpec(
        "start_session",
        "&Start Session…",
        (),
        "Start a review session: its title, purpose, attendees and chair",
        menu=("Review", "session"),
        run=lambda window: window.review.start_session(),
        enabled=lambda facts: facts.project_open and not facts.session_running,
    ),
    ActionSpec(
        "end_session",
        "&End Session",
        (),
        "End the review session under way",
        menu=("Review", "session"),
        run=lambda window: window.review.end_session(),
        enabled=lambda facts: facts.session_running,
    ),
    _decide("accept", "&Accept", "A", Verdict.ACCEPT, "Accept the current highlight"),
    _decide(
        "dispute", "&Dispute…", "D", Verdict.DISPUTE, "Dispute the current highlight, saying why"
    ),
    _decide("reject", "&Reject…", "X", Verdict.REJECT, "Reject the current highlight, saying why"),
    _decide(
        "withdraw",
        "&Withdraw Proposal",
        "W",
        Verdict.WITHDRAW,
        "Take back your own highlight (it then counts as rejected)",
    ),
    ActionSpec(
        "agreement",
        "A&greement…",
        (),
        "How far the reviewers agree, per facet and code, kept up to date as they code",
        menu=("Review", "agreement"),
        run=lambda window: window.review.show_agreement(),
        enabled=_with_project,
    ),
    ActionSpec(
        "suggest_links",
        "Suggest &Links…",
        (),
        "Suggest which clauses of the left pane's document each clause of the right pane's "
        "reports, to accept or reject",
        menu=("Review", "links"),
        run=lambda window: window.links.suggest(),
        enabled=_with_project,
    ),
    ActionSpec(
        "export_minutes",
        "Export &Minutes…",
        (),
        "Write a review session's minutes (Markdown or HTML)",
        menu=("Review", "minutes"),
        run=lambda window: window.review.export_minutes(),
        enabled=_with_project,
    ),
    # Not Shift+Alt+arrows: Openbox and LXDE take those to move the window to another desktop.
    _nudge("end_later", "Extend End by a Word", "Ctrl+Shift+Right", which="end", forward=True),
    _nudge("end_earlier", "Shrink End by a Word", "Ctrl+Shift+Left", which="end", forward=False),
    _nudge(
        "start_earlier", "Extend Start by a Word", "Ctrl+Shift+Up", which="start", forward=False
    ),
    _nudge("start_later", "Shrink Start by a Word", "Ctrl+Shift+Down", which="start", forward=True),
    *(_pin(key) for key in range(1, 10)),
)

MENUS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("File", "&File", ("project", "panes", "exchange", "settings", "quit")),
    ("Edit", "&Edit", ("history", "clipboard", "find")),
    ("Annotate", "&Annotate", ("tag", "link", "nudge", "delete")),
    ("Review", "&Review", ("session", "decide", "agreement", "links", "minutes")),
    ("View", "&View", ("zoom", "reading", "panels")),
    ("Help", "&Help", ("about",)),
)
"""The menu bar: each menu's id, title and sections in order (a separator parts two)."""
TOOLBAR: tuple[str, ...] = ("history", "annotate")
PAGE_MENU: tuple[str, ...] = ("annotate", "review", "copy", "delete")

ACTIONS: tuple[ActionSpec, ...] = tuple(e for e in ENTRIES if isinstance(e, ActionSpec))
"""The commands, in Preferences' order."""
