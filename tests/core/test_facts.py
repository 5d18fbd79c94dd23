"""Conflicts come from aligned slots, with positive evidence of one fact; rounding, bounds,
conversions, other periods, other happenings and negations outside the shared fact are no
conflict (real sentences from multi-outlet news: BASIL events, BBC News)."""

from __future__ import annotations

import datetime as dt

from reader.core.xref.relations import relate

DAY = dt.date(2011, 3, 29)
KNOWN = (frozenset(), frozenset())


def rel(a, b, score, dates=(None, None), known=KNOWN):
    return relate(a, b, score, dates=dates, known=known)


def test_one_class_two_sizes():
    r = rel("Even Justice Ruth Bader Ginsburg expressed some concerns about the sex "
            "discrimination lawsuit that covers 1.5 million women and could cost the retailer "
            "billions of dollars.",
            "The Supreme Court appears ready to block a massive sex discrimination lawsuit "
            "against Wal-Mart on behalf of up to 1.6 million women.", 0.41, (DAY, DAY))
    assert (r.relation, r.fact, r.a_value, r.b_value) == (
        "conflicts", "women", "1.5 million", "up to 1.6 million")
    assert r.why.startswith("women: 1.5 million vs up to 1.6 million")


def test_the_day_of_one_vote():
    wed = dt.date(2011, 11, 2)
    a = ("The House resolution on the national motto passed Tuesday was introduced by Rep. "
         "Randy Forbes.")
    b = "On Wednesday, the House voted 396-9 on a bill that reaffirmed the motto."
    r = rel(a, b, 0.34, (wed, wed))
    assert (r.relation, r.fact, r.a_value, r.b_value) == (
        "conflicts", "day of the vote", "Tuesday", "Wednesday")
    # a document that also dates a vote to the other day reports two votes: no conflict
    known = (frozenset({("vote", wed, wed)}), frozenset())
    assert rel(a, b, 0.34, (wed, wed), known).relation != "conflicts"
    # in undated documents a weekday could be any week's
    assert rel(a, b, 0.34).relation != "conflicts"


def test_a_plan_and_a_report_are_two_days():
    wed = dt.date(2011, 11, 2)
    a = "The House will vote on Friday on the bill that reaffirms the national motto."
    b = "The House voted on Tuesday on the bill that reaffirms the national motto."
    assert rel(a, b, 0.8, (wed, wed)).relation != "conflicts"
    c = "The House voted on Monday on the bill that reaffirms the national motto."
    r = rel(c, b, 0.8, (wed, wed))
    assert (r.relation, r.a_value, r.b_value) == ("conflicts", "Monday", "Tuesday")


def test_rounding_and_precision_are_no_difference():
    r = rel("They own 29% of United through their Cubic Expression investment vehicle.",
            "Through their Cubic Expression vehicle they own 28.9% of the club.", 0.64)
    assert r.relation != "conflicts"


def test_other_periods_are_other_facts():
    r = rel("In the year to March 2004, the Indian economy grew by 8.5%.",
            "He said India's economy grew 6.9% in 2004.", 0.64)
    assert r.relation == "related"
    r = rel("According to Labor Department figures, US firms added only 146,000 jobs in "
            "January.", "US firms created 337,000 jobs last month, twice the amount expected.",
            0.27, (dt.date(2005, 2, 5), dt.date(2004, 11, 6)))
    assert r.relation != "conflicts"


def test_a_restatement_of_one_period_conflicts():
    r = rel("The firm sought bankruptcy protection in December 2003 after disclosing a "
            "4bn-euro hole in its accounts.",
            "Parmalat was placed into bankruptcy protection in 2003 after a 14bn euro black "
            "hole was found in its accounts.", 0.81)
    assert (r.relation, r.a_value, r.b_value) == ("conflicts", "4bn", "14bn")


def test_conversions_bounds_and_magnitudes():
    r = rel("Its pre-tax earnings were 77m euros (£53m; $100m), up from 38m.",
            "The firm revealed debts of 14bn euros ($18.34bn; £9.6bn).", 0.4)
    assert r.relation != "conflicts"
    r = rel("At least 10,000 North Korean troops have been deployed to Russia.",
            "North Korea has deployed 12,000 troops to Russia.", 0.6)
    assert r.relation != "conflicts"
    r = rel("Yukos will sue Baikal for $20bn in damages.",
            "The unit had been sold in December for less than $10bn to a firm called Baikal.",
            0.63)
    assert r.relation != "conflicts"


def test_changes_are_not_levels():
    r = rel("US light crude rose $1.64 to $47.10, while Brent crude in London gained $1.32.",
            "Brent crude also rose in London trading, adding $1.89 to $48.62.", 0.55)
    assert r.relation != "conflicts"


def test_troops_of_one_country_sent_conflict():
    r = rel("South Korean intelligence reports indicate that 1,500 North Korean special forces "
            "soldiers are being deployed to the frontlines of the conflict.",
            "Furthermore, approximately 14,000 North Korean troops have been deployed to "
            "bolster Russian forces.", 0.3)
    assert (r.relation, r.fact) == ("conflicts", "troops")


def test_negation_counts_only_within_the_shared_fact():
    r = rel("The Attorney General has so far issued no instructions to police.",
            "The Attorney General has so far not issued any instructions to police.", 0.89)
    assert r.relation != "conflicts"
    r = rel("A short statement about Lord Goldsmith's position was presented in a written "
            "parliamentary answer on 17 March 2003.",
            "A short statement about Lord Goldsmith's position presented in a written "
            "parliamentary answer on 17 March 2003 did not suggest this.", 0.81)
    assert r.relation != "conflicts"
    r = rel("North Korea has sent troops to Russia to fight in Ukraine.",
            "North Korea has not sent troops to Russia to fight in Ukraine.", 0.9)
    assert (r.relation, r.evidence) == ("conflicts", "negation")


def test_units_of_measure_and_number_words():
    r = rel("The half marathon route was shortened to 10 km after the flooding, organisers said.",
            "Organisers cut the flooded half-marathon course to 6.2 miles, they said on Sunday.",
            0.5)
    assert (r.relation, r.why.split(":")[0]) == ("agrees", "length")
    r = rel("The wildfire in the Okanagan valley has spread across 40 square miles of forest.",
            "The Okanagan blaze has now burned 40 square kilometres of forest and grass.", 0.73)
    assert (r.relation, r.a_value, r.b_value) == ("conflicts", "40 square miles",
                                                   "40 square kilometres")
    r = rel("Rescuers pulled 18 miners alive from the collapsed shaft in Zonguldak province.",
            "Twelve miners were brought out alive from the collapsed coal mine in Zonguldak.",
            0.73)
    assert (r.relation, r.a_value, r.b_value) == ("conflicts", "18", "Twelve")


def test_an_agreement_names_the_slots_both_state():
    from reader.core.xref.facts import shared_slots
    wed = dt.date(2011, 11, 2)
    slots = shared_slots("Fifteen of the 19 hijackers on 9/11 were Saudi citizens, the report says.",
                         "Fifteen of the 19 Sept. 11 hijackers were Saudi nationals.", (wed, wed))
    assert slots[:2] == ["19 hijackers", "Saudi"]
    slots = shared_slots("The House voted on Tuesday to reaffirm the motto.",
                         "On Tuesday, the House reaffirmed the national motto.", (wed, wed))
    assert "Tuesday" in slots and "House" in slots


def test_one_slot_edited_in_a_republished_sentence():
    toy = ("The list also contains plenty of oddities: the Pez sweet dispenser (98th), {} toy "
           "Tamagotchi (86th) and the bizarre Ronco inside the shell egg scrambler (84th).")
    r = rel(toy.format("1980s"), toy.format("1990s"), 0.95)
    assert (r.relation, r.fact, r.a_value, r.b_value) == ("conflicts", "decade", "1980s",
                                                          "1990s")
    assert r.why.startswith("decade: 1980s vs 1990s")
    founded = "The company was founded in {} by two brothers from Ohio, the filing says."
    r = rel(founded.format(1962), founded.format(1965), 0.81)
    assert (r.relation, r.a_value, r.b_value) == ("conflicts", "1962", "1965")


def test_an_edited_name_is_never_an_agreement_nor_a_conflict():
    # BBC News: "Diamound" is a misspelling, "BBC2" a variant, London a part of England
    for a, b in (("Small Island, Levy's fourth novel, is set in post-war London and centres on "
                  "a landlady and her lodgers.",
                  "Small Island, Levy's fourth novel, is set in post-war England and centres on "
                  "a landlady and her lodgers."),
                 ("A merger between MCI and Verizon would be the fifth billion-dollar telecoms "
                  "deal since October.",
                  "A merger between MCI and Qwest would be the fifth billion-dollar telecoms "
                  "deal since October.")):
        r = rel(a, b, 0.93)
        assert r.relation == "related", (a, r)
    # two matches' team sheets: names, but no conflict either
    r = rel("F Sheahan, M Horan, D O'Callaghan, E Miller, G Easterby, D Humphreys, G Duffy.",
            "F Sheahan, M Horan, D O'Callaghan, E Miller, G Easterby, D Humphreys, K Maggs.",
            0.91)
    assert r.relation != "conflicts"


def test_an_edit_needs_the_rest_word_for_word():
    a = "The shutdown is in its 35th day, the longest in history, officials said."
    b = "The shutdown is in its 36th day, the longest in history, officials said."
    r = rel(a, b, 0.9, (DAY, DAY + dt.timedelta(days=1)))
    assert r.relation != "conflicts"          # a day later, the count has moved on
    r = rel(a, b, 0.9, (DAY, DAY))
    assert (r.relation, r.a_value, r.b_value) == ("conflicts", "35th", "36th")
    r = rel("The company was founded in 1962 by two brothers from Ohio, the filing says.",
            "The company was bought in 1965 by two brothers from Ohio, the filing says.", 0.7)
    assert r.relation != "conflicts"          # two slots differ: founded vs bought


def test_one_number_written_two_ways_is_no_edit():
    a = "Shares in the company rose by 5% in early trading in London on Monday after the news."
    for same in ("5.0%", "5.00%"):
        r = rel(a, a.replace("5%", same), 0.95)
        assert r.relation != "conflicts", (same, r)
    b = "The army said that 14,000 troops had been sent to the border region over the week."
    assert rel(b, b.replace("14,000", "14000"), 0.95).relation != "conflicts"
    r = rel(a, a.replace("5%", "7%"), 0.95)
    assert (r.relation, r.a_value, r.b_value) == ("conflicts", "5%", "7%")


def test_the_words_of_a_neighbouring_figure_are_not_what_a_figure_measures():
    """"earned roughly $141 million and paid nearly $44 million in taxes" and "gave nearly $15
    million to charity": "nearly" qualifies, "paid" belongs to the next figure; nothing says
    the two amounts measure one thing (they were a conflict: published the same day)."""
    r = rel("Hillary and Bill Clinton earned roughly $141 million and paid nearly $44 million in "
            "federal income taxes from 2007 to 2014, according to tax returns released Friday.",
            "They gave nearly $15 million to charity, or an average of 10.8 percent of their "
            "earnings.", 0.27, (DAY, DAY))
    assert r.relation != "conflicts"


def test_a_figure_the_other_report_also_gives_has_no_conflict_with_its_neighbours():
    """The other report says "$43 million in federal taxes" elsewhere: its "$13.6 million in
    state taxes" is another fact, not a contradiction of "$43,885,310"; without that figure
    in the other document the two would conflict (the same day, the same words around)."""
    a = ("The new ones show that from 2007 through 2014 the couple paid $43,885,310 in federal "
         "taxes, for an effective tax rate of 31.55 percent.")
    b = "They also donated $15 million to charity, and paid an additional $13.6 million in taxes."
    from reader.core.xref.quantities import quantities_of
    elsewhere = quantities_of("The Clintons paid $43 million in federal taxes since 2007.")
    alone = relate(a, b, 0.29, dates=(DAY, DAY), known=KNOWN)
    beside = relate(a, b, 0.29, dates=(DAY, DAY), known=KNOWN,
                    figures=(quantities_of(a), quantities_of(b) + elsewhere))
    assert alone.relation == "conflicts"
    assert beside.relation != "conflicts"
    estimates = quantities_of("Estimates of how many could be included run from 500,000 to "
                              "1.6 million.")       # a span of estimates states no figure
    r = relate("Even Justice Ruth Bader Ginsburg expressed some concerns about the sex "
               "discrimination lawsuit that covers 1.5 million women and could cost the retailer "
               "billions of dollars.",
               "The Supreme Court appears ready to block a massive sex discrimination lawsuit "
               "against Wal-Mart on behalf of up to 1.6 million women.", 0.41,
               dates=(DAY, DAY), known=KNOWN, figures=((), estimates))
    assert r.relation == "conflicts"


def test_a_figure_one_claim_dates_is_not_one_the_other_leaves_undated():
    """"$10 million in speaking fees in 2013" against "$140,937,785 over the eight year span":
    the same day's reports, the same words around, but one names a year the other lacks."""
    r = rel("According to the returns, the Clintons earned $140,937,785 over the eight year "
            "span, primarily from book sales and speaking fees.",
            "She also released a list of paid speeches showing that she had earned nearly $10 "
            "million in speaking fees in 2013, the year she left the State Department.", 0.4,
            (DAY, DAY))
    assert r.relation != "conflicts"


def test_two_named_doers_make_two_happenings():
    """"Mayor Ed Murray of Seattle announced" on Saturday and "Gov. Jay Inslee announced" on
    Monday are two announcements, not one misdated; with the same doer named (or none) the
    days still conflict."""
    mon = dt.date(2015, 3, 30)
    a = ("On Saturday, Mayor Ed Murray of Seattle announced a ban on city employees traveling "
         "to Indiana for work using city funds.")
    b = ("Washington Gov. Jay Inslee (D) announced Monday that he would ban state-funded travel "
         "to Indiana, where a controversial new law could allow businesses to deny service.")
    assert rel(a, b, 0.45, (mon, mon)).relation != "conflicts"
    c = ("Gov. Jay Inslee announced on Saturday that he would ban state-funded travel to "
         "Indiana, where a new law could allow businesses to deny service.")
    r = rel(c, b, 0.6, (mon, mon))
    assert (r.relation, r.a_value, r.b_value) == ("conflicts", "Saturday", "Monday")
