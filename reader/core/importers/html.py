"""Saved web pages (.html, .htm, .xhtml) → main article text and metadata, via trafilatura.

Nothing is fetched from the network: trafilatura only downloads in ``fetch_url`` /
``fetch_response`` (never called here), htmldate only downloads when handed a URL string
instead of a document (trafilatura hands it the parsed tree), and we always pass a parsed
tree. Scripts, styles, navigation, comments and other boilerplate are dropped by trafilatura.

Steps:

1. Decode: BOM, else valid UTF-8, else the page's declared ``<meta charset>`` (with the WHATWG
   label mapping, e.g. ISO-8859-1 → windows-1252), else :func:`decode_bytes` detection.
2. Parse with trafilatura's loader; merge an article body split into several sibling chunks
   that share the same container class (e.g. Wired's ``article__chunks``), which trafilatura
   would otherwise cut after the first chunk.
3. ``bare_extraction(favor_precision=True, include_comments=False, include_tables=True,
   with_metadata=True)``; the text's lines (one per block) become paragraphs.
3b. Gap filling (html_recover.fill_gaps): a block the extractor dropped that sits between two
   kept paragraphs of the same parent element (e.g. a subheading styled as a ``<div>``) is put
   back in place, unless it is link text, a caption/credit, or named as a byline/date/share/
   related block by its class; nothing is added before the first or after the last kept
   paragraph. (Measured and NOT adopted: trafilatura's balanced/recall modes, which keep more
   must-have text but let as much boilerplate in; recovering the lead/standfirst between the
   ``<h1>`` and the body, which the trafilatura annotations count as text and the
   ScrapingHub ones do not.)
4. When the page's JSON-LD ``articleBody`` is much longer than what was found (pages that
   render the article from a script), it is used instead.
5. Fallbacks when trafilatura finds nothing: its ``baseline`` extractor, then the text of
   ``<body>`` minus script/style/nav/header/footer/aside/form. Still nothing →
   ImportFailure("no article text found in the page").

Metadata: title (the <title>/og:title candidates, preferring the one the page's visible
headline confirms, with the site name cut off), sitename → source, author, date (standard
``article:published_time``-style meta tags first, then htmldate via trafilatura), url
(canonical / og:url).
"""

from __future__ import annotations

import codecs
import json
import re
from copy import deepcopy
from pathlib import Path

from lxml.html import HtmlElement

from reader.core.errors import ImportFailure
from reader.core.model import Extracted

from .decode import decode_bytes, iso_date
from .html_recover import fill_gaps
from .safety import DEFAULT_LIMITS, Limits, check_file, read_file

NO_TEXT = "no article text found in the page"
OPTIONS = {
    "favor_precision": True,
    "include_comments": False,
    "include_tables": True,
    "with_metadata": True,
}

_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I
)
# WHATWG encoding labels that mean a superset in practice.
_WHATWG = {
    "iso8859-1": "cp1252", "ascii": "cp1252", "iso8859-9": "cp1254", "tis-620": "cp874",
    "iso8859-11": "cp874", "gb2312": "gb18030", "gbk": "gb18030", "euc_kr": "cp949",
    "shift_jis": "cp932", "big5": "big5hkscs",
}
_DROP = ("script", "style", "noscript", "template", "nav", "header", "footer", "aside",
         "form", "button", "select", "svg", "iframe")
_BLOCKS = ("p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
           "pre", "section", "article", "main", "table", "ul", "ol", "dd", "dt", "figcaption")
_SEPARATORS = re.compile(r"\s+[|\-–—:·»«/]\s+|\s*[|｜–—_]\s*|(?<=[^\x00-\x7f])-|-(?=[^\x00-\x7f])")
_PUBLISHED = (
    "article:published_time", "og:published_time", "og:article:published_time",
    "datepublished", "pubdate", "publishdate", "publish-date", "publish_date",
    "publication_date", "dc.date.issued", "dcterms.issued", "sailthru.date",
    "parsely-pub-date", "date",
)


def decode_html(data: bytes) -> str:
    """HTML bytes → str (see the module docstring, step 1)."""
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) \
            or b"\x00" in data[:4096]:  # a BOM, or UTF-16/32 (whose NULs are valid UTF-8)
        return decode_bytes(data)[0]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    m = _META_CHARSET.search(data[:65536])
    if m:
        try:
            name = codecs.lookup(m.group(1).decode("ascii")).name
        except (LookupError, UnicodeDecodeError):
            name = ""
        name = _WHATWG.get(name, name)
        if name and not name.startswith("utf"):
            try:
                return data.decode(name)
            except UnicodeDecodeError:
                pass
    return decode_bytes(data)[0]


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text.casefold()).strip()


def _merge_split_body(tree: HtmlElement) -> None:
    """Merge sibling article-body chunks sharing the container trafilatura picks first."""
    try:
        from trafilatura.xpaths import BODY_XPATH
    except ImportError:  # pragma: no cover - internal module moved
        return
    for expr in BODY_XPATH:
        first = next((e for e in expr(tree) if e is not None), None)
        if first is None:
            continue
        cls = first.get("class")
        if not cls:
            return
        ancestors = set(first.iterancestors())
        others = [e for e in tree.iter(first.tag) if e is not first and e.get("class") == cls
                  and e not in ancestors and first not in set(e.iterancestors())]
        for other in others:
            if other.getparent() is not None:
                for child in list(other):
                    first.append(child)
                other.getparent().remove(other)
        return


def _json_ld_body(tree: HtmlElement) -> str:
    best = ""
    for script in tree.xpath('//script[contains(@type, "ld+json")]'):
        try:
            data = json.loads(script.text_content() or "")
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                body = item.get("articleBody")
                if isinstance(body, str) and len(body) > len(best):
                    best = body
                stack.extend(v for v in item.values() if isinstance(v, (dict, list)))
    return best


def _plain_body(tree: HtmlElement) -> str:
    """The text of <body> without scripts, styles and page furniture, a line per block."""
    body = tree.find(".//body")
    body = deepcopy(body if body is not None else tree)
    for el in list(body.iter(*_DROP)):
        if el.getparent() is not None:
            el.drop_tree()
    for el in body.iter(*_BLOCKS):
        el.text = "\n" + (el.text or "")
        el.tail = "\n" + (el.tail or "")
    return body.text_content()


def _paragraphs(text: str) -> str:
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n\n".join(line for line in lines if line)


def _meta(tree: HtmlElement, *names: str) -> list[str]:
    wanted = {n.lower() for n in names}
    out = []
    for m in tree.iter("meta"):
        key = (m.get("property") or m.get("name") or m.get("itemprop") or "").lower()
        if key in wanted and (m.get("content") or "").strip():
            out.append(m.get("content").strip())
    return out


def _published(tree: HtmlElement) -> str:
    by_key: dict[str, str] = {}
    loose: list[str] = []
    for m in tree.iter("meta"):
        key = (m.get("property") or m.get("name") or m.get("itemprop") or "").lower()
        value = (m.get("content") or "").strip()
        if not value:
            continue
        if key in _PUBLISHED:
            by_key.setdefault(key, value)
        elif "publish" in key and ("date" in key or "time" in key):
            loose.append(value)
    for value in [by_key[k] for k in _PUBLISHED if k in by_key] + loose:
        found = iso_date(value)
        if found:
            return found[:10]
    return ""


def choose_title(tree: HtmlElement, base: str, sitename: str) -> str:
    """The page title, confirmed by a visible headline when possible, without the site name."""
    titles = [t.text_content() for t in tree.iter("title")][:1]
    candidates = [c for c in [base, *titles, *_meta(tree, "og:title", "twitter:title")] if c]
    candidates = [" ".join(c.split()) for c in candidates]
    if not candidates:
        return ""
    variants: list[str] = []
    for cand in candidates:
        parts = _SEPARATORS.split(cand)
        variants.append(cand)
        if len(parts) > 1:
            seps = list(_SEPARATORS.finditer(cand))
            head, tail = cand[: seps[-1].start()], cand[seps[0].end():]
            for v in (head, tail):
                if len(v) >= 15 and len(v) >= 0.4 * len(cand):
                    variants.append(v.strip())
    headings = {_norm(h.text_content()) for h in tree.iter("h1", "h2")} - {""}
    for v in variants:
        if _norm(v) in headings:
            return v
    body = tree.find(".//body")
    if body is not None:
        wanted = {_norm(v): v for v in variants if len(v) >= 15}
        for el in body.iter():
            if not isinstance(el.tag, str) or el.tag in ("script", "style", "title", "meta"):
                continue
            text = el.text_content()
            if len(text) < 400 and _norm(text) in wanted:
                return wanted[_norm(text)]
    title = candidates[0]
    if sitename:
        seps = list(_SEPARATORS.finditer(title))
        if seps and _norm(title[seps[-1].end():]) == _norm(sitename):
            title = title[: seps[-1].start()]
        elif seps and _norm(title[: seps[0].start()]) == _norm(sitename):
            title = title[seps[0].end():]
    return title.strip()


def extract_html(data: bytes, url: str | None = None) -> Extracted:
    """An Extracted from the bytes of a saved web page."""
    import trafilatura
    from trafilatura.utils import load_html

    text = decode_html(data)
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)  # lxml refuses str with an encoding decl.
    if not text.strip():
        raise ImportFailure("empty file")
    tree = load_html(text)
    if tree is None:
        raise ImportFailure("not an HTML page: it could not be parsed")
    _merge_split_body(tree)
    doc = trafilatura.bare_extraction(tree, url=url, **OPTIONS)
    body = _paragraphs(doc.text or "") if doc is not None else ""
    if body:
        body = fill_gaps(tree, body)
    ld_body = _json_ld_body(tree)
    if ld_body and len(ld_body.split()) >= 50 and len(ld_body.split()) > 2 * len(body.split()):
        body = _paragraphs(ld_body)
    if not body:
        try:
            _tree, base_text, _len = trafilatura.baseline(tree)
        except Exception:  # baseline is best effort
            base_text = ""
        body = _paragraphs(base_text or "")
    if not body:
        body = _paragraphs(_plain_body(tree))
    if not body:
        raise ImportFailure(NO_TEXT)
    meta = doc if doc is not None else trafilatura.extract_metadata(tree)
    sitename = (getattr(meta, "sitename", None) or "").strip()
    title = choose_title(tree, (getattr(meta, "title", None) or "").strip(), sitename)
    first, _sep, rest = body.partition("\n\n")
    if rest and title and _norm(first) == _norm(title):
        body = rest  # the headline repeated at the top of the text
    date = _published(tree) or iso_date(getattr(meta, "date", None) or "")
    return Extracted(
        text=body,
        title=title,
        source=sitename,
        author=" ".join((getattr(meta, "author", None) or "").split()),
        date=date,
        url=(getattr(meta, "url", None) or url or "").strip(),
        reflow=False,
        tags=list(dict.fromkeys((getattr(meta, "categories", None) or [])
                                + (getattr(meta, "tags", None) or []))),
    )


def read_html(path: Path, limits: Limits = DEFAULT_LIMITS) -> Extracted:
    check_file(path, limits.html_bytes, "web pages")
    return extract_html(read_file(path, limits.html_bytes))
