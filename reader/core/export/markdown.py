"""The Markdown export: one section per document with its citation, every passage a block quote
with its location, colour label, note and tags, and its cross-references with the other passage,
the relation in capitals, the why and its citation. Every piece of text is escaped so that it
renders as exactly that text (no emphasis, links, HTML or new blocks)."""

from __future__ import annotations

import re

from ..anchoring import check_span
from ..links import LinkEnd
from ..store import DocumentRow
from .citations import (ONCE, RELATION_HINT, RELATION_WORDS, VERDICTS, citation, clean, legend,
                        location, made_by, relations_of, summary_parts)
from .collect import Collected

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


def _link_md(x: LinkEnd, docs: dict[str, DocumentRow]) -> list[str]:
    other = docs.get(x.doc_id)
    word = RELATION_WORDS.get(x.relation, x.relation.upper())
    title = md_inline(other.title or other.id) if other else md_inline(x.doc_id)
    head = f"- **{word}** with *{title}*, {location(other, x.start, x.end)}"
    if x.score is not None and x.by != "user":
        head += f" (score {x.score:.2f})"
    head += " (pinned by you)" if x.pinned else ""
    head += made_by(x) + VERDICTS.get(x.decision or "", "") + ":"
    out = [head, md_quote(x.quote, "  ")]
    if x.why:
        out.append(f"  - Why: {md_inline(x.why)}")
    if x.note:
        out.append("  - Your note: " + "\n    ".join(md_escape(x.note).split("\n")))
    out.append(f"  - Source: {md_inline(citation(other, x.doc_id))}")
    return out


def render_markdown(data: Collected) -> str:
    lines = ["# Highlights and cross-references", ""]
    summary = summary_parts(data)
    lines += ["Exported from Reader: " + "; ".join(summary) + ". Locations are paragraphs and "
              "character spans (start–end, end exclusive) of each document's text in Reader.",
              ""]
    if data.has_links():
        lines += ["Relations: " + "; ".join(f"**{RELATION_WORDS[r]}**: {RELATION_HINT[r]}"
                                            for r in legend(data)) + "."
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
