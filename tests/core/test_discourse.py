"""discourse.reading: a claim as the pair scorer reads it, given its document."""

from reader.core.xref.discourse import countries_before, reading


def _read(text: str, claim: str):
    start = text.index(claim)
    return reading(text, start, start + len(claim))


def test_the_two_nations_are_the_documents_two_most_named_countries():
    text = ("North Korea has sent troops to Russia. Russian officials thanked North Korea. "
            "The fighting in Ukraine goes on. "
            "The deal shows how close the two sanctioned nations have become.")
    # Ukraine is named as a place ("in Ukraine"): it counts half
    assert countries_before(text, text.index("The deal"))[:2] == ["north korea", "russia"]
    # "shows how" is not "shows that": no frame, but the nations are named
    assert _read(text, "The deal shows how close the two sanctioned nations have become.") \
        == "The deal shows how close North Korea and Russia have become."
    claim = "Diplomats say the two sanctioned nations signed a defence pact in June."
    text2 = text + " " + claim
    assert _read(text2, claim) == \
        "Diplomats say North Korea and Russia signed a defence pact in June."


def test_the_two_nations_need_two_countries_before_the_claim():
    claim = "The two nations signed a trade agreement on Monday in the capital."
    assert _read("France hosted the talks. " + claim, claim) is None
    # countries named only after the claim do not count
    assert _read(claim + " France and Spain agreed.", claim) is None


def test_both_countries_and_lowercase_pronoun_us_is_not_a_country():
    text = ("Let us be clear. Japan and China met in Beijing on Tuesday. "
            "Both countries agreed to cut tariffs on steel by half.")
    assert _read(text, "Both countries agreed to cut tariffs on steel by half.") == \
        "China and Japan agreed to cut tariffs on steel by half."


def test_a_leading_concession_is_set_aside_when_the_main_clause_stands_alone():
    text = ("While the exact role these soldiers will play remains unclear, their arrival "
            "confirms that Moscow now relies on foreign troops for its offensive.")
    assert _read(text, text) == "Moscow now relies on foreign troops for its offensive."
    short = "Although prices rose sharply, sales held up."
    assert _read(short, short) is None       # "sales held up" is too short to stand alone


def test_a_framing_verb_leaves_what_it_frames():
    cases = {
        "The collaboration highlights the growing ties between Chile and Peru.":
            "The growing ties between Chile and Peru.",
        "Their presence alone sends a powerful message about the deepening crisis at home.":
            "The deepening crisis at home.",
        "The report shows that 1,500 troops were sent to the front.":
            "1,500 troops were sent to the front.",
        "The figures point to a slowdown in the economy this year.":
            "A slowdown in the economy this year.",
    }
    for claim, expected in cases.items():
        assert _read(claim, claim) == expected, claim


def test_no_reading_where_nothing_frames_or_refers():
    for claim in ("The show marked the end of the tour in Berlin last night.",
                  "He shows dogs at the county fair every year in June.",
                  "The result reflects well on him.",           # too short to stand alone
                  "Prices rose by 3% in March, the statistics office said."):
        assert _read(claim, claim) is None, claim


def test_worth_reading_admits_every_claim_that_has_a_reading():
    from reader.core.index import TextAnalyzer
    from reader.core.xref.discourse import worth_reading
    terms = TextAnalyzer().terms
    text = ("Japan and China met in Beijing on Tuesday. Both countries agreed to cut tariffs "
            "on steel by half. The collaboration highlights the growing ties between Chile "
            "and Peru. While the exact role these soldiers will play remains unclear, their "
            "arrival confirms that Moscow now relies on foreign troops for its offensive. "
            "Surveys have indicated that the property market has cooled in recent months. "
            "Prices rose by 3% in March, the statistics office said.")
    seen = 0
    starts = [0] + [i + 2 for i, c in enumerate(text) if c == "." and i + 2 < len(text)]
    for a, b in zip(starts, starts[1:] + [len(text) + 2]):
        claim = text[a:b - 2 + 1].strip()
        if reading(text, a, a + len(claim)) is not None:
            seen += 1
            assert worth_reading(claim, terms(claim)), claim
    assert seen == 4
    assert not worth_reading("Prices rose by 3% in March.", terms("Prices rose by 3% in March."))


def test_abbreviations_count_only_in_capitals():
    text = ("Let Us remember the US and the UK talks. The U.S. and Britain met again. "
            "Officials said the two governments will meet again next month in London.")
    assert countries_before(text, text.index("Officials"))[:2] == \
        ["united kingdom", "united states"]
    assert countries_before("Us and them, as we say.", 22) == []
