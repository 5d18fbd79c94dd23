"""A story's matrix: one row per fact, one column per source.

A row is a fact: claims of the story's documents aligned by ``align.py`` (the story's own
TF-IDF, the engine's links, and the slots two claims fill), each source's claims on it in one
cell (its best-aligned claim, the others in ``Cell.also``). How each cell stands (agrees,
conflicts, updates) and the values of the fact are the engine's links' among the row's claims,
or the slot's value as written. The engine's restatements between claims the alignment left
over are facts too. A claim aligned with no other source is a row of its own
("alone": what only that source says). Near-copies of an article are one column (the first
copy), with their outlets named."""

from __future__ import annotations

from typing import Callable, Iterable

from ..links import LinkRow
from .align import group, likeness
from .model import Cell, Column, Matrix, Row, Story

ALIGNING = ("conflicts", "updates", "agrees")        # relations that put two claims in a row
Claim = tuple[str, int, int]
RESTATES = 0.62     # an agreement this strong (the engine's agree_score) is a restatement by
#                     the pair scorer alone; a weaker one leans on the documents' likeness, and
#                     on BASIL such leftover pairs merged facts (10.3% of rows against 8.1%)
Slots = Callable[[str], list[tuple[str, str]]]      # a claim's text → (slot, value as written)


def build_matrix(story: Story, docs: dict, claims: dict[str, list[tuple[int, int]]],
                 links: Iterable[LinkRow], copies: dict[str, list[str]] | None = None,
                 attribution: Callable[[str], str] | None = None,
                 slots: Slots | None = None) -> Matrix:
    """``docs``: doc id → DocumentRow (with text) for the story's documents; ``claims``: doc id
    → its claim spans; ``links``: the links among them (the user's corrections applied);
    ``copies``: doc id → the documents that are copies of it (the first copy is the column);
    ``attribution``: a claim's text → who it quotes ("" when nobody); ``slots``: a claim's
    text → the slots it fills, with their values ("count|troops|north korea", "14,000")."""
    first = _first_copies(story.doc_ids, copies or {})
    columns = _columns(story.doc_ids, docs, first)
    every = [(c.doc_id, s, e) for c in columns for s, e in sorted(claims.get(c.doc_id, []))]
    texts = [docs[d].text[s:e] for d, s, e in every]
    at = {c: n for n, c in enumerate(every)}
    kept = [(row, row.a, row.b) for row in links
            if row.relation in ALIGNING and row.a in at and row.b in at and row.a_doc != row.b_doc]
    filled = [slots(t) if slots else [] for t in texts]
    alike = likeness(every, texts, [(a, b) for row, a, b in kept if row.relation != "agrees"],
                     filled)
    groups = group(every, alike)
    groups += _agreeing(groups, every, [(row.score, at[a], at[b]) for row, a, b in kept
                                        if row.relation == "agrees" and row.score >= RESTATES])
    rows, placed = [], set()
    for members in groups:
        rows.append(_row(members, every, texts, alike, kept, filled, attribution))
        placed.update(members)
    for n, claim in enumerate(every):
        if n not in placed:
            rows.append(_alone(claim, texts[n], attribution))
    position = {c.doc_id: n for n, c in enumerate(columns)}
    rows.sort(key=lambda r: _rank(r, position))
    return Matrix(story, columns, rows)


def _agreeing(groups: list[list[int]], every: list[Claim],
              agreements: list[tuple[float, int, int]]) -> list[list[int]]:
    """The engine's restatements between claims no fact holds yet, as facts of their own: joined
    strongest first while no source would have two claims in one (an agreement does not chain
    facts here: both of its claims are left over by the alignment)."""
    placed = {n for g in groups for n in g}
    joined: dict[int, list[int]] = {}
    for _score, a, b in sorted(agreements, reverse=True):
        if a in placed or b in placed:
            continue
        ga, gb = joined.get(a, [a]), joined.get(b, [b])
        if ga is gb or {every[n][0] for n in ga} & {every[n][0] for n in gb}:
            continue
        merged = ga + gb
        for n in merged:
            joined[n] = merged
    return list({id(g): g for g in joined.values()}.values())


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


def _row(members: list[int], every: list[Claim], texts: list[str], alike: dict, kept: list,
         filled: list, attribution) -> Row:
    """The row of a group of claims: per source its claim most alike to the other sources'
    (the cell) and its others (the cell's ``also``); relations and values from the links
    within the group, else the value of a slot the claim shares with another of the group."""
    inside = set(members)
    claim_set = {every[n] for n in inside}
    relation_of: dict[Claim, str] = {}
    value_of: dict[Claim, str] = {}
    fact = ""
    for row, a, b in sorted(kept, key=lambda k: ALIGNING.index(k[0].relation)):
        if a not in claim_set or b not in claim_set:
            continue
        for end, value in ((a, row.a_value), (b, row.b_value)):
            relation_of.setdefault(end, row.relation)
            if value and not value_of.get(end):
                value_of[end] = value
        fact = fact or row.fact
    keys = [dict(reversed(filled[n])) for n in members]      # a slot's first value
    shared = {k for i, ki in enumerate(keys) for kj in keys[i + 1:] for k in ki if k in kj}
    for n, ki in zip(members, keys):
        for k in sorted(shared & set(ki)):
            value_of.setdefault(every[n], ki[k])
            fact = fact or k.split("|")[1]
    strength = {n: sum(alike.get((min(n, m), max(n, m)), 0.0) for m in inside) for n in inside}
    by_doc: dict[str, list[int]] = {}
    for n in sorted(inside):
        by_doc.setdefault(every[n][0], []).append(n)

    def cell(n: int, also: list) -> Cell:
        doc_id, start, end = every[n]
        return Cell(doc_id, start, end, texts[n], relation_of.get(every[n], "agrees"),
                    value_of.get(every[n], ""), attribution(texts[n]) if attribution else "",
                    also)
    cells = {}
    for doc_id, ns in by_doc.items():
        best = max(ns, key=lambda n: (strength[n], -n))
        cells[doc_id] = cell(best, [cell(n, []) for n in ns if n != best])
    statuses = set(relation_of.values())
    status = next((s for s in ("conflicts", "updates") if s in statuses), "agrees")
    return Row(fact, status, cells)


def _alone(claim: Claim, text: str, attribution) -> Row:
    doc_id, start, end = claim
    return Row("", "alone", {doc_id: Cell(doc_id, start, end, text, "alone", "",
                                          attribution(text) if attribution else "")})


def _rank(row: Row, position: dict[str, int]) -> tuple:
    """Conflicts first, then updates, then agreements by how many sources report them, then
    what one source alone says; within each, in the order of the first source's text."""
    first = min(row.cells.values(), key=lambda c: (position.get(c.doc_id, 99), c.start))
    status = {"conflicts": 0, "updates": 1, "agrees": 2, "alone": 3}[row.status]
    return (status, -len(row.cells), position.get(first.doc_id, 99), first.start)
