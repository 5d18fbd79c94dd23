"""The item models pass Qt's model tester, and show what the library holds."""

from __future__ import annotations

from PySide6.QtCore import Qt

from reader.ui.panels.library_model import (AGREES, CONFLICTS, ID_ROLE, TITLE, LibraryModel,
                                            link_counts)
from reader.ui.panels.links_model import TARGET_ROLE, LinksModel
from reader.ui.panels.links_panel import LinksPanel
from reader.ui.panels.search_model import HIT_ROLE, SearchResultsModel
from reader.ui.reading.linkindex import LinkIndex
from reader.ui.theme import Theme

from tests.ui.uihelpers import SEED_000, SEED_002, SEED_003


def test_library_model_sorting_and_filtering_pass_the_model_tester(qtmodeltester, library):
    model = LibraryModel()
    model.set_documents(library.documents(), link_counts(library.links()))
    qtmodeltester.check(model, force_py=True)      # also watches the changes below
    model.sort(TITLE, Qt.SortOrder.AscendingOrder)
    titles = [model.index(r, TITLE).data() for r in range(model.rowCount())]
    assert titles == sorted(titles, key=str.casefold)
    model.set_filter("europenews")
    assert model.rowCount() == 1 and model.total() == 3
    assert model.index(0, 0).data(ID_ROLE) == SEED_000
    model.set_filter("")
    assert model.rowCount() == 3


def test_library_counts_agreeing_and_conflicting_links(library):
    model = LibraryModel()
    model.set_documents(library.documents(), link_counts(library.links()))
    rows = library.links([SEED_000])
    row = model.row_of(SEED_000)
    assert model.index(row, CONFLICTS).data() == str(sum(r[6] == "conflicts" for r in rows))
    assert model.index(row, AGREES).data() == str(sum(r[6] == "agrees" for r in rows))
    model.sort(CONFLICTS, Qt.SortOrder.DescendingOrder)
    assert model.index(2, 0).data(ID_ROLE) == SEED_002      # no conflicts: last


def test_sorting_keeps_the_selection(qtbot, window):
    panel = window.library_panel
    panel.select_ids([SEED_002])
    panel.table.sortByColumn(TITLE, Qt.SortOrder.DescendingOrder)
    assert panel.selected_ids() == [SEED_002]
    panel.table.sortByColumn(CONFLICTS, Qt.SortOrder.AscendingOrder)
    assert panel.selected_ids() == [SEED_002]
    assert panel.model.index(0, 0).data(ID_ROLE) == SEED_002


def test_search_results_model_passes_the_model_tester(qtmodeltester, library):
    model = SearchResultsModel(Theme.from_palette(_palette()).css())
    model.set_hits(library.search("troops", limit=10).hits)
    assert model.rowCount() == 3
    qtmodeltester.check(model, force_py=True)
    assert model.index(0).data(HIT_ROLE).id in (SEED_000, SEED_002, SEED_003)
    model.set_recent(["troops", "kursk"])
    qtmodeltester.check(model, force_py=True)


def test_links_model_passes_the_model_tester(qtbot, qtmodeltester, library):
    panel = LinksPanel(library, Theme.from_palette(_palette()))
    qtbot.addWidget(panel)
    links = LinkIndex(SEED_000, library.links([SEED_000]))
    claim = max(links.claims, key=lambda c: len(c.documents()))
    panel.show_claim(SEED_000, claim, lambda d: d, lambda d: d)
    model = LinksModel()                 # the panel's groups, in a model the tester may keep
    model.set_groups(panel.model.groups())
    assert model.rowCount() == 2                       # seeds 002 and 003
    qtmodeltester.check(model, force_py=True)
    targets = [model.index(r, 0, model.index(g, 0)).data(TARGET_ROLE)
               for g in range(model.rowCount()) for r in range(model.rowCount(model.index(g, 0)))]
    assert {t[0] for t in targets} == {SEED_002, SEED_003}


def _palette():
    from PySide6.QtWidgets import QApplication
    return QApplication.palette()
