"""Sentences, progress ratings, stated counts and deadlines: the small vocabulary of judgement.

The phrase tables are data: each entry is a pattern and an example of the text
it matches (our own example, not a quoted letter).
"""

from __future__ import annotations

import attrs
import regex

from ..model import RATINGS

NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "twenty-four": 24, "eighteen months": 18, "a": 1, "an": 1, "all": -1,
}
NUMBER = r"(?:\d{1,2}|" + "|".join(sorted((w for w in NUMBER_WORDS if " " not in w), key=len,
                                          reverse=True)) + r")"

# "the third monitoring visit", "the 10th monitoring inspection": which visit of a series.
ORDINAL_WORDS: dict[str, int] = {
    word: n for n, word in enumerate(
        "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
        "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth "
        "twentieth".split(), start=1)}
ORDINAL = r"(?:" + "|".join(ORDINAL_WORDS) + r"|\d{1,2}(?:st|nd|rd|th))"
_ORDINAL_FIGURES = regex.compile(r"(\d{1,2})(?:st|nd|rd|th)\Z")


def ordinal_value(word: str) -> int | None:
    """"third" → 3, "3rd" → 3; None for a word that is not an ordinal (or is "0th")."""
    word = word.strip().lower()
    if word in ORDINAL_WORDS:
        return ORDINAL_WORDS[word]
    figures = _ORDINAL_FIGURES.match(word)
    return int(figures[1]) or None if figures else None


def number_value(text: str) -> int | None:
    text = text.strip().lower()
    if text.isdigit():
        return int(text)
    value = NUMBER_WORDS.get(text)
    return value if value is not None and value > 0 else None


# -- sentences --------------------------------------------------------------------------------

_ABBREV = regex.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|St|No|Nos|e\.g|i\.e|etc|cf|vs|approx|Cllr|Rev|Jan|Feb|Mar|Apr|Jun|"
    r"Jul|Aug|Sep|Sept|Oct|Nov|Dec)|\b\p{Lu})\.$")
_SENTENCE_END = regex.compile(r"[.!?][’”\"')\]]*(?=\s+[\p{Lu}‘“\"'(\d*])")


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence ranges of ``text``: split after . ! ? before a capital, not after abbreviations."""
    out, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        before = text[max(start, m.start() - 8):m.start() + 1]
        if m.group().startswith(".") and _ABBREV.search(before):
            continue
        out.append((start, m.end()))
        start = m.end()
        while start < len(text) and text[start].isspace():
            start += 1
    if start < len(text):
        out.append((start, len(text.rstrip())))
    return [(a, b) for a, b in out if b > a]


# -- ratings ----------------------------------------------------------------------------------

_RATING = "(?P<rating>" + "|".join(RATINGS) + ")"
# Each pattern finds a progress judgement; ``rating`` names the word.
PROGRESS_PATTERNS: list[tuple[regex.Pattern[str], str]] = [
    # "Satisfactory progress has been made by Cafcass on this area"
    (regex.compile(rf"\b{_RATING}\s+progress\b", regex.I), "Good progress has been made"),
    # "Progress in this area is judged to be inadequate" / "judged progress ... to be good"
    (regex.compile(rf"\bprogress\b[^.;]{{0,100}}?\b(?:judged|judge|judges|assessed|considered|"
                   rf"found|rated|graded|evaluated|deemed)\b[^.;]{{0,20}}?\b(?:to\s+be\s+|as\s+)?"
                   rf"{_RATING}\b", regex.I), "Progress here is judged to be satisfactory"),
    (regex.compile(rf"\b(?:judged|judge|judges|assessed|considered|rated|graded|deemed)\b"
                   rf"[^.;]{{0,60}}?\bprogress\b[^.;]{{0,60}}?\b(?:to\s+be\s+|as\s+){_RATING}\b",
                   regex.I), "Inspectors judged progress on this area to be good"),
    # "Progress on this area is satisfactory" / "progress has been inadequate"
    (regex.compile(rf"\bprogress\b[^.;]{{0,60}}?\b(?:is|was|has\s+been|remains|had\s+been)\s+"
                   rf"(?:only\s+|overall\s+)?{_RATING}\b", regex.I),
     "Progress on this area is satisfactory"),
]


@attrs.frozen
class RatingHit:
    rating: str
    start: int      # offsets of the rating word in the searched text
    end: int


def find_ratings(text: str) -> list[RatingHit]:
    """Every progress judgement in ``text``, in order, without overlaps."""
    hits: list[RatingHit] = []
    starts: set[int] = set()    # not a scan of ``hits``: that was quadratic in the hits
    for pattern, _example in PROGRESS_PATTERNS:
        for m in pattern.finditer(text):
            a, b = m.span("rating")
            if a in starts:
                continue
            starts.add(a)
            hits.append(RatingHit(m["rating"].lower(), a, b))
    hits.sort(key=lambda h: h.start)
    return hits


# "satisfactory progress has been made in six of the nine areas", "good progress in three
# areas", "satisfactory progress in the remaining three", "good progress in the other two"
STATED_RATING_COUNT = regex.compile(
    rf"\b{_RATING}\s+progress\b[^.;]{{0,60}}?\b(?:in|on|against)\s+(?:each\s+of\s+)?"
    rf"(?:the\s+)?(?:(?P<rest>remaining|other)\s+)?(?P<count>{NUMBER})\b"
    rf"(?(rest)(?:\s+(?:areas?|recommendations?))?|\s+(?:of\s+the\s+(?P<total>{NUMBER})\s+)?"
    rf"(?:areas?|recommendations?))\b", regex.I)


# -- deadlines --------------------------------------------------------------------------------

@attrs.frozen
class DeadlineHit:
    text: str
    kind: str
    months: int | None
    by: str | None      # ISO month for "by <date>"
    start: int
    end: int


_UNIT = r"(?P<unit>months?|weeks?|years?)"
DEADLINE_PATTERNS: list[tuple[str, regex.Pattern[str], str]] = [
    # kind, pattern, example
    ("immediate", regex.compile(r"\A\W*(?P<phrase>Take\s+(?:immediate\s+)?action\s+immediately|"
                                r"Take\s+immediate\s+action|Immediately|With\s+immediate\s+effect|"
                                r"As\s+a\s+matter\s+of\s+(?:urgency|priority))\b", regex.I),
     "Take action immediately to review ..."),
    ("within", regex.compile(rf"\A\W*(?P<phrase>Within\s+(?:the\s+next\s+)?"
                             rf"(?P<n>{NUMBER})\s+{_UNIT})"
                             rf"\b", regex.I), "Within three months ensure that ..."),
    ("by_date", regex.compile(r"\A\W*(?P<phrase>By\s+(?:the\s+end\s+of\s+)?(?:\d{1,2}\s+)?"
                              r"(?P<month>January|February|March|April|May|June|July|August|"
                              r"September|October|November|December)\s+(?P<year>(?:19|20)\d\d))\b",
                              regex.I), "By 31 March 2011 ensure ..."),
]


def find_deadline(text: str) -> DeadlineHit | None:
    """The deadline phrase a recommendation opens with, if any."""
    from .dates import month_number

    for kind, pattern, _example in DEADLINE_PATTERNS:
        m = pattern.match(text)
        if not m:
            continue
        a, b = m.span("phrase")
        if kind == "immediate":
            return DeadlineHit(m["phrase"], "immediate", 0, None, a, b)
        if kind == "within":
            n = number_value(m["n"])
            if n is None:
                continue
            unit = m["unit"].lower()
            months = n * 12 if unit.startswith("year") else n if unit.startswith("month") else None
            return DeadlineHit(m["phrase"], "within", months, None, a, b)
        by = f"{int(m['year']):04d}-{month_number(m['month']):02d}"
        return DeadlineHit(m["phrase"], "by_date", None, by, a, b)
    return None
