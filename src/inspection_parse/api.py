"""The public functions: parse a letter from a path, bytes or a string."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TypeVar

from .document import Document
from .errors import InspectionParseError, InternalError, MissingDependencyError
from .limits import Limits
from .model import Letter
from .pipeline import parse_document as _parse_document
from .source import BACKENDS, DEFAULT_BACKEND, load_bytes, load_path, load_string

T = TypeVar("T")


def parse(path: str | os.PathLike[str], *, password: str | None = None,
          limits: Limits | None = None, backend: str = DEFAULT_BACKEND) -> Letter:
    """Parse one letter file (PDF, text or HTML; the format is read from the bytes).

    >>> letter = parse("corpus/cafcass_pim/cafcass-pim-avon-somerset-2011.txt")  # doctest: +SKIP
    >>> letter.family, letter.letter_date, len(letter.areas)                    # doctest: +SKIP
    ('cafcass_pim', '2011-06-14', 7)

    Raises a subclass of :class:`InspectionParseError` for input that cannot be
    read (missing, empty, encrypted, corrupt, scanned, too large ...). A document
    that is readable but not a monitoring letter gives a record with family
    ``"unknown"`` and a warning, not an error.
    """
    _check_backend(backend)
    return _guard(lambda: _parse_document(
        load_path(path, password=password, limits=limits, backend=backend)), str(path))


def parse_bytes(data: bytes, *, name: str | None = None, password: str | None = None,
                limits: Limits | None = None, backend: str = DEFAULT_BACKEND) -> Letter:
    """Parse one letter from its bytes; ``name`` becomes ``source.path``."""
    _check_backend(backend)
    return _guard(lambda: _parse_document(
        load_bytes(data, path=name, password=password, limits=limits, backend=backend)), name)


def parse_text(text: str, name: str | None = None, *, limits: Limits | None = None) -> Letter:
    """Parse one letter given as a string; offsets in the record index into ``text``.

    >>> parse_text(open("letter.txt", encoding="utf-8").read(), name="letter.txt")  # doctest: +SKIP
    """
    return _guard(lambda: _parse_document(load_string(text, name=name, limits=limits)), name)


def load(path: str | os.PathLike[str], *, password: str | None = None,
         limits: Limits | None = None, backend: str = DEFAULT_BACKEND) -> Document:
    """Load a letter file into the layout-aware :class:`Document` the parser reads.

    Useful to look at what the parser saw, or to parse and then map a record's
    grounding back to pages and boxes (``doc.pages(start, end)``,
    ``doc.boxes(start, end)``). ``parse(path)`` is ``parse_document(load(path))``.
    """
    _check_backend(backend)
    return _guard(lambda: load_path(path, password=password, limits=limits, backend=backend),
                  str(path))


def load_text(text: str, name: str | None = None, *, limits: Limits | None = None) -> Document:
    """The :class:`Document` of a letter given as a string (offsets index into ``text``)."""
    return _guard(lambda: load_string(text, name=name, limits=limits), name)


def parse_document(doc: Document) -> Letter:
    """Parse an already loaded :class:`Document` into a :class:`Letter`."""
    return _guard(lambda: _parse_document(doc), doc.path)


def _check_backend(backend: str) -> None:
    """Refuse an unknown backend name up front: inside ``_guard`` the loader's ValueError
    became an ``InternalError`` (IP-E099) that asks users to report a bug."""
    if backend not in BACKENDS:
        raise ValueError(f"unknown PDF backend {backend!r}; choose one of {', '.join(BACKENDS)}")


def _guard(work: Callable[[], T], where: str | None) -> T:
    """Run ``work``; an exception that is not ours is a bug, reported as :class:`InternalError`."""
    try:
        return work()
    except InspectionParseError:
        raise
    except (KeyboardInterrupt, SystemExit, MemoryError):
        raise
    except ImportError as exc:
        raise MissingDependencyError(
            f"{exc}; install the extra that provides it (see the README)", path=where) from exc
    except RecursionError as exc:
        raise InternalError(f"the parser recursed too deeply ({exc}); please report this file",
                            path=where) from exc
    except Exception as exc:
        raise InternalError(
            f"unexpected {type(exc).__name__} inside the parser: {exc}; this is a bug in "
            "inspection_parse, please report it with the file", path=where) from exc
