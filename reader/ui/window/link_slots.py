"""The window's slots for the user's corrections to the links: link the two passages selected
side by side (M, in the comparison), relabel the link selected in the links panel (T there),
undo the last reject (Ctrl+Z), and the list of rejected links to restore from. MainWindow
creates them and wires them in ``_connect_signals``; the writes run in HighlightTasks, on the
queue of quick jobs."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QWidget

from ..dialogs.link_dialog import LinkDialog
from ..dialogs.rejected_links import RejectedLinks
from ..panels.links_model import TARGET_ROLE
from .highlight_slots import snap_to_words


class LinkSlots(QObject):
    def __init__(self, library, highlight_tasks, *, nav, compare, links_panel, claims,
                 commands, say: Callable[[str], None], window: QWidget):
        super().__init__(window)
        self.lib = library
        self.highlight_tasks = highlight_tasks
        self.nav = nav                          # the Navigator: what the centre shows
        self.compare = compare                  # the side-by-side view, where links are made
        self.links_panel = links_panel
        self.claims = claims                    # ClaimSlots: the links panel on a claim
        self.commands = commands
        self._say = say
        self._window = window                   # the dialogs open over it
        self._rejected: list = []               # this session's rejects, the last one last
        self.link_dialog = None                 # the open dialogs (tests reach them here)
        self.rejected_dialog = None
        commands.undo_reject.setEnabled(False)

    # -- a link made by hand --------------------------------------------------------------------
    def on_make_link(self) -> None:
        if self.nav.center.currentWidget() is not self.compare:
            self._say("Compare two documents side by side (Ctrl+D), select a passage in each, "
                      "then press M to link them.")
            return
        ends = []
        for view in (self.compare.left, self.compare.right):
            span, text = view.selected_span(), view.omap.text
            if view.doc_id is None or span is None or not text[span[0]:span[1]].strip():
                self._say("Select a passage in each document (drag, or Shift+arrows), then "
                          "press M to link them.")
                return
            ends.append((view.doc_id, *snap_to_words(text, *span)))
        texts = (self.compare.left.omap.text, self.compare.right.omap.text)
        passages = [(self.nav.title_of(d), t[s:e]) for (d, s, e), t in zip(ends, texts)]
        dialog = LinkDialog("Link the Passages", passages, "agrees", parent=self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._save_made(dialog, *ends))
        dialog.finished.connect(self._window.activateWindow)
        self.link_dialog = dialog
        dialog.open()

    def _save_made(self, dialog: LinkDialog, a: tuple, b: tuple) -> None:
        job = self.highlight_tasks.make_link(a, b, dialog.relation(), dialog.note())
        job.signals.finished.connect(lambda made: self._show_link(a, b))

    def _show_link(self, here: tuple, there: tuple) -> None:
        """The links panel on passage ``here``, the link to ``there`` selected."""
        self.claims.on_claim_activated(*here)
        panel, model = self.links_panel, self.links_panel.model
        for g in range(model.rowCount()):
            group = model.index(g, 0)
            for r in range(model.rowCount(group)):
                index = model.index(r, 0, group)
                if index.data(TARGET_ROLE) == there:
                    panel.tree.setCurrentIndex(index)

    # -- the links panel ------------------------------------------------------------------------
    def _row(self, target: tuple):
        """The link shown in the links panel between its claim and ``target``, or None."""
        claim = self.links_panel.claim
        if claim is None:
            return None
        ends = {tuple(claim), tuple(target)}
        return next((r for r in self.lib.links_shown(claim[0]) if {r.a, r.b} == ends), None)

    def on_relabel_requested(self, target: tuple) -> None:
        row = self._row(target)
        if row is None:
            self._say("This link is no longer in the library.")
            return
        texts = {d: self.lib.get(d).text for d in (row.a_doc, row.b_doc)}
        passages = [(self.nav.title_of(d), texts[d][s:e]) for d, s, e in (row.a, row.b)]
        mine = row.by == "user"
        dialog = LinkDialog("Relabel the Link", passages, row.relation, note=row.note,
                            with_note=mine, parent=self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.highlight_tasks.relabel(
            row, dialog.relation(), dialog.note() if mine else None))
        dialog.finished.connect(self._window.activateWindow)
        self.link_dialog = dialog
        dialog.open()

    def on_link_action(self, action: str, target: tuple) -> None:
        """A verdict given in the links panel: a reject is kept for Ctrl+Z, with the claim
        it was seen from."""
        row = self._row(target) if action == "rejected" else None
        if row is not None:
            self._rejected.append((row, self.links_panel.claim, tuple(target)))
            self.commands.undo_reject.setEnabled(True)

    def on_undo_reject(self) -> None:
        while self._rejected:
            row, here, there = self._rejected.pop()
            if self.lib.highlights.decision(row) == "rejected":     # not restored meanwhile
                job = self.highlight_tasks.decide(row, None)
                job.signals.finished.connect(lambda _: self._undone(here, there))
                break
        else:
            self._say("No reject to undo.")
        self.commands.undo_reject.setEnabled(bool(self._rejected))

    def _undone(self, here: tuple, there: tuple) -> None:
        self._show_link(here, there)
        self._say("Reject undone: the link is shown again.")

    # -- the rejected links ---------------------------------------------------------------------
    def on_rejected_links(self) -> None:
        dialog = RejectedLinks(self.lib.rejected_links(), self.nav.title_of, self._window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.restore_requested.connect(lambda link: self.highlight_tasks.restore(
            link.a_doc, link.a_quote, link.b_doc, link.b_quote))
        dialog.finished.connect(self._window.activateWindow)
        self.rejected_dialog = dialog
        dialog.open()
