"""inspection_parse: inspectorate monitoring letters into typed, grounded records.

>>> import inspection_parse
>>> letter = inspection_parse.parse("corpus/pdf/cafcass-pim-kent-2011.pdf")   # doctest: +SKIP
>>> inspection_parse.to_json(letter)                                         # doctest: +SKIP

Importing the package is cheap: the parser's modules (and their compiled phrase
tables) load on first use of a name, and heavy libraries (pdfplumber, pandas,
spaCy) only where they are needed.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._version import __version__

# name -> the module (relative) that defines it; loaded on first access (PEP 562).
_LAZY: dict[str, str] = {
    "ArchiveError": "errors",
    "Area": "model",
    "AreaSpan": "model",
    "CarbonCopy": "model",
    "CorruptPdfError": "errors",
    "Deadline": "model",
    "Document": "document",
    "EmptyInputError": "errors",
    "EncryptedPdfError": "errors",
    "InputNotFoundError": "errors",
    "InspectionParseError": "errors",
    "InternalError": "errors",
    "MissingDependencyError": "errors",
    "Letter": "model",
    "Limits": "limits",
    "Line": "document",
    "OutputError": "errors",
    "OutputLockedError": "errors",
    "NotJsonLinesError": "errors",
    "NotARecordError": "errors",
    "NoPagesError": "errors",
    "NoTextLayerError": "errors",
    "NotPdfError": "errors",
    "ParseTimeoutError": "errors",
    "ParseWarning": "model",
    "Person": "model",
    "Judgement": "model",
    "Response": "model",
    "PreviousInspection": "model",
    "Progress": "model",
    "Provider": "model",
    "Recipient": "model",
    "Section": "model",
    "Signatory": "model",
    "Source": "model",
    "Span": "model",
    "TooLargeError": "errors",
    "UndecodableTextError": "errors",
    "UnsupportedFormatError": "errors",
    "Visit": "model",
    "WARNINGS": "errors",
    "WorkerCrashError": "errors",
    "from_dict": "serialize",
    "from_json": "serialize",
    "json_schema": "serialize",
    "load": "api",
    "load_text": "api",
    "parse": "api",
    "parse_bytes": "api",
    "parse_document": "api",
    "parse_text": "api",
    "parse_many": "bulk",
    "to_dict": "serialize",
    "to_json": "serialize",
    "read_jsonl": "serialize",
    "write_jsonl": "serialize",
}

if TYPE_CHECKING:  # pragma: no cover - for type checkers and IDEs only
    from .api import (
        load,
        load_text,
        parse,
        parse_bytes,
        parse_document,
        parse_text,
    )
    from .bulk import (
        parse_many,
    )
    from .document import (
        Document,
        Line,
    )
    from .errors import (
        WARNINGS,
        ArchiveError,
        CorruptPdfError,
        EmptyInputError,
        EncryptedPdfError,
        InputNotFoundError,
        InspectionParseError,
        InternalError,
        MissingDependencyError,
        NoPagesError,
        NotARecordError,
        NoTextLayerError,
        NotJsonLinesError,
        NotPdfError,
        OutputError,
        OutputLockedError,
        ParseTimeoutError,
        TooLargeError,
        UndecodableTextError,
        UnsupportedFormatError,
        WorkerCrashError,
    )
    from .limits import (
        Limits,
    )
    from .model import (
        Area,
        AreaSpan,
        CarbonCopy,
        Deadline,
        Judgement,
        Letter,
        ParseWarning,
        Person,
        PreviousInspection,
        Progress,
        Provider,
        Recipient,
        Response,
        Section,
        Signatory,
        Source,
        Span,
        Visit,
    )
    from .serialize import (
        from_dict,
        from_json,
        json_schema,
        read_jsonl,
        to_dict,
        to_json,
        write_jsonl,
    )


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'inspection_parse' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


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
    "Judgement",
    "Letter",
    "Limits",
    "Line",
    "MissingDependencyError",
    "NoPagesError",
    "NoTextLayerError",
    "NotARecordError",
    "NotJsonLinesError",
    "NotPdfError",
    "OutputError",
    "OutputLockedError",
    "ParseTimeoutError",
    "ParseWarning",
    "Person",
    "PreviousInspection",
    "Progress",
    "Provider",
    "Recipient",
    "Response",
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
    "parse_many",
    "parse_text",
    "read_jsonl",
    "to_dict",
    "to_json",
    "write_jsonl",
]
