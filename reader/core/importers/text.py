"""Plain-text articles (.txt, .text).

The text is decoded with :func:`decode_bytes`; newlines are unified here so that CR-only files
work. Metadata comes from the first lines of the text itself:

* ``Outlet\\n\\nTitle\\n\\nBody...`` (a short outlet name, a blank line, a short title line,
  a blank line) → source and title, both removed from the body;
* ``Title\\n\\nBody...`` (a short first line without a final period, followed by a blank
  line) → title, removed from the body;
* otherwise (the first line is a long sentence, or the text is hard-wrapped from the first
  line on) the body stays intact and the title is made from the first sentence, cut at a word
  boundary to at most ~90 characters with "…".

The body keeps its hard wraps (``reflow=True``): the normaliser joins them.
"""

from __future__ import annotations

import re
from pathlib import Path

from reader.core.errors import ImportFailure
from reader.core.model import Extracted

from .decode import decode_bytes
from .safety import DEFAULT_LIMITS, Limits, check_file, read_file

TITLE_MAX = 120     # a title line is shorter than this
SOURCE_MAX = 50     # an outlet name is at most this long ...
SOURCE_WORDS = 5    # ... and has at most this many words
MADE_TITLE_MAX = 90

_END_PUNCT = ".,;:!?…。．"
# Sentence end: . ! ? … (then closing quotes/brackets or citation marks like [2]) before a
# space; the CJK full stops end a sentence without a space.
_SENTENCE_END = re.compile(r"[.!?…](?:['\"’”»)\]]|\[\d+\])*(?=\s|$)|[。！？](?:[」』）”])*")
_ABBREV = re.compile(r"(?:\b(?:[A-Z]|Mr|Mrs|Ms|Dr|Prof|St|Sr|Jr|vs|etc|No|Gen|Gov|Sen|Rep|Lt|Col|"
                     r"Inc|Ltd|Co|Corp|U\.S|U\.K|e\.g|i\.e)\.)$")


def unify_newlines(text: str) -> str:
    """CRLF and lone CR (classic Mac) become LF; a leading BOM and trailing spaces go."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.lstrip("\ufeff")


def _is_title_line(line: str) -> bool:
    line = line.strip()
    return (
        0 < len(line) < TITLE_MAX
        and line[-1] not in _END_PUNCT.replace("?", "").replace("!", "")
        and any(ch.isalnum() for ch in line)
    )


def _is_source_line(line: str) -> bool:
    line = line.strip()
    return (
        0 < len(line) <= SOURCE_MAX
        and len(line.split()) <= SOURCE_WORDS
        and line[-1] not in _END_PUNCT
        and any(ch.isalpha() for ch in line)
    )


def first_sentence(paragraph: str) -> str:
    """The first sentence of a paragraph (hard wraps joined), or the whole paragraph."""
    lines = [ln for ln in paragraph.split("\n") if any(ch.isalnum() for ch in ln)]
    flat = " ".join(" ".join(lines).split())
    for m in _SENTENCE_END.finditer(flat):
        head = flat[: m.end()]
        if (len(head) < 20 and m.group()[0] in ".!?…") or _ABBREV.search(flat[: m.start() + 1]):
            continue
        return head
    return flat


def make_title(paragraph: str, limit: int = MADE_TITLE_MAX) -> str:
    """A title from the first sentence, cut at a word boundary to ``limit`` chars with "…"."""
    sentence = re.sub(r"(?:\[\d+\])+$", "", first_sentence(paragraph).strip())
    if sentence.endswith((".", "。")) and not sentence.endswith(".."):
        sentence = sentence[:-1]
    if len(sentence) <= limit:
        return sentence
    cut = sentence[:limit].rsplit(" ", 1)[0] if " " in sentence[limit // 2:limit] else sentence[:limit - 1]
    return cut.rstrip(" ,;:–—-") + "…"


def split_header(text: str) -> tuple[str, str, str]:
    """(source, title, body) from the first lines of a plain text, as described above."""
    lines = text.split("\n")
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    rest = lines[i:]

    def blank(k: int) -> bool:
        return k < len(rest) and not rest[k].strip()

    def body_from(k: int) -> str:
        while k < len(rest) and not rest[k].strip():
            k += 1
        return "\n".join(rest[k:])

    if not rest:
        return "", "", ""
    # Outlet / blank / Title / blank / body
    if (
        len(rest) > 4 and _is_source_line(rest[0]) and blank(1)
        and _is_title_line(rest[2]) and blank(3) and body_from(4).strip()
        and len(rest[2].split()) > len(rest[0].split())
    ):
        return rest[0].strip(), rest[2].strip(), body_from(4)
    # Title / blank / body
    if len(rest) > 2 and _is_title_line(rest[0]) and blank(1) and body_from(2).strip():
        return "", rest[0].strip(), body_from(2)
    # No header: title from the first sentence of the first paragraph.
    body = "\n".join(rest)
    first_para = re.split(r"\n\s*\n", body, maxsplit=1)[0]
    return "", make_title(first_para), body


def extract_text(text: str) -> Extracted:
    """An Extracted from already decoded plain text."""
    text = unify_newlines(text)
    if not text.strip():
        raise ImportFailure("no text: the file is blank")
    source, title, body = split_header(text)
    body = body.strip("\n")
    if not body.strip():  # a single short line: it is both the title and the text
        body = title
    return Extracted(text=body, title=title, source=source, reflow=True)


def read_text(path: Path, limits: Limits = DEFAULT_LIMITS) -> Extracted:
    check_file(path, limits.text_bytes, "text files")
    data = read_file(path, limits.text_bytes)
    text, _encoding = decode_bytes(data)
    return extract_text(text)
