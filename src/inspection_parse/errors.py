"""Errors and warnings, each with a stable code.

Errors are raised: one root, :class:`InspectionParseError`, and a subclass per
way an input can fail. Each carries data (the path, and what it needs to say
more) and a ``code`` (``IP-E001`` ...) that bulk manifests record; ``str(err)``
is a message a non-programmer can act on.

Warnings are not raised: they are values in ``Letter.warnings``. Their codes
(``IP-W001`` ...) live in :data:`WARNINGS`, one catalogue, so users can filter
them and the codes never drift.
"""

from __future__ import annotations

from pathlib import Path


class InspectionParseError(Exception):
    """Root of every error this library raises on bad input."""

    code = "IP-E000"

    def __init__(self, message: str, *, path: str | Path | None = None) -> None:
        self.path = str(path) if path is not None else None
        self.message = message
        super().__init__(self._render())

    def _render(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return f"{where}{self.message} [{self.code}]"

    def __reduce__(self) -> tuple[object, ...]:
        # Errors cross process boundaries in bulk runs: keep message and path apart.
        return (_rebuild, (type(self), self.message, self.path))

    def to_dict(self) -> dict[str, str | None]:
        """The error as a plain dict, as bulk manifests record it."""
        return {"code": self.code, "type": type(self).__name__, "message": self.message,
                "path": self.path}


def _rebuild(cls: type[InspectionParseError], message: str,
             path: str | None) -> InspectionParseError:
    return cls(message, path=path)


class InputNotFoundError(InspectionParseError):
    """The path does not exist, is a folder, or cannot be read."""

    code = "IP-E001"


class EmptyInputError(InspectionParseError):
    """The input has no bytes, or no text once decoded."""

    code = "IP-E002"


class UndecodableTextError(InspectionParseError):
    """A text input that is not text in any encoding we try (UTF-8, UTF-16 with BOM, cp1252)."""

    code = "IP-E003"


class NotPdfError(InspectionParseError):
    """A file named .pdf that is not a PDF and could not be read as text either."""

    code = "IP-E004"


class EncryptedPdfError(InspectionParseError):
    """A PDF that needs a password we were not given (or were given wrongly)."""

    code = "IP-E005"


class CorruptPdfError(InspectionParseError):
    """A PDF that is damaged or truncated beyond what the PDF reader can repair."""

    code = "IP-E006"


class NoPagesError(InspectionParseError):
    """A PDF with no pages."""

    code = "IP-E007"


class NoTextLayerError(InspectionParseError):
    """A PDF whose pages carry no text (a scan): it needs OCR first."""

    code = "IP-E008"


class TooLargeError(InspectionParseError):
    """An input over the byte, page or line limits (see :class:`inspection_parse.Limits`)."""

    code = "IP-E009"


class UnsupportedFormatError(InspectionParseError):
    """An input of a kind we do not read (e.g. a Word document or an image)."""

    code = "IP-E010"


class ParseTimeoutError(InspectionParseError):
    """Parsing one input took longer than the per-file timeout of a bulk run."""

    code = "IP-E011"


class WorkerCrashError(InspectionParseError):
    """The worker process parsing one input died (killed, or out of memory)."""

    code = "IP-E012"


class ArchiveError(InspectionParseError):
    """A zip archive that cannot be read, or is over the member-count or size limits."""

    code = "IP-E013"


class MissingDependencyError(InspectionParseError):
    """An optional library this input or option needs is not installed (e.g. pypdfium2)."""

    code = "IP-E014"


class OutputError(InspectionParseError):
    """The output cannot be written: disk full, a read-only folder, a file where the output
    folder should be, standard output closed. Nothing torn is left that a rerun cannot repair."""

    code = "IP-E015"


class OutputLockedError(InspectionParseError):
    """Another run is converting into the same output right now (its lock file is held)."""

    code = "IP-E016"


class NotJsonLinesError(InspectionParseError):
    """A records file (for ``report``) with a line that is not JSON: not JSON Lines."""

    code = "IP-E017"


class NotARecordError(InspectionParseError):
    """A JSON line of a records file that is not a letter record (e.g. a manifest line)."""

    code = "IP-E018"


class InternalError(InspectionParseError):
    """A bug: an unexpected exception inside the parser, wrapped so that bulk runs go on."""

    code = "IP-E099"


ERRORS: dict[str, type[InspectionParseError]] = {
    cls.code: cls
    for cls in (
        InputNotFoundError, EmptyInputError, UndecodableTextError, NotPdfError, EncryptedPdfError,
        CorruptPdfError, NoPagesError, NoTextLayerError, TooLargeError, UnsupportedFormatError,
        ParseTimeoutError, WorkerCrashError, ArchiveError, MissingDependencyError, OutputError,
        OutputLockedError, NotJsonLinesError, NotARecordError, InternalError,
    )
}


# Warning catalogue: code -> what it means. Messages in records add the particulars.
WARNINGS: dict[str, str] = {
    "IP-W001": "not a recognised monitoring letter: family unknown, only generic fields extracted",
    "IP-W002": "family uncertain: two families scored close",
    "IP-W003": "a date could not be read",
    "IP-W004": "letter date not found",
    "IP-W005": "the stated number of areas differs from the number of areas found",
    "IP-W006": "a stated count of progress ratings differs from the ratings found",
    "IP-W007": "an area has no progress rating",
    "IP-W008": "an area has no deadline",
    "IP-W009": "no areas for improvement found",
    "IP-W010": "overall judgement not found",
    "IP-W011": "recipient not found",
    "IP-W012": "salutation not found",
    "IP-W013": "title not found",
    "IP-W014": "signatory not found",
    "IP-W015": "visit dates not found",
    "IP-W016": "provider not found",
    "IP-W017": "previous inspection date not found: deadline due months cannot be computed",
    "IP-W018": "inspectors not found",
    "IP-W019": "area numbers are not in sequence",
    "IP-W020": "the PDF text layer looks garbled in places (duplicated or overlapping text)",
    "IP-W021": "the file's name says PDF but it holds text or HTML",
    "IP-W022": "some pages of the PDF carry no text",
    "IP-W023": "the authority's name matches no English local authority: canonical name and codes"
               " left null",
    "IP-W024": "a value failed its plausibility check and was left out",
    "IP-W025": "an addressee's line could not be read as a person (name, role, organisation): its "
               "name is left null",
    "IP-W026": "the deadline for the written statement of proposed action was not found",
    "IP-W027": "no strengths found",
    "IP-W028": "a signer's name or role could not be read under the sign-off",
    "IP-W029": "a heading of areas has no bullet items under it",
    "IP-W030": "the inspection that placed the school in its category (previous_inspection.date)"
               " not found",
    "IP-W031": "the letter gives no overall judgement and says so (a visit that makes none, as in"
               " autumn 2020): overall left null",
    "IP-W032": "a heading over the areas for improvement has no list under it that could be read",
    "IP-W035": "which monitoring visit this was (first, second ...) not found",
    "IP-W036": "the report's unique reference number not found",
    "IP-W037": "the provider's name in the running header differs from the title's",
    "IP-W038": "a theme question has no progress judgement",
    "IP-W039": "the provider's type or address not found in the report's header table",
}
