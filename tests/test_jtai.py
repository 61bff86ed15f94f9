"""Joint targeted area inspection letters (``la_jtai``): the gold gate over the real letters in
../shared/corpus/jtai (skipped, with the reason, where ../shared is absent), and one test per
feature of the family on letters written here.

Floors: the issue asks for field score >= 0.98 and areas F1 >= 0.97 on the 32 gold letters, every
family right. Today all 32 score 1.0; the gate sits at the issue's floors so that a change in an
unrelated shared reader does not fail it for a rounding, while any real regression in a field
still shows in the printed misses.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import inspection_parse as ip
from conftest import FOCUSED, SHARED_CORPUS, need
from inspection_parse.families import detect
from inspection_parse.families.la_jtai import area_from_title
from letters import record

JTAI = SHARED_CORPUS / "jtai"
FIELD_FLOOR, AREAS_F1_FLOOR = 0.98, 0.97
LETTERHEAD = """Ofsted
Piccadilly Gate T 0300 123 1231
Store Street Textphone 0161 618 8524
Manchester enquiries@ofsted.gov.uk
M1 2WD www.gov.uk/ofsted

"""


def _letter(tmp_path: Path, body: str, name: str = "letter.txt") -> ip.Letter:
    path = tmp_path / name
    path.write_text(LETTERHEAD + body, encoding="utf-8")
    return ip.parse(path)


# A short letter of the 2018- shape; tests change one part of it at a time.
ADDRESSEES = """Ada Quint, Director of Children’s Services, Norfolk County
Council
Basil Yeo, Chief Executive, NHS Norfolk and Waveney Integrated Care Board
Cora Penn, Chief Constable, Norfolk Constabulary
Dev Ames, Independent Scrutineer"""
BODY = """{date}

{addressees}

Dear Norfolk Safeguarding Children Partnership

**Joint targeted area inspection of Norfolk**

This letter sets out what inspectors found during the joint targeted area inspection
(JTAI) of the multi-agency response to neglect in Norfolk.

This inspection took place {days}. It was carried out by inspectors from Ofsted,
the Care Quality Commission (CQC) and HMICFRS.

{areas}

**Strengths**

- Leaders share one model of practice.

**Next steps**

We have determined that Norfolk County Council is the principal authority and should
prepare a written statement of proposed action in reply to this letter.

{response}

Yours sincerely

Eda Wynn
National Director Regulation and Social Care, Ofsted

Finn Oduya
Chief Inspector of Healthcare, CQC
"""
IMPROVE = """**What needs to improve?**

- The timeliness of health checks.
- The recording of decisions."""
RESPONSE = ("Norfolk County Council should send the written statement of action to the "
            "inspectorates by 28 March 2025.")


def _jtai(tmp_path: Path, **parts: str) -> ip.Letter:
    values = {"date": "13 December 2024", "addressees": ADDRESSEES,
              "days": "from 28 October to 1 November 2024", "areas": IMPROVE,
              "response": RESPONSE, **parts}
    return _letter(tmp_path, BODY.format(**values))


# -- the gold gate ---------------------------------------------------------------------------

def _jtai_pdfs() -> list[Path]:
    golds = sorted(need(JTAI).glob("*.gold.json"))
    return [g.with_name(g.name.removesuffix(".gold.json") + ".pdf") for g in golds]


@pytest.mark.slow
def test_jtai_gold_meets_the_issue_floors(scorer: Any, capsys: pytest.CaptureFixture[str]
                                          ) -> None:
    pdfs = _jtai_pdfs()
    assert len(pdfs) >= 32
    records = {p.stem: ip.to_dict(record(p)) for p in pdfs}
    capsys.readouterr()
    result = scorer.score(JTAI, records, True)        # True: print each miss
    misses = capsys.readouterr().out
    assert result["letters"] == len(pdfs) and result["missing_records"] == []
    assert {r["family"] for r in records.values()} == {"la_jtai"}
    assert result["field_score"] >= FIELD_FLOOR, misses
    assert result["fields"]["areas"]["f1"] >= AREAS_F1_FLOOR, misses
    assert result["fields"]["response.due"]["accuracy"] >= 0.95, misses


@pytest.mark.slow
def test_no_real_focused_visit_reads_as_a_jtai() -> None:
    pdfs = sorted(need(FOCUSED).glob("*.pdf"))
    assert len(pdfs) >= 127
    wrong = [p.name for p in pdfs if detect(ip.load(p)).name == "la_jtai"]
    assert not wrong, wrong


# -- detection ---------------------------------------------------------------------------------

def test_the_title_makes_the_family(tmp_path: Path) -> None:
    assert _jtai(tmp_path).family == "la_jtai"


def test_without_the_title_the_other_signals_stay_below_the_threshold(tmp_path: Path) -> None:
    letter = _letter(tmp_path, BODY.format(
        date="13 December 2024", addressees=ADDRESSEES, days="from 1 to 5 July 2024",
        areas=IMPROVE, response=RESPONSE).replace(
        "**Joint targeted area inspection of Norfolk**", "**Our findings**"))
    assert letter.family == "unknown"


# -- addressees --------------------------------------------------------------------------------

def test_every_addressee_one_a_line_and_a_wrapped_one_kept_whole(tmp_path: Path) -> None:
    letter = _jtai(tmp_path)
    assert [p.name for p in letter.recipients] == ["Ada Quint", "Basil Yeo", "Cora Penn",
                                                   "Dev Ames"]
    first = letter.recipients[0]
    assert (first.role, first.organisation) == ("Director of Children’s Services",
                                                "Norfolk County Council")
    assert (letter.recipient.name, letter.recipient.organisation) == ("Ada Quint",
                                                                      "Norfolk County Council")
    assert letter.recipients[1].organisation == "NHS Norfolk and Waveney Integrated Care Board"
    assert letter.recipients[3].role == "Independent Scrutineer"
    assert letter.grounding["recipients[0].organisation"].end > letter.grounding[
        "recipients[0].role"].end


def test_a_name_run_on_into_its_role_and_a_rank_before_a_name(tmp_path: Path) -> None:
    addressees = ADDRESSEES + ("\nEli Rook Probation Director, National Probation Service"
                               "\nChief Superintendent Gail Moss, Head of Public Protection"
                               "\nMr Hal Ince, Chief Officer, NHS Norfolk CCG Ms Ivy Lowe,"
                               "\nPolice and Crime Commissioner"
                               "\nJon Tay – Independent Scrutineer")
    people = _jtai(tmp_path, addressees=addressees).recipients
    assert [p.name for p in people[4:]] == ["Eli Rook", "Chief Superintendent Gail Moss",
                                            "Mr Hal Ince", "Ms Ivy Lowe", "Jon Tay"]
    assert people[4].role == "Probation Director"
    assert people[7].role == "Police and Crime Commissioner"
    assert people[8].role == "Independent Scrutineer"


def test_an_addressee_line_that_names_no_one_is_null_with_a_warning(tmp_path: Path) -> None:
    letter = _jtai(tmp_path, addressees="The Chief Officers of the Norfolk agencies\n"
                                        + ADDRESSEES)
    assert letter.recipients[0].name is None
    assert letter.recipient.name is None
    assert "IP-W025" in letter.warning_codes()


# -- the area and the days -----------------------------------------------------------------------

def test_the_area_comes_from_the_title_with_its_codes(tmp_path: Path) -> None:
    letter = _jtai(tmp_path)
    assert (letter.provider.name, letter.provider.canonical, letter.provider.la_code) == (
        "Norfolk", "Norfolk", "926")
    title = ("Joint targeted area inspection of the multi-agency response to abuse and neglect "
             "in the London Borough of Croydon")
    span = area_from_title(title)
    assert span is not None and title[span[0]:span[1]] == "London Borough of Croydon"


def test_a_range_across_months_gives_every_day(tmp_path: Path) -> None:
    assert _jtai(tmp_path).visit.dates == ("2024-10-28", "2024-10-29", "2024-10-30",
                                           "2024-10-31", "2024-11-01")


def test_between_two_days_without_a_year_is_a_range_in_the_letter_year(tmp_path: Path) -> None:
    body = BODY.replace("This inspection took place {days}.", "Between {days}, Ofsted, the CQC "
                        "and HMICFRS carried out a joint inspection.")
    letter = _letter(tmp_path, body.format(date="13 December 2024", addressees=ADDRESSEES,
                                           days="27 February and 3 March", areas=IMPROVE,
                                           response=RESPONSE))
    assert letter.visit.dates == ("2024-02-27", "2024-02-28", "2024-02-29", "2024-03-01",
                                  "2024-03-02", "2024-03-03")


def test_no_days_found_is_an_empty_list_with_a_warning(tmp_path: Path) -> None:
    letter = _jtai(tmp_path, days="last autumn")
    assert letter.visit.dates == ()
    assert "IP-W015" in letter.warning_codes()


# -- areas -------------------------------------------------------------------------------------

def test_priority_action_first_then_improvement(tmp_path: Path) -> None:
    areas = ("**What needs to improve?**\n\n- The timeliness of health checks.\n\n"
             "**Areas for priority action**\n\nLeaders must act now on these areas:\n\n"
             "- The safety of children left at home alone.")
    letter = _jtai(tmp_path, areas=areas)
    assert [(a.kind, a.text) for a in letter.areas] == [
        ("priority_action", "The safety of children left at home alone."),
        ("improvement", "The timeliness of health checks.")]


def test_no_areas_for_priority_action_is_not_an_area(tmp_path: Path) -> None:
    areas = ("**Areas for priority action**\n\n- There are no areas for priority action\n\n"
             + IMPROVE)
    letter = _jtai(tmp_path, areas=areas)
    assert [a.kind for a in letter.areas] == ["improvement", "improvement"]
    assert "IP-W029" not in letter.warning_codes()


def test_sub_headings_of_areas_and_the_case_study_left_out(tmp_path: Path) -> None:
    areas = ("**Areas for improvement**\n\n**Leadership**\n\n- Audits are few.\n\n"
             "**The front door**\n\n- Referrals lack detail.\n  - Schools send the least.\n\n"
             "**Case study: area for improvement**\n\nA referral was closed without checks. "
             "Two months later the police were called.\n\n- A bullet of the case study.")
    letter = _jtai(tmp_path, areas=areas)
    assert [a.text for a in letter.areas] == ["Audits are few.",
                                              "Referrals lack detail. Schools send the least."]


def test_a_heading_of_areas_with_nothing_under_it_is_flagged(tmp_path: Path) -> None:
    letter = _jtai(tmp_path, areas="**What needs to improve?**\n\nInspectors found little.")
    assert letter.areas == ()
    assert {"IP-W029", "IP-W009"} <= set(letter.warning_codes())


# -- strengths and the response ------------------------------------------------------------------

def test_strengths(tmp_path: Path) -> None:
    assert _jtai(tmp_path).strengths == ("Leaders share one model of practice.",)


def test_response_sentence_and_its_date(tmp_path: Path) -> None:
    letter = _jtai(tmp_path)
    assert letter.response.text == RESPONSE
    assert letter.response.due == "2025-03-28"
    span = letter.grounding["response.due"]
    assert (span.end - span.start) == len("28 March 2025")


def test_response_after_a_weekday_running_on_after_the_date(tmp_path: Path) -> None:
    sentence = ("The local authority should send the written statement of proposed action to the "
                "inspectorates by Friday 17 March 2017, so that it can inform later visits.")
    letter = _jtai(tmp_path, response=sentence)
    assert (letter.response.text, letter.response.due) == (sentence, "2017-03-17")


def test_no_deadline_is_null_with_a_warning(tmp_path: Path) -> None:
    letter = _jtai(tmp_path, response="The partners will agree a plan together.")
    assert (letter.response.text, letter.response.due) == (None, None)
    assert "IP-W026" in letter.warning_codes()


# -- signers -----------------------------------------------------------------------------------

def test_signers_each_with_a_role(tmp_path: Path) -> None:
    letter = _jtai(tmp_path)
    assert [(s.name, s.role) for s in letter.signatories] == [
        ("Eda Wynn", "National Director Regulation and Social Care, Ofsted"),
        ("Finn Oduya", "Chief Inspector of Healthcare, CQC")]
    assert letter.signatory.name == "Eda Wynn"


def test_signers_under_inspectorate_names_two_role_lines_joined(tmp_path: Path) -> None:
    _jtai(tmp_path)
    text = (tmp_path / "letter.txt").read_text(encoding="utf-8")
    head, _, _ = text.partition("Yours sincerely")
    signoff = ("Yours sincerely\n\n**Ofsted**\nEda Wynn\nNational Director, Social Care\n\n"
               "**HMI Constabulary**\nGus Hale, CBE\nHer Majesty’s Inspector of Constabulary\n"
               "Her Majesty’s Inspector of Fire & Rescue Services\n\n**HMI Probation**\n"
               "Assistant Chief Inspector\n")
    (tmp_path / "letter.txt").write_text(head + signoff, encoding="utf-8")
    letter = ip.parse(tmp_path / "letter.txt")
    assert [(s.name, s.role) for s in letter.signatories] == [
        ("Eda Wynn", "National Director, Social Care"),
        ("Gus Hale, CBE", "Her Majesty’s Inspector of Constabulary, Her Majesty’s Inspector of "
                          "Fire & Rescue Services"),
        (None, "Assistant Chief Inspector")]
    assert "IP-W028" in letter.warning_codes()
