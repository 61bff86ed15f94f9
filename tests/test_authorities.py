"""Canonical authorities: one name per authority with its DfE and ONS codes, never guessed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import inspection_parse as ip
from conftest import FOCUSED, need
from inspection_parse import authorities
from inspection_parse.tables import rows

PINNED = Path(__file__).parent / "data" / "focused-visit-authorities.json"


@pytest.mark.parametrize(("written", "canonical", "la_code"), [
    ("Barking and Dagenham", "Barking and Dagenham", "301"),
    ("London Borough of Barking and Dagenham", "Barking and Dagenham", "301"),
    ("the London Borough of Barking & Dagenham", "Barking and Dagenham", "301"),
    ("Bedford Borough council", "Bedford Borough", "822"),
    ("Bedford Borough Council", "Bedford Borough", "822"),
    ("Bedford", "Bedford Borough", "822"),
    ("the Royal Borough of Greenwich", "Greenwich", "203"),
    ("Royal Borough of Windsor and Maidenhead", "Windsor and Maidenhead", "868"),
    ("City of York", "York", "816"),
    ("City of York Council", "York", "816"),
    ("Kingston upon Hull City Council", "Kingston upon Hull", "810"),
    ("Hull", "Kingston upon Hull", "810"),
    ("Royal Borough of Kingston upon Thames", "Kingston upon Thames", "314"),
    ("BCP", "Bournemouth, Christchurch and Poole", "839"),
    ("Bournemouth, Christchurch & Poole Council", "Bournemouth, Christchurch and Poole", "839"),
    ("St Helens", "St. Helens", "342"),
    ("St Helens Metropolitan Borough Council", "St. Helens", "342"),
    ("Durham County Council", "Durham", "840"),
    ("County Durham", "Durham", "840"),
    ("Southend-on-Sea City Council", "Southend-on-Sea", "882"),
    ("Southend on Sea", "Southend-on-Sea", "882"),
    ("Telford & Wrekin", "Telford and Wrekin", "894"),
    ("City of Bradford Metropolitan District Council", "Bradford", "380"),
    ("Isle of Wight local authority children’s services", "Isle of Wight", "921"),
    ("Herefordshire Council", "Herefordshire", "884"),
    ("County of Herefordshire", "Herefordshire", "884"),
    ("Cornwall Council", "Cornwall", "908"),
    ("City of London", "City of London", "201"),
    ("Newcastle", "Newcastle upon Tyne", "391"),
    ("NEWCASTLE UPON TYNE", "Newcastle upon Tyne", "391"),
    # authorities replaced since 2019 still match in older letters
    ("Cumbria County Council", "Cumbria", "909"),
    ("Northamptonshire", "Northamptonshire", "928"),
    ("Borough of Poole", "Poole", "836"),
    ("Westmorland and Furness Council", "Westmorland and Furness", "943"),
])
def test_written_forms_give_one_canonical_authority(written: str, canonical: str,
                                                    la_code: str) -> None:
    found = authorities.match(written)
    assert found is not None, written
    assert (found.name, found.la_code) == (canonical, la_code)


@pytest.mark.parametrize("written", [
    "London", "Borsetshire", "Barking", "Bournemouth", "Kingston", "children’s services",
    "the local authority", "", "Barnett", "North", "Council",
])
def test_names_that_are_not_one_authority_match_none(written: str) -> None:
    # no fuzzy guess: a misspelling, a part of a name or a generic phrase is not an authority
    assert authorities.match(written) is None


def test_the_table_has_every_authority_with_its_codes() -> None:
    rows_ = authorities.all_authorities()
    assert len(rows_) == 156
    assert len({a.la_code for a in rows_}) == 156
    current = [a for a in rows_ if a.ons_code]
    assert len(current) == 153
    assert all(a.region and a.la_code.isdigit() for a in rows_)


def test_the_attribution_ships_with_the_table() -> None:
    from importlib import resources

    readme = resources.files("inspection_parse").joinpath("data/README.md").read_text("utf-8")
    assert "data-to-insight" in readme and "MIT" in readme


def test_a_letter_gets_its_authority_s_codes_and_the_tables_carry_them() -> None:
    text = (
        "1 January 2024\n\nJo Example\nDirector of Children’s Services\n"
        "Bedford Borough Council\n\nDear Jo\n\n"
        "**Focused visit to Bedford Borough council children’s services**\n\n"
        "This letter summarises the findings of the focused visit to Bedford Borough council "
        "children’s services on 4 and 5 December 2023. His Majesty’s Inspectors for this visit "
        "were Ann Example and Ben Example.\n\nYours sincerely\n\nAnn Example\n"
        "His Majesty’s Inspector\n")
    letter = ip.parse_text(text)
    assert letter.family == "la_focused_visit"
    p = letter.provider
    assert (p.canonical, p.la_code, p.ons_code, p.region, p.urn) == (
        "Bedford Borough", "822", "E06000055", "East of England", "80428")
    assert "provider.canonical" in letter.grounding
    row = rows(ip.to_dict(letter))["letters"][0]
    assert (row["provider_canonical"], row["la_code"], row["ons_code"], row["region"]) == (
        "Bedford Borough", "822", "E06000055", "East of England")


def test_an_authority_that_matches_none_is_null_with_a_warning() -> None:
    text = (
        "1 January 2024\n\nJo Example\nDirector of Children’s Services\n"
        "Borsetshire County Council\n\nDear Jo\n\n"
        "**Focused visit to Borsetshire children’s services**\n\n"
        "This letter summarises the findings of the focused visit to Borsetshire "
        "children’s services on 4 and 5 December 2023.\n\nYours sincerely\n\nAnn Example\n"
        "His Majesty’s Inspector\n")
    letter = ip.parse_text(text)
    assert letter.provider.name == "Borsetshire"
    assert letter.provider.canonical is None and letter.provider.la_code is None
    assert "IP-W023" in letter.warning_codes()


@pytest.mark.slow
def test_every_real_focused_visit_gets_its_authority() -> None:
    need(FOCUSED)
    pinned = json.loads(PINNED.read_text(encoding="utf-8"))
    pdfs = sorted(FOCUSED.glob("*.pdf"))
    assert len(pdfs) == len(pinned) == 127
    from letters import record

    got = {}
    for pdf in pdfs:
        letter = record(pdf)
        assert "IP-W023" not in letter.warning_codes(), pdf.name
        got[pdf.stem] = [letter.provider.canonical, letter.provider.la_code]
    assert got == pinned
