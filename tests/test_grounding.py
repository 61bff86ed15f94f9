"""Grounding: every value points at the characters it came from, and the sections tile the text.

For each grounded value, the slice ``doc.text[start:end]`` is read back independently of the
parser (page furniture lines skipped, Markdown bold and footnote markers removed, white space
collapsed) and compared with the value in the record.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any

import pytest

import inspection_parse as ip
from conftest import SEED, need
from inspection_parse import authorities
from inspection_parse.document import Document
from inspection_parse.extract.dates import parse_day_run, parse_full_date, parse_month
from inspection_parse.extract.judgements import number_value, ordinal_value
from letters import PDF_LETTERS, TEXT_LETTERS, document, record

SEED_LETTERS = sorted(SEED.glob("*.txt")) if SEED.exists() else [SEED / "absent.txt"]
LETTERS = SEED_LETTERS + TEXT_LETTERS + PDF_LETTERS

_MARKUP = re.compile(r"\*\*|\[\^\w{1,6}\]|^[ \t]*#{1,6}[ \t]+", re.M)
_BULLET = re.compile(r"^(?:[-*•◼▪■●◦–—·\uf020-\uf0ff]|o(?=\s))\s+")
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]


def _id(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


def read_back(doc: Document, start: int, end: int) -> str:
    """The slice as a reader sees it: furniture lines out, markup out, white space collapsed."""
    out = ""
    for i in doc.lines_between(start, end):
        line = doc.lines[i]
        if line.furniture is not None:
            continue
        piece = _MARKUP.sub("", doc.text[max(start, line.start):min(end, line.end)]).strip()
        piece = " ".join(_BULLET.sub("", piece).split())     # a (sub-)bullet glyph opens a line
        if not piece:
            continue
        # a hyphen at a line end joins the two halves of a word ("decision-" / "making")
        out += piece if not out or re.search(r"\w-$", out) else " " + piece
    return out


def squash(text: str) -> str:
    """Letters only: white space and hyphens out (a line-end hyphen may be kept or dropped)."""
    return re.sub(r"[\s\-]", "", text)


def _uncomma(text: str) -> str:
    """Letters only, commas out too: a signer's role lines are joined with ", "."""
    return squash(text).replace(",", "")


def value_at(data: dict[str, Any], path: str) -> Any:
    cur: Any = data
    for name, index in re.findall(r"([a-z_]+)(?:\[(\d+)\])?", path):
        cur = cur[name]
        if index:
            cur = cur[int(index)]
    return cur


def _rating_phrase(value: str, seen: str) -> bool:
    """A rating that the letter gives in words, not in the rating's own word: "are not taking
    effective action" is not_effective, "is not making reasonable progress" insufficient."""
    if value == "not_effective":
        return re.fullmatch(r"not\s+(?:yet\s+)?taking\s+(?:\w+\s+)?effective", seen,
                            re.I) is not None
    if value == "insufficient":
        return re.fullmatch(r"not\s+(?:yet\s+)?making\s+(?:\w+\s+)?\w+\s+progress", seen,
                            re.I) is not None
    return False


def check_value(path: str, value: Any, seen: str) -> str | None:
    """Why ``seen`` (the read-back slice) does not hold ``value``, or None when it does."""
    leaf = path.rsplit(".", 1)[-1]
    if path in ("letter_date", "response.due"):
        found = parse_full_date(seen)
        ok = found is not None and found.value == value and found.end - found.start == len(seen)
    elif path.startswith("previous_inspection."):
        found = parse_full_date(seen) if len(value) == 10 else parse_month(seen)
        run = parse_day_run(seen) if len(value) == 10 else None   # "on 10 and 11 June": its first
        ok = (found is not None and found.value == value) or (
            run is not None and run[0][0] == value)
    elif path == "visit.dates":
        # a range ("8 to 10 February") names its first and last days only
        ends = {str(int(value[0][8:])), str(int(value[-1][8:]))}
        ok = ends <= set(re.findall(r"\d+", seen)) and _MONTHS[int(value[-1][5:7]) - 1] in seen
    elif path == "areas_stated":
        ok = number_value(seen) == value
    elif path == "overall.rating" or re.fullmatch(r"judgements\[\d+\]\.rating", path):
        ok = seen.lower() == value or _rating_phrase(value, seen)
    elif path == "visit.sequence":
        # "the third monitoring visit", "the 10th monitoring inspection"
        ok = ordinal_value(seen) == value
    elif re.fullmatch(r"judgements\[\d+\]", path):
        ok = seen == value["text"] or squash(seen) == squash(value["text"])
    elif path == "provider.canonical":
        # grounded where the authority is named: the name as written gives the canonical one
        found = authorities.match(seen)
        ok = found is not None and found.name == value
    elif re.fullmatch(r"areas\[\d+\]", path):
        ok = squash(value["text"]) in squash(seen)      # the area's block holds its text
    elif leaf == "deadline" or leaf == "progress":
        ok = seen == value["text"]
    elif path.startswith("cc["):
        ok = all(v in seen for v in value.values() if v)
    elif re.fullmatch(r"(?:recipients|signatories)\[\d+\]", path):
        # a person's line(s): every part is there (role lines are joined with ", ")
        ok = all(_uncomma(v) in _uncomma(seen) for v in value.values() if v)
    elif re.fullmatch(r"signatories\[\d+\]\.role", path):
        ok = _uncomma(seen) == _uncomma(value)
    elif path.startswith(("evidence_reviewed[", "people_met[")):
        # the item's block keeps its list punctuation ("; and"); the value drops it
        ok = seen.startswith(value) and len(seen) - len(value) <= 5
    elif isinstance(value, str):
        ok = seen == value or squash(seen) == squash(value)
    else:
        return f"no rule to check {path}"
    return None if ok else f"{path}: value {value!r} but the text there is {seen!r}"


@pytest.mark.parametrize("path", LETTERS, ids=_id)
def test_every_grounding_span_lies_inside_the_text(path: Path) -> None:
    doc, letter = document(need(path)), record(need(path))
    assert letter.grounding, "no value is grounded"
    for key, span in letter.grounding.items():
        assert 0 <= span.start < span.end <= len(doc.text), key
        assert doc.text[span.start:span.end].strip(), key


@pytest.mark.parametrize("path", LETTERS, ids=_id)
def test_every_grounded_value_is_the_text_at_its_span(path: Path) -> None:
    doc, letter = document(need(path)), record(need(path))
    data = ip.to_dict(letter)
    problems = []
    for key, span in letter.grounding.items():
        problem = check_value(key, value_at(data, key), read_back(doc, span.start, span.end))
        if problem:
            problems.append(problem)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("path", SEED_LETTERS + TEXT_LETTERS, ids=_id)
def test_text_input_slices_are_the_value_as_written(path: Path) -> None:
    text = need(path).read_text(encoding="utf-8")
    letter = record(path)
    g = letter.grounding
    if letter.family == "fe_monitoring":    # a report: none of a letter's frame, nothing grounded
        assert not {"letter_date", "recipient.name", "salutation", "signatory.name"} & set(g)
        assert text[g["provider.name"].start:g["provider.name"].end] == letter.provider.name
    else:
        assert text[g["letter_date"].start:g["letter_date"].end] == _written_date(
            letter.letter_date, text)
        assert text[g["recipient.name"].start:g["recipient.name"].end] == letter.recipient.name
        assert text[g["salutation"].start:g["salutation"].end] == letter.salutation
        assert text[g["signatory.name"].start:g["signatory.name"].end] == letter.signatory.name
    for n, area in enumerate(letter.areas):
        span = g[f"areas[{n}].text"]
        assert read_back(document(path), span.start, span.end) == area.text


def _written_date(iso: str, text: str) -> str:
    """How the letter writes its date, found in the text without the parser."""
    day, month, year = int(iso[8:]), _MONTHS[int(iso[5:7]) - 1], iso[:4]
    m = re.search(rf"\b{day}(?:st|nd|rd|th)? {month},? {year}\b", text)
    assert m is not None
    return m.group()


@pytest.mark.parametrize("path", LETTERS, ids=_id)
def test_every_area_has_its_text_grounded_inside_its_span(path: Path) -> None:
    letter = record(need(path))
    for n, area in enumerate(letter.areas):
        block = letter.grounding[f"areas[{n}]"]
        assert (block.start, block.end) == (area.span.start, area.span.end)
        for part in ("text", "deadline", "prior_finding", "progress", "narrative"):
            span = letter.grounding.get(f"areas[{n}].{part}")
            if span is not None:
                assert area.span.start <= span.start < span.end <= area.span.end, (n, part)


# -- sections ---------------------------------------------------------------------------------


@pytest.mark.parametrize("path", LETTERS, ids=_id)
def test_sections_are_in_order_do_not_overlap_and_cover_the_text(path: Path) -> None:
    doc, letter = document(need(path)), record(need(path))
    sections = letter.sections
    assert sections
    assert sections[0].start == 0
    for a, b in itertools.pairwise(sections):
        assert a.start < a.end <= b.start, (a.kind, b.kind)
        assert not doc.text[a.end:b.start].strip(), f"text between {a.kind} and {b.kind}"
    assert sections[-1].end == len(doc.text.rstrip())
    if doc.page_count:
        for section in sections:
            assert list(section.pages) == sorted(section.pages)
            assert all(1 <= p <= doc.page_count for p in section.pages)


@pytest.mark.parametrize("path", LETTERS, ids=_id)
def test_sections_name_the_parts_of_the_letter_in_order(path: Path) -> None:
    letter = record(need(path))
    kinds = [s.kind for s in letter.sections]
    # a report (fe_monitoring) has a title and its themes, none of a letter's frame
    order = (["date", "recipient", "salutation", "title", "signoff"]
             if letter.family != "fe_monitoring" else ["title", "area"])
    assert all(kind in kinds for kind in order)
    assert [kinds.index(kind) for kind in order] == sorted(kinds.index(kind) for kind in order)
    assert kinds.count("area") == len(letter.areas) or letter.family != "cafcass_pim"
