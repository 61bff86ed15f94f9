"""inspection_parse: inspectorate monitoring letters into typed, grounded records.

>>> import inspection_parse
>>> letter = inspection_parse.parse("corpus/cafcass_pim/cafcass-pim-avon-somerset-2011.txt")  # doctest: +SKIP
>>> inspection_parse.to_json(letter)                                                # doctest: +SKIP

Heavy libraries (pdfplumber, pandas, spaCy) are imported only when used.
"""

from __future__ import annotations

from ._version import __version__
from .api import load, load_text, parse, parse_bytes, parse_document, parse_text
from .document import Document, Line
from .errors import (
    WARNINGS,
    ArchiveError,
    CorruptPdfError,
    EmptyInputError,
    EncryptedPdfError,
    InputNotFoundError,
    InspectionParseError,
    InternalError,
    NoPagesError,
    NoTextLayerError,
    NotPdfError,
    ParseTimeoutError,
    TooLargeError,
    UndecodableTextError,
    UnsupportedFormatError,
    WorkerCrashError,
)
from .limits import Limits
from .model import (
    Area,
    AreaSpan,
    CarbonCopy,
    Deadline,
    Letter,
    ParseWarning,
    PreviousInspection,
    Progress,
    Provider,
    Recipient,
    Section,
    Signatory,
    Source,
    Span,
    Visit,
)
from .serialize import from_dict, from_json, json_schema, to_dict, to_json

__all__ = [
    "WARNINGS",
    "ArchiveError",
    "Area",
    "AreaSpan",
    "CarbonCopy",
    "CorruptPdfError",
    "Deadline",
    "Document",
    "EmptyInputError",
    "EncryptedPdfError",
    "InputNotFoundError",
    "InspectionParseError",
    "InternalError",
    "Letter",
    "Limits",
    "Line",
    "NoPagesError",
    "NoTextLayerError",
    "NotPdfError",
    "ParseTimeoutError",
    "ParseWarning",
    "PreviousInspection",
    "Progress",
    "Provider",
    "Recipient",
    "Section",
    "Signatory",
    "Source",
    "Span",
    "TooLargeError",
    "UndecodableTextError",
    "UnsupportedFormatError",
    "Visit",
    "WorkerCrashError",
    "__version__",
    "from_dict",
    "from_json",
    "json_schema",
    "load",
    "load_text",
    "parse",
    "parse_bytes",
    "parse_document",
    "parse_text",
    "to_dict",
    "to_json",
]
