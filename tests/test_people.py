"""extract/people.py: recipient blocks, inspector lists and "Name, Role" lines."""

from __future__ import annotations

import pytest

from inspection_parse.extract.people import read_recipient, split_name_role, split_people


def recipient(lines: list[str]) -> dict[str, object]:
    """The recipient block read as the frame reads it: each part's text."""
    parts = read_recipient(lines)
    if parts.name_end is not None and parts.role_from is not None:
        name, role = lines[0][:parts.name_end], lines[0][parts.role_from:]
    else:
        name = lines[parts.name] if parts.name is not None else None
        role = " ".join(lines[k] for k in parts.role) or None
    return {
        "name": name,
        "role": role,
        "organisation": (lines[parts.organisation][:parts.organisation_end]
                         if parts.organisation is not None else None),
        "address": [lines[k][parts.address_from or 0:] if n == 0 else lines[k]
                    for n, k in enumerate(parts.address)],
    }


# -- recipient blocks -------------------------------------------------------------------------

RECIPIENTS = {
    "council_on_the_line_of_its_building": (
        ["Jo Example", "Director of Children’s Services", "Barrowdale Borough Council Civic Centre",
         "Victoria Road", "Barrowdale", "BD1 1AA"],
        {"name": "Jo Example", "role": "Director of Children’s Services",
         "organisation": "Barrowdale Borough Council",
         "address": ["Civic Centre", "Victoria Road", "Barrowdale", "BD1 1AA"]}),
    "building_line_without_a_council": (
        ["Jo Example", "Director of Children’s Services", "County Hall", "Matlock", "DE4 3AG"],
        {"name": "Jo Example", "role": "Director of Children’s Services", "organisation": None,
         "address": ["County Hall", "Matlock", "DE4 3AG"]}),
    "name_role_org_address": (
        ["Ina Castle", "Director of Operations (North)", "Cafcass", "Unit 4", "Mill Wharf",
         "Quay Road", "Eastby EB1 2QR"],
        {"name": "Ina Castle", "role": "Director of Operations (North)", "organisation": "Cafcass",
         "address": ["Unit 4", "Mill Wharf", "Quay Road", "Eastby EB1 2QR"]}),
    "no_role": (
        ["Mr Piet Quill", "Brackenmoor Borough Council", "Civic Offices", "Brackenmoor BM4 7QT"],
        {"name": "Mr Piet Quill", "role": None, "organisation": "Brackenmoor Borough Council",
         "address": ["Civic Offices", "Brackenmoor BM4 7QT"]}),
    "name_and_role_on_one_line": (
        ["Rena Wild, Director for Children’s Services", "Ashworth Borough Council", "Town Hall",
         "Ashworth AS1 1AA"],
        {"name": "Rena Wild", "role": "Director for Children’s Services",
         "organisation": "Ashworth Borough Council", "address": ["Town Hall", "Ashworth AS1 1AA"]}),
    "two_addressees": (
        ["Anna Fell, Director of Children’s Services", "Tom Reed, Chief Executive",
         "Northmoor Council", "1 High Street", "Northmoor NM1 2AB"],
        {"name": "Anna Fell", "role": "Director of Children’s Services",
         "organisation": "Northmoor Council", "address": ["1 High Street", "Northmoor NM1 2AB"]}),
    "role_over_two_lines": (
        ["Sam Lowe", "Corporate Director", "Adults, Children & Young People Services",
         "Greyhaven County Council", "Shire Offices", "Greyhaven GH1 1GH"],
        {"name": "Sam Lowe", "role": "Corporate Director Adults, Children & Young People Services",
         "organisation": "Greyhaven County Council",
         "address": ["Shire Offices", "Greyhaven GH1 1GH"]}),
    "and_chief_executive_continues_the_role": (
        ["Jo Parr", "Director of Children’s Services", "and Chief Executive", "Marrick Council",
         "Marrick MK1 1AA"],
        {"name": "Jo Parr", "role": "Director of Children’s Services and Chief Executive",
         "organisation": "Marrick Council", "address": ["Marrick MK1 1AA"]}),
    "department_line_is_the_organisation": (
        ["Lee Hart", "Director", "Department for Children and Learning", "Sanctuary Buildings",
         "London SW1P 3BT"],
        {"name": "Lee Hart", "role": "Director",
         "organisation": "Department for Children and Learning",
         "address": ["Sanctuary Buildings", "London SW1P 3BT"]}),
    "county_hall_is_address_not_organisation": (
        ["Kay Moss", "Director of Children’s Services", "County Hall", "Kestrel KV1 1AA"],
        {"name": "Kay Moss", "role": "Director of Children’s Services", "organisation": None,
         "address": ["County Hall", "Kestrel KV1 1AA"]}),
    "organisation_before_role": (
        ["Jo Brand", "Telbury & Wick Council", "Director of Children’s Services",
         "Addle House", "Telbury TB3 4NT"],
        {"name": "Jo Brand", "role": "Director of Children’s Services",
         "organisation": "Telbury & Wick Council", "address": ["Addle House", "Telbury TB3 4NT"]}),
    "role_with_abbreviation_in_brackets": (
        ["Ada Mbeki-Clarke", "Corporate Director of Children’s Services (DCS)",
         "Whitby Borough Council", "Level 2, Civic Centre", "Whitby", "WB1 8AZ"],
        {"name": "Ada Mbeki-Clarke", "role": "Corporate Director of Children’s Services (DCS)",
         "organisation": "Whitby Borough Council",
         "address": ["Level 2, Civic Centre", "Whitby", "WB1 8AZ"]}),
}


@pytest.mark.parametrize(("lines", "expected"), RECIPIENTS.values(), ids=RECIPIENTS.keys())
def test_read_recipient_sorts_each_line_of_the_block(
        lines: list[str], expected: dict[str, object]) -> None:
    assert recipient(lines) == expected


def test_read_recipient_of_no_lines_has_no_parts() -> None:
    parts = read_recipient([])
    assert (parts.name, parts.role, parts.organisation, parts.address) == (None, (), None, ())


# -- inspector lists --------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "names"), [
    ("Ann Bell, HMI, and Tom Reed, HMI", ["Ann Bell", "Tom Reed"]),
    ("Ann Bell and Tom Reed", ["Ann Bell", "Tom Reed"]),
    ("Ann Bell, Tom Reed and Sue Cole", ["Ann Bell", "Tom Reed", "Sue Cole"]),
    ("Ann Bell and Tom Reed, His Majesty’s Inspectors", ["Ann Bell", "Tom Reed"]),
    ("Ann Bell and Tom Reed, Her Majesty's Inspectors", ["Ann Bell", "Tom Reed"]),
    ("Ann Bell HMI and Tom Reed, Ofsted Inspector", ["Ann Bell", "Tom Reed"]),
    ("Ann Bell (HMI) & Tom Reed (HMI)", ["Ann Bell", "Tom Reed"]),
    ("Ann Bell, lead inspector, and Tom Reed, team inspector", ["Ann Bell", "Tom Reed"]),
    ("Mia Hart-Jones and Rosa de la Vega", ["Mia Hart-Jones", "Rosa de la Vega"]),
    ("The inspectors were Ann Bell and Tom Reed", ["Ann Bell", "Tom Reed"]),
])
def test_split_people_gives_names_without_role_words(text: str, names: list[str]) -> None:
    assert [name for name, _, _ in split_people(text)] == names


def test_split_people_offsets_point_at_each_name() -> None:
    text = "Ann Bell, HMI, and Tom Reed, HMI"
    for name, start, end in split_people(text):
        assert text[start:end] == name


@pytest.mark.parametrize("text", ["", "the inspectors", "HMI", "social workers and managers"])
def test_split_people_finds_no_one_in_a_list_without_names(text: str) -> None:
    assert split_people(text) == []


# -- "Name, Role" lines -----------------------------------------------------------------------


@pytest.mark.parametrize(("line", "name", "role"), [
    ("Rena Wild, Director for Children’s Services", "Rena Wild",
     "Director for Children’s Services"),
    ("Mr Tom Reed, Chief Executive", "Mr Tom Reed", "Chief Executive"),
    ("Rena Wild", "Rena Wild", None),
    ("Amy Lee, Cafcass", "Amy Lee, Cafcass", None),              # an organisation, not a role
    ("Ashworth Council, Director", "Ashworth Council, Director", None),   # not a person first
])
def test_split_name_role(line: str, name: str, role: str | None) -> None:
    got_name, role_from = split_name_role(line)
    assert got_name == name
    assert (line[role_from:] if role_from is not None else None) == role


# -- two addressees on one line, a council on its building's line ----------------------------

@pytest.mark.parametrize(("line", "expected"), [
    ("Graham Example and Audrey Sample", "Graham Example"),
    ("Graham Example & Audrey Sample", "Graham Example"),
    ("Jo Example", "Jo Example"),
    ("Director of Children and Families", "Director of Children and Families"),
    ("Jo Example, Director and Lead", "Jo Example, Director and Lead"),
    ("Ann Example " + "and " * 50_000 + ", x", "Ann Example " + "and " * 50_000 + ", x"),
])
def test_first_of_two_addressees(line: str, expected: str) -> None:
    from inspection_parse.extract.people import first_of_two

    assert first_of_two(line) == expected


def test_council_on_its_buildings_line_is_cut_where_the_building_starts() -> None:
    from inspection_parse.extract.people import _council_then_building

    line = " Hartown Borough Council Civic Centre"
    cut = _council_then_building(line)
    assert cut is not None
    assert (line[:cut[0]].strip(), line[cut[1]:]) == ("Hartown Borough Council", "Civic Centre")
    assert _council_then_building("County Hall") is None
    assert _council_then_building("A " * 100_000 + "Council B") is None   # too long to be one
