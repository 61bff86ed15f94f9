"""The record under construction: values with their grounding, warnings, section marks.

Extractors write into a :class:`Draft`; :meth:`Draft.letter` freezes it into a
:class:`~inspection_parse.model.Letter`. Keeping the grounding beside each value
here means no extractor can set a value without saying where it came from.
"""

from __future__ import annotations

from typing import Any

from .document import Document
from .errors import WARNINGS
from .model import ParseWarning, Span


class Draft:
    """Mutable scratch space for one letter's fields. Not part of the public API."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.fields: dict[str, Any] = {}
        self.grounding: dict[str, Span] = {}
        self.warnings: list[ParseWarning] = []
        # (offset, kind, heading) where a section of the letter begins
        self.marks: list[tuple[int, str, str | None]] = []
        # (rating, count, phrase) the letter states, e.g. "good progress in three areas"
        self.stated_rating_counts: list[tuple[str, int, str]] = []

    def put(self, path: str, value: Any, start: int | None = None, end: int | None = None) -> Any:
        """Set ``path`` (dotted: ``recipient.name``) to ``value``, grounded at ``[start, end)``."""
        self.fields[path] = value
        if value is not None and start is not None and end is not None and end > start:
            self.grounding[path] = self.doc.span(start, end)
        return value

    def ground(self, path: str, start: int, end: int) -> None:
        """Record where ``path``'s value came from without setting a field (list items)."""
        if end > start:
            self.grounding[path] = self.doc.span(start, end)

    def get(self, path: str, default: Any = None) -> Any:
        return self.fields.get(path, default)

    def warn(self, code: str, detail: str | None = None) -> None:
        """Add warning ``code`` (from the catalogue) with particulars."""
        base = WARNINGS[code]
        message = f"{base}: {detail}" if detail else base
        if not any(w.code == code and w.message == message for w in self.warnings):
            self.warnings.append(ParseWarning(code=code, message=message))

    def mark(self, offset: int, kind: str, heading: str | None = None) -> None:
        self.marks.append((offset, kind, heading))
