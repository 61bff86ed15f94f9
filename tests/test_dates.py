"""extract/dates.py: the ways letters write dates, months and runs of visit days."""

from __future__ import annotations

import pytest

from inspection_parse.extract.dates import add_months, parse_day_run, parse_full_date, parse_month

# -- full dates -------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "iso"), [
    ("20 May 2010", "2010-05-20"),
    ("1st March 2011", "2011-03-01"),
    ("22nd June 2015", "2015-06-22"),
    ("3rd Sept. 2012", "2012-09-03"),
    ("14th January, 2009", "2009-01-14"),
    ("May 20, 2010", "2010-05-20"),
    ("Sept 3 2012", "2012-09-03"),
    ("2 Jan 2020", "2020-01-02"),
    ("29 February 2012", "2012-02-29"),          # a leap year
    ("dated 9 december 2021.", "2021-12-09"),   # lower case month, inside a sentence
])
def test_full_date_reads_each_way_of_writing_a_day(text: str, iso: str) -> None:
    found = parse_full_date(text)
    assert found is not None and found.value == iso


def test_full_date_offsets_cover_the_date_as_written() -> None:
    text = "Letter of 20th May, 2010 to the council"
    found = parse_full_date(text)
    assert found is not None
    assert text[found.start:found.end] == "20th May, 2010"


@pytest.mark.parametrize("text", [
    "31 February 2011",        # no such day
    "29 February 2011",        # not a leap year
    "32 March 2010",
    "March 2010",              # a month, not a day
    "20 May",                  # no year
    "no date here at all",
    "",
])
def test_full_date_is_none_when_there_is_no_real_day(text: str) -> None:
    assert parse_full_date(text) is None


def test_full_date_skips_an_impossible_day_and_takes_the_next() -> None:
    found = parse_full_date("on 31 February 2011 or 1 March 2011")
    assert found is not None and found.value == "2011-03-01"


# -- months -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "iso", "written"), [
    ("the inspection in July 2009 found", "2009-07", "July 2009"),
    ("published in Sept 2010", "2010-09", "Sept 2010"),
    ("in december 2019", "2019-12", "december 2019"),
])
def test_month_reads_month_and_year(text: str, iso: str, written: str) -> None:
    found = parse_month(text)
    assert found is not None and found.value == iso
    assert text[found.start:found.end] == written


@pytest.mark.parametrize("text", ["in the summer", "July", "2009"])
def test_month_is_none_without_a_month_and_year(text: str) -> None:
    assert parse_month(text) is None


@pytest.mark.parametrize(("month", "n", "expected"), [
    ("2009-08", 3, "2009-11"),
    ("2009-08", 0, "2009-08"),
    ("2010-11", 3, "2011-02"),       # across a year end
    ("2010-12", 1, "2011-01"),
    ("2010-10", 12, "2011-10"),
    ("2010-10", 27, "2013-01"),
    ("2011-01", -1, "2010-12"),      # backwards across a year end
    ("2010-12-15", 12, "2011-12"),   # a day date keeps only its month
])
def test_add_months(month: str, n: int, expected: str) -> None:
    assert add_months(month, n) == expected


# -- runs of visit days -----------------------------------------------------------------------


@pytest.mark.parametrize(("text", "days"), [
    ("on 27 and 28 April 2010", ["2010-04-27", "2010-04-28"]),
    ("from 3 to 5 June 2024", ["2024-06-03", "2024-06-04", "2024-06-05"]),
    ("between 6 and 8 October 2020", ["2020-10-06", "2020-10-07", "2020-10-08"]),
    ("between 13 October and 15 October 2020",
     ["2020-10-13", "2020-10-14", "2020-10-15"]),
    ("30 November and 1 December 2010", ["2010-11-30", "2010-12-01"]),
    ("29 and 30 September, and 1 October 2020",
     ["2020-09-29", "2020-09-30", "2020-10-01"]),
    ("15, 16 and 21 July 2025", ["2025-07-15", "2025-07-16", "2025-07-21"]),
    ("22–23 October 2019", ["2019-10-22", "2019-10-23"]),
    ("22-24 October 2019", ["2019-10-22", "2019-10-23", "2019-10-24"]),
    ("27 June to 28 June 2023", ["2023-06-27", "2023-06-28"]),
    ("on 5, 6 and 7 September 2011", ["2011-09-05", "2011-09-06", "2011-09-07"]),
    ("on 19 March 2019", ["2019-03-19"]),
    ("from 30 December 2019 to 2 January 2020",
     ["2019-12-30", "2019-12-31", "2020-01-01", "2020-01-02"]),
    ("on 31 December 2019 and 2 January 2020", ["2019-12-31", "2020-01-02"]),
])
def test_day_run_reads_every_visit_phrasing(text: str, days: list[str]) -> None:
    found = parse_day_run(text)
    assert found is not None
    assert found[0] == days


def test_day_run_without_between_keeps_two_named_days_apart() -> None:
    # "13 October and 15 October" names two days; only "between ..." makes it a range.
    found = parse_day_run("on 13 October and 15 October 2020")
    assert found is not None
    assert found[0] == ["2020-10-13", "2020-10-15"]


def test_day_run_offsets_cover_the_run_as_written() -> None:
    text = "The visit took place on 29 and 30 September, and 1 October 2020 at the office."
    found = parse_day_run(text)
    assert found is not None
    _, start, end = found
    assert text[start:end] == "29 and 30 September, and 1 October 2020"


def test_day_run_ignores_an_amount_of_money() -> None:
    found = parse_day_run("the £2 million budget, reviewed on 3 May 2020")
    assert found is not None and found[0] == ["2020-05-03"]


def test_day_run_without_a_year_takes_the_default_year() -> None:
    found = parse_day_run("on 3 and 4 March", default_year=2015)
    assert found is not None and found[0] == ["2015-03-03", "2015-03-04"]


def test_day_run_without_any_year_is_none() -> None:
    assert parse_day_run("on 3 and 4 March") is None


def test_day_run_in_december_before_a_january_letter_is_in_the_previous_year() -> None:
    found = parse_day_run("on 30 and 31 December", default_year=2021, before="2021-01-20")
    assert found is not None and found[0] == ["2020-12-30", "2020-12-31"]


def test_day_run_before_the_letter_keeps_the_default_year() -> None:
    found = parse_day_run("on 4 and 5 January", default_year=2021, before="2021-01-20")
    assert found is not None and found[0] == ["2021-01-04", "2021-01-05"]


def test_day_run_with_a_written_year_is_not_moved_by_the_letter_date() -> None:
    # The year the letter writes wins, even against a letter date before it.
    found = parse_day_run("on 30 and 31 December 2021", before="2021-01-20")
    assert found is not None and found[0] == ["2021-12-30", "2021-12-31"]


@pytest.mark.parametrize("text", [
    "no dates in this sentence",
    "on 3 and 4",                 # days without a month
    "31 and 32 May 2020",         # no 32nd
    "",
])
def test_day_run_is_none_without_a_readable_run(text: str) -> None:
    assert parse_day_run(text) is None
