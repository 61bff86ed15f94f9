"""What a letter family is: phrase tables, a detection score and the rules that read its body.

A family is data plus a little code: a module with a :class:`Family` instance.
Detection is scored, not first-match: every family scores the document and the
best score above :data:`THRESHOLD` wins.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import attrs
import regex

from ..document import Document, Snippet
from ..draft import Draft
from ..extract import dates
from ..extract.frame import Frame
from ..segment import Layout, sub_bullet_levels

# Below this, a document is not a letter of the family.
THRESHOLD = 3.0


@attrs.frozen
class Signal:
    """A phrase that speaks for a family, with its weight and where to look for it.

    ``patterns`` are alternatives: the signal is there when any of them matches. Several
    patterns, each led by a literal word, search much faster than one pattern that opens
    with an alternation (``\b(?:a|b)``), which the regex engine cannot skip ahead for.
    """

    patterns: tuple[regex.Pattern[str], ...]
    weight: float
    example: str
    head_only: bool = False  # look only in the first 4,000 characters (title, opening)

    def found_in(self, text: str) -> bool:
        return any(p.search(text) for p in self.patterns)


def signal(pattern: str | Sequence[str], weight: float, example: str, *,
           head_only: bool = False) -> Signal:
    """A :class:`Signal` of one pattern or of several alternatives (case-insensitive)."""
    alternatives = (pattern,) if isinstance(pattern, str) else tuple(pattern)
    return Signal(tuple(regex.compile(p, regex.I) for p in alternatives), weight, example,
                  head_only)


def score_signals(doc: Document, signals: Sequence[Signal]) -> float:
    head = doc.text[:4000]
    return sum(s.weight for s in signals if s.found_in(head if s.head_only else doc.text))


class Family(Protocol):
    name: str

    def score(self, doc: Document) -> float:
        """How strongly the document reads as a letter of this family (0 = not at all)."""

    def read(self, draft: Draft, layout: Layout, frame: Frame) -> None:
        """Read the family's fields from the body into ``draft``."""


def body_blocks(layout: Layout, frame: Frame) -> list[int]:
    """Indices of the blocks between the title and the sign-off."""
    return [k for k in range(frame.body_first_block, len(layout.blocks))
            if layout.blocks[k].start < frame.body_end]


_LIST_TAIL = regex.compile(r"(?:[;,]|\s+(?:and|or))\s*$")


def list_items(draft: Draft, layout: Layout, lead: int, path: str, *,
               stop: Sequence[int] = ()) -> tuple[list[str], int]:
    """The bullet items following block ``lead``; returns (items, index after the last).

    Sub-bullets are joined to their parent with one space. List punctuation
    (a trailing ";", "; and") is dropped.
    """
    blocks = layout.blocks
    end = lead + 1
    while end < len(blocks) and blocks[end].bullet is not None and end not in stop:
        end += 1
    # A bullet's level depends only on the bullets before it in the run, so one pass gives
    # every level (the levels of the run so far, item by item, were quadratic in the list).
    levels = sub_bullet_levels(blocks[lead + 1:end])
    items: list[tuple[list[str], int, int]] = []
    for k in range(lead + 1, end):
        b = blocks[k]
        text = _LIST_TAIL.sub("", b.text).strip()
        if items and levels[k - lead - 1] > 0:
            texts, a, _ = items[-1]
            texts.append(text)
            items[-1] = (texts, a, b.end)
        else:
            items.append(([text], b.start, b.end))
    for n, (_, a, e) in enumerate(items):
        draft.ground(f"{path}[{n}]", a, e)
    return [" ".join(t) for t, _, _ in items], end


def put_names(draft: Draft, path: str, names: Sequence[tuple[str, int, int]],
              snippet: Snippet) -> None:
    """Put the people found in ``snippet``'s text ((name, start, end), offsets into that text)
    at ``path``, each grounded at ``path[n]``."""
    draft.put(path, [n for n, _, _ in names])
    for i, (_, a, e) in enumerate(names):
        draft.ground(f"{path}[{i}]", *snippet.offsets(a, e))


def trim(text: str, a: int, e: int) -> tuple[int, int]:
    """``[a, e)`` of ``text`` without white space at either end."""
    while a < e and text[a].isspace():
        a += 1
    while e > a and text[e - 1].isspace():
        e -= 1
    return a, e


def put_first_when(draft: Draft, layout: Layout, blocks: Sequence[int],
                   patterns: Sequence[regex.Pattern[str]], path: str) -> bool:
    """Put at ``path`` the date in group ``when`` of the first of ``patterns`` to match in the
    first block that has one (a day date, else a month), grounded; else None. True if found."""
    for k in blocks:
        b = layout.blocks[k]
        for pattern in patterns:
            m = pattern.search(b.text)
            found = dates.month_or_day(m["when"]) if m else None
            if m is not None and found is not None:
                draft.put(path, found.value, *b.snippet.offsets(*m.span("when")))
                return True
    draft.put(path, None)
    return False


def mark_headings(draft: Draft, layout: Layout, blocks: Sequence[int],
                  table: Sequence[tuple[regex.Pattern[str], str]]) -> None:
    """Mark each heading among ``blocks`` that a pattern of ``table`` matches as a section of
    the pattern's kind."""
    for k in blocks:
        b = layout.blocks[k]
        if b.is_heading_like():
            for pattern, kind in table:
                if pattern.match(b.text):
                    draft.mark(b.start, kind, b.text)
                    break
