"""Verdicts on links from the links panel (pin as highlight, accept, reject) and the export
dialog (Ctrl+E): a file whose content is checked, never overwritten without confirmation."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from reader.core.export import citation
from reader.ui.panels.library_model import CONFLICTS
from reader.ui.panels.links_model import TARGET_ROLE

from tests.ui.test_ui_highlights import activate, answer, open_focused, select, span_of
from tests.ui.uihelpers import SEED_000, SEED_003

CTRL = Qt.KeyboardModifier.ControlModifier


def _show_links_of(window, library, needle: str):
    """Open seed 000 with the links panel on the claim holding ``needle``; returns the tree
    index of its first passage in seed 003."""
    window.nav.open_document(SEED_000)
    claim = window.reading.view.links.at(library.get(SEED_000).text.index(needle))
    window.claims.on_claim_activated(SEED_000, claim.start, claim.end)
    model = window.links_panel.model
    group = next(model.index(n, 0) for n, g in enumerate(model.groups()) if g.doc_id == SEED_003)
    return claim, model.index(0, 0, group)


def test_pin_then_reject_a_link_from_the_links_panel(qtbot, window, library):
    qtbot.waitActive(window)
    claim, passage = _show_links_of(window, library, "1,500")
    panel = window.links_panel
    tree = panel.tree
    tree.setFocus()
    tree.setCurrentIndex(passage)
    target = passage.data(TARGET_ROLE)
    before = len(library.links([SEED_000]))

    qtbot.keyClick(tree, Qt.Key.Key_P)                        # pin as a highlight
    qtbot.waitUntil(lambda: len(window.reading.view.marks) == 1, timeout=3000)
    (h,) = library.highlights.list([SEED_000])
    assert (h.start, h.end) == (claim.start, claim.end)
    assert h.link is not None and (h.link.doc_id, h.link.start, h.link.end) == target
    assert h.link.relation == "conflicts"

    assert panel.action_buttons["rejected"].isEnabled()
    panel.action_buttons["rejected"].click()                  # the Reject button
    qtbot.waitUntil(lambda: len(library.links([SEED_000])) == before - 1, timeout=3000)
    qtbot.waitUntil(lambda: all(
        p.data(TARGET_ROLE) != target for p in _passages(panel.model)), timeout=3000)
    still = window.reading.view.links.find(claim.start, claim.end)    # gone from the document too
    assert still is None or target not in [(l.doc_id, l.start, l.end) for l in still.links]
    counts = window.library_panel.model
    qtbot.waitUntil(lambda: counts.index(counts.row_of(SEED_000), CONFLICTS).data() == str(
        sum(r[6] == "conflicts" for r in library.links([SEED_000]))), timeout=3000)
    assert len(window.reading.view.marks) == 1                        # the pinned highlight stays


def _passages(model):
    out = []
    for g in range(model.rowCount()):
        group = model.index(g, 0)
        out += [model.index(r, 0, group) for r in range(model.rowCount(group))]
    return out


def test_accept_keeps_the_link_and_records_the_verdict(qtbot, window, library):
    qtbot.waitActive(window)
    _claim, passage = _show_links_of(window, library, "1,500")
    window.links_panel.tree.setCurrentIndex(passage)
    row = next(r for r in library.links([SEED_000])
               if tuple(r[3:6]) == passage.data(TARGET_ROLE))
    qtbot.keyClick(window.links_panel.tree, Qt.Key.Key_A)
    qtbot.waitUntil(lambda: library.highlights.decision(row) == "accepted", timeout=3000)
    assert row in library.links([SEED_000])


def test_ctrl_e_exports_a_cited_file_and_asks_before_replacing_it(qtbot, window, library,
                                                                 tmp_path, monkeypatch):
    view = open_focused(qtbot, window, SEED_003)
    start, end = span_of(library, SEED_003, "14,000")
    select(view, start, end)
    qtbot.keyClick(view, Qt.Key.Key_H)
    qtbot.waitUntil(lambda: len(library.highlights.list()) == 1, timeout=3000)

    qtbot.keyClick(view, Qt.Key.Key_E, CTRL)
    dialog = window.highlights.export_dialog
    assert dialog.isVisible()
    dialog.set_choice(scope="document", kind="user", fmt="md")
    qtbot.waitUntil(lambda: "> 14,000" in dialog.preview_text(), timeout=3000)
    out = tmp_path / "report.md"
    dialog.set_path(out)
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).autoDefault()
    with qtbot.waitSignal(dialog.exported, timeout=3000):   # Enter exports
        qtbot.keyClick(dialog.scope_box, Qt.Key.Key_Return)
    text = out.read_text(encoding="utf-8")
    doc = library.get(SEED_003)
    assert "> 14,000" in text
    assert citation(doc).split(" — ")[0][:40] in text
    assert f"characters {start}–{end}" in text
    assert "key claim" in text
    assert not dialog.isVisible()

    activate(qtbot, window)
    qtbot.keyClick(view, Qt.Key.Key_E, CTRL)                  # again, onto the same file
    dialog = window.highlights.export_dialog
    dialog.set_choice(scope="library", kind="conflicts", fmt="md")
    dialog.set_path(out)
    asked = answer(monkeypatch, QMessageBox.StandardButton.No)
    dialog.accept()
    assert asked and "report.md" in asked[0]
    assert dialog.isVisible() and "Not written" in dialog.status.text()
    assert out.read_text(encoding="utf-8") == text           # untouched

    answer(monkeypatch, QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(dialog.exported, timeout=3000):
        dialog.accept()
    replaced = out.read_text(encoding="utf-8")
    assert "CONFLICTS" in replaced and replaced != text


def test_export_errors_are_shown_in_the_dialog(qtbot, window, tmp_path):
    window.highlights.on_export()
    dialog = window.highlights.export_dialog
    dialog.set_choice(kind="all", fmt="csv")
    dialog.set_path(tmp_path / "no such folder" / "out.csv")
    dialog.accept()
    qtbot.waitUntil(lambda: "Could not export" in dialog.status.text(), timeout=3000)
    assert dialog.isVisible() and dialog.export_button.isEnabled()
    dialog.reject()


def test_default_file_name_is_cut_at_a_word_and_never_ends_on_a_small_word():
    from reader.ui.dialogs.export_dialog import slug
    assert slug("Russia Relies on North Korean Forces and Foreign Labor for Ukraine War") == \
        "russia-relies-on-north-korean-forces"
    assert slug("Short title") == "short-title"
    assert slug("«»") == "reader"


def test_counts_read_as_words_one_document_not_one_documents(qtbot, library, tmp_path):
    from reader.ui.dialogs.export_dialog import ExportDialog
    from reader.ui.wording import count
    from reader.ui.work.worker import JobQueue

    assert count(1, "document") == "1 document"
    assert count(2092, "document") == "2,092 documents"
    assert count(0, "highlight") == "0 highlights"
    one = library.documents()[0].id
    queue = JobQueue(threads=1)
    dialog = ExportDialog(library, queue, current=None, selected=[one], folder=tmp_path)
    qtbot.addWidget(dialog)
    texts = [dialog.scope_box.itemText(i) for i in range(dialog.scope_box.count())]
    assert "The 1 document selected in the library" in texts
    queue.shutdown()


def test_the_html_preview_is_rendered_as_the_page_and_stays_inert(qtbot, window, tmp_path):
    """Fix 7: the HTML preview shows the page, not its source; nothing is fetched from it."""
    window.highlights.on_export()
    dialog = window.highlights.export_dialog
    dialog.set_choice(scope="library", kind="conflicts", fmt="html")
    qtbot.waitUntil(lambda: "<html" in dialog.preview_text().lower(), timeout=3000)
    assert dialog.previews.currentWidget() is dialog.page
    shown = dialog.page.toPlainText()
    assert "<html" not in shown.lower() and "</" not in shown
    assert "14,000" in shown                                 # the conflicting passage, as text
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QTextDocument
    assert dialog.page.loadResource(QTextDocument.ResourceType.ImageResource.value,
                                    QUrl("http://example.com/x.png")) is None
    dialog.set_choice(fmt="md")                              # back to text: the source
    qtbot.waitUntil(lambda: dialog.preview_text().startswith("#"), timeout=3000)
    assert dialog.previews.currentWidget() is dialog.preview
    dialog.reject()


def test_the_export_dialog_offers_the_last_choices_again(qtbot, window, tmp_path):
    """Fix 7: what, which format and where are remembered (across windows, in the settings)."""
    window.highlights.on_export()
    dialog = window.highlights.export_dialog
    assert dialog.kind_box.currentData() == "all" and dialog.format_box.currentData() == "md"
    folder = tmp_path / "exports"
    folder.mkdir()
    dialog.set_choice(scope="library", kind="conflicts", fmt="csv")
    dialog.set_path(folder / "conflicts.csv")
    with qtbot.waitSignal(dialog.exported, timeout=3000):
        qtbot.keyClick(dialog.scope_box, Qt.Key.Key_Return)
    window.highlights.on_export()
    again = window.highlights.export_dialog
    assert again is not dialog
    assert again.scope_box.currentData() == "library"
    assert again.kind_box.currentData() == "conflicts"
    assert again.format_box.currentData() == "csv"
    assert Path(again.path_edit.text()).parent == folder
    assert again.path_edit.text().endswith(".csv")
    assert window.state.export_choices()["format"] == "csv"
    again.reject()
