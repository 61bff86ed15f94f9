"""Dates as letters write them: "20 May 2010", "27 and 28 April 2010", "from 3 to 5 June",
"between 13 October and 15 October 2020", "30 November and 1 December 2010", "July 2009".

Pure functions over strings; each result keeps the character range it came from.
"""

from __future__ import annotations

import datetime as dt

import attrs
import regex

MONTHS = {
    name: i + 1
    for i, names in enumerate([
        ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
        ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
        ("october", "oct"), ("november", "nov"), ("december", "dec"),
    ])
    for name in names
}
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|" \
         r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d\d"

# "20 May 2010", "20th May, 2010", "May 20, 2010"
FULL_DATE = regex.compile(
    rf"\b(?:(?P<d>{_DAY})\s+(?P<m>{_MONTH}),?\s+(?P<y>{_YEAR})"
    rf"|(?P<m2>{_MONTH})\s+(?P<d2>{_DAY}),?\s+(?P<y2>{_YEAR}))\b", regex.I)
MONTH_YEAR = regex.compile(rf"\b(?P<m>{_MONTH})\s+(?P<y>{_YEAR})\b", regex.I)
# A pattern fragment: a month and year, perhaps with a day before it, as group ``when``
# (for phrase patterns such as "judged inadequate in {WHEN}"; read it with month_or_day).
WHEN = rf"(?P<when>(?:{_DAY}\s+)?{_MONTH}\s+{_YEAR})"

# A run of visit days: "27 and 28 April 2010", "3, 4 and 5 June", "30 November and
# 1 December 2010", "3 to 5 June 2024", "13 October and 15 October 2020", "19 March 2019".
_DAY_OPT_MONTH = rf"{_DAY}(?:\s+{_MONTH})?(?:,?\s+{_YEAR})?"
_JOIN = r"(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s+to\s+|\s*[-–]\s*|\s+until\s+)"
DAY_RUN = regex.compile(
    rf"(?<![\d£$])(?P<run>{_DAY_OPT_MONTH}(?:{_JOIN}{_DAY_OPT_MONTH}){{0,8}})", regex.I)
_DAY_PART = regex.compile(
    rf"(?P<d>{_DAY})(?:\s+(?P<m>{_MONTH}))?(?:,?\s+(?P<y>{_YEAR}))?(?P<join>{_JOIN})?", regex.I)
_ORD = regex.compile(r"(st|nd|rd|th)$", regex.I)


@attrs.frozen
class Found:
    """A date read from text: its ISO value and where it was (offsets in the string)."""

    value: str
    start: int
    end: int


def month_number(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def _day(text: str) -> int:
    return int(_ORD.sub("", text))


def parse_full_date(text: str) -> Found | None:
    """The first full date in ``text`` as ``YYYY-MM-DD``, or None (also for 31 February)."""
    for m in FULL_DATE.finditer(text):
        d, mo, y = (m["d"], m["m"], m["y"]) if m["d"] else (m["d2"], m["m2"], m["y2"])
        try:
            day = dt.date(int(y), month_number(mo), _day(d))
        except ValueError:
            continue
        return Found(day.isoformat(), m.start(), m.end())
    return None


def parse_month(text: str) -> Found | None:
    """The first "Month YYYY" in ``text`` as ``YYYY-MM``."""
    m = MONTH_YEAR.search(text)
    if not m:
        return None
    return Found(f"{int(m['y']):04d}-{month_number(m['m']):02d}", m.start(), m.end())


def month_or_day(text: str) -> Found | None:
    """The first full date in ``text`` as ``YYYY-MM-DD``, else its first month as ``YYYY-MM``."""
    return parse_full_date(text) or parse_month(text)


def add_months(month: str, months: int) -> str:
    """``"2009-08"`` plus 3 gives ``"2009-11"`` (a day date keeps only its month)."""
    y, mo = int(month[:4]), int(month[5:7])
    total = y * 12 + (mo - 1) + months
    return f"{total // 12:04d}-{total % 12 + 1:02d}"


def parse_day_run(text: str, *, default_year: int | None = None,
                  before: str | None = None) -> tuple[list[str], int, int] | None:
    """Visit days from the first run of day dates in ``text``.

    Returns (ISO days in order, start, end) or None. A range ("3 to 5 June",
    "13 October and 15 October" is two days, "from 13 to 15 October" is three)
    gives every day in it. Days with no month take the next month named; days
    with no year take the next year named, else ``default_year``; when the letter
    is dated (``before``, ISO) a visit without a year that would fall after the
    letter belongs to the year before.
    """
    for m in DAY_RUN.finditer(text):
        run = m.group("run")
        parts = list(_DAY_PART.finditer(run))
        if not any(p["m"] for p in parts):
            continue
        # Fill in months and years from the right.
        month, year = None, None
        filled: list[tuple[int, int | None, int | None, str]] = []
        for p in reversed(parts):
            if p["m"]:
                month = month_number(p["m"])
            if p["y"]:
                year = int(p["y"])
            filled.append((_day(p["d"]), month, year, (p["join"] or "").strip().lower()))
        filled.reverse()
        if any(mo is None for _, mo, _, _ in filled):
            continue
        if filled[-1][2] is None and default_year is None:
            continue
        # "between 13 October and 15 October" names the ends of a range.
        between = regex.search(r"\bbetween\s+$", text[max(0, m.start() - 12):m.start()], regex.I)
        ranged = {"to", "-", "–", "until"} | ({"and"} if between and len(filled) == 2 else set())
        days: list[dt.date] = []
        try:
            for k, (d, mo, y, _join) in enumerate(filled):
                year_ = y if y is not None else default_year
                assert mo is not None and year_ is not None
                day = dt.date(year_, mo, d)
                prev_join = filled[k - 1][3] if k else ""
                if days and prev_join in ranged:
                    cur = days[-1] + dt.timedelta(days=1)
                    while cur < day and len(days) < 62:
                        days.append(cur)
                        cur += dt.timedelta(days=1)
                days.append(day)
        except ValueError:
            continue
        if before and filled[-1][2] is None:
            limit = dt.date.fromisoformat(before)
            if days and days[-1] > limit:
                days = [_year_before(d) for d in days]
        if days:
            return [d.isoformat() for d in days], m.start(), m.end()
    return None


def _year_before(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)
