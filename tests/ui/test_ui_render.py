"""The document as a QTextDocument: character offsets map back to the normalised text (with a
header before the body, blank lines between paragraphs and characters outside the BMP), and
highlights land exactly on their spans."""

from __future__ import annotations

import time

from PySide6.QtGui import QFont, QGuiApplication, QTextCursor

from reader.core.store import DocumentRow
from reader.core.links import LinkRow
from reader.ui.reading.doc_render import apply_format, build_document, format_at, is_heading
from reader.ui.reading.document_view import DocumentView
from reader.ui.reading.linkindex import LinkIndex, summarize, summary_line
from reader.ui.theme import PROP_HIT, PROP_RELATION, Theme, reading_font

TEXT = ("Heading without a stop\n\n"
        "First paragraph 😀 with an emoji 🇺🇦 and 1,500 troops.\n\n"
        "Second paragraph: 14,000 troops 𝔘 more.")


def _doc(text=TEXT) -> DocumentRow:
    return DocumentRow("d1", "A title", "Wire", "Roe", "2024-11-05", "https://example.org/a",
                       "", "o", "h", len(text.split()), text=text)


def _paragraphs(text):
    out, pos = [], 0
    for part in text.split("\n\n"):
        out.append((pos, pos + len(part)))
        pos += len(part) + 2
    return out


def test_offsets_round_trip_through_header_paragraphs_and_astral_characters(qapp):
    theme = Theme.from_palette(QGuiApplication.palette())
    qdoc, omap = build_document(_doc(), _paragraphs(TEXT), theme, QFont())
    plain = qdoc.toPlainText()
    for needle in ("1,500", "14,000", "emoji", "𝔘 more", "😀 with"):
        a = TEXT.index(needle)
        b = a + len(needle)
        cursor = QTextCursor(qdoc)
        cursor.setPosition(omap.to_doc(a))
        cursor.setPosition(omap.to_doc(b), QTextCursor.MoveMode.KeepAnchor)
        assert cursor.selectedText() == needle
        assert omap.to_text(omap.to_doc(a)) == a and omap.to_text(omap.to_doc(b)) == b
    assert plain.startswith("A title\nWire · by Roe · 2024-11-05\nhttps://example.org/a\n")
    assert omap.to_text(0) is None                         # the header is not the text


def test_spans_get_their_formats_and_nothing_else(qapp):
    theme = Theme.from_palette(QGuiApplication.palette())
    qdoc, omap = build_document(_doc(), _paragraphs(TEXT), theme, QFont())
    a = TEXT.index("14,000")
    apply_format(qdoc, omap, [(a, a + 6)], theme.hit_format())
    assert format_at(qdoc, omap.to_doc(a)).property(PROP_HIT) is True
    assert format_at(qdoc, omap.to_doc(a + 5)).property(PROP_HIT) is True
    assert format_at(qdoc, omap.to_doc(a + 6)).property(PROP_HIT) is None
    assert format_at(qdoc, omap.to_doc(a - 1)).property(PROP_HIT) is None


def test_headings_are_recognised():
    assert is_heading("The Mathematics of War: Russia’s Dwindling Numbers")
    assert not is_heading("North Korea has sent 17,000 combat troops to fight for Russia.")


def test_a_5000_word_document_with_its_highlights_opens_fast(qtbot):
    words = ("Troops were sent to the border on Monday, officials said, and 1,500 more "
             "followed. ").split()
    paras, text = [], ""
    while len(text.split()) < 5000:
        para = " ".join(words * 6)
        paras.append((len(text), len(text) + len(para)))
        text += para + "\n\n"
    text = text.rstrip()
    doc = _doc(text)
    rows = []
    for n, (s, e) in enumerate(paras):
        rel = ("conflicts", "agrees", "related")[n % 3]
        rows.append(LinkRow("d1", s, s + 80, "d2", 0, 10, rel, 0.7, "troops: 1,500 vs 14,000",
                            "troops", "1,500", "14,000"))
        rows.append(LinkRow("d1", s + 100, s + 160, "d3", 0, 10, "agrees", 0.8, ""))
    links = LinkIndex("d1", rows)
    view = DocumentView(Theme.from_palette(QGuiApplication.palette()), reading_font(12))
    qtbot.addWidget(view)
    view.resize(900, 700)
    view.show()
    t = time.perf_counter()
    view.show_document(doc, paras, links, [(s, s + 6) for s, _ in paras])
    view.repaint()
    elapsed = time.perf_counter() - t
    assert elapsed < 1.0        # generous here; benchmarks/ui_speed.py measures it properly
    fmt = format_at(view.document(), view.omap.to_doc(paras[3][0] + 10))
    assert fmt.property(PROP_RELATION) == "conflicts"


def test_summary_counts_claims_by_what_other_sources_say():
    rows = [LinkRow("a", 0, 10, "b", 0, 5, "conflicts", 0.5),
            LinkRow("a", 0, 10, "c", 0, 5, "agrees", .7),
            LinkRow("a", 20, 30, "b", 9, 12, "agrees", 0.8),
            LinkRow("a", 40, 50, "c", 3, 4, "related", .5)]
    s = summarize(LinkIndex("a", rows), [(0, 10), (20, 30), (40, 50), (60, 70), (80, 90)])
    assert s == {"claims": 5, "corroborated": 1, "conflicting": 1, "updated": 0, "related": 1,
                 "only": 2}
    assert summary_line(s) == ("1 claim corroborated, 1 conflicting, 1 related, "
                               "2 in this source only")


def test_an_updated_figure_has_its_own_look_badge_and_count(qapp):
    from PySide6.QtGui import QTextCharFormat

    from reader.core.links import RELATIONS
    from reader.ui.panels.links_panel import badge_html
    from reader.ui.reading.linkindex import describe
    theme = Theme.from_palette(QGuiApplication.palette())
    for relation in RELATIONS:                  # every relation has a colour and a format
        fmt = theme.claim_format(relation, "claim:0")
        assert fmt.property(PROP_RELATION) == relation
    fmt = theme.claim_format("updates", "claim:0")
    assert fmt.underlineStyle() == QTextCharFormat.UnderlineStyle.DashUnderline
    assert fmt.underlineColor() not in (theme.line["conflicts"], theme.line["agrees"])
    assert "→ Updates" in badge_html("updates", theme.css())
    rows = [LinkRow("a", 0, 10, "b", 0, 5, "updates", 0.7, "death toll: 12 → 31 (updated)",
                    "death toll", "12", "31"),
            LinkRow("a", 20, 30, "b", 9, 12, "agrees", 0.8)]
    index = LinkIndex("a", rows)
    s = summarize(index, [(0, 10), (20, 30)])
    assert (s["updated"], s["conflicting"], s["corroborated"]) == (1, 0, 1)
    assert summary_line(s) == ("1 claim corroborated, 0 conflicting, 1 updated over time, "
                               "0 in this source only")
    assert describe(index.claims[0], lambda d: "Reuters") == \
        "A figure updated in 1 source: 31 (Reuters)"
