"""Tests for reader.core.text.segment."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from reader.core.text.normalize import normalize
from reader.core.text.segment import Segmentation, segment

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
SEED_PATHS = sorted(SEEDS.glob("*.txt"))


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in segment(text).sentences]


def assert_invariants(text: str, seg: Segmentation) -> None:
    """Sentence spans: inside one paragraph, trimmed, ordered, disjoint, covering."""
    assert seg.paragraphs == [
        (start, start + len(block))
        for start, block in _blocks(text)
    ]
    position = 0
    para_iter = iter(seg.paragraphs)
    para_start, para_end = next(para_iter, (0, 0))
    for start, end in seg.sentences:
        assert position <= start < end
        while start >= para_end:
            assert text[position:para_end].strip() == ""
            para_start, para_end = next(para_iter)
            position = para_start
        assert para_start <= start and end <= para_end, "sentence crosses a paragraph"
        assert text[position:start].strip() == "", "non-space text not covered"
        sentence = text[start:end]
        assert sentence == sentence.strip()
        position = end
    assert text[position:].strip() == ""
    assert next(para_iter, None) is None, "paragraph without sentences"


def _blocks(text: str) -> list[tuple[int, str]]:
    """(start, block) for the "\\n\\n"-separated blocks of normalised text."""
    result, start = [], 0
    for block in text.split("\n\n") if text else []:
        result.append((start, block))
        start += len(block) + 2
    return result


# ------------------------------------------------------------------------------------------
# Structure
# ------------------------------------------------------------------------------------------
def test_paragraph_and_sentence_spans():
    text = "First one. Second one.\n\nA heading\n\nLast paragraph here!"
    seg = segment(text)
    assert seg.paragraphs == [(0, 22), (24, 33), (35, 55)]
    assert seg.sentences == [(0, 10), (11, 22), (24, 33), (35, 55)]
    assert [text[s:e] for s, e in seg.sentences] == [
        "First one.", "Second one.", "A heading", "Last paragraph here!"]


def test_empty_text():
    assert segment("") == Segmentation([], [])


def test_segmentation_is_frozen():
    seg = segment("One. Two.")
    with pytest.raises(dataclasses.FrozenInstanceError):
        seg.sentences = []  # type: ignore[misc]


def test_paragraph_without_final_punctuation_is_one_sentence():
    assert sentences("The Mathematics of War: Russia\u2019s Dwindling Numbers") == [
        "The Mathematics of War: Russia\u2019s Dwindling Numbers"]


def test_numbered_list_line_is_one_sentence():
    assert sentences("1. First item\n\n2. Second item is here.\n\niv. Roman item") == [
        "1. First item", "2. Second item is here.", "iv. Roman item"]


# ------------------------------------------------------------------------------------------
# Abbreviations, initials, numbers
# ------------------------------------------------------------------------------------------
def test_abbreviations_do_not_split():
    text = ("U.S. officials said so. Mr. Smith met Dr. Jones on Jan. 5. "
            "Gen. Smith and Sen. Jones met Rep. Brown in St. Paul. "
            "Acme Corp. said it and Acme Inc. agreed with Acme Ltd. and Acme Co. officials. "
            "Chelsea vs. Arsenal ended, e.g. in a draw, i.e. with no winner. "
            "It cost approx. 5 dollars at No. 5 Main Road, at 9 a.m. on Monday, not 6 p.m. "
            "Monday.")
    assert sentences(text) == [
        "U.S. officials said so.",
        "Mr. Smith met Dr. Jones on Jan. 5.",
        "Gen. Smith and Sen. Jones met Rep. Brown in St. Paul.",
        "Acme Corp. said it and Acme Inc. agreed with Acme Ltd. and Acme Co. officials.",
        "Chelsea vs. Arsenal ended, e.g. in a draw, i.e. with no winner.",
        "It cost approx. 5 dollars at No. 5 Main Road, at 9 a.m. on Monday, not 6 p.m. "
        "Monday.",
    ]


def test_abbreviation_ending_a_sentence_before_a_sentence_starter():
    text = ("He moved to the U.S. The president said so. It was made by Acme Inc. "
            "They sold it at 5 p.m. The buyers paid. Apples, pears etc. The rest went.")
    assert sentences(text) == [
        "He moved to the U.S.", "The president said so.", "It was made by Acme Inc.",
        "They sold it at 5 p.m.", "The buyers paid.", "Apples, pears etc.", "The rest went."]


def test_titles_never_end_a_sentence():
    titles = "Mr Mrs Ms Dr Prof Gen Sen Rep St Gov Lt Col Capt Sgt Rev Hon".split()
    for title in titles:
        text = f"We met {title}. The Smith yesterday."
        assert sentences(text) == [text], title


def test_acronym_in_brackets_or_capitals_ends_a_sentence():
    assert sentences("It told the Commission (SEC). Monsanto agreed. It helps MS. A cure.") == [
        "It told the Commission (SEC).", "Monsanto agreed.", "It helps MS.", "A cure."]


def test_initials():
    assert sentences("J. K. Rowling wrote it. George W. Bush said so.") == [
        "J. K. Rowling wrote it.", "George W. Bush said so."]


def test_numbers_are_never_split():
    text = ("Sales rose 1.5 million, or 3.14 per cent, to 14,000 units and 1,500 cars. "
            "Version v2.0.1 ships at 5.30 for $1.2bn. In 2004. The year after.")
    assert sentences(text) == [
        "Sales rose 1.5 million, or 3.14 per cent, to 14,000 units and 1,500 cars.",
        "Version v2.0.1 ships at 5.30 for $1.2bn.", "In 2004.", "The year after."]


def test_urls_emails_and_domains_are_never_split():
    text = ("Visit Amazon.com or example.org/path?a=b now. Mail j.smith@example.org. "
            "See https://www.bbc.co.uk/news/world-123?x=1&y=2!")
    assert sentences(text) == [
        "Visit Amazon.com or example.org/path?a=b now.", "Mail j.smith@example.org.",
        "See https://www.bbc.co.uk/news/world-123?x=1&y=2!"]


# ------------------------------------------------------------------------------------------
# Quotes, brackets, terminal clusters
# ------------------------------------------------------------------------------------------
def test_quotation_closing_after_the_period():
    assert sentences('He said: "Go home." Then he left.') == [
        'He said: "Go home."', "Then he left."]


def test_quotation_with_comma_is_one_sentence():
    text = "\u201cIt\u2019s a meat grinder,\u201d one soldier confessed."
    assert sentences(text) == [text]


def test_question_in_quotes_followed_by_lowercase_continues():
    assert sentences('"Are you sure?" she asked. "Yes!" He nodded.') == [
        '"Are you sure?" she asked.', '"Yes!"', "He nodded."]


def test_dash_after_closing_quote_continues():
    text = ("As one commander put it, \u201c...mathematics\u201d \u2013 and the numbers "
            "paint a bleak picture.")
    assert sentences(text) == [text]


def test_ellipsis():
    assert sentences("Wait... what? Wait... What? Well\u2026 no. Well\u2026 Yes.") == [
        "Wait... what?", "Wait...", "What?", "Well\u2026 no.", "Well\u2026", "Yes."]


def test_terminal_clusters():
    assert sentences("Really?! Yes!? Go!!! Now. Why?? Because.") == [
        "Really?!", "Yes!?", "Go!!!", "Now.", "Why??", "Because."]


def test_closing_bracket():
    assert sentences("(See below.) Next sentence. It ends (as noted). Done.") == [
        "(See below.)", "Next sentence.", "It ends (as noted).", "Done."]


def test_opening_quote_or_bracket_before_next_sentence():
    assert sentences('It ended. "Next," he said. (Aside.) \u201cMore.\u201d') == [
        "It ended.", '"Next," he said.', "(Aside.)", "\u201cMore.\u201d"]


# ------------------------------------------------------------------------------------------
# Other scripts
# ------------------------------------------------------------------------------------------
def test_cjk_full_width_terminals_need_no_space():
    assert sentences("我很好。你呢？我们走吧！「好。」然后") == [
        "我很好。", "你呢？", "我们走吧！", "「好。」", "然后"]


def test_arabic_question_mark_and_hindi_danda():
    assert sentences("هل أنت بخير؟ نعم أنا بخير.") == ["هل أنت بخير؟", "نعم أنا بخير."]
    assert sentences("मैं ठीक हूँ। आप कैसे हैं?") == ["मैं ठीक हूँ।", "आप कैसे हैं?"]


# ------------------------------------------------------------------------------------------
# Seeds
# ------------------------------------------------------------------------------------------
def test_seed_000_quotes_paragraph():
    text = normalize((SEEDS / "000_e7277f4b1b896bba.txt").read_text(encoding="utf-8"))
    seg = segment(text)
    para = next((s, e) for s, e in seg.paragraphs if text[s:e].startswith("\u201cIt\u2019s"))
    inside = [text[s:e] for s, e in seg.sentences if para[0] <= s and e <= para[1]]
    assert inside == [
        "\u201cIt\u2019s a meat grinder,\u201d one Russian soldier confessed in a leaked "
        "audio recording.",
        "\u201cThey\u2019re sending us to slaughter.\u201d",
    ]
    assert len(seg.paragraphs) == 25
    assert len(seg.sentences) == 45


def test_seed_002_first_paragraphs():
    text = normalize((SEEDS / "002_674a3aba9f60fef1.txt").read_text(encoding="utf-8"),
                     reflow=True)
    seg = segment(text)
    assert len(seg.paragraphs) == 12
    found = [text[s:e] for s, e in seg.sentences]
    assert found[1:4] == [
        "Kim Jong-un is now, quite literally, marching to the beat of a desperate man's drum.",
        "North Korea's commitment to send thousands of troops to support Vladimir "
        "Putin\u2019s beleaguered efforts in Ukraine starkly illustrates just how much "
        "Russia's status has withered.",
        "A former Cold War superpower, now so cornered that it must turn to one of the "
        "world's most isolated and impoverished regimes for military support, is a dramatic "
        "shift for a country that once prided itself on its formidable might.",
    ]
    assert found[4].startswith("The dispatch of North Korean troops")


@pytest.mark.parametrize("path", SEED_PATHS, ids=lambda p: p.name)
def test_invariants_on_seeds(path):
    text = normalize(path.read_text(encoding="utf-8"), reflow=True)
    seg = segment(text)
    assert_invariants(text, seg)
    assert len(seg.sentences) > len(seg.paragraphs)


def test_invariants_on_awkward_text():
    text = normalize(
        "? Odd start. ... and more\n\u3002\u3002\n\"Quote.\" (Bracket.) x. y! z?\n"
        "Mr. . . End.\nA.B.C. D. e.g. F!? ...\n\u201c\u201d \u3002\u6587\u3002 Trailing")
    assert_invariants(text, segment(text))
