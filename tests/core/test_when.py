"""Days, times and periods a claim names, resolved against its document's publication date
(real sentences from multi-outlet news)."""

from __future__ import annotations

import datetime as dt

from reader.core.xref.when import read_when

WED = dt.date(2011, 11, 2)          # a Wednesday
TUE = dt.date(2015, 6, 30)          # a Tuesday


def one(text, published=None):
    found = [w for w in read_when(text, published) if w.has_day or w.hours]
    assert len(found) == 1, found
    return found[0]


def test_weekdays_are_the_last_such_day_of_a_report():
    w = one("The House resolution on the national motto passed Tuesday was introduced by "
            "Rep. Randy Forbes.", WED)
    assert (w.first, w.last) == (dt.date(2011, 11, 1),) * 2
    w = one("On Wednesday, the House voted 396-9 on a bill that reaffirmed the motto.", WED)
    assert w.first == WED


def test_a_plan_looks_forward():
    w = one("Pelosi, who is expected to return to the House speakership Thursday afternoon "
            "after eight years.", dt.date(2019, 1, 2))
    assert w.first == dt.date(2019, 1, 3) and w.hours == (12, 18)
    w = one("Mattis' resignation letter indicates his final day in office will be Feb. 28.",
            dt.date(2018, 12, 20))
    assert w.first == dt.date(2019, 2, 28)


def test_a_time_of_day_belongs_to_its_day():
    a = one("He'll make the announcement today at 11am from his hometown of Livingston.", TUE)
    b = one("Christie made a public announcement Tuesday afternoon at Livingston High School.",
            TUE)
    assert a.first == b.first == TUE and a.hours == (11, 12) and b.hours == (12, 18)
    assert a.clash(b) and not a.agrees(b)
    assert not one("At 7:16 p.m., Victoria Nuland weighed in.", TUE).has_day


def test_relative_days_and_periods():
    may15 = dt.date(2013, 5, 15)
    w = one("The emails paint a fuller picture than an email leaked earlier this week.", may15)
    assert (w.first, w.last) == (dt.date(2013, 5, 13), may15)
    assert w.clash(one("Snippets of the correspondence became public on Friday.", may15))
    w = one("US firms created 337,000 jobs last month.", dt.date(2004, 11, 6))
    assert (w.first, w.last) == (dt.date(2004, 10, 1), dt.date(2004, 10, 31))
    w = one("In the year to March 2004, the Indian economy grew by 8.5%.")
    assert (w.first, w.last) == (dt.date(2003, 4, 1), dt.date(2004, 3, 31))
    w = one("Fat Albert entered the chart after opening on Christmas Day.", dt.date(2004, 12, 29))
    assert w.first == dt.date(2004, 12, 25)


def test_names_and_verbs_are_not_days():
    assert not read_when("Families of Sept. 11 victims can sue.", WED)
    assert not read_when("Troops may be sent to the front.", WED)
    assert [w.text for w in read_when("He may resign in May 2020.")] == ["May 2020"]


def test_without_a_publication_date_days_keep_their_names():
    a, b = one("The vote was on Tuesday."), one("The vote was on Wednesday.")
    assert a.first is None and a.day_name == "tuesday" and a.clash(b)
