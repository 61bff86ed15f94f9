"""Generic sectioning machinery: lines → blocks (paragraphs, bullet items, headings).

A :class:`Block` is the unit the family rules read: a paragraph, one bullet item
(its continuation lines included), or a heading. Blocks are built from the
layout the loader recorded (gaps, page breaks, bullets, bold, indents), never
from the format of the input, so text and PDF letters give the same blocks.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property

import attrs
import regex

from .document import Document, Line, Snippet

# Bullet glyphs seen in letters: hyphen, asterisk, bullet, squares, en/em dash,
# the Symbol-font bullet that Word PDFs carry (U+F0B7), its Wingdings cousins,
# and "o" for sub-bullets.
# Any Symbol/Wingdings private-use character (U+F020-U+F0FF) is a bullet glyph: Word PDFs
# carry U+F0B7, U+F06E, U+F0A7 ... depending on the font the bullet was set in.
BULLET = regex.compile(
    r"[ \t]*(?P<glyph>[-*•◼▪■●◦▫□➢➤►–—·\uf020-\uf0ff]|o(?=[ \t]))[ \t]+(?=\S)"
)
TERMINAL = (".", "!", "?", ":", ".”", ".’", '."', ".)")
# Words after which a sentence cannot end: a page break after one is mid-sentence.
_CONTINUING = frozenset(
    "a an and as at by for from in into of on or the than that to was were which who with "
    "is are be been has have had their its this these those".split())


@attrs.frozen
class Block:
    """A paragraph, a bullet item or a heading: consecutive lines read as one unit."""

    first: int              # index of its first line in Document.lines
    last: int               # index of its last line
    start: int              # offset of its first visible character (after any bullet glyph)
    end: int                # offset just past its last character
    bullet: str | None      # the bullet glyph, if it is a bullet item
    indent: float           # indent of its first line
    bold: bool              # every visible character is bold
    gap_before: int
    page_break_before: bool
    snippet: Snippet = attrs.field(repr=False, eq=False)
    size: float | None = None   # font size of its first line (PDF input)

    @property
    def text(self) -> str:
        return self.snippet.text

    def is_heading(self, body_size: float | None) -> bool:
        """Set as a heading: bold, or larger than the body text, and heading-like."""
        larger = self.size is not None and body_size is not None and self.size >= 1.15 * body_size
        return (self.bold or larger) and self.is_heading_like()

    def is_heading_like(self) -> bool:
        """Short, unpunctuated, not a bullet: the look of a heading (wording aside)."""
        t = self.text
        return (self.bullet is None and 0 < len(t) <= 120 and not t.endswith((".", ";", ","))
                and t[:1].isupper() and "  " not in t)


def _starts_lower(text: str) -> bool:
    c = text.lstrip("*_ \t")[:1]
    return c.islower() or c in "(,;"


def _continues(prev: str, nxt: str) -> bool:
    """Does ``nxt`` (after a page break) continue the sentence ``prev`` ends with?"""
    prev = prev.rstrip(" *_")
    if not prev or prev.endswith(TERMINAL):
        return False
    if _starts_lower(nxt):
        return True
    last = prev.rsplit(" ", 1)[-1].lower()
    return prev.endswith(("-", ",", ";", "–")) or last in _CONTINUING


class Layout:
    """The blocks of a document, built once and shared by every extractor."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc

    @cached_property
    def blocks(self) -> tuple[Block, ...]:
        return tuple(_build_blocks(self.doc))

    @cached_property
    def body_size(self) -> float | None:
        """The commonest font size of the body text (None for text input)."""
        sizes: dict[float, int] = {}
        for line in self.doc.lines:
            if line.size is not None and line.furniture is None:
                sizes[line.size] = sizes.get(line.size, 0) + line.end - line.start
        return max(sizes, key=sizes.__getitem__) if sizes else None


def _line_bold(doc: Document, line: Line, from_offset: int) -> bool:
    """Is every visible, non-space character of the line (from ``from_offset``) bold?"""
    if not line.bold:
        return False
    pos = from_offset
    for b0, b1 in sorted(line.bold):
        if b1 <= pos:
            continue
        if b0 > pos and doc.visible(line, pos, b0).strip():
            return False
        pos = max(pos, b1)
    return not doc.visible(line, pos, line.end).strip()


def _build_blocks(doc: Document) -> list[Block]:
    text = doc.text
    groups: list[list[int]] = []
    meta: list[tuple[str | None, int, bool]] = []   # (glyph, content start, line bold)
    prev_bold: bool | None = None
    prev_text = ""
    # A page number or running header between two lines stands for the break it sits in.
    carried_gap, carried_break = 0, False
    for i, line in enumerate(doc.lines):
        if line.furniture is not None:
            carried_gap = max(carried_gap, line.gap_before, 1)
            carried_break = carried_break or line.page_break_before or line.furniture in (
                "page_number", "running_header")
            continue
        gap_before = max(line.gap_before, carried_gap)
        page_break = line.page_break_before or carried_break
        carried_gap, carried_break = 0, False
        raw = text[line.start:line.end]
        m = BULLET.match(raw)
        glyph = m.group("glyph") if m else None
        content = line.start + (m.end() if m else 0)
        # leading hidden markers (``**``) do not count as content
        bold = _line_bold(doc, line, content)
        visible = doc.visible(line, content).strip()
        new = not groups
        if not new:
            if glyph is not None:
                new = True
            elif gap_before > 0 or page_break:
                new = not (page_break and _continues(prev_text, visible))
            elif prev_bold is not None and bold != prev_bold and not _continues(prev_text, visible):
                new = True
        if new:
            groups.append([i])
            meta.append((glyph, content, bold))
        else:
            groups[-1].append(i)
        prev_bold = bold
        prev_text = visible
    blocks = []
    for idx, (glyph, content, _) in zip(groups, meta, strict=True):
        first, last = idx[0], idx[-1]
        end = doc.lines[last].end
        snippet = doc.snippet(content, end)
        if not snippet.text:
            continue
        all_bold = all(_line_bold(doc, doc.lines[i], content if i == first else doc.lines[i].start)
                       for i in idx)
        blocks.append(Block(
            first=first, last=last, start=snippet.start, end=snippet.end, bullet=glyph,
            indent=doc.lines[first].indent, bold=all_bold,
            gap_before=doc.lines[first].gap_before,
            page_break_before=doc.lines[first].page_break_before, snippet=snippet,
            size=doc.lines[first].size,
        ))
    return blocks


def sub_bullet_levels(blocks: Sequence[Block]) -> list[int]:
    """Nesting level of each bullet block in a run of bullets (0 = top level).

    A bullet indented deeper than the run's first bullet, or written with a
    different glyph at a deeper or equal indent after a parent, is a sub-bullet.
    """
    levels: list[int] = []
    base_indent: float | None = None
    base_glyph: str | None = None
    for block in blocks:
        if block.bullet is None:
            levels.append(0)
            base_indent = base_glyph = None
            continue
        if base_indent is None:
            base_indent, base_glyph = block.indent, block.bullet
            levels.append(0)
            continue
        deeper = block.indent > base_indent + 1.5
        other_glyph = block.bullet != base_glyph and block.indent >= base_indent - 0.5
        levels.append(1 if deeper or (other_glyph and block.bullet in "o–—◦▫-") else 0)
    return levels
