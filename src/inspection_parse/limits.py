"""Limits on what one input may be, so no input can make a parse run away with time or memory."""

from __future__ import annotations

import math
import os
import stat
from typing import Any

import attrs
import regex

from .errors import InputNotFoundError, TooLargeError


def positive(_instance: Any, attribute: Any, value: object) -> None:
    """attrs validator: a limit is a positive whole number, or None for no limit at all.

    0, negative numbers and NaN are refused: they used to switch a limit off silently.
    """
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise ValueError(f"{attribute.name} must be a positive whole number or None "
                         f"(no limit), not {value!r}")


def positive_number(value: float | None, name: str) -> float | None:
    """A positive, finite number (seconds, megabytes ...) or None for no limit; else ValueError."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(
            value) or value <= 0:
        raise ValueError(f"{name} must be a positive number or None (no limit), not {value!r}")
    return value


@attrs.frozen
class Limits:
    """Size limits applied before parsing; an input over one raises :class:`TooLargeError`.

    The defaults are far above any real monitoring letter (a long one is a few
    pages and 40,000 characters) and well below what would take a parse more than
    a few seconds. Each must be a positive whole number; ``None`` turns that limit off
    explicitly (0 or a negative number is a :class:`ValueError`, never "no limit").
    """

    max_bytes: int | None = attrs.field(default=50_000_000, validator=positive)
    max_pages: int | None = attrs.field(default=200, validator=positive)
    max_chars: int | None = attrs.field(default=4_000_000, validator=positive)
    max_line_chars: int | None = attrs.field(default=200_000, validator=positive)
    max_lines: int | None = attrs.field(default=250_000, validator=positive)


_LINE_BREAK = regex.compile(r"\r\n|\r|\n|\f")   # the text loader's line breaks


def read_bounded(path: str | os.PathLike[str], max_bytes: int | None, *,
                 where: str | None = None) -> bytes:
    """The bytes of the regular file ``path``, reading at most ``max_bytes`` (+1 to notice more).

    Only regular files are read: a FIFO would block for ever, a device (``/dev/zero``) never
    ends, a socket is not a file; each is refused with :class:`InputNotFoundError` before a
    byte is read. The file is opened non-blocking (so opening a FIFO cannot hang) and checked
    on the open descriptor (so it cannot be swapped between the check and the read). A file
    over the limit raises :class:`TooLargeError` without being buffered whole.
    """
    where = where if where is not None else os.fsdecode(os.fspath(path))
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise InputNotFoundError("no such file", path=where) from None
    except IsADirectoryError:
        raise InputNotFoundError("this is a folder, not a file", path=where) from None
    except PermissionError:
        raise InputNotFoundError("permission denied: the file cannot be read", path=where) from None
    except OSError as exc:
        raise InputNotFoundError(f"the file cannot be read ({exc.strerror})", path=where) from None
    try:
        info = os.fstat(fd)
        kind = not_regular(info.st_mode)
        if kind:
            raise InputNotFoundError(f"this is {kind}, not a regular file: only files are read",
                                     path=where)
        limit = max_bytes
        if limit is not None:
            check_bytes(info.st_size, Limits(max_bytes=limit), path=where)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        chunks: list[bytes] = []
        got = 0
        while True:
            want = 1 << 20 if limit is None else min(1 << 20, limit + 1 - got)
            if want <= 0:
                break
            chunk = os.read(fd, want)
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
        if limit is not None and got > limit:
            raise TooLargeError(f"the file grew past the limit of {limit:,} bytes while it was "
                                "read (raise Limits.max_bytes / --max-bytes to read it anyway)",
                                path=where)
        return b"".join(chunks)
    except PermissionError:
        raise InputNotFoundError("permission denied: the file cannot be read", path=where) from None
    except IsADirectoryError:
        raise InputNotFoundError("this is a folder, not a file", path=where) from None
    except OSError as exc:
        raise InputNotFoundError(f"the file cannot be read ({exc.strerror})", path=where) from None
    finally:
        os.close(fd)


def not_regular(mode: int) -> str | None:
    """What a non-regular file is ("a named pipe (FIFO)" ...), or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def check_bytes(size: int, limits: Limits, *, path: str | None) -> None:
    if limits.max_bytes is not None and size > limits.max_bytes:
        raise TooLargeError(
            f"the file is {size:,} bytes, over the limit of {limits.max_bytes:,} "
            "(raise Limits.max_bytes / --max-bytes to read it anyway)", path=path)


def check_pages(pages: int, limits: Limits, *, path: str | None) -> None:
    if limits.max_pages is not None and pages > limits.max_pages:
        raise TooLargeError(
            f"the PDF has {pages:,} pages, over the limit of {limits.max_pages:,}: this is not a "
            "monitoring letter (raise Limits.max_pages / --max-pages to read it anyway)", path=path)


def check_text(text: str, limits: Limits, *, path: str | None) -> None:
    if limits.max_chars is not None and len(text) > limits.max_chars:
        raise TooLargeError(
            f"the text has {len(text):,} characters, over the limit of {limits.max_chars:,}: this "
            "is not a monitoring letter (raise Limits.max_chars to read it anyway)", path=path)
    # Count lines as the text loader splits them (\r\n, \r, \n, \f): counting "\n" alone let
    # a text of 2 million "\r"-separated lines through (and it then took minutes).
    lines = (text.count("\n") + text.count("\r") - text.count("\r\n") + text.count("\f")
             + 1)
    if limits.max_lines is not None and lines > limits.max_lines:
        raise TooLargeError(
            f"the text has {lines:,} lines, over the limit of {limits.max_lines:,} "
            "(raise Limits.max_lines to read it anyway)", path=path)
    if limits.max_line_chars is None:
        return
    longest = (max(map(len, _LINE_BREAK.split(text))) if len(text) > limits.max_line_chars
               else 0)
    if longest > limits.max_line_chars:
        raise TooLargeError(
            f"the text has a line of {longest:,} characters, over the limit of "
            f"{limits.max_line_chars:,} (raise Limits.max_line_chars to read it anyway)", path=path)
