"""reanchor(): finding a passage again in a changed text (pure function, no library)."""

from __future__ import annotations

from dataclasses import dataclass

from reader.core.anchoring import CONTEXT, context, reanchor

TEXT = (
    "North Korea has sent troops to Russia, officials in Seoul said on Monday.\n\n"
    "The deployment of 1,500 special forces marks an escalation. Analysts in the U.S. "
    "expect more to follow.\n\n"
    "Mr. Kim met the Russian delegation in Pyongyang on Jan. 5, according to state media.")


@dataclass
class A:
    start: int
    end: int
    quote: str
    prefix: str = ""
    suffix: str = ""


def anchor(text: str, needle: str, nth: int = 0) -> A:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    end = start + len(needle)
    return A(start, end, needle, *context(text, start, end))


def test_context_is_up_to_32_characters_each_side():
    a = anchor(TEXT, "1,500 special forces")
    assert len(a.prefix) == CONTEXT and len(a.suffix) == CONTEXT
    assert TEXT[a.start - CONTEXT:a.start] == a.prefix and TEXT[a.end:a.end + CONTEXT] == a.suffix
    assert context(TEXT, 0, 5)[0] == "" and context(TEXT, len(TEXT) - 3, len(TEXT))[1] == ""


def test_unchanged_text_keeps_the_span():
    for needle in ("North Korea", "1,500 special forces marks an escalation", "state media."):
        a = anchor(TEXT, needle)
        assert reanchor(a, TEXT) == (a.start, a.end)


def test_paragraph_inserted_before_moves_the_span():
    a = anchor(TEXT, "1,500 special forces marks an escalation")
    inserted = "A new first paragraph, written later, with several words in it.\n\n"
    new = inserted + TEXT
    s, e = reanchor(a, new)
    assert (s, e) == (a.start + len(inserted), a.end + len(inserted))
    assert new[s:e] == a.quote


def test_word_changed_nearby_keeps_the_span():
    a = anchor(TEXT, "1,500 special forces")
    new = TEXT.replace("The deployment of", "The dispatch of")
    s, e = reanchor(a, new)
    assert new[s:e] == "1,500 special forces" and s == a.start - 2


def test_repeated_quote_is_told_apart_by_its_context():
    text = ("Seoul said the troops moved north. Kyiv said the troops moved south. "
            "Later, Seoul said the troops moved north again.")
    second = anchor(text, "the troops", nth=1)      # Kyiv's
    # Text inserted just before the first occurrence puts the wrong one at the old position.
    new = "Breaking: " + text
    s, e = reanchor(second, new)
    assert new[s - 10:s] == "Kyiv said " and new[s:e] == "the troops"
    # Same context on both sides: the nearest occurrence wins.
    first = anchor(text, "the troops", nth=0)
    assert reanchor(first, text) == (first.start, first.end)


def test_lightly_edited_quote_is_found_fuzzily():
    a = anchor(TEXT, "The deployment of 1,500 special forces marks an escalation.")
    new = TEXT.replace("marks an escalation", "marks a serious escalation")
    s, e = reanchor(a, new)
    assert new[s:e] == "The deployment of 1,500 special forces marks a serious escalation."
    moved = "Another opening paragraph comes first now.\n\n" + new
    s, e = reanchor(a, moved)
    assert moved[s:e] == "The deployment of 1,500 special forces marks a serious escalation."


def test_deleted_passage_gives_none():
    a = anchor(TEXT, "Mr. Kim met the Russian delegation in Pyongyang on Jan. 5")
    new = TEXT[:TEXT.index("\n\nMr. Kim")]
    assert reanchor(a, new) is None
    assert reanchor(a, "") is None


def test_rewritten_passage_is_not_guessed():
    a = anchor(TEXT, "Analysts in the U.S. expect more to follow.")
    new = TEXT.replace("Analysts in the U.S. expect more to follow.",
                       "Nobody can say what happens next week.")
    assert reanchor(a, new) is None


def test_short_quote_needs_its_context_to_match_fuzzily():
    a = anchor(TEXT, "Seoul")
    new = TEXT.replace("Seoul", "Seuol")
    s, e = reanchor(a, new)           # context intact: found
    assert new[s:e] == "Seuol"
    elsewhere = "Completely different words. Seuol appears here alone."
    assert reanchor(a, elsewhere) is None


def test_empty_quote_and_spans_past_the_end():
    assert reanchor(A(0, 0, ""), TEXT) is None
    a = anchor(TEXT, "state media.")
    short = "state media. is all that is left"
    assert reanchor(a, short) == (0, len("state media."))


def test_fuzzy_match_keeps_whole_words_and_punctuation():
    a = anchor(TEXT, "Analysts in the U.S. expect more to follow.")
    for new_words in ("expect more to come", "expect many more to follow soon",
                      "expect extraordinarily more to follow"):
        new = TEXT.replace("expect more to follow", new_words)
        s, e = reanchor(a, new)
        assert new[s:e] == f"Analysts in the U.S. {new_words}.", new_words
