"""Tests for reader.core.text.normalize."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from reader.core.text.normalize import normalize

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
SEED_000 = SEEDS / "000_e7277f4b1b896bba.txt"
SEED_002 = SEEDS / "002_674a3aba9f60fef1.txt"
SEED_003 = SEEDS / "003_a7cd122e480457df.txt"


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def paragraphs(text: str) -> list[str]:
    return text.split("\n\n") if text else []


def assert_well_formed(text: str) -> None:
    """The output format every normalised text must have."""
    assert text == text.strip()
    assert "\n\n\n" not in text
    for paragraph in paragraphs(text):
        assert paragraph
        assert paragraph == paragraph.strip()
        assert "\n" not in paragraph
        assert "  " not in paragraph
        assert "\t" not in paragraph


# ------------------------------------------------------------------------------------------
# Character cleaning
# ------------------------------------------------------------------------------------------
class TestCleaning:
    def test_newline_variants_become_paragraph_breaks(self):
        text = "a\r\nb\rc\u2028d\u2029e\x0bf\x0cg\x85h\ni"
        assert normalize(text) == "a\n\nb\n\nc\n\nd\n\ne\n\nf\n\ng\n\nh\n\ni"

    def test_control_characters_and_invisible_junk_are_dropped(self):
        text = "\ufeffHel\u00adlo\u200b wor\x00ld\x07\x1b\x7f\x9f!"
        assert normalize(text) == "Hello world!"

    def test_unicode_spaces_and_tabs_collapse_to_one_space(self):
        text = "  one\u00a0\u00a0two\tthree\u2003four\u202ffive\u3000six \t seven  "
        assert normalize(text) == "one two three four five six seven"

    def test_nfc(self):
        assert normalize("Cafe\u0301 A\u030a \u212b") == "Caf\u00e9 \u00c5 \u00c5"

    def test_zwj_zwnj_and_rtl_text_are_kept(self):
        persian = "می\u200cخواهم"
        emoji = "\U0001f469\u200d\U0001f4bb"
        arabic = "مرحبا بالعالم"
        hebrew = "\u200fשלום עולם"
        text = f"{persian} {emoji}\n{arabic}\n{hebrew}"
        assert normalize(text) == f"{persian} {emoji}\n\n{arabic}\n\n{hebrew}"

    def test_empty_and_blank_input(self):
        assert normalize("") == ""
        assert normalize(" \n\t\r\n\u00a0 ") == ""
        assert normalize(" \n\t\r\n\u00a0 ", reflow=True) == ""


# ------------------------------------------------------------------------------------------
# reflow=False
# ------------------------------------------------------------------------------------------
class TestNoReflow:
    def test_each_non_empty_line_is_a_paragraph(self):
        text = "  First line.  \n\n\n Second   line\nThird line\n   \n"
        assert normalize(text) == "First line.\n\nSecond line\n\nThird line"

    def test_wrapped_lines_are_not_joined(self):
        text = "This line was wrapped\nby a text editor."
        assert normalize(text) == "This line was wrapped\n\nby a text editor."

    def test_seed_000_keeps_its_paragraphs(self):
        out = normalize(read(SEED_000))
        assert_well_formed(out)
        paras = paragraphs(out)
        assert len(paras) == 25
        assert paras[:2] == [
            "EuropeNews",
            "Russia Relies on North Korean Forces and Foreign Labor for Ukraine War",
        ]
        assert paras[3] == "The Mathematics of War: Russia\u2019s Dwindling Numbers"
        assert paras[-1].endswith("are respected and upheld.")


# ------------------------------------------------------------------------------------------
# Page furniture
# ------------------------------------------------------------------------------------------
class TestFurniture:
    def test_seed_002_blog_footer_is_removed(self):
        out = normalize(read(SEED_002), reflow=True)
        assert "No comments" not in out
        assert "Post a Comment" not in out
        assert out.endswith("a perfect blend of desperation and delusion.")
        # Also without reflow (one paragraph per line).
        plain = paragraphs(normalize(read(SEED_002)))
        assert plain[-1] == "delusion."

    def test_seed_003_read_the_original_article_is_removed(self):
        raw = read(SEED_003)
        assert "Read the original article here" in raw
        for reflow in (False, True):
            paras = paragraphs(normalize(raw, reflow=reflow))
            assert len(paras) == 10
            assert "Read the original article here" not in paras
            assert paras[0].startswith("A Reuters investigation reveals")
            assert paras[1].startswith("North Korea has sent 17,000 combat troops")

    @pytest.mark.parametrize("furniture", [
        "No comments:", "Post a Comment", "Read the original article here",
        "Share this:", "Share this article", "Click here to read more", "Advertisement",
        "ADVERTISEMENT", "Subscribe to our newsletter", "Older Post", "Newer Post", "Home",
        "home.", "Newer Post Older Post Home", "» Read more", "Leave a Reply",
        "Subscribe to: Post Comments (Atom)", "3 comments:",
    ])
    def test_whole_furniture_paragraphs_are_removed(self, furniture):
        text = f"Real content here.\n{furniture}\nMore real content."
        assert normalize(text) == "Real content here.\n\nMore real content."
        wrapped = f"Real content here.\n\n{furniture}\n\nMore real content."
        assert normalize(wrapped, reflow=True) == "Real content here.\n\nMore real content."

    @pytest.mark.parametrize("content", [
        "Click here to read more about the report.",
        "The advertisement was banned by the regulator.",
        "He went home.",
        "Home Secretary",
        "Share this with your friends, she said.",
        "There were no comments from the ministry.",
        "Home is where the heart is.",
    ])
    def test_content_that_merely_contains_furniture_words_is_kept(self, content):
        assert normalize(content) == content


# ------------------------------------------------------------------------------------------
# Project Gutenberg
# ------------------------------------------------------------------------------------------
GUTENBERG_BOOK = """\
The Project Gutenberg eBook of A Small Tale

This ebook is for the use of anyone anywhere in the United States and
most other parts of the world at no cost and with almost no restrictions
whatsoever.

Title: A Small Tale

*** START OF THE PROJECT GUTENBERG EBOOK A SMALL TALE ***




A SMALL TALE

CHAPTER I.

It was late in the autumn when the travellers reached the old mill by
the river, and the miller, a teller of long stories and a man well-
known in all the valley, came out to meet them with a lantern in his
hand.

\u201cYou are welcome here,\u201d said he, \u201cthough the road has been hard on
you, I think. Come in and sit by the fire; there is bread, and there
is cheese, and there is a little wine that my brother sent from the
hills.\u201d

They went in gladly. The room was low and warm, and smelled of flour
and wood smoke; a grey cat slept upon the hearth and did not stir when
they sat down beside it.

    Over the hills and far away,
    Down by the mill at the end of day,
    The river runs and the wheel goes round,
    And the miller sleeps without a sound.

Nobody spoke for a while.

THE END

*** END OF THE PROJECT GUTENBERG EBOOK A SMALL TALE ***

Updated editions will replace the previous one--the old editions will
be renamed.
"""

GUTENBERG_EXPECTED = [
    "A SMALL TALE",
    "CHAPTER I.",
    "It was late in the autumn when the travellers reached the old mill by the river, and the "
    "miller, a teller of long stories and a man well-known in all the valley, came out to "
    "meet them with a lantern in his hand.",
    "\u201cYou are welcome here,\u201d said he, \u201cthough the road has been hard on you, "
    "I think. Come in and sit by the fire; there is bread, and there is cheese, and there is "
    "a little wine that my brother sent from the hills.\u201d",
    "They went in gladly. The room was low and warm, and smelled of flour and wood smoke; a "
    "grey cat slept upon the hearth and did not stir when they sat down beside it.",
    "Over the hills and far away,",
    "Down by the mill at the end of day,",
    "The river runs and the wheel goes round,",
    "And the miller sleeps without a sound.",
    "Nobody spoke for a while.",
    "THE END",
]


class TestGutenberg:
    def test_wrapped_book_gives_one_paragraph_per_block(self):
        assert paragraphs(normalize(GUTENBERG_BOOK, reflow=True)) == GUTENBERG_EXPECTED

    def test_cr_only_and_crlf_line_endings(self):
        expected = paragraphs(normalize(GUTENBERG_BOOK, reflow=True))
        assert paragraphs(normalize(GUTENBERG_BOOK.replace("\n", "\r"), reflow=True)) == expected
        assert paragraphs(normalize(GUTENBERG_BOOK.replace("\n", "\r\n"), reflow=True)) == expected

    def test_this_project_gutenberg_markers_without_reflow(self):
        text = ("Header line\n*** START OF THIS PROJECT GUTENBERG EBOOK X ***\nBody one.\n"
                "Body two.\n*** END OF THIS PROJECT GUTENBERG EBOOK X ***\nLicence text.")
        assert normalize(text) == "Body one.\n\nBody two."

    def test_text_mentioning_gutenberg_without_markers_is_untouched(self):
        text = "Project Gutenberg was founded by Michael Hart."
        assert normalize(text) == text


# ------------------------------------------------------------------------------------------
# reflow=True
# ------------------------------------------------------------------------------------------
def seed_002_expected_paragraphs() -> list[str]:
    """Built independently from the file's layout: the first (over-long) line stands
    alone, every other paragraph starts at a line holding a single word without a final
    period, and the two furniture lines at the end go away."""
    lines = read(SEED_002).split("\n")
    assert lines[-2:] == ["No comments:", "Post a Comment"]
    groups: list[list[str]] = [[lines[0]]]
    for line in lines[1:-2]:
        if " " not in line and not line.endswith("."):
            groups.append([])
        groups[-1].append(line)
    return [" ".join(group) for group in groups]


class TestReflow:
    def test_seed_002_paragraphs(self):
        out = normalize(read(SEED_002), reflow=True)
        assert_well_formed(out)
        paras = paragraphs(out)
        assert paras == seed_002_expected_paragraphs()
        assert len(paras) == 12
        assert paras[0] == (
            "Once a global powerhouse, Russia now kneels before the pariah of the world, "
            "begging Kim Jong-un for soldiers\u2014an unmistakable signal that Putin's military "
            "strength is nothing more than a hollow bluff.")
        assert paras[1] == (
            "Kim Jong-un is now, quite literally, marching to the beat of a desperate man's "
            "drum. North Korea's commitment to send thousands of troops to support Vladimir "
            "Putin\u2019s beleaguered efforts in Ukraine starkly illustrates just how much "
            "Russia's status has withered. A former Cold War superpower, now so cornered that "
            "it must turn to one of the world's most isolated and impoverished regimes for "
            "military support, is a dramatic shift for a country that once prided itself on "
            "its formidable might.")
        assert paras[2].startswith("The dispatch of North Korean troops to Russia is not")
        assert paras[2].endswith("exacerbate tensions on the Korean Peninsula.")
        assert [" ".join(p.split()[:2]) for p in paras] == [
            "Once a", "Kim Jong-un", "The dispatch", "Historically, North", "The strategic",
            "That Putin", "The irony", "Even more", "While North", "The broader",
            "Ultimately, Putin\u2019s", "And what",
        ]

    @pytest.mark.parametrize("path", [SEED_000, SEED_003])
    def test_unwrapped_seeds_are_unchanged_by_reflow(self, path):
        raw = read(path)
        assert normalize(raw, reflow=True) == normalize(raw)

    def test_one_paragraph_per_line_is_not_joined(self):
        rng = random.Random(20240501)
        words = ("the of and to in a is that for on with as was by at from it his an "
                 "government minister said market shares growth analysts report police "
                 "election country company people year week officials according").split()
        lines = []
        for index in range(60):
            target = rng.randint(40, 600) if index != 30 else 3000
            sentence = [rng.choice(words).capitalize()]
            while sum(len(word) + 1 for word in sentence) < target:
                sentence.append(rng.choice(words))
            lines.append(" ".join(sentence) + rng.choice(".!?"))
        text = "\n".join(lines)
        assert normalize(text, reflow=True) == "\n\n".join(lines)
        assert normalize(text.replace("\n", "\r"), reflow=True) == "\n\n".join(lines)

    def test_hyphenated_line_end_joins_without_space(self):
        text = ("In the morning the committee published a report that was soon well-\n"
                "known across the whole country, and it was discussed at length by the\n"
                "ministers and the newspapers.\n"
                "Nothing else happened that year, and the report was forgotten by most\n"
                "people long before the next election came round in the early spring.")
        assert normalize(text, reflow=True) == (
            "In the morning the committee published a report that was soon well-known across "
            "the whole country, and it was discussed at length by the ministers and the "
            "newspapers.\n\n"
            "Nothing else happened that year, and the report was forgotten by most people "
            "long before the next election came round in the early spring.")

    def test_spaced_dash_at_line_end_keeps_the_space(self):
        text = ("The minister said the plan was sound and would be carried out in full -\n"
                "but only after the summer, when the budget for the next year is agreed\n"
                "by parliament and the regions have been consulted about the details.")
        assert normalize(text, reflow=True) == " ".join(text.split("\n"))

    def test_soft_hyphen_at_line_end_is_a_hyphenation_point(self):
        text = ("The negotiators met again on Tuesday, but the talks about the new trea\u00ad\n"
                "ty ended without any agreement on the most important questions at all,\n"
                "officials said after the meeting in the capital of the country.")
        assert normalize(text, reflow=True) == (
            "The negotiators met again on Tuesday, but the talks about the new treaty ended "
            "without any agreement on the most important questions at all, officials said "
            "after the meeting in the capital of the country.")

    def test_indented_first_lines_mark_paragraphs(self):
        text = (
            "BankAmerica Corp is not under\n"
            "pressure to act quickly on its proposed equity offering and\n"
            "would do well to delay it because of the stock's recent poor\n"
            "performance, banking analysts said.\n"
            "    Some analysts said they have recommended BankAmerica delay\n"
            "its up to one-billion-dlr equity offering, which has yet to be\n"
            "approved by the Securities and Exchange Commission.\n"
            "    BankAmerica stock fell this week, along with other banking\n"
            "issues, on the news that Brazil has suspended interest payments\n"
            "on a large portion of its foreign debt.\n")
        assert paragraphs(normalize(text, reflow=True)) == [
            "BankAmerica Corp is not under pressure to act quickly on its proposed equity "
            "offering and would do well to delay it because of the stock's recent poor "
            "performance, banking analysts said.",
            "Some analysts said they have recommended BankAmerica delay its up to "
            "one-billion-dlr equity offering, which has yet to be approved by the Securities "
            "and Exchange Commission.",
            "BankAmerica stock fell this week, along with other banking issues, on the news "
            "that Brazil has suspended interest payments on a large portion of its foreign "
            "debt.",
        ]

    def test_bullets_and_short_lines_stay_separate_in_wrapped_text(self):
        text = (
            "The committee met on Monday and agreed on the following points after a\n"
            "long debate that lasted well into the night, according to a statement\n"
            "released by the chairman:\n"
            "- the budget will be cut by ten per cent\n"
            "- no new posts will be created this year\n"
            "* travel will be reduced\n"
            "1. First item\n"
            "2. Second item\n"
            "The report will be discussed again at the next meeting of the council,\n"
            "which is expected to take place in the spring of next year, officials\n"
            "said on Tuesday.\n"
            "\n"
            "Roses are red,\n"
            "Violets are blue,\n"
            "Sugar is sweet,\n"
            "And so are you.\n")
        assert paragraphs(normalize(text, reflow=True)) == [
            "The committee met on Monday and agreed on the following points after a long "
            "debate that lasted well into the night, according to a statement released by "
            "the chairman:",
            "- the budget will be cut by ten per cent",
            "- no new posts will be created this year",
            "* travel will be reduced",
            "1. First item",
            "2. Second item",
            "The report will be discussed again at the next meeting of the council, which is "
            "expected to take place in the spring of next year, officials said on Tuesday.",
            "Roses are red,",
            "Violets are blue,",
            "Sugar is sweet,",
            "And so are you.",
        ]

    def test_short_poem_alone_is_not_joined(self):
        text = "Roses are red,\nViolets are blue,\nSugar is sweet,\nAnd so are you."
        assert normalize(text, reflow=True) == text.replace("\n", "\n\n")

    def test_over_long_line_stands_alone(self):
        long_line = "This introductory line is much longer than the wrap width. " * 4
        body = ("The article itself was wrapped at about seventy columns by the program\n"
                "that produced it, so the lines are all roughly the same length and the\n"
                "breaks between them are soft ones that should be joined back together\n"
                "into a single paragraph of text.")
        out = paragraphs(normalize(long_line + "\n" + body, reflow=True))
        assert out == [long_line.strip(), " ".join(body.split("\n"))]

    def test_table_rows_are_not_joined(self):
        text = ("Prices were reported as follows by the department on Friday afternoon\n"
                "in its weekly review of the markets for the main agricultural crops:\n"
                " Wheat   2.55   2.40       IV     4.65     --\n"
                " Corn    1.35   1.92       IV     3.15   3.15\n")
        assert paragraphs(normalize(text, reflow=True))[-2:] == [
            "Wheat 2.55 2.40 IV 4.65 --", "Corn 1.35 1.92 IV 3.15 3.15"]


# ------------------------------------------------------------------------------------------
# Determinism and idempotence
# ------------------------------------------------------------------------------------------
_ALPHABET = (
    list("abcdefghij ABCXYZ.,!?;:-\u2014'\"\u201c\u201d()*#1234567890")
    + list("\n\n\n\r\t  ")
    + ["\r\n", "\u2028", "\u2029", "\x0b", "\x0c", "\x85", "\x00", "\x1f", "\x7f", "\x9f",
       "\ufeff", "\u200b", "\u00ad", "\u00a0", "\u3000", "\u2003", "\u2000", "\u200c",
       "\u200d", "\u0301", "\u0308", "e\u0301", "\u212b", "\u05d0", "\u0627", " - ", "* ",
       "1. ", "well-\n", "\u00ad\n", "Home", "No comments:", "Post a Comment", "Share this:",
       "\n\n", "    ", "THE ", "word " * 8, "\n    Indented line of text ",
       "*** START OF THE PROJECT GUTENBERG EBOOK X ***",
       "*** END OF THE PROJECT GUTENBERG EBOOK X ***"]
)


@pytest.mark.parametrize("reflow", [False, True])
def test_idempotent_on_random_strings(reflow):
    rng = random.Random(12345 + reflow)
    for _ in range(3000):
        text = "".join(rng.choice(_ALPHABET) for _ in range(rng.randint(0, 120)))
        once = normalize(text, reflow=reflow)
        assert_well_formed(once)
        assert normalize(once, reflow=reflow) == once, repr(text)


@pytest.mark.parametrize("reflow", [False, True])
def test_idempotent_on_random_wrapped_documents(reflow):
    rng = random.Random(99)
    words = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu".split()
    for _ in range(200):
        lines = []
        for _ in range(rng.randint(1, 30)):
            line = " ".join(rng.choice(words) for _ in range(rng.randint(0, 14)))
            if rng.random() < 0.3:
                line += rng.choice(".!?:,-")
            if rng.random() < 0.2:
                line = rng.choice(["    ", "- ", "1. ", ""]) + line.capitalize()
            lines.append(line)
        text = "\n".join(lines)
        once = normalize(text, reflow=reflow)
        assert_well_formed(once)
        assert normalize(once, reflow=reflow) == once, repr(text)


@pytest.mark.parametrize("path", [SEED_000, SEED_002, SEED_003])
@pytest.mark.parametrize("reflow", [False, True])
def test_idempotent_and_deterministic_on_seeds(path, reflow):
    once = normalize(read(path), reflow=reflow)
    assert_well_formed(once)
    assert normalize(once, reflow=reflow) == once
    assert normalize(read(path), reflow=reflow) == once
