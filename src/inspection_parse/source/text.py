"""Text loader: bytes or str of a plain-text / Markdown letter → :class:`Document`.

The document's text is the decoded input unchanged, so offsets are offsets into
what the user gave us. What the loader learns from the text's own conventions:

- ``**bold**`` Markdown runs (which may span lines) become bold ranges, the
  markers hidden; ``# `` heading markers and ``[^1]`` footnote markers are hidden;
  ``[^1]: ...`` footnote definitions are furniture.
- blank lines give ``gap_before``; a run of three or more blank lines, or a form
  feed, is a page break (letters copied out of PDFs keep these runs, often in
  the middle of a sentence).
- page numbers and running headers around page breaks are furniture.
"""

from __future__ import annotations

import bisect
import codecs
from collections import Counter

import attrs
import regex

from ..document import Document, Line
from ..errors import EmptyInputError, UndecodableTextError
from ..limits import Limits, check_text

_BREAK = regex.compile(r"\r\n|\r|\n|\f")
_BOLD_MARK = regex.compile(r"\*\*")
_FOOTNOTE_MARK = regex.compile(r"\[\^\w{1,6}\](?!:)")
_FOOTNOTE_DEF = regex.compile(r"[ \t]*\[\^\w{1,6}\]:")
_HEADING_MARK = regex.compile(r"[ \t]*#{1,6}[ \t]+")
# Possessive "\s*+": no run of white space here ever needs to give any back, and with plain
# "\s*" a long run of spaces made fullmatch cubic (10,000 spaces: 0.5 s; 100,000: minutes).
PAGE_NUMBER = regex.compile(
    r"\s*+(?:(?:page|p\.)\s*+)?[-–]?\s*+\d{1,3}\s*+[-–]?(?:\s*+(?:of|/)\s*+\d{1,3})?\s*+",
    regex.I)
_EXPLICIT_PAGE = regex.compile(r"\s*page\s+\d{1,3}(?:\s+of\s+\d{1,3})?\s*", regex.I)
_DIGITS = regex.compile(r"\d+")
PAGE_BREAK_BLANKS = 3

# Characters that never occur in a letter's text; many of them mean binary data.
_CONTROL = regex.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def decode(data: bytes, path: str | None = None) -> str:
    """Decode a text letter: BOM first, then UTF-8, then cp1252; refuse binary data."""
    if not data.strip():
        raise EmptyInputError("the file is empty: there is no text to read", path=path)
    text: str | None = None
    for bom, codec in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                       (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                       (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as exc:
                raise UndecodableTextError(
                    f"the file starts with a {codec.upper()} byte-order mark but is not valid "
                    f"{codec.upper()} text (byte {exc.start})", path=path) from None
            break
    if text is None:
        if b"\x00" in data[:4096]:
            raise UndecodableTextError(
                "this looks like a binary file, not text (it contains NUL bytes); "
                "give a PDF or a plain-text letter", path=path)
        for codec in ("utf-8", "cp1252"):
            try:
                text = data.decode(codec)
                break
            except UnicodeDecodeError:
                continue
        if text is None:
            raise UndecodableTextError(
                "the text is not UTF-8, UTF-16 (with a byte-order mark) or Windows-1252; "
                "save it as UTF-8 and try again", path=path)
    controls = len(_CONTROL.findall(text[:65536]))
    if controls > max(2, len(text[:65536]) // 200):
        raise UndecodableTextError(
            "this looks like a binary file, not text (it is full of control characters); "
            "give a PDF or a plain-text letter", path=path)
    if not text.strip():
        raise EmptyInputError("the file holds only white space: there is no text to read",
                              path=path)
    return text


def _bold_ranges(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Pair ``**`` markers in order; return (bold ranges, marker ranges)."""
    marks = [m.span() for m in _BOLD_MARK.finditer(text)]
    bold, hidden = [], []
    for i in range(0, len(marks) - 1, 2):
        (a0, a1), (b0, b1) = marks[i], marks[i + 1]
        # A pair that spans a paragraph break is not one bold run: stop pairing there.
        if "\n\n" in text[a1:b0] or "\n\r\n" in text[a1:b0]:
            continue
        bold.append((a1, b0))
        hidden.extend([(a0, a1), (b0, b1)])
    return bold, hidden


class _Clipper:
    """The parts of ``ranges`` inside each line, in O(log n) a line: ``ranges`` are sorted and
    do not overlap (bold runs and ``**`` markers, in text order), so the ranges meeting a line
    are one slice. Filtering the whole list for every line made a text with many lines and
    many markers quadratic (50,000 lines of ``**x**``: minutes)."""

    def __init__(self, ranges: list[tuple[int, int]]) -> None:
        self.ranges = ranges
        self.starts = [a for a, _ in ranges]
        self.ends = [b for _, b in ranges]

    def clip(self, start: int, end: int) -> tuple[tuple[int, int], ...]:
        lo = bisect.bisect_right(self.ends, start)      # first range with b > start
        hi = bisect.bisect_left(self.starts, end, lo)   # first range with a >= end
        return tuple((max(a, start), min(b, end)) for a, b in self.ranges[lo:hi])


def load_text(text: str, *, path: str | None = None, sha256: str = "",
              limits: Limits | None = None) -> Document:
    """Lay out a decoded text letter as a :class:`Document`."""
    check_text(text, limits or Limits(), path=path)
    if not text.strip():
        raise EmptyInputError("there is no text to read", path=path)
    bold, hidden = _bold_ranges(text)
    raw: list[tuple[int, int, int, bool]] = []  # (start, end, blanks before, form feed before)
    pos, blanks, form_feed = 0, 0, False
    for m in _BREAK.finditer(text + "\n"):
        start, end = pos, m.start()
        pos = m.end()
        if start >= len(text):
            break
        if text[start:end].strip():
            raw.append((start, end, blanks, form_feed))
            blanks, form_feed = 0, False
        else:
            blanks += 1
        if m.group() == "\f":
            form_feed = True
    lines: list[Line] = []
    hidden_at, bold_at = _Clipper(hidden), _Clipper(bold)
    for n, (start, end, blanks, form_feed) in enumerate(raw):
        line_text = text[start:end]
        hid = list(hidden_at.clip(start, end))
        furniture = None
        if _FOOTNOTE_DEF.match(line_text):
            furniture = "footnote"
        else:
            heading = _HEADING_MARK.match(line_text)
            if heading:
                hid.append((start, start + heading.end()))
            hid.extend((start + a, start + b) for a, b in
                       (m.span() for m in _FOOTNOTE_MARK.finditer(line_text)))
        stripped = line_text.expandtabs(4)
        lines.append(Line(
            start=start, end=end,
            indent=float(len(stripped) - len(stripped.lstrip(" "))),
            gap_before=blanks if n else 0,
            page_break_before=bool(n) and (form_feed or blanks >= PAGE_BREAK_BLANKS),
            furniture=furniture,
            bold=bold_at.clip(start, end),
            hidden=tuple(sorted(hid)),
        ))
    lines = mark_page_furniture(text, lines)
    return Document(text, lines, path=path, sha256=sha256, format="text", page_count=None)


def mark_page_furniture(text: str, lines: list[Line]) -> list[Line]:
    """Label page numbers and running headers that sit around page breaks."""
    if not lines:
        return lines
    zones: list[list[int]] = []
    breaks = [i for i, line in enumerate(lines) if line.page_break_before]
    for b in breaks:
        zones.append([i for i in (b - 2, b - 1) if i >= 0] + [i for i in (b, b + 1)
                                                              if i < len(lines)])
    # The last lines of the letter close its last page.
    zones.append([i for i in (len(lines) - 2, len(lines) - 1) if i >= 0])
    in_zone = {i for zone in zones for i in zone}

    cleaned: dict[int, str] = {}

    def clean(i: int) -> str:
        if i not in cleaned:
            cleaned[i] = " ".join(text[lines[i].start:lines[i].end].split())
        return cleaned[i]

    labels: dict[int, str] = {}
    for i, line in enumerate(lines):
        if line.end - line.start > 24:
            continue  # longer than any page number
        t = clean(i)
        lone = line.gap_before > 0 and (i + 1 == len(lines) or lines[i + 1].gap_before > 0)
        if _EXPLICIT_PAGE.fullmatch(t) or (lone and PAGE_NUMBER.fullmatch(t)):
            labels[i] = "page_number"
    for zone in zones:
        for i in zone:
            if PAGE_NUMBER.fullmatch(clean(i)):
                labels[i] = "page_number"
    # A zone line seen in two or more zones (digits aside) is a running header or footer.
    seen: Counter[str] = Counter()
    for zone in zones:
        for key in {_DIGITS.sub("#", clean(i)) for i in zone if i not in labels}:
            seen[key] += 1
    for zone in zones:
        for i in zone:
            if i in labels:
                continue
            t = clean(i)
            if len(t) < 90 and seen[_DIGITS.sub("#", t)] >= 2 and not t.endswith("."):
                labels[i] = "running_header"
    # A short line right above a page number, with no gap between them, is a running header
    # ("Cafcass Essex and Suffolk (S8)" / "2"); the line below one is the text going on.
    for i in [i for i, label in labels.items() if label == "page_number"]:
        j = i - 1
        if j < 0 or j in labels or lines[i].gap_before or lines[i].page_break_before:
            continue
        t = clean(j)
        if len(t) < 90 and not t.endswith((".", ":", ",")) and j in in_zone:
            labels[j] = "running_header"
    # A line that interrupts a sentence at a page break ("... longer than the" / header /
    # "service area's own target") is furniture, however often it appears.
    # ``jump[i]``: where an earlier walk down over labelled lines from ``i`` stopped. Labels are
    # only ever added, so the lines skipped stay labelled; without it one run of labelled
    # lines was walked again for every page break after it (60,000 page breaks: minutes).
    jump: dict[int, int] = {}
    for b in breaks:
        k = b
        while k in labels and k + 1 < len(lines) and k - b < 2:
            k += 1
        before, walked = b - 1, []
        while before in labels and before > 0:
            walked.append(before)
            before = jump.get(before, before - 1)
        for i in walked:
            jump[i] = before
        nxt = k + 1
        if k in labels or nxt >= len(lines) or lines[nxt].gap_before or before < 0:
            continue
        t, prev_t, next_t = clean(k), clean(before), clean(nxt)
        if (t[:1].isupper() or t[:1].isdigit()) and not t.endswith((".", ":", ";")) and (
                not prev_t.rstrip("*").endswith((".", "!", "?", ":")) and next_t[:1].islower()):
            labels[k] = "running_header"
    if not labels:
        return lines
    out = []
    for i, line in enumerate(lines):
        if i in labels and line.furniture is None:
            line = attrs.evolve(line, furniture=labels[i])
        out.append(line)
    return out

