"""Links the user corrects, with real key presses over a real library: link two passages side by
side (M, then 2 for conflicts, Enter), relabel a link in the links panel (T), reject one and
restore it from the Rejected Links list, and undo a reject (Ctrl+Z)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from reader.ui.panels.links_model import RELATION_ROLE, TARGET_ROLE
from reader.ui.reading.doc_render import format_at
from reader.ui.theme import PROP_RELATION

from tests.ui.test_ui_export import _passages, _show_links_of
from tests.ui.test_ui_highlights import activate, select, span_of
from tests.ui.uihelpers import SEED_000, SEED_003

CTRL = Qt.KeyboardModifier.ControlModifier
MINE_0 = "The human toll of Russia’s war in Ukraine"      # no engine link joins these
MINE_3 = "Reuters investigation"


def _relation_at(view, offset: int) -> str | None:
    return format_at(view.document(), view.omap.to_doc(offset)).property(PROP_RELATION)


def _targets(panel) -> dict:
    return {p.data(TARGET_ROLE): p for p in _passages(panel.model)}


def _compare(qtbot, window):
    qtbot.waitActive(window)
    window.nav.open_document(SEED_000)
    window.library_panel.select_ids([SEED_003])
    qtbot.keyClick(window.reading.view, Qt.Key.Key_D, CTRL)
    assert window.compare.doc_ids() == (SEED_000, SEED_003)
    return window.compare


def test_select_a_passage_on_each_side_press_m_choose_conflicts_and_enter(qtbot, window,
                                                                          library):
    compare = _compare(qtbot, window)
    s0, e0 = span_of(library, SEED_000, MINE_0)
    s3, e3 = span_of(library, SEED_003, MINE_3)
    assert _relation_at(compare.left, s0) is None                 # not linked before
    select(compare.right, s3 - 1, e3 - 2)        # a space before, a word cut: grown to words
    compare.left.scroll_to_offset(s0, 0.3)
    select(compare.left, s0, e0)
    compare.left.setFocus()
    qtbot.keyClick(compare.left, Qt.Key.Key_M)
    dialog = window.links.link_dialog
    assert dialog.isVisible() and dialog.relation() == "agrees"
    shown = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert MINE_0 in shown and f"“{MINE_3}”" in shown          # the selections, whole words
    focused = dialog.focusWidget()
    qtbot.keyClick(focused, Qt.Key.Key_2)
    assert dialog.relation() == "conflicts"
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
    assert not dialog.isVisible()
    activate(qtbot, window)

    qtbot.waitUntil(lambda: library.corrections.made.list() != [], timeout=3000)
    (made,) = library.corrections.made.list()
    assert (made.a.doc_id, made.a.start, made.a.end) == (SEED_000, s0, e0)
    assert (made.b.doc_id, made.b.start, made.b.end, made.relation) == (SEED_003, s3, e3,
                                                                        "conflicts")
    # drawn in both documents, and in the links panel with the link selected
    qtbot.waitUntil(lambda: _relation_at(compare.left, s0) == "conflicts", timeout=3000)
    assert _relation_at(compare.right, s3) == "conflicts"
    assert window.center.currentWidget() is compare
    panel = window.links_panel
    qtbot.waitUntil(lambda: panel.claim == (SEED_000, s0, e0), timeout=3000)
    assert panel.isVisible()
    passage = _targets(panel)[(SEED_003, s3, e3)]
    assert passage.data(RELATION_ROLE) == "conflicts" and "made by you" in passage.data()
    assert panel.current_passage() == (SEED_003, s3, e3)
    # N steps onto it like onto any linked claim (the Go menu)
    claim = compare.left.links.find(s0, e0)
    assert claim is not None and claim.links[0].by == "user"


def test_m_outside_the_comparison_or_without_two_selections_says_what_to_do(qtbot, window):
    qtbot.waitActive(window)
    window.nav.open_document(SEED_000)
    qtbot.keyClick(window.reading.view, Qt.Key.Key_M)
    assert "Compare two documents side by side" in window.statusBar().currentMessage()
    compare = _compare(qtbot, window)
    compare.left.setFocus()
    qtbot.keyClick(compare.left, Qt.Key.Key_M)
    assert "Select a passage in each document" in window.statusBar().currentMessage()
    assert window.links.link_dialog is None


def test_t_relabels_the_selected_link_and_it_stays_relabelled(qtbot, window, library):
    qtbot.waitActive(window)
    claim, passage = _show_links_of(window, library, "1,500")
    panel = window.links_panel
    target = passage.data(TARGET_ROLE)
    assert passage.data(RELATION_ROLE) == "conflicts"
    panel.tree.setFocus()
    panel.tree.setCurrentIndex(passage)
    qtbot.keyClick(panel.tree, Qt.Key.Key_T)
    dialog = window.links.link_dialog
    assert dialog.isVisible() and dialog.relation() == "conflicts"
    assert not dialog.note_edit.isVisible()                       # the engine's link: no note
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_3)
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
    activate(qtbot, window)

    def shown():
        return [r for r in library.links([SEED_000]) if {r.a, r.b} == {
            (SEED_000, claim.start, claim.end), target}]
    qtbot.waitUntil(lambda: shown()[0].relation == "related", timeout=3000)
    assert shown()[0].relabelled == "conflicts"
    qtbot.waitUntil(lambda: _targets(panel)[target].data(RELATION_ROLE) == "related",
                    timeout=3000)
    assert "relabelled by you (Reader: Conflicts)" in _targets(panel)[target].data()
    view = window.reading.view
    assert [x.relation for x in view.links.find(claim.start, claim.end).links
            if (x.doc_id, x.start, x.end) == target] == ["related"]


def test_reject_then_restore_from_the_rejected_list_by_keyboard(qtbot, window, library):
    qtbot.waitActive(window)
    claim, passage = _show_links_of(window, library, "1,500")
    panel = window.links_panel
    target = passage.data(TARGET_ROLE)
    panel.tree.setFocus()
    panel.tree.setCurrentIndex(passage)
    before = len(library.links([SEED_000]))
    qtbot.keyClick(panel.tree, Qt.Key.Key_R)
    qtbot.waitUntil(lambda: len(library.links([SEED_000])) == before - 1, timeout=3000)
    qtbot.waitUntil(lambda: target not in _targets(panel), timeout=3000)

    window.commands.rejected_links.trigger()                # Highlights → Rejected Links…
    dialog = window.links.rejected_dialog
    assert dialog.isVisible() and dialog.focusWidget() is dialog.list
    assert dialog.list.count() == 1
    text = dialog.list.item(0).text()
    quote = library.get(SEED_003).text[target[1]:target[2]]
    assert text.startswith("Conflicts, rejected") and quote[:60] in " ".join(text.split())
    qtbot.keyClick(dialog.list, Qt.Key.Key_Return)                # Restore
    assert dialog.list.count() == 0
    qtbot.waitUntil(lambda: len(library.links([SEED_000])) == before, timeout=3000)
    assert library.rejected_links() == []
    qtbot.waitUntil(lambda: target in _targets(panel), timeout=3000)
    qtbot.keyClick(dialog.list, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_ctrl_z_undoes_the_last_reject(qtbot, window, library):
    qtbot.waitActive(window)
    claim, passage = _show_links_of(window, library, "1,500")
    panel = window.links_panel
    target = passage.data(TARGET_ROLE)
    assert not window.commands.undo_reject.isEnabled()
    panel.tree.setFocus()
    panel.tree.setCurrentIndex(passage)
    before = library.links([SEED_000])
    qtbot.keyClick(panel.tree, Qt.Key.Key_R)
    qtbot.waitUntil(lambda: target not in _targets(panel), timeout=3000)
    assert len(library.links([SEED_000])) == len(before) - 1
    assert window.commands.undo_reject.isEnabled()
    panel.tree.setFocus()
    qtbot.keyClick(panel.tree, Qt.Key.Key_Z, CTRL)
    qtbot.waitUntil(lambda: library.links([SEED_000]) == before, timeout=3000)
    qtbot.waitUntil(lambda: panel.current_passage() == target, timeout=3000)   # shown again
    assert panel.claim == (SEED_000, claim.start, claim.end)
    assert not window.commands.undo_reject.isEnabled()


def test_t_then_4_relabels_a_link_as_an_update(qtbot, window, library):
    """Issue 16: the user can say a later figure replaces an earlier one (key 4: updates)."""
    qtbot.waitActive(window)
    claim, passage = _show_links_of(window, library, "1,500")
    panel = window.links_panel
    target = passage.data(TARGET_ROLE)
    panel.tree.setFocus()
    panel.tree.setCurrentIndex(passage)
    qtbot.keyClick(panel.tree, Qt.Key.Key_T)
    dialog = window.links.link_dialog
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_4)
    assert dialog.relation() == "updates"
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return)
    activate(qtbot, window)
    qtbot.waitUntil(lambda: [r.relation for r in library.links([SEED_000]) if {r.a, r.b} == {
        (SEED_000, claim.start, claim.end), target}] == ["updates"], timeout=3000)
