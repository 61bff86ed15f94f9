"""extract/judgements.py: sentences, progress ratings, stated counts, deadlines and numbers."""

from __future__ import annotations

import pytest

from inspection_parse.extract.judgements import (
    STATED_RATING_COUNT,
    find_deadline,
    find_ratings,
    number_value,
    sentences,
)

# -- sentences --------------------------------------------------------------------------------


def _sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in sentences(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("The team met. They agreed a plan.", ["The team met.", "They agreed a plan."]),
    ("Mr. Smith met the team. They agreed.", ["Mr. Smith met the team.", "They agreed."]),
    ("Mrs. Khan and Dr. Odu spoke. Both were clear.",
     ["Mrs. Khan and Dr. Odu spoke.", "Both were clear."]),
    ("Records, e.g. Case notes, were read. Most were full.",
     ["Records, e.g. Case notes, were read.", "Most were full."]),
    ("Plans, i.e. Child plans, improved. Good.", ["Plans, i.e. Child plans, improved.", "Good."]),
    ("The note went to J. R. Marsh. He replied.", ["The note went to J. R. Marsh.", "He replied."]),
    ("Is this clear? Yes! It is.", ["Is this clear?", "Yes!", "It is."]),
    ("Figures rose. 12 cases were seen.", ["Figures rose.", "12 cases were seen."]),
    ("It was agreed. ‘Quoted’ words follow.", ["It was agreed.", "‘Quoted’ words follow."]),
    ("A lower case word follows. and goes on", ["A lower case word follows. and goes on"]),
    ("No full stop at the end", ["No full stop at the end"]),
])
def test_sentences_split_after_a_stop_before_a_capital_but_not_after_abbreviations(
        text: str, expected: list[str]) -> None:
    assert _sentences(text) == expected


def test_sentences_skip_the_white_space_between_them() -> None:
    text = "One here.   Two there."
    assert sentences(text) == [(0, 9), (12, 22)]


def test_sentences_of_empty_text_are_none() -> None:
    assert sentences("") == []


# -- ratings ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "rating"), [
    ("Progress in this area is judged to be satisfactory.", "satisfactory"),
    ("Inspectors judged progress on this area to be good.", "good"),
    ("The service area has made inadequate progress.", "inadequate"),
    ("Outstanding progress has been made.", "outstanding"),
    ("Good progress has been made by the team.", "good"),
    ("This area for improvement has seen satisfactory progress.", "satisfactory"),
    ("Progress on this area is judged as good.", "good"),
    ("Progress is satisfactory.", "satisfactory"),
    ("Progress has been inadequate.", "inadequate"),
    ("Progress remains satisfactory overall.", "satisfactory"),
    ("Progress against this recommendation is considered to be good.", "good"),
    ("PROGRESS IS GOOD", "good"),                      # case does not matter
])
def test_find_ratings_reads_each_phrasing_of_a_progress_judgement(text: str, rating: str) -> None:
    hits = find_ratings(text)
    assert [h.rating for h in hits] == [rating]
    assert text[hits[0].start:hits[0].end].lower() == rating


def test_find_ratings_in_bold_free_text_points_at_the_rating_word() -> None:
    text = "Case files were read. Progress in this area is judged to be good. Staff agreed."
    (hit,) = find_ratings(text)
    assert hit.rating == "good"
    assert text[hit.start:hit.end] == "good"
    assert hit.start == text.index("good.")


@pytest.mark.parametrize("text", [
    "The team was good at recording visits.",
    "Good work was seen; progress is slow.",
    "Some progress has been made.",
    "The quality of plans is satisfactory.",
    "",
])
def test_find_ratings_is_empty_without_a_progress_judgement(text: str) -> None:
    assert find_ratings(text) == []


def test_find_ratings_gives_every_judgement_in_order_once() -> None:
    text = "Progress is judged to be satisfactory; good progress was made on the second part."
    assert [h.rating for h in find_ratings(text)] == ["satisfactory", "good"]


# -- stated counts ----------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "rating", "count", "total"), [
    ("satisfactory progress has been made in six of the nine areas", "satisfactory", "six",
     "nine"),
    ("good progress in three areas", "good", "three", None),
    ("Good progress has been made in four areas", "good", "four", None),
    ("inadequate progress in 2 of the 7 recommendations", "inadequate", "2", "7"),
])
def test_stated_rating_count_reads_rating_count_and_total(
        text: str, rating: str, count: str, total: str | None) -> None:
    m = STATED_RATING_COUNT.search(text)
    assert m is not None
    assert (m["rating"].lower(), m["count"], m["total"]) == (rating, count, total)


def test_stated_rating_count_finds_each_count_in_a_sentence() -> None:
    text = ("satisfactory progress has been made in five of the seven areas and good progress "
            "in two areas")
    found = [(m["rating"], m["count"]) for m in STATED_RATING_COUNT.finditer(text)]
    assert found == [("satisfactory", "five"), ("good", "two")]


@pytest.mark.parametrize("text", [
    "Progress in this area is judged to be good.",
    "good progress has been made",
    "nine areas for improvement were identified",
])
def test_stated_rating_count_needs_a_rating_a_count_and_areas(text: str) -> None:
    assert STATED_RATING_COUNT.search(text) is None


# -- deadlines --------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "phrase", "kind", "months", "by"), [
    ("Take action immediately to ensure that letters are sent.", "Take action immediately",
     "immediate", 0, None),
    ("Immediately ensure that all cases are allocated.", "Immediately", "immediate", 0, None),
    ("Take immediate action to review plans.", "Take immediate action", "immediate", 0, None),
    ("Within three months ensure that plans are updated.", "Within three months", "within", 3,
     None),
    ("Within 3 months ensure that plans are updated.", "Within 3 months", "within", 3, None),
    ("Within twelve months ensure that staff are trained.", "Within twelve months", "within",
     12, None),
    ("Within 12 months ensure that staff are trained.", "Within 12 months", "within", 12, None),
    ("within six months review the policy.", "within six months", "within", 6, None),
    ("Within the next six months review it.", "Within the next six months", "within", 6, None),
    ("Within two years build a new team.", "Within two years", "within", 24, None),
    ("By 31 March 2011 ensure that a plan is agreed.", "By 31 March 2011", "by_date", None,
     "2011-03"),
    ("By March 2011 ensure that a plan is agreed.", "By March 2011", "by_date", None, "2011-03"),
])
def test_find_deadline_reads_the_opening_deadline_phrase(
        text: str, phrase: str, kind: str, months: int | None, by: str | None) -> None:
    hit = find_deadline(text)
    assert hit is not None
    assert (hit.text, hit.kind, hit.months, hit.by) == (phrase, kind, months, by)
    assert text[hit.start:hit.end] == phrase


def test_find_deadline_in_weeks_has_no_month_count() -> None:
    hit = find_deadline("Within four weeks send the plan.")
    assert hit is not None and hit.kind == "within" and hit.months is None


def test_find_deadline_offsets_skip_bold_markers() -> None:
    text = "**Within three months** ensure that plans are updated."
    hit = find_deadline(text)
    assert hit is not None
    assert text[hit.start:hit.end] == "Within three months"


@pytest.mark.parametrize("text", [
    "Ensure that plans are made for every child.",
    "Review the policy within three months.",      # the phrase must open the recommendation
    "",
])
def test_find_deadline_is_none_without_an_opening_deadline(text: str) -> None:
    assert find_deadline(text) is None


# -- numbers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "value"), [
    ("3", 3), ("12", 12), ("three", 3), ("Nine", 9), (" twelve ", 12), ("twenty", 20),
    ("a", 1), ("an", 1),
])
def test_number_value_reads_digits_and_words(text: str, value: int) -> None:
    assert number_value(text) == value


@pytest.mark.parametrize("text", ["all", "several", "many", ""])
def test_number_value_is_none_for_words_that_are_not_a_count(text: str) -> None:
    assert number_value(text) is None
