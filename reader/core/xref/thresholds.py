"""Every number that decides which sentences are claims and which claim pairs become links,
in one frozen dataclass, each with its unit and meaning.

The engine's version (``engine_version``) is derived from these values and ``RULES``, the
number of the rules in code: a library whose links were computed with other values or other
rules has them recomputed, and a changed threshold can never be forgotten. Bump ``RULES`` when
the code that reads claims or decides links changes; nothing else needs bumping.

A benchmark or a test tries other values without editing any module:
``CrossReferencer(library, thresholds=replace(DEFAULT, agree_score=0.7))``.

Performance settings that never change a link (batch sizes, when a run is done in bulk) stay
beside their code in engine.py and linking.py.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, fields

RULES = 9       # the rules in code (claims, readings, relations, linking); bump when they change


@dataclass(frozen=True)
class Thresholds:
    # -- claims (claims.py): the sentences, or clauses, that state something checkable --------
    min_words: int = 6                # words a claim needs at least
    min_content: int = 3              # content words (not stop words) a claim needs at least
    rich_content: int = 6             # content words that make a claim without a name or number
    caption_words: int = 15           # a line with fewer words and no final punctuation is a
    #                                   heading or a caption, not a claim
    heading_words: int = 20           # a one-line paragraph with fewer words and no final
    #                                   punctuation is a heading
    split_words: int = 36             # sentences longer than this (words) are split into clauses
    min_clause_words: int = 8         # ... where both sides have at least this many words

    # -- readings in context (discourse.py, corpus.py) ----------------------------------------
    min_main_words: int = 8           # words a main clause needs to stand without its concession
    max_frame_subject: int = 8        # words before a framing verb: more, and it is no mere frame
    min_framed_words: int = 4         # words a framed statement needs to be read alone
    max_frame_chars: int = 120        # characters within which a frame's verb must come
    reading_aside: float = 0.5        # TF-IDF weight (0-1) of the words a reading sets aside

    # -- candidates (engine.py) ---------------------------------------------------------------
    neighbours: int = 6               # candidate documents per document
    query_terms: int = 60             # words of a new document asked of the index for neighbours
    doc_min_cosine: float = 0.15      # documents less alike (TF-IDF cosine) are never linked
    copy_min_cosine: float = 0.80     # documents this alike are compared for copies...
    copy_share: float = 0.80          # ...and are copies when this share of the shorter one's
    #                                   word 5-grams is in the other (copies.py)
    claim_min_cosine: float = 0.25    # claim pairs with less lexical overlap are not scored
    #                                   (unless their quantities count the same thing)

    # -- relations (relations.py): scores are the pair scorer's, 0-1 ---------------------------
    agree_score: float = 0.62         # at or above: the two claims state the same thing
    conflict_min_score: float = 0.12  # a quantity conflict needs at least this much in common
    quantity_agree_score: float = 0.24   # from here, counts that agree make an agreement
    negation_min_score: float = 0.70  # "X did not happen" vs "X happened": nearly the same...
    negation_min_overlap: float = 0.5    # ...in content words too (Jaccard, negation aside)
    event_before_chars: int = 60      # characters before a count read for its happening...
    event_after_chars: int = 90       # ...and after it ("sent" vs "killed")
    measure_chars: int = 40           # characters each side of a share or amount read for what
    #                                   it measures
    restatement_score: float = 0.62   # claims this close are one fact (as agree_score): figures differ
    edit_min_words: int = 8           # two claims the same word for word but for one value...
    edit_share: float = 0.85          # ...(this share of their words at least) conflict on it
    update_min_score: float = 0.40    # two running tallies (death toll, arrests) days apart
    #                                   this close are one fact updated (reported.py)
    anchor_words: int = 2             # content words two clauses must share for their figures or
    #                                   days to be of one fact (facts.py)

    # -- links (linking.py): a link needs the claims' score AND their documents' likeness ------
    same_story: float = 0.25          # document cosine from which two articles tell one story
    strong_story: float = 0.60        # from here the agreement threshold has fallen in full...
    story_bonus: float = 0.08         # ...by this much (within one story, less is needed)
    restatement: float = 0.80         # a claim pair this close agrees across less alike documents
    conflict_min_doc: float = 0.25    # a conflict needs documents at least this alike
    related_min_score: float = 0.50   # a related link needs this score, and the same story
    news_cycle_days: int = 7          # articles further apart (days, both dated)...
    far_apart_score: float = 0.85     # ...agree only at this score...
    far_apart_story: float = 0.50     # ...and this document likeness; nothing else links them
    related_per_claim: int = 1        # related links kept per claim (the strongest)
    links_per_claim: int = 8          # links of any kind kept per claim
    why_shared_words: int = 6         # shared words named in a why

    def __post_init__(self) -> None:
        problems = []
        for f in fields(self):
            value = getattr(self, f.name)
            if f.type in ("float", float):
                if not isinstance(value, (int, float)) or not 0.0 <= value <= 1.0:
                    problems.append(f"{f.name} = {value!r} (a share or score, 0 to 1)")
            elif not isinstance(value, int) or isinstance(value, bool) or value < 0:
                problems.append(f"{f.name} = {value!r} (a count, 0 or more)")
        if not self.same_story <= self.strong_story:
            problems.append("same_story must not exceed strong_story")
        if self.story_bonus > self.agree_score:
            problems.append("story_bonus must not exceed agree_score")
        if self.min_clause_words * 2 > self.split_words:
            problems.append("split_words must leave room for two clauses of min_clause_words")
        if problems:
            raise ValueError("bad thresholds: " + "; ".join(problems))


DEFAULT = Thresholds()


def engine_version(t: Thresholds = DEFAULT) -> str:
    """"<rules>.<digest of the values>": what the stored links were computed by."""
    values = json.dumps(asdict(t), sort_keys=True, separators=(",", ":"))
    return f"{RULES}.{hashlib.sha256(values.encode()).hexdigest()[:12]}"
