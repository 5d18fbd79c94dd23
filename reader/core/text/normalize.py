"""Turn imported text into Reader's canonical *normalised text*.

Every later feature (search hits, sentence spans, highlights) stores plain ``str`` offsets
into the string returned by :func:`normalize`, so the function is deterministic and
idempotent: ``normalize(normalize(x, reflow=r), reflow=r) == normalize(x, reflow=r)``.

Output format
-------------
* paragraphs are separated by exactly ``"\\n\\n"``; no newline occurs inside a paragraph;
* no leading/trailing whitespace in the text or in any paragraph;
* runs of spaces collapse to one ``" "``; the only whitespace characters left are
  ``" "`` and ``"\\n"``;
* Unicode NFC; control characters, BOM, zero-width space and soft hyphen are removed;
  ZWJ/ZWNJ and bidi text are kept untouched.

Steps
-----
1. unify newlines, drop invisible junk, map Unicode spaces to ``" "``, NFC;
2. keep only the body of a Project Gutenberg e-book (between its START/END markers);
3. build paragraphs: one per non-empty line, or (``reflow=True``) by re-joining hard-wrapped
   lines -- see :func:`_reflow_paragraphs` for the heuristics;
4. drop paragraphs that consist entirely of blog/news page furniture (see
   :data:`FURNITURE_PATTERNS`).
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["normalize", "FURNITURE_PATTERNS"]

# --------------------------------------------------------------------------------------------
# Page furniture: a paragraph is dropped only when it matches one of these patterns in full
# (case-insensitive; optional leading arrows/bullets and trailing punctuation are allowed).
# Sentences that merely contain such words are real content and are kept.
# --------------------------------------------------------------------------------------------
FURNITURE_PATTERNS: tuple[tuple[str, str], ...] = (
    # pattern                                                            what it is
    (r"no comments|\d+ comments?|comments?|post a comment|leave a (?:comment|reply)",
     "blog comment widgets"),
    (r"subscribe to:? post comments(?: \(atom\))?", "Blogger feed link"),
    (r"read (?:the )?(?:original|full) (?:article|story|post|report)(?: here)?",
     "link to the source article"),
    (r"(?:click|tap) here(?: to (?:read|continue|learn|see) more)?|read more(?: here)?"
     r"|continue reading|see more", "read-more links"),
    (r"share(?: this)?(?: (?:article|story|post|page))?"
     r"(?: (?:on|via) (?:facebook|twitter|x|linkedin|whatsapp|reddit|email))?",
     "share bars"),
    (r"(?:tweet|print|e-?mail)(?: this(?: (?:article|story|page))?)?", "share/print buttons"),
    (r"advertisements?|sponsored(?: content)?|scroll to continue(?: with content)?",
     "advertising labels"),
    (r"(?:subscribe|sign up) (?:to|for) (?:our|the) (?:free )?(?:daily )?newsletters?"
     r"|subscribe(?: now)?", "newsletter prompts"),
    (r"(?:(?:newer|older) posts?|home)(?: (?:(?:newer|older) posts?|home))*", "blog pager"),
    (r"related (?:articles?|stories|posts|content)|you may also like", "related links"),
    (r"back to top|skip to (?:main )?content", "navigation"),
)

_FURNITURE_MAX_LEN = 80
_FURNITURE_RE = re.compile(
    r"(?:[»«›‹→←|•·>\-–—]\s*)*(?:"
    + "|".join(f"(?:{pattern})" for pattern, _ in FURNITURE_PATTERNS)
    + r")\s*[.:!?…»›→|>]*",
    re.IGNORECASE,
)

# --------------------------------------------------------------------------------------------
# Character cleaning
# --------------------------------------------------------------------------------------------
_NEWLINE_RE = re.compile("\r\n?|[\u2028\u2029\x0b\x0c\x85]")
# C0/C1 controls except \t and \n (the newline-like ones were replaced already), DEL,
# BOM/ZWNBSP, zero width space, soft hyphen.
_DROP_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ufeff\u200b\u00ad]")
# Spaces: tab, NBSP, ogham, en/em/thin/hair..., narrow NBSP, medium math space, ideographic.
_SPACE_CHARS = ("\t \u00a0\u1680" + "".join(map(chr, range(0x2000, 0x200B)))
                + "\u202f\u205f\u3000")
_OTHER_SPACE_CHARS = _SPACE_CHARS.replace(" ", "")
_OTHER_SPACE_RE = re.compile(f"[{_OTHER_SPACE_CHARS}]")
# Space runs that are not already a single " " (a lone " " is left alone: much faster).
_SPACES_RE = re.compile(f"[{_OTHER_SPACE_CHARS}][{_SPACE_CHARS}]*| [{_SPACE_CHARS}]+")
# Any character that needs the newline/drop treatment (cheap test for clean text).
_ODD_CHAR_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u200b\u2028\u2029\ufeff]")
# A soft hyphen at the end of a wrapped line is a hyphenation point: glue the halves.
_SOFT_HYPHEN_BREAK_RE = re.compile(f"\u00ad[{_SPACE_CHARS}]*\n(?=[{_SPACE_CHARS}]*[^\\s])")

# --------------------------------------------------------------------------------------------
# Project Gutenberg
# --------------------------------------------------------------------------------------------
_PG_MARKER = r"\*{3}\s*{kind}\s+OF\s+(?:THE\s+|THIS\s+)PROJECT\s+GUTENBERG\s+E-?BOOK[^\n]*"
_PG_START_RE = re.compile(_PG_MARKER.replace("{kind}", "START"), re.IGNORECASE)
_PG_END_RE = re.compile(_PG_MARKER.replace("{kind}", "END"), re.IGNORECASE)

# --------------------------------------------------------------------------------------------
# Reflow heuristics
# --------------------------------------------------------------------------------------------
_LEADING_SPACE_RE = re.compile(f"[{_SPACE_CHARS}]*")
# A line that opens a new block: list bullets, numbered items, "a)" / "(iv)" items, headings.
_BLOCK_START_RE = re.compile(
    r"(?:[-*•·▪►‣◦+]|\d{1,3}[.)]|[a-z]\)|\((?:\d{1,3}|[a-z]|[ivxlc]{1,6})\)|#{1,6})(?: |$)"
)
_BLANK_LINES_RE = re.compile(f"\n(?:[{_SPACE_CHARS}]*\n)+")
_LETTER_RE = re.compile(r"[^\W\d_]")
_SENTENCE_END_RE = re.compile(r"[.!?…:;。！？][\"'”’»)\]]*$")
# Words a sentence or a heading does not end with: a line ending with one runs on.
_DANGLING_WORD_RE = re.compile(
    r"(?<![^ ])(?:the|a|an|of|to|with|and|or|for|in|on|at|by|from|into|than|that|its|their"
    r"|his|her|our|your|this|these|those)$"
)
_MIN_WRAP_WIDTH = 30
_SHORT_LINE_SHARE = 0.6  # a block whose lines all stay below this share of W is not wrapped
_MAX_WRAP_WIDTH = 250
_MIN_WRAPPED_PAIRS = 3
_WRAPPED_PAIR_SHARE = 0.5


def normalize(text: str, *, reflow: bool = False) -> str:
    """Return the canonical normalised form of ``text``.

    ``reflow=False``: every non-empty input line becomes its own paragraph.
    ``reflow=True``: hard-wrapped lines are joined back into paragraphs (blank lines,
    bullets, headings, indented first lines and short sentence-final lines end a paragraph);
    text that turns out not to be wrapped keeps one paragraph per line.
    """
    text = _clean_characters(text, reflow=reflow)
    text = _strip_gutenberg_boilerplate(text)
    if reflow:
        paragraphs = _reflow_paragraphs(text)
    else:
        paragraphs = [line.strip(" ") for line in _collapse_spaces(text).split("\n")]
    return "\n\n".join(p for p in paragraphs if p and not _is_furniture(p))


def _clean_characters(text: str, *, reflow: bool) -> str:
    """Unify newlines, drop invisible characters and apply NFC (spaces are not collapsed)."""
    if _ODD_CHAR_RE.search(text) is not None:
        text = _NEWLINE_RE.sub("\n", text)
        if reflow and "\u00ad" in text:
            text = _SOFT_HYPHEN_BREAK_RE.sub("", text)
        text = _DROP_RE.sub("", text)
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


def _strip_gutenberg_boilerplate(text: str) -> str:
    """Keep only the e-book body between Project Gutenberg's START and END markers.

    The last START marker and the first END marker after it are used, so the kept part
    contains no marker and a second pass leaves it unchanged.
    """
    if "UTENBERG" not in text and "utenberg" not in text:
        return text
    start = 0
    for match in _PG_START_RE.finditer(text):
        start = match.end()
    end_match = _PG_END_RE.search(text, start)
    end = end_match.start() if end_match else len(text)
    if start == 0 and end_match is None:
        return text
    return text[start:end]


def _collapse_spaces(text: str) -> str:
    """Turn every run of spaces/tabs/Unicode spaces into one " " (newlines are kept)."""
    if "  " in text or "\t" in text or (
            not text.isascii() and _OTHER_SPACE_RE.search(text) is not None):
        return _SPACES_RE.sub(" ", text)
    return text


def _is_furniture(paragraph: str) -> bool:
    """True when the whole paragraph is known page furniture (never real content)."""
    return len(paragraph) <= _FURNITURE_MAX_LEN and _FURNITURE_RE.fullmatch(paragraph) is not None


# --------------------------------------------------------------------------------------------
# Reflow
# --------------------------------------------------------------------------------------------
class _Line:
    """One non-blank input line, prepared for the reflow decisions."""

    __slots__ = ("text", "width", "indent", "first_word_len", "bullet", "caps", "table")

    def __init__(self, raw: str) -> None:
        self.indent = _LEADING_SPACE_RE.match(raw).end()
        self.text = _collapse_spaces(raw).strip(" ")
        # Column width as typed (indent and repeated spaces count, as they did for the wrapper).
        self.width = len(raw.rstrip(_SPACE_CHARS))
        space = self.text.find(" ")
        self.first_word_len = space if space >= 0 else len(self.text)
        self.bullet = _BLOCK_START_RE.match(self.text) is not None
        self.caps = _is_all_caps(self.text)
        core = raw.strip(_SPACE_CHARS)
        self.table = "    " in core or "\t" in core  # column gaps of a table row

    @property
    def ends_sentence(self) -> bool:
        """True when the line ends with sentence-final punctuation (maybe inside quotes)."""
        return _SENTENCE_END_RE.search(self.text) is not None


def _is_all_caps(text: str) -> bool:
    """A heading-like line: at least two letters and no lowercase letter."""
    return text.isupper() and len(_LETTER_RE.findall(text, 0, 64)) >= 2


def _reflow_paragraphs(text: str) -> list[str]:
    """Re-join hard-wrapped lines; return the paragraphs (blocks are split by blank lines).

    The wrap width W is estimated from the file (:func:`_estimate_wrap_width`). Each line
    break inside a block is decided by :func:`_is_wrap`; a wrap is joined with a space, or
    with nothing after a word-internal hyphen ("well-" + "known").
    """
    chunks = _BLANK_LINES_RE.split(text)
    blocks: list[list[_Line] | str] = []
    for chunk in chunks:
        if "\n" not in chunk:  # a one-line block: nothing to decide (the common case)
            blocks.append(_collapse_spaces(chunk).strip(" "))
            continue
        lines = [_Line(raw) for raw in chunk.split("\n") if raw.strip(_SPACE_CHARS)]
        blocks.append(lines if len(lines) > 1 else lines[0].text if lines else "")
    multi_line = [block for block in blocks if isinstance(block, list)]
    width = _estimate_wrap_width(multi_line)
    indented_first_lines = _uses_first_line_indent(multi_line)
    paragraphs: list[str] = []
    for block in blocks:
        if isinstance(block, str):
            paragraphs.append(block)
            continue
        if width is not None and max(line.width for line in block) < _SHORT_LINE_SHARE * width:
            paragraphs.extend(line.text for line in block)  # verse, addresses, short lists
            continue
        parts = [block[0].text]
        in_list = block[0].bullet
        for index in range(1, len(block)):
            prev, nxt = block[index - 1], block[index]
            after = block[index + 1] if index + 1 < len(block) else None
            if _is_wrap(prev, nxt, after, width, in_list, indented_first_lines):
                parts.append(_join_separator(prev.text, nxt.text))
                parts.append(nxt.text)
            else:
                paragraphs.append("".join(parts))
                parts = [nxt.text]
                in_list = nxt.bullet
        paragraphs.append("".join(parts))
    return paragraphs


def _estimate_wrap_width(blocks: list[list[_Line]]) -> int | None:
    """Estimate the column width the text was hard-wrapped at, or None if it is not wrapped.

    A break between two lines of a greedily wrapped text satisfies
    ``len(line) <= W < len(line) + 1 + len(first word of next line)``. Each pair of adjacent
    lines gives such an interval; W is the value covered by the most intervals. The text
    counts as wrapped only when that W explains enough of the pairs (unwrapped text with
    lines of varied lengths gives scattered intervals that rarely overlap).
    """
    limit = _MAX_WRAP_WIDTH + 2
    coverage = [0] * (limit + 1)
    pairs = 0
    for block in blocks:
        for prev, nxt in zip(block, block[1:]):
            pairs += 1
            low = prev.width
            if low > _MAX_WRAP_WIDTH:
                continue
            coverage[low] += 1
            coverage[min(low + 1 + nxt.first_word_len, limit)] -= 1
    if pairs < _MIN_WRAPPED_PAIRS:
        return None
    best_width, best_count, running = 0, 0, 0
    for column in range(limit):
        running += coverage[column]
        if running > best_count:
            best_width, best_count = column, running
    if (best_count < _MIN_WRAPPED_PAIRS or best_count < _WRAPPED_PAIR_SHARE * pairs
            or best_width < _MIN_WRAP_WIDTH):
        return None
    return best_width


def _uses_first_line_indent(blocks: list[list[_Line]]) -> bool:
    """True when paragraphs are marked by an indented first line (old newswire style)."""
    count = 0
    for block in blocks:
        for prev, nxt in zip(block, block[1:]):
            if prev.indent >= 2 and nxt.indent < prev.indent and not nxt.bullet:
                count += 1
                if count >= 2:
                    return True
    return False


def _is_wrap(prev: _Line, nxt: _Line, after: _Line | None, width: int | None,
             in_list: bool, indented_first_lines: bool) -> bool:
    """Decide whether the line break between ``prev`` and ``nxt`` is a soft wrap.

    ``width`` is the estimated wrap width (None: the text does not look wrapped);
    ``in_list`` tells that the paragraph being built started with a bullet;
    ``indented_first_lines`` that the file marks paragraphs by indenting their first line.
    """
    if prev.table or nxt.table:
        return False
    if nxt.indent >= 2 and not in_list and (
            nxt.indent >= prev.indent + 2
            or (after is not None and after.indent < nxt.indent and not after.bullet)
            or (indented_first_lines and nxt.indent >= prev.indent)):
        return False  # indented first line of a new paragraph
    if width is None:
        # Unwrapped (or too short to tell): only a sentence that visibly runs on is joined.
        return _runs_on(prev, nxt, min_words=3)
    over = max(4, width // 10)
    if prev.width > width + over or nxt.width > width + over:
        return False  # clearly longer than the wrap width: a standalone paragraph
    full = prev.width + 1 + nxt.first_word_len > width - max(1, width // 40)
    if full and not prev.ends_sentence:
        # A full line stopping mid-sentence always continues; only a new bullet of a list
        # can interrupt it.
        return not (nxt.bullet and in_list)
    if nxt.bullet or nxt.caps or prev.caps:
        return False
    if _is_lead_word(nxt, after, width) and prev.ends_sentence:
        return False  # "...might.\nThe\ndispatch of": a new paragraph starts at "The"
    if full or _is_lead_word(prev, nxt, width):
        return True
    return _runs_on(prev, nxt, min_words=1)


def _runs_on(prev: _Line, nxt: _Line, min_words: int) -> bool:
    """A short line whose sentence visibly continues on the next line.

    Either the next line starts in lowercase (and ``prev`` has at least ``min_words``
    words), or ``prev`` ends with a word no sentence or heading ends with ("...with the").
    Lines shortened by later edits of a wrapped text, or a wrapped text's first line
    shortened by a removed dateline, are caught this way.
    """
    if prev.ends_sentence or prev.caps or nxt.bullet:
        return False
    if _DANGLING_WORD_RE.search(prev.text, len(prev.text) - 6):
        return True
    return nxt.text[0].islower() and prev.text.count(" ") + 1 >= min_words


def _is_lead_word(line: _Line, following: _Line | None, width: int) -> bool:
    """A paragraph's first word alone on its line, followed by a full-width line.

    Greedy wrapping never leaves a short word alone mid-paragraph, so such a line (no final
    punctuation, not a heading in capitals) is the drop-cap style start of a paragraph.
    """
    return (following is not None
            and line.first_word_len == len(line.text)
            and 3 * len(line.text) <= width
            and not line.ends_sentence
            and not line.caps
            and not following.bullet
            and following.width >= 0.75 * width)


def _join_separator(left: str, right: str) -> str:
    """Separator for a wrap: none after a word-internal hyphen or dash ("well-|known")."""
    if len(left) >= 2 and left[-1] in "-—" and left[-2].isalnum() and right[0].isalnum():
        return ""
    return " "


_FIELD_DROP_RE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\u200b\u00ad\ufeff"
                            "\u202a-\u202e\u2066-\u2069]")
_FIELD_SPACE_RE = re.compile(r"\s+")


def clean_field(value: str) -> str:
    """A metadata field (title, source, author, date, url, tag) as one clean line: control
    characters (a terminal's escape sequences start with them) and bidirectional overrides
    dropped, any run of white space (newlines, tabs) one space."""
    return _FIELD_SPACE_RE.sub(" ", _FIELD_DROP_RE.sub("", value or "")).strip()
