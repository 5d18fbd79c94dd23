"""The plain-text pieces every export format shares: citations ("Title — source, author, date,
url"), locations ("paragraph 2, characters 716–813"), the words for relations, verdicts and the
user's own links, the summary of what an export holds, and ``clean``, which makes any text safe to show (control
characters dropped, bidirectional overrides closed)."""

from __future__ import annotations

import unicodedata

from ..links import RELATIONS, LinkEnd
from ..store import DocumentRow
from .collect import Collected, Passage

RELATION_WORDS = {r: r.upper() for r in RELATIONS}      # CONFLICTS, UPDATES, AGREES, RELATED
RELATION_HINT = {"conflicts": "the sources disagree", "agrees": "the sources state the same",
                 "updates": "a later figure replaces an earlier one",
                 "related": "the same event, another fact"}
ONCE = "Each cross-reference is listed once, under the first of its two documents here."
VERDICTS = {"accepted": " — accepted by you", "rejected": " — rejected by you"}


def made_by(x: LinkEnd) -> str:
    """Whose the link is, where the user had a part: " (made by you)", " (relabelled by
    you; Reader found AGREES)", else ""."""
    if x.by == "user":
        return " (made by you)"
    if x.relabelled:
        return (f" (relabelled by you; Reader found "
                f"{RELATION_WORDS.get(x.relabelled, x.relabelled.upper())})")
    return ""


def citation(doc: DocumentRow | None, doc_id: str = "") -> str:
    """"Title — source, author, date, url" with what is known."""
    if doc is None:
        return f"document {doc_id} (no longer in the library)"
    parts = [x for x in (doc.source, doc.author, doc.date, doc.url) if x]
    title = doc.title or f"Document {doc.id}"
    return title + (" — " + ", ".join(parts) if parts else "")


def paragraph_of(text: str, start: int) -> int:
    """1-based number of the paragraph holding ``start`` (paragraphs are split by a blank
    line in the normalised text, as the stored paragraph spans are)."""
    return text.count("\n\n", 0, max(0, min(start, len(text)))) + 1


def location(doc: DocumentRow | None, start: int, end: int, orphaned: bool = False) -> str:
    span = f"characters {start}–{end}"
    if orphaned:
        return f"orphaned: no longer found in the text (was {span})"
    if doc is None:
        return span
    return f"paragraph {paragraph_of(doc.text, start)}, {span}"


_BIDI_OPEN = {"\u202a": "\u202c", "\u202b": "\u202c", "\u202d": "\u202c", "\u202e": "\u202c",
              "\u2066": "\u2069", "\u2067": "\u2069", "\u2068": "\u2069"}


def clean(text: str) -> str:
    """Text for a display format: control characters dropped (but TAB and newlines), and
    bidirectional embeddings, overrides and isolates left open by the text closed."""
    text = "".join(c for c in text if c in "\t\n" or unicodedata.category(c) != "Cc")
    stack = []
    for c in text:
        if c in _BIDI_OPEN:
            stack.append(_BIDI_OPEN[c])
        elif c in ("\u202c", "\u2069") and c in stack:
            while stack and stack.pop() != c:
                pass
    return text + "".join(reversed(stack))


def relations_of(p: Passage) -> str:
    """"CONFLICTS, AGREES": the relations of a passage's links, strongest news first."""
    seen = dict.fromkeys(x.relation for x in p.links)
    return ", ".join(RELATION_WORDS.get(r, r.upper()) for r in seen)


def legend(data: Collected) -> list[str]:
    """The relations an export's legend explains: all but ``updates``, which only an export
    that has some names (exports made before it existed read as they did)."""
    return [r for r in RELATION_WORDS if r != "updates" or data.counts()["updates"]]


def summary_parts(data: Collected) -> list[str]:
    """What an export holds, in words: ["3 documents", "6 highlights", "4 conflicting, ..."]."""
    n = data.counts()
    summary = [f"{n['documents']} document{'s' * (n['documents'] != 1)}"]
    if data.kind in ("user", "all"):
        summary.append(f"{n['highlights']} highlight{'s' * (n['highlights'] != 1)}")
    if data.kind != "user":
        updating = f"{n['updates']} updating, " if n.get("updates") else ""
        summary.append(f"{n['conflicts']} conflicting, {updating}{n['agrees']} agreeing and "
                       f"{n['related']} related cross-references")
    return summary
