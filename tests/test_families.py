"""Family rules on variants of our corpus letters: each test changes one thing in a letter."""

from __future__ import annotations

import pytest

import inspection_parse as ip
from conftest import CORPUS

MARRICK = CORPUS / "la_focused_visit" / "fv-marrick-2022-02-17.txt"
ELMFIELD = CORPUS / "school_monitoring" / "sm-elmfield-primary-2018-03-09.txt"
FENWICK = CORPUS / "la_monitoring_visit" / "mv-fenwick-2019-07-11.txt"


def _variant(path, old: str, new: str) -> ip.Letter:
    text = path.read_text(encoding="utf-8")
    assert old in text
    return ip.parse_text(text.replace(old, new, 1))


def test_bullets_after_a_lead_in_the_wording_test_does_not_know_are_the_areas() -> None:
    heading = "**What needs to improve in this area of social work practice?**\n\n"
    letter = _variant(MARRICK, heading,
                      heading + "Leaders should now concentrate on the points below.\n\n")
    assert [a.text[:30] for a in letter.areas] == [
        "The stability of social worker", "The quality of plans for child",
        "The timeliness of transition p"]


def test_a_lone_paragraph_about_the_areas_under_the_heading_is_not_an_area() -> None:
    text = MARRICK.read_text(encoding="utf-8")
    start = text.index("◼ The stability")
    end = text.index("**Main findings**")
    letter = ip.parse_text(text[:start] + "The areas for improvement remain those identified at "
                           "the last inspection.\n\n" + text[end:])
    assert letter.areas == ()
    assert "IP-W009" in letter.warning_codes()


@pytest.mark.parametrize(("title", "provider"), [
    ("Requires improvement: monitoring inspection visit to Elmfield Primary School",
     "Elmfield Primary School"),
    ("No formal designation monitoring inspection of Elmfield Primary School",
     "Elmfield Primary School"),
    ("Serious weaknesses monitoring inspection of The Elmfield School", "The Elmfield School"),
])
def test_school_monitoring_titles_name_the_school(title: str, provider: str) -> None:
    letter = _variant(ELMFIELD, "Special measures monitoring inspection of Elmfield Primary School",
                      title)
    assert (letter.family, letter.provider.name) == ("school_monitoring", provider)


def test_a_school_visit_by_the_writer_alone_has_the_writer_as_inspector() -> None:
    letter = _variant(ELMFIELD, "my visit with Callum Ferreira-Dyson, Ofsted Inspector, to your "
                      "school on 27 and 28 February 2018", "my visit to your school on 27 "
                      "February 2018")
    assert letter.visit.inspectors == ("Gwendolyn Achebe-Marsh",)
    assert letter.visit.dates == ("2018-02-27",)


def test_the_month_an_authority_was_judged_inadequate_after_a_longer_phrase() -> None:
    letter = _variant(FENWICK, "judged inadequate in October 2018",
                      "judged to be inadequate in its inspection of local authority children’s "
                      "services in October 2018")
    assert letter.previous_inspection.date == "2018-10"


def test_a_monitoring_visit_letter_is_known_by_its_opening_sentence_without_its_title() -> None:
    letter = _variant(FENWICK, "**Monitoring visit to Fenwick children’s services**",
                      "**Fenwick children’s services**")
    assert letter.family == "la_monitoring_visit"


def test_words_of_a_visit_letter_without_its_title_or_opening_are_not_enough() -> None:
    text = FENWICK.read_text(encoding="utf-8")
    text = text.replace("**Monitoring visit to Fenwick children’s services**", "**Fenwick**")
    text = text.replace("the monitoring visit to Fenwick children’s services",
                        "the monitoring visit in Fenwick")
    assert ip.parse_text(text).family == "unknown"
