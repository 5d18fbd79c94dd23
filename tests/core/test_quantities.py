"""Quantity parsing: each form, qualifiers as ranges, what is counted and whose."""

import math

import pytest

from reader.core.xref.quantities import extract


def one(sentence):
    qs = [q for q in extract(sentence) if q.kind != "year"]
    assert len(qs) == 1, qs
    return qs[0]


@pytest.mark.parametrize("sentence, value, low, high, unit", [
    ("They sent 1,500 soldiers.", 1500, 1450, 1550, "troops"),
    ("They sent 14,000 troops.", 14000, 13500, 14500, "troops"),
    ("They sent 1,480 troops.", 1480, 1475, 1485, "troops"),
    ("Some 1.2 million people fled.", 1.2e6, 1.2e6 * 0.85, 1.2e6 * 1.15, "people"),
    ("It hired 1.2 million workers.", 1.2e6, 1.15e6, 1.25e6, "workers"),
    ("It sent thousands of troops.", None, 1000, 100_000, "troops"),
    ("Tens of thousands of people marched.", None, 10_000, 1_000_000, "people"),
    ("A dozen tanks were lost.", 12, 12, 12, "vehicles"),
    ("It shipped the shells in 64 voyages.", 64, 64, 64, "voyages"),
    ("Up to 10,000 soldiers could be sent.", 10000, 9500, 10500, "troops"),  # a stated size
    ("At least 300 civilians died.", 300, 295, math.inf, "people"),
    ("Between 10,000 and 12,000 people fled.", 11000, 10000, 12000, "people"),
])
def test_counts(sentence, value, low, high, unit):
    q = one(sentence)
    if value is not None:
        assert q.value == pytest.approx(value)
    assert (q.low, q.high) == (pytest.approx(low), pytest.approx(high))
    assert q.kind == "count" and q.unit == unit


def test_rate_per_day():
    q = one("Casualties soared to over 1,200 soldiers per day.")
    assert q.rate == "day" and q.low == 1150 and q.high == math.inf and q.unit == "troops"


def test_percent_money_and_dates():
    qs = extract("Profits jumped 76% to $1.13bn (£600m) on 5 May 2024, up 30 per cent since 1998.")
    kinds = [(q.kind, q.unit, q.text) for q in qs]
    assert kinds == [("percent", "%", "76%"), ("money", "USD", "$1.13bn"),
                     ("money", "GBP", "£600m"), ("date", "date", "5 May 2024"),
                     ("percent", "%", "30 per cent"), ("year", "year", "1998")]
    assert qs[1].value == pytest.approx(1.13e9)
    assert qs[3].value == 20240505


def test_may_is_not_always_a_month():
    assert [q.kind for q in extract("Up to 5 may be sent.")] == ["count"]


def test_subjects_and_equivalent_nouns():
    a = one("1,500 North Korean special forces soldiers are being deployed.")
    b = one("Approximately 14,000 North Korean troops have been deployed.")
    c = one("North Korea has sent 17,000 combat troops to fight for Russia.")
    assert {a.subject, b.subject, c.subject} == {"north korea"}
    assert a.unit == b.unit == c.unit == "troops"
    assert a.comparable(b) and not a.compatible(b)
    assert b.comparable(c) and not b.compatible(c)
    thousands = one("North Korea's commitment to send thousands of troops.")
    assert thousands.comparable(c) and thousands.compatible(c)


@pytest.mark.parametrize("a, b", [
    ("Around 1 million Russian soldiers have been killed or wounded.",
     "North Korea sent 17,000 troops."),
    ("Russia shipped millions of artillery shells.", "It deployed 1,500 special forces."),
    ("Russia was short 4.8 million workers.", "North Korea sent 17,000 troops."),
])
def test_different_things_are_not_comparable(a, b):
    qa, qb = one(a), one(b)
    assert not qa.comparable(qb)


def test_hedged_projection():
    q = one("Up to 10,000 North Korean soldiers could ultimately be sent to Ukraine.")
    assert q.hedged and q.subject == "north korea"


def test_no_quantities_and_odd_input():
    assert extract("No numbers here at all.") == []
    for s in ("", "1", "$", "%", "between 5 and", "1,,000", "10-5 score", "3.14.15", "🙂 12"):
        extract(s)


def test_pre_tests_let_every_form_through():
    """extract() skips a pattern when the sentence lacks all of its hint words; every word
    the patterns look for must therefore carry a hint, in any case."""
    from reader.core.xref import quantities as Q

    def passes(text, hint):
        return not set(Q._LETTERS.findall(text.lower())).isdisjoint(hint)
    for key in Q._WORD_NUMBERS:
        assert passes(key.upper(), Q._WORDNUM_HINT), key
    for key in Q._VAGUE:
        assert passes(key.title(), Q._VAGUE_HINT), key
    for name, _ in Q.NAMES:
        assert passes(name.upper(), Q._PLACE_HINT), name
    for month in Q._MONTHS:
        assert passes(month.capitalize() + ".", Q._MONTH_HINT), month
    for m in Q._HEDGES.finditer("could may might would expected to plan to plans to planned "
                                "planning likely possibly if unless projected forecast "
                                "threaten to threatens to threatened to aim to aims to "
                                "hope to hopes to"):
        assert passes(m.group(0).upper(), Q._HEDGE_HINT), m.group(0)
    # the forms themselves, upper-cased and in odd spacing
    assert one("THEY SENT A DOZEN TANKS.").value == 12
    assert one("IT SENT THOUSANDS OF TROOPS.").high == 100_000
    assert {q.kind for q in extract("On SEPT. 5, 2024 it rose 5%.")} >= {"date", "percent"}
    assert one("UP TO 10,000 NORTH KOREAN SOLDIERS COULD BE SENT.").hedged
    assert one("Between 10,000 AND 12,000 people fled.").low == 10_000
    assert one("They sent 10,000-12,000 people.").high == 12_000


@pytest.mark.parametrize("a, b, same", [
    ("the couple paid $43 million in federal taxes", "the couple paid $43,885,310 in taxes", True),
    ("the couple paid $44 million in federal taxes", "the couple paid $43,885,310 in taxes", True),
    ("the couple paid $42 million in federal taxes", "the couple paid $43,885,310 in taxes", False),
    ("they earned $141 million", "they earned $140,937,785", True),
    ("a lawsuit for 1.5 million women", "a lawsuit for 1.6 million women", False),
    ("1,500 troops were sent", "1,580 troops were sent", False),
    ("1,500 troops were sent", "1,480 troops were sent", True),
])
def test_a_figure_to_the_last_unit_agrees_with_it_rounded_or_cut_short(a, b, same):
    """$43,885,310 reported as "$43 million" is one figure; 1.5 and 1.6 million are two, and so
    are 1,500 and 1,580 (a figure of its own, not one cut short)."""
    qa, qb = extract(a)[0], extract(b)[0]
    assert qa.compatible(qb) is same and qb.compatible(qa) is same


@pytest.mark.parametrize("text, value", [("Forty-five people died.", 45),
                                         ("Twenty one people died.", 21),
                                         ("forty five people died", 45)])
def test_a_number_in_two_words_is_one_figure(text, value):
    """"Forty-five people" is 45, not 5 (read as 5, it made "has risen to 45" an update)."""
    assert [q.value for q in extract(text)] == [value]


@pytest.mark.parametrize("text, value", [("He signed nearly two-dozen executive actions.", 24),
                                         ("They sent two dozen tanks.", 24),
                                         ("A dozen tanks were seen.", 12)])
def test_dozens_are_multiplied(text, value):
    """"Nearly two-dozen executive actions" is about 24 (read as a dozen, 12, it conflicted with
    "23 executive actions")."""
    assert [q.value for q in extract(text)] == [value]


def test_a_rank_is_no_count():
    """"The No. 2 job", "#1": positions, not counts (read as counts of "positions", the No. 3 of
    one report conflicted with the No. 2 of another that named both)."""
    assert extract("Steny Hoyer kept the No. 2 job, and Jim Clyburn the No. 3 position.") == []
    assert extract("The song went to #1 in May.") == [] or all(
        q.kind == "monthday" for q in extract("The song went to #1 in May."))
