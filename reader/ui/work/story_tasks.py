"""The writes of the stories the user makes (core/stories/made.py), on the serial write queue:
make one from documents, change its documents, rename it, delete it. A story the engine found
that the user changes (a document added or removed) is saved as a new story of the user's.
Reports what changed as signals the window wires to the story view and the library panel."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QObject, Signal

from .worker import Job, JobQueue
from ..wording import count


def _call(fn: Callable, cancel):
    """A job of one step: ``fn()``'s value is the job's outcome."""
    return fn()
    yield  # noqa: unreachable - makes this a generator, which is what the worker runs


class StoryTasks(QObject):
    saved = Signal(object, bool)    # the Story as saved; True when it was just made
    deleted = Signal(str)           # the id of the story deleted
    message = Signal(str)           # one line for the status bar

    def __init__(self, library, queue: JobQueue, parent: QObject | None = None):
        super().__init__(parent)
        self._lib = library
        self._queue = queue

    def _submit(self, label: str, fn: Callable, done: Callable) -> Job:
        job = self._queue.submit("story", label, lambda cancel: _call(fn, cancel))
        job.signals.finished.connect(done)
        job.signals.failed.connect(lambda error: self.message.emit(f"{label} failed: {error}"))
        return job

    def make(self, title: str, doc_ids: list[str]) -> Job:
        lib, ids = self._lib, list(doc_ids)

        def done(story) -> None:
            self.message.emit(f"Made the story “{story.title}” of "
                              f"{count(len(story.doc_ids), 'document')}.")
            self.saved.emit(story, True)
        return self._submit("Making the story", lambda: lib.make_story(title, ids), done)

    def set_documents(self, story, doc_ids: list[str]) -> Job:
        """The story with these documents; one the engine found becomes one of the user's."""
        lib, ids = self._lib, list(doc_ids)
        if story.made_by != "user":
            return self._submit("Saving the story",
                                lambda: lib.make_story(story.title, ids),
                                lambda new: self._changed(new, True))
        return self._submit("Saving the story",
                            lambda: lib.set_story_documents(story.id, ids),
                            lambda new: self._changed(new, False))

    def _changed(self, story, made: bool) -> None:
        saved = " (saved as your story)" if made else ""
        self.message.emit(f"The story “{story.title}” now has "
                          f"{count(len(story.doc_ids), 'document')}{saved}.")
        self.saved.emit(story, made)

    def rename(self, story, title: str) -> Job:
        lib = self._lib
        if story.made_by != "user":
            return self._submit("Renaming the story",
                                lambda: lib.make_story(title, story.doc_ids),
                                lambda new: self._renamed(new, True))
        return self._submit("Renaming the story", lambda: lib.rename_story(story.id, title),
                            lambda new: self._renamed(new, False))

    def _renamed(self, story, made: bool) -> None:
        self.message.emit(f"The story is now called “{story.title}”.")
        self.saved.emit(story, made)

    def delete(self, story) -> Job:
        lib, story_id = self._lib, story.id

        def done(_) -> None:
            self.message.emit(f"Deleted the story “{story.title}” (its documents stay).")
            self.deleted.emit(story_id)
        return self._submit("Deleting the story", lambda: lib.delete_story(story_id), done)
