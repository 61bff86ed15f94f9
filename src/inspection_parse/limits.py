"""Limits on what one input may be, so no input can make a parse run away with time or memory."""

from __future__ import annotations

import attrs
import regex

from .errors import TooLargeError


@attrs.frozen
class Limits:
    """Size limits applied before parsing; an input over one raises :class:`TooLargeError`.

    The defaults are far above any real monitoring letter (a long one is a few
    pages and 40,000 characters) and well below what would take a parse more than
    a few seconds.
    """

    max_bytes: int = 50_000_000
    max_pages: int = 200
    max_chars: int = 4_000_000
    max_line_chars: int = 200_000
    max_lines: int = 250_000


_LINE_BREAK = regex.compile(r"\r\n|\r|\n|\f")   # the text loader's line breaks


def check_bytes(size: int, limits: Limits, *, path: str | None) -> None:
    if size > limits.max_bytes:
        raise TooLargeError(
            f"the file is {size:,} bytes, over the limit of {limits.max_bytes:,} "
            "(raise Limits.max_bytes / --max-bytes to read it anyway)", path=path)


def check_pages(pages: int, limits: Limits, *, path: str | None) -> None:
    if pages > limits.max_pages:
        raise TooLargeError(
            f"the PDF has {pages:,} pages, over the limit of {limits.max_pages:,}: this is not a "
            "monitoring letter (raise Limits.max_pages / --max-pages to read it anyway)", path=path)


def check_text(text: str, limits: Limits, *, path: str | None) -> None:
    if len(text) > limits.max_chars:
        raise TooLargeError(
            f"the text has {len(text):,} characters, over the limit of {limits.max_chars:,}: this "
            "is not a monitoring letter (raise Limits.max_chars to read it anyway)", path=path)
    # Count lines as the text loader splits them (\r\n, \r, \n, \f): counting "\n" alone let
    # a text of 2 million "\r"-separated lines through (and it then took minutes).
    lines = (text.count("\n") + text.count("\r") - text.count("\r\n") + text.count("\f")
             + 1)
    if lines > limits.max_lines:
        raise TooLargeError(
            f"the text has {lines:,} lines, over the limit of {limits.max_lines:,} "
            "(raise Limits.max_lines to read it anyway)", path=path)
    longest = (max(map(len, _LINE_BREAK.split(text))) if len(text) > limits.max_line_chars
               else 0)
    if longest > limits.max_line_chars:
        raise TooLargeError(
            f"the text has a line of {longest:,} characters, over the limit of "
            f"{limits.max_line_chars:,} (raise Limits.max_line_chars to read it anyway)", path=path)
