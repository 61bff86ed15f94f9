"""Loaders: a path, bytes or a string in, one :class:`~inspection_parse.document.Document` out.

The format is decided by the bytes, not the file name: a file named ``.pdf``
that holds text is read as text (with a warning), a PDF named ``.txt`` as a PDF.
Only the PDF loader modules import a PDF library, and only when a PDF arrives.
"""

from __future__ import annotations

import hashlib
import os

from ..document import Document
from ..errors import (
    EmptyInputError,
    NotPdfError,
    UndecodableTextError,
    UnsupportedFormatError,
)
from ..limits import Limits, check_bytes, read_bounded
from . import text as text_loader

# "auto" is pypdfium2 where it is installed (several times faster, the same Documents and the
# same gold score: see benchmarks/NOTES.md), else pdfplumber.
BACKENDS = ("auto", "pypdfium2", "pdfplumber")
DEFAULT_BACKEND = "auto"


def resolve_backend(backend: str) -> str:
    """The PDF backend ``backend`` stands for ("auto" → the fastest one installed)."""
    if backend != "auto":
        return backend
    import importlib.util

    return "pypdfium2" if importlib.util.find_spec("pypdfium2") is not None else "pdfplumber"

# Leading bytes of formats people put in letter archives by mistake.
_OTHER_FORMATS = {
    b"PK\x03\x04": "a ZIP container (a Word .docx, an .xlsx or a zip archive)",
    b"\xd0\xcf\x11\xe0": "an old Microsoft Office document (.doc/.xls)",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"II*\x00": "a TIFF image",
    b"MM\x00*": "a TIFF image",
    b"{\\rtf": "an RTF document",
}


def read_path(path: str | os.PathLike[str], limits: Limits) -> bytes:
    """The bytes of ``path``, with clear errors for what can go wrong before parsing.

    Only a regular file is read (a FIFO, a device or a socket is refused up front), and never
    more than the byte limit (see :func:`inspection_parse.limits.read_bounded`)."""
    return read_bounded(path, limits.max_bytes, where=os.fsdecode(os.fspath(path)))


def sniff(data: bytes) -> str:
    """``pdf``, ``html`` or ``text`` from the leading bytes; raises for known other formats."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    for magic, what in _OTHER_FORMATS.items():
        if head.startswith(magic):
            raise UnsupportedFormatError(
                f"this is {what}, not a letter: give a PDF or a plain-text letter")
    lowered = head.lstrip().lower()
    if lowered.startswith((b"<!doctype html", b"<html")) or b"<html" in lowered[:200]:
        return "html"
    return "text"


def load_bytes(data: bytes, *, path: str | None = None, password: str | None = None,
               limits: Limits | None = None, backend: str = DEFAULT_BACKEND) -> Document:
    """Load a letter from its bytes (the format is sniffed from them)."""
    limits = limits or Limits()
    check_bytes(len(data), limits, path=path)
    if not data:
        raise EmptyInputError("the file is empty (0 bytes)", path=path)
    sha = hashlib.sha256(data).hexdigest()
    try:
        kind = sniff(data)
    except UnsupportedFormatError as exc:
        raise UnsupportedFormatError(exc.message, path=path) from None
    named_pdf = path is not None and path.lower().endswith(".pdf")
    if kind == "pdf":
        return _load_pdf(data, path=path, sha256=sha, password=password, limits=limits,
                         backend=backend)
    if kind == "html":
        from . import html as html_loader

        doc = html_loader.load_html(data, path=path, sha256=sha, limits=limits)
    else:
        try:
            text = text_loader.decode(data, path)
        except UndecodableTextError:
            if named_pdf:
                raise NotPdfError(
                    "the file is named .pdf but is not a PDF (it has no PDF header) and is not "
                    "readable text either; it may be damaged or mislabelled", path=path) from None
            raise
        doc = text_loader.load_text(text, path=path, sha256=sha, limits=limits)
    if named_pdf:
        what, read_as = ("an HTML page", "HTML") if kind == "html" else ("plain text", "text")
        doc.notes = (*doc.notes, ("IP-W021", f"the file is named .pdf but holds {what}; "
                                             f"it was read as {read_as}"))
    return doc


def load_path(path: str | os.PathLike[str], *, password: str | None = None,
              limits: Limits | None = None, backend: str = DEFAULT_BACKEND) -> Document:
    """Load a letter from a file."""
    limits = limits or Limits()
    data = read_path(path, limits)
    return load_bytes(data, path=str(path), password=password, limits=limits, backend=backend)


def load_string(text: str, *, name: str | None = None, limits: Limits | None = None) -> Document:
    """Load a letter from a string (already decoded)."""
    sha = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    if not text.strip():
        raise EmptyInputError("the text is empty", path=name)
    return text_loader.load_text(text, path=name, sha256=sha, limits=limits)


def _load_pdf(data: bytes, *, path: str | None, sha256: str, password: str | None,
              limits: Limits, backend: str) -> Document:
    backend = resolve_backend(backend)
    if backend == "pypdfium2":
        from . import pdfium

        return pdfium.load_pdf(data, path=path, sha256=sha256, password=password, limits=limits)
    if backend != "pdfplumber":
        raise ValueError(f"unknown PDF backend {backend!r}; choose one of {', '.join(BACKENDS)}")
    from . import pdf

    return pdf.load_pdf(data, path=path, sha256=sha256, password=password, limits=limits)
