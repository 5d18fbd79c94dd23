"""DOCX importer on real .docx files written with python-docx (and edited with zipfile)."""

import datetime as dt
import zipfile

import pytest

from reader.core.errors import ImportFailure
from reader.core.importers import read_path

docx = pytest.importorskip("docx")
from docx.enum.style import WD_STYLE_TYPE  # noqa: E402
from docx.oxml import parse_xml  # noqa: E402

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def make_docx(path, *, meta_styles=False):
    d = docx.Document()
    d.core_properties.title = "Core Title"
    d.core_properties.author = "File Maker"
    d.core_properties.created = dt.datetime(2019, 1, 31, 20, 39, 49)
    if meta_styles:
        d.add_paragraph("Styled Title", style="Title")
        author = d.styles.add_style("Author", WD_STYLE_TYPE.PARAGRAPH)
        date = d.styles.add_style("Date", WD_STYLE_TYPE.PARAGRAPH)
        d.add_paragraph("Mary Ann Evans", style=author)
        d.add_paragraph("Aurore Dupin", style=author)
        d.add_paragraph("July 28, 2014", style=date)
    d.add_heading("Harbour news", level=1)
    d.add_paragraph("The ship left the harbour at dawn.")
    p = d.add_paragraph("See ")
    p._p.append(parse_xml(f'<w:r {W}><w:fldChar w:fldCharType="begin"/></w:r>'))
    p._p.append(parse_xml(f'<w:r {W}><w:instrText xml:space="preserve"> REF bk1 \\h '
                          "</w:instrText></w:r>"))
    p._p.append(parse_xml(f'<w:r {W}><w:fldChar w:fldCharType="separate"/></w:r>'))
    p._p.append(parse_xml(f'<w:r {W}><w:t>Figure 1</w:t></w:r>'))
    p._p.append(parse_xml(f'<w:r {W}><w:fldChar w:fldCharType="end"/></w:r>'))
    p._p.append(parse_xml(f'<w:del {W} w:id="1" w:author="x"><w:r><w:delText>DELETED</w:delText>'
                          "</w:r></w:del>"))
    p.add_run(" for details.")
    d.add_paragraph("first point", style="List Bullet")
    d.add_paragraph("second point", style="List Bullet")
    table = d.add_table(rows=2, cols=2)
    for r, row in enumerate([("Port", "Ships"), ("Alpha", "12")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    d.add_heading("Outlook", level=2)
    d.add_paragraph("Traffic should grow.")
    d.save(str(path))
    return path


def rezip(src, dst, *, drop=(), replace=None, rename=None):
    replace, rename = replace or {}, rename or {}
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename in drop:
                continue
            data = replace.get(info.filename, zin.read(info.filename))
            zout.writestr(rename.get(info.filename, info.filename), data)
    return dst


def one(path):
    (ex,) = list(read_path(path))
    return ex


def test_body_order_headings_tables_lists_fields(tmp_path):
    ex = one(make_docx(tmp_path / "a.docx"))
    assert ex.text.split("\n\n") == [
        "Harbour news", "The ship left the harbour at dawn.", "See Figure 1 for details.",
        "- first point", "- second point", "Port | Ships", "Alpha | 12", "Outlook",
        "Traffic should grow."]
    assert "REF" not in ex.text and "DELETED" not in ex.text
    assert (ex.title, ex.author, ex.date) == ("Core Title", "File Maker",
                                              "2019-01-31T20:39:49+00:00")
    assert ex.reflow is False


def test_title_author_date_styles_win_over_core_properties(tmp_path):
    ex = one(make_docx(tmp_path / "m.docx", meta_styles=True))
    assert ex.title == "Styled Title"
    assert ex.author == "Mary Ann Evans, Aurore Dupin"
    assert ex.date == "2014-07-28"
    assert ex.text.startswith("Harbour news\n\n")
    assert "Mary Ann Evans" not in ex.text


def test_alternate_main_part_path(tmp_path):
    src = make_docx(tmp_path / "a.docx")
    with zipfile.ZipFile(src) as z:
        rels = z.read("_rels/.rels").replace(b"word/document.xml", b"word/document2.xml")
        types = z.read("[Content_Types].xml").replace(b"/word/document.xml",
                                                      b"/word/document2.xml")
        doc_rels = z.read("word/_rels/document.xml.rels")
    dst = rezip(src, tmp_path / "alt.docx",
                rename={"word/document.xml": "word/document2.xml",
                        "word/_rels/document.xml.rels": "word/_rels/document2.xml.rels"},
                replace={"_rels/.rels": rels, "[Content_Types].xml": types,
                         "word/_rels/document.xml.rels": doc_rels})
    assert one(dst).text.startswith("Harbour news")


def test_corrupt_zip(tmp_path):
    data = make_docx(tmp_path / "a.docx").read_bytes()
    p = tmp_path / "corrupt.docx"
    p.write_bytes(data[:-200])
    with pytest.raises(ImportFailure, match="^damaged DOCX: the zip archive is corrupt"):
        list(read_path(p))


def test_missing_document_xml(tmp_path):
    dst = rezip(make_docx(tmp_path / "a.docx"), tmp_path / "nodoc.docx",
                drop={"word/document.xml"})
    with pytest.raises(ImportFailure, match="^corrupt DOCX: the main document part "
                                            "word/document.xml is missing$"):
        list(read_path(dst))


def test_malformed_document_xml(tmp_path):
    src = make_docx(tmp_path / "a.docx")
    with zipfile.ZipFile(src) as z:
        xml = z.read("word/document.xml").replace(b"<w:pPr>", b"", 1)
    dst = rezip(src, tmp_path / "bad.docx", replace={"word/document.xml": xml})
    with pytest.raises(ImportFailure, match="^damaged DOCX: word/document.xml is not well-formed "
                                            "XML"):
        list(read_path(dst))


def test_legacy_doc_renamed(tmp_path):
    p = tmp_path / "old.docx"
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    with pytest.raises(ImportFailure, match="^not a DOCX: this is a legacy Word .doc file"):
        list(read_path(p))


def test_png_and_xlsx_renamed(tmp_path):
    p = tmp_path / "img.docx"
    p.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
    with pytest.raises(ImportFailure, match=r"^not a DOCX: not a zip archive \(it looks like a "
                                            r"PNG image\)$"):
        list(read_path(p))
    x = tmp_path / "sheet.docx"
    with zipfile.ZipFile(x, "w") as z:
        z.writestr("_rels/.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/relationships"><Relationship Id="r1" Type="http://schemas.'
                   'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
                   'Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", "<workbook/>")
    with pytest.raises(ImportFailure, match=r"^not a DOCX: it is an Excel workbook \(.xlsx\)$"):
        list(read_path(x))


def test_zip_bomb_docx_refused_before_python_docx_opens_it(tmp_path, monkeypatch):
    dst = rezip(make_docx(tmp_path / "a.docx"), tmp_path / "bomb.docx")
    with zipfile.ZipFile(dst, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/media/huge.bin", b"\0" * (64 * 1024 * 1024))
    assert dst.stat().st_size < 300_000

    def must_not_open(*args, **kwargs):
        raise AssertionError("python-docx must not open a zip bomb")

    monkeypatch.setattr(docx, "Document", must_not_open)
    with pytest.raises(ImportFailure, match=r"^archive member 'word/media/huge.bin' would expand "
                                            r"to 67.1 MB \(ratio \d+:1\); refusing a possible zip "
                                            r"bomb$"):
        list(read_path(dst))


def test_empty_document(tmp_path):
    p = tmp_path / "empty.docx"
    docx.Document().save(str(p))
    with pytest.raises(ImportFailure, match="^no text: the document is empty$"):
        list(read_path(p))


def test_strict_ooxml_namespaces(tmp_path):
    """ISO 29500 Strict files use purl.oclc.org namespaces, which python-docx cannot open."""
    src = make_docx(tmp_path / "a.docx")
    swaps = [(b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
              b"http://purl.oclc.org/ooxml/wordprocessingml/main"),
             (b"http://schemas.openxmlformats.org/officeDocument/2006/relationships",
              b"http://purl.oclc.org/ooxml/officeDocument/relationships")]
    replace = {}
    with zipfile.ZipFile(src) as z:
        for name in z.namelist():
            data = z.read(name)
            for old, new in swaps:
                data = data.replace(old, new)
            replace[name] = data
    ex = one(rezip(src, tmp_path / "strict.docx", replace=replace))
    assert ex.text.startswith("Harbour news\n\nThe ship left the harbour at dawn.")
    assert ex.title == "Core Title"
