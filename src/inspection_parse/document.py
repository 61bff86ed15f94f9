"""The one intermediate representation: a :class:`Document` of :class:`Line` objects.

Every loader (text, pdfplumber, pypdfium2) produces a ``Document``; everything
after loading works on it alone, so a PDF and a text file are the same from here
on. The document's ``text`` is what offsets refer to: for text input it is the
decoded input itself, unchanged, so ``text[start:end]`` of any grounded value is
a slice of what the user gave us; for PDF input it is the text the loader laid
out, one line of the page per line of text.

Characters that are part of the text but never part of a value (Markdown bold
markers, footnote markers) are recorded as ``hidden`` ranges; lines that are
page furniture (page numbers, running headers, footnotes, the letterhead) carry
a ``furniture`` label and are skipped when values are read.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from functools import cached_property

import attrs
import regex

from .model import Box, Span

# A line-end hyphen after a letter; the rest of the word continues on the next line.
_WORD = regex.compile(r"[\p{L}][\p{L}'’-]*")
_NON_SPACE = regex.compile(r"\S+")


@attrs.frozen
class Line:
    """One line of the laid-out letter.

    ``start``/``end`` are offsets into ``Document.text`` (the newline excluded).
    ``hidden`` are absolute ranges inside the line that values leave out;
    ``bold`` ranges are absolute ranges set in bold. ``indent`` is the left
    edge in points for PDF input and the count of leading spaces for text.
    ``gap_before`` counts blank lines (text) or paragraph-sized vertical gaps
    (PDF) since the previous line; ``page_break_before`` is true when a page
    break separates this line from the previous one.
    """

    start: int
    end: int
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    indent: float = 0.0
    size: float | None = None
    gap_before: int = 0
    page_break_before: bool = False
    furniture: str | None = None
    bold: tuple[tuple[int, int], ...] = ()
    hidden: tuple[tuple[int, int], ...] = ()
    # For PDF input: (start, end, x0, x1) of each word, so a part of a line maps to a box.
    words: tuple[tuple[int, int, float, float], ...] = ()


class Document:
    """A letter's text, laid out in lines, with provenance back to pages and boxes."""

    __slots__ = ("text", "lines", "path", "sha256", "format", "page_count", "notes", "__dict__")

    def __init__(
        self,
        text: str,
        lines: Sequence[Line],
        *,
        path: str | None,
        sha256: str,
        format: str,
        page_count: int | None,
        notes: Iterable[tuple[str, str]] = (),
    ) -> None:
        self.text = text
        self.lines: tuple[Line, ...] = tuple(lines)
        self.path = path
        self.sha256 = sha256
        self.format = format
        self.page_count = page_count
        # Loader-level doubts (code, message) that become warnings on the record.
        self.notes: tuple[tuple[str, str], ...] = tuple(notes)

    def __repr__(self) -> str:
        return (f"Document(path={self.path!r}, format={self.format!r}, "
                f"lines={len(self.lines)}, chars={len(self.text)})")

    # -- lookups ---------------------------------------------------------------------------

    @cached_property
    def _starts(self) -> list[int]:
        return [line.start for line in self.lines]

    def line_index(self, offset: int) -> int:
        """Index of the line holding ``offset`` (or the last line starting before it)."""
        return max(0, bisect.bisect_right(self._starts, offset) - 1)

    def lines_between(self, start: int, end: int) -> range:
        """Indices of the lines overlapping ``[start, end)``."""
        if end <= start or not self.lines:
            return range(0)
        first = self.line_index(start)
        if self.lines[first].end <= start and first + 1 < len(self.lines):
            first += 1
        last = self.line_index(max(start, end - 1))
        return range(first, last + 1)

    def line_text(self, line: Line) -> str:
        return self.text[line.start:line.end]

    def pages(self, start: int, end: int) -> tuple[int, ...]:
        """1-based pages touched by ``[start, end)``; () for text input."""
        seen: list[int] = []
        for i in self.lines_between(start, end):
            page = self.lines[i].page
            if page is not None and self.lines[i].furniture is None and page not in seen:
                seen.append(page)
        return tuple(seen)

    def boxes(self, start: int, end: int) -> tuple[Box, ...]:
        """One ``(page, x0, top, x1, bottom)`` box per line of ``[start, end)``; () for text."""
        out: list[Box] = []
        for i in self.lines_between(start, end):
            line = self.lines[i]
            if line.bbox is None or line.page is None or line.furniture is not None:
                continue
            x0, top, x1, bottom = line.bbox
            inside = [w for w in line.words if w[1] > start and w[0] < end]
            if inside:
                x0, x1 = min(w[2] for w in inside), max(w[3] for w in inside)
            elif line.words:
                continue
            out.append((line.page, round(x0, 2), round(top, 2), round(x1, 2), round(bottom, 2)))
        return tuple(out)

    def span(self, start: int, end: int) -> Span:
        """The grounding of ``[start, end)``: offsets, pages and boxes."""
        return Span(start=start, end=end, pages=self.pages(start, end), boxes=self.boxes(start, end))

    # -- reading values --------------------------------------------------------------------

    @cached_property
    def vocabulary(self) -> frozenset[str]:
        """Lower-cased words of the document, used to decide line-end hyphens."""
        return frozenset(m.group().lower() for m in _WORD.finditer(self.text))

    def visible(self, line: Line, start: int | None = None, end: int | None = None) -> str:
        """The part of ``line`` in ``[start, end)`` with hidden ranges left out."""
        lo = line.start if start is None else max(start, line.start)
        hi = line.end if end is None else min(end, line.end)
        if lo >= hi:
            return ""
        if not line.hidden:
            return self.text[lo:hi]
        parts, cur = [], lo
        for h0, h1 in line.hidden:
            if h1 <= cur or h0 >= hi:
                continue
            if h0 > cur:
                parts.append(self.text[cur:h0])
            cur = max(cur, h1)
        if cur < hi:
            parts.append(self.text[cur:hi])
        return "".join(parts)

    def value(self, start: int, end: int) -> str:
        """The value written in ``[start, end)``: lines joined by one space, furniture and
        hidden characters left out, line-end hyphens kept unless the document itself
        spells the word without one."""
        return self.snippet(start, end).text

    def snippet(self, start: int, end: int) -> Snippet:
        """Like :meth:`value`, keeping the map from the value's characters to offsets."""
        words: list[tuple[int, int, int, int]] = []
        parts: list[str] = []
        length = 0
        for i in self.lines_between(start, end):
            line = self.lines[i]
            if line.furniture is not None:
                continue
            for w0, w1 in self._visible_words(line, start, end):
                word = self.visible(line, w0, w1)
                if parts:
                    prev = parts[-1]
                    glue = " "
                    if words[-1][3] <= line.start and prev.endswith("-") and word[:1].isalpha():
                        glue = self._hyphen_glue(prev, word)
                    if glue == "":
                        pass
                    elif glue == "drop":
                        parts[-1] = prev[:-1]
                        v0, v1, d0, d1 = words[-1]
                        words[-1] = (v0, v1 - 1, d0, d1 - 1)
                        length -= 1
                        glue = ""
                    else:
                        parts.append(glue)
                        length += len(glue)
                parts.append(word)
                words.append((length, length + len(word), w0, w1))
                length += len(word)
        return Snippet("".join(parts), words)

    def _visible_words(self, line: Line, start: int, end: int) -> list[tuple[int, int]]:
        """Document ranges of the whitespace-separated words of ``line`` inside the range;
        a word may run across a hidden range (``**Area**s``)."""
        lo, hi = max(start, line.start), min(end, line.end)
        out: list[tuple[int, int]] = []
        for m in _NON_SPACE.finditer(self.text, lo, hi):
            a, b = m.span()
            if out and out[-1][1] == a:
                out[-1] = (out[-1][0], b)
            else:
                out.append((a, b))
        if not line.hidden:
            return out
        # Trim hidden characters (``**``) off word edges; drop words made only of them.
        trimmed = []
        for a, b in out:
            moved = True
            while moved and a < b:
                moved = False
                for h0, h1 in line.hidden:
                    if h0 <= a < h1:
                        a, moved = h1, True
                    if h0 < b <= h1:
                        b, moved = h0, True
            if a < b:
                trimmed.append((a, b))
        return trimmed

    def _hyphen_glue(self, left: str, right: str) -> str:
        head, tail = _last_word(left[:-1]), _first_word(right)
        if (head + tail).lower() in self.vocabulary and (
                f"{head}-{tail}".lower() not in self.vocabulary):
            return "drop"
        return ""

    def join(self, left: str, right: str) -> str:
        """Join two line pieces, deciding what a hyphen at the end of ``left`` means."""
        if not left:
            return right
        if left.endswith("-") and len(left) > 1 and left[-2].isalpha() and right[:1].isalpha():
            return (left[:-1] if self._hyphen_glue(left, right) == "drop" else left) + right
        return left + " " + right


@attrs.frozen
class Snippet:
    """A value read from the document, with a map from its words back to offsets."""

    text: str
    # (value start, value end, document start, document end) of each word, in order.
    words: list[tuple[int, int, int, int]]

    def offsets(self, i: int, j: int) -> tuple[int, int]:
        """Document offsets of the value's characters ``[i, j)``."""
        if not self.words or j <= i:
            d = self.words[0][2] if self.words else 0
            return d, d
        starts = [w[0] for w in self.words]
        a = max(0, bisect.bisect_right(starts, i) - 1)
        b = max(0, bisect.bisect_right(starts, max(i, j - 1)) - 1)
        v0, v1, d0, d1 = self.words[a]
        lo = d0 + min(max(0, i - v0), d1 - d0)
        v0, v1, d0, d1 = self.words[b]
        hi = d1 if j >= v1 else min(d1, d0 + (j - v0))
        return lo, max(lo, hi)

    @property
    def start(self) -> int:
        return self.words[0][2] if self.words else 0

    @property
    def end(self) -> int:
        return self.words[-1][3] if self.words else 0


def _last_word(text: str) -> str:
    i = len(text)
    while i > 0 and text[i - 1].isalpha():
        i -= 1
    return text[i:]


def _first_word(text: str) -> str:
    i = 0
    while i < len(text) and text[i].isalpha():
        i += 1
    return text[:i]
