"""Who a claim says its statement comes from (core/text/attribution.py), on real sentence
shapes of news articles, and the shapes that name nobody."""

from __future__ import annotations

import pytest

from reader.core.text.attribution import attribution
from tests.helpers import SEEDS

SAID = [
    ("According to South Korea's National Intelligence Service, 1,500 North Korean troops "
     "have been sent to Russia.", "South Korea's National Intelligence Service"),
    ("Ukraine's military said 14,000 troops had arrived in Kursk.", "Ukraine's military"),
    ("A spokesman denied the report.", "a spokesman"),
    ("North Korea has sent troops to Russia, officials in Seoul said on Monday.",
     "officials in Seoul"),
    ("The death toll stood at 12, officials in the capital said.", "officials in the capital"),
    ('"We will not back down," said President Volodymyr Zelenskyy.',
     "President Volodymyr Zelenskyy"),
    ("“We will not back down,” President Volodymyr Zelenskyy said.",
     "President Volodymyr Zelenskyy"),
    ("South Korean intelligence reports indicate that 1,500 North Korean special forces "
     "soldiers are being deployed.", "South Korean intelligence"),
    ("Casualties have mounted, citing Reuters.", "Reuters"),
    ("The troops were in Kursk, the broadcaster reported, citing unnamed officials.",
     "the broadcaster"),
    ("John Kirby, who spoke to reporters at the White House, said the troops were in Kursk.",
     "John Kirby"),
    ("John Kirby, a White House spokesman, said the troops were in Kursk.", "John Kirby"),
    ("In a statement, the Ministry of Defence confirmed the figure.", "Ministry of Defence"),
    ("Reuters reported that 14,000 troops had been deployed.", "Reuters"),
    ("According to figures from the health ministry, 31 people have died.",
     "the health ministry"),
    ("The Pentagon estimated that up to 10,000 troops could be sent.", "Pentagon"),
    ("The death toll has risen to 31, local officials said on Thursday.", "local officials"),
    ("Analysts say the move signals desperation.", "analysts"),
    ("Putin says Russia will win.", "Putin"),
    ("Officials told Reuters that 1,500 troops had left.", "officials"),
    ("Police arrested 25 people, the interior ministry said.", "the interior ministry"),
    ("Shelling killed 12 people, Ukraine's military said in a statement on Sunday.",
     "Ukraine's military"),
    ("The White House has said the troops are in Russia.", "White House"),
    ("Sources familiar with the matter said the talks had stalled.", "sources"),
    ("The United Nations estimates that 3 million people have fled.", "United Nations"),
    ("The death toll stood at 12, a spokesman said, adding that more were missing.",
     "a spokesman"),
]

NOBODY = [
    "The troops said to be in Kursk number 10,000.",
    "It is said that the troops number 10,000.",
    "The troops were deployed on Tuesday.",
    "According to recent estimates, around 1 million Russian soldiers have been killed.",
    "He said the figure was 12.",
    "They claimed the strike hit a depot.",
    "North Korea has sent 17,000 combat troops to fight for Russia in Ukraine.",
    "The deal, which was signed in June, says both sides will help each other.",
    "The report says 14,000 troops were deployed.",
    "Rescue teams were searching for survivors in the flooded villages.",
    "This decision reflects a complex array of factors.",
    "Kim Jong-un has reportedly signed agreements.",
    "",
]


@pytest.mark.parametrize("text,speaker", SAID)
def test_the_speaker_is_read(text, speaker):
    assert attribution(text) == speaker


@pytest.mark.parametrize("text", NOBODY)
def test_nobody_is_named(text):
    assert attribution(text) == ""


def test_the_seed_names_south_korean_intelligence():
    text = (SEEDS / "000_e7277f4b1b896bba.txt").read_text(encoding="utf-8")
    sentence = next(s for s in text.split(". ") if "1,500 North Korean" in s)
    assert attribution(sentence) == "South Korean intelligence"


def test_the_first_speaker_of_a_sentence_is_its_own():
    assert attribution("Russia denied it, but Ukraine's military said 14,000 had come.") \
        == "Russia"
