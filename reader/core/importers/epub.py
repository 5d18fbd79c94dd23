"""EPUB 2 and 3 books → text in spine order, with zipfile + lxml (no ebooklib: it is AGPL).

META-INF/container.xml → the OPF package → metadata (dc:title, dc:creator → author, dc:date
→ ISO date, dc:publisher → source, dc:identifier when it is a URL, dc:subject → tags) →
spine order → XHTML documents → paragraphs: block elements (p, div, li, headings ...) each
become a paragraph, headings their own; <br> keeps a line break (poetry); script, style, nav
and svg are dropped. EPUB 3 navigation documents in the spine are skipped.

Every XML part is parsed with a locked-down parser (no DTDs, no entity expansion, no network,
no huge trees). Malformed XHTML, common in the wild, is re-read with the lenient HTML parser.
The archive is vetted by :func:`check_zip` first and every member read is capped.

Font obfuscation (META-INF/encryption.xml marking fonts with the IDPF/Adobe algorithms) is not
DRM and is ignored; encrypted content documents are refused as DRM-protected.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path
from urllib.parse import unquote

from lxml import etree, html

from reader.core.errors import ImportFailure
from reader.core.model import Extracted

from .decode import iso_date
from .safety import DEFAULT_LIMITS, Limits, check_file, check_zip, os_reason, read_member

XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                             load_dtd=False, dtd_validation=False, remove_comments=True)
HTML_PARSER = html.HTMLParser(no_network=True, huge_tree=False, remove_comments=True)

_FONT_OBFUSCATION = {"http://www.idpf.org/2008/embedding", "http://ns.adobe.com/pdf/enc#RC"}
_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "tr",
           "dt", "dd", "figcaption", "section", "article", "header", "footer", "aside", "table",
           "ul", "ol", "dl", "body", "hr", "address", "center", "caption", "figure", "main"}
_BR = "\ue000"  # a kept line break (<br>, <pre> lines), safe from whitespace collapsing
_DROP = {"script", "style", "head", "title", "nav", "svg", "math", "object", "video", "audio",
         "noscript", "template", "button", "input", "select", "textarea", "rp"}


def _local(el) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return etree.QName(tag).localname.lower() if tag.startswith("{") else tag.lower()


def parse_xml(data: bytes, what: str):
    try:
        return etree.fromstring(data, XML_PARSER)
    except etree.XMLSyntaxError as exc:
        raise ImportFailure(f"corrupt EPUB: {what} is not well-formed XML ({exc.msg})") from None


def parse_xhtml(data: bytes):
    try:
        return etree.fromstring(data, XML_PARSER)
    except etree.XMLSyntaxError:
        try:
            return html.document_fromstring(data, parser=HTML_PARSER)
        except (etree.ParserError, ValueError):
            return None


def _is_pagebreak(el) -> bool:
    kind = el.get("{http://www.idpf.org/2007/ops}type") or el.get("epub:type") or ""
    return "pagebreak" in kind or el.get("role") == "doc-pagebreak"


def block_paragraphs(root) -> list[str]:
    """Paragraph texts of an (X)HTML tree: one per block element, headings their own.

    Whitespace is collapsed as a browser would; <br> and the lines of <pre> stay line breaks.
    """
    out: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        lines = [" ".join(line.split()) for line in "".join(buf).split(_BR)]
        buf.clear()
        text = "\n".join(line for line in lines if line)
        if text:
            out.append(text)

    def add(text: str | None, pre: bool) -> None:
        if text:
            buf.append(text.replace("\n", _BR) if pre else re.sub(r"\s+", " ", text))

    def walk(el, pre: bool) -> None:
        name = _local(el)
        if name in _DROP or _is_pagebreak(el):
            return
        block = name in _BLOCKS
        if block:
            flush()
        if name == "br":
            buf.append(_BR)
        pre = pre or name == "pre"
        add(el.text, pre)
        for child in el:
            if isinstance(child.tag, str):
                walk(child, pre)
            add(child.tail, pre)
        if block:
            flush()

    body = next((e for e in root.iter() if _local(e) == "body"), root)
    walk(body, False)
    return out


def _names(zf: zipfile.ZipFile) -> dict[str, str]:
    return {info.filename.lower(): info.filename for info in zf.infolist()}


def _first_text(meta, name: str) -> list[str]:
    return [" ".join("".join(e.itertext()).split()) for e in meta.iter()
            if _local(e) == name and "".join(e.itertext()).strip()]


def _metadata(opf) -> dict:
    meta = next((e for e in opf.iter() if _local(e) == "metadata"), None)
    if meta is None:
        return {}
    opf_ns = "{http://www.idpf.org/2007/opf}"
    creators = []
    for e in meta.iter():
        if _local(e) == "creator" and "".join(e.itertext()).strip():
            role = e.get(opf_ns + "role") or e.get("role") or ""
            if role in ("", "aut"):
                creators.append(" ".join("".join(e.itertext()).split()))
    dates = []
    for e in meta.iter():
        if _local(e) == "date" and (e.text or "").strip():
            event = (e.get(opf_ns + "event") or e.get("event") or "").lower()
            dates.append((0 if event in ("publication", "") else 1, e.text.strip()))
    urls = [t for t in _first_text(meta, "identifier") if re.match(r"https?://", t)]
    titles = _first_text(meta, "title")
    return {
        "title": titles[0] if titles else "",
        "author": ", ".join(dict.fromkeys(creators)),
        "date": iso_date(sorted(dates)[0][1], keep=True) if dates else "",
        "source": (_first_text(meta, "publisher") or [""])[0],
        "url": urls[0] if urls else "",
        "tags": list(dict.fromkeys(_first_text(meta, "subject"))),
    }


def _encrypted_members(zf: zipfile.ZipFile, names: dict[str, str], limits: Limits) -> set[str]:
    real = names.get("meta-inf/encryption.xml")
    if not real:
        return set()
    try:
        root = etree.fromstring(read_member(zf, real, limits.member_bytes, "EPUB"), XML_PARSER)
    except etree.XMLSyntaxError:
        return set()
    locked = set()
    for data in root.iter():
        if _local(data) != "encrypteddata":
            continue
        method = next((e.get("Algorithm", "") for e in data.iter()
                       if _local(e) == "encryptionmethod"), "")
        uri = next((e.get("URI", "") for e in data.iter() if _local(e) == "cipherreference"), "")
        if uri and method not in _FONT_OBFUSCATION:
            locked.add(unquote(uri).lstrip("/").lower())
    return locked


def read_epub(path: Path, limits: Limits = DEFAULT_LIMITS) -> Extracted:
    check_file(path, limits.document_bytes, "EPUB files")
    check_zip(path, limits, "EPUB")
    try:
        with zipfile.ZipFile(path) as zf:
            return _read(zf, limits)
    except zipfile.BadZipFile as exc:
        raise ImportFailure(f"damaged EPUB: the zip archive is corrupt ({exc})") from None
    except OSError as exc:
        raise ImportFailure(os_reason(exc)) from None


def _member(zf, names, name: str, limits: Limits, what: str) -> bytes:
    real = names.get(name.lower())
    if real is None:
        raise ImportFailure(f"corrupt EPUB: {what} is missing")
    return read_member(zf, real, limits.member_bytes, "EPUB")


def _read(zf: zipfile.ZipFile, limits: Limits) -> Extracted:
    names = _names(zf)
    container = parse_xml(
        _member(zf, names, "META-INF/container.xml", limits, "META-INF/container.xml"),
        "META-INF/container.xml")
    rootfiles = [e.get("full-path") for e in container.iter() if _local(e) == "rootfile"
                 and e.get("full-path")]
    opf_rootfiles = [r for r in rootfiles if r.lower().endswith(".opf")] or rootfiles
    if not opf_rootfiles:
        raise ImportFailure("corrupt EPUB: container.xml names no package (OPF) file")
    opf_path = unquote(opf_rootfiles[0]).lstrip("/")
    opf = parse_xml(_member(zf, names, opf_path, limits,
                            f"the package file {opf_path} named in container.xml"), opf_path)
    base = posixpath.dirname(opf_path)
    manifest = {}
    for item in opf.iter():
        if _local(item) == "item" and item.get("id") and item.get("href"):
            href = unquote(item.get("href").split("#")[0])
            full = posixpath.normpath(posixpath.join(base, href)) if base else posixpath.normpath(href)
            manifest[item.get("id")] = (full, item.get("media-type", ""), item.get("properties", ""))
    spine = next((e for e in opf.iter() if _local(e) == "spine"), None)
    refs = [e for e in spine.iter() if _local(e) == "itemref"] if spine is not None else []
    if not refs:
        raise ImportFailure("corrupt EPUB: the package has no spine (reading order)")
    locked = _encrypted_members(zf, names, limits)
    paragraphs: list[str] = []
    missing = []
    readable = 0
    for ref in refs:
        entry = manifest.get(ref.get("idref", ""))
        if entry is None:
            missing.append(ref.get("idref", "?"))
            continue
        full, media, props = entry
        if "nav" in props.split() or not (
                "html" in media or "xml" in media or re.search(r"\.x?html?$", full, re.I)):
            continue
        if full.lower() in locked:
            raise ImportFailure("DRM-protected EPUB: the book's text is encrypted")
        if full.lower() not in names:
            missing.append(full)
            continue
        root = parse_xhtml(read_member(zf, names[full.lower()], limits.member_bytes, "EPUB"))
        readable += 1
        if root is not None:
            paragraphs.extend(block_paragraphs(root))
    if readable == 0:
        if missing:
            raise ImportFailure(
                f"corrupt EPUB: the spine's documents are missing from the archive "
                f"({', '.join(missing[:3])}{' ...' if len(missing) > 3 else ''})")
        raise ImportFailure("corrupt EPUB: the spine lists no XHTML documents")
    if not paragraphs:
        raise ImportFailure("no text: the EPUB's documents contain no text (images only?)")
    meta = _metadata(opf)
    return Extracted(
        text="\n\n".join(paragraphs),
        title=meta.get("title", ""),
        source=meta.get("source", ""),
        author=meta.get("author", ""),
        date=meta.get("date", ""),
        url=meta.get("url", ""),
        reflow=False,
        tags=meta.get("tags", []),
    )
