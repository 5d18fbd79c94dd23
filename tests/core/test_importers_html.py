"""HTML importer: main text without boilerplate, metadata, encodings, no network access."""

import socket

import pytest

from reader.core.errors import ImportFailure
from reader.core.importers import read_path

PARAS = [
    "The city council voted on Tuesday to approve the new budget after a long debate that "
    "lasted well into the night, with several members raising concerns about spending.",
    "Under the plan, funding for public transport rises by twelve percent, while the road "
    "maintenance budget stays flat for the third year in a row, officials said.",
    "Opposition members argued that the increase was not enough to fix the ageing tram "
    "network, which has suffered repeated breakdowns since the spring.",
    "The mayor said the budget struck a balance between ambition and prudence and promised "
    "a review of the transport authority's finances before the end of the year.",
]

PAGE = """<!DOCTYPE html>
<html lang="en"><head>
<meta charset="{charset}">
<title>Council approves budget after marathon debate | Daily Planet</title>
<meta property="og:title" content="Council approves budget after marathon debate">
<meta property="og:site_name" content="Daily Planet">
<meta property="og:url" content="https://planet.example/news/budget">
<link rel="canonical" href="https://planet.example/news/budget">
<meta name="author" content="Lois Lane">
<meta property="article:published_time" content="2024-03-05T09:30:00+01:00">
<style>body {{ color: red; }} .secret-style {{ }}</style>
<script>var trackingSecret = "SCRIPT TEXT MUST NOT APPEAR";</script>
</head><body>
<header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a>
<a href="/weather">Weather</a></nav></header>
<div class="ad">Buy our amazing product now! Limited offer!</div>
<main><article>
<h1>Council approves budget after marathon debate</h1>
<p class="byline">By Lois Lane</p>
{paras}
</article></main>
<aside class="related"><h3>Related stories</h3><ul><li><a href="/a">Mayor opens bridge</a></li>
<li><a href="/b">Tram strike ends</a></li></ul></aside>
<section id="comments" class="comments"><h3>Comments</h3>
<div class="comment"><p>COMMENT: I think this is a terrible budget and the mayor should resign
immediately.</p></div></section>
<footer><p>Copyright 2024 Daily Planet. All rights reserved.</p></footer>
<script>document.write("ANOTHER SCRIPT");</script>
</body></html>
"""


def page(charset="utf-8", paras=PARAS):
    return PAGE.format(charset=charset, paras="\n".join(f"<p>{p}</p>" for p in paras))


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the HTML importer must not touch the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def read_html(tmp_path, data: bytes, name="page.html"):
    p = tmp_path / name
    p.write_bytes(data)
    (ex,) = list(read_path(p))
    return ex


def test_main_text_and_metadata(tmp_path, no_network):
    ex = read_html(tmp_path, page().encode())
    assert ex.text.split("\n\n") == PARAS
    assert ex.title == "Council approves budget after marathon debate"
    assert ex.source == "Daily Planet"
    assert ex.author == "Lois Lane"
    assert ex.date == "2024-03-05"
    assert ex.url == "https://planet.example/news/budget"
    assert ex.reflow is False


def test_boilerplate_scripts_styles_comments_are_dropped(tmp_path, no_network):
    text = read_html(tmp_path, page().encode()).text
    for junk in ("SCRIPT TEXT", "ANOTHER SCRIPT", "color: red", "Buy our amazing", "COMMENT:",
                 "Related stories", "Mayor opens bridge", "Copyright 2024", "Weather"):
        assert junk not in text


def test_meta_charset_is_honoured(tmp_path, no_network):
    paras = [p + " Café, naïve, œuvre — “déjà vu”." for p in PARAS]
    ex = read_html(tmp_path, page("windows-1252", paras).encode("cp1252"), "legacy.htm")
    assert "Café, naïve, œuvre — “déjà vu”." in ex.text
    # A page that declares ISO-8859-1 but uses cp1252 quotes (as browsers assume).
    ex = read_html(tmp_path, page("iso-8859-1", paras).encode("cp1252"), "latin.xhtml")
    assert "“déjà vu”" in ex.text


def test_undeclared_legacy_encoding_is_detected(tmp_path, no_network):
    paras = [p + " Größere Änderungen für Bürger." for p in PARAS]
    data = page("x", paras).replace('<meta charset="x">', "").encode("cp1252")
    assert "Größere Änderungen für Bürger." in read_html(tmp_path, data).text


def test_article_only_in_json_ld(tmp_path, no_network):
    body = " ".join(PARAS)
    data = f"""<html><head><title>Script page</title>
<script type="application/ld+json">{{"@type": "NewsArticle", "headline": "Script page",
"articleBody": "{body}"}}</script></head>
<body><div id="app"><p>Photo: AP</p></div></body></html>""".encode()
    ex = read_html(tmp_path, data)
    assert "approve the new budget" in ex.text and "review of the transport" in ex.text


def test_article_split_into_chunks_is_merged(tmp_path, no_network):
    chunk = '<div class="article__body">{}</div><div class="ad-slot"><span>Advertisement</span></div>'
    chunks = "".join(chunk.format(f"<p>{p}</p>") for p in PARAS)
    data = f"""<html><head><title>Chunks</title></head><body><article>
<h1>Chunks</h1><div class="article__chunks">{chunks}</div></article></body></html>""".encode()
    assert read_html(tmp_path, data).text.split("\n\n") == PARAS


def test_page_without_text(tmp_path, no_network):
    data = b"<html><head><title>x</title><script>var a = 1;</script></head><body></body></html>"
    p = tmp_path / "blank.html"
    p.write_bytes(data)
    with pytest.raises(ImportFailure, match="^no article text found in the page$"):
        list(read_path(p))


def test_short_page_falls_back_to_body_text(tmp_path, no_network):
    data = b"<html><body><nav>Menu</nav><p>Just one short line.</p><script>x()</script></body></html>"
    ex = read_html(tmp_path, data)
    assert "Just one short line." in ex.text and "x()" not in ex.text and "Menu" not in ex.text


def test_empty_html_file(tmp_path):
    p = tmp_path / "e.html"
    p.write_bytes(b"")
    with pytest.raises(ImportFailure, match="^empty file$"):
        list(read_path(p))


def test_utf16_page_without_bom(tmp_path, no_network):
    ex = read_html(tmp_path, page().encode("utf-16-le"), "u16.html")
    assert ex.text.split("\n\n") == PARAS


def test_binary_file_named_html(tmp_path):
    p = tmp_path / "x.html"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(ImportFailure, match=r"^a PNG image, not HTML: binary data, not text"):
        list(read_path(p))


# --- gap filling (html_recover.fill_gaps) ---------------------------------------------------

GAP_PAGE = """<!DOCTYPE html><html><head><title>Tariffs explained</title></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Tariffs explained</h1>
<div class="body">
<p>{0}</p>
<p>{1}</p>
<div class="subhead">Who pays the cost of a tariff?</div>
<p>{2}</p>
<div class="promo"><a href="/x">Read our other explainer about the economy today</a></div>
<p>{3}</p>
</div></article>
<footer><div>Copyright notice and imprint of the example site</div></footer>
</body></html>"""


def test_subheading_div_between_kept_paragraphs_is_kept(tmp_path, no_network):
    from reader.core.importers.html import extract_html

    ex = extract_html(GAP_PAGE.format(*PARAS).encode())
    paras = ex.text.split("\n\n")
    assert "Who pays the cost of a tariff?" in paras
    assert paras.index("Who pays the cost of a tariff?") == paras.index(PARAS[2]) - 1
    assert "Read our other explainer" not in ex.text
    assert "Copyright notice" not in ex.text


def _gap_tree(middle: str):
    from trafilatura.utils import load_html

    return load_html(f"<html><body><div><p>{PARAS[0]}</p>{middle}<p>{PARAS[1]}</p></div>"
                     f"<div>Outside line after the article</div></body></html>")


def test_fill_gaps_puts_back_only_plain_text_between_siblings():
    from reader.core.importers.html_recover import fill_gaps

    text = f"{PARAS[0]}\n\n{PARAS[1]}"
    assert fill_gaps(_gap_tree("<div>A plain subheading</div>"), text) == \
        f"{PARAS[0]}\n\nA plain subheading\n\n{PARAS[1]}"
    # nothing is added after the last kept paragraph
    assert "Outside line" not in fill_gaps(_gap_tree("<div>x</div>"), text)


@pytest.mark.parametrize("middle", [
    '<div><a href="/a">A link that makes up the whole</a> line</div>',   # link text
    '<div class="image-caption">The harbour at dawn</div>',               # named caption
    '<div><img src="a.jpg"><span>The harbour at dawn</span></div>',       # image container
    '<div>The harbour at dawn (Photo: AP/Jane Doe)</div>',                 # credit
    '<div class="share-tools">Share this article</div>',                  # share block
    '<div>&lt;span class="x"&gt;</div>',                                  # escaped markup
    f'<div>{PARAS[0][:60]}</div>',                                         # already in the text
])
def test_fill_gaps_leaves_out_boilerplate_between_siblings(middle):
    from reader.core.importers.html_recover import fill_gaps

    text = f"{PARAS[0]}\n\n{PARAS[1]}"
    assert fill_gaps(_gap_tree(middle), text) == text
