"""Linked claims: the tooltip, the links panel, following a conflict link to the other source
and coming back; the overview and its summary; the compare view."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor

from reader.ui.panels.links_model import RELATION_ROLE, TARGET_ROLE
from reader.ui.panels.search_model import HIT_ROLE
from reader.ui.reading.linkindex import describe

from tests.ui.uihelpers import SEED_000, SEED_002, SEED_003


def _point_of(view, offset: int) -> QPoint:
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.omap.to_doc(offset))
    return view.cursorRect(cursor).center() + QPoint(2, 0)


def test_conflict_link_on_1500_opens_14000_in_seed_003_and_back_returns(qtbot, window, library):
    qtbot.waitActive(window)
    window.nav.open_document(SEED_000)
    view = window.reading.view
    text000 = library.get(SEED_000).text
    offset = text000.index("1,500")
    claim = view.links.at(offset)
    assert claim is not None and claim.relation == "conflicts"
    view.scroll_to_offset(offset, 0.3)
    with qtbot.waitSignal(view.claim_activated, timeout=2000) as activated:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=_point_of(view, offset))
    assert activated.args == [SEED_000, claim.start, claim.end]
    panel = window.links_panel
    assert panel.isVisible() and panel.claim == (SEED_000, claim.start, claim.end)
    model = panel.model
    row = next(n for n, g in enumerate(model.groups()) if g.doc_id == SEED_003)
    group = model.index(row, 0)
    passage = next(model.index(r, 0, group) for r in range(model.rowCount(group))
                   if "14,000" in model.index(r, 0, group).data())
    assert passage.data(RELATION_ROLE) == "conflicts"
    assert "1,500 vs " in passage.data() and "14,000" in passage.data()   # why, this side first
    qtbot.wait(50)                       # the panel has just been laid out
    rect = panel.tree.visualRect(passage)
    qtbot.mouseClick(panel.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())

    assert view.doc_id == SEED_003
    start, end = view.selected_span()
    text003 = library.get(SEED_003).text
    assert "14,000" in text003[start:end]
    assert (start, end) == passage.data(TARGET_ROLE)[1:]
    top, bottom = view.span_rect_y(start, end)
    assert 0 <= top < view.viewport().height()              # scrolled into view
    assert window.commands.back.isEnabled()

    qtbot.keyClick(view, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)   # Back
    assert view.doc_id == SEED_000
    top, bottom = view.span_rect_y(claim.start, claim.end)
    assert bottom > 0 and top < view.viewport().height()    # where we were
    assert window.commands.forward.isEnabled()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.ForwardButton, pos=QPoint(10, 10))
    assert view.doc_id == SEED_003
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.BackButton, pos=QPoint(10, 10))
    assert view.doc_id == SEED_000


def test_tooltip_names_the_conflicting_values_and_sources(window, library):
    window.nav.open_document(SEED_000)
    view = window.reading.view
    claim = view.links.at(library.get(SEED_000).text.index("1,500"))
    tip = describe(claim, window.library_panel.label_of)
    first = tip.splitlines()[0]
    assert first.startswith("Conflicts with 1 source: ")
    assert "14,000" in first and "(A Reuters investigation reveals the" in first
    for c in view.links.claims:
        lines = describe(c, window.library_panel.label_of).splitlines()
        verbs = [ln.split(" ", 1)[0] for ln in lines]
        expected = [v for r, v in (("conflicts", "Conflicts"), ("agrees", "Agrees"),
                                   ("related", "Related")) if c.by_relation(r)]
        assert verbs == expected


def test_overview_marks_claims_and_summary_counts_them(qtbot, window):
    window.nav.open_document(SEED_000)
    qtbot.waitUntil(lambda: len(window.reading.overview.markers())
                    == len(window.reading.view.links.claims), timeout=2000)
    markers = window.reading.overview.markers()
    assert [r for _, r in markers] == [c.relation for c in window.reading.view.links.claims]
    assert all(0 <= f <= 1 for f, _ in markers)
    assert [f for f, _ in markers] == sorted(f for f, _ in markers)
    from reader.ui.reading.linkindex import summarize, summary_line
    counts = summarize(window.reading.view.links, window.lib.store.spans(SEED_000, "claims"))
    assert counts["conflicting"] >= 2 and counts["only"] > 0
    assert summary_line(counts) in window.reading.summary.text()
    window.reading.overview.jump_requested.emit(1.0)
    bar = window.reading.view.verticalScrollBar()
    assert bar.value() == bar.maximum()


def test_compare_lines_up_the_match_on_the_other_side(qtbot, window, library):
    qtbot.waitActive(window)
    window.nav.open_document(SEED_000)
    window.library_panel.select_ids([SEED_003])
    qtbot.keyClick(window.reading.view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    compare = window.compare
    assert window.center.currentWidget() is compare
    assert compare.doc_ids() == (SEED_000, SEED_003)
    assert {l.doc_id for c in compare.left.links.claims for l in c.links} == {SEED_003}
    claim = compare.left.links.claims[-1]
    compare.left.select_claim(claim)
    link = claim.links[0]
    assert compare.right.selected_span() == (link.start, link.end)
    qtbot.waitUntil(lambda: len(compare.strip.lines()) >= 1, timeout=2000)
    qtbot.keyClick(compare.left, Qt.Key.Key_Escape)
    assert window.center.currentWidget() is window.reading


def test_links_panel_groups_passages_by_document(window):
    window.nav.open_document(SEED_000)
    claim = max(window.reading.view.links.claims, key=lambda c: len(c.documents()))
    assert len(claim.documents()) == 2                      # linked to both other seeds
    window.claims.on_claim_activated(SEED_000, claim.start, claim.end)
    model = window.links_panel.model
    assert sorted(g.doc_id for g in model.groups()) == [SEED_002, SEED_003]
    for r, group in enumerate(model.groups()):
        top = model.index(r, 0)
        assert top.data(TARGET_ROLE) is None                # a document, not a passage
        targets = [model.index(k, 0, top).data(TARGET_ROLE) for k in range(model.rowCount(top))]
        assert targets and all(t[0] == group.doc_id for t in targets)
        assert sorted(targets) == sorted((link.doc_id, link.start, link.end)
                                         for link in claim.links if link.doc_id == group.doc_id)


def test_hovering_a_linked_claim_shows_its_tooltip(qtbot, window, library):
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QApplication, QToolTip
    window.nav.open_document(SEED_000)
    view = window.reading.view
    offset = library.get(SEED_000).text.index("1,500")
    view.scroll_to_offset(offset, 0.3)
    pos = _point_of(view, offset)
    QApplication.sendEvent(view.viewport(), QHelpEvent(QEvent.Type.ToolTip, pos,
                                                       view.viewport().mapToGlobal(pos)))
    qtbot.waitUntil(QToolTip.isVisible, timeout=2000)
    assert QToolTip.text().startswith("Conflicts with 1 source: ")
    assert "14,000" in QToolTip.text().splitlines()[0]
    QToolTip.hideText()


def test_a_copy_names_the_other_outlets_and_opens_them(qtbot, library, settings, tmp_path):
    import json

    from tests.ui.uihelpers import close_window, make_window
    record = {"id": "wirecopy", "title": "Russia relies on North Korean forces",
              "source": "Wire Daily", "text": library.get(SEED_000).text}
    path = tmp_path / "copy.jsonl"
    path.write_text(json.dumps(record), encoding="utf-8")
    assert [d["id"] for d in library.import_paths([path]).run().imported] == ["wirecopy"]
    for _ in library.cross_reference():
        pass
    assert library.copies("wirecopy") == {"wirecopy": [SEED_000], SEED_000: ["wirecopy"]}
    window = make_window(qtbot, library, settings)
    try:
        window.nav.open_document(SEED_000)
        first = [(c.start, c.end, [(x.relation, x.doc_id) for x in c.links])
                 for c in window.reading.view.links.claims]
        line = window.reading.summary.text().split("<br>")[0]
        window.nav.open_document("wirecopy")
        summary = window.reading.summary
        assert "also published by" in summary.text() and "EuropeNews" in summary.text()
        # the copy shows the links the engine keeps on the first copy, on its own claims
        assert [(c.start, c.end, [(x.relation, x.doc_id) for x in c.links])
                for c in window.reading.view.links.claims] == first
        assert summary.text().split("<br>")[0] == line and "conflicting" in line
        counts = window.library_panel.model._counts
        assert counts["wirecopy"] == counts[SEED_000] != (0, 0)      # the list agrees
        summary.linkActivated.emit(SEED_000)
        assert window.reading.view.doc_id == SEED_000
        assert "Wire Daily" in summary.text()
    finally:
        close_window(window)


def test_links_panel_follows_the_compare_view_and_leaves_with_it(qtbot, window, library):
    """Fix 1: the panel never shows a claim of a document that is not on screen."""
    qtbot.waitActive(window)
    window.nav.open_document(SEED_002)
    view = window.reading.view
    claim = view.links.claims[0]
    window.claims.on_claim_activated(SEED_002, claim.start, claim.end)
    assert window.links_panel.claim[0] == SEED_002
    window.library_panel.select_ids([SEED_000, SEED_003])
    qtbot.keyClick(view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    compare = window.compare
    assert compare.doc_ids() == (SEED_000, SEED_003)
    assert window.links_panel.claim is None or window.links_panel.claim[0] in compare.doc_ids()
    compare.right.setFocus()
    qtbot.keyClick(compare.right, Qt.Key.Key_N)              # next linked claim, right side
    right = compare.right.current_claim()
    assert right is not None
    assert window.links_panel.claim == (SEED_003, right.start, right.end)
    qtbot.keyClick(compare.right, Qt.Key.Key_Escape)        # back to the one document
    assert window.center.currentWidget() is window.reading
    assert window.links_panel.claim is None or window.links_panel.claim[0] == SEED_002


def test_search_list_lets_go_of_a_result_once_a_link_leads_elsewhere(qtbot, window, library):
    """Fix 1: after following a link, the old search result no longer looks open."""
    qtbot.waitActive(window)
    panel = window.search_panel
    qtbot.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(window.search_box, "Pyongyang")
    qtbot.waitUntil(lambda: panel.model.rowCount() >= 1 and not panel.busy(), timeout=5000)
    ids = [panel.model.index(r).data(HIT_ROLE).id for r in range(panel.model.rowCount())]
    first = ids[0]
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    assert window.reading.view.doc_id == first
    assert panel.list.currentIndex().row() == 0
    other = next(d for d in (SEED_000, SEED_002, SEED_003) if d not in ids)
    window.claims.on_passage_activated(other, 0, 5)          # a link leads out of the results
    assert window.reading.view.doc_id == other
    assert not panel.list.currentIndex().isValid()
    assert not panel.list.selectionModel().selectedIndexes()
    window.claims.on_passage_activated(first, 0, 5)          # and back into them
    assert panel.list.currentIndex().row() == 0
