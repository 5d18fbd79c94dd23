"""The HTML export: one self-contained, printable page (inline CSS, no scripts, nothing
fetched). Every piece of text is escaped (``html.escape(..., quote=True)``) and a
Content-Security-Policy forbids scripts, so an article containing ``<script>`` or ``onerror=``
exports inert. Links are made only of http(s) URLs.

(Named htmlpage, not html: it uses the standard library's html.)"""

from __future__ import annotations

import html
from dataclasses import replace

from ..highlights import PALETTE
from ..links import LinkEnd
from .citations import (ONCE, RELATION_HINT, RELATION_WORDS, VERDICTS, citation, clean, location,
                        legend, made_by, summary_parts)
from .collect import Collected, Passage

_CSS = """
:root { color-scheme: light; }
body { font: 16px/1.55 Georgia, "Times New Roman", serif; color: #1d1d1f; background: #fff;
       max-width: 46rem; margin: 2rem auto; padding: 0 1.25rem; }
h1 { font-size: 1.6rem; margin-bottom: .25rem; }
h2 { font-size: 1.25rem; margin: 2.2rem 0 .25rem; border-top: 1px solid #ccc; padding-top: 1rem; }
h3 { font: 600 .85rem/1.4 system-ui, sans-serif; color: #444; margin: 1.4rem 0 .3rem; }
.meta, .cite, .legend, .why, .tags, .where { font: .85rem/1.45 system-ui, sans-serif; color: #444; }
blockquote { margin: .3rem 0 .5rem; padding: .35rem .9rem; border-left: 4px solid #999;
             white-space: pre-wrap; overflow-wrap: anywhere; unicode-bidi: isolate; }
.note { margin: .3rem 0; white-space: pre-wrap; overflow-wrap: anywhere; }
.link { margin: .4rem 0 .4rem 1.2rem; }
.link blockquote { border-left-color: #bbb; font-size: .95rem; }
.rel { font: 700 .75rem/1 system-ui, sans-serif; letter-spacing: .04em; padding: .15rem .35rem;
       border-radius: 3px; color: #fff; }
.rel-conflicts { background: #b3261e; } .rel-agrees { background: #1b6e3a; }
.rel-related { background: #55595f; } .rel-updates { background: #1456a0; }
.link.conflicts blockquote { border-left-color: #b3261e; }
.link.agrees blockquote { border-left-color: #1b6e3a; }
.link.updates blockquote { border-left-color: #1456a0; }
.swatch { display: inline-block; width: .8em; height: .8em; border: 1px solid #777;
          vertical-align: -.05em; margin-right: .25em; }
.orphaned { color: #8a4b00; font-weight: 600; }
bdi { unicode-bidi: isolate; }
@media print {
  body { font-size: 11pt; margin: 0; max-width: none; color: #000; }
  h2 { break-before: auto; break-after: avoid; }
  .passage { break-inside: avoid; }
  a { color: #000; text-decoration: none; }
  a[href]::after { content: " <" attr(href) ">"; font-size: 9pt; }
  .rel, .swatch, blockquote { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def esc(text: str) -> str:
    return html.escape(clean(text), quote=True)


def _inline(text: str) -> str:
    return "<bdi>" + esc(" ".join(clean(text).split())) + "</bdi>"


def cite(doc, doc_id: str) -> str:
    """The citation, with its URL as a link when it is an http(s) URL."""
    if doc is None:
        return _inline(citation(None, doc_id))
    url = " ".join(clean(doc.url).split())
    if not url.lower().startswith(("http://", "https://")):
        return _inline(citation(doc))
    sep = ", " if (doc.source or doc.author or doc.date) else " — "
    return (_inline(citation(replace(doc, url=""))) + esc(sep)
            + f'<a href="{esc(url)}"><bdi>{esc(url)}</bdi></a>')


def _rel(relation: str) -> str:
    word = RELATION_WORDS.get(relation, relation.upper())
    cls = relation if relation in RELATION_WORDS else "related"
    return f'<strong class="rel rel-{cls}">{esc(word)}</strong>'


def _link(x: LinkEnd, data: Collected) -> list[str]:
    other = data.docs.get(x.doc_id)
    title = _inline(other.title or other.id) if other else _inline(x.doc_id)
    cls = x.relation if x.relation in RELATION_WORDS else "related"
    head = (f"<p>{_rel(x.relation)} with <i>{title}</i>, "
            f"{esc(location(other, x.start, x.end))}"
            + (f" (score {x.score:.2f})" if x.score is not None and x.by != "user" else "")
            + (" (pinned by you)" if x.pinned else "")
            + esc(made_by(x) + VERDICTS.get(x.decision or "", "")) + ":</p>")
    out = [f'<div class="link {cls}">', head,
           f'<blockquote dir="auto">{esc(x.quote)}</blockquote>']
    if x.why:
        out.append(f'<p class="why">Why: {_inline(x.why)}</p>')
    if x.note:
        out.append(f'<p class="note" dir="auto"><b>Your note:</b> {esc(x.note)}</p>')
    return out + [f'<p class="cite">Source: {cite(other, x.doc_id)}</p>', "</div>"]


def _passage(n: int, p: Passage, data: Collected) -> list[str]:
    doc = data.docs[p.doc_id]
    h = p.highlight
    where = esc(location(doc, p.start, p.end, p.orphaned))
    if p.orphaned:
        where = f'<span class="orphaned">{where}</span>'
    style = ""
    if h:
        swatch = PALETTE.get(h.color, ("", "#ffffff"))[1]
        label = data.labels.get(h.color, "")
        head = (f'{n}. Highlight, {where} — <span class="swatch" style="background:{swatch}">'
                f'</span>{esc(h.color)}' + (f" “{_inline(label)}”" if label else ""))
        style = f' style="border-left-color:{swatch}"'
    else:
        head = f"{n}. Passage, {where} — " + ", ".join(
            _rel(r) for r in dict.fromkeys(x.relation for x in p.links))
    out = ['<div class="passage">', f"<h3>{head}</h3>",
           f'<blockquote dir="auto"{style}>{esc(p.quote)}</blockquote>']
    if h and h.note:
        out.append(f'<p class="note" dir="auto"><b>Note:</b> {esc(h.note)}</p>')
    if h and h.tags:
        out.append('<p class="tags">Tags: ' + ", ".join(_inline(t) for t in h.tags) + "</p>")
    for x in p.links:
        out += _link(x, data)
    out.append("</div>")
    return out


def render_html(data: Collected) -> str:
    summary = summary_parts(data)
    explained = "; ".join(f"{_rel(r)} {esc(RELATION_HINT[r])}" for r in legend(data))
    out = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
           '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
           'style-src \'unsafe-inline\'; img-src data:">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           "<title>Highlights and cross-references</title>", f"<style>{_CSS}</style>",
           "</head>", "<body>", "<header>", "<h1>Highlights and cross-references</h1>",
           f'<p class="meta">Exported from Reader: {esc("; ".join(summary))}. Locations are '
           "paragraphs and character spans (start–end, end exclusive) of each document’s text "
           "in Reader.</p>",
           f'<p class="legend">{explained}.' + (f" {esc(ONCE)}" if data.kind != "user" else "")
           + "</p>" if data.has_links() else "",
           "</header>", "<main>"]
    for sec in data.sections:
        doc = sec.doc
        out += [f'<section class="doc" id="doc-{esc(doc.id)}">',
                f"<h2>{_inline(doc.title or doc.id)}</h2>",
                f'<p class="cite">Citation: {cite(doc, doc.id)} (Reader document '
                f"{_inline(doc.id)})</p>"]
        for i, p in enumerate(sec.passages, 1):
            out += _passage(i, p, data)
        out.append("</section>")
    out += ["</main>", "</body>", "</html>"]
    return "\n".join(x for x in out if x) + "\n"
