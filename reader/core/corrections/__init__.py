"""The user's corrections to the cross-references, kept apart from the engine's links so that
cross-referencing again never undoes them:

- ``made``: links made by hand between passages of two documents (anchored like highlights,
  moved when a text changes: ``reanchor_made``);
- ``relabels``: the user's relation for a link the engine made, keyed by the two passages'
  text like a verdict;
- ``rejected``: the rejected links (the verdicts of highlights.py) found again, to list and
  restore;
- ``facade``: ``Corrections``, which applies them to the engine's links (``Library.links``).

Nothing here imports Qt. A link made by hand is a ``LinkRow`` with ``by="user"`` and a score
of 1; a relabelled one keeps the engine's relation in ``relabelled``.
"""

from .facade import Corrections
from .made import MADE_SCORE, End, MadeLink, MadeLinks, check_relation, reanchor_made
from .rejected import RejectedLink, resolve_rejected
from .relabels import Relabel, link_quotes

__all__ = ["Corrections", "End", "MADE_SCORE", "MadeLink", "MadeLinks", "Relabel",
           "RejectedLink", "check_relation", "link_quotes", "reanchor_made", "resolve_rejected"]
