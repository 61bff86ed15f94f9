"""Glyphs on pages → a :class:`Document`: the layout analysis every PDF backend shares.

A backend (pdfplumber, pypdfium2) only turns a PDF into :class:`Page` objects
holding plain :class:`Glyph` tuples; everything that makes the text read the way
a careful human reads the page happens here, once:

- glyphs → lines (by vertical overlap) → words (by horizontal gaps);
- blocks of lines side by side (the inspectorate's address printed beside the
  date and recipient) are read column by column, not interleaved;
- raised small glyphs (footnote markers) are hidden; small lines at the foot of
  a page are footnotes; page numbers and running headers/footers are furniture;
- paragraph gaps, page breaks and hanging bullet indents become ``gap_before``
  and ``page_break_before``, as blank lines do in a text letter;
- bold comes from the font name.
"""

from __future__ import annotations

import bisect
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from itertools import groupby
from operator import itemgetter
from typing import NamedTuple

import regex

from ..document import Document, Line
from .text import PAGE_NUMBER


class Glyph(NamedTuple):
    """One character as a backend reads it: top-left origin, PDF points."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool


class Page(NamedTuple):
    number: int          # 1-based
    width: float
    height: float
    glyphs: list[Glyph]
    has_images: bool = False
    # The words of each row, as :func:`row_words` gives them, where a backend read them from
    # runs of text rather than glyph by glyph (``glyphs`` then holds one per run of ink).
    worded: list[tuple[list[Word], int]] | None = None


_BOLD_FONT = regex.compile(r"bold|black|heavy|semibold|demi|,b\b|-b\b|\.b\b", regex.I)
_LIGATURES = str.maketrans({"ﬁ": "fi", "ﬂ": "fl", "ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st",
                            "\u00a0": " ", "\u2002": " ", "\u2003": " ", "\u2009": " ",
                            "\u200b": "", "\ufeff": ""})
_BULLET_CHARS = set("•◼▪■●◦▫□➢➤►–—·o-*") | {chr(c) for c in range(0xF020, 0xF100)}


def is_bold_font(fontname: str) -> bool:
    return bool(_BOLD_FONT.search(fontname.split("+", 1)[-1]))


def clean_glyph_text(text: str) -> str:
    return text.translate(_LIGATURES)


class Word(NamedTuple):
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool
    hidden: bool       # a raised small marker (footnote reference)
    glued: bool        # touches the word before it (no space between)


class _Line:
    """A line of words on one page, before it is placed in the document text."""

    __slots__ = ("bottom", "page", "size", "top", "words", "x0", "x1")

    def __init__(self, words: list[Word], page: int) -> None:
        self.words = words
        self.page = page
        self.x0 = min(w.x0 for w in words)
        self.x1 = max(w.x1 for w in words)
        self.top = min(w.top for w in words if not w.hidden) if any(
            not w.hidden for w in words) else min(w.top for w in words)
        self.bottom = max(w.bottom for w in words)
        sizes = [w.size for w in words if not w.hidden] or [w.size for w in words]
        counts = Counter(sizes)   # sizes.count per size was quadratic in a line's words
        self.size = max(sizes, key=counts.__getitem__)

    @property
    def text(self) -> str:
        out = ""
        for w in self.words:
            out += w.text if (w.glued or not out) else " " + w.text
        return out


_TEXT, _X0, _X1, _TOP, _BOTTOM, _SIZE, _BOLD_OF = (itemgetter(i) for i in range(7))


def cluster_rows(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """Group glyphs into rows by vertical overlap (superscripts join their row).

    Glyphs of one font on one baseline share their ``top`` exactly, so they are
    first grouped by it (cheaply, in C); only those groups are then merged by
    overlap, which keeps this linear in practice on pages of thousands of glyphs.
    """
    rows: list[list[Glyph]] = []
    bounds: list[tuple[float, float]] = []
    for top, group in groupby(sorted(glyphs, key=_TOP), key=_TOP):
        members = list(group)
        bottom = max(map(_BOTTOM, members))
        h = max(bottom - top, 0.1)
        placed = False
        # only the last few rows can overlap a group sorted by top
        for k in range(len(rows) - 1, max(-1, len(rows) - 4), -1):
            r_top, r_bottom = bounds[k]
            overlap = min(r_bottom, bottom) - max(r_top, top)
            if overlap >= 0.5 * min(h, r_bottom - r_top):
                rows[k].extend(members)
                bounds[k] = (min(r_top, top), max(r_bottom, bottom))
                placed = True
                break
        if not placed:
            rows.append(members)
            bounds.append((top, bottom))
    return rows


def row_words(row: list[Glyph]) -> tuple[list[Word], int]:
    """Glyphs of one row → words, split at spaces and at gaps wider than a fraction of the
    size; and how many glyphs were drawn over others (overlapping text boxes).

    This runs once per glyph of every page, so it works on plain lists, not attributes.
    """
    row.sort(key=_X0)
    texts = list(map(_TEXT, row))
    x0s = list(map(_X0, row))
    x1s = list(map(_X1, row))
    sizes = list(map(_SIZE, row))
    ink_sizes = [sz for t, sz in zip(texts, sizes, strict=True) if t != " "]
    if not ink_sizes:
        return [], 0
    size_set = set(ink_sizes)
    main = max(size_set, key=Counter(ink_sizes).__getitem__) if len(size_set) > 1 else ink_sizes[0]
    small_limit = 0.8 * main
    uniform = len(size_set) == 1 and len(set(map(_TOP, row))) == 1
    if uniform:
        row_top, row_bottom = row[0].top, max(map(_BOTTOM, row))
        bolds = set(map(_BOLD_OF, row))
        row_bold = bolds.pop() if len(bolds) == 1 else None
        # The common case, one font size on one baseline with glyphs in order: cut at
        # spaces and wide gaps in list comprehensions instead of the glyph-by-glyph loop.
        if all(b >= a - 0.5 for a, b in zip(x1s, x0s[1:], strict=False)):
            return _uniform_words(row, texts, x0s, x1s, main, row_top, row_bottom, row_bold), 0
    else:
        baseline = statistics.median([g.bottom for g in row if g.size == main])
        row_bold = None
    words: list[Word] = []
    spans: list[tuple[int, int, bool]] = []   # (first glyph, end, spaced before)
    start = 0
    cur_spaced = True
    last_x1 = -1e9
    pending_space = False
    collisions = 0
    overlapping_space = False
    n = len(row)
    for i in range(n):
        t = texts[i]
        if not t or t.isspace():
            # a space counts only where it sits after the text so far, not over it
            if x0s[i] >= last_x1 - 0.5:
                if i > start:
                    spans.append((start, i, cur_spaced))
                start = i + 1
                pending_space = True
            else:
                overlapping_space = True
            continue
        x0 = x0s[i]
        gap = x0 - last_x1 if i else 0.0
        if gap < -0.5 * (x1s[i] - x0) and not (  # the same glyph twice is faux bold, not overlap
                texts[i - 1] == t and abs(x0s[i - 1] - x0) < 1
                and abs(row[i - 1].top - row[i].top) < 1):
            collisions += 1        # a glyph drawn over another: overlapping text boxes
        size = sizes[i]
        spaced = pending_space or gap > (0.15 * size if size > 6.67 else 1.0)
        if i > start and (spaced or (size < small_limit) != (sizes[i - 1] < small_limit)):
            spans.append((start, i, cur_spaced))
            start = i
        if i == start:
            cur_spaced = spaced
        if x1s[i] > last_x1:
            last_x1 = x1s[i]
        pending_space = False
    if n > start:
        spans.append((start, n, cur_spaced))
    for a, b, spaced in spans:
        part = row[a:b]
        if overlapping_space:
            part = [g for g in part if g.text and not g.text.isspace()]
            if not part:
                continue
        text = "".join(map(_TEXT, part)).translate(_LIGATURES).strip()
        if not text:
            continue
        glued = bool(words) and not spaced
        if uniform:
            bold = row_bold if row_bold is not None else sum(map(_BOLD_OF, part)) * 2 > len(part)
            words.append(Word(text, part[0].x0, part[-1].x1, row_top, row_bottom, main, bold,
                               False, glued))
            continue
        size = max(map(_SIZE, part))
        bottom = max(map(_BOTTOM, part))
        raised = size < small_limit and bottom < baseline - 0.15 * main
        # a raised ordinal ending ("1st", "22nd") is part of its number, not a footnote marker
        ordinal = glued and text.lower() in _ORDINALS and words[-1].text[-1:].isdigit()
        words.append(Word(text, part[0].x0, max(map(_X1, part)), min(map(_TOP, part)),
                           bottom, size, sum(map(_BOLD_OF, part)) * 2 > len(part),
                           raised and text.isalnum() and len(text) <= 3 and not ordinal, glued))
    return words, collisions


_ORDINALS = frozenset({"st", "nd", "rd", "th"})


def _uniform_words(row: list[Glyph], texts: list[str], x0s: list[float], x1s: list[float],
                   size: float, top: float, bottom: float, bold: bool | None) -> list[Word]:
    """Words of a row of one size on one baseline, glyphs in order (see :func:`row_words`)."""
    threshold = 0.15 * size if size > 6.67 else 1.0
    blank = [not t or t.isspace() for t in texts]
    n = len(row)
    cuts = [i for i in range(1, n)
            if blank[i] or blank[i - 1] or x0s[i] - x1s[i - 1] > threshold]
    words: list[Word] = []
    for a, b in zip([0, *cuts], [*cuts, n], strict=True):
        if blank[a]:
            continue
        text = "".join(texts[a:b]).translate(_LIGATURES).strip()
        if not text:
            continue
        word_bold = bold if bold is not None else sum(map(_BOLD_OF, row[a:b])) * 2 > b - a
        words.append(Word(text, x0s[a], x1s[b - 1], top, bottom, size, word_bold, False, False))
    return words


# A vertical band of white space at least this wide (in sizes) separates columns.
_COLUMN_GAP = 1.0
_MIN_COLUMN_GAP = 8.0   # points: wider than any gap between words of justified text


def _aligned_cut(lines: list[_Line], page_width: float) -> float | None:
    """A column edge in a block of short lines where the white band is narrow: several
    lines have a word starting at the same x after a gap, and no word crosses that x
    (an address column beside a contact column set close together)."""
    if len(lines) < 2 or any(line.x1 - line.x0 > 0.6 * page_width for line in lines):
        return None
    starts: list[float] = []
    for line in lines:
        for a, b in zip(line.words, line.words[1:], strict=False):
            if b.x0 - a.x1 >= max(0.5 * line.size, 4.0):   # wider than a word space
                starts.append(b.x0)
    starts.sort()
    best: tuple[int, float] | None = None
    i = 0
    while i < len(starts):
        j = i
        while j + 1 < len(starts) and starts[j + 1] - starts[i] <= 1.5:
            j += 1
        if j - i + 1 >= 3 and (best is None or j - i + 1 > best[0]):
            best = (j - i + 1, starts[i] - 1.0)
        i = j + 1
    if best is None or best[0] * 2 < len(lines):
        return None
    cut = best[1]
    if any(w.x0 < cut < w.x1 for line in lines for w in line.words):
        return None
    return cut


def _split_columns(lines: list[_Line], page_width: float = 1e9) -> list[list[_Line]]:
    """Split a slab of adjacent lines into columns at vertical white-space bands."""
    if not lines:
        return []
    spans = sorted((w.x0, w.x1) for line in lines for w in line.words)
    size = statistics.median(line.size for line in lines)
    cuts: list[float] = []
    reach = spans[0][1]
    for x0, x1 in spans[1:]:
        if x0 - reach >= max(_COLUMN_GAP * size, _MIN_COLUMN_GAP):
            cuts.append((reach + x0) / 2)
        reach = max(reach, x1)
    if not cuts:
        cut = _aligned_cut(lines, page_width)
        if cut is None:
            return [lines]
        cuts = [cut]
    columns: list[list[_Line]] = [[] for _ in range(len(cuts) + 1)]
    for line in lines:
        parts: list[list[Word]] = [[] for _ in range(len(cuts) + 1)]
        for w in line.words:
            k = bisect.bisect_left(cuts, w.x0)   # cuts ascend: how many lie left of x0
            parts[k].append(w)
        for k, part in enumerate(parts):
            if part:
                columns[k].append(_Line(part, line.page))
    # A left "column" of bullet glyphs only is not a column: keep the slab whole.
    first = columns[0]
    if all(len(line.words) == 1 and len(line.words[0].text) <= 2 for line in first):
        return [lines]
    return [c for c in columns if c]


def _slabs(lines: list[_Line]) -> list[list[_Line]]:
    """Runs of lines with no blank-line-sized gap between them: the regions in which to look
    for columns (a column may have paragraph gaps of its own, so only a wider gap cuts)."""
    out: list[list[_Line]] = []
    prev: _Line | None = None    # the slab's lowest line so far (the first of equals), kept
    for line in lines:           # as we go: the max over the slab per line was quadratic
        if out and prev is not None and line.top - prev.bottom < 1.5 * min(prev.size, line.size):
            out[-1].append(line)
            if line.bottom > prev.bottom:
                prev = line
            continue
        out.append([line])
        prev = line
    return out


def visible(glyphs: list[Glyph], height: float) -> list[Glyph]:
    """The glyphs on the page, of a size to be read: text under 2 points is invisible (hidden
    markers, tracking text), not part of the letter."""
    return [g for g in glyphs if g.bottom > 0 and g.top < height and g.size >= 2.0]


def page_lines(page: Page) -> tuple[list[_Line], bool]:
    """The lines of one page in reading order, and whether overlapping text was found."""
    glyphs = visible(page.glyphs, page.height)
    if page.worded is not None:
        worded, garbled = page.worded, False    # the backend lays out garbled pages by glyph
    else:
        worded = [row_words(row) for row in cluster_rows(glyphs)]
        garbled = any(hits >= 2 for _, hits in worded)
    if garbled:
        worded = [row_words(row) for layer in _layers(glyphs) for row in cluster_rows(layer)]
    lines = sorted((_Line(ws, page.number) for ws, _ in worded if ws),
                   key=lambda line: (line.top, line.x0))
    ordered: list[_Line] = []
    for slab in _slabs(lines):
        columns = _split_columns(slab, page.width)
        # The inspectorate's address and contact details, printed beside the date and the
        # recipient, are read before them, as the letterhead they are.
        columns.sort(key=lambda column: not _is_letterhead(column))
        for column in columns:
            ordered.extend(column)
    return ordered, garbled


_CONTACT = regex.compile(
    r"@[\w.-]+\.\w|\bwww\.|\b(?:T|Tel|Telephone|Phone|Fax|F)\b\.?:?\s*[0+(]\d|"
    r"\bTextphone\b|\bMinicom\b|\.gov\.uk\b", regex.I)


def _is_letterhead(column: list[_Line]) -> bool:
    """A column of contact details (telephone, textphone, e-mail, web address)."""
    hits = sum(1 for line in column if _CONTACT.search(line.text))
    return hits >= 2 and hits * 3 >= len(column)


_MAX_OVERLAP_PAIRS = 400


def _layers(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """Split the page into the text runs it was drawn as, where runs overlap.

    Glyphs come in drawing order. A run ends where the drawing jumps back up the
    page. Where two runs overlap and say the same thing (a text box printed twice,
    offset: a recipient block copied over itself), only the fuller copy is kept;
    overlapping runs that differ are laid out separately instead of interleaved.
    """
    runs: list[list[Glyph]] = []
    for g in glyphs:
        if runs and runs[-1] and g.top < runs[-1][-1].top - max(g.size, 6.0):
            runs.append([g])
        elif runs:
            runs[-1].append(g)
        else:
            runs.append([g])

    def box(run: list[Glyph]) -> tuple[float, float, float, float]:
        return (min(g.x0 for g in run), min(g.top for g in run),
                max(g.x1 for g in run), max(g.bottom for g in run))

    def rows_near(run: list[Glyph], top: float, bottom: float) -> dict[str, list[Glyph]]:
        """Text of each row of ``run`` that starts inside [top, bottom] → its glyphs."""
        out: dict[str, list[Glyph]] = {}
        for row in cluster_rows([g for g in run if top <= g.top <= bottom]):
            words, _ = row_words(row)
            if words:
                out.setdefault(" ".join(_Line(words, 0).text.split()), []).extend(row)
        return out

    # Where two runs overlap and repeat each other (a text box printed twice, offset), drop
    # the copy whose rows there are all repeated in the other; only near the overlap, since
    # the rest of that run is the letter's own text.
    drop: set[int] = set()      # ids of glyphs to drop
    boxes = [box(run) for run in runs]
    budget = _MAX_OVERLAP_PAIRS   # a hostile page of thousands of runs must stay cheap
    for i in range(len(runs)):
        for j in range(i + 1, len(runs)):
            a, b = boxes[i], boxes[j]
            if a[0] >= b[2] or b[0] >= a[2] or a[1] >= b[3] or b[1] >= a[3]:
                continue
            budget -= 1
            if budget < 0:
                return [[g for g in run if id(g) not in drop] for run in runs]
            pad = 1.5 * statistics.median(g.size for g in runs[i] + runs[j])
            top, bottom = max(a[1], b[1]) - pad, min(a[3], b[3]) + pad
            ri, rj = rows_near(runs[i], top, bottom), rows_near(runs[j], top, bottom)
            if not ri or not rj:
                continue
            if set(ri) <= set(rj):
                victim = ri
            elif set(rj) <= set(ri):
                victim = rj
            elif len(set(ri) & set(rj)) >= 0.5 * min(len(ri), len(rj)):
                thinner, other = (ri, rj) if len(ri) < len(rj) else (rj, ri)
                victim = {t: gs for t, gs in thinner.items() if t in other}
            else:
                continue
            drop.update(id(g) for gs in victim.values() for g in gs)
    return [[g for g in run if id(g) not in drop] for run in runs]


def _body_size(pages: Sequence[list[_Line]]) -> float:
    counts: Counter[float] = Counter()
    for lines in pages:
        for line in lines:
            counts[round(line.size, 1)] += sum(len(w.text) for w in line.words)
    return counts.most_common(1)[0][0] if counts else 12.0


_DIGIT_RUN = regex.compile(r"\d+")


def _furniture(pages: Sequence[Page], lines_by_page: Sequence[list[_Line]],
               body: float) -> dict[int, str]:
    """Label lines (by id) that are page numbers, running headers/footers and footnotes."""
    labels: dict[int, str] = {}
    zone_lines: list[tuple[int, _Line]] = []
    for page, lines in zip(pages, lines_by_page, strict=True):
        if not lines:
            continue
        # a page number is a bare number in the head or foot of the page, or the page's
        # first or last line wherever the template put it
        ends = {id(min(lines, key=lambda ln: ln.top)), id(max(lines, key=lambda ln: ln.bottom))}
        for line in lines:
            in_zone = line.top < 0.075 * page.height or line.bottom > 0.91 * page.height
            if in_zone:
                zone_lines.append((page.number, line))
            if PAGE_NUMBER.fullmatch(line.text) and (
                    in_zone or id(line) in ends or line.bottom > 0.85 * page.height):
                labels[id(line)] = "page_number"
    keys = [_DIGIT_RUN.sub("#", line.text) for _, line in zone_lines]
    repeated = Counter(keys)
    pages_of: dict[str, set[int]] = {}   # built once: per zone line it was quadratic in them
    for (n, _), key in zip(zone_lines, keys, strict=True):
        pages_of.setdefault(key, set()).add(n)
    for (number, line), key in zip(zone_lines, keys, strict=True):
        if id(line) in labels:
            continue
        on_pages = pages_of[key]
        small_head = number > 1 and line.size < 0.85 * body and (
            line.top < 0.075 * pages[0].height)
        if (repeated[key] >= 2 and len(on_pages) >= 2) or small_head:
            labels[id(line)] = "running_header"
    # Footnotes: small lines below the body text at the foot of a page.
    for page, lines in zip(pages, lines_by_page, strict=True):
        body_lines = [line for line in lines if id(line) not in labels]
        k = len(body_lines)
        while k > 0 and body_lines[k - 1].size < 0.85 * body and (
                body_lines[k - 1].top > 0.6 * page.height):
            k -= 1
        tail = body_lines[k:]
        if tail and regex.match(r"\s*(?:\d{1,2}|[*†‡])", tail[0].text) and (
                k == 0 or tail[0].top - body_lines[k - 1].bottom > 0.2 * body):
            for line in tail:
                labels[id(line)] = "footnote"
    return labels


_HAIR = 1e-3    # points


def build_document(pages: Sequence[Page], *, path: str | None, sha256: str,
                   notes: Iterable[tuple[str, str]] = ()) -> Document:
    """Lay out the pages' glyphs as one :class:`Document`."""
    laid = [page_lines(p) for p in pages]
    lines_by_page = [lines for lines, _ in laid]
    garbled = [str(p.number) for p, (_, g) in zip(pages, laid, strict=True) if g]
    if garbled:
        notes = (*notes, ("IP-W020", "page(s) " + ", ".join(garbled)))
    body = _body_size(lines_by_page)
    labels = _furniture(pages, lines_by_page, body)
    parts: list[str] = []
    out: list[Line] = []
    pos = 0
    prev: _Line | None = None
    prev_body: _Line | None = None
    bullet_text_x: float | None = None     # where the text of the current bullet item starts
    right_margin = max((line.x1 for lines in lines_by_page for line in lines), default=0.0)
    left_margin = min((line.x0 for lines in lines_by_page for line in lines), default=0.0)
    for lines in lines_by_page:
        for n, line in enumerate(lines):
            furniture = labels.get(id(line))
            page_break = n == 0 and prev is not None
            gap = 0
            if prev is not None and not page_break:
                # (a thousandth of a point of slack: PDFium's 32-bit floats put a line a hair
                # past the limit where pdfminer's 64-bit ones put the same line at it)
                same_slab = line.top - prev.bottom < 0.45 * max(prev.size, line.size) + _HAIR
                gap = 0 if same_slab and line.top > prev.top else 1
            starts_bullet = line.words[0].text in _BULLET_CHARS and len(line.words) > 1
            if furniture is None:
                if starts_bullet:
                    bullet_text_x = line.words[1].x0
                elif bullet_text_x is not None and line.x0 < bullet_text_x - 4 and not (
                        gap == 0 and _wraps_on(prev_body, line, right_margin, left_margin)):
                    # back at the margin: the list is over (unless the item's text wraps to
                    # the margin, as letters without a hanging indent do)
                    gap = max(gap, 1)
                    bullet_text_x = None
                if page_break or (prev_body is not None and prev_body.page != line.page):
                    gap = _page_turn_gap(prev_body, line, right_margin, left_margin,
                                         bullet_text_x)
            text = line.text
            if parts:
                sep = "\n\n" if (gap or page_break) else "\n"
                parts.append(sep)
                pos += len(sep)
            start = pos
            bold: list[tuple[int, int]] = []
            hidden: list[tuple[int, int]] = []
            words: list[tuple[int, int, float, float]] = []
            cursor = start
            for k, w in enumerate(line.words):
                if k and not w.glued:
                    cursor += 1
                w0, w1 = cursor, cursor + len(w.text)
                words.append((w0, w1, w.x0, w.x1))
                if w.bold:
                    bold.append((w0, w1))
                if w.hidden:
                    hidden.append((w0, w1))
                cursor = w1
            parts.append(text)
            pos += len(text)
            out.append(Line(
                start=start, end=pos, page=line.page,
                bbox=(round(line.x0, 2), round(line.top, 2), round(line.x1, 2),
                      round(line.bottom, 2)),
                indent=round((line.x0 - left_margin) / max(body * 0.5, 1.0), 1),
                size=round(line.size, 2),
                gap_before=gap if out else 0,
                page_break_before=(page_break and furniture is None) or (
                    furniture is None and prev_body is not None and prev_body.page != line.page),
                furniture=furniture, bold=_merge(bold), hidden=tuple(hidden), words=tuple(words),
            ))
            prev = line
            if furniture is None:
                prev_body = line
    return Document("".join(parts), out, path=path, sha256=sha256, format="pdf",
                    page_count=len(pages), notes=notes)


def _runs_on(prev: _Line, line: _Line, right: float, left: float) -> bool:
    """``prev`` runs to the right margin and ``line`` starts at the left one: how a paragraph
    wraps from one line to the next."""
    return prev.x1 >= right - 0.12 * (right - left) and abs(line.x0 - left) < 4


def _wraps_on(prev: _Line | None, line: _Line, right: float, left: float) -> bool:
    """Does ``line``, at the left margin right under a line of a bullet item, carry on that
    item's text? Yes when this line starts at the margin and the line above (same page) runs
    to the right margin and stops mid-sentence: no full stop, colon or semicolon ends it."""
    if prev is None or prev.page != line.page or not _runs_on(prev, line, right, left):
        return False
    return not prev.text.rstrip().endswith((".", ":", ";", "?", "!"))


def _page_turn_gap(prev: _Line | None, line: _Line, right: float, left: float,
                   bullet_text_x: float | None) -> int:
    """0 when the first line of a page carries on the paragraph the last page ended in."""
    if prev is None:
        return 1
    if line.words[0].text in _BULLET_CHARS:
        return 1
    if bullet_text_x is not None and abs(line.x0 - bullet_text_x) < 4:
        return 0
    ends = prev.text.rstrip().endswith((".", ":", "?", "!"))
    starts_upper = line.text[:1].isupper()
    if _runs_on(prev, line, right, left) and not (ends and starts_upper):
        return 0
    return 1


def _merge(ranges: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Join bold ranges of consecutive words (the space between is bold too)."""
    out: list[tuple[int, int]] = []
    for a, b in ranges:
        if out and a - out[-1][1] <= 1:
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return tuple(out)
