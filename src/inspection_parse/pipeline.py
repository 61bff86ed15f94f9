"""Document → Letter: detect the family, read the frame and the body, cross-check, freeze."""

from __future__ import annotations

from typing import Any

from . import authorities, plausible
from ._version import __version__
from .document import Document
from .draft import Draft
from .extract.frame import read_frame
from .families import detect
from .model import Letter, Section
from .segment import Layout
from .serialize import converter
from .validate import cross_check

# Fields every letter record has, with the value meaning "not found".
_DEFAULTS: dict[str, Any] = {
    "letter_date": None, "title": None, "salutation": None,
    "recipient.name": None, "recipient.role": None, "recipient.organisation": None,
    "recipient.address": [],
    "provider.name": None, "provider.unit": None, "provider.code": None,
    "provider.canonical": None, "provider.la_code": None, "provider.ons_code": None,
    "provider.region": None, "provider.urn": None, "provider.type": None, "provider.address": [],
    "visit.dates": [], "visit.location": None, "visit.inspectors": [], "visit.sequence": None,
    "previous_inspection.date": None, "previous_inspection.published": None,
    "areas_stated": None, "areas": [], "overall.rating": None, "overall.text": None,
    "evidence_reviewed": [], "people_met": [], "signatory.name": None, "signatory.role": None,
    "cc": [], "judgements": [], "strengths": [], "response.text": None, "response.due": None,
}
# Families whose provider is an English local authority (or its area).
AUTHORITY_FAMILIES = frozenset({"la_focused_visit", "la_monitoring_visit", "la_jtai"})


def parse_document(doc: Document) -> Letter:
    """Read a loaded :class:`Document` into a :class:`Letter`."""
    layout = Layout(doc)
    detection = detect(doc)
    draft = Draft(doc)
    for code, message in doc.notes:
        draft.warn(code, message)
    frame = read_frame(draft, layout)
    if detection.family is None:
        best = max(detection.scores.items(), key=lambda kv: kv[1], default=("none", 0.0))
        draft.warn("IP-W001", f"best family score {best[1]:.1f} ({best[0]})")
    else:
        if detection.close_call:
            draft.warn("IP-W002", ", ".join(f"{k} {v:.1f}" for k, v in detection.scores.items()))
        detection.family.read(draft, layout, frame)
    _mark_other_headings(draft, layout, frame.body_first_block, frame.body_end)
    # every value of a kind with a shape (names, roles, bodies, the provider, the address,
    # the dates) is mended or left out with a warning before it reaches the record
    plausible.check(draft)
    if detection.name in AUTHORITY_FAMILIES:
        canonical_authority(draft)
    _people_lists(draft)
    cross_check(draft, detection.name)
    return build_letter(draft, detection.name, _sections(draft, doc))


def _mark_other_headings(draft: Draft, layout: Layout, first: int, body_end: int) -> None:
    """Headings the family did not name (set bold or larger, on their own) open sections
    of kind ``other``, so the sections follow the letter's own structure."""
    marked = {offset for offset, _, _ in draft.marks}
    for block in layout.blocks[first:]:
        if block.start >= body_end:
            break
        if block.start not in marked and block.is_heading(layout.body_size):
            draft.mark(block.start, "other", block.text)


def canonical_authority(draft: Draft) -> None:
    """The provider's canonical name and codes from the reference table; null with warning
    IP-W023 where the name matches no authority."""
    name = draft.get("provider.name")
    if name is None:
        return
    found = authorities.match(name)
    if found is None:
        draft.warn("IP-W023", repr(name))
        return
    values = {"canonical": found.name, "la_code": found.la_code, "ons_code": found.ons_code,
              "region": found.region, "urn": found.urn}
    for key, value in values.items():
        draft.put(f"provider.{key}", value)
    # The codes follow from the canonical name; it is grounded where the name is.
    span = draft.grounding.get("provider.name")
    if span is not None:
        draft.grounding["provider.canonical"] = span


def _people_lists(draft: Draft) -> None:
    """A family that reads one addressee and one signer gives lists of one (RECORD.md:
    ``recipients`` and ``signatories`` hold every addressee and signer)."""
    if "recipients" not in draft.fields:
        person = {k: draft.get(f"recipient.{k}") for k in ("name", "role", "organisation")}
        draft.put("recipients", [person] if any(v is not None for v in person.values()) else [])
    if "signatories" not in draft.fields:
        signer = {k: draft.get(f"signatory.{k}") for k in ("name", "role")}
        draft.put("signatories", [signer] if any(v is not None for v in signer.values()) else [])


def build_letter(draft: Draft, family: str, sections: list[Section]) -> Letter:
    doc = draft.doc
    data: dict[str, Any] = {}
    for path, value in {**_DEFAULTS, **draft.fields}.items():
        head, _, tail = path.partition(".")
        if tail:
            data.setdefault(head, {})[tail] = value
        else:
            data[head] = value
    letter = converter.structure(
        {
            **data,
            "family": family,
            "source": {"path": doc.path, "sha256": doc.sha256, "format": doc.format,
                       "pages": doc.page_count, "parser_version": __version__},
            "sections": [],
            "warnings": [],
            "grounding": {},
        },
        Letter,
    )
    # Sections, warnings and grounding are already records: set them without a round trip.
    return _evolve(letter, sections=tuple(sections), warnings=tuple(draft.warnings),
                   grounding=dict(sorted(draft.grounding.items(), key=_path_key)))


def _evolve(letter: Letter, **changes: Any) -> Letter:
    import attrs

    return attrs.evolve(letter, **changes)


def _path_key(item: tuple[str, Any]) -> tuple[int, int, str]:
    return (item[1].start, item[1].end, item[0])


# Section kinds that say less than another kind starting at the same place.
_WEAK = {"introduction": 0, "other": 0}


def _sections(draft: Draft, doc: Document) -> list[Section]:
    marks: dict[int, tuple[str, str | None]] = {}
    for offset, kind, heading in draft.marks:
        old = marks.get(offset)
        if old is None or _WEAK.get(old[0], 1) <= _WEAK.get(kind, 1):
            marks[offset] = (kind, heading)
    if 0 not in marks:
        marks[0] = ("letterhead", None)
    starts = sorted(marks)
    text = doc.text
    out: list[Section] = []
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(text)
        while end > start and text[end - 1].isspace():
            end -= 1
        if end <= start:
            continue
        kind, heading = marks[start]
        if out and out[-1].kind == kind and heading is None and kind != "area":
            out[-1] = Section(kind=out[-1].kind, start=out[-1].start, end=end,
                              heading=out[-1].heading, pages=doc.pages(out[-1].start, end))
            continue
        out.append(Section(kind=kind, start=start, end=end, heading=heading,  # type: ignore[arg-type]
                           pages=doc.pages(start, end)))
    return out
