"""Export of highlighted passages with citations: Markdown, HTML, CSV and JSON.

- ``collect``: what to export (the user's highlights, the cross-references, or only the
  conflicts, of some documents or of the whole library);
- ``citations``: the text pieces all formats share (citations, locations, relation words);
- the renderers: ``markdown``, ``csvfile``, ``htmlpage``, ``annotations`` (JSON in the W3C Web
  Annotation model, and its import back into a library);
- ``files``: atomic writes that never overwrite without ``force``;
- ``dispatch``: format → renderer, ``export`` and ``write_export``.

Every piece of text from a document or a note is escaped for its format: Markdown special
characters are backslash-escaped and each line of a quote is prefixed with "> "; HTML is
escaped; CSV cells that a spreadsheet would run as a formula get a leading apostrophe.
Unbalanced bidirectional controls are closed so that an RTL override cannot run on past its own
field.
"""

from .annotations import AnnotationImport, import_annotations, render_json
from .citations import citation, clean, location
from .collect import KINDS, Collected, Passage, Section, collect
from .dispatch import FORMATS, export, render, write_export
from .files import check_writable, format_for, write_atomic
from .markdown import quote_with_citation

__all__ = ["AnnotationImport", "Collected", "FORMATS", "KINDS", "Passage", "Section",
           "check_writable", "citation", "clean", "collect", "export", "format_for",
           "import_annotations", "location", "quote_with_citation", "render", "render_json",
           "write_atomic", "write_export"]
