"""The user's edits of a document's metadata (title, source, author, date, url): checked
(``fields``), written to the store and the index together, and kept as overrides that a
re-import of the document's file applies again (``edits``)."""

from .edits import edit, overrides
from .fields import FIELDS, validate

__all__ = ["FIELDS", "edit", "overrides", "validate"]
