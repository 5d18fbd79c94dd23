"""The window's slots for linked claims and their links: stepping through the linked (N, P)
or conflicting (C, Shift+C) claims of the document in view, opening a claim's links (L, a
click, or a selection while the links panel is open), following a link to its passage, and
showing or hiding the links panel. MainWindow creates them and wires them in
``_connect_signals``."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QObject, Qt

from ..reading.linkindex import LinkIndex


class ClaimSlots(QObject):
    def __init__(self, library, *, nav, links_panel, library_panel, commands,
                 say: Callable[[str], None], parent: QObject | None = None):
        super().__init__(parent)
        self.lib = library
        self.nav = nav                          # the Navigator: the view in use, opening
        self.links_panel = links_panel
        self.library_panel = library_panel
        self.commands = commands
        self._say = say

    def _step(self, direction: int, relation: str | None) -> None:
        view = self.nav.active_view()
        if view.doc_id is None:
            self._say("Open a document first.")
        elif view.step_claim(direction, relation) is None:
            what = "conflicting claims" if relation else "linked claims"
            self._say(f"This document has no {what}.")

    def on_next_claim(self) -> None:
        self._step(1, None)

    def on_previous_claim(self) -> None:
        self._step(-1, None)

    def on_next_conflict(self) -> None:
        self._step(1, "conflicts")

    def on_previous_conflict(self) -> None:
        self._step(-1, "conflicts")

    def on_open_links(self) -> None:
        if self.nav.active_view().activate_current():
            self.links_panel.setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self._say("No linked claim in view. N goes to the next one.")

    def on_claim_activated(self, doc_id: str, start: int, end: int) -> None:
        self._show_claim(doc_id, start, end)
        if not self.commands.toggle_links.isChecked():
            self.commands.toggle_links.setChecked(True)

    def on_claim_selected(self, doc_id: str, start: int, end: int) -> None:
        if self.links_panel.isVisible():
            self._show_claim(doc_id, start, end)

    def _show_claim(self, doc_id: str, start: int, end: int) -> None:
        claim = LinkIndex(doc_id, self.lib.links_shown(doc_id)).find(start, end)
        if claim is not None:
            self.links_panel.show_claim(doc_id, claim, self.library_panel.label_of,
                                        self.nav.title_of)

    def on_screen_changed(self) -> None:
        """The links panel follows what is on screen: a claim of a document no longer shown
        gives way to the current claim of the view in use (or to nothing)."""
        shown = self.links_panel.claim
        if shown is None or shown[0] in self.nav.docs_on_screen():
            return
        view = self.nav.active_view()
        claim = view.current_claim() if view.doc_id else None
        if claim is not None:
            self._show_claim(view.doc_id, claim.start, claim.end)
        else:
            self.links_panel.clear()

    def on_passage_activated(self, doc_id: str, start: int, end: int) -> None:
        if self.nav.open_document(doc_id, select=(start, end), keep_links=True):
            self._say(f"{self.nav.title_of(doc_id)} — Back (Alt+Left) returns.")

    def on_toggle_links(self, visible: bool) -> None:
        self.links_panel.setVisible(visible)
