"""EPUB importer on real EPUB 2/3 archives built with zipfile."""

import zipfile

import pytest

from reader.core.errors import ImportFailure
from reader.core.importers import Limits, read_path

CONTAINER = """<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles><rootfile full-path="{opf}" media-type="application/oebps-package+xml"/></rootfiles>
</container>"""

OPF3 = """<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid">
 <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
  <dc:identifier id="uid">https://books.example/harbour</dc:identifier>
  <dc:title>The Harbour Book</dc:title>
  <dc:creator>Ada Writer</dc:creator>
  <dc:creator>Bo Coauthor</dc:creator>
  <dc:date>2012-07-22T10:00:00Z</dc:date>
  <dc:publisher>Seaside Press</dc:publisher>
  <dc:subject>Ships</dc:subject>
  <dc:language>en</dc:language>
 </metadata>
 <manifest>
  <item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
  <item id="c1" href="text/chapter%201.xhtml" media-type="application/xhtml+xml"/>
  <item id="c2" href="text/ch2.xhtml" media-type="application/xhtml+xml"/>
  <item id="css" href="style.css" media-type="text/css"/>
 </manifest>
 <spine><itemref idref="nav"/><itemref idref="c2"/><itemref idref="c1"/></spine>
</package>"""

OPF2 = """<?xml version="1.0"?>
<package xmlns="http://www.idpf.org/2007/opf" version="2.0" unique-identifier="id">
 <metadata xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:opf="http://www.idpf.org/2007/opf">
  <dc:title>Old Style</dc:title>
  <dc:creator opf:role="aut">Carl Author</dc:creator>
  <dc:creator opf:role="ill">Ida Illustrator</dc:creator>
  <dc:date opf:event="modification">2010-01-01</dc:date>
  <dc:date opf:event="publication">2004-08-07</dc:date>
  <dc:identifier id="id">urn:isbn:123</dc:identifier>
 </metadata>
 <manifest><item id="a" href="a.html" media-type="application/xhtml+xml"/>
  <item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/></manifest>
 <spine toc="ncx"><itemref idref="a"/></spine>
</package>"""

XHTML = """<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">
<head><title>HEAD TITLE</title><style>p {{ color: red }}</style></head>
<body>{body}<script>SCRIPT TEXT</script></body></html>"""

CH1 = """<h1>Chapter One</h1>
<p>The ship left the harbour
   at dawn, <em>slowly</em> and quietly.</p>
<span epub:type="pagebreak" title="2">2</span>
<p>Gulls followed it.</p>"""
CH2 = """<section><h2>Prologue</h2><div><p>It was a calm morning.</p>
<p class="verse">First line<br/>second line</p></div></section>
<nav><ol><li>NAV ENTRY</li></ol></nav>"""
NAV = """<nav epub:type="toc"><ol><li><a href="text/ch2.xhtml">TOC ENTRY</a></li></ol></nav>"""


def build(path, members: dict[str, str | bytes], mimetype=True):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        if mimetype:
            zf.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def epub3(tmp_path, **override):
    members = {
        "META-INF/container.xml": CONTAINER.format(opf="OEBPS/content.opf"),
        "OEBPS/content.opf": OPF3,
        "OEBPS/nav.xhtml": XHTML.format(body=NAV),
        "OEBPS/text/chapter 1.xhtml": XHTML.format(body=CH1),
        "OEBPS/text/ch2.xhtml": XHTML.format(body=CH2),
        "OEBPS/style.css": "p { color: red }",
    }
    members.update(override)
    return build(tmp_path / "book.epub", {k: v for k, v in members.items() if v is not None})


def test_epub3_text_in_spine_order_and_metadata(tmp_path):
    (ex,) = list(read_path(epub3(tmp_path)))
    assert ex.text.split("\n\n") == [
        "Prologue", "It was a calm morning.", "First line\nsecond line",
        "Chapter One", "The ship left the harbour at dawn, slowly and quietly.",
        "Gulls followed it."]
    assert ex.title == "The Harbour Book"
    assert ex.author == "Ada Writer, Bo Coauthor"
    assert ex.date == "2012-07-22T10:00:00+00:00"
    assert ex.source == "Seaside Press"
    assert ex.url == "https://books.example/harbour"
    assert ex.tags == ["Ships"]
    for junk in ("HEAD TITLE", "SCRIPT", "color", "NAV ENTRY", "TOC ENTRY"):
        assert junk not in ex.text


def test_epub2_with_html_entities_and_roles(tmp_path):
    html = ("<html><head><title>t</title></head><body><p>Caf&eacute; &amp; cr&egrave;me"
            "&nbsp;br&ucirc;l&eacute;e.</p></body></html>")
    path = build(tmp_path / "old.epub", {
        "META-INF/container.xml": CONTAINER.format(opf="content.opf"),
        "content.opf": OPF2, "a.html": html})
    (ex,) = list(read_path(path))
    assert ex.text == "Café & crème brûlée."
    assert (ex.title, ex.author, ex.date, ex.url) == ("Old Style", "Carl Author",
                                                      "2004-08-07", "")


def test_not_a_zip(tmp_path):
    p = tmp_path / "not.epub"
    p.write_bytes(b"I'm not an epub!\n")
    with pytest.raises(ImportFailure, match=r"^not an EPUB: not a zip archive"):
        list(read_path(p))


def test_missing_container(tmp_path):
    path = build(tmp_path / "zip.epub", {"not-an-epub.epub": b"x"}, mimetype=False)
    with pytest.raises(ImportFailure, match="^corrupt EPUB: META-INF/container.xml is missing$"):
        list(read_path(path))


def test_missing_opf(tmp_path):
    path = epub3(tmp_path, **{"OEBPS/content.opf": None})
    with pytest.raises(ImportFailure, match="^corrupt EPUB: the package file OEBPS/content.opf "
                                            "named in container.xml is missing$"):
        list(read_path(path))


def test_missing_spine_documents(tmp_path):
    path = epub3(tmp_path, **{"OEBPS/text/chapter 1.xhtml": None, "OEBPS/text/ch2.xhtml": None})
    with pytest.raises(ImportFailure, match="^corrupt EPUB: the spine's documents are missing"):
        list(read_path(path))


def test_malformed_opf(tmp_path):
    path = epub3(tmp_path, **{"OEBPS/content.opf": "<package><metadata></package>"})
    with pytest.raises(ImportFailure, match="^corrupt EPUB: OEBPS/content.opf is not well-formed"):
        list(read_path(path))


def test_damaged_zip(tmp_path):
    data = epub3(tmp_path).read_bytes()
    p = tmp_path / "cut.epub"
    p.write_bytes(data[: len(data) // 2])
    with pytest.raises(ImportFailure, match="^damaged EPUB: the zip archive is corrupt"):
        list(read_path(p))


def test_entity_expansion_is_not_performed(tmp_path):
    bomb = ('<?xml version="1.0"?><!DOCTYPE p [<!ENTITY a "aaaaaaaaaa">'
            '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
            '<html xmlns="http://www.w3.org/1999/xhtml"><body><p>x &b; y</p></body></html>')
    (ex,) = list(read_path(epub3(tmp_path, **{"OEBPS/text/ch2.xhtml": bomb})))
    assert "aaaaaaaaaa" not in ex.text


def test_drm_encrypted_content_is_refused_but_font_obfuscation_is_not(tmp_path):
    def enc(algorithm, uri):
        return ('<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" '
                'xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData>'
                f'<enc:EncryptionMethod Algorithm="{algorithm}"/><enc:CipherData>'
                f'<enc:CipherReference URI="{uri}"/></enc:CipherData></enc:EncryptedData>'
                '</encryption>')
    fonts = epub3(tmp_path, **{"META-INF/encryption.xml": enc(
        "http://www.idpf.org/2008/embedding", "OEBPS/fonts/a.otf")})
    assert list(read_path(fonts))[0].text.startswith("Prologue")
    drm = epub3(tmp_path, **{"META-INF/encryption.xml": enc(
        "http://www.w3.org/2001/04/xmlenc#aes128-cbc", "OEBPS/text/ch2.xhtml")})
    with pytest.raises(ImportFailure, match="^DRM-protected EPUB"):
        list(read_path(drm))


def test_zip_bomb_epub_refused_before_expansion(tmp_path):
    path = build(tmp_path / "bomb.epub", {
        "META-INF/container.xml": CONTAINER.format(opf="content.opf"),
        "content.opf": OPF2, "a.html": b"<p>" + b" " * (40 * 1024 * 1024) + b"</p>"})
    assert path.stat().st_size < 200_000
    with pytest.raises(ImportFailure, match=r"^archive member 'a.html' would expand to 41.9 MB "
                                            r"\(ratio \d+:1\); refusing a possible zip bomb$"):
        list(read_path(path))
    with pytest.raises(ImportFailure, match=r"^archive would expand to 41.9 MB"):
        list(read_path(path, Limits(zip_total_bytes=10 * 1024 * 1024)))
