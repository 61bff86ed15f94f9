"""Plausibility (inspection_parse.plausible): each kind of value has a shape; a value that fails
is mended by a general rule or left out with IP-W024, never passed through.

The shapes are tested on invented values and on every value of the shared gold (which must all
pass: the checks must not reject real names, roles and bodies); the mends on small letters of
our own; and the whole check on the records of every letter we hold, which must leave nothing a
check would still mend or drop.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import inspection_parse as ip
from conftest import FOCUSED, SEED, SHARED_CORPUS, need
from inspection_parse import plausible
from letters import PDF_LETTERS, TEXT_LETTERS, record

JTAI = SHARED_CORPUS / "jtai"


# -- shapes ------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", [
    "Ann Example", "Ms Jane Smith", "Sara Tough OBE", "Wendy Williams, CBE", "Dr Ann Bell-Okafor",
    "Jenny-Ellen Scotland", "Tim de Mayer", "Katrina D’Austin", "Jane d’Souza", "Ms A B",
    "Mr Ann B. Example",
    "Chief Supt Raj Example", "Acting Chief Constable Jo Example", "Cressida Example CBE QPM",
    "Dr Sean O’Example BSc MB ChB MSc DCH FRCA", "Nhlanganiso Nyathi", "Peter McEntee",
    "Alan MacDonald", "Sir Mark Example", "Dame Gill Example", "AnnExample",
    "Oluwaseun Adebayo-Okonkwo", "Steve Johnson Proctor",
])
def test_names_of_people_pass(name: str) -> None:
    assert plausible.name_problem(name) is None


@pytest.mark.parametrize("name", [
    "Ms A B Director of Children’s Services", "Barnsley Metropolitan Borough Council",
    "Ann Example,", "Ann Example (Lead Inspector)", "Care Quality Commission", "National Director",
    "Ann", "Ann Example 2", "Ann Ex=ample", "children’s services", "North Yorkshire",
    "Ann and Ben Example", "Yours sincerely", "One Two Three Four Five Six", "Ann Example HMI",
    "Ann Example.",
])
def test_what_is_not_a_name_fails(name: str) -> None:
    assert plausible.name_problem(name) is not None


@pytest.mark.parametrize("role", [
    "Director of Children’s Services", "Police and Crime Commissioner for South Yorkshire",
    "HM Inspector", "His Majesty’s Inspector", "A/Chief Superintendent", "Independent Scrutineer",
    "Chief Nurse", "Deputy Mayor for Policing and Crime", "Executive Director: People",
    "Chief Executive Officer at NHS Anyshire ICB", "Corporate Director – Children, Young People "
    "and Education", "Director of Children’s Services (DCS)", "Designated Nurse for Safeguarding",
    "National Director Regulation and Social Care, Ofsted", "YOT Manager", "Commander",
])
def test_roles_pass(role: str) -> None:
    assert plausible.role_problem(role) is None


@pytest.mark.parametrize("role", [
    "Director of Child=ren’s Services", "Director of", "and Maidenhead", "Ann Example",
    "Ann Example, Director", "Town Hall", "Tel 0300 123 1231", "Director (Children’s",
    "Director of Children’s Services,", "Level 3",
])
def test_what_is_not_a_role_fails(role: str) -> None:
    assert plausible.role_problem(role) is not None


@pytest.mark.parametrize("org", [
    "Barnsley Metropolitan Borough Council", "Children’s Services Department", "Thames Valley",
    "NHS Anyshire ICB", "Clinical Commissioning Group", "Cafcass", "PHT", "Hounslow council",
    "South BCU (Croydon, Bromley and Sutton Boroughs)", "Children’s Services",
])
def test_bodies_pass(org: str) -> None:
    assert plausible.organisation_problem(org) is None


@pytest.mark.parametrize("org", [
    "Council", "Metropolitan Borough Council", "local authority", "and NHS Anyshire CCG",
    "Ann Example, Independent Scrutineer", "Board", "for East Anyshire", "Town Hall AB1 2CD",
])
def test_what_is_not_a_body_fails(org: str) -> None:
    assert plausible.organisation_problem(org) is not None


@pytest.mark.parametrize("provider", [
    "Barnsley", "London Borough of Bexley", "Cafcass", "Elmfield Primary School", "St. Helens",
    "Bournemouth, Christchurch and Poole", "Kingston upon Hull City", "Borsetshire",
])
def test_providers_pass(provider: str) -> None:
    assert plausible.provider_problem(provider) is None


@pytest.mark.parametrize("provider", [
    "children’s services", "the local authority", "Children’s Services", "the Council",
    "Local Authority", "and Maidenhead", "Visit 2019",
])
def test_generic_or_broken_providers_fail(provider: str) -> None:
    assert plausible.provider_problem(provider) is not None


@pytest.mark.parametrize("line", [
    "Town Hall", "1 Town Square", "London, SW1P 3BT", "Kendal, Cumbria", "Hounslow House, 7 Bath "
    "Road", "E16 2QU", "PO Box 505", "Children’s Services Directorate", "Chief Executive’s "
    "Department", "Executive Support Team",
])
def test_address_lines_pass(line: str) -> None:
    assert plausible.address_problem(line) is None


@pytest.mark.parametrize("line", [
    "T 0300 123 1231", "enquiries@example.gov.uk", "www.gov.uk/ofsted", "Piccadilly Gate",
    "Manchester M1 2WD", "Ofsted", "Ann Example, Chief Constable, Anyshire Police",
    "Director of Children’s Services", "Dear Ann",
])
def test_letterhead_contact_and_people_are_not_address_lines(line: str) -> None:
    assert plausible.address_problem(line) is not None


# -- mends -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("written", "name", "role"), [
    ("Ms A B Director of Children’s Services", "Ms A B", "Director of Children’s Services"),
    ("Ann Example (Lead Inspector)", "Ann Example", "Lead Inspector"),
    ("Ann Example, HMI", "Ann Example", "HMI"),
    ("Ann Example Interim Director of People", "Ann Example", "Interim Director of People"),
    ("Ann Head Director of People", "Ann Head", "Director of People"),
])
def test_a_role_run_on_after_a_name_is_split_off(written: str, name: str, role: str) -> None:
    assert plausible.split_name(written) == (name, role)


def test_a_stray_character_inside_a_word_is_taken_out() -> None:
    assert plausible.rejoin("Director of Child=ren’s Services") == "Director of Children’s Services"
    assert plausible.rejoin("A/Chief Superintendent") == "A/Chief Superintendent"
    assert plausible.tidy("Ann Example,", name=True) == "Ann Example"
    assert plausible.tidy("Ann B.", name=True) == "Ann B."


_RECIPIENT = "Jo Example\nDirector of Children’s Services\nBedford Borough Council\nTown Hall"


def _letter(*, date: str = "1 March 2024", recipient: str = _RECIPIENT,
            provider: str = "Bedford Borough Council", visit: str = "4 and 5 February 2024",
            inspectors: str = "Ann Example and Ben Example",
            signer: str = "Ann Example\nHis Majesty’s Inspector") -> str:
    return (f"{date}\n\n{recipient}\n\nDear Jo\n\n**Focused visit to {provider} children’s "
            f"services**\n\nThis letter summarises the findings of the focused visit to {provider} "
            f"children’s services on {visit}. His Majesty’s Inspectors for this visit were "
            f"{inspectors}.\n\nYours sincerely\n\n{signer}\n")


def _codes(letter: ip.Letter) -> list[str]:
    return letter.warning_codes()


def _messages(letter: ip.Letter, code: str) -> str:
    return " ".join(w.message for w in letter.warnings if w.code == code)


def test_a_role_run_into_the_addressee_s_name_is_split_into_the_role() -> None:
    letter = ip.parse_text(_letter(
        recipient="Ms A B Director of Children’s Services\nBedford Borough Council\nTown Hall"))
    assert letter.recipient.name == "Ms A B"
    assert letter.recipient.role == "Director of Children’s Services"
    assert letter.recipients[0].name == "Ms A B"
    text = _letter(recipient="Ms A B Director of Children’s Services\nBedford Borough Council")
    g = letter.grounding
    assert text[g["recipient.name"].start:g["recipient.name"].end] == "Ms A B"
    assert text[g["recipient.role"].start:g["recipient.role"].end] == (
        "Director of Children’s Services")


def test_a_name_with_a_trailing_comma_loses_the_comma_and_its_grounding_follows() -> None:
    text = _letter(signer="Ann Example,\nHis Majesty’s Inspector")
    letter = ip.parse_text(text)
    assert letter.signatory.name == "Ann Example"
    g = letter.grounding["signatory.name"]
    assert text[g.start:g.end] == "Ann Example"


def test_a_stray_character_in_the_signatory_s_role_is_rejoined_and_flagged() -> None:
    letter = ip.parse_text(_letter(signer="Ann Example\nHis Majesty’s Insp=ector"))
    assert letter.signatory.role == "His Majesty’s Inspector"
    assert "IP-W020" in _codes(letter) and "signatory.role" in _messages(letter, "IP-W020")


def test_an_organisation_that_goes_on_from_the_role_joins_the_role() -> None:
    # "Name, Role, with responsibility for ...": the last comma part names no body
    from inspection_parse.draft import Draft

    text = "Jo Example, Director of Nursing, with responsibility for the east of the county"
    draft = Draft(ip.load_text(text))
    role, rest = "Director of Nursing", "with responsibility for the east of the county"
    draft.put("recipients", [{"name": "Jo Example", "role": role, "organisation": rest}])
    draft.ground("recipients[0].role", text.index(role), text.index(role) + len(role))
    draft.ground("recipients[0].organisation", text.index(rest), len(text))
    plausible.check(draft)
    assert draft.get("recipients") == [{"name": "Jo Example", "role": f"{role}, {rest}",
                                        "organisation": None}]
    span = draft.grounding["recipients[0].role"]
    assert text[span.start:span.end] == f"{role}, {rest}"
    assert "recipients[0].organisation" not in draft.grounding
    assert not draft.warnings


def test_the_authority_given_as_the_addressee_is_not_a_name() -> None:
    letter = ip.parse_text(_letter(recipient="Bedford Borough Council\nTown Hall\nBedford"))
    assert letter.recipient.name is None
    assert letter.recipient.organisation == "Bedford Borough Council"
    assert "recipient.name 'Bedford Borough Council'" in _messages(letter, "IP-W024")
    assert "recipient.name" not in letter.grounding


def test_children_s_services_is_not_a_provider() -> None:
    text = _letter().replace("Focused visit to Bedford Borough Council children’s services",
                             "Focused visit to children’s services")
    letter = ip.parse_text(text)
    assert letter.provider.name is None or plausible.provider_problem(letter.provider.name) is None
    assert letter.provider.name != "children’s services"


def test_the_first_words_of_a_role_are_not_the_signatory_s_name() -> None:
    letter = ip.parse_text(_letter(signer="Regional Director\nSocial Care"))
    assert letter.signatory.name is None
    assert letter.signatory.role in (None, "Regional Director, Social Care")
    assert "IP-W024" in _codes(letter) or "IP-W014" in _codes(letter)
    assert plausible.name_problem("Social Care") is not None


def test_a_role_above_the_name_changes_places_with_it() -> None:
    from inspection_parse.draft import Draft

    text = "Yours sincerely\n\nNational Director\nAnn Example\n"
    draft = Draft(ip.load_text(text))
    draft.put("signatory.name", "National Director", 17, 34)
    draft.put("signatory.role", "Ann Example", 35, 46)
    plausible.check(draft)
    assert (draft.get("signatory.name"), draft.get("signatory.role")) == (
        "Ann Example", "National Director")
    span = draft.grounding["signatory.name"]
    assert text[span.start:span.end] == "Ann Example"
    # the reader itself takes the name line under a role line for the name
    letter = ip.parse_text(_letter(signer="National Director\nAnn Example"))
    assert letter.signatory.name == "Ann Example"


def test_an_inspector_written_with_the_role_in_brackets_gives_the_name() -> None:
    letter = ip.parse_text(_letter(inspectors="Ann Example (Lead Inspector) and Ben Example"))
    assert list(letter.visit.inspectors) == ["Ann Example", "Ben Example"]


def test_visit_dates_after_the_letter_are_left_out_with_a_warning() -> None:
    letter = ip.parse_text(_letter(date="1 March 2023", visit="4 and 5 February 2024"))
    assert letter.visit.dates == ()
    assert "visit.dates" in _messages(letter, "IP-W024")
    assert "visit.dates" not in letter.grounding


def test_visit_dates_years_before_the_letter_are_left_out_with_a_warning() -> None:
    letter = ip.parse_text(_letter(date="1 March 2024", visit="4 and 5 February 2021"))
    assert letter.visit.dates == ()
    assert "IP-W024" in _codes(letter)


def test_an_address_line_of_contact_furniture_is_left_out() -> None:
    letter = ip.parse_text(_letter(recipient="Jo Example\nDirector of Children’s Services\n"
                                             "Bedford Borough Council\nTown Hall\nT 0300 123 1231"))
    assert list(letter.recipient.address) == ["Town Hall"]
    assert "recipient.address[1]" not in letter.grounding


def test_every_family_is_checked() -> None:
    # a Cafcass letter whose signatory's role is a body: the same check as a focused visit's
    letter = ip.parse_text(
        "1 March 2010\n\nJo Example\nChief Executive\nCafcass\n6th Floor\n\nDear Jo\n\n"
        "**Post inspection monitoring of Cafcass Anyshire service area (A1)**\n\n"
        "Inspectors visited the Cafcass office in Anytown on 4 and 5 February 2010.\n\n"
        "Area for improvement 1: Within three months ensure that plans are recorded.\n\n"
        "The inspection in July 2009 reported that plans were missing. Satisfactory progress "
        "has been made.\n\nYours sincerely\n\nAnn Example\nCare Quality Commission\n")
    assert letter.family == "cafcass_pim"
    assert letter.signatory.name == "Ann Example" and letter.signatory.role is None
    assert "signatory.role 'Care Quality Commission'" in _messages(letter, "IP-W024")


# -- gold: no real value is rejected --------------------------------------------------------------

def _gold_files() -> list[Path]:
    return sorted(SHARED_CORPUS.glob("*/*.gold.json")) if SHARED_CORPUS.exists() else []


def test_every_gold_value_has_its_shape() -> None:
    """Every name, role, body, provider, address line and date of the hand-checked gold passes
    the checks: they reject nothing a real letter writes."""
    golds = _gold_files()
    need(golds[0] if golds else SHARED_CORPUS / "absent.gold.json")
    assert len(golds) >= 60
    found = {g.name: plausible.problems(json.loads(g.read_text(encoding="utf-8")))
             for g in golds}
    assert not {k: v for k, v in found.items() if v}


# -- every letter we hold ----------------------------------------------------------------------

def _all_letters() -> list[Path]:
    shared: list[Path] = []
    for folder, pattern in ((SEED, "*.txt"), (FOCUSED, "*.pdf"), (JTAI, "*.pdf")):
        if folder.exists():
            shared += sorted(folder.glob(pattern))
    return shared + TEXT_LETTERS + PDF_LETTERS


def _remaining(path: Path) -> list[str]:
    data: dict[str, Any] = ip.to_dict(record(path))
    return plausible.problems(data)


@pytest.mark.slow
def test_no_implausible_value_reaches_a_record_of_any_letter_we_hold() -> None:
    """The checks, run over the final records of the 127 real focused visits, the 32 JTAI
    letters, the seed and our corpus (text and PDF), find nothing they would still mend or
    drop: every implausible value was mended or left out with its warning."""
    need(FOCUSED)
    need(JTAI)
    letters = _all_letters()
    assert len(letters) >= 127 + 32 + 1 + len(TEXT_LETTERS)
    found = {p.name: _remaining(p) for p in letters}
    assert not {k: v for k, v in found.items() if v}


@pytest.mark.slow
def test_a_dropped_value_is_warned_and_ungrounded() -> None:
    """Wherever IP-W024 names a field of a real letter, the record has no grounding for a
    value that is no longer there (the grounding of every path points at a value)."""
    need(FOCUSED)
    for path in _all_letters():
        letter = record(path)
        data = ip.to_dict(letter)
        for key in letter.grounding:
            assert _value_at(data, key) not in (None, [], ""), (path.name, key)


def _value_at(data: dict[str, Any], path: str) -> Any:
    import re

    cur: Any = data
    for name, index in re.findall(r"([a-z_]+)(?:\[(\d+)\])?", path):
        if not isinstance(cur, dict) or name not in cur:
            return None
        cur = cur[name]
        if index:
            if not isinstance(cur, list) or int(index) >= len(cur):
                return None
            cur = cur[int(index)]
    return cur
