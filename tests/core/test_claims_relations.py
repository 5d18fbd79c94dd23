"""Which sentences are claims, and the relation rules between two claims."""

import pytest

from reader.core.xref.claims import extract_claims, is_claim
from reader.core.xref.relations import relate, shared_words


@pytest.mark.parametrize("sentence", [
    "North Korea has sent 17,000 combat troops to fight for Russia in Ukraine.",
    "The central bank raised interest rates again on Thursday.",
    "Conscription is deeply unpopular among the Russian public, and the sight of young men "
    "being sent off to die has sparked widespread discontent and protest.",
])
def test_checkable_sentences_are_claims(sentence):
    assert is_claim(sentence)


@pytest.mark.parametrize("sentence", [
    "The North Korean Connection",                       # heading
    "Is this the end of the alliance?",                   # question
    "But the reality on the ground is far more grim.",    # rhetoric: nothing to check
    "It was a death sentence.",                           # too short
    "By Jane Roe",                                        # byline
    "Follow us on Twitter for the latest updates.",       # call to action
    "What a disaster!",
])
def test_other_sentences_are_not(sentence):
    assert not is_claim(sentence)


def test_long_sentences_are_split_into_clauses():
    text = ("Russia has deployed 40,000 soldiers along the northern border near Kharkiv, "
            "according to officials in Kyiv who spoke on Monday; the Ukrainian army said it "
            "had moved three brigades to the same region and evacuated eleven villages "
            "within the last week.")
    claims = extract_claims(text, [(0, len(text))], [(0, len(text))])
    assert len(claims) == 2
    assert text[claims[0][0]:claims[0][1]].endswith("on Monday")
    assert text[claims[1][0]:claims[1][1]].startswith("the Ukrainian army")


def test_headings_are_skipped():
    text = "The Political Cost\n\nRussia has relied heavily on conscripts since the war began in 2022."
    paras = [(0, 18), (20, len(text))]
    assert extract_claims(text, paras, paras) == [(20, len(text))]


SENT_1500 = "South Korean intelligence says 1,500 North Korean special forces soldiers are being deployed."
SENT_14000 = "Approximately 14,000 North Korean troops have been deployed to bolster Russian forces."
SENT_THOUSANDS = "North Korea committed to send thousands of troops to support Russia."
SENT_17000 = "North Korea has sent 17,000 combat troops to fight for Russia."
SENT_KILLED = "Around 1 million Russian soldiers have been killed or wounded since the invasion."


def test_quantity_conflict_names_both_values():
    r = relate(SENT_1500, SENT_14000, 0.3)
    assert r.relation == "conflicts"
    assert r.why.lower().startswith("troops: 1,500 vs approximately 14,000")


def test_overlapping_ranges_agree():
    assert relate(SENT_THOUSANDS, SENT_17000, 0.3).relation == "agrees"


def test_different_things_do_not_conflict():
    assert relate(SENT_KILLED, SENT_17000, 0.3).relation != "conflicts"
    assert relate("Russia received millions of artillery shells from the North.",
                  SENT_1500, 0.3).relation != "conflicts"


def test_projection_does_not_conflict_with_a_report():
    r = relate("Up to 10,000 North Korean soldiers could ultimately be sent to Ukraine.",
               SENT_17000, 0.4)
    assert r.relation != "conflicts"


def test_negation_conflicts_only_when_otherwise_the_same():
    a = "The West has sent official military troops to fight alongside Ukraine."
    b = "The West has not sent any official military troops to fight alongside Ukraine."
    assert relate(a, b, 0.8).relation == "conflicts"
    assert relate(a, b, 0.3).relation == "related"


def test_date_conflict():
    a = "The treaty was signed in Vienna on 5 May 2021 by both governments."
    b = "The treaty was signed in Vienna on 7 May 2021 by both governments."
    r = relate(a, b, 0.8)
    assert r.relation == "conflicts" and "5 May 2021 vs 7 May 2021" in r.why


def test_high_score_agrees_and_low_is_related():
    assert relate("Profits rose sharply.", "Profits increased sharply.", 0.9).relation == "agrees"
    assert relate("Profits rose sharply.", "Sales fell.", 0.2).relation == "related"


def test_shared_words():
    assert shared_words(SENT_1500, SENT_14000)[:3] == ["Korean", "North", "deployed"]


def test_quantities_are_aligned_before_they_conflict():
    s = ("Halifax said house prices rose by 0.8% in January and Nationwide reported a rise "
         "of 0.4% in the first month of the year.")
    assert relate(s, s.replace("back-end", "back end"), 0.95).relation == "agrees"
    a = "Yugansk was sold for $9.3bn to help Yukos pay off part of a $27bn bill in unpaid taxes."
    b = "Yugansk was sold to help pay off a $27.5bn back tax bill."
    assert relate(a, b, 0.6).relation != "conflicts"


def test_shares_of_different_things_do_not_conflict():
    a = "Inflation fell below 10% earlier this year while exports are up 30% this year."
    b = "Inflation fell below 10% this year for the first time in 30 years."
    assert relate(a, b, 0.6).relation != "conflicts"
