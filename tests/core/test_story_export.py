"""The evidence pack of a story (issue 16, point 6): HTML, CSV and Markdown, on the seeds as the
engine links them and on a hostile article, checked as the other exports are."""

from __future__ import annotations

import csv
import io
import re

import pytest

from reader.core.errors import InvalidArgument, OutputExists
from reader.core.export.storypack import export_story, write_story
from reader.core.library import Library
from reader.core.stories.model import Cell, Column, Matrix, Row, Story
from tests.core.test_export import FORMULA_START, HOSTILE, _Tags
from tests.helpers import write_jsonl

HTML_TAGS = {"html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "p",
             "main", "section", "div", "blockquote", "span", "i", "b", "strong", "bdi", "a",
             "table", "thead", "tbody", "tr", "th", "td", "br"}


@pytest.fixture(scope="module")
def seeds(tmp_path_factory):
    library = Library(tmp_path_factory.mktemp("story_export") / "lib")
    library.seed_if_new()
    for _ in library.cross_reference():
        pass
    matrix = library.story_matrix(library.stories()[0].doc_ids)
    docs = {d.id: library.get(d.id) for d in library.documents()}
    yield matrix, docs
    library.close()


def test_the_html_pack_shows_the_matrix_then_each_conflict_in_full(seeds):
    matrix, docs = seeds
    out = export_story(matrix, docs, "html")
    table = out[out.index("<table>"):out.index("</table>")]
    body_rows = table.split("<tbody>")[1].split("<tr>")[1:]
    assert len(body_rows) == len(matrix.rows)
    assert "CONFLICTS" in body_rows[0] and "ONLY HERE" in body_rows[-1]      # conflicts first
    assert '<b class="value">1,500</b>' in table and "not reported" in table
    assert table.count("<th>") - 1 == len(matrix.columns) + len(matrix.rows)
    assert "EuropeNews" in table.split("</thead>")[0]
    after = out[out.index("<h2>The conflicts</h2>"):]
    conflicts = [r for r in matrix.rows if r.status == "conflicts"]
    assert after.count('<section class="conflict">') == len(conflicts) >= 1
    for cell in conflicts[0].cells.values():
        text = docs[cell.doc_id].text[cell.start:cell.end]
        assert f'<blockquote dir="auto">{text.replace(chr(39), "&#x27;")}</blockquote>' in after
    assert "characters 1978–2115" in after and "EuropeNews" in after
    assert "@media print" in out and "@page" in out


def test_the_csv_pack_is_one_row_per_fact_and_one_column_per_source(seeds):
    matrix, docs = seeds
    out = export_story(matrix, docs, "csv")
    assert out.startswith("\ufefffact,status,values,") and "\r\n" in out
    rows = list(csv.reader(io.StringIO(out[1:], newline="")))
    assert len(rows) == 1 + len(matrix.rows)
    assert all(len(r) == 3 + len(matrix.columns) for r in rows)
    assert [c.doc_id in h for c, h in zip(matrix.columns, rows[0][3:])] == [True] * 3
    first = rows[1]
    assert first[1] == "conflicts" and "1,500" in first[2]
    assert any(c.startswith("CONFLICTS: ") and "1,500" in c for c in first[3:])
    assert rows[-1][1] == "alone" and rows[-1].count("not reported") == 2


def test_the_markdown_pack_has_the_matrix_as_a_table_and_the_conflicts_cited(seeds):
    matrix, docs = seeds
    md = export_story(matrix, docs, "md")
    table = [line for line in md.splitlines() if line.startswith("|")]
    assert len(table) == 2 + len(matrix.rows)
    assert all(len(re.findall(r"(?<!\\)\|", line)) == len(matrix.columns) + 2 for line in table)
    assert table[2].startswith("| **CONFLICTS** troops |") and "**1,500**" in table[2]
    assert "## The conflicts" in md and "### 1. troops: " in md
    assert "> — Russia Relies on North Korean Forces and Foreign Labor for Ukraine War — " \
           "EuropeNews, paragraph 10, characters 1978–2115" in md


# -- a hostile article ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """Two copies of the hostile article as two sources of a story whose one row conflicts,
    with hostile values, attributions and a further claim (``also``)."""
    tmp = tmp_path_factory.mktemp("story_hostile")
    records = [dict(HOSTILE, id="h1"), dict(HOSTILE, id="h2", source="=2+2", date="2024-11-03",
                                             text=HOSTILE["text"] + "\n\nMore.")]
    with Library(tmp / "lib") as library:
        library.import_paths([write_jsonl(tmp / "h.jsonl", records)]).run()
        docs = {d: library.get(d) for d in ("h1", "h2")}
        paras = {d: library.paragraphs(d) for d in docs}
    cells = {}
    for n, d in enumerate(docs):
        s, e = paras[d][n]
        cells[d] = Cell(d, s, e, docs[d].text[s:e], "conflicts", value="=1+1" if n else "<img",
                        attribution="<script>alert(3)</script> @officials")
    s, e = paras["h1"][3]
    cells["h1"].also = [Cell("h1", s, e, docs["h1"].text[s:e], "conflicts", "-2+3", "-x")]
    story = Story("s1", HOSTILE["title"], ["h1", "h2"])
    columns = [Column(d, docs[d].source, docs[d].date, docs[d].title) for d in docs]
    alone = Row("=cmd", "alone", {"h2": Cell("h2", *paras["h2"][2],
                                             docs["h2"].text[slice(*paras["h2"][2])], "alone")})
    return Matrix(story, columns, [alone, Row("<b>fact</b>", "conflicts", cells)]), docs


def test_the_hostile_html_pack_is_inert(hostile):
    out = export_story(*hostile, "html")
    assert "<script" not in out.lower() and "&lt;script&gt;" in out
    p = _Tags()
    p.feed(out)
    assert p.tags <= HTML_TAGS, p.tags - HTML_TAGS
    assert not [a for a in p.attrs if a[0].startswith("on")]
    assert not [v for k, v in p.attrs if k == "href" and not v.startswith(("http:", "https:"))]
    assert "Content-Security-Policy" in out and "default-src 'none'" in out
    assert "&lt;b&gt;fact&lt;/b&gt;" in out and "-2+3" in out          # the further claim
    assert out.index("CONFLICTS</strong> <bdi>&lt;b&gt;fact") < out.index("HERE</strong> <bdi>=cmd")


def test_the_hostile_csv_pack_runs_no_formula(hostile):
    out = export_story(*hostile, "csv")
    rows = list(csv.reader(io.StringIO(out[1:], newline="")))
    cells = [c for r in rows for c in r]
    assert not [c for c in cells if c.startswith(FORMULA_START)]
    assert rows[1][0] == "<b>fact</b>" and rows[2][0] == "'=cmd"          # conflicts first
    assert any(c.startswith("'=2+2") for c in rows[0])                   # a source's name
    assert "according to -x" in rows[1][3]


def test_the_hostile_markdown_pack_stays_in_its_table(hostile):
    md = export_story(*hostile, "md")
    table = [line for line in md.splitlines() if line.startswith("|")]
    assert all(len(re.findall(r"(?<!\\)\|", line)) == 4 for line in table)
    assert "\\<script\\>" in md and "<script" not in md.replace("\\<script", "")
    for block in md.split("\n### ")[1:]:
        quotes = [b for b in block.split("\n\n")[1:] if b.strip()]
        assert quotes and all(line.startswith(">") for b in quotes for line in b.splitlines())


def test_a_pack_is_written_whole_and_never_over_a_file_without_force(hostile, tmp_path):
    out = tmp_path / "pack.html"
    write_story(*hostile, out)
    assert out.read_text(encoding="utf-8") == export_story(*hostile, "html")
    with pytest.raises(OutputExists, match="--force"):
        write_story(*hostile, out, "md")
    write_story(*hostile, out, "md", force=True)
    assert out.read_text(encoding="utf-8").startswith("# Evidence pack: ")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pack.html"]
    with pytest.raises(InvalidArgument, match="html, csv, md"):
        export_story(*hostile, "json")
