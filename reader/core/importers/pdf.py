"""PDF documents → text via pypdfium2 (PDFium), with pypdf as a second opinion.

PDFium is fast and tolerant of damaged files; its text comes in content order (columns are
usually kept apart). Per page we take PDFium's lines with the positions of their first and
last characters, drop control characters, join words split by a line-end soft hyphen, and
across pages drop repeated headers/footers and bare page numbers. Wrapped lines are then
joined into paragraphs by layout (:func:`layout_paragraphs`: a line that reaches its column's
right edge continues; a short line, a vertical gap, an indented first line, a bullet or a font
change starts a new paragraph), and a paragraph cut by a page break is joined again.
``reflow=True``: where no positions exist (pypdf's text), the hard wraps are left for the
normaliser, with blank lines only after clear paragraph ends.

When PDFium's text has unreadable characters (control or private-use characters, typical of
fonts without a usable Unicode map) pypdf extracts the document too and its text is used when
it is cleaner. The same happens when PDFium cannot load the document but pypdf can.

Metadata: Title (not when it is a file name such as "Binder1.pdf"; then the largest-font line
at the top of page 1), Author (not junk like "ARRAY(0x2c7cf020)"), CreationDate (else
ModDate) → ISO date.

Failures: a password is needed → "encrypted PDF: a password is required" (the empty user
password is tried first, which is how permission-only encryption opens); no text but images →
"no extractable text: the PDF has only images (scanned?); OCR is not supported"; unreadable →
"damaged PDF: <reason>".

Thread safety: PDFium is not thread-safe. Every use of pypdfium2 here holds ``PDFIUM_LOCK``;
other code in this process that calls pypdfium2 must take the same lock. Documents, pages and
text pages are always closed (``finally``), so no handles leak.
"""

from __future__ import annotations

import re
import threading
import unicodedata
import warnings
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from reader.core.errors import ImportFailure
from reader.core.model import Extracted

from .decode import iso_date
from .safety import DEFAULT_LIMITS, Limits, check_file, not_a, read_head

PDFIUM_LOCK = threading.RLock()

_PAGE_NUMBER = re.compile(
    r"^\W*(?:(?:page|p\.|pg\.?|seite|pág\.?|página|pagina)\s*)?"
    r"(?:\d{1,4}|[ivxlcdm]{1,7})(?:\s*(?:of|/|von|de|sur|di)\s*\d{1,4})?\W*$",
    re.I,
)
_JUNK_TITLE = re.compile(
    r"(^[\w\-. ()~\[\]]+\.(?:pdf|docx?|wpd|txt|rtf|tex|dvi|indd|ps|eps|odt|pages|xlsx?|pptx?|"
    r"html?|qxd|p65|pm\d|fm|cdr|ai)$)|^(?:untitled|no title|title|document\d*|binder\d*|"
    r"microsoft word|scan\d*|img\d*|print)$",
    re.I,
)
_JUNK_AUTHOR = re.compile(r"^(?:ARRAY|HASH|SCALAR|CODE)\(0x[0-9a-f]+\)$|^(?:unknown|author|"
                          r"user|owner|admin|administrator|default|\?+)$", re.I)
_BAD_CATEGORIES = {"Cc", "Co", "Cn", "Cs"}


def _bad_share(text: str) -> float:
    chars = [c for c in text if not c.isspace()]
    if not chars:
        return 0.0
    bad = sum(1 for c in chars if c == "\ufffd" or unicodedata.category(c) in _BAD_CATEGORIES)
    return bad / len(chars)


def _scripts(text: str) -> int:
    """How many writing systems make up at least 2% of the letters (garbage mixes many)."""
    counts: Counter[str] = Counter()
    for c in text:
        if c.isalpha():
            try:
                counts[unicodedata.name(c).split()[0]] += 1
            except ValueError:
                counts["?"] += 1
    total = sum(counts.values())
    return sum(1 for n in counts.values() if n >= 0.02 * total) if total else 0


def _letters(text: str) -> int:
    return sum(1 for c in text if c.isalpha())


def _rtl(text: str) -> bool:
    """Mostly Arabic/Hebrew letters? (PDFium sometimes returns those in visual order.)"""
    rtl = sum(1 for c in text if unicodedata.bidirectional(c) in ("R", "AL"))
    return rtl > 0.3 * max(_letters(text), 1)


def _better(alt: str, text: str) -> bool:
    """Is pypdf's text ``alt`` a cleaner reading than PDFium's ``text``?"""
    if not alt.strip() or _letters(alt) < 0.7 * _letters(text):
        return False
    bad_alt, bad = _bad_share(alt), _bad_share(text)
    scripts_alt, scripts = _scripts(alt), _scripts(text)
    if bad_alt > bad + 0.001 or scripts_alt > max(3, scripts):
        return False
    return bad_alt < bad or scripts_alt < scripts or (_rtl(text) and scripts_alt <= scripts)


_SOFT = "\u00ad"
_JOIN = "\u2060"  # marks where a line ending in "-" was joined (see dehyphenate)


def clean_line(text: str) -> str:
    """One line of page text without control characters; a line-end soft hyphen is kept as
    U+00AD (the word continues on the next line), one inside the line is dropped."""
    text = text.strip()
    end_soft = text[-1:] in ("\ufffe", "\x02", _SOFT)
    text = re.sub(r"[\x00-\x08\x0b-\x1f\x7f\ufeff\ufffe\u00ad]", "", text)
    text = re.sub(r"(?:/g\d+){2,}|\(cid:\d+\)", "", text).strip()  # unmapped glyph names
    return text + _SOFT if end_soft and text else text


def _furniture_key(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.lower().split()))


def _furniture(pages: list[list[str]]) -> list[set[int]]:
    """Per page, the indexes of repeated headers/footers and bare page numbers.

    A line counts as a header/footer when it sits in the first or last two lines of a page
    (one on short pages), is short, and recurs (digits ignored: "Page 3 of 9") on at least
    half of the pages (three or more).
    """
    def edges(lines: list[str]) -> set[int]:
        idx = [i for i, ln in enumerate(lines) if ln]
        zone = 2 if len(idx) >= 8 else 1
        return set(idx[:zone] + idx[-zone:])

    counts: Counter[str] = Counter()
    for lines in pages:
        counts.update({_furniture_key(lines[i]) for i in edges(lines) if len(lines[i]) <= 120})
    repeated = {k for k, n in counts.items() if len(pages) >= 3 and n >= max(3, 0.5 * len(pages))}
    return [{i for i in edges(lines)
             if _furniture_key(lines[i]) in repeated or _PAGE_NUMBER.match(lines[i])}
            for lines in pages]


def drop_furniture(pages: list[list[str]]) -> list[list[str]]:
    """The pages' lines without repeated headers/footers and bare page numbers."""
    return [[ln for i, ln in enumerate(lines) if i not in drop]
            for lines, drop in zip(pages, _furniture(pages))]


def paragraphs(lines: list[str]) -> str:
    """Lines of a page without positions → text with a blank line after each line that ends
    a paragraph (a sentence end on a clearly short line, or a heading-like line); the other
    line breaks stay for the normaliser to judge (``reflow=True``)."""
    lengths = sorted(len(ln) for ln in lines if ln)
    if not lengths:
        return ""
    typical = lengths[int(len(lengths) * 0.8)] if len(lengths) >= 5 else max(lengths)
    out: list[str] = []
    for i, ln in enumerate(lines):
        if not ln:
            if out and out[-1] != "":
                out.append("")
            continue
        out.append(ln)
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        ends = re.search(r"[.!?:;\"”’»)]$|[。！？]$", ln)
        short = len(ln) < 0.75 * typical
        heading = (len(ln) < 0.6 * typical and not re.search(r"[.,;:]$", ln)
                   and nxt[:1].isupper() and len(nxt) > len(ln))
        if (ends and short) or heading:
            out.append("")
    return "\n".join(out).strip("\n")


def _join_pages(pages: list[list[str]]) -> str:
    """Paragraphs of all pages; a paragraph cut by a page break is joined again."""
    out: list[str] = []
    for paras in pages:
        paras = [p for p in paras if p.strip()]
        if not paras:
            continue
        if out and not re.search(r"[.!?:\"”»)。]$", out[-1]) and paras[0][:1].islower():
            last = out.pop()
            paras[0] = (last[:-1] if last.endswith(_SOFT) else
                        last + _JOIN if last.endswith("-") else last + " ") + paras[0]
        out.extend(paras)
    return dehyphenate("\n\n".join(out).replace(_SOFT, ""))


def dehyphenate(text: str) -> str:
    """Resolve hyphens at joined line ends: "Ex-|isting" → "Existing" when the document uses
    "existing" elsewhere and never "ex-isting"; otherwise the hyphen stays ("well-known")."""
    if _JOIN not in text:
        return text
    elsewhere = re.sub(r"\w+-" + _JOIN + r"\w+", " ", text).lower()
    words = set(re.findall(r"\w+", elsewhere))
    hyphenated = set(re.findall(r"\w+-\w+", elsewhere))

    def fix(m: re.Match[str]) -> str:
        a, b = m.group(1), m.group(2)
        if (a + b).lower() in words and f"{a}-{b}".lower() not in hyphenated:
            return a + b
        return f"{a}-{b}"

    text = re.sub(r"(\w+)-" + _JOIN + r"(\w+)", fix, text)
    return text.replace(_JOIN, "")


def _clean_title(title: str) -> str:
    title = " ".join((title or "").split())
    title = re.sub(r"^Microsoft (?:Word|PowerPoint|Excel) - ", "", title)
    if not title or _JUNK_TITLE.search(title) or not any(c.isalpha() for c in title):
        return ""
    return title


def _largest_font_title(textpage, raw) -> str:
    """The run of largest-font characters near the top of page 1 (a heuristic title)."""
    n = min(textpage.count_chars(), 1500)
    if n <= 0:
        return ""
    sizes = [raw.FPDFText_GetFontSize(textpage.raw, i) for i in range(n)]
    text = textpage.get_text_range(0, n)
    if len(text) != n:
        return ""
    biggest = max(sizes)
    body = sorted(sizes)[len(sizes) // 2]
    if biggest < body * 1.25:
        return ""
    picked = "".join(ch if s >= biggest - 0.5 else " " if ch.isspace() else "\x00"
                     for ch, s in zip(text, sizes))
    picked = picked.strip("\x00 \r\n").split("\x00")[0]  # the first run only
    title = " ".join(picked.replace("\r", " ").replace("\n", " ").replace("\ufffe", "").split())
    return title if 3 <= len(title) <= 250 and any(c.isalpha() for c in title) else ""


@dataclass
class Line:
    """One text line of a page; positions in PDF points (None without a character map)."""

    text: str
    left: float | None = None
    right: float | None = None
    top_bottom: float | None = None    # bottom of the line's first character
    end_bottom: float | None = None    # bottom of its last character
    height: float | None = None        # font height of its first character


def _page_lines(textpage) -> list[Line]:
    """PDFium's lines of a page, each with the position of its first and last character."""
    text = textpage.get_text_range()
    if len(text) != textpage.count_chars():
        return [Line(t) for t in re.split(r"\r\n|\n|\r", text)]  # cannot map positions
    lines: list[Line] = []
    start = 0
    for m in list(re.finditer(r"\r\n|\n|\r", text)) + [None]:
        end = m.start() if m else len(text)
        first = next((k for k in range(start, end) if not text[k].isspace()), None)
        last = next((k for k in range(end - 1, start - 1, -1) if not text[k].isspace()), None)
        if first is None or last is None:
            lines.append(Line(text[start:end]))
        else:
            a, b = textpage.get_charbox(first, loose=True), textpage.get_charbox(last, loose=True)
            lines.append(Line(text[start:end], a[0], b[2], a[1], b[1], a[3] - a[1]))
        start = m.end() if m else end
    return lines


_BULLET = re.compile(r"^(?:[•·▪►◦‣∙\-–—*!]|\(?\d{1,3}[.)]|\(?[a-z][.)])\s")


def _same_column(a: Line, b: Line) -> bool:
    overlap = min(a.right, b.right) - max(a.left, b.left)
    return overlap >= 0.5 * min(a.right - a.left, b.right - b.left)


def layout_paragraphs(lines: list[Line]) -> list[str]:
    """Join the wrapped lines of a page into paragraphs, using where the lines sit.

    A line break is a wrap when the line reaches the right edge of its column, i.e. the next
    line's first word would not have fitted after it. The edge is taken from the neighbouring
    lines (text flowing around a figure has a nearer edge), except for runs of short lines
    (lists, verse, headings), which are measured against the whole column. A paragraph ends at
    a line that stops short, before a vertical gap over 1.5 line pitches, before an indented
    first line, or before a line that starts with a bullet.
    """
    lines = [ln for ln in lines if ln.text and ln.left is not None]
    if not lines:
        return []
    steps = [a.end_bottom - b.top_bottom for a, b in zip(lines, lines[1:])
             if a.end_bottom - b.top_bottom > 0.5]
    pitch = sorted(steps)[len(steps) // 4] if steps else 0.0
    paragraphs: list[str] = []
    current = lines[0].text
    for i in range(1, len(lines)):
        prev, cur = lines[i - 1], lines[i]
        column = [ln for ln in lines[max(0, i - 10):i + 9] if _same_column(ln, prev)] or [prev]
        rights = sorted(ln.right for ln in column)
        col_right = rights[int(0.9 * (len(rights) - 1))]
        col_left = min(ln.left for ln in column)
        near = [ln for ln in lines[max(0, i - 3):i + 2] if _same_column(ln, prev)] or [prev]
        edge = max(ln.right for ln in near)
        char = (prev.right - prev.left) / max(len(prev.text.strip()), 1)
        need = (len(cur.text.split()[0]) if cur.text.split() else 0) + 1  # next word + space
        if prev.right + need * char >= col_right - 0.5 * char:
            wrapped = True   # the line fills its column
        elif edge - col_left >= 0.5 * (col_right - col_left):
            # A narrower stretch (text flowing around a figure): wrapped if it fills that
            # stretch, but a sentence end there more likely ends the paragraph.
            wrapped = (prev.right + need * char >= edge - 0.5 * char
                       and not re.search(r"[.!?:;]['\"’”)]?$", prev.text))
        else:
            wrapped = False  # short lines: lists, verse, headings
        gap = prev.end_bottom - cur.top_bottom
        indented = cur.left > col_left + 1.5 * char and prev.left <= col_left + 0.5 * char
        resized = bool(prev.height and cur.height
                       and abs(prev.height - cur.height) > 0.2 * max(prev.height, cur.height))
        if (wrapped and not (pitch and gap > 1.5 * pitch) and not indented and not resized
                and not _BULLET.match(cur.text)):
            if current.endswith(_SOFT):
                current = current[:-1] + cur.text
            else:
                current += (_JOIN if current.endswith("-") else " ") + cur.text
        else:
            paragraphs.append(current)
            current = cur.text
    paragraphs.append(current)
    return paragraphs


def _pdfium_extract(path: Path, password: str | None = None) -> tuple[list[str], dict, str, dict]:
    """(page texts, metadata, fallback title, layout counts) with PDFium.

    The counts: "images" on pages without text; "text_objects" and "chars" on pages with
    little text (to notice text drawn with fonts that have no character map).
    """
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    with PDFIUM_LOCK:
        try:
            doc = pdfium.PdfDocument(str(path), password=password)
        except pdfium.PdfiumError as exc:
            code = getattr(exc, "err_code", None)
            if code == raw.FPDF_ERR_PASSWORD:
                raise ImportFailure("encrypted PDF: a password is required") from None
            if code == raw.FPDF_ERR_SECURITY:
                raise ImportFailure("encrypted PDF: unsupported security handler") from None
            if code == raw.FPDF_ERR_FILE:
                raise ImportFailure("the file could not be opened") from None
            raise _Damaged(str(exc)) from None
        try:
            meta = doc.get_metadata_dict(skip_empty=True)
            texts, fallback_title = [], ""
            counts = {"images": 0, "text_objects": 0, "chars": 0}
            for i in range(len(doc)):
                page = doc[i]
                try:
                    textpage = page.get_textpage()
                    try:
                        texts.append(_page_lines(textpage))
                        if i == 0:
                            fallback_title = _largest_font_title(textpage, raw)
                    finally:
                        textpage.close()
                    visible = len("".join("".join(ln.text for ln in texts[-1]).split()))
                    if visible < 200:
                        kinds = [obj.type for obj in page.get_objects(max_depth=2)]
                        if not visible:
                            counts["images"] += kinds.count(raw.FPDF_PAGEOBJ_IMAGE)
                        counts["text_objects"] += kinds.count(raw.FPDF_PAGEOBJ_TEXT)
                        counts["chars"] += visible
                finally:
                    page.close()
            return texts, meta, fallback_title, counts
        finally:
            doc.close()


class _Damaged(Exception):
    pass


def _pypdf_extract(path: Path, password: str | None = None) -> tuple[list[str], dict]:
    """(page texts, metadata) with pypdf (under the lock: it changes pypdf's log level)."""
    with PDFIUM_LOCK:
        return _pypdf_extract_locked(path, password)


def _pypdf_extract_locked(path: Path, password: str | None) -> tuple[list[str], dict]:
    import logging

    import pypdf
    from pypdf.errors import PdfReadWarning

    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.ERROR)  # pypdf logs every repaired object as a warning
    try:
        with warnings.catch_warnings():
            # pypdf warns about every oddity it repairs; the text is what matters here.
            warnings.simplefilter("ignore", PdfReadWarning)
            with open(path, "rb") as fh:
                reader = pypdf.PdfReader(fh, strict=False)
                if reader.is_encrypted and not reader.decrypt(password or ""):
                    raise ImportFailure("encrypted PDF: a password is required")
                meta = {}
                try:
                    info = reader.metadata or {}
                    meta = {k.lstrip("/"): str(v) for k, v in info.items() if v}
                except Exception:  # metadata is optional
                    pass
                texts = []
                for page in reader.pages:
                    try:
                        texts.append(page.extract_text() or "")
                    except Exception:  # one broken page
                        texts.append("")
                return texts, meta
    finally:
        logger.setLevel(level)


def _damage_reason(path: Path, pdfium_message: str) -> str:
    try:
        with open(path, "rb") as fh:
            fh.seek(0, 2)
            size = fh.tell()
            fh.seek(max(0, size - 2048))
            tail = fh.read()
    except OSError:
        tail = b""
    if b"%%EOF" not in tail:
        return "the file is truncated (no end-of-file marker) and cannot be read"
    detail = pdfium_message.replace("Failed to load document (PDFium: ", "").rstrip(").")
    return f"its structure cannot be read ({detail.lower() or 'unknown error'})"


def read_pdf(path: Path, limits: Limits = DEFAULT_LIMITS, password: str | None = None) -> Extracted:
    """Read a PDF (``password``: for callers that asked the user; read_path never passes one)."""
    check_file(path, limits.document_bytes, "PDF files")
    head = read_head(path, 1024)
    if b"%PDF" not in head:
        raise not_a("PDF", head, "no %PDF header")
    try:
        texts, meta, fallback_title, counts = _pdfium_extract(path, password)
    except _Damaged as exc:
        try:
            texts, meta = _pypdf_extract(path, password)
        except ImportFailure:
            raise
        except Exception:
            texts = []
        if not any(t.strip() for t in texts):
            raise ImportFailure(f"damaged PDF: {_damage_reason(path, str(exc))}") from None
        fallback_title, counts = "", {"images": 0, "text_objects": 0, "chars": 0}
        texts = [[Line(t) for t in page.split("\n")] for page in texts]
    else:
        joined = "".join(ln.text for lines in texts for ln in lines)
        if _bad_share(joined) > 0.005 or _scripts(joined) >= 3 or _rtl(joined):
            try:
                alt, _alt_meta = _pypdf_extract(path, password)
            except Exception:
                alt = []
            if _better("".join(alt), joined):
                texts = [[Line(t) for t in page.split("\n")] for page in alt]
                counts["text_objects"] = 0  # pypdf could read the text
    if not texts:
        raise ImportFailure("damaged PDF: it has no pages")
    pages = [[Line(clean_line(ln.text), ln.left, ln.right, ln.top_bottom, ln.end_bottom,
                   ln.height)
              for ln in lines] for lines in texts]
    if not any(ln.text for lines in pages for ln in lines):
        if counts["images"]:
            raise ImportFailure(
                "no extractable text: the PDF has only images (scanned?); OCR is not supported")
        raise ImportFailure("no extractable text: the pages have no text layer")
    if counts["text_objects"] >= 50 and counts["chars"] < 0.25 * counts["text_objects"]:
        raise ImportFailure("no usable text: the PDF's fonts do not map their glyphs to "
                            "characters, so the text cannot be extracted")
    drops = _furniture([[ln.text for ln in lines] for lines in pages])
    page_paragraphs = []
    for lines, drop in zip(pages, drops):
        kept = [ln for i, ln in enumerate(lines) if i not in drop]
        if any(ln.left is not None for ln in kept):
            page_paragraphs.append(layout_paragraphs(kept))
        else:
            page_paragraphs.append(paragraphs([ln.text for ln in kept]).split("\n\n"))
    text = _join_pages(page_paragraphs)
    if not text.strip():
        raise ImportFailure("no extractable text: only page numbers and headers")
    title = _clean_title(meta.get("Title", "")) or _clean_title(fallback_title)
    author = " ".join(meta.get("Author", "").split())
    if _JUNK_AUTHOR.match(author):
        author = ""
    date = iso_date(meta.get("CreationDate", "")) or iso_date(meta.get("ModDate", ""))
    return Extracted(text=text, title=title, author=author, date=date, reflow=True)
