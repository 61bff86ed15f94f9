"""The output contract: the JSON Schema, the fields of RECORD.md, round trips and determinism."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import inspection_parse as ip
from conftest import SEED, SHARED, need
from inspection_parse.cli import main
from letters import PDF_LETTERS, TEXT_LETTERS, focused_gold_pdfs, record

SEED_LETTERS = sorted(SEED.glob("*.txt")) if SEED.exists() else [SEED / "absent.txt"]
RECORDS = TEXT_LETTERS + PDF_LETTERS + SEED_LETTERS + focused_gold_pdfs(limit=10)

# The fields of ../shared/spec/RECORD.md, object by object: every record has every one of them.
LETTER_FIELDS = [
    "schema_version", "family", "source", "letter_date", "title", "recipient", "recipients",
    "salutation", "provider", "visit", "previous_inspection", "areas_stated", "areas", "overall",
    "evidence_reviewed", "people_met", "signatory", "signatories", "cc", "strengths", "response",
    "sections", "warnings", "grounding",
]
OBJECT_FIELDS = {
    "source": ["path", "sha256", "format", "pages"],
    "recipient": ["name", "role", "organisation", "address"],
    "provider": ["name", "unit", "code", "canonical", "la_code", "ons_code", "region", "urn"],
    "response": ["text", "due"],
    "visit": ["dates", "location", "inspectors"],
    "previous_inspection": ["date", "published"],
    "overall": ["rating", "text"],
    "signatory": ["name", "role"],
}
LIST_FIELDS = ["areas", "evidence_reviewed", "people_met", "cc", "sections", "warnings",
               "recipient.address", "visit.dates", "visit.inspectors", "recipients",
               "signatories", "strengths", "judgements"]
AREA_FIELDS = ["number", "kind", "text", "deadline", "prior_finding", "progress", "narrative",
               "span"]
AREA_OBJECT_FIELDS = {"deadline": ["text", "kind", "months", "due"],
                      "progress": ["rating", "text"], "span": ["start", "end", "pages"]}
SECTION_FIELDS = ["kind", "heading", "start", "end", "pages"]
SPAN_FIELDS = ["start", "end", "pages", "boxes"]


def _id(path: Path) -> str:
    return path.stem


def _cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    code, out, err = _cli("schema")
    assert (code, err) == (0, "")
    return json.loads(out)


def test_schema_command_prints_a_valid_draft_2020_12_schema(schema: dict[str, Any]) -> None:
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema == ip.json_schema()


def test_schema_requires_every_field_of_the_contract(schema: dict[str, Any]) -> None:
    # New fields may be added (RECORD.md); none of these may go.
    assert set(LETTER_FIELDS) <= set(schema["required"])
    assert schema["additionalProperties"] is False
    defs = schema["$defs"]
    assert set(AREA_FIELDS) <= set(defs["Area"]["required"])
    assert set(SECTION_FIELDS) <= set(defs["Section"]["required"])
    assert set(SPAN_FIELDS) <= set(defs["Span"]["required"])


def test_contract_lists_here_match_record_md() -> None:
    """The field lists above are RECORD.md's own tables (so they cannot drift from it)."""
    spec = need(SHARED / "spec" / "RECORD.md").read_text(encoding="utf-8")
    tables = {part.splitlines()[0]: re.findall(r"^\| *([a-z_]+) *\|", part, re.M)[1:]
              for part in re.split(r"^## ", spec, flags=re.M)[1:]}
    assert tables["Letter"] == LETTER_FIELDS
    assert tables["Area"] == AREA_FIELDS


@pytest.mark.parametrize("path", RECORDS, ids=_id)
def test_every_record_validates_against_the_schema(path: Path, schema: dict[str, Any]) -> None:
    data = json.loads(ip.to_json(record(need(path))))
    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(data), key=str)
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]


@pytest.mark.parametrize("path", RECORDS, ids=_id)
def test_every_record_has_every_field_of_record_md(path: Path) -> None:
    # Every field is present (null or [] when absent); new fields may be added beside them.
    data = ip.to_dict(record(need(path)))
    assert set(LETTER_FIELDS) <= set(data)
    for name, fields in OBJECT_FIELDS.items():
        assert set(fields) <= set(data[name]), name
    for dotted in LIST_FIELDS:
        head, _, tail = dotted.partition(".")
        value = data[head][tail] if tail else data[head]
        assert isinstance(value, list), dotted       # [] when the letter has none, never null
    for area in data["areas"]:
        assert set(AREA_FIELDS) <= set(area)
        for name, fields in AREA_OBJECT_FIELDS.items():
            assert set(fields) <= set(area[name]), name
    for section in data["sections"]:
        assert set(SECTION_FIELDS) <= set(section)
    for span in data["grounding"].values():
        assert set(SPAN_FIELDS) <= set(span)
    for item in data["cc"]:
        assert {"name", "organisation"} <= set(item)
    for warning in data["warnings"]:
        assert {"code", "message"} <= set(warning)
        assert warning["code"] in ip.WARNINGS


@pytest.mark.parametrize("path", TEXT_LETTERS[:3] + PDF_LETTERS[-3:], ids=_id)
def test_to_dict_gives_plain_json_data(path: Path) -> None:
    data = ip.to_dict(record(path))
    assert json.loads(json.dumps(data)) == data        # lists, not tuples, all the way down


@pytest.mark.parametrize("path", TEXT_LETTERS + PDF_LETTERS, ids=_id)
def test_dict_and_json_round_trips_give_an_equal_record(path: Path) -> None:
    letter = record(path)
    assert ip.from_dict(ip.to_dict(letter)) == letter
    assert ip.from_json(ip.to_json(letter)) == letter
    assert ip.from_json(ip.to_json(letter, indent=2)) == letter


def test_from_dict_refuses_an_unknown_field() -> None:
    data = ip.to_dict(record(TEXT_LETTERS[0]))
    data["surprise"] = 1
    with pytest.raises(Exception):  # noqa: B017 - cattrs raises its own error group
        ip.from_dict(data)


def test_from_dict_refuses_a_date_that_is_not_iso() -> None:
    data = ip.to_dict(record(TEXT_LETTERS[0]))
    data["letter_date"] = "22 September 2011"
    with pytest.raises(Exception):  # noqa: B017
        ip.from_dict(data)


@pytest.mark.parametrize("path", [TEXT_LETTERS[0], PDF_LETTERS[-1]], ids=_id)
def test_json_output_is_deterministic(path: Path) -> None:
    first = ip.to_json(ip.parse(path)).encode("utf-8")
    second = ip.to_json(ip.parse(path)).encode("utf-8")
    assert first == second
    code, out, _ = _cli("parse", str(path))
    assert code == 0 and out.encode("utf-8") == first + b"\n"


def test_json_line_is_one_line_and_not_ascii_escaped() -> None:
    line = ip.to_json(record(TEXT_LETTERS[0]))
    assert "\n" not in line
    assert "’" in line and "\\u2019" not in line


def test_json_lines_round_trip() -> None:
    from conftest import CORPUS

    letters = [ip.parse(p) for p in sorted((CORPUS / "cafcass_pim").glob("*.txt"))[:3]]
    buffer = io.StringIO()
    assert ip.write_jsonl(letters, buffer) == 3
    lines = buffer.getvalue().splitlines()
    assert len(lines) == 3 and all(line.startswith("{") for line in lines)
    assert list(ip.read_jsonl(["", *lines, "  "])) == letters
