"""Monitoring visits to inadequate authorities (``la_monitoring_visit``) and FE monitoring visit
reports (``fe_monitoring``), shape by shape: each test writes or changes one thing in a letter."""

from __future__ import annotations

import pytest

import inspection_parse as ip
from conftest import CORPUS
from inspection_parse.families.la_monitoring_visit import inspectors_in

FENWICK = CORPUS / "la_monitoring_visit" / "mv-fenwick-2019-07-11.txt"
HARROWFIELD = CORPUS / "la_monitoring_visit" / "mv-harrowfield-2021-10-07.txt"
FE_TITLE = "**Quillon Skills Limited**\n\n**Monitoring visit report**\n\n"
HEADER = "Monitoring visit report: Quillon Skills Limited, 13 and 14 March 2019"
Q1 = ("How much progress have leaders made in ensuring that the provider is meeting all the "
      "requirements of successful apprenticeship provision?")
Q2 = ("What progress have leaders and managers made in ensuring that apprentices benefit from "
      "high-quality training that leads to positive outcomes for apprentices?")
Q3 = ("How much progress have leaders and managers made in ensuring that effective safeguarding "
      "arrangements are in place?")


def _variant(path, old: str, new: str) -> ip.Letter:
    text = path.read_text(encoding="utf-8")
    assert old in text
    return ip.parse_text(text.replace(old, new, 1))


# -- monitoring visits to inadequate authorities ----------------------------------------------

OPENING = ("The visit was the third monitoring visit since the local authority was judged "
           "inadequate in October 2018. The inspectors were Bartholomew Quaye, HMI, and Imogen "
           "Strachan-Lowe, HMI.")


@pytest.mark.parametrize(("sentence", "names"), [
    ("The visit was carried out by Her Majesty’s Inspectors Ann Lee and Tom Brown on 3 and 4 "
     "May 2019.", ["Ann Lee", "Tom Brown"]),
    ("The visit was carried out by HMIs Ann Lee and Tom Brown on 3 and 4 May 2019.",
     ["Ann Lee", "Tom Brown"]),
    ("The visit was carried out by Ann Lee, HMI, and Tom Brown, HMI, on 3 and 4 May 2019.",
     ["Ann Lee", "Tom Brown"]),
    ("The visit was carried out by Ann Lee and Tom Brown, Her Majesty’s Inspectors, on 3 May "
     "2019.", ["Ann Lee", "Tom Brown"]),
    ("His Majesty’s Inspectors Ann Lee, Tom Brown and Ines Calloway carried out the visit on 3 "
     "and 4 May 2023.", ["Ann Lee", "Tom Brown", "Ines Calloway"]),
    ("The visit was carried out by His Majesty’s Inspector Ann Lee between 3 and 4 May 2023.",
     ["Ann Lee"]),
    ("Ann Lee and Tom Brown, Her Majesty’s Inspectors, carried out the visit on 3 May 2019.",
     ["Ann Lee", "Tom Brown"]),
    ("Ann Lee, HMI, and Tom Brown, HMI, visited the local authority on 3 May 2019.",
     ["Ann Lee", "Tom Brown"]),
    ("The visit was undertaken by Her Majesty’s Inspectors (HMIs) Ann Lee and Dr Tom O’Brien on "
     "30 September to 1 October 2019.", ["Ann Lee", "Dr Tom O’Brien"]),
    ("The visit was carried out by Her Majesty’s Inspectors Ann Lee and Tom Brown on between 3 "
     "May and 4 May 2019.", ["Ann Lee", "Tom Brown"]),
    ("The visit was carried out by His Majesty’s Inspector Ann Lee-Fairweather on from 3 May to "
     "4 May 2023.", ["Ann Lee-Fairweather"]),
])
def test_inspectors_in_every_form_the_letters_write_them(sentence: str, names: list[str]) -> None:
    found = inspectors_in(sentence)
    assert [n for n, _, _ in found] == names
    assert all(sentence[a:e] == n for n, a, e in found)


@pytest.mark.parametrize(("ordinal", "n"), [
    ("first", 1), ("second", 2), ("fifth", 5), ("ninth", 9), ("eleventh", 11), ("twelfth", 12),
    ("1st", 1), ("3rd", 3), ("10th", 10),
])
def test_which_monitoring_visit_this_was(ordinal: str, n: int) -> None:
    letter = _variant(FENWICK, "the third monitoring visit", f"the {ordinal} monitoring visit")
    assert letter.visit.sequence == n
    assert "IP-W035" not in letter.warning_codes()


def test_a_letter_that_does_not_say_which_visit_has_no_sequence_and_says_so() -> None:
    letter = _variant(FENWICK, "the third monitoring visit", "a monitoring visit")
    assert letter.visit.sequence is None
    assert "IP-W035" in letter.warning_codes()


def test_the_opening_of_the_later_letters_dates_inspectors_and_judgement() -> None:
    opening = ("This letter summarises the findings of the sixth monitoring visit to Fenwick "
               "children’s services since the local authority was judged inadequate in March "
               "2019. The visit was carried out by Her Majesty’s Inspectors Ann Lee and Tom "
               "Brown on 30 June to 1 July 2019.")
    text = FENWICK.read_text(encoding="utf-8")
    start = text.index("This letter summarises")
    end = text.index("**Areas covered by the visit**")
    letter = ip.parse_text(text[:start] + opening + "\n\n" + text[end:])
    assert letter.visit.dates == ("2019-06-30", "2019-07-01")
    assert letter.visit.inspectors == ("Ann Lee", "Tom Brown")
    assert letter.visit.sequence == 6
    assert letter.previous_inspection.date == "2019-03"


def test_visit_days_before_the_word_visit_in_its_sentence() -> None:
    opening = ("On 30 June and 1 July 2019, Her Majesty’s Inspectors Ann Lee and Tom "
               "Brown carried out the sixth monitoring visit to Fenwick children’s services "
               "since the local authority was judged inadequate in March 2019.")
    text = FENWICK.read_text(encoding="utf-8")
    start = text.index("This letter summarises")
    end = text.index("**Areas covered by the visit**")
    letter = ip.parse_text(text[:start] + opening + "\n\n" + text[end:])
    assert letter.visit.dates == ("2019-06-30", "2019-07-01")
    assert letter.visit.inspectors == ("Ann Lee", "Tom Brown")
    assert (letter.visit.sequence, letter.previous_inspection.date) == (6, "2019-03")


def test_a_day_dated_judgement_is_not_the_visit() -> None:
    letter = _variant(FENWICK, "judged inadequate in October 2018",
                      "judged inadequate in its inspection of 8 October 2018")
    assert letter.visit.dates == ("2019-06-18", "2019-06-19")
    assert letter.previous_inspection.date == "2018-10-08"


@pytest.mark.parametrize(("title", "name", "canonical", "la_code"), [
    ("Monitoring visit to Birmingham children’s services", "Birmingham", "Birmingham", "330"),
    ("Monitoring visit to the London Borough of Tower Hamlets children’s services",
     "London Borough of Tower Hamlets", "Tower Hamlets", "211"),
    ("Monitoring visit to Bedford Borough Council local authority children’s services",
     "Bedford Borough Council", "Bedford Borough", "822"),
    ("Monitoring visit to Fenwick local authority children’s services", "Fenwick", None, None),
])
def test_both_title_forms_name_the_authority(title: str, name: str, canonical: str | None,
                                             la_code: str | None) -> None:
    letter = _variant(FENWICK, "Monitoring visit to Fenwick children’s services", title)
    assert letter.family == "la_monitoring_visit"
    assert (letter.provider.name, letter.provider.canonical, letter.provider.la_code) == (
        name, canonical, la_code)
    assert ("IP-W023" in letter.warning_codes()) == (canonical is None)


def test_visit_days_without_a_year_take_the_letter_s() -> None:
    letter = _variant(FENWICK, "on 18 and 19 June 2019", "on 18 and 19 June")
    assert letter.visit.dates == ("2019-06-18", "2019-06-19")


def test_without_a_title_the_opening_sentence_names_the_authority() -> None:
    letter = _variant(FENWICK, "**Monitoring visit to Fenwick children’s services**\n\n", "")
    assert (letter.family, letter.provider.name) == ("la_monitoring_visit", "Fenwick")


def test_the_list_of_areas_covered_is_never_areas_even_when_it_says_areas_for_improvement(
        ) -> None:
    letter = _variant(FENWICK, "in the following areas of concern identified at the last "
                      "inspection:", "in the following areas for improvement, which the local "
                      "authority needs to improve:")
    assert letter.areas == ()


@pytest.mark.parametrize("lead", [
    "**What needs to improve**",
    "**Areas for improvement**",
    "**What the local authority needs to improve**",
    "The local authority needs to improve:",
    "To continue to improve, leaders should:",
    "The following areas need further improvement:",
    "Leaders should now focus on:",
    "The local authority must urgently address the following:",
    "**What needs to improve?**\n\nLeaders should focus on the following:",
])
def test_a_closing_list_of_what_needs_to_improve_is_the_areas(lead: str) -> None:
    letter = _variant(HARROWFIELD, "**What needs to improve?**", lead)
    assert [(a.kind, a.text[:30]) for a in letter.areas] == [
        ("improvement", "The quality and timeliness of "),
        ("improvement", "Senior managers’ oversight of "),
        ("improvement", "Help for care leavers to find "),
    ]


def test_findings_bullets_without_a_lead_in_about_improvement_are_not_areas() -> None:
    letter = _variant(HARROWFIELD, "**What needs to improve?**",
                      "Leaders have made improvements in these areas:")
    assert letter.areas == ()


# -- FE monitoring visit reports --------------------------------------------------------------


def _report(table: str, themes: str, *, title: str = FE_TITLE) -> ip.Letter:
    text = (title + table + "\n\n**Monitoring visit: main findings**\n\n**Context and focus of "
            "visit**\n\nQuillon Skills Limited began to train apprentices in 2018. At the time "
            "of the visit, 64 apprentices were in learning.\n\n**Themes**\n\n" + themes)
    return ip.parse_text(text)


TABLE = ("Unique reference number: 2719846\n\nName of lead inspector: Ann Example, Her Majesty’s "
         "Inspector\n\nVisit dates: 13 and 14 March 2019\n\nType of provider: Independent "
         "learning provider\n\nAddress: Unit 7, Larkspur Park, Northgate, NG4 6TW")
THEMES = (f"**{Q1}**\n\nReasonable progress\n\nLeaders plan well.\n\n"
          f"**{Q2}** Insufficient progress\n\nTraining is weak.\n\n"
          f"**{Q3}**\n\nSignificant progress\n\nSafeguarding is effective.\n")


def _themes(letter: ip.Letter) -> list[tuple[str, str | None]]:
    return [(a.text, a.progress.rating) for a in letter.areas]


@pytest.mark.parametrize("table", [
    TABLE,
    TABLE.replace("\n\n", "\n"),                                    # the table's lines together
    TABLE.replace(": ", ":\n"),                                     # each value under its label
    TABLE.replace(": ", ":\t").replace("\n\n", "\n"),               # label, tab, value
    TABLE.replace("\n\n", " "),                                     # set as one paragraph
    TABLE.replace("\n\nType of provider", "\n\nType of\nprovider"),  # a label cut by a line end
])
def test_the_header_table_in_every_layout(table: str) -> None:
    letter = _report(table, THEMES)
    assert letter.family == "fe_monitoring"
    assert letter.provider.urn == "2719846"
    assert letter.visit.inspectors == ("Ann Example",)
    assert letter.visit.dates == ("2019-03-13", "2019-03-14")
    assert letter.provider.type == "Independent learning provider"
    assert letter.provider.address == ("Unit 7", "Larkspur Park", "Northgate", "NG4 6TW")
    assert letter.letter_date is None
    assert sorted(set(letter.warning_codes())) == ["IP-W004", "IP-W011", "IP-W012", "IP-W014"]


def test_an_address_over_several_lines_is_one_entry_a_line() -> None:
    table = TABLE.replace("Address: Unit 7, Larkspur Park, Northgate, NG4 6TW",
                          "Address: Unit 7 Larkspur Park\nNorthgate\nNG4 6TW")
    assert _report(table, THEMES).provider.address == ("Unit 7 Larkspur Park", "Northgate",
                                                       "NG4 6TW")


@pytest.mark.parametrize(("line", "name"), [
    ("Name of lead inspector: Ann Example, His Majesty’s Inspector", "Ann Example"),
    ("Name of lead inspector: Ann Example, Ofsted Inspector", "Ann Example"),
    ("Name of lead inspector: Dr Ann Example HMI", "Dr Ann Example"),
    ("Lead inspector: Ann Example-Smith, Her Majesty’s Inspector (HMI)", "Ann Example-Smith"),
])
def test_the_lead_inspector_is_the_name_only(line: str, name: str) -> None:
    table = TABLE.replace("Name of lead inspector: Ann Example, Her Majesty’s Inspector", line)
    assert _report(table, THEMES).visit.inspectors == (name,)


@pytest.mark.parametrize(("line", "days"), [
    ("Inspection dates: 30 September to 1 October 2019", ("2019-09-30", "2019-10-01")),
    ("Visit dates: 13–14 March 2019", ("2019-03-13", "2019-03-14")),
    ("Monitoring visit dates: 5 to 7 November 2025", ("2025-11-05", "2025-11-06", "2025-11-07")),
])
def test_visit_or_inspection_dates(line: str, days: tuple[str, ...]) -> None:
    letter = _report(TABLE.replace("Visit dates: 13 and 14 March 2019", line), THEMES)
    assert letter.visit.dates == days
    assert letter.letter_date is None


def test_missing_urn_type_and_address_are_null_with_their_warnings() -> None:
    table = "Name of lead inspector: Ann Example, HMI\n\nVisit dates: 13 and 14 March 2019"
    letter = _report(table, THEMES)
    assert (letter.provider.urn, letter.provider.type, letter.provider.address) == (None, None, ())
    assert {"IP-W036", "IP-W039"} <= set(letter.warning_codes())


def test_grades_on_their_own_line_and_on_the_question_line() -> None:
    letter = _report(TABLE, THEMES)
    assert _themes(letter) == [(Q1, "reasonable"), (Q2, "insufficient"), (Q3, "significant")]
    assert [a.kind for a in letter.areas] == ["improvement"] * 3
    assert [a.narrative for a in letter.areas] == [
        "Leaders plan well.", "Training is weak.", "Safeguarding is effective."]


def test_a_question_wrapping_over_three_lines_with_its_grade_on_the_last_is_one_theme() -> None:
    words = Q1.split()
    wrapped = "\n".join(f"**{' '.join(words[k:k + 8])}**" for k in range(0, len(words), 8))
    letter = _report(TABLE, wrapped + " Reasonable progress\n\nLeaders plan well.\n")
    assert _themes(letter) == [(Q1, "reasonable")]


def test_a_question_cut_by_a_page_break_and_the_running_header_is_one_theme() -> None:
    cut = Q2.index("leads to")
    themes = (f"**{Q1}** Reasonable progress\n\nLeaders plan well.\n\n**{Q2[:cut].strip()}**"
              f"\n\n\n\n{HEADER}\n\n**{Q2[cut:]}**\n\nInsufficient progress\n\nTraining is "
              "weak.\n")
    letter = _report(TABLE, themes)
    assert _themes(letter) == [(Q1, "reasonable"), (Q2, "insufficient")]
    assert all("Monitoring visit report:" not in (a.narrative or "") for a in letter.areas)


def test_the_running_header_between_a_question_and_its_grade_is_set_aside() -> None:
    themes = f"**{Q1}**\n\n\n\n{HEADER}\n\nReasonable progress\n\nLeaders plan well.\n"
    assert _themes(_report(TABLE, themes)) == [(Q1, "reasonable")]


@pytest.mark.parametrize("header", [HEADER + "   2", HEADER + " Page 2 of 3",
                                    HEADER.replace("report: ", "report – ")])
def test_running_headers_with_a_page_number_or_a_dash(header: str) -> None:
    themes = f"**{Q1}**\n\n\n\n{header}\n\nReasonable progress:\n\nLeaders plan well.\n"
    letter = _report(TABLE, themes)
    assert _themes(letter) == [(Q1, "reasonable")]
    assert letter.areas[0].narrative == "Leaders plan well."


def test_grades_near_two_page_breaks_are_grades_not_running_headers() -> None:
    themes = (f"**{Q1}**\n\nReasonable progress\n\nLeaders plan well.\n\n\n\n{HEADER}\n\n"
              f"**{Q2}**\n\nReasonable progress\n\nTraining is good.\n\n\n\n{HEADER}\n\n"
              f"**{Q3}**\n\nSignificant progress\n\nSafeguarding is effective.\n")
    letter = _report(TABLE, themes)
    assert _themes(letter) == [(Q1, "reasonable"), (Q2, "reasonable"), (Q3, "significant")]


@pytest.mark.parametrize("title", [
    FE_TITLE,
    "**Quillon Skills Limited**\n**Monitoring visit report**\n\n",
    "**Quillon Skills Limited Monitoring visit report**\n\n",
    f"{HEADER}\n\n" + FE_TITLE,
])
def test_the_running_header_is_never_the_title_or_the_provider(title: str) -> None:
    letter = _report(TABLE, THEMES, title=title)
    assert letter.family == "fe_monitoring"
    assert letter.title == "Quillon Skills Limited Monitoring visit report"
    assert letter.provider.name == "Quillon Skills Limited"
    assert "IP-W037" not in letter.warning_codes()


def test_without_a_title_the_provider_comes_from_the_running_header() -> None:
    letter = _report(TABLE, THEMES, title=f"{HEADER}\n\n")
    assert letter.title is None
    assert letter.provider.name == "Quillon Skills Limited"
    assert "IP-W013" in letter.warning_codes()


def test_a_running_header_naming_another_provider_is_flagged() -> None:
    other = HEADER.replace("Quillon Skills Limited", "Quillon Training Limited")
    letter = _report(TABLE, THEMES, title=f"{other}\n\n" + FE_TITLE)
    assert letter.provider.name == "Quillon Skills Limited"
    assert "IP-W037" in letter.warning_codes()


def test_a_theme_question_left_ungraded_is_an_area_with_no_rating_and_a_warning() -> None:
    themes = THEMES.replace("\n\nSignificant progress", "")
    letter = _report(TABLE, themes)
    assert _themes(letter)[-1] == (Q3, None)
    assert "IP-W038" in letter.warning_codes()


def test_provider_type_and_address_are_letter_columns() -> None:
    from inspection_parse.tables import rows

    row = rows(ip.to_dict(_report(TABLE, THEMES)))["letters"][0]
    assert row["provider_type"] == "Independent learning provider"
    assert row["provider_address"] == "Unit 7\nLarkspur Park\nNorthgate\nNG4 6TW"


def test_evidence_run_on_after_a_grade_is_the_narrative_not_part_of_the_grade() -> None:
    themes = (f"**{Q1}** Reasonable progress\nLeaders plan well.\n\n"
              f"**{Q2}**\n\nInsufficient progress\nTraining is weak.\n\nTutors are new.\n")
    letter = _report(TABLE, themes)
    assert _themes(letter) == [(Q1, "reasonable"), (Q2, "insufficient")]
    assert [a.narrative for a in letter.areas] == [
        "Leaders plan well.", "Training is weak.\n\nTutors are new."]
