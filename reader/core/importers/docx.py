"""Word documents (.docx) → text in body order, via python-docx plus a small lxml walker.

Order of checks: size from stat → a legacy .doc (OLE2) renamed to .docx is refused → the zip's
central directory is vetted (:func:`check_zip`, zip bombs) → the main document part is located
through ``_rels/.rels`` (it need not be ``word/document.xml``) and its content type checked
(an .xlsx/.pptx renamed to .docx is refused) → python-docx opens the package.

Text comes from walking the body XML (python-docx's parsed tree): paragraphs and tables in
body order, content controls, hyperlinks, field *results* (never field codes such as
``REF bk1 \\h``), tracked insertions (not deletions), equations, text boxes (once, not their
VML fallback copies). Each paragraph is its own paragraph; list items get "- "; a table row
of short cells becomes one "a | b | c" line. Footnotes and endnotes follow the body.

When python-docx cannot open a package it should (a missing image part, Strict OOXML
namespaces, ...), the same walker runs on the main part parsed with a locked-down lxml parser.
Malformed XML is refused ("damaged DOCX: word/document.xml is not well-formed XML (...)").

Metadata: the Title / Author / Date styled paragraphs at the start (and removed from the body)
win over core properties (docProps/core.xml title, creator, created), because the core
creator is often just the person who made the file.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path

from lxml import etree

from reader.core.errors import ImportFailure
from reader.core.model import Extracted

from .decode import iso_date
from .safety import DEFAULT_LIMITS, Limits, check_file, check_zip, read_head, read_member

XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                             load_dtd=False, remove_comments=True)
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_NOT_WORD = {
    "xl/": "an Excel workbook (.xlsx)", "ppt/": "a PowerPoint presentation (.pptx)",
}
_SKIP = {"instrText", "delText", "del", "Fallback", "footnoteReference", "endnoteReference",
         "commentReference", "annotationRef", "pPr", "rPr", "sectPr", "moveFrom"}
_JUNK_TITLE = re.compile(r"^(?:word document|document\d*|untitled|title|microsoft word.*|"
                         r"\S+\.(?:docx?|rtf|odt))$", re.I)


def _local(el) -> str:
    tag = el.tag
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _attr(el, name: str) -> str:
    for key, value in el.attrib.items():
        if key == name or key.endswith("}" + name):
            return value
    return ""


class _Walker:
    """Body XML → list of (style name, text, is_list_item)."""

    def __init__(self, style_names: dict[str, str]):
        self.style_names = style_names
        self.out: list[tuple[str, str, bool]] = []

    def block(self, el) -> None:
        for child in el:
            name = _local(child)
            if name == "p":
                self.paragraph(child)
            elif name == "tbl":
                self.table(child)
            elif name in ("sdt", "sdtContent", "customXml", "ins", "smartTag", "txbxContent",
                          "AlternateContent", "Choice", "body", "footnote", "endnote"):
                self.block(child)

    def paragraph(self, p) -> None:
        parts: list[str] = []
        boxes: list = []
        self._runs(p, parts, boxes)
        text = "".join(parts)
        lines = [" ".join(line.replace("\t", " ").split()) for line in text.split("\n")]
        text = "\n".join(line for line in lines if line)
        ppr = next((c for c in p if _local(c) == "pPr"), None)
        style, is_list = "", False
        if ppr is not None:
            for c in ppr:
                if _local(c) == "pStyle":
                    sid = _attr(c, "val")
                    style = self.style_names.get(sid, sid)
                elif _local(c) == "numPr":
                    is_list = True
        if style.lower().startswith("list"):
            is_list = True
        if text:
            self.out.append((style, text, is_list))
        for later in boxes:  # text boxes and nested paragraphs follow their anchor
            later()

    def _runs(self, el, parts: list[str], boxes: list) -> None:
        for child in el:
            name = _local(child)
            if name in _SKIP:
                continue
            if name == "t":
                parts.append(child.text or "")
            elif name == "tab":
                parts.append("\t")
            elif name in ("br", "cr"):
                parts.append("\n")
            elif name == "noBreakHyphen":
                parts.append("-")
            elif name == "txbxContent":
                boxes.append(lambda box=child: self.block(box))
            elif name == "oMath" or name == "oMathPara":
                parts.append("".join(t.text or "" for t in child.iter() if _local(t) == "t"))
            elif name == "p":  # a paragraph nested in a run container: keep it apart
                boxes.append(lambda para=child: self.paragraph(para))
            else:
                self._runs(child, parts, boxes)

    def table(self, tbl) -> None:
        for tr in (c for c in tbl if _local(c) == "tr"):
            cells = []
            for tc in (c for c in tr if _local(c) in ("tc", "sdt")):
                sub = _Walker(self.style_names)
                sub.block(tc)
                cells.append(sub.out)
            flat = [[t for _s, t, _l in cell] for cell in cells]
            if all(len(c) <= 1 for c in flat) and sum(len(t) for c in flat for t in c) < 300:
                row = " | ".join(c[0] for c in flat if c)
                if row:
                    self.out.append(("", row, False))
            else:
                for cell in cells:
                    self.out.extend(cell)


def _rels(zf, names, part: str, limits: Limits) -> list[tuple[str, str]]:
    """(type, absolute target) of the relationships of ``part`` ("" = the package)."""
    folder, base = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", base + ".rels")
    real = names.get(rels_name.lower())
    if real is None:
        return []
    try:
        root = etree.fromstring(read_member(zf, real, limits.member_bytes, "DOCX"), XML_PARSER)
    except etree.XMLSyntaxError as exc:
        raise ImportFailure(f"damaged DOCX: {rels_name} is not well-formed XML ({exc.msg})") from None
    out = []
    for rel in root:
        target = rel.get("Target", "")
        if rel.get("TargetMode") == "External" or not target:
            continue
        full = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
            posixpath.join(folder, target))
        out.append((rel.get("Type", ""), full))
    return out


def _main_part(zf, names, limits: Limits) -> str:
    main = [t for typ, t in _rels(zf, names, "", limits) if typ.endswith("/officeDocument")]
    candidates = main + ["word/document.xml"]
    for part in candidates:
        for prefix, what in _NOT_WORD.items():
            if part.startswith(prefix):
                raise ImportFailure(f"not a DOCX: it is {what}")
        if part.lower() in names:
            return names[part.lower()]
    if main:
        raise ImportFailure(f"corrupt DOCX: the main document part {main[0]} is missing")
    raise ImportFailure("corrupt DOCX: word/document.xml is missing")


def _style_names(zf, names, main: str, limits: Limits) -> dict[str, str]:
    styles = [t for typ, t in _rels(zf, names, main, limits) if typ.endswith("/styles")]
    real = names.get((styles[0] if styles else "word/styles.xml").lower())
    if real is None:
        return {}
    try:
        root = etree.fromstring(read_member(zf, real, limits.member_bytes, "DOCX"), XML_PARSER)
    except etree.XMLSyntaxError:
        return {}
    out = {}
    for st in root:
        if _local(st) == "style":
            name = next((_attr(c, "val") for c in st if _local(c) == "name"), "")
            out[_attr(st, "styleId")] = name or _attr(st, "styleId")
    return out


def _parse_part(zf, names, part: str, limits: Limits):
    real = names.get(part.lower())
    if real is None:
        return None
    try:
        return etree.fromstring(read_member(zf, real, limits.member_bytes, "DOCX"), XML_PARSER)
    except etree.XMLSyntaxError as exc:
        raise ImportFailure(f"damaged DOCX: {part} is not well-formed XML ({exc.msg})") from None


def _core(zf, names, limits: Limits) -> dict[str, str]:
    core = [t for typ, t in _rels(zf, names, "", limits) if typ.endswith("/core-properties")]
    try:
        root = _parse_part(zf, names, core[0] if core else "docProps/core.xml", limits)
    except ImportFailure:
        return {}
    if root is None:
        return {}
    return {_local(e): " ".join((e.text or "").split()) for e in root if (e.text or "").strip()}


def _notes(zf, names, main: str, limits: Limits, style_names) -> list[str]:
    out = []
    for typ, part in _rels(zf, names, main, limits):
        if not typ.endswith(("/footnotes", "/endnotes")):
            continue
        try:
            root = _parse_part(zf, names, part, limits)
        except ImportFailure:
            continue
        for note in (root if root is not None else []):
            if _local(note) in ("footnote", "endnote") and not _attr(note, "type"):
                w = _Walker(style_names)
                w.block(note)
                text = " ".join(t for _s, t, _l in w.out)
                if text:
                    out.append(text)
    return out


def read_docx(path: Path, limits: Limits = DEFAULT_LIMITS) -> Extracted:
    check_file(path, limits.document_bytes, "DOCX files")
    if read_head(path, 8).startswith(_OLE2):
        raise ImportFailure("not a DOCX: this is a legacy Word .doc file (OLE2); "
                            "save it as .docx to import it")
    check_zip(path, limits, "DOCX")
    try:
        with zipfile.ZipFile(path) as zf:
            names = {i.filename.lower(): i.filename for i in zf.infolist()}
            main = _main_part(zf, names, limits)
            style_names = _style_names(zf, names, main, limits)
            body = _python_docx_body(path)
            if body is None:
                root = _parse_part(zf, names, main, limits)
                body = next((e for e in root if _local(e) == "body"), None)
                if body is None:
                    raise ImportFailure(f"corrupt DOCX: {main} has no document body")
            walker = _Walker(style_names)
            walker.block(body)
            notes = _notes(zf, names, main, limits, style_names)
            core = _core(zf, names, limits)
    except zipfile.BadZipFile as exc:
        raise ImportFailure(f"damaged DOCX: the zip archive is corrupt ({exc})") from None
    return _assemble(walker.out, notes, core)


def _python_docx_body(path: Path):
    """The body element as parsed by python-docx, or None when it cannot open the package."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except etree.XMLSyntaxError:
        return None  # the lxml path names the broken part
    except (KeyError, ValueError, PackageNotFoundError, AttributeError, TypeError,
            zipfile.BadZipFile, IndexError):
        return None
    return document.element.body


def _assemble(items, notes: list[str], core: dict[str, str]) -> Extracted:
    title, authors, date = "", [], ""
    used: set[int] = set()
    for i, (style, text, _l) in enumerate(items[:12]):
        low = style.lower()
        if low == "title" and not title:
            title, _ = " ".join(text.split()), used.add(i)
        elif low == "author":
            authors.append(" ".join(text.split()))
            used.add(i)
        elif low == "date" and not date:
            date = iso_date(text, keep=True)
            used.add(i)
    paragraphs = []
    for i, (style, text, is_list) in enumerate(items):
        if i in used:
            continue
        paragraphs.append(("- " + text) if is_list and not text.startswith(("-", "•")) else text)
    paragraphs.extend(notes)
    if not paragraphs:
        if title:
            paragraphs = [title]
        else:
            raise ImportFailure("no text: the document is empty")
    core_title = core.get("title", "")
    if not title and core_title and not _JUNK_TITLE.match(core_title):
        title = core_title
    if not title and items and items[0][0].lower() in ("heading 1", "heading1"):
        title = items[0][1]
    return Extracted(
        text="\n\n".join(paragraphs),
        title=title,
        author=", ".join(authors) or core.get("creator", ""),
        date=date or iso_date(core.get("created", "")),
        reflow=False,
        tags=[k.strip() for k in re.split(r"[,;]", core.get("keywords", "")) if k.strip()],
    )
