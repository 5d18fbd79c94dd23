"""The stories the user made (the ``stories`` and ``story_documents`` tables): a title and a
set of documents chosen by hand ("Open as Story" on a selection, documents added and removed
later), kept apart from the stories found from the links, which the engine recomputes.

A made story's id is ``u`` and its row number ("u3"), so it never collides with a found
story's (a hash). Every write is one transaction under the writer lock and is checked first:
an unknown story or document raises NotFound, an empty title or fewer than two documents
InvalidArgument, and then nothing changed. Removing a document from the library takes it out
of its stories (ON DELETE CASCADE); a story may then hold a single document until the user
adds another.
"""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING, Iterable

from ..errors import InvalidArgument, NotFound
from .model import Story

if TYPE_CHECKING:
    from ..locking import WriterLock
    from ..store import Store

PREFIX = "u"
MIN_DOCUMENTS = 2


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _row_id(story_id: str) -> int:
    """The table's row number of a made story's id; NotFound for any other id."""
    number = story_id[len(PREFIX):] if story_id.startswith(PREFIX) else ""
    if not number.isdigit():
        raise NotFound(f"no story made by you with id {story_id!r}")
    return int(number)


def _title(title: str) -> str:
    title = " ".join((title or "").split())
    if not title:
        raise InvalidArgument("a story needs a title")
    return title


class MadeStories:
    def __init__(self, store: "Store", lock: "WriterLock"):
        self.store = store
        self.lock = lock

    # -- reading ------------------------------------------------------------------------------
    def list(self) -> list[Story]:
        """Every made story, the last made first."""
        docs: dict[int, list[str]] = {}
        for sid, doc_id in self.store.execute(
                "SELECT story_id, doc_id FROM story_documents ORDER BY story_id, n"):
            docs.setdefault(sid, []).append(doc_id)
        rows = self.store.execute("SELECT id, title FROM stories ORDER BY id DESC").fetchall()
        return [Story(f"{PREFIX}{sid}", title, docs.get(sid, []), "user") for sid, title in rows]

    def get(self, story_id: str) -> Story:
        sid = _row_id(story_id)
        row = self.store.execute("SELECT title FROM stories WHERE id = ?", (sid,)).fetchone()
        if row is None:
            raise NotFound(f"no story made by you with id {story_id!r}")
        ids = [d for (d,) in self.store.execute(
            "SELECT doc_id FROM story_documents WHERE story_id = ? ORDER BY n", (sid,))]
        return Story(story_id, row[0], ids, "user")

    # -- writing ------------------------------------------------------------------------------
    def make(self, title: str, doc_ids: Iterable[str]) -> Story:
        title, ids = _title(title), self._documents(doc_ids)
        now = _now()
        with self.lock.hold(), self.store.transaction() as db:
            sid = db.execute("INSERT INTO stories(title, created, updated) VALUES (?, ?, ?)",
                             (title, now, now)).lastrowid
            self._put(db, sid, ids)
        return Story(f"{PREFIX}{sid}", title, ids, "user")

    def set_documents(self, story_id: str, doc_ids: Iterable[str]) -> Story:
        ids = self._documents(doc_ids)
        with self.lock.hold(), self.store.transaction() as db:
            story = self.get(story_id)
            sid = _row_id(story_id)
            db.execute("DELETE FROM story_documents WHERE story_id = ?", (sid,))
            self._put(db, sid, ids)
            db.execute("UPDATE stories SET updated = ? WHERE id = ?", (_now(), sid))
        return Story(story_id, story.title, ids, "user")

    def rename(self, story_id: str, title: str) -> Story:
        title = _title(title)
        with self.lock.hold(), self.store.transaction() as db:
            story = self.get(story_id)
            db.execute("UPDATE stories SET title = ?, updated = ? WHERE id = ?",
                       (title, _now(), _row_id(story_id)))
        return Story(story_id, title, story.doc_ids, "user")

    def delete(self, story_id: str) -> None:
        with self.lock.hold(), self.store.transaction() as db:
            self.get(story_id)
            db.execute("DELETE FROM stories WHERE id = ?", (_row_id(story_id),))

    # -- helpers ------------------------------------------------------------------------------
    def _documents(self, doc_ids: Iterable[str]) -> list[str]:
        """The ids, once each in the given order, checked: all known, at least two."""
        ids = list(dict.fromkeys(doc_ids))
        known = self.store.get_many(ids)
        missing = [d for d in ids if d not in known]
        if missing:
            raise NotFound(f"no document with id {missing[0]!r}")
        if len(ids) < MIN_DOCUMENTS:
            raise InvalidArgument(f"a story needs at least {MIN_DOCUMENTS} documents "
                                  f"({len(ids)} given)")
        return ids

    @staticmethod
    def _put(db, sid: int, ids: list[str]) -> None:
        db.executemany("INSERT INTO story_documents(story_id, doc_id, n) VALUES (?, ?, ?)",
                       [(sid, d, n) for n, d in enumerate(ids)])
