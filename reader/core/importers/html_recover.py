"""Putting back article text that trafilatura's precision mode drops (html.py, step 3b).

Gap filling: every extracted paragraph is located in the page as a *leaf block* (a p, div,
li, h1-h6, blockquote, pre, dd, dt or section with no block inside it, outside nav, aside,
footer, form, figure and the like) with the same text. When two consecutive extracted
paragraphs are leaf blocks of the SAME parent with at most three leaf blocks between them,
those in-between blocks are article text the extractor dropped (a subheading styled as a
``<div>``, a short line) and are put back in place, unless a block is already in the text,
is mostly link text (>= half), holds or sits in an image container (a caption), ends with a
credit like "(NASA/JPL)" or "©", shows escaped markup, or its own or its four nearest
ancestors' class/id name a byline, date, caption, credit, share, tag or related block.
Only positions between two kept blocks are filled: nothing is added before the first or
after the last kept paragraph, where boilerplate lives.
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

_FURNITURE = {"script", "style", "noscript", "template", "nav", "aside", "footer", "form",
              "button", "select", "label", "figure", "figcaption", "iframe", "svg"}
_INNER_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "table",
                 "section", "article", "header", "figure", "blockquote", "dl", "pre"}
_CODE = {"script", "style", "noscript", "template"}
# Class/id words of bylines, datelines, captions, credits and promotion blocks.
_CUES = re.compile(r"(?<![a-z])(caption|credit|byline|author|date|time|meta|share|social"
                   r"|breadcrumb|tag|categor|label|promo|related|newsletter)", re.I)
_CREDIT = re.compile(r"\([^()]*[/:©][^()]*\)\W*$|©")
_MARKUP = re.compile(r"&[a-z]+;|<[a-z/]")


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", text.casefold()).strip()


def _names(el: HtmlElement) -> str:
    chain = [el, *list(el.iterancestors())[:4]]
    return " ".join(f"{a.get('class', '')} {a.get('id', '')}" for a in chain
                    if a.tag not in ("body", "html", "article", "main"))


_BLOCK_TAGS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
               "dd", "dt", "section")
_GAP_MAX = 3            # blocks recovered between two kept neighbours


def _leaf_blocks(body: HtmlElement) -> list[HtmlElement]:
    out = []
    for el in body.iter(*_BLOCK_TAGS):
        if any(isinstance(d.tag, str) and d.tag in _INNER_BLOCKS for d in el.iterdescendants()):
            continue
        if any(a.tag in _FURNITURE for a in el.iterancestors()):
            continue
        out.append(el)
    return out


def _block_text(el: HtmlElement) -> str:
    if any(d.tag in _CODE for d in el.iterdescendants()):
        return ""
    return " ".join(el.text_content().split())


def fill_gaps(tree: HtmlElement, text: str) -> str:
    """``text`` with the blocks that sit between two kept sibling blocks put back.

    A kept paragraph is located in the page as a leaf block (no block inside) with the same
    text. When two consecutive kept paragraphs are leaf blocks of the same parent with at most
    three leaf blocks between them, those in-between blocks are article text the extractor
    dropped (a subheading styled as a ``<div>``, a short line): each is put back unless one
    of the module docstring's exclusions applies."""
    body = tree.find(".//body")
    if body is None or not text:
        return text
    blocks = _leaf_blocks(body)
    where: dict[str, int] = {}
    for i, el in enumerate(blocks):
        where.setdefault(_norm(_block_text(el)), i)
    lines = text.split("\n\n")
    known = _norm(text)
    out: list[str] = []
    prev = None
    for line in lines:
        i = where.get(_norm(line))
        if i is not None and prev is not None and 1 < i - prev <= _GAP_MAX + 1 \
                and blocks[i].getparent() is blocks[prev].getparent():
            parent = blocks[i].getparent()
            for el in blocks[prev + 1:i]:
                if el.getparent() is not parent:
                    break
                found = _block_text(el)
                chain = [el, *el.iterancestors()]
                chain = chain[:chain.index(parent)]
                if any(c.find(".//img") is not None or c.find(".//picture") is not None
                       or c.tag in ("img", "picture") for c in chain):
                    continue
                links = sum(len(" ".join(a.text_content().split())) for a in el.iter("a"))
                if found and _norm(found) and _norm(found) not in known \
                        and links < 0.5 * len(found) and not _CUES.search(_names(el)) \
                        and not _CREDIT.search(found) and not _MARKUP.search(found):
                    out.append(found)
                    known += " " + _norm(found)
        if i is not None:
            prev = i
        out.append(line)
    return "\n\n".join(out)

