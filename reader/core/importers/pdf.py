"""PDF documents → text via pypdfium2 (PDFium), with pypdf as a second opinion.

PDFium is fast and tolerant of damaged files; its text comes in content order (columns are
usually kept apart). Per page we take PDFium's lines with the positions of their first and
last characters, drop control characters, join words split by a line-end soft hyphen, and
across pages drop repeated headers/footers and bare page numbers. Wrapped lines are then
joined into paragraphs by layout (pdf_layout.py, :func:`layout_paragraphs`: a line that reaches its column's
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
from pathlib import Path

from reader.core.errors import ImportFailure
from reader.core.model import Extracted

from .decode import iso_date
from .pdf_layout import (Line, clean_line, furniture, join_pages, layout_paragraphs,
                         page_lines, paragraphs)
from .safety import DEFAULT_LIMITS, Limits, check_file, not_a, read_head

PDFIUM_LOCK = threading.RLock()

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
                        texts.append(page_lines(textpage))
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
    drops = furniture([[ln.text for ln in lines] for lines in pages])
    page_paragraphs = []
    for lines, drop in zip(pages, drops):
        kept = [ln for i, ln in enumerate(lines) if i not in drop]
        if any(ln.left is not None for ln in kept):
            page_paragraphs.append(layout_paragraphs(kept))
        else:
            page_paragraphs.append(paragraphs([ln.text for ln in kept]).split("\n\n"))
    text = join_pages(page_paragraphs)
    if not text.strip():
        raise ImportFailure("no extractable text: only page numbers and headers")
    title = _clean_title(meta.get("Title", "")) or _clean_title(fallback_title)
    author = " ".join(meta.get("Author", "").split())
    if _JUNK_AUTHOR.match(author):
        author = ""
    date = iso_date(meta.get("CreationDate", "")) or iso_date(meta.get("ModDate", ""))
    return Extracted(text=text, title=title, author=author, date=date, reflow=True)
