"""Ofsted's monitoring visits to further education and skills providers (``fe_monitoring``).

These come as short reports rather than letters: a head of labelled fields
("Name of provider", "Unique reference number", "Name of lead inspector",
"Inspection dates" or "Monitoring visit dates", "Type of provider", "Address"),
then "Monitoring visit: main findings", the context and focus of the visit, and
the **themes**: each a question ("How much progress have leaders made in ...?")
graded "Significant progress", "Reasonable progress" or "Insufficient progress"
(the grade after the question, on its line or the next), followed by the evidence.

Each theme is an area: ``text`` the question, ``progress`` its grade and the grade
phrase, ``narrative`` the paragraphs after it. The provider, the visit dates and
the inspectors come from the labelled fields. These reports have no date, recipient,
salutation or sign-off of a letter, so those fields are null with their warnings.
"""

from __future__ import annotations

from typing import NamedTuple

import regex

from ..document import Document
from ..draft import Draft
from ..extract import dates, people
from ..extract.frame import Frame
from ..segment import Block, Layout
from .base import Signal, body_blocks, score_signals, signal, trim
from .la_focused_visit import ROLE_PHRASES

NAME = "fe_monitoring"

# Without the title, the other signals add up to less than the threshold.
SIGNALS: list[Signal] = [
    signal(r"\bMonitoring\s+visit\s*(?:report\b|:\s*main\s+findings\b)", 4.0,
           "Monitoring visit: main findings", head_only=True),
    signal(r"(?<=\b(?:Significant|Reasonable|Insufficient)\s+)progress\b", 1.0,
           "Reasonable progress"),
    signal(r"\bName\s+of\s+(?:lead\s+)?inspector\b", 0.5, "Name of lead inspector: ..."),
    signal((r"\bapprentice", r"\blearners?\b", r"\bfurther\s+education\b"), 0.5,
           "apprentices and learners"),
    signal(r"\bUnique\s+reference\s+number\b", 0.5, "Unique reference number: 1234567"),
]

# A labelled field of the report's head: "Name of provider: Northgate Skills Limited".
_FIELD = r"\s*:?\s*(?P<value>\S.*)"
PROVIDER_FIELD = regex.compile(r"\A\s*Name\s+of\s+provider" + _FIELD, regex.I)
DATES_FIELD = regex.compile(
    r"\A\s*(?:Monitoring\s+visit\s+dates?|Inspection\s+dates?|Visit\s+dates?)" + _FIELD, regex.I)
INSPECTOR_FIELD = regex.compile(
    r"\A\s*(?:Name\s+of\s+lead\s+inspector|Lead\s+inspector|Inspectors?)" + _FIELD, regex.I)
# The provider in the title: "Monitoring visit report: Northgate Skills Limited", "Monitoring
# visit to Northgate College", or the name heading the report ("Northgate Skills Limited" over
# "Monitoring visit report", joined into one title).
TITLE_PROVIDER: list[regex.Pattern[str]] = [
    regex.compile(r"\A\s*Monitoring\s+visit\s+(?:report\s*[:–-]\s*|(?:report\s+)?(?:to|of|for)\s+)"
                  r"(?P<value>\S.*?)\s*\Z", regex.I),
    regex.compile(r"\A\s*(?P<value>\S.*?)\s*[:–-]?\s+Monitoring\s+visit(?:\s+report)?\s*\Z",
                  regex.I),
]
_MAX_TITLE = 300

_GRADE = r"(?P<grade>(?P<rating>Significant|Reasonable|Insufficient)\s+progress)"
# A theme: a question, its grade after it on the same line, or the grade alone.
GRADED_QUESTION = regex.compile(rf"\A(?P<question>.+\?)\s+{_GRADE}\s*\.?\s*\Z", regex.I | regex.S)
GRADE_ALONE = regex.compile(rf"\A\s*{_GRADE}\s*\.?\s*\Z", regex.I)
_MAX_THEME = 600


class FeMonitoring:
    name = NAME

    def score(self, doc: Document) -> float:
        return score_signals(doc, SIGNALS)

    def read(self, draft: Draft, layout: Layout, frame: Frame) -> None:
        blocks = range(len(layout.blocks))
        _provider(draft, layout, blocks)
        _visit(draft, layout, blocks)
        _themes(draft, layout, body_blocks(layout, frame) or list(blocks))


def _field(layout: Layout, blocks: range, pattern: regex.Pattern[str]
           ) -> tuple[Block, int, int] | None:
    """The first line of the report that is the labelled field ``pattern``: its block and the
    value's offsets in the block's text."""
    for k in blocks:
        b = layout.blocks[k]
        if len(b.text) > 400:
            continue
        m = pattern.match(b.text)
        if m is not None:
            value = m["value"].rstrip()
            return b, m.start("value"), m.start("value") + len(value)
    return None


def _provider(draft: Draft, layout: Layout, blocks: range) -> None:
    found = _field(layout, blocks, PROVIDER_FIELD)
    title, span = draft.get("title"), draft.grounding.get("title")
    if found is None and title and span is not None and len(title) <= _MAX_TITLE:
        for pattern in TITLE_PROVIDER:
            m = pattern.match(title)
            if m is not None:
                snippet = layout.doc.snippet(span.start, span.end)
                draft.put("provider.name", m["value"], *snippet.offsets(*m.span("value")))
                return
    if found is None:
        draft.put("provider.name", None)
        draft.warn("IP-W016")
        return
    b, a, e = found
    draft.put("provider.name", b.text[a:e], *b.snippet.offsets(a, e))


def _visit(draft: Draft, layout: Layout, blocks: range) -> None:
    found = _field(layout, blocks, DATES_FIELD)
    run = dates.parse_day_run(found[0].text[found[1]:found[2]]) if found else None
    if found is not None and run is not None:
        b, a, _ = found
        days, d0, d1 = run
        draft.put("visit.dates", days, *b.snippet.offsets(a + d0, a + d1))
    else:
        draft.put("visit.dates", [])
        draft.warn("IP-W015")
    draft.put("visit.location", None)
    found = _field(layout, blocks, INSPECTOR_FIELD)
    names: list[tuple[str, int, int]] = []
    if found is not None:
        b, a, e = found
        value = b.text[a:e]
        blanked = ROLE_PHRASES.sub(lambda r: " " * len(r.group()), value)
        names = [(n, a + s, a + t) for n, s, t in people.split_people(blanked)]
    if not names or found is None:
        draft.put("visit.inspectors", [])
        draft.warn("IP-W018")
        return
    draft.put("visit.inspectors", [n for n, _, _ in names])
    for i, (_, s, t) in enumerate(names):
        draft.ground(f"visit.inspectors[{i}]", *found[0].snippet.offsets(s, t))


class _Theme(NamedTuple):
    at: int            # index into the body of the question's block
    qa: int            # the question's characters in that block's text
    qe: int
    grade: Block       # the block that holds the grade (the question's, or the next)
    ga: int            # the grade phrase's characters in that block's text
    ge: int
    rating: str


def _find_themes(layout: Layout, body: list[int]) -> list[_Theme]:
    """The graded questions, with the grade on the question's line or alone on the next."""
    blocks = layout.blocks
    themes: list[_Theme] = []
    n = 0
    while n < len(body):
        b = blocks[body[n]]
        if len(b.text) <= _MAX_THEME:
            m = GRADED_QUESTION.match(b.text)
            if m is not None:
                qa, qe = trim(b.text, *m.span("question"))
                ga, ge = m.span("grade")
                themes.append(_Theme(n, qa, qe, b, ga, ge, m["rating"].lower()))
                n += 1
                continue
            if b.text.rstrip().endswith("?") and n + 1 < len(body):
                nxt = blocks[body[n + 1]]
                g = GRADE_ALONE.match(nxt.text)
                if g is not None:
                    qa, qe = trim(b.text, 0, len(b.text))
                    ga, ge = g.span("grade")
                    themes.append(_Theme(n, qa, qe, nxt, ga, ge, g["rating"].lower()))
                    n += 2
                    continue
        n += 1
    return themes


def _themes(draft: Draft, layout: Layout, body: list[int]) -> None:
    """Each graded question is an area; the paragraphs up to the next are its narrative."""
    blocks = layout.blocks
    themes = _find_themes(layout, body)
    areas: list[dict[str, object]] = []
    for t, theme in enumerate(themes):
        path = f"areas[{t}]"
        b, gb = blocks[body[theme.at]], theme.grade
        question = b.text[theme.qa:theme.qe]
        first = theme.at + (1 if gb is b else 2)
        last = themes[t + 1].at if t + 1 < len(themes) else len(body)
        narrative_blocks = [blocks[body[k]] for k in range(first, last)
                            if not blocks[body[k]].is_heading_like()]
        end = narrative_blocks[-1].end if narrative_blocks else gb.end
        span = layout.doc.span(b.start, end)
        draft.ground(path, b.start, end)
        draft.ground(f"{path}.text", *b.snippet.offsets(theme.qa, theme.qe))
        draft.ground(f"{path}.progress", *gb.snippet.offsets(theme.ga, theme.ge))
        if narrative_blocks:
            draft.ground(f"{path}.narrative", narrative_blocks[0].start, end)
        draft.mark(b.start, "area", question)
        areas.append({
            "number": None, "kind": "improvement", "text": question,
            "progress": {"rating": theme.rating, "text": gb.text[theme.ga:theme.ge]},
            "narrative": "\n\n".join(x.text for x in narrative_blocks) or None,
            "span": {"start": span.start, "end": span.end, "pages": span.pages},
        })
    draft.put("areas", areas)


FAMILY = FeMonitoring()
