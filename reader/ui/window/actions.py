"""Every command of the window as a QAction with its shortcuts, and the menus that show them.
The window connects them (main_window._connect_signals); the shortcut sheet lists them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar, QWidget

from ...core.highlights import COLORS

SK = QKeySequence.StandardKey


@dataclass(frozen=True)
class Spec:
    name: str
    menu: str
    text: str
    keys: tuple = ()           # QKeySequence.StandardKey values or strings, first shown in menus
    tip: str = ""
    checkable: bool = False
    separator_before: bool = False
    submenu: bool = False      # the action opens a menu that its owner fills


SPECS = (
    Spec("open_library", "&File", "Open &Library…", (),
         "Open another library (a folder), or make one in a folder that has none"),
    Spec("new_library", "&File", "&New Library…", (), "Start an empty library in a new folder"),
    Spec("recent_libraries", "&File", "Recen&t Libraries", (),
         "The default library and the libraries opened last", submenu=True),
    Spec("import_files", "&File", "&Import Files…", (SK.Open,), "Import articles from files",
         separator_before=True),
    Spec("import_folder", "&File", "Import &Folder…", ("Ctrl+Shift+O",),
         "Import every article in a folder and its subfolders"),
    Spec("paste_article", "&File", "&Paste as New Article", (SK.Paste,),
         "Save the clipboard's text (or list of links) as an article and import it"),
    Spec("import_url", "&File", "Import &URL…", (),
         "Download a web page (or a PDF, a text file) by its address and import it"),
    Spec("paste_url", "&File", "Import URL from Clip&board", ("Ctrl+Shift+V",),
         "Download the web page whose address is on the clipboard and import it"),
    Spec("export", "&File", "&Export Highlights…", ("Ctrl+E",),
         "Your highlights and the cross-references, with citations: Markdown, HTML, CSV, JSON",
         separator_before=True),
    Spec("import_annotations", "&File", "Import &Annotations…", (),
         "Restore highlights from a JSON export (W3C Web Annotations)"),
    Spec("remove", "&File", "&Remove Selected Documents…", ("Del",),
         "Delete the documents selected in the library", separator_before=True),
    Spec("xref", "&File", "Update &Cross-references", (SK.Refresh,),
         "Link the claims of documents that have not been cross-referenced yet"),
    Spec("quit", "&File", "&Quit", (SK.Quit, "Ctrl+Q"), separator_before=True),

    Spec("search", "&Edit", "&Search the Library", ("Ctrl+K", "Ctrl+L", "/"),
         "Full-text search with snippets"),
    Spec("copy_citation", "&Edit", "Copy with &Citation", ("Ctrl+Shift+C",),
         "The selection as a Markdown quote with its citation", separator_before=True),
    Spec("find", "&Edit", "&Find in Document…", (SK.Find,), separator_before=True),
    Spec("find_next", "&Edit", "Find &Next", (SK.FindNext,)),
    Spec("find_previous", "&Edit", "Find Pre&vious", (SK.FindPrevious,)),
    Spec("edit_metadata", "&Edit", "Edit &Metadata…", ("F2",),
         "Title, source, author, date and url of the open document (or the one selected in "
         "the library list)", separator_before=True),
    Spec("undo_reject", "&Edit", "&Undo Reject", ("Ctrl+Z",),
         "Show the link you last rejected again", separator_before=True),

    Spec("highlight", "H&ighlights", "&Highlight Selection", ("H", "Ctrl+Shift+H"),
         "Highlight the selected text in the current colour"),
    *(Spec(f"color_{n}", "H&ighlights", f"Highlight in {c.title()}", (str(n),),
           f"Highlight the selection (or recolour the highlight under the cursor) {c}",
           separator_before=n == 1) for n, c in enumerate(COLORS, 1)),
    Spec("edit_highlight", "H&ighlights", "&Edit Highlight Note…", ("E", "Ctrl+Shift+N"),
         "Note, tags and colour of the highlight under the cursor (or selected in the panel)",
         separator_before=True),
    Spec("remove_highlight", "H&ighlights", "&Remove Highlight", ("Shift+Del",),
         "Remove the highlight under the cursor (or those selected in the panel)"),
    Spec("colour_labels", "H&ighlights", "Colour &Labels…", (),
         "Name the colours: \"key claim\", \"doubtful\"…", separator_before=True),

    Spec("make_link", "H&ighlights", "Lin&k the Selected Passages…", ("M",),
         "Side by side (Ctrl+D): link the passage selected on the left to the one selected on "
         "the right, as agreeing, conflicting or related", separator_before=True),
    Spec("rejected_links", "H&ighlights", "Rejec&ted Links…", (),
         "The links you rejected, with both passages: restore one"),

    Spec("back", "&Go", "&Back", (SK.Back,), "Where you were before (also the mouse back button)"),
    Spec("forward", "&Go", "&Forward", (SK.Forward,)),
    Spec("next_claim", "&Go", "Next Linked &Claim", ("N",), separator_before=True),
    Spec("previous_claim", "&Go", "Previous Linked C&laim", ("Shift+N",)),
    Spec("next_conflict", "&Go", "Next C&onflict", ("C",)),
    Spec("previous_conflict", "&Go", "Previous Co&nflict", ("Shift+C",)),
    Spec("open_links", "&Go", "Show Lin&ks of the Claim in View", ("L",),
         "Open the links panel on the selected claim, or the first linked claim in view"),

    Spec("focus_library", "&View", "&Library", ("Ctrl+1",), "Move the keyboard focus there"),
    Spec("focus_document", "&View", "&Document", ("Ctrl+2",)),
    Spec("focus_links", "&View", "Lin&ks", ("Ctrl+3",)),
    Spec("show_highlights", "&View", "&Highlights", ("Ctrl+4",),
         "Every highlight in the library, searchable, in the sidebar", checkable=True),
    Spec("toggle_links", "&View", "Show Links &Panel", ("Ctrl+Shift+L",), checkable=True,
         separator_before=True),
    Spec("caret_browsing", "&View", "Caret &Browsing", ("F7",),
         "A caret in the document: arrows move it, Shift+arrows select (then H highlights)",
         checkable=True),
    Spec("compare", "&View", "&Compare Side by Side", ("Ctrl+D",),
         "The open document and the one selected in the library (or two selected documents)"),
    Spec("close_view", "&View", "Close Comparison or Document", (SK.Close,)),
    Spec("zoom_in", "&View", "Larger Text", (SK.ZoomIn,), separator_before=True),
    Spec("zoom_out", "&View", "Smaller Text", (SK.ZoomOut,)),
    Spec("zoom_reset", "&View", "Normal Text Size", ("Ctrl+0",)),

    Spec("focus_stories", "&Stories", "Show &Stories", ("Ctrl+5",),
         "The stories in the library (yours, then those found from the links), in the sidebar"),
    Spec("open_story", "&Stories", "&Open as Story", ("Ctrl+T",),
         "The documents selected in the library as one story: their facts side by side, by "
         "outlet (from the stories list: the story selected there)"),
    Spec("add_to_story", "&Stories", "&Add to Story…", (),
         "Add the documents selected in the library to a story", separator_before=True),
    Spec("remove_from_story", "&Stories", "Re&move Source from Story", (),
         "Take the document of the matrix's current column out of the story"),
    Spec("rename_story", "&Stories", "&Rename Story…", (), separator_before=True),
    Spec("delete_story", "&Stories", "&Delete Story…", (),
         "Delete a story you made (its documents stay in the library)"),

    Spec("shortcuts", "&Help", "&Keyboard Shortcuts", (SK.HelpContents, "Ctrl+/")),
    Spec("about", "&Help", "&About Reader"),
)


_PLAIN_OK = re.compile(r"^(F([1-9]|1[0-2])|Del|Esc|.)$")   # keys that need no modifier


def _sequences(keys, taken: set[str]) -> list[QKeySequence]:
    """The key sequences of a spec: its explicit ones, and the platform's bindings of its
    standard keys except dedicated media keys ("Open", "F18") and keys another command uses
    explicitly (the platform's Delete also binds Ctrl+D, which is Compare here)."""
    out: list[QKeySequence] = []
    for k in keys:
        if isinstance(k, str):
            out.append(QKeySequence(k))
            continue
        for seq in QKeySequence.keyBindings(k):
            text = seq.toString(QKeySequence.SequenceFormat.PortableText)
            plain = seq[0].keyboardModifiers() == Qt.KeyboardModifier.NoModifier
            if text in taken or (plain and not _PLAIN_OK.match(text)):
                continue
            out.append(seq)
    return [s for s in dict.fromkeys(out) if not s.isEmpty()]


class Actions:
    """The window's QActions, as attributes named like the specs (``actions.find``)."""

    def __init__(self, parent: QWidget):
        self.specs = SPECS
        self.all: dict[str, QAction] = {}
        explicit = {k for spec in SPECS for k in spec.keys if isinstance(k, str)}
        for spec in SPECS:
            action = QAction(spec.text, parent)
            seqs = _sequences(spec.keys, explicit)
            if seqs:
                action.setShortcuts(seqs)
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            if spec.tip:
                action.setStatusTip(spec.tip)
                action.setToolTip(f"{spec.text.replace('&', '').rstrip('…')}"
                                  + (f" ({seqs[0].toString(QKeySequence.SequenceFormat.NativeText)})"
                                     if seqs else ""))
            action.setCheckable(spec.checkable)
            if spec.submenu:
                action.setMenu(QMenu(parent))
            action.setObjectName(spec.name)
            parent.addAction(action)        # shortcuts work even with the menu bar hidden
            self.all[spec.name] = action
            setattr(self, spec.name, action)

    def build_menus(self, bar: QMenuBar) -> None:
        menus = {}
        for spec in self.specs:
            menu = menus.get(spec.menu)
            if menu is None:
                menu = menus[spec.menu] = bar.addMenu(spec.menu)
            if spec.separator_before:
                menu.addSeparator()
            menu.addAction(self.all[spec.name])

    def sheet(self) -> list[tuple[str, list[tuple[str, str]]]]:
        """[(menu, [(command, shortcuts)])] for the shortcut sheet."""
        out: dict[str, list[tuple[str, str]]] = {}
        for spec in self.specs:
            keys = ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText)
                             for s in self.all[spec.name].shortcuts())
            if keys:
                out.setdefault(spec.menu.replace("&", ""), []).append(
                    (spec.text.replace("&", "").rstrip("…"), keys))
        return list(out.items())
