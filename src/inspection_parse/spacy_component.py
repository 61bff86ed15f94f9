"""spaCy integration: a pipeline component that parses a letter and marks its values as spans.

After ``pip install inspection-parse[spacy]`` the factory is found by name (through the
``spacy_factories`` entry point), so no import is needed. The name is namespaced with an
underscore, ``inspection_parse_letter``: spaCy refuses a "." in factory names (error E853,
since config sections are dotted paths).

>>> import spacy                                                            # doctest: +SKIP
>>> nlp = spacy.blank("en")                                                 # doctest: +SKIP
>>> nlp.add_pipe("inspection_parse_letter")                                 # doctest: +SKIP
>>> doc = nlp(open("letter.txt", encoding="utf-8").read())                  # doctest: +SKIP
>>> [(s.label_, s.id_, s.text) for s in doc.spans["inspection"]][:1]        # doctest: +SKIP
[('LETTER_DATE', 'letter_date', '20 May 2010')]
>>> doc._.letter.areas[0].deadline.due                                      # doctest: +SKIP
'2009-08'

For a PDF, :func:`doc_from_path` builds the ``Doc`` from the parsed document (the ``Doc``'s
text is the :class:`~inspection_parse.Document`'s text, which every grounding offset indexes)
and runs the pipeline over it: ``doc = doc_from_path(nlp, "letter.pdf")``.

What the component sets
-----------------------
``doc.spans[spans_key]`` (default ``"inspection"``): one span per grounded value of the record,
at exactly the record's grounding offsets, in grounding order, then one span per section of
the letter. ``span.label_`` comes from the label table below; ``span.id_`` is the grounding
path (``"areas[2].deadline"``) or ``"sections[N]"``, so a span leads back to its value.

``doc._.letter``: the :class:`~inspection_parse.Letter`. The record is kept as plain data
(:func:`inspection_parse.to_dict`) in ``doc.user_data["inspection_parse.letter"]`` and rebuilt
on access, so it survives ``DocBin(store_user_data=True)`` and pickling.

Label table
-----------
Grounding paths, with list indices written ``[*]``, mapped to span labels. The table is data
(:data:`DEFAULT_LABELS`): override entries with the factory's ``labels`` config, or at
``initialize`` (``labels`` or a JSON file ``labels_path``); it is saved by ``nlp.to_disk`` as
``labels.json`` and read back by ``spacy.load``. A pattern ending in ``.*`` matches every
path below it; a path no pattern matches gets its own path upper-cased as label
(``previous_inspection.date`` would give ``PREVIOUS_INSPECTION_DATE``).

=============================  ==============================  ===========================
grounding path                 label                           example text
=============================  ==============================  ===========================
letter_date                    LETTER_DATE                     "20 May 2010"
title                          TITLE                           "Post inspection monitoring …"
salutation                     SALUTATION                      "Dear Ann,"
recipient.name                 RECIPIENT                       "Ann Example"
recipient.role                 RECIPIENT_ROLE                  "Chief Executive"
recipient.organisation         RECIPIENT_ORGANISATION          "Cafcass"
recipient.address[*]           RECIPIENT_ADDRESS               "1 Example Street"
provider.name                  PROVIDER                        "Cafcass", "Northmoor"
provider.unit                  PROVIDER_UNIT                   "… service area"
provider.code                  PROVIDER_CODE                   "N4"
visit.dates                    VISIT_DATE                      "27 and 28 April 2010"
visit.location                 VISIT_LOCATION                  "Hull"
visit.inspectors[*]            INSPECTOR                       "Jo Example"
previous_inspection.date       PREVIOUS_INSPECTION             "July 2009"
previous_inspection.published  PREVIOUS_INSPECTION_PUBLISHED   "August 2009"
areas_stated                   AREAS_STATED                    "nine"
areas[*]                       AREA                            the whole area block
areas[*].text                  AREA_TEXT                       the recommendation
areas[*].deadline              DEADLINE                        "Within three months"
areas[*].prior_finding         PRIOR_FINDING                   "The inspection in … reported"
areas[*].progress              PROGRESS                        "Satisfactory progress has …"
areas[*].narrative             NARRATIVE                       the evidence for the judgement
overall                        OVERALL                         (whole overall judgement)
overall.text                   OVERALL                         "Ofsted judges that …"
overall.rating                 OVERALL_RATING                  "inadequate"
evidence_reviewed[*]           EVIDENCE                        "a sample of case files"
people_met[*]                  PERSON_MET                      "the Head of Service"
signatory.name                 SIGNATORY                       "Jo Example"
signatory.role                 SIGNATORY_ROLE                  "HM Inspector"
cc[*]                          CC                              "Jo Example, DfE"
provider.canonical             PROVIDER_CANONICAL              "London Borough of Barnet"
visit.sequence                 VISIT_SEQUENCE                  "third"
recipients[*]                  ADDRESSEE                       "Jo Example, Chief Constable"
recipients[*].name             ADDRESSEE_NAME                  "Jo Example"
recipients[*].role             ADDRESSEE_ROLE                  "Chief Constable"
recipients[*].organisation     ADDRESSEE_ORGANISATION          "Example Police"
signatories[*]                 SIGNER                          a signer's name and role lines
signatories[*].name            SIGNER_NAME                     "Jo Example"
signatories[*].role            SIGNER_ROLE                     "Chief Inspector …"
strengths[*]                   STRENGTH                        a strength as listed
response                       RESPONSE                        "… by 6 July 2023."
response.due                   RESPONSE_DUE                    "6 July 2023"
judgements[*]                  JUDGEMENT                       "Progress since … – good"
judgements[*].rating           JUDGEMENT_RATING                "good"
=============================  ==============================  ===========================

Sections get ``section_prefix`` + the section kind upper-cased: ``SECTION_LETTERHEAD``,
``SECTION_DATE``, ``SECTION_RECIPIENT``, ``SECTION_AREA``, ``SECTION_OVERALL``,
``SECTION_SIGNOFF`` … (``section_prefix=None`` leaves sections out).

Alignment
---------
Spans are made with ``doc.char_span(start, end, alignment_mode=alignment_mode)`` (default
``"expand"``). The parser grounds values on whole words and spaCy's tokenizer splits at
those boundaries, so each span's ``start_char``/``end_char`` equal the grounding's
``start``/``end`` (the tests check this for every span over real letters and PDFs). Should a
grounding ever start or end inside a token, ``"expand"`` widens the span to whole tokens;
``"strict"`` leaves that value out instead.

This is the only module that imports spaCy.
"""

from __future__ import annotations

import json
import os
import re
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.pipeline import Pipe
from spacy.tokens import Doc
from spacy.util import SimpleFrozenList, ensure_path, from_bytes, from_disk, to_bytes, to_disk

from .api import load, parse_document, parse_text
from .document import Document
from .limits import Limits
from .model import Letter
from .serialize import from_dict, to_dict
from .source import DEFAULT_BACKEND

FACTORY = "inspection_parse_letter"
DEFAULT_SPANS_KEY = "inspection"
DEFAULT_SECTION_PREFIX = "SECTION_"
USER_DATA_KEY = "inspection_parse.letter"
LABELS_FILE = "labels.json"

# The label table as data: grounding path (list indices as "[*]") -> span label.
# Kept in the order and with the names of the table in the module docstring.
DEFAULT_LABELS: dict[str, str] = {
    "letter_date": "LETTER_DATE",
    "title": "TITLE",
    "salutation": "SALUTATION",
    "recipient.name": "RECIPIENT",
    "recipient.role": "RECIPIENT_ROLE",
    "recipient.organisation": "RECIPIENT_ORGANISATION",
    "recipient.address[*]": "RECIPIENT_ADDRESS",
    "provider.name": "PROVIDER",
    "provider.unit": "PROVIDER_UNIT",
    "provider.code": "PROVIDER_CODE",
    "visit.dates": "VISIT_DATE",
    "visit.location": "VISIT_LOCATION",
    "visit.inspectors[*]": "INSPECTOR",
    "previous_inspection.date": "PREVIOUS_INSPECTION",
    "previous_inspection.published": "PREVIOUS_INSPECTION_PUBLISHED",
    "areas_stated": "AREAS_STATED",
    "areas[*]": "AREA",
    "areas[*].text": "AREA_TEXT",
    "areas[*].deadline": "DEADLINE",
    "areas[*].prior_finding": "PRIOR_FINDING",
    "areas[*].progress": "PROGRESS",
    "areas[*].narrative": "NARRATIVE",
    "overall": "OVERALL",
    "overall.text": "OVERALL",
    "overall.rating": "OVERALL_RATING",
    "evidence_reviewed[*]": "EVIDENCE",
    "people_met[*]": "PERSON_MET",
    "signatory.name": "SIGNATORY",
    "signatory.role": "SIGNATORY_ROLE",
    "cc[*]": "CC",
    "provider.canonical": "PROVIDER_CANONICAL",
    "visit.sequence": "VISIT_SEQUENCE",
    "recipients[*]": "ADDRESSEE",
    "recipients[*].name": "ADDRESSEE_NAME",
    "recipients[*].role": "ADDRESSEE_ROLE",
    "recipients[*].organisation": "ADDRESSEE_ORGANISATION",
    "signatories[*]": "SIGNER",
    "signatories[*].name": "SIGNER_NAME",
    "signatories[*].role": "SIGNER_ROLE",
    "strengths[*]": "STRENGTH",
    "response": "RESPONSE",
    "response.text": "RESPONSE",
    "response.due": "RESPONSE_DUE",
    "judgements[*]": "JUDGEMENT",
    "judgements[*].rating": "JUDGEMENT_RATING",
}

_INDEX = re.compile(r"\[\d+\]")
_ALIGNMENT_MODES = ("strict", "contract", "expand")


def pattern_of(path: str) -> str:
    """The table key of a grounding path: ``"areas[2].deadline"`` gives ``"areas[*].deadline"``."""
    return _INDEX.sub("[*]", path)


def label_for(path: str, labels: Mapping[str, str]) -> str:
    """The span label of grounding ``path`` under the table ``labels``.

    An exact pattern wins; else the longest ``prefix.*`` pattern that covers the path; else
    the path itself, indices dropped, upper-cased (``visit.location`` -> ``VISIT_LOCATION``).
    """
    key = pattern_of(path)
    if key in labels:
        return labels[key]
    best = ""
    for pattern in labels:
        if pattern.endswith(".*") and key.startswith(pattern[:-1]) and len(pattern) > len(best):
            best = pattern
    if best:
        return labels[best]
    return key.replace("[*]", "").replace(".", "_").upper()


# -- the Letter on the Doc ---------------------------------------------------------------------

# Rebuilding a Letter from plain data takes a moment; keep the last few, keyed by the
# identity of the stored dict (held here, so its id cannot be reused while cached).
_CACHE: OrderedDict[int, tuple[dict[str, Any], Letter]] = OrderedDict()
_CACHE_SIZE = 64


def _get_letter(doc: Doc) -> Letter | None:
    data = doc.user_data.get(USER_DATA_KEY)
    if data is None:
        return None
    hit = _CACHE.get(id(data))
    if hit is not None and hit[0] is data:
        _CACHE.move_to_end(id(data))
        return hit[1]
    letter = from_dict(data)
    _CACHE[id(data)] = (data, letter)
    while len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return letter


def _set_letter(doc: Doc, letter: Letter | None) -> None:
    if letter is None:
        doc.user_data.pop(USER_DATA_KEY, None)
        return
    data = to_dict(letter)
    doc.user_data[USER_DATA_KEY] = data
    _CACHE[id(data)] = (data, letter)


if not Doc.has_extension("letter"):
    Doc.set_extension("letter", getter=_get_letter, setter=_set_letter)


# -- the component -----------------------------------------------------------------------------

@Language.factory(
    FACTORY,
    assigns=["doc.spans", "doc._.letter"],
    default_config={
        "spans_key": DEFAULT_SPANS_KEY,
        "labels": None,
        "section_prefix": DEFAULT_SECTION_PREFIX,
        "alignment_mode": "expand",
        "overwrite": True,
    },
)
def make_letter_component(
    nlp: Language,
    name: str,
    *,
    spans_key: str,
    labels: dict[str, str] | None,
    section_prefix: str | None,
    alignment_mode: str,
    overwrite: bool,
) -> LetterComponent:
    """Create a :class:`LetterComponent` (the ``inspection_parse_letter`` factory)."""
    return LetterComponent(nlp.vocab, name, spans_key=spans_key, labels=labels,
                           section_prefix=section_prefix, alignment_mode=alignment_mode,
                           overwrite=overwrite)


class LetterComponent(Pipe):
    """Parse the Doc's text as a monitoring letter; set ``doc._.letter`` and labelled spans.

    A Doc that already carries a record (``doc._.letter`` set, as :func:`doc_from_path` does)
    is not parsed again: its spans are made from that record.
    """

    def __init__(
        self,
        vocab: Any,
        name: str = FACTORY,
        *,
        spans_key: str = DEFAULT_SPANS_KEY,
        labels: Mapping[str, str] | None = None,
        section_prefix: str | None = DEFAULT_SECTION_PREFIX,
        alignment_mode: str = "expand",
        overwrite: bool = True,
    ) -> None:
        if alignment_mode not in _ALIGNMENT_MODES:
            raise ValueError(f"alignment_mode must be one of {_ALIGNMENT_MODES}, "
                             f"got {alignment_mode!r}")
        self.vocab = vocab
        self.name = name
        self.spans_key = spans_key
        self.section_prefix = section_prefix
        self.alignment_mode = alignment_mode
        self.overwrite = overwrite
        self._config_labels = dict(labels or {})
        self.label_table: dict[str, str] = {**DEFAULT_LABELS, **self._config_labels}

    # spaCy calls this at nlp.initialize(); [initialize.components.inspection_parse_letter]
    # in a config can give ``labels`` (a table) or ``labels_path`` (a JSON file of one).
    def initialize(
        self,
        get_examples: Callable[[], Iterable[Any]] | None = None,
        *,
        nlp: Language | None = None,
        labels: Mapping[str, str] | None = None,
        labels_path: str | os.PathLike[str] | None = None,
    ) -> None:
        table = {**DEFAULT_LABELS, **self._config_labels}
        if labels_path is not None:
            table.update(_read_table(Path(labels_path)))
        if labels:
            table.update(labels)
        self.label_table = table

    def label_for(self, path: str) -> str:
        return label_for(path, self.label_table)

    def __call__(self, doc: Doc) -> Doc:
        letter = doc._.letter
        if letter is None:
            letter = parse_text(doc.text)
            doc._.letter = letter
        self.set_annotations(doc, letter)
        return doc

    def set_annotations(self, doc: Doc, letter: Letter) -> None:
        spans = []
        for path, ground in letter.grounding.items():
            span = doc.char_span(ground.start, ground.end, label=self.label_for(path),
                                 alignment_mode=self.alignment_mode, span_id=path)
            if span is not None:
                spans.append(span)
        if self.section_prefix is not None:
            for n, section in enumerate(letter.sections):
                span = doc.char_span(section.start, section.end,
                                     label=f"{self.section_prefix}{section.kind.upper()}",
                                     alignment_mode=self.alignment_mode,
                                     span_id=f"sections[{n}]")
                if span is not None:
                    spans.append(span)
        if self.overwrite or self.spans_key not in doc.spans:
            doc.spans[self.spans_key] = spans
        else:
            doc.spans[self.spans_key].extend(spans)

    # -- serialisation, as spaCy's SpanRuler: the table travels with the pipeline ----------

    def to_bytes(self, *, exclude: Iterable[str] = SimpleFrozenList()) -> bytes:
        return to_bytes({"labels": lambda: json.dumps(self.label_table).encode("utf-8")},
                        exclude)

    def from_bytes(self, bytes_data: bytes, *,
                   exclude: Iterable[str] = SimpleFrozenList()) -> LetterComponent:
        def load_labels(b: bytes) -> None:
            self.label_table = _checked_table(json.loads(b))

        from_bytes(bytes_data, {"labels": load_labels}, exclude)
        return self

    def to_disk(self, path: str | os.PathLike[str], *,
                exclude: Iterable[str] = SimpleFrozenList()) -> None:
        to_disk(ensure_path(path), {LABELS_FILE: lambda p: _write_table(p, self.label_table)},
                exclude)

    def from_disk(self, path: str | os.PathLike[str], *,
                  exclude: Iterable[str] = SimpleFrozenList()) -> LetterComponent:
        def load_labels(p: Path) -> None:
            if p.exists():
                self.label_table = _read_table(p)

        from_disk(ensure_path(path), {LABELS_FILE: load_labels}, exclude)
        return self


def _checked_table(data: object) -> dict[str, str]:
    if not isinstance(data, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        raise ValueError("a label table must be a JSON object of path pattern -> label")
    return dict(data)


def _read_table(path: Path) -> dict[str, str]:
    return _checked_table(json.loads(path.read_text(encoding="utf-8")))


def _write_table(path: Path, table: Mapping[str, str]) -> None:
    path.write_text(json.dumps(dict(table), indent=2, ensure_ascii=False) + "\n",
                    encoding="utf-8")


# -- Docs from files ---------------------------------------------------------------------------

def doc_from_document(nlp: Language, document: Document) -> Doc:
    """Run ``nlp`` over a loaded :class:`Document`: the Doc's text is ``document.text`` and
    ``doc._.letter`` is its record (with pages and boxes for PDF input)."""
    letter = parse_document(document)
    doc = nlp.make_doc(document.text)
    doc._.letter = letter
    return nlp(doc)


def doc_from_path(nlp: Language, path: str | os.PathLike[str], *, password: str | None = None,
                  limits: Limits | None = None, backend: str = DEFAULT_BACKEND) -> Doc:
    """Load and parse a letter file (PDF, text or HTML) and run ``nlp`` over its text.

    >>> doc = doc_from_path(nlp, "corpus/pdf/cafcass-pim-kent-2011.pdf")     # doctest: +SKIP
    >>> doc._.letter.grounding["letter_date"].boxes                          # doctest: +SKIP
    ((1, 70.9, 124.48, 141.21, 135.98),)
    """
    return doc_from_document(nlp, load(path, password=password, limits=limits, backend=backend))


from_pdf = doc_from_path
