"""Ofsted's monitoring-visit letters to local authority children's services
(``la_monitoring_visit``).

An authority whose children's services were judged inadequate is visited every
few months until it is inspected again; each visit ends in a letter shaped like
a focused-visit letter: a title "Monitoring visit to <authority> children's
services" (or "... local authority children's services"), an opening paragraph
("This letter summarises the findings of the third monitoring visit to ...
since the local authority was judged inadequate in May 2018. The visit was
carried out by Her Majesty's Inspectors A and B on 30 September to 1 October
2019."), "Areas covered by the visit" (the topics of the visit, never areas),
"Headline findings" (2019–), "Findings and evaluation of progress", sign-off.
Most such letters list no areas for improvement of their own; some later ones
end with a short bulleted list of what needs to improve, under a heading
("What needs to improve", "Areas for improvement") or after a lead-in sentence
("The local authority needs to improve:"): those bullets are areas.

Which monitoring visit this was ("the third monitoring visit") is
``visit.sequence``; the inspection being followed up is the one that judged the
authority inadequate: its month is ``previous_inspection.date``.
"""

from __future__ import annotations

import itertools

import regex

from ..draft import Draft
from ..extract import dates, people
from ..extract.frame import Frame
from ..extract.judgements import ORDINAL, ordinal_value, sentences
from ..segment import Block, Layout
from .base import Signal, body_blocks, mark_headings, put_first_when, put_names, signal
from .la_focused_visit import (
    AREA_HEADINGS,
    FINDINGS_HEADINGS,
    INSPECTOR_ANCHOR,
    ROLE_PHRASES,
    HeadingTable,
    LocalAuthorityVisit,
    areas_under_headings,
    provider_from_title,
)

NAME = "la_monitoring_visit"

# Without the title, the other signals add up to less than the threshold: an inspection report
# on an authority mentions its monitoring visits and its judgement too.
SIGNALS: list[Signal] = [
    # (a long title wraps: the authority's name may run onto the next line)
    signal(r"\bMonitoring\s+visit\s+to\b[^.]{0,160}?\bchildren[’']?s\s+services\b", 4.0,
           "Monitoring visit to Northmoor children’s services", head_only=True),
    signal(r"\bmonitoring\s+visit\b", 1.0, "the findings of the monitoring visit to ..."),
    signal(r"\bchildren[’']?s\s+services\b", 0.5, "local authority children’s services"),
    signal(r"(?<=\b(?:judged|found)\s+(?:to\s+be\s+)?)inadequate\b", 0.5,
           "since the local authority was judged inadequate in March 2025"),
]

TITLE_LEAD = regex.compile(r"\A\s*Monitoring\s+visit\s+to\s+(?:the\s+)?", regex.I)

# "since the local authority was judged inadequate in March 2025", "... judged to be
# inadequate following an inspection in May 2024", "... in its inspection of 8 October 2018":
# the month (or day) of that inspection.
JUDGED = regex.compile(
    rf"\bjudged\s+(?:to\s+be\s+)?inadequate\b[^.\n]{{0,100}}?\b(?:in|on|of|dated)\s+{dates.WHEN}",
    regex.I)

# The authority in the opening sentence, where the title does not name it: "the findings of
# the monitoring visit to the London Borough of Northmoor children’s services".
OPENING_AUTHORITY = regex.compile(
    r"\bmonitoring\s+visit\s+to\s+(?:the\s+)?(?P<name>\p{Lu}[^.,;]{0,80}?)(?:[’']s)?\s+"
    r"(?:local\s+authority\s+)?children[’']?s\s+services\b", regex.I)

# Which monitoring visit this was: "the third monitoring visit", "This was the 10th monitoring
# visit", "the twelfth visit since the local authority was judged inadequate".
_ORDINAL = rf"(?P<nth>{ORDINAL})"
SEQUENCE: list[regex.Pattern[str]] = [
    # "the third monitoring visit to Northmoor", "the 10th monitoring visit"
    regex.compile(rf"\b{_ORDINAL}\s+monitoring\s+visit\b", regex.I),
    # "This was the fourth visit since the local authority was judged inadequate"
    regex.compile(rf"\bthe\s+{_ORDINAL}\s+visit\b", regex.I),
]

# Headings of these letters that the focused-visit reader does not know, with their section.
SECTION_HEADINGS: list[tuple[regex.Pattern[str], str]] = [
    (regex.compile(r"\AAreas?\s+(?:covered|reviewed|considered|evaluated)\b[^.]{0,60}\Z",
                   regex.I), "evidence"),
    (regex.compile(r"\AFindings\s+and\s+evaluation\s+of\s+progress\W*\Z", regex.I),
     "findings"),
]
AREAS_COVERED = SECTION_HEADINGS[0][0]

# Headings over the closing list of what needs to improve, with the kind of area they list:
# the focused-visit headings and these.
CLOSING_HEADINGS: HeadingTable = [
    *AREA_HEADINGS,
    (regex.compile(r"\AWhat\s+(?:the\s+local\s+authority|leaders|senior\s+leaders|the\s+council)"
                   r"\s+(?:needs?|should|must)\s+(?:to\s+)?(?:do\s+to\s+)?improve\b", regex.I),
     "improvement", "What the local authority needs to improve"),
    (regex.compile(r"\AAreas?\s+(?:for|of|requiring|that\s+(?:need|require))\s+(?:further\s+)?"
                   r"(?:development|improvement|attention)\b", regex.I),
     "improvement", "Areas for further development"),
]
# A plain sentence that leads into that list where there is no heading.
CLOSING_LEAD_IN: list[tuple[regex.Pattern[str], str]] = [
    # (an adverb may stand before the verb: "Leaders should now focus on:")
    (regex.compile(r"\b(?:needs?|should|must)\s+(?:to\s+)?(?:now\s+|also\s+|still\s+|"
                   r"\p{L}+ly\s+)?(?:continue\s+to\s+|further\s+)?(?:improve|strengthen|"
                   r"focus\s+on|address|develop|ensure)\b[^.]{0,80}:\s*\Z", regex.I),
     "The local authority needs to improve:"),
    (regex.compile(r"\b(?:needs?|should|must)(?:\s+to)?(?:\s+continue\s+to)?\s*:\s*\Z", regex.I),
     "To improve services further, leaders need to:"),
    (regex.compile(r"\bareas?\s+(?:for|of|that\s+(?:need|require)|requiring)\s+(?:further\s+)?"
                   r"(?:improvement|development|attention)\b[^.]{0,80}:\s*\Z", regex.I),
     "The areas for improvement are:"),
    (regex.compile(r"\bareas?\s+(?:still\s+)?(?:that\s+)?(?:needs?|requires?)\s+(?:further\s+|continued"
                   r"\s+|more\s+)?(?:improvement|development|attention|work)\b[^.]{0,80}:\s*\Z",
                   regex.I), "The following areas need further improvement:"),
    (regex.compile(r"\bWhat\s+needs\s+to\s+improve\b[^.]{0,60}[:?]\s*\Z", regex.I),
     "What needs to improve:"),
]

# -- inspectors -----------------------------------------------------------------------------

# A role before the names, where no "carried out by" leads in: "Her Majesty's Inspectors A and
# B carried out the visit", "HMIs A and B visited ...".
ROLE_LEAD = regex.compile(
    r"\b(?:(?:His|Her)\s+Majesty[’']s\s+Inspectors?(?:\s*\(HMIs?\))?|HMIs?|HM\s+Inspectors?)"
    r"(?=\s+(?:\p{Lu}|(?:Dr|Mr|Mrs|Ms|Miss)\b))")
# Where the list of names ends: the visit's dates or a verb after it ("... and Tom Brown on 3
# and 4 May 2019", "... and Tom Brown on between 3 May and 4 May 2019", "... and Tom Brown
# carried out the visit").
NAMES_END = regex.compile(
    r"(?:,\s*|\s+)(?:on|between|from|during|over)\s+(?:(?:between|from)\s+)?"
    r"(?=\d|the\s+\d|\p{Lu}\p{Ll}+day\b)|"
    r"\s+(?:carried|conducted|undertook|completed|visited|led|were|was)\b")
# More names than a visit ever has: not the list of its inspectors.
MAX_INSPECTORS = 8
_INSPECTOR_WORD = regex.compile(r"inspector|\bHMIs?\b", regex.I)
# A role after the names that open a sentence: "A and B, Her Majesty’s Inspectors, carried out".
_ROLE_BEFORE = regex.compile(r",\s*(?:(?:His|Her)\s+Majesty[’']s\s+Inspectors?|HMIs?)\b")
_FINAL_STOP = regex.compile(r"(?:\G|(?<!\s))\s*+[.;,]\s*+$")

_OPENING = 10        # blocks read for the visit's dates, inspectors and sequence


def inspectors_in(text: str) -> list[tuple[str, int, int]]:
    """The inspectors named in the sentence of ``text`` that names them, with offsets: "The
    visit was carried out by Her Majesty’s Inspectors A and B on ...", "HMIs A and B ...",
    "A, HMI, and B, HMI", "A and B, Her Majesty’s Inspectors", and the names opening the
    sentence before its verb ("A and B, Her Majesty’s Inspectors, carried out the visit")."""
    for s0, s1 in sentences(text):
        sentence = text[s0:s1]
        if not _INSPECTOR_WORD.search(sentence):
            continue
        anchor = INSPECTOR_ANCHOR.search(sentence)
        lead = ROLE_LEAD.search(sentence)
        end = None
        if anchor is not None:
            start = anchor.end()
        elif lead is not None:
            start = lead.start()
        elif (verb := NAMES_END.search(sentence, 1)) is not None and _ROLE_BEFORE.search(
                sentence, 0, verb.start()):
            start, end = 0, verb.start()
        else:
            continue
        part = sentence[start:end]
        cut = NAMES_END.search(part, 1)
        if cut is not None:
            part = part[:cut.start()]
        blanked = ROLE_PHRASES.sub(lambda r: " " * len(r.group()), part)
        blanked = _FINAL_STOP.sub(lambda r: " " * len(r.group()), blanked)
        found = people.split_people(blanked)
        if 0 < len(found) <= MAX_INSPECTORS:
            base = s0 + start
            return [(n, base + a, base + e) for n, a, e in found]
    return []


class MonitoringVisit(LocalAuthorityVisit):
    def read(self, draft: Draft, layout: Layout, frame: Frame) -> None:
        body = body_blocks(layout, frame)
        opening = [k for k in body[:_OPENING] if layout.blocks[k].bullet is None]
        _provider(draft, layout, self.title_lead, opening)
        _visit(draft, layout, opening)
        _sequence(draft, layout, opening)
        draft.put("previous_inspection.published", None)
        put_first_when(draft, layout, body[:8], [JUDGED], "previous_inspection.date")
        _areas(draft, layout, body)
        mark_headings(draft, layout, body, [(FINDINGS_HEADINGS, "findings"), *SECTION_HEADINGS])


def _provider(draft: Draft, layout: Layout, title_lead: regex.Pattern[str], opening: list[int]
              ) -> None:
    """The authority as the title names it; where no title names it, as the opening sentence
    does ("... the findings of the third monitoring visit to Northmoor children’s services")."""
    title = draft.get("title")
    span = draft.grounding.get("title")
    found = provider_from_title(title, title_lead) if title else None
    if found is not None and span is not None:
        snippet = layout.doc.snippet(span.start, span.end)
        draft.put("provider.name", title[found[0]:found[1]], *snippet.offsets(*found))
        return
    for k in opening[:3]:
        b = layout.blocks[k]
        m = OPENING_AUTHORITY.search(b.text)
        if m is not None:
            draft.put("provider.name", m["name"], *b.snippet.offsets(*m.span("name")))
            return
    draft.put("provider.name", None)
    draft.warn("IP-W016")


_VISIT_CUE = regex.compile(r"\bvisit\b", regex.I)
_MAX_CUES = 4       # "visit"s tried in a block (each try reads the rest of the block)
_MAX_VISIT_DAYS = 14


def _visit(draft: Draft, layout: Layout, opening: list[int]) -> None:
    """The visit's days (the first run of days after "visit", the month the authority was
    judged inadequate blanked out) and its inspectors, from the opening paragraphs."""
    dated = draft.get("letter_date")
    year = int(dated[:4]) if dated else None
    got_dates = got_inspectors = False
    for k in opening:
        b = layout.blocks[k]
        text = JUDGED.sub(lambda m: " " * len(m.group()), b.text)
        if not got_dates:
            # the days after "visit", else in the sentence that says "visit" ("On 3 and 4 May
            # 2019, inspectors carried out the third monitoring visit ...")
            spans = sentences(text)
            for cue in itertools.islice(_VISIT_CUE.finditer(text), _MAX_CUES):
                s0 = next((a for a, e in spans if a <= cue.start() < e), 0)
                run = None
                for at in (cue.start(), s0):
                    run = dates.parse_day_run(text[at:], default_year=year, before=dated)
                    if run is not None:
                        break
                if run is None:
                    continue
                days, a, e = run
                a, e = a + at, e + at
                if len(days) > _MAX_VISIT_DAYS:
                    draft.warn("IP-W003", f"visit dates {text[a:e]!r} span {len(days)} days")
                    break
                draft.put("visit.dates", days, *b.snippet.offsets(a, e))
                got_dates = True
                break
        if not got_inspectors:
            names = inspectors_in(b.text)
            if names:
                put_names(draft, "visit.inspectors", names, b.snippet)
                got_inspectors = True
        if got_dates and got_inspectors:
            break
    if not got_dates:
        draft.put("visit.dates", [])
        draft.warn("IP-W015")
    if not got_inspectors:
        draft.put("visit.inspectors", [])
        draft.warn("IP-W018")
    draft.put("visit.location", None)


def _sequence(draft: Draft, layout: Layout, opening: list[int]) -> None:
    """Which monitoring visit this was ("the third monitoring visit" → 3); null with IP-W035
    where the opening does not say."""
    for k in opening:
        b = layout.blocks[k]
        for pattern in SEQUENCE:
            m = pattern.search(b.text)
            if m is None:
                continue
            n = ordinal_value(m["nth"])
            if n is not None:
                draft.put("visit.sequence", n, *b.snippet.offsets(*m.span("nth")))
                return
    draft.put("visit.sequence", None)
    draft.warn("IP-W035")


def _covered_end(layout: Layout, body: list[int]) -> int:
    """Index into ``body`` where the closing list may begin: after the "Areas covered by the
    visit" section (at the next heading after it), else after the opening."""
    blocks = layout.blocks
    for n, k in enumerate(body):
        if AREAS_COVERED.match(blocks[k].text):
            for m in range(n + 1, len(body)):
                b = blocks[body[m]]
                if b.bullet is None and not _is_lead_in(b) and (
                        b.is_heading(layout.body_size) or _known_heading(b)):
                    return m
            return len(body)
    return 0


def _known_heading(block: Block) -> bool:
    """A heading of these letters by its words, set bold or not."""
    t = block.text
    return len(t) <= 120 and (FINDINGS_HEADINGS.match(t) is not None or any(
        p.match(t) for p, _ in SECTION_HEADINGS) or any(p.match(t) for p, _, _ in CLOSING_HEADINGS))


def _is_lead_in(block: Block) -> bool:
    return block.text.rstrip().endswith(":")


def _areas(draft: Draft, layout: Layout, body: list[int]) -> None:
    """Areas under a closing heading (:data:`CLOSING_HEADINGS`) after the areas covered; else
    the bullets after a closing lead-in sentence (:data:`CLOSING_LEAD_IN`)."""
    tail = body[_covered_end(layout, body):]
    areas = areas_under_headings(draft, layout, tail, CLOSING_HEADINGS)
    if not areas:
        areas = _lead_in_lists(draft, layout, tail)
    draft.put("areas", areas)


def _lead_in_lists(draft: Draft, layout: Layout, tail: list[int]) -> list[dict[str, object]]:
    blocks = layout.blocks
    areas: list[dict[str, object]] = []
    for n, k in enumerate(tail):
        b = blocks[k]
        if b.bullet is not None or len(b.text) > 400:
            continue
        if not any(p.search(b.text) for p, _ in CLOSING_LEAD_IN):
            continue
        j = n + 1
        run: list[int] = []
        while j < len(tail) and blocks[tail[j]].bullet is not None:
            run.append(tail[j])
            j += 1
        if not run:
            continue
        draft.mark(b.start, "area", None)
        for i in run:
            item = blocks[i]
            path = f"areas[{len(areas)}]"
            span = layout.doc.span(item.start, item.end)
            draft.ground(path, item.start, item.end)
            draft.ground(f"{path}.text", item.start, item.end)
            areas.append({
                "number": None, "kind": "improvement", "text": item.text,
                "span": {"start": span.start, "end": span.end, "pages": span.pages},
            })
    return areas


FAMILY = MonitoringVisit(NAME, SIGNALS, TITLE_LEAD)
