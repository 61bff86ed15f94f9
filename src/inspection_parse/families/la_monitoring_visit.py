"""Ofsted's monitoring-visit letters to local authority children's services
(``la_monitoring_visit``).

An authority whose children's services were judged inadequate is visited every
few months until it is inspected again; each visit ends in a letter shaped like
a focused-visit letter: a title "Monitoring visit to <authority> children's
services", an opening paragraph with the visit dates, which monitoring visit
this was and when the authority was judged inadequate, and the inspectors;
"Areas covered by the visit"; the findings; sign-off. Most such letters list no
areas for improvement of their own; where one has a heading of the
focused-visit kind ("Areas for priority action", "What needs to improve"), its
items are read the same way.

The inspection being followed up is the one that judged the authority
inadequate: its month is ``previous_inspection.date``.
"""

from __future__ import annotations

import regex

from ..draft import Draft
from ..extract import dates
from ..extract.frame import Frame
from ..segment import Layout
from .base import Signal, body_blocks, mark_headings, put_first_when, signal
from .la_focused_visit import LocalAuthorityVisit

NAME = "la_monitoring_visit"

# Without the title, the other signals add up to less than the threshold: an inspection report
# on an authority mentions its monitoring visits and its judgement too.
SIGNALS: list[Signal] = [
    signal(r"\bMonitoring\s+visit\s+to\b[^\n]{0,120}\bchildren[’']?s\s+services\b", 4.0,
           "Monitoring visit to Northmoor children’s services", head_only=True),
    signal(r"\bmonitoring\s+visit\b", 1.0, "the findings of the monitoring visit to ..."),
    signal(r"\bchildren[’']?s\s+services\b", 0.5, "local authority children’s services"),
    signal(r"(?<=\b(?:judged|found)\s+(?:to\s+be\s+)?)inadequate\b", 0.5,
           "since the local authority was judged inadequate in March 2025"),
]

TITLE_LEAD = regex.compile(r"\A\s*Monitoring\s+visit\s+to\s+(?:the\s+)?", regex.I)

# "since the local authority was judged inadequate in March 2025", "... judged to be
# inadequate following an inspection in May 2024": the month of that inspection.
JUDGED = regex.compile(
    rf"\bjudged\s+(?:to\s+be\s+)?inadequate\b[^.\n]{{0,100}}?\b(?:in|on)\s+{dates.WHEN}", regex.I)


# Headings of these letters that the focused-visit reader does not know, with their section.
SECTION_HEADINGS: list[tuple[regex.Pattern[str], str]] = [
    (regex.compile(r"\AAreas?\s+covered\s+(?:by|during|at)\s+(?:the|this)\s+visit\W*\Z",
                   regex.I), "evidence"),
    (regex.compile(r"\AFindings\s+and\s+evaluation\s+of\s+progress\W*\Z", regex.I),
     "findings"),
]


class MonitoringVisit(LocalAuthorityVisit):
    def read(self, draft: Draft, layout: Layout, frame: Frame) -> None:
        super().read(draft, layout, frame)
        body = body_blocks(layout, frame)
        mark_headings(draft, layout, body, SECTION_HEADINGS)
        draft.put("previous_inspection.published", None)
        put_first_when(draft, layout, body[:8], [JUDGED], "previous_inspection.date")


FAMILY = MonitoringVisit(NAME, SIGNALS, TITLE_LEAD)
