"""The letter record: frozen attrs classes, one per object of the output contract.

These classes know nothing about JSON; :mod:`inspection_parse.serialize` owns
turning them into dicts, JSON and a JSON Schema. Field names follow
``spec/RECORD.md`` and must not be renamed without a ``schema_version`` bump.

Dates are ISO strings: ``YYYY-MM-DD`` for a day, ``YYYY-MM`` where the letter
only names a month.
"""

from __future__ import annotations

import re
from typing import Any, Literal

import attrs

SCHEMA_VERSION = "1"

Family = Literal[
    "cafcass_pim",
    "la_focused_visit",
    "la_monitoring_visit",
    "la_jtai",
    "school_monitoring",
    "fe_monitoring",
    "unknown",
]
FAMILIES: tuple[str, ...] = Family.__args__  # type: ignore[attr-defined]

Rating = Literal[
    "outstanding", "good", "satisfactory", "inadequate", "significant", "reasonable",
    "insufficient", "effective", "not_effective",
]
RATINGS: tuple[str, ...] = Rating.__args__  # type: ignore[attr-defined]

AreaKind = Literal["improvement", "priority_action"]
DeadlineKind = Literal["immediate", "within", "by_date", "none"]
SourceFormat = Literal["pdf", "text", "html"]
SectionKind = Literal[
    "letterhead", "date", "recipient", "salutation", "title", "introduction", "evidence",
    "outcome", "area", "findings", "overall", "signoff", "cc", "other",
]
SECTION_KINDS: tuple[str, ...] = SectionKind.__args__  # type: ignore[attr-defined]

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_MONTH_OR_DAY = re.compile(r"\d{4}-\d{2}(?:-\d{2})?\Z")
# JSON Schema patterns for the same (serialize.json_schema reads field metadata)
DAY_PATTERN = {"pattern": r"^\d{4}-\d{2}-\d{2}$"}
MONTH_OR_DAY_PATTERN = {"pattern": r"^\d{4}-\d{2}(-\d{2})?$"}


def _iso_day(_inst: Any, attr: Any, value: str | None) -> None:
    if value is not None and not _DAY.match(value):
        raise ValueError(f"{attr.name} must be an ISO day (YYYY-MM-DD), got {value!r}")


def _iso_month_or_day(_inst: Any, attr: Any, value: str | None) -> None:
    if value is not None and not _MONTH_OR_DAY.match(value):
        raise ValueError(f"{attr.name} must be YYYY-MM or YYYY-MM-DD, got {value!r}")


def _iso_days(_inst: Any, attr: Any, value: tuple[str, ...]) -> None:
    for day in value:
        _iso_day(_inst, attr, day)


def _tuple(value: object) -> tuple[object, ...]:
    return tuple(value) if value is not None else ()  # type: ignore[arg-type]


# Box of one line on one page: (page, x0, top, x1, bottom) in PDF points, top-left origin.
Box = tuple[int, float, float, float, float]


@attrs.frozen
class Span:
    """Where a value came from: character offsets into the parsed text, its pages and line boxes."""

    start: int
    end: int
    pages: tuple[int, ...] = attrs.field(default=(), converter=_tuple)
    boxes: tuple[Box, ...] = attrs.field(default=(), converter=_tuple)


@attrs.frozen
class AreaSpan:
    """The extent of one area's block in the parsed text."""

    start: int
    end: int
    pages: tuple[int, ...] = attrs.field(default=(), converter=_tuple)


@attrs.frozen
class Source:
    """The input the record was parsed from."""

    path: str | None
    sha256: str
    format: SourceFormat
    pages: int | None = None
    parser_version: str = ""


@attrs.frozen
class Recipient:
    name: str | None = None
    role: str | None = None
    organisation: str | None = None
    address: tuple[str, ...] = attrs.field(default=(), converter=_tuple)


@attrs.frozen
class Person:
    """One addressee of a letter addressed to several people (JTAI letters address six or more)."""

    name: str | None = None
    role: str | None = None
    organisation: str | None = None


@attrs.frozen
class Provider:
    """Who is inspected: "Cafcass" (with its service area and code), a local authority, a school
    or a provider.

    For an English local authority, ``canonical``, ``la_code`` (DfE), ``ons_code``, ``region``
    and ``urn`` come from the shipped reference table (:mod:`inspection_parse.authorities`);
    they are null where the name matches no authority, never guessed. For a school or a
    provider ``urn`` is the one its letter or report prints.
    """

    name: str | None = None
    unit: str | None = None
    code: str | None = None
    canonical: str | None = None
    la_code: str | None = None
    ons_code: str | None = None
    region: str | None = None
    urn: str | None = None
    # a further-education provider's report prints these in its header table: "Independent
    # learning provider"; the address one line each
    type: str | None = None
    address: tuple[str, ...] = attrs.field(default=(), converter=_tuple)


@attrs.frozen
class Visit:
    dates: tuple[str, ...] = attrs.field(default=(), converter=_tuple, validator=_iso_days,
                                           metadata=DAY_PATTERN)
    location: str | None = None
    inspectors: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    # "the third monitoring inspection" gives 3; null where the letter does not say
    sequence: int | None = None


@attrs.frozen
class PreviousInspection:
    """The inspection a monitoring letter follows up: when it took place and was published."""

    date: str | None = attrs.field(default=None, validator=_iso_month_or_day,
                                     metadata=MONTH_OR_DAY_PATTERN)
    published: str | None = attrs.field(default=None, validator=_iso_month_or_day,
                                     metadata=MONTH_OR_DAY_PATTERN)


@attrs.frozen
class Deadline:
    """When an area had to be acted on: "Take action immediately", "Within three months" ..."""

    text: str | None = None
    kind: DeadlineKind = "none"
    months: int | None = None
    due: str | None = attrs.field(default=None, validator=_iso_month_or_day,
                                     metadata=MONTH_OR_DAY_PATTERN)


@attrs.frozen
class Progress:
    """A progress judgement: the rating word and the sentence that gives it."""

    rating: Rating | None = None
    text: str | None = None


@attrs.frozen
class Judgement:
    """A graded statement the letter makes besides its areas ("Progress since previous
    monitoring inspection – good"): the statement as written, what it grades, the grade."""

    text: str
    subject: str | None = None
    rating: Rating | None = None


@attrs.frozen
class Response:
    """What the letter asks the recipient to send back and by when (a JTAI letter's written
    statement of proposed action): the sentence as written, and its date."""

    text: str | None = None
    due: str | None = attrs.field(default=None, validator=_iso_month_or_day,
                                  metadata=MONTH_OR_DAY_PATTERN)


@attrs.frozen
class Area:
    """One area for improvement (or priority action) with what was found about it."""

    number: int | None
    kind: AreaKind
    text: str
    span: AreaSpan
    deadline: Deadline = Deadline()
    prior_finding: str | None = None
    progress: Progress = Progress()
    narrative: str | None = None


@attrs.frozen
class Signatory:
    name: str | None = None
    role: str | None = None


@attrs.frozen
class CarbonCopy:
    """Someone the letter is copied to: "Ann Bell, Cafcass" (a role between the two, as in
    "Ann Bell, Chief Executive, Cafcass", is left out: the record keeps name and organisation)."""

    name: str | None = None
    organisation: str | None = None


@attrs.frozen
class Section:
    """One part of the letter, with its offsets in the parsed text."""

    kind: SectionKind
    start: int
    end: int
    heading: str | None = None
    pages: tuple[int, ...] = attrs.field(default=(), converter=_tuple)


@attrs.frozen
class ParseWarning:
    """Something the parser doubted or could not find. ``code`` is stable (see ``WARNINGS``)."""

    code: str
    message: str


@attrs.frozen(kw_only=True)
class Letter:
    """One monitoring letter, parsed. Every field is always present (null or empty when absent)."""

    schema_version: str = SCHEMA_VERSION
    family: Family
    source: Source
    letter_date: str | None = attrs.field(default=None, validator=_iso_day,
                                          metadata=DAY_PATTERN)
    title: str | None = None
    recipient: Recipient = Recipient()
    recipients: tuple[Person, ...] = attrs.field(default=(), converter=_tuple)
    salutation: str | None = None
    provider: Provider = Provider()
    visit: Visit = Visit()
    previous_inspection: PreviousInspection = PreviousInspection()
    areas_stated: int | None = None
    areas: tuple[Area, ...] = attrs.field(default=(), converter=_tuple)
    overall: Progress = Progress()
    judgements: tuple[Judgement, ...] = attrs.field(default=(), converter=_tuple)
    evidence_reviewed: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    people_met: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    signatory: Signatory = Signatory()
    signatories: tuple[Signatory, ...] = attrs.field(default=(), converter=_tuple)
    cc: tuple[CarbonCopy, ...] = attrs.field(default=(), converter=_tuple)
    strengths: tuple[str, ...] = attrs.field(default=(), converter=_tuple)
    response: Response = Response()
    sections: tuple[Section, ...] = attrs.field(default=(), converter=_tuple)
    warnings: tuple[ParseWarning, ...] = attrs.field(default=(), converter=_tuple)
    grounding: dict[str, Span] = attrs.field(factory=dict)

    def warning_codes(self) -> list[str]:
        """The codes of this record's warnings, in order (a code may repeat)."""
        return [w.code for w in self.warnings]
