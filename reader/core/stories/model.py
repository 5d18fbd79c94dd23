"""The shapes of a story and its matrix, and their JSON (the ``reader story --json`` contract).

A span is ``(start, end)``: str indices into a document's normalised text, end exclusive."""

from __future__ import annotations

from dataclasses import dataclass, field

STATUSES = ("conflicts", "agrees", "updates", "alone")   # a row's status, most visible first


@dataclass
class Story:
    """Documents on one event. ``id`` is stable for the same documents (a hash of their ids);
    ``made_by`` is "engine" for a story found from the links, "user" for one the user made."""
    id: str
    title: str
    doc_ids: list[str]
    made_by: str = "engine"

    def to_json(self) -> dict:
        return {"id": self.id, "title": self.title, "documents": list(self.doc_ids),
                "made_by": self.made_by}


@dataclass
class Column:
    """One source of the story: a document (with the outlets of its near-copies)."""
    doc_id: str
    source: str
    date: str
    title: str
    copies: list[str] = field(default_factory=list)     # doc ids of the same article elsewhere

    def to_json(self) -> dict:
        return {"doc": self.doc_id, "source": self.source, "date": self.date,
                "title": self.title, "copies": list(self.copies)}


@dataclass
class Cell:
    """What one source says of a fact: its claim, the fact's value in it, who it quotes, and
    how it stands to the other sources' cells of the row."""
    doc_id: str
    start: int
    end: int
    text: str
    relation: str                   # "agrees" | "conflicts" | "updates" | "alone"
    value: str = ""                 # the fact's value as written ("approximately 14,000")
    attribution: str = ""           # who said it ("South Korea's intelligence service")
    also: list["Cell"] = field(default_factory=list)    # the source's other claims of the
    #                                 fact ("approximately 14,000" beside "17,000"), in text order

    def to_json(self) -> dict:
        return {"doc": self.doc_id, "start": self.start, "end": self.end, "text": self.text,
                "relation": self.relation, "value": self.value,
                "attribution": self.attribution, "also": [c.to_json() for c in self.also]}


@dataclass
class Row:
    """One fact: the cells of the sources that report it (a source that does not is absent)."""
    fact: str                       # what the fact is about ("troops"), or "" when unnamed
    status: str                     # one of STATUSES
    cells: dict[str, Cell]          # doc id → cell

    @property
    def values(self) -> list[str]:
        """The distinct values the sources give, in column order (the matrix builds each row's
        cells in its columns' order; a cell's ``also`` after it)."""
        seen: dict[str, None] = {}
        for cell in self.cells.values():
            for c in (cell, *cell.also):
                if c.value:
                    seen.setdefault(c.value)
        return list(seen)

    def to_json(self, order: list[str]) -> dict:
        return {"fact": self.fact, "status": self.status, "values": self.values,
                "cells": [self.cells[d].to_json() for d in order if d in self.cells],
                "missing": [d for d in order if d not in self.cells]}


@dataclass
class Matrix:
    story: Story
    columns: list[Column]           # by publication time (undated last)
    rows: list[Row]                 # conflicts first, then by how many sources, then alone

    def order(self) -> list[str]:
        return [c.doc_id for c in self.columns]

    def to_json(self) -> dict:
        order = self.order()
        return {"story": self.story.to_json(), "columns": [c.to_json() for c in self.columns],
                "rows": [r.to_json(order) for r in self.rows]}
