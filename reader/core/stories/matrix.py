"""A story's matrix: one row per fact, one column per source.

A row is a set of claims the engine aligned across the story's documents: its links (agrees,
conflicts, updates) are taken strongest first, and two groups of claims are joined only when
no document has a claim in both, so a row holds at most one claim per source and a chain of
links cannot fold two facts of one article into one row. A claim linked to no other source of
the story is a row of its own ("alone": what only that source says). Near-copies of an article
are one column (the first copy), with their outlets named."""

from __future__ import annotations

from typing import Callable, Iterable

from ..links import LinkRow
from .model import Cell, Column, Matrix, Row, Story

ALIGNING = ("conflicts", "updates", "agrees")        # relations that put two claims in a row
Claim = tuple[str, int, int]


def build_matrix(story: Story, docs: dict, claims: dict[str, list[tuple[int, int]]],
                 links: Iterable[LinkRow], copies: dict[str, list[str]] | None = None,
                 attribution: Callable[[str], str] | None = None) -> Matrix:
    """``docs``: doc id → DocumentRow (with text) for the story's documents; ``claims``: doc id
    → its claim spans; ``links``: the links among them (the user's corrections applied);
    ``copies``: doc id → the documents that are copies of it (the first copy is the column);
    ``attribution``: a claim's text → who it quotes ("" when nobody)."""
    first = _first_copies(story.doc_ids, copies or {})
    columns = _columns(story.doc_ids, docs, first)
    shown = {c.doc_id for c in columns}
    kept = []
    for row in links:
        a, b = (first.get(row.a_doc, row.a_doc), row.a_start, row.a_end), \
            (first.get(row.b_doc, row.b_doc), row.b_start, row.b_end)
        if row.relation in ALIGNING and a[0] in shown and b[0] in shown and a[0] != b[0]:
            kept.append((row, a, b))
    groups = _align(kept)
    rows = [_row(members, kept, docs, attribution) for members in groups]
    placed = {c for members in groups for c in members}
    for doc_id in (c.doc_id for c in columns):
        for start, end in claims.get(doc_id, []):
            if (doc_id, start, end) not in placed:
                rows.append(_alone((doc_id, start, end), docs, attribution))
    position = {c.doc_id: n for n, c in enumerate(columns)}
    rows.sort(key=lambda r: _rank(r, position))
    return Matrix(story, columns, rows)


def _first_copies(doc_ids: list[str], copies: dict[str, list[str]]) -> dict[str, str]:
    """Each later copy → the first copy of its article (within the story)."""
    out: dict[str, str] = {}
    inside = set(doc_ids)
    for head in doc_ids:
        if head in out:
            continue
        for other in copies.get(head, []):
            if other in inside and other != head and other not in out:
                out[other] = head
    return out


def _columns(doc_ids: list[str], docs: dict, first: dict[str, str]) -> list[Column]:
    cols = []
    for d in doc_ids:
        if d in first or d not in docs:
            continue
        row = docs[d]
        cols.append(Column(d, row.source, row.date, row.title,
                           [c for c, head in first.items() if head == d]))
    cols.sort(key=lambda c: (not c.date, c.date, c.source, c.doc_id))
    return cols


def _align(kept: list) -> list[set[Claim]]:
    """Groups of claims, joined link by link (strongest first, conflicts before agreements
    at equal score) while no document would have two claims in one group."""
    parent: dict[Claim, Claim] = {}
    members: dict[Claim, set[Claim]] = {}

    def find(c: Claim) -> Claim:
        parent.setdefault(c, c)
        members.setdefault(c, {c})
        while parent[c] != c:
            parent[c] = parent[parent[c]]
            c = parent[c]
        return c

    order = sorted(kept, key=lambda k: (-k[0].score, ALIGNING.index(k[0].relation)))
    for _row, a, b in order:
        ra, rb = find(a), find(b)
        if ra == rb:
            continue
        if {c[0] for c in members[ra]} & {c[0] for c in members[rb]}:
            continue                    # one source would have two claims in the row
        if len(members[ra]) < len(members[rb]):
            ra, rb = rb, ra
        parent[rb] = ra
        members[ra] |= members.pop(rb)
    return [m for root, m in members.items() if parent[root] == root and len(m) > 1]


def _row(group: set[Claim], kept: list, docs: dict, attribution) -> Row:
    inside = [(row, a, b) for row, a, b in kept if a in group and b in group]
    relation_of: dict[Claim, str] = {}
    value_of: dict[Claim, str] = {}
    fact = ""
    for row, a, b in inside:
        for end, value in ((a, row.a_value), (b, row.b_value)):
            if row.relation == "conflicts" or relation_of.get(end) not in ("conflicts",):
                if row.relation != "agrees" or end not in relation_of:
                    relation_of[end] = row.relation
            if value and not value_of.get(end):
                value_of[end] = value
        fact = fact or row.fact
    cells = {}
    for claim in group:
        doc_id, start, end = claim
        text = docs[doc_id].text[start:end]
        cells[doc_id] = Cell(doc_id, start, end, text, relation_of.get(claim, "agrees"),
                             value_of.get(claim, ""), attribution(text) if attribution else "")
    statuses = {c.relation for c in cells.values()}
    status = next((s for s in ("conflicts", "updates") if s in statuses), "agrees")
    return Row(fact, status, cells)


def _alone(claim: Claim, docs: dict, attribution) -> Row:
    doc_id, start, end = claim
    text = docs[doc_id].text[start:end]
    return Row("", "alone", {doc_id: Cell(doc_id, start, end, text, "alone", "",
                                          attribution(text) if attribution else "")})


def _rank(row: Row, position: dict[str, int]) -> tuple:
    """Conflicts first, then updates, then agreements by how many sources report them, then
    what one source alone says; within each, in the order of the first source's text."""
    first = min(row.cells.values(), key=lambda c: (position.get(c.doc_id, 99), c.start))
    status = {"conflicts": 0, "updates": 1, "agrees": 2, "alone": 3}[row.status]
    return (status, -len(row.cells), position.get(first.doc_id, 99), first.start)
