"""Export of highlighted passages with citations: Markdown, HTML, CSV and JSON.

``collect`` gathers what to export (the user's highlights, the cross-references, or only the
conflicts, of some documents or of the whole library); the renderers turn it into text:
Markdown and CSV here, HTML in export_html.py, JSON (W3C Web Annotations) in annotations.py.
``write_export`` writes a file atomically (a temporary file beside it, fsync, rename) and
never overwrites one without ``force``.

Every piece of text from a document or a note is escaped for its format: Markdown special
characters are backslash-escaped and each line of a quote is prefixed with "> "; HTML is
escaped; CSV cells that a spreadsheet would run as a formula (=, +, -, @, TAB, CR first) get a
leading apostrophe. Unbalanced bidirectional controls are closed so that an RTL override
cannot run on past its own field. CSV is UTF-8 with a byte order mark (so that spreadsheet
programs detect UTF-8), rows end with CRLF.
"""

from __future__ import annotations

import csv
import io
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from .anchoring import context
from .errors import InvalidArgument, NotFound, OutputError, OutputExists
from .highlights import Highlight, check_span, link_key
from .store import DocumentRow

FORMATS = ("md", "html", "csv", "json")
KINDS = ("user", "xref", "conflicts", "all")
SUFFIXES = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".csv": "csv",
            ".json": "json", ".jsonld": "json"}
RELATION_WORDS = {"conflicts": "CONFLICTS", "agrees": "AGREES", "related": "RELATED"}
RELATION_HINT = {"conflicts": "the sources disagree", "agrees": "the sources state the same",
                 "related": "the same event, another fact"}
ONCE = "Each cross-reference is listed once, under the first of its two documents here."
VERDICTS = {"accepted": " — accepted by you", "rejected": " — rejected by you"}
CSV_COLUMNS = ("doc id", "title", "source", "author", "date", "url", "start", "end", "quote",
               "colour", "label", "note", "tags", "relation", "linked doc", "linked quote")


@dataclass
class Linked:
    """The other passage of a cross-reference, and what relates the two."""

    relation: str
    doc_id: str
    start: int
    end: int
    quote: str
    why: str = ""
    score: float | None = None      # None for a pinned link
    decision: str | None = None     # the user's verdict: "accepted", "rejected" or None
    pinned: bool = False


@dataclass
class Passage:
    """One exported passage: a user highlight (``highlight`` set; a pinned link is its one
    entry in ``links``) or a passage with the cross-references found for it."""

    doc_id: str
    start: int
    end: int
    quote: str
    prefix: str = ""
    suffix: str = ""
    highlight: Highlight | None = None
    links: list[Linked] = field(default_factory=list)

    @property
    def orphaned(self) -> bool:
        return bool(self.highlight and self.highlight.orphaned)


@dataclass
class Section:
    doc: DocumentRow
    passages: list[Passage] = field(default_factory=list)


@dataclass
class Collected:
    kind: str
    sections: list[Section]
    docs: dict[str, DocumentRow]     # every document cited: in scope and counterparts
    labels: dict[str, str]

    def has_links(self) -> bool:
        return any(p.links for s in self.sections for p in s.passages)

    def counts(self) -> dict[str, int]:
        passages = [p for s in self.sections for p in s.passages]
        out = {"documents": len(self.sections),
               "highlights": sum(1 for p in passages if p.highlight)}
        for rel in RELATION_WORDS:
            out[rel] = sum(1 for p in passages if not p.highlight
                           for x in p.links if x.relation == rel)
        return out


def collect(library, doc_ids: Iterable[str] | None = None, kind: str = "all") -> Collected:
    """What to export. ``doc_ids`` None: the whole library. Raises NotFound for an unknown id."""
    if kind not in KINDS:
        raise InvalidArgument(f"unknown kind {kind!r}; choose one of {', '.join(KINDS)}")
    every = library.documents()
    if doc_ids is None:
        scope = [d.id for d in every]
    else:
        wanted = list(dict.fromkeys(doc_ids))
        known = {d.id for d in every}
        for d in wanted:
            if d not in known:
                raise NotFound(f"no document with id {d!r}")
        scope = [d.id for d in every if d.id in set(wanted)]
    rank = {d: n for n, d in enumerate(scope)}
    passages: dict[str, list[Passage]] = {d: [] for d in scope}
    highlights = library.highlights
    if kind in ("user", "all"):
        for h in highlights.list(scope):
            lk = h.link
            links = [Linked(lk.relation, lk.doc_id, lk.start, lk.end, lk.quote, lk.why,
                            pinned=True)] if lk else []
            passages[h.doc_id].append(Passage(h.doc_id, h.start, h.end, h.quote, h.prefix,
                                              h.suffix, highlight=h, links=links))
    rows = []
    if kind != "user":
        rows = library.links(scope, "conflicts" if kind == "conflicts" else None)
    needed = set(scope) | {r[0] for r in rows} | {r[3] for r in rows} | {
        x.doc_id for ps in passages.values() for p in ps for x in p.links}
    docs = library.store.get_many(needed, with_text=True)
    verdicts = {link_key(d.a_doc, d.a_quote, d.b_doc, d.b_quote): d.decision
                for d in highlights.decisions(scope)}
    found: dict[tuple, Passage] = {}
    for r in rows:
        # once, under whichever of its documents comes first in the export
        a_first = rank.get(r[0], len(rank)) <= rank.get(r[3], len(rank))
        here, there = (r[0:3], r[3:6]) if a_first else (r[3:6], r[0:3])
        text, other = docs[here[0]].text, docs[there[0]].text
        quote, other_quote = text[here[1]:here[2]], other[there[1]:there[2]]
        p = found.get(here)
        if p is None:
            prefix, suffix = context(text, here[1], here[2])
            p = found[here] = Passage(here[0], here[1], here[2], quote, prefix, suffix)
            passages[here[0]].append(p)
        p.links.append(Linked(r[6], there[0], there[1], there[2], other_quote, r[8], r[7],
                              verdicts.get(link_key(here[0], quote, there[0], other_quote))))
    order = {rel: n for n, rel in enumerate(RELATION_WORDS)}
    sections = []
    for d in scope:
        for p in passages[d]:
            p.links.sort(key=lambda x: (order.get(x.relation, 9), x.doc_id, x.start, x.end))
        ps = sorted(passages[d], key=lambda p: (p.start, p.end, p.highlight is None,
                                                p.highlight.id if p.highlight else 0))
        if ps:
            sections.append(Section(docs[d], ps))
    return Collected(kind, sections, docs, highlights.labels())


# -- plain text pieces shared by the formats ----------------------------------------------------
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


# -- Markdown -----------------------------------------------------------------------------------
_MD_INLINE = re.compile(r"[\\`*\[\]<>|~&$]|(?<![^\W_])_|_(?![^\W_])")
_MD_LINE = re.compile(r"^(\s*)(?:([#+\-=])|(\d+)([.)]))")


def md_escape(text: str) -> str:
    """Markdown that renders as exactly this text (no emphasis, links, HTML or new blocks)."""
    text = _MD_INLINE.sub(lambda m: "\\" + m.group(0), clean(text))
    return "\n".join(_MD_LINE.sub(lambda m: m.group(1) + (
        "\\" + m.group(2) if m.group(2) else m.group(3) + "\\" + m.group(4)), line)
        for line in text.splitlines())


def md_inline(text: str) -> str:
    """One line of Markdown: line breaks become spaces."""
    return md_escape(" ".join(clean(text).split()))


def md_quote(text: str, indent: str = "") -> str:
    """A block quote: every line, blank ones too, starts with "> " (so nothing escapes it)."""
    lines = md_escape(text).split("\n") or [""]
    return "\n".join(indent + (">" if not line.strip() else "> " + line) for line in lines)


def quote_with_citation(doc: DocumentRow, start: int, end: int) -> str:
    """"Copy with citation": the passage as a Markdown block quote ending with its citation.
    Raises InvalidArgument for a span outside the text."""
    check_span(doc.text, start, end, doc.id)
    return (md_quote(doc.text[start:end]) + "\n>\n> — " + md_inline(citation(doc)) + ", "
            + location(doc, start, end) + "\n")


def relations_of(p: Passage) -> str:
    """"CONFLICTS, AGREES": the relations of a passage's links, strongest news first."""
    seen = dict.fromkeys(x.relation for x in p.links)
    return ", ".join(RELATION_WORDS.get(r, r.upper()) for r in seen)


def _link_md(x: Linked, docs: dict[str, DocumentRow]) -> list[str]:
    other = docs.get(x.doc_id)
    word = RELATION_WORDS.get(x.relation, x.relation.upper())
    title = md_inline(other.title or other.id) if other else md_inline(x.doc_id)
    head = f"- **{word}** with *{title}*, {location(other, x.start, x.end)}"
    if x.score is not None:
        head += f" (score {x.score:.2f})"
    head += " (pinned by you)" if x.pinned else ""
    head += VERDICTS.get(x.decision or "", "") + ":"
    out = [head, md_quote(x.quote, "  ")]
    if x.why:
        out.append(f"  - Why: {md_inline(x.why)}")
    out.append(f"  - Source: {md_inline(citation(other, x.doc_id))}")
    return out


def summary_parts(data: Collected) -> list[str]:
    """What an export holds, in words: ["3 documents", "6 highlights", "4 conflicting, ..."]."""
    n = data.counts()
    summary = [f"{n['documents']} document{'s' * (n['documents'] != 1)}"]
    if data.kind in ("user", "all"):
        summary.append(f"{n['highlights']} highlight{'s' * (n['highlights'] != 1)}")
    if data.kind != "user":
        summary.append(f"{n['conflicts']} conflicting, {n['agrees']} agreeing and "
                       f"{n['related']} related cross-references")
    return summary


def render_markdown(data: Collected) -> str:
    lines = ["# Highlights and cross-references", ""]
    summary = summary_parts(data)
    lines += ["Exported from Reader: " + "; ".join(summary) + ". Locations are paragraphs and "
              "character spans (start–end, end exclusive) of each document's text in Reader.",
              ""]
    if data.has_links():
        lines += ["Relations: " + "; ".join(f"**{w}**: {RELATION_HINT[r]}"
                                            for r, w in RELATION_WORDS.items()) + "."
                  + (" " + ONCE if data.kind != "user" else ""), ""]
    for sec in data.sections:
        doc = sec.doc
        lines += ["---", "", f"## {md_inline(doc.title or doc.id)}", "",
                  f"Citation: {md_inline(citation(doc))} (Reader document "
                  f"{md_inline(doc.id)})", ""]
        for i, p in enumerate(sec.passages, 1):
            h = p.highlight
            where = location(doc, p.start, p.end, p.orphaned)
            if h:
                label = data.labels.get(h.color, "")
                head = f"### {i}. Highlight, {where} — {h.color}" + (
                    f" “{md_inline(label)}”" if label else "")
            else:
                head = f"### {i}. Passage, {where} — " + ", ".join(
                    f"**{w}**" for w in relations_of(p).split(", "))
            lines += [head, "", md_quote(p.quote), ""]
            extra = []
            if h and h.note:
                extra.append("- Note: " + "\n  ".join(md_escape(h.note).split("\n")))
            if h and h.tags:
                extra.append("- Tags: " + ", ".join(md_inline(t) for t in h.tags))
            for x in p.links:
                extra += _link_md(x, data.docs)
            if extra:
                lines += extra + [""]
    return "\n".join(lines).rstrip("\n") + "\n"


# -- CSV ----------------------------------------------------------------------------------------
def csv_cell(value) -> str:
    """A cell no spreadsheet runs as a formula (OWASP: =, +, -, @, TAB, CR first)."""
    text = clean(str(value)) if not isinstance(value, str) else clean(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def render_csv(data: Collected) -> str:
    """One row per passage, UTF-8 with a byte order mark, CRLF line ends."""
    buf = io.StringIO()
    w = csv.writer(buf, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    w.writerow(CSV_COLUMNS)
    for sec in data.sections:
        d = sec.doc
        for p in sec.passages:
            h = p.highlight
            mine = [h.color, data.labels.get(h.color, ""), h.note, "; ".join(h.tags)] if h \
                else ["", "", "", ""]
            for x in p.links or [None]:
                w.writerow([csv_cell(v) for v in (
                    d.id, d.title, d.source, d.author, d.date, d.url, p.start, p.end, p.quote,
                    *mine, x.relation if x else "", x.doc_id if x else "",
                    x.quote if x else "")])
    return "\ufeff" + buf.getvalue()


# -- dispatch and writing -----------------------------------------------------------------------
def render(data: Collected, fmt: str, library=None) -> str:
    if fmt == "md":
        return render_markdown(data)
    if fmt == "csv":
        return render_csv(data)
    if fmt == "html":
        from .export_html import render_html
        return render_html(data)
    if fmt == "json":
        from .annotations import render_json
        return render_json(data, library)
    raise InvalidArgument(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def export(library, fmt: str = "md", *, doc_ids: Iterable[str] | None = None,
           kind: str = "all") -> str:
    """The export as text (CSV starts with a byte order mark)."""
    if fmt not in FORMATS:
        raise InvalidArgument(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return render(collect(library, doc_ids, kind), fmt, library)


def format_for(path: Path | str, default: str = "md") -> str:
    return SUFFIXES.get(Path(path).suffix.lower(), default)


def write_export(library, path: Path | str, fmt: str | None = None, *,
                 doc_ids: Iterable[str] | None = None, kind: str = "all",
                 force: bool = False) -> Path:
    """Export to a file (format from ``fmt``, else the file's suffix, else Markdown)."""
    path = Path(path)
    check_writable(path, force=force)          # fail before the work, not after
    text = export(library, fmt or format_for(path), doc_ids=doc_ids, kind=kind)
    write_atomic(path, text.encode("utf-8"), force=force)
    return path


def check_writable(path: Path, *, force: bool = False) -> None:
    if path.is_dir():
        raise OutputError(f"cannot write {path}: it is a folder")
    if path.exists() and not force:
        raise OutputExists(f"{path} exists; use --force to overwrite it")
    parent = path.parent
    if parent.exists() and not parent.is_dir():
        raise OutputError(f"cannot write {path}: {parent} is not a folder")
    if not parent.is_dir():
        raise OutputError(f"cannot write {path}: the folder {parent} does not exist")
    if not os.access(parent, os.W_OK):
        raise OutputError(f"cannot write {path}: no permission to write in {parent}")


def write_atomic(path: Path | str, data: bytes, *, force: bool = False) -> None:
    """Write ``data`` to ``path`` whole or not at all: a temporary file in the same folder,
    fsync, then rename over the target (only with ``force`` when it exists)."""
    path = Path(path)
    check_writable(path, force=force)
    parent = path.parent
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=parent)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        if hasattr(os, "fchmod"):     # mkstemp makes 0600; an export is an ordinary file
            os.fchmod(fd, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if force:
            os.replace(tmp, path)
        else:
            _link_new(tmp, path)
    except OSError as exc:
        if isinstance(exc, FileExistsError):
            raise OutputExists(f"{path} exists; use --force to overwrite it") from None
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    _fsync_dir(parent)


def _link_new(tmp: str, path: Path) -> None:
    """Move ``tmp`` to ``path`` only if ``path`` does not exist (no race with another writer
    where hard links work; a check then a rename where they do not)."""
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise
    except OSError:
        if path.exists():
            raise FileExistsError(str(path)) from None
        os.replace(tmp, path)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
