"""Stories: the documents of one event, and the matrix of their facts by source (issue 16).

- ``model``: the shapes every layer uses (Story, Column, Cell, Row, Matrix), with their JSON.
- ``matrix``: a story's rows: a row is one fact (claims aligned across documents by ``align``:
  the story's TF-IDF, the engine's conflicts, the slots they fill), a cell what one source says
  of it.
- ``found``: the stories found in a library, from the document pairs the engine judges on one
  story (``pairs``: the table the engine writes them to).

Pure functions over rows the Library hands in (documents, links with the user's corrections
applied), except ``pairs``: the one table of stories, which the engine writes with the links.
"""

from .found import find_stories
from .matrix import build_matrix
from .model import Cell, Column, Matrix, Row, Story

__all__ = ["Cell", "Column", "Matrix", "Row", "Story", "build_matrix", "find_stories"]
