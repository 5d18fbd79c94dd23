"""The stories of a library, found from the links: documents joined by at least ``min_links``
links that align claims (agrees, conflicts, updates) are on one story; a story is a connected
group of such documents (near-copies included, one column each article)."""

from __future__ import annotations

import hashlib
from typing import Iterable

from ..links import LinkRow
from .model import Story

MIN_LINKS = 2           # aligned claims two documents need to be on one story


def story_id(doc_ids: Iterable[str]) -> str:
    """Stable for the same documents, whatever their order."""
    return hashlib.blake2b("\n".join(sorted(doc_ids)).encode(), digest_size=6).hexdigest()


def find_stories(docs: dict, links: Iterable[LinkRow], copies: dict[str, list[str]],
                 min_links: int = MIN_LINKS) -> list[Story]:
    """``docs``: doc id → DocumentRow (metadata is enough); the stories, the largest first."""
    pairs: dict[tuple[str, str], int] = {}
    for row in links:
        if row.relation in ("agrees", "conflicts", "updates") and row.a_doc != row.b_doc:
            key = (min(row.a_doc, row.b_doc), max(row.a_doc, row.b_doc))
            pairs[key] = pairs.get(key, 0) + 1
    parent = {d: d for d in docs}

    def find(d: str) -> str:
        while parent[d] != d:
            parent[d] = parent[parent[d]]
            d = parent[d]
        return d

    edges = [k for k, n in pairs.items() if n >= min_links]
    edges += [(a, b) for a, others in copies.items() for b in others]
    for a, b in edges:
        if a in parent and b in parent:
            parent[find(a)] = find(b)
    groups: dict[str, list[str]] = {}
    for d in docs:
        groups.setdefault(find(d), []).append(d)
    stories = []
    for members in groups.values():
        if len(members) < 2:
            continue
        members.sort(key=lambda d: (not docs[d].date, docs[d].date, d))
        stories.append(Story(story_id(members), docs[members[0]].title or members[0], members))
    stories.sort(key=lambda s: (-len(s.doc_ids), s.title))
    return stories
