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

    __slots__ = ("__dict__", "format", "lines", "notes", "page_count", "path", "sha256", "text")

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
        # Values are read more than once (a line as a block and as a line): read each once.
        self._snippets: dict[tuple[int, int], Snippet] = {}

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

    @cached_property
    def paged(self) -> bool:
        """Whether the lines carry pages (PDF input) at all."""
        return any(line.page is not None for line in self.lines)

    def pages(self, start: int, end: int) -> tuple[int, ...]:
        """1-based pages touched by ``[start, end)``; () for text input."""
        if not self.paged:
            return ()
        seen: list[int] = []
        for i in self.lines_between(start, end):
            page = self.lines[i].page
            if page is not None and self.lines[i].furniture is None and page not in seen:
                seen.append(page)
        return tuple(seen)

    def boxes(self, start: int, end: int) -> tuple[Box, ...]:
        """One ``(page, x0, top, x1, bottom)`` box per line of ``[start, end)``; () for text."""
        if not self.paged:
            return ()
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
        return Span(start=start, end=end, pages=self.pages(start, end),
                    boxes=self.boxes(start, end))

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
        key = (start, end)
        cached = self._snippets.get(key)
        if cached is None:
            cached = self._snippets[key] = self._snippet(start, end)
        return cached

    def _snippet(self, start: int, end: int) -> Snippet:
        text = self.text
        # The value is ``done`` (committed parts) + ``tail``. ``join`` only looks at the end of
        # what it joins onto (a final hyphen and the word before it), so ``tail`` keeps the last
        # word and the character before it and the rest is committed: joining onto the whole
        # value copied it once per line, quadratic in a long block (200,000 lines: minutes).
        done: list[str] = []
        done_len = 0
        tail = ""
        pieces: list[tuple[int, int, int, int]] = []   # (value start, line index, lo, hi)
        first = last = -1
        for i in self.lines_between(start, end):
            line = self.lines[i]
            if line.furniture is not None:
                continue
            lo, hi = max(start, line.start), min(end, line.end)
            raw = self.visible(line, lo, hi) if line.hidden else text[lo:hi]
            piece = " ".join(raw.split())
            if not piece:
                continue
            if tail:
                tail = self.join(tail, piece)
                vstart = done_len + len(tail) - len(piece)
            else:
                tail, vstart = piece, 0
            cut = _tail_cut(tail)
            if cut:
                done.append(tail[:cut])
                done_len += cut
                tail = tail[cut:]
            pieces.append((vstart, i, lo, hi))
            if first < 0:
                first = i
            last = i
        if first < 0:
            return Snippet("", self, [], start, start)
        s0, _ = self._edges(self.lines[first], start, end)
        _, e1 = self._edges(self.lines[last], start, end)
        return Snippet("".join(done) + tail, self, pieces, s0, e1)

    def _edges(self, line: Line, start: int, end: int) -> tuple[int, int]:
        """Offsets of the first and last visible character of ``line`` inside the range."""
        lo, hi = max(start, line.start), min(end, line.end)
        if line.hidden:
            first = last = -1
            for a, b in self._gaps(line, lo, hi):
                m = _NON_SPACE.search(self.text, a, b)
                if m is None:
                    continue
                if first < 0:
                    first = m.start()
                last = a + len(self.text[a:b].rstrip())
            return (first, last) if first >= 0 else (lo, lo)
        m = _NON_SPACE.search(self.text, lo, hi)
        if m is None:
            return lo, lo
        return m.start(), lo + len(self.text[lo:hi].rstrip())

    @staticmethod
    def _gaps(line: Line, lo: int, hi: int) -> list[tuple[int, int]]:
        """The visible runs of ``[lo, hi)``: the ranges between the line's hidden ranges."""
        runs: list[tuple[int, int]] = []
        cur = lo
        for h0, h1 in line.hidden:
            if h1 <= cur or h0 >= hi:
                continue
            if h0 > cur:
                runs.append((cur, h0))
            cur = max(cur, h1)
        if cur < hi:
            runs.append((cur, hi))
        return runs

    def locate(self, line_index: int, lo: int, hi: int, target: int) -> int:
        """Offset of character ``target`` of the value of line ``line_index`` over
        ``[lo, hi)`` (hidden characters out, white space collapsed as in :meth:`value`)."""
        line = self.lines[line_index]
        text = self.text
        runs = [(a, text[a:b]) for a, b in self._gaps(line, lo, hi)]
        visible = "".join(r for _, r in runs)
        body = visible.strip()
        if "  " not in body and "\t" not in body:
            k = len(visible) - len(visible.lstrip()) + target
            for offset, run in runs:
                if k < len(run):
                    return offset + k
                k -= len(run)
            return hi
        n = 0
        for m in _NON_SPACE.finditer(visible):
            size: int = m.end() - m.start()
            if target < n + size:
                k = int(m.start()) + max(0, target - n)
                for offset, run in runs:
                    if k < len(run):
                        return offset + k
                    k -= len(run)
                return hi
            n += size + 1
        return hi

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


class Snippet:
    """A value read from the document, with a map from its characters back to offsets."""

    __slots__ = ("_doc", "_pieces", "_starts", "end", "start", "text")

    def __init__(self, text: str, doc: Document, pieces: list[tuple[int, int, int, int]],
                 start: int, end: int) -> None:
        self.text = text
        self._doc = doc
        self._pieces = pieces      # (value start, line index, lo, hi) of each line's piece
        self._starts = [p[0] for p in pieces]
        self.start, self.end = start, end   # first and last visible character's offsets

    def __repr__(self) -> str:
        return f"Snippet({self.text[:40]!r}, start={self.start}, end={self.end})"

    def offset(self, i: int) -> int:
        """Document offset of the value's character ``i``."""
        if not self._pieces:
            return self.start
        k = max(0, bisect.bisect_right(self._starts, i) - 1)
        vstart, line, lo, hi = self._pieces[k]
        return self._doc.locate(line, lo, hi, i - vstart)

    def offsets(self, i: int, j: int) -> tuple[int, int]:
        """Document offsets of the value's characters ``[i, j)``."""
        if j <= i:
            d = self.offset(i)
            return d, d
        return self.offset(i), self.offset(j - 1) + 1


def _tail_cut(text: str) -> int:
    """Where the part of ``text`` that :meth:`Document.join` may still look at begins: one
    character before its last word (a final hyphen aside); 0 keeps all of it."""
    i = len(text) - 1 if text.endswith("-") else len(text)
    while i > 0 and text[i - 1].isalpha():
        i -= 1
    return max(0, i - 1)


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
