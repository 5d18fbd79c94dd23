"""The main window's slots for the user's highlights: highlight the selection (H, or 1–5 for a
colour), edit a note (E), remove (Shift+Del), the highlights panel, colour labels, verdicts on
links, copy with citation, export and annotation import. MainWindow creates them and wires
them in ``_connect_signals``; the writes run in HighlightTasks, on the queue of quick jobs."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, QStandardPaths, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QStackedWidget, QWidget

from ...core.errors import ReaderError
from ...core.export import quote_with_citation
from ...core.highlights import COLORS, DEFAULT_COLOR
from ..dialogs.colour_labels import ColourLabels
from ..dialogs.export_dialog import ExportDialog
from ..dialogs.highlight_editor import HighlightEditor
from ..reading.linkindex import LinkIndex


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """A selection without the spaces at its ends, and grown to whole words (a drag that
    starts or ends inside a word takes the word)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    while 0 < start < end and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while start < end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
        end += 1
    return start, end


class HighlightSlots(QObject):
    def __init__(self, library, highlight_tasks, read_queue, *, nav, reading,
                 sidebar: QStackedWidget, highlights_panel, library_panel, links_panel, commands,
                 state, say: Callable[[str], None], window: QWidget):
        super().__init__(window)
        self.state = state                      # WindowState: the export's last choices
        self.lib = library
        self.highlight_tasks = highlight_tasks
        self.read_queue = read_queue            # the export dialog reads on it
        self.nav = nav                          # the Navigator: what is open, opening
        self.view = reading.view                # the open document (in the reading pane)
        self.sidebar = sidebar
        self.highlights_panel = highlights_panel
        self.library_panel = library_panel
        self.links_panel = links_panel
        self.commands = commands
        self._say = say
        self._window = window                   # the dialogs open over it
        self.hl_color = DEFAULT_COLOR           # the colour H uses: the last one chosen
        self.highlight_editor = None            # the open dialogs (tests reach them here)
        self.labels_dialog = None
        self.export_dialog = None

    # -- highlighting the selection -------------------------------------------------------------
    def on_highlight(self) -> None:
        self._highlight_with(self.hl_color)

    def on_color_1(self) -> None:
        self._highlight_with(COLORS[0])

    def on_color_2(self) -> None:
        self._highlight_with(COLORS[1])

    def on_color_3(self) -> None:
        self._highlight_with(COLORS[2])

    def on_color_4(self) -> None:
        self._highlight_with(COLORS[3])

    def on_color_5(self) -> None:
        self._highlight_with(COLORS[4])

    def _highlight_with(self, color: str) -> None:
        view = self.view
        if view.doc_id is None or not self.nav.reading_shown():
            self._say("Open a document, select a passage, then press H.")
            return
        span = view.selected_span()
        text = view.omap.text
        if span is not None and text[span[0]:span[1]].strip():
            start, end = snap_to_words(text, *span)
            self.hl_color = color
            self.highlight_tasks.add(view.doc_id, start, end, color)
            return
        h = self._highlight_under_cursor()
        if h is not None and h.color != color:
            self.hl_color = color
            self.highlight_tasks.update(h.id, h.doc_id, color=color)
        elif h is None:
            self._say("Select some text first, then press H (or 1–5 for a colour).")

    def _highlight_under_cursor(self):
        view = self.view
        if view.doc_id is None or not self.nav.reading_shown():
            return None
        span = view.selected_span()
        if span is None:
            at = view.omap.to_text(view.textCursor().position())
            span = None if at is None else (at, at)
        return view.marks.find(*span) if span is not None else None

    def _chosen_highlights(self) -> list:
        """The highlights selected in the panel while it has the focus, else the one under the
        document's cursor."""
        panel = self.highlights_panel
        if panel.isVisible() and panel.list.hasFocus():
            return panel.selected_highlights()
        h = self._highlight_under_cursor()
        return [h] if h is not None else []

    def on_highlight_added(self, h) -> None:
        if h.doc_id == self.view.doc_id and self.view.selected_span() is not None:
            self.view.place_caret(h.start)        # the colour shows; E and Shift+Del act on it
        label = self.lib.highlights.labels().get(h.color, h.color)
        what = "Pinned the link as a highlight" if h.link is not None else "Highlighted"
        self._say(f"{what} ({label}). E adds a note and tags, Shift+Del removes it.")
        self.highlights_panel.select(h.id)

    def on_highlights_changed(self, ids: list) -> None:
        doc_id = self.view.doc_id
        if doc_id is not None and (not ids or doc_id in ids):
            self.view.redraw_marks(self.nav.marks_of(doc_id))
        self.highlights_panel.refresh_later()

    # -- editing and removing -------------------------------------------------------------------
    def on_edit_highlight(self) -> None:
        chosen = self._chosen_highlights()
        if chosen:
            self.on_edit_requested(chosen[0])
        else:
            self._say("Put the cursor in a highlight (or select one in the highlights "
                            "panel, Ctrl+4), then press E.")

    def on_edit_requested(self, h) -> None:
        hl = self.lib.highlights
        dialog = HighlightEditor(h, hl.labels(), hl.tags(), self.nav.title_of(h.doc_id),
                                 self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._save_edit(dialog))
        dialog.finished.connect(self._window.activateWindow)   # back to the reading, keys too
        self.highlight_editor = dialog
        dialog.open()

    def _save_edit(self, dialog: HighlightEditor) -> None:
        color, note, tags = dialog.values()
        h = dialog.highlight
        self.highlight_tasks.update(h.id, h.doc_id, color=color, note=note, tags=tags)

    def on_remove_highlight(self) -> None:
        chosen = self._chosen_highlights()
        if chosen:
            self.on_remove_requested(chosen)
        else:
            self._say("Put the cursor in a highlight (or select some in the highlights "
                            "panel, Ctrl+4) to remove it.")

    def on_remove_requested(self, highlights: list) -> None:
        noted = [h for h in highlights if h.note]
        if noted:
            n = len(highlights)
            answer = QMessageBox.question(
                self._window, "Remove Highlights",
                f"Remove {n} highlight{'s' if n != 1 else ''}? {len(noted)} of them "
                f"{'have notes' if len(noted) != 1 else 'has a note'}, which will be lost.")
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.highlight_tasks.remove([h.id for h in highlights], [h.doc_id for h in highlights])

    # -- the panel ------------------------------------------------------------------------------
    def on_show_highlights(self) -> None:
        """Show the highlights in the sidebar and go there; pressed again from within them
        (the toolbar button is down), back to the library."""
        panel = self.highlights_panel
        focus = self._window.focusWidget()
        inside = focus is not None and (focus is panel or panel.isAncestorOf(focus))
        if self.sidebar.currentWidget() is panel and inside:
            self.sidebar.setCurrentWidget(self.library_panel)
            self.library_panel.focus_list()
        else:
            self.sidebar.setCurrentWidget(panel)
            panel.refresh_later()
            panel.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.on_sidebar_changed(self.sidebar.currentIndex())   # a click toggled the button

    def on_sidebar_changed(self, _index: int) -> None:
        """The Highlights button looks pressed while the sidebar shows them."""
        self.commands.show_highlights.setChecked(
            self.sidebar.currentWidget() is self.highlights_panel)

    def on_highlight_activated(self, h) -> None:
        if h.orphaned:
            if self.nav.open_document(h.doc_id, offset=h.start):
                self._say("This highlight is orphaned: its text is no longer in the "
                                "document (it was about here).")
        elif self.nav.open_document(h.doc_id, select=(h.start, h.end)):
            self._say(f"{self.nav.title_of(h.doc_id)} — Back (Alt+Left) returns.")

    def on_colour_labels(self) -> None:
        dialog = ColourLabels(self.lib.highlights.labels(), self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.highlight_tasks.set_labels(dialog.changed()))
        dialog.finished.connect(self._window.activateWindow)
        self.labels_dialog = dialog
        dialog.open()

    def on_labels_changed(self) -> None:
        self.update_colour_actions()
        self.highlights_panel.on_labels_changed()
        self.on_highlights_changed([])

    def update_colour_actions(self) -> None:
        for n, (color, label) in enumerate(self.lib.highlights.labels().items(), 1):
            self.commands.all[f"color_{n}"].setText(f"Highlight in {color.title()}: {label}")

    # -- cross-references -----------------------------------------------------------------------
    def on_link_action(self, action: str, target: tuple) -> None:
        claim = self.links_panel.claim
        row = None
        if claim is not None:
            ends = {tuple(claim), tuple(target)}
            row = next((r for r in self.lib.links_shown(claim[0])
                        if {tuple(r[0:3]), tuple(r[3:6])} == ends), None)
        if row is None:
            self._say("This link is no longer in the library.")
        elif action == "pin":
            self.highlight_tasks.pin(row, claim[0], self.hl_color)
        else:
            self.highlight_tasks.decide(row, action)

    def on_link_verdict_saved(self, ids: list) -> None:
        self.nav.on_links_changed(ids)
        claim = self.links_panel.claim
        if claim is not None:
            found = LinkIndex(claim[0], self.lib.links_shown(claim[0])).find(claim[1], claim[2])
            if found is None:
                self.links_panel.clear()
            else:
                self.links_panel.show_claim(claim[0], found, self.library_panel.label_of,
                                            self.nav.title_of)

    # -- copy, export, import -------------------------------------------------------------------
    def on_copy_citation(self) -> None:
        view = self.nav.active_view()
        span = view.selected_span() if view.doc_id else None
        if span is None or span[0] == span[1]:
            h = self._highlight_under_cursor() if view is self.view else None
            span = (h.start, h.end) if h is not None else None
        if span is None:
            self._say("Select a passage first, then copy it with its citation.")
            return
        try:
            text = quote_with_citation(self.lib.get(view.doc_id), *span)
        except ReaderError as exc:
            self._say(str(exc))
            return
        QGuiApplication.clipboard().setText(text)
        self._say("Copied the passage with its citation (Markdown).")

    def on_export(self) -> None:
        doc_id = self.view.doc_id if self.nav.reading_shown() else None
        folder = Path(QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation) or Path.home())
        if not folder.is_dir():             # no Documents folder on this system
            folder = Path.home()
        dialog = ExportDialog(self.lib, self.read_queue,
                              current=(doc_id, self.nav.title_of(doc_id)) if doc_id else None,
                              selected=self.library_panel.selected_ids(), folder=folder,
                              remembered=self.state.export_choices(), parent=self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.exported.connect(lambda path: self._say(f"Exported to {path}."))
        dialog.chosen.connect(self.state.save_export_choices)
        dialog.finished.connect(self._window.activateWindow)
        self.export_dialog = dialog
        dialog.open()

    def on_import_annotations(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self._window, "Import Annotations", str(Path.home()),
            "Web Annotations (*.json *.jsonld);;All files (*)")
        if name:
            self.highlight_tasks.import_file(name)
