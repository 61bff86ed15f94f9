"""Ofsted's monitoring-inspection letters to schools (``school_monitoring``).

A school judged to need special measures, to have serious weaknesses or (at
times) to require improvement is visited under section 8 of the Education Act
2005, and the inspector writes to the headteacher. Shape of the letter: a
title such as "Special measures monitoring inspection of <school>",
"Requires improvement: monitoring inspection visit to <school>" or
"Monitoring inspection of <school>"; an opening paragraph with the visit dates
("Following my visit to your school on 4 and 5 March 2025", "... that took place
on 12 May 2025"), sometimes naming the other inspectors ("my visit with A, Ofsted
Inspector, to your school"); which monitoring inspection this was and when the
school was judged so; the inspector's opinion ("Having considered all the
evidence I am of the opinion that at this time: leaders and managers are taking
effective action ..."); the priorities for further improvement; sign-off; and
sometimes an annex listing the areas for improvement of the inspection being
followed up.

The provider is the school as the title names it; the areas are the items under
the headings of :data:`AREA_HEADINGS` (the annex's list included); the overall
text is the inspector's opinion, with no rating (these letters give no grade).
"""

from __future__ import annotations

import regex

from ..draft import Draft
from ..extract import dates, people
from ..extract.frame import Frame
from ..extract.judgements import sentences
from ..segment import Block, Layout
from .base import Signal, body_blocks, mark_headings, put_first_when, signal, trim
from .la_focused_visit import (
    FINDINGS_HEADINGS,
    HeadingTable,
    LocalAuthorityVisit,
    _provider,
    _visit,
    areas_under_headings,
)

NAME = "school_monitoring"

# Without the title, the other signals add up to less than the threshold: a school's full
# inspection report says "your school", "section 5" and "governors" too.
SIGNALS: list[Signal] = [
    signal(r"\bmonitoring\s+inspection(?:\s+visit)?\s+(?:of|to)\b", 4.0,
           "Special measures monitoring inspection of Elmfield Primary School", head_only=True),
    signal(r"(?<=\byour\s+)school\b", 1.0, "Following my visit to your school on ..."),
    signal(r"\bsection\s+[58]\b", 0.5, "the most recent section 5 inspection"),
    signal((r"(?<=\bspecial\s+)measures\b", r"(?<=\bserious\s+)weaknesses\b",
            r"(?<=\brequires?\s+)improvement\b"), 0.5,
           "the school became subject to special measures"),
    signal((r"(?<=\bhead\s*)teacher\b", r"\bgovern(?:ing\s+body|ors)\b"), 0.5,
           "the chair of the governing body"),
]

TITLE_LEAD = regex.compile(
    r"\A\s*(?:(?:Special\s+measures|Serious\s+weaknesses|No\s+formal\s+designation|"
    r"Requires\s+improvement)\s*:?\s+)?monitoring\s+inspection(?:\s+visit)?\s+(?:of|to)\s+"
    r"(?-i:the\s+)?", regex.I)

AREA_HEADINGS: HeadingTable = [
    (regex.compile(r"\APriorities\s+for\s+(?:further\s+)?improvement\b", regex.I),
     "improvement", "Priorities for further improvement"),
    (regex.compile(r"\AThe\s+school\s+should\s+take\s+further\s+action\s+to\b", regex.I),
     "improvement", "The school should take further action to:"),
    (regex.compile(r"\A(?:The\s+)?areas?\s+(?:for|of|requiring)\s+(?:further\s+)?improvement\b",
                   regex.I), "improvement",
     "The areas for improvement identified during the inspection that took place in May 2024"),
    (regex.compile(r"\AWhat\s+(?:does\s+)?the\s+school\s+needs?\s+to\s+do\s+to\s+improve\b",
                   regex.I), "improvement", "What does the school need to do to improve?"),
]

# The visit: "my visit to your school on ...", "the monitoring inspection ... took place on ...".
VISIT_CUE = regex.compile(r"\b(?:visit|inspection)\b", regex.I)
# Other inspectors named beside the writer: "my visit with Ada Lovell, Ofsted Inspector, to".
VISIT_WITH = regex.compile(r"\bmy\s+visit\s+with\s+(?P<names>[^.;]{3,200}?),?\s+to\s+your\b",
                           regex.I)
FIRST_PERSON = regex.compile(r"\b(?:my\s+visit|I\s+visited|I\s+write|my\s+inspection)\b",
                             regex.I)

_WHEN = dates.WHEN
# The inspection being followed up: "following the inspection that took place in June 2024",
# "judged to require improvement at its section 5 inspection in May 2023".
PREVIOUS: list[regex.Pattern[str]] = [
    regex.compile(r"\bfollowing\s+the\s+(?:section\s+5\s+)?inspection\s+(?:that\s+took\s+place|"
                  rf"held|carried\s+out)\s+(?:in|on)\s+{_WHEN}", regex.I),
    regex.compile(r"\bjudged\s+(?:to\s+)?(?:require\s+improvement|require\s+special\s+measures|"
                  r"have\s+serious\s+weaknesses|be\s+inadequate|inadequate)\b[^.\n]{0,80}?"
                  rf"\b(?:in|on)\s+{_WHEN}", regex.I),
    regex.compile(rf"\bsection\s+5\s+inspection\s+(?:in|on)\s+{_WHEN}", regex.I),
]
# "Having considered all the evidence I am of the opinion that at this time:" and the opinion.
OPINION_LEAD = regex.compile(r"\bI\s+am\s+of\s+the\s+opinion\s+that\b[^:]{0,40}:?\s*\Z", regex.I)
OPINION = regex.compile(r"\b(?:is|are)\s+(?:not\s+)?taking\s+effective\s+action\b", regex.I)


class SchoolMonitoring(LocalAuthorityVisit):
    def read(self, draft: Draft, layout: Layout, frame: Frame) -> None:
        body = body_blocks(layout, frame)
        _provider(draft, layout, self.title_lead)
        _visit(draft, layout, body, cue_pattern=VISIT_CUE, window=6,
               fallback=_the_writer_and_others)
        draft.put("previous_inspection.published", None)
        put_first_when(draft, layout, body[:10], PREVIOUS, "previous_inspection.date")
        _opinion(draft, layout, body)
        mark_headings(draft, layout, body, [(FINDINGS_HEADINGS, "findings")])
        areas = areas_under_headings(draft, layout, body, AREA_HEADINGS)
        # the annex of areas for improvement follows the sign-off
        after = [k for k in range(len(layout.blocks))
                 if layout.blocks[k].start >= frame.body_end]
        areas += areas_under_headings(draft, layout, after, AREA_HEADINGS, first=len(areas))
        draft.put("areas", areas)


def _the_writer_and_others(draft: Draft, layout: Layout, opening: list[int]) -> bool:
    """"Following my visit (with A, Ofsted Inspector,) to your school": the writer (the
    signatory), then the others named. False when no opening block speaks so."""
    for k in opening:
        b = layout.blocks[k]
        if FIRST_PERSON.search(b.text) is None:
            continue
        found: list[tuple[str, int, int]] = []
        m = VISIT_WITH.search(b.text)
        if m is not None:
            a0 = m.start("names")
            found = [(n, a0 + a, a0 + e) for n, a, e in people.split_people(m["names"])]
        writer = draft.get("signatory.name")
        span = draft.grounding.get("signatory.name")
        names = ([writer] if writer else []) + [n for n, _, _ in found if n != writer]
        if not names:
            return False
        draft.put("visit.inspectors", names)
        offset = 1 if writer else 0     # the others' paths follow the writer's
        if writer and span is not None:
            draft.ground("visit.inspectors[0]", span.start, span.end)
        for i, (_, a, e) in enumerate((f for f in found if f[0] != writer), offset):
            draft.ground(f"visit.inspectors[{i}]", *b.snippet.offsets(a, e))
        return True
    return False


def _opinion(draft: Draft, layout: Layout, body: list[int]) -> None:
    """The inspector's opinion: the sentence after "I am of the opinion that at this time:",
    or the first that says leaders are (not) taking effective action."""
    blocks = layout.blocks
    for n, k in enumerate(body):
        b = blocks[k]
        if OPINION_LEAD.search(b.text) and n + 1 < len(body):
            nxt = blocks[body[n + 1]]
            spans = sentences(nxt.text)
            if spans:
                _put_opinion(draft, nxt, *spans[0])
                return
        m = OPINION.search(b.text)
        if m is not None:
            for a, e in sentences(b.text):
                if a <= m.start() < e:
                    _put_opinion(draft, b, a, e)
                    return
    draft.put("overall.rating", None)
    draft.put("overall.text", None)


def _put_opinion(draft: Draft, block: Block, a: int, e: int) -> None:
    a, e = trim(block.text, a, e)
    draft.put("overall.rating", None)
    draft.put("overall.text", block.text[a:e], *block.snippet.offsets(a, e))


FAMILY = SchoolMonitoring(NAME, SIGNALS, TITLE_LEAD)
