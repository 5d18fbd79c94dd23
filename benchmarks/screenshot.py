"""Regenerate docs/screenshot.png: the main window on the sample articles, seed 000 open with
its conflicting claims visible and the links panel on the "1,500" claim.

    python benchmarks/screenshot.py                    # docs/screenshot.png, light palette
    python benchmarks/screenshot.py --dark --out /tmp/dark.png
    python benchmarks/screenshot.py --state compare    # also: search, find, empty, story
    python benchmarks/screenshot.py --claim "deepening ties" --out /tmp/ties.png
    python benchmarks/screenshot.py --news --claim "1.5 million women" \
        --out docs/screenshot-news.png                   # real outlets (and --dark)

``--news`` builds the library from the BASIL dev articles (../shared/data/basil: 159 articles
of the same events by the New York Times, Fox News and the Huffington Post), cross-references
it, and opens the conflicting claim that holds the words of ``--claim`` (else the first conflict
of the article with the most). ``--state story`` opens the story matrix instead: the seeds'
story, or with ``--news`` the story of the article that holds ``--claim``.

Runs on Qt's offscreen platform unless QT_QPA_PLATFORM is set (e.g. xcb under xvfb-run), in a
temporary library and with temporary settings: nothing of the user's is read or written.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

SEED_000 = "000_e7277f4b1b896bba"
SEED_003 = "003_a7cd122e480457df"


def settle(app, seconds: float = 0.4) -> None:
    """Let the window lay itself out and paint (a script, not the application)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def dark_palette():
    from PySide6.QtGui import QColor, QPalette
    p = QPalette()
    roles = QPalette.ColorRole
    for role, color in ((roles.Window, "#2b2d30"), (roles.WindowText, "#e6e6e6"),
                        (roles.Base, "#1e1f22"), (roles.AlternateBase, "#26282b"),
                        (roles.Text, "#e6e6e6"), (roles.Button, "#34363a"),
                        (roles.ButtonText, "#e6e6e6"), (roles.Highlight, "#3d6fb4"),
                        (roles.HighlightedText, "#ffffff"), (roles.ToolTipBase, "#34363a"),
                        (roles.ToolTipText, "#e6e6e6"), (roles.PlaceholderText, "#8a8f98"),
                        (roles.Mid, "#5a5d63"), (roles.Link, "#7fb0ff")):
        p.setColor(role, QColor(color))
    p.setColor(QPalette.ColorGroup.Disabled, roles.Text, QColor("#7a7d83"))
    p.setColor(QPalette.ColorGroup.Disabled, roles.WindowText, QColor("#7a7d83"))
    p.setColor(QPalette.ColorGroup.Disabled, roles.ButtonText, QColor("#7a7d83"))
    return p


def make_library(folder: Path, empty: bool):
    from reader.core.library import Library
    lib = Library(folder / "library")
    if empty:
        return lib
    lib.seed_if_new()
    try:
        for _ in lib.cross_reference():
            pass
    except (ImportError, OSError) as exc:   # the engine or its model is not installed here
        print(f"warning: cross-referencing unavailable ({exc}); using the test suite's links",
              file=sys.stderr)
        from tests.ui.uihelpers import add_links
        add_links(lib)
    return lib


def make_news_library(folder: Path):
    """The BASIL dev articles, imported and cross-referenced as a user's library would be."""
    import json
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from xref_quality import DATA, load_articles, to_records

    from reader.core.library import Library
    lib = Library(folder / "library")
    records = to_records(load_articles(DATA / "basil_articles.dev.jsonl"))
    path = folder / "basil.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    for _ in lib.import_paths([path]):
        pass
    for _ in lib.cross_reference():
        pass
    return lib


def conflict_with(lib, words: str) -> tuple[str, int, int]:
    """(doc id, start, end) of a conflicting claim that contains ``words`` (the first
    conflicting claim of the document with most conflicts when none does)."""
    counts: dict[str, list] = {}
    for row in lib.links(relation="conflicts"):
        for doc, start, end in ((row[0], row[1], row[2]), (row[3], row[4], row[5])):
            if words in lib.get(doc).text[start:end]:
                return doc, start, end
            counts.setdefault(doc, []).append((start, end))
    doc = max(counts, key=lambda d: (len(counts[d]), d))
    return (doc, *min(counts[doc]))


def add_highlights(lib) -> None:
    """A few highlights of a reader checking the troop numbers."""
    def span(doc, words):
        start = lib.get(doc).text.index(words)
        return start, start + len(words)
    hl = lib.highlights
    hl.add(SEED_000, *span(SEED_000, "South Korean intelligence reports indicate that 1,500 North"
                                     " Korean special forces soldiers"),
           color="pink", note="Reuters says about 14,000. Which figure?", tags=["troops"])
    hl.add(SEED_000, *span(SEED_000, "around 1 million Russian soldiers have been killed or"
                                     " wounded"),
           color="yellow", note="Source of the estimate?", tags=["casualties"])
    hl.add(SEED_000, *span(SEED_000, "This unprecedented foreign intervention"), color="blue")
    hl.add(SEED_003, *span(SEED_003, "approximately 14,000 North Korean troops"), color="green",
           tags=["troops"])


def open_story(app, window, lib, args) -> None:
    """The story matrix: the seeds' story, or the story of the news article holding the
    conflicting claim of ``--claim``; the cursor on the first conflict's second source."""
    stories = lib.stories()
    story = stories[0]
    if args.news:
        doc = conflict_with(lib, args.claim)[0]
        story = next(s for s in stories if doc in s.doc_ids)
    window.nav.on_focus_stories()               # the stories list beside the matrix
    window.nav.open_story(story)
    end = time.monotonic() + 20
    while not window.story.model.rowCount() and time.monotonic() < end:
        settle(app, 0.05)
    window.story.table.setCurrentIndex(window.story.model.index(0, 2))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=str(ROOT / "docs" / "screenshot.png"))
    ap.add_argument("--dark", action="store_true", help="use a dark palette")
    ap.add_argument("--size", default="1400x860")
    ap.add_argument("--claim", default="1,500",
                    help="with --state links: the claim of seed 000 to select (words of it); "
                         "with --news: words of the conflicting claim to open")
    ap.add_argument("--news", action="store_true",
                    help="real multi-outlet news (BASIL) instead of the sample articles")
    ap.add_argument("--state", default="links",
                    choices=("links", "compare", "search", "find", "empty", "highlights",
                             "export", "story"))
    args = ap.parse_args()
    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtGui import QGuiApplication
    from reader.app import application, build_window
    app = application(["reader"])
    app.setStyle("Fusion")
    if args.dark:       # what a dark desktop gives the application
        QGuiApplication.styleHints().setColorScheme(Qt.ColorScheme.Dark)
        app.setPalette(dark_palette())
    with tempfile.TemporaryDirectory() as tmp:
        lib = make_news_library(Path(tmp)) if args.news else \
            make_library(Path(tmp), args.state == "empty")
        if args.state in ("highlights", "export"):
            add_highlights(lib)
        settings = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
        window, writes, reads = build_window(lib, settings, xref_on_start=False)
        w, h = (int(x) for x in args.size.split("x"))
        window.start()
        window.resize(w, h)
        window.show()
        settle(app)
        if args.state == "story":
            open_story(app, window, lib, args)
        elif args.news:
            doc, start, end = conflict_with(lib, args.claim)
            window.nav.open_document(doc)
            settle(app)
            view = window.reading.view
            claim = view.links.at(start)
            view.select_claim(claim)
            window.claims.on_claim_activated(doc, claim.start, claim.end)
            view.setTextCursor(view.textCursor().__class__(view.document()))
            view.scroll_to_offset(max(0, claim.start - 1), 0.18)
            window.library_panel.show_current(doc, select=True)
        elif args.state not in ("empty", "story"):
            window.nav.open_document(SEED_000)
            settle(app)
        if args.state in ("links", "find") and not args.news:
            text = lib.get(SEED_000).text
            claim = window.reading.view.links.at(text.index(args.claim))
            if claim is not None:
                window.reading.view.select_claim(claim)
                window.claims.on_claim_activated(SEED_000, claim.start, claim.end)
                view = window.reading.view
                view.setTextCursor(view.textCursor().__class__(view.document()))
                window.reading.view.scroll_to_offset(max(0, claim.start - 1), 0.18)
        if args.state == "find":
            window.search.on_find()
            window.reading.find_bar.field.setText("North Korean")
        if args.state == "compare":
            window.library_panel.select_ids([SEED_003])
            window.nav.on_compare()
        if args.state == "search":
            window.search.on_search()
            window.search_box.on_query_chosen("troops")
            settle(app, 0.6)
            window.search_panel.on_step(1)
        if args.state == "highlights":
            window.highlights.on_show_highlights()
            window.reading.view.scroll_to_offset(0, 0.0)
        target = window
        if args.state == "export":
            window.highlights.on_export()
            settle(app, 0.8)
            target = window.highlights.export_dialog
        settle(app, 0.8)
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        target.grab().save(str(out))
        print(f"wrote {out} ({window.width()}x{window.height()})")
        window.close()
        writes.shutdown()
        reads.shutdown()
        lib.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
