"""Ofsted's focused-visit letters to local authority children's services (``la_focused_visit``).

Shape of the letter: a bold title "Focused visit to <authority> children's
services"; an opening paragraph (sometimes after a preamble) with the visit
dates and the inspectors; the scope of the visit (sometimes a bullet list that
is *not* a list of areas); "Overview"/"Headline findings"; the areas under
"What needs to improve in this area of social work practice" (improvement) and
"Areas for priority action" (priority action), each list perhaps opened by a
lead-in sentence, and written as bullets or (in some early letters) as plain
paragraphs; "Findings"/"Main findings" (often bullets too); sign-off.

:class:`LocalAuthorityVisit` reads this shape; the monitoring-visit and school
families reuse it with their own titles and headings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

import regex

from ..document import Document
from ..draft import Draft
from ..extract import dates, people
from ..extract.frame import Frame
from ..extract.judgements import sentences
from ..segment import Block, Layout, sub_bullet_levels
from .base import Signal, body_blocks, mark_headings, put_names, score_signals, signal

NAME = "la_focused_visit"

SIGNALS: list[Signal] = [
    signal(r"\bFocused\s+visit\s+to\b", 4.0, "Focused visit to Northmoor children’s services",
           head_only=True),
    # Without the title, the others add up to less than the threshold: an inspection report
    # on an authority's children's services says "What needs to improve?" too.
    signal(r"\bfocused\s+visit\b", 1.0, "the findings of a focused visit to ..."),
    signal(r"\bchildren[’']?s\s+services\b", 0.5, "local authority children’s services"),
    # (a literal word first: the engine skips ahead to it; see base.Signal)
    signal(r"(?<=\bWhat\s+)needs\s+to\s+improve\b", 0.5,
           "What needs to improve in this area of ..."),
    signal(r"(?<=\bAreas?\s+for\s+)priority\s+action\b", 0.5, "Areas for priority action"),
]

# Headings that open a list of areas, with the kind of area they list.
AREA_HEADINGS: list[tuple[regex.Pattern[str], str, str]] = [
    (regex.compile(r"\AWhat\s+needs\s+to\s+improve\b", regex.I), "improvement",
     "What needs to improve in this area of social work practice?"),
    (regex.compile(r"\AAreas?\s+(?:for|of)\s+improvement\b", regex.I), "improvement",
     "Areas for improvement"),
    (regex.compile(r"\AAreas?\s+(?:for|of|requiring)\s+priority\s+action\b", regex.I),
     "priority_action", "Areas for priority action"),
    (regex.compile(r"\APriority\s+actions?\b", regex.I), "priority_action", "Priority actions"),
]
# Other headings of the letter, for its sections.
FINDINGS_HEADINGS = regex.compile(
    r"\A(?:Overview|Headline\s+findings|Main\s+findings|Findings|Summary|Key\s+findings)\b\W*\Z",
    regex.I)

TITLE_LEAD = regex.compile(r"\A\s*Focused\s+visit\s+to\s+(?:the\s+)?", regex.I)
TITLE_TAIL = regex.compile(
    r"(?:[’']s)?\s+(?:local\s+authority\s+)?children[’']?s\s+services\s*\.?\s*\Z", regex.I)

# The sentence that names the inspectors, and the words to drop from its list of names.
INSPECTOR_ANCHOR = regex.compile(
    r"\b(?:inspectors?\s+(?:for\s+(?:this|the)\s+visit\s+)?(?:were|was|are)|carried\s+out\s+by|"
    r"conducted\s+by|undertaken\s+by|led\s+by|completed\s+by)\b\s*:?", regex.I)
ROLE_PHRASES = regex.compile(
    r"(?:\b(?:two|three|four|five|six|all)\s+of\s+(?:whom\s+are\s+)?)?"
    r"\b(?:Senior\s+)?(?:His|Her|Their)\s+Majesty[’']s\s+(?:Chief\s+)?Inspectors?"
    r"(?:\s*\((?:HMIs?|designate)\))?(?:\s+Social\s+Care)?|"
    r"\b(?:all\s+of\s+whom\s+are|who\s+are|both)\b|"
    r"\(?\b(?:Senior\s+)?HMIs?\b\)?|\bHM\s+Inspectors?\b|\(designate\)|"
    r"\bas\s+a\s+supernumerary\s+inspector\b|\bOfsted\s+Inspectors?\b|\bSocial\s+Care\b", regex.I)

VISIT_CUE = regex.compile(r"\b(?:focused\s+visit|visit)\b", regex.I)


class LocalAuthorityVisit:
    """A visit letter to a local authority's children's services: the title names the
    authority after ``title_lead``; the opening paragraph gives the visit dates and the
    inspectors; areas (if any) sit under the headings of :data:`AREA_HEADINGS`."""

    def __init__(self, name: str, signals: list[Signal], title_lead: regex.Pattern[str]) -> None:
        self.name = name
        self.signals = signals
        self.title_lead = title_lead

    def score(self, doc: Document) -> float:
        return score_signals(doc, self.signals)

    def read(self, draft: Draft, layout: Layout, frame: Frame) -> None:
        body = body_blocks(layout, frame)
        _provider(draft, layout, self.title_lead, body)
        _visit(draft, layout, body)
        _areas(draft, layout, body)
        mark_headings(draft, layout, body, [(FINDINGS_HEADINGS, "findings")])


def provider_from_title(title: str, title_lead: regex.Pattern[str] = TITLE_LEAD
                        ) -> tuple[int, int] | None:
    """The authority's name inside a visit letter's title, as (start, end) in ``title``."""
    lead = title_lead.match(title)
    if lead is None:
        return None
    tail = TITLE_TAIL.search(title, lead.end())
    end = tail.start() if tail else len(title.rstrip(" ."))
    start = lead.end()
    return (start, end) if end > start else None


# The authority named in the opening sentence where the title does not name it: "This letter
# summarises the findings of the focused visit to Anyshire children’s services on ...".
OPENING_NAMES = regex.compile(
    r"\b(?:focused|monitoring)\s+visit\s+to\s+(?:the\s+)?(?P<name>[^.;:\n]{1,80}?)(?:[’']s)?"
    r"\s+(?:local\s+authority\s+)?children[’']?s\s+services\b", regex.I)


def _provider(draft: Draft, layout: Layout, title_lead: regex.Pattern[str],
              body: Sequence[int] = ()) -> None:
    """The authority's name from the title, else from the opening paragraphs (``body``)."""
    title = draft.get("title")
    span = draft.grounding.get("title")
    found = provider_from_title(title, title_lead) if title else None
    if found is not None and span is not None:
        snippet = layout.doc.snippet(span.start, span.end)
        draft.put("provider.name", title[found[0]:found[1]], *snippet.offsets(*found))
        return
    for k in body[:_OPENING_BLOCKS]:
        b = layout.blocks[k]
        m = OPENING_NAMES.search(b.text)
        if m is not None and m["name"][:1].isupper():
            draft.put("provider.name", m["name"], *b.snippet.offsets(*m.span("name")))
            return
    draft.put("provider.name", None)
    draft.warn("IP-W016")


_OPENING_BLOCKS = 3


_MAX_VISIT_DAYS = 14
# Names the inspectors some other way when no sentence lists them: (draft, layout, opening
# blocks) → whether it put ``visit.inspectors``.
InspectorFallback = Callable[[Draft, Layout, list[int]], bool]


def _visit(draft: Draft, layout: Layout, body: list[int], *,
           cue_pattern: regex.Pattern[str] = VISIT_CUE, window: int = 8,
           fallback: InspectorFallback | None = None) -> None:
    """The visit dates (the first run of days after ``cue_pattern``) and the inspectors (the
    sentence that lists them, else ``fallback``) from the opening ``window`` blocks."""
    year = int(draft.get("letter_date")[:4]) if draft.get("letter_date") else None
    opening = [k for k in body[:window] if layout.blocks[k].bullet is None]
    got_dates = got_inspectors = False
    for k in opening:
        b = layout.blocks[k]
        text = b.text
        if not got_dates:
            cue = cue_pattern.search(text)
            run = dates.parse_day_run(text[cue.start():], default_year=year,
                                      before=draft.get("letter_date")) if cue else None
            if run is not None and cue is not None:
                days, a, e = run
                a, e = a + cue.start(), e + cue.start()
                if len(days) > _MAX_VISIT_DAYS:
                    days = _implausible_visit(draft, text[a:e], year, days)
                draft.put("visit.dates", days, *b.snippet.offsets(a, e))
                got_dates = True
        if not got_inspectors:
            names = _inspectors(text)
            if names:
                put_names(draft, "visit.inspectors", names, b.snippet)
                got_inspectors = True
        if got_dates and got_inspectors:
            break
    if not got_dates:
        draft.put("visit.dates", [])
        draft.warn("IP-W015")
    if not got_inspectors and not (fallback is not None and fallback(draft, layout, opening)):
        draft.put("visit.inspectors", [])
        draft.warn("IP-W018")



def _implausible_visit(draft: Draft, phrase: str, year: int | None, run: list[str]
                       ) -> list[str]:
    """The days of a visit whose dates as printed span more than two weeks (a misprint).

    Where only the years disagree ("24 October 2022 to 25 October 2023" in a letter of
    November 2023) and the later year makes a visit of two weeks or less, that is the
    visit; otherwise only the days named are kept. Either way the letter is flagged.
    """
    named = dates.parse_day_run(phrase.replace(" to ", " and "), default_year=year)
    days = named[0] if named else []
    if len(days) >= 2:
        first, last = dt.date.fromisoformat(days[0]), dt.date.fromisoformat(days[-1])
        span = (last - first).days + 1
        if first.year != last.year:
            try:
                moved = first.replace(year=last.year)
            except ValueError:      # 29 February
                moved = first.replace(year=last.year, day=28)
            if moved <= last and (last - moved).days + 1 <= _MAX_VISIT_DAYS:
                fixed = [(moved + dt.timedelta(days=n)).isoformat()
                         for n in range((last - moved).days + 1)]
                draft.warn("IP-W003", f"visit dates {phrase!r} span {span} days as printed; "
                                      f"read with the year {last.year} for both ends")
                return fixed
        draft.warn("IP-W003", f"visit dates {phrase!r} span {span} days; only the days named "
                              "are kept")
        return days
    draft.warn("IP-W003", f"visit dates {phrase!r} span more than {_MAX_VISIT_DAYS} days; only "
                          "the first day is kept")
    return days or run[:1]


# The full stop ending the list of names; a match starts only where a run of spaces starts
# (the blanked role phrases are long runs of spaces), see ``people._ROLE_TAIL``.
_FINAL_STOP = regex.compile(r"(?:\G|(?<!\s))\s*+[.;]\s*+$")


def _inspectors(text: str) -> list[tuple[str, int, int]]:
    """Names in the sentence that says who the inspectors were, with offsets in ``text``."""
    for s0, s1 in sentences(text):
        sentence = text[s0:s1]
        m = INSPECTOR_ANCHOR.search(sentence)
        if m is None or not regex.search(r"inspector|HMI", sentence, regex.I):
            continue
        start = m.end()
        names_part = sentence[start:]
        # Blank out role phrases (keeping offsets) and split what is left into people.
        blanked = ROLE_PHRASES.sub(lambda r: " " * len(r.group()), names_part)
        blanked = _FINAL_STOP.sub(lambda r: " " * len(r.group()), blanked)
        found = people.split_people(blanked)
        if found:
            base = s0 + start
            return [(n, base + a, base + e) for n, a, e in found]
    return []


HeadingTable = list[tuple[regex.Pattern[str], str, str]]


def _heading_kind(block: Block, headings: HeadingTable = AREA_HEADINGS) -> str | None:
    if block.bullet is not None or len(block.text) > 120:
        return None
    for pattern, kind, _example in headings:
        if pattern.match(block.text):
            return kind
    return None


def _areas(draft: Draft, layout: Layout, body: list[int]) -> None:
    draft.put("areas", areas_under_headings(draft, layout, body, AREA_HEADINGS))


def areas_under_headings(draft: Draft, layout: Layout, body: list[int], headings: HeadingTable,
                         *, first: int = 0) -> list[dict[str, object]]:
    """The items under each heading of ``headings`` among the ``body`` blocks, each as an
    area of the heading's kind: its bullets (sub-bullets join their parent; a lead-in sentence
    between heading and bullets is not an item), or, where no bullet follows, its plain
    paragraphs (:func:`_paragraph_items`). ``first`` numbers the areas' grounding paths when
    areas were found before these."""
    blocks = layout.blocks
    areas: list[dict[str, object]] = []
    for n, k in enumerate(body):
        kind = _heading_kind(blocks[k], headings)
        if kind is None:
            continue
        draft.mark(blocks[k].start, "area", blocks[k].text)
        # The blocks after the heading, body[n + 1:], are read in place: copying that tail for
        # every heading was quadratic in a letter of many headings.
        # A lead-in sentence may stand between the heading and its bullets.
        j = n + 1
        while j < len(body) and j < n + 3 and blocks[body[j]].bullet is None and (
                _heading_kind(blocks[body[j]], headings) is None) and (
                _is_lead_in(blocks[body[j]])):
            j += 1
        run: list[int] = []
        while j < len(body) and blocks[body[j]].bullet is not None:
            run.append(body[j])
            j += 1
        if not run:
            run = _bullets_after_lead_in(layout, body, j, headings)
        if run:
            levels = sub_bullet_levels([blocks[i] for i in run])
        else:
            run = _paragraph_items(layout, body, n, headings)
            levels = [0] * len(run)
        parts: list[tuple[list[str], int, int]] = []   # sub-bullets join their parent's text
        for i, level in zip(run, levels, strict=True):
            b = blocks[i]
            if level > 0 and parts:
                texts, a, _ = parts[-1]
                texts.append(b.text)
                parts[-1] = (texts, a, b.end)
            else:
                parts.append(([b.text], b.start, b.end))
        items = [(" ".join(texts), a, e) for texts, a, e in parts]
        for text, a, e in items:
            path = f"areas[{first + len(areas)}]"
            span = layout.doc.span(a, e)
            draft.ground(path, a, e)
            draft.ground(f"{path}.text", a, e)
            areas.append({
                "number": None, "kind": kind, "text": text,
                "span": {"start": span.start, "end": span.end, "pages": span.pages},
            })
    return areas


_MAX_LEAD_IN = 2


def _bullets_after_lead_in(layout: Layout, body: list[int], j: int, headings: HeadingTable
                           ) -> list[int]:
    """The bullets after one or two plain paragraphs that open the list in words the lead-in
    test does not know ("The local authority should focus on these areas."): those paragraphs
    lead in, the bullets are the items. Empty when no bullet follows that closely."""
    blocks = layout.blocks
    k = j
    while k < len(body) and k < j + _MAX_LEAD_IN:
        b = blocks[body[k]]
        if b.bullet is not None or b.is_heading_like() or _heading_kind(b, headings) is not None:
            break
        k += 1
    run: list[int] = []
    if k > j:
        while k < len(body) and blocks[body[k]].bullet is not None:
            run.append(body[k])
            k += 1
    return run


# Paragraphs that close a letter rather than name an area.
_CLOSING = regex.compile(
    r"\A(?:Ofsted\s+will\b|I\s+am\s+copying\b|This\s+letter\s+will\s+be\s+published\b|"
    r"Yours\s+(?:sincerely|faithfully)\b|If\s+you\s+have\s+any\s+questions\b)", regex.I)
_ABOUT_AREAS = regex.compile(
    r"\bareas?\s+(?:for|of)\s+(?:improvement|priority\s+action)\b|"
    r"\b(?:identified|found|set\s+out)\s+(?:at|in|during)\s+the\s+(?:\w+\s+){0,3}"
    r"(?:inspection|visit)\b", regex.I)
_MAX_PARAGRAPH_ITEMS = 12
_MAX_PARAGRAPH_ITEM = 1500


def _paragraph_items(layout: Layout, body: list[int], n: int, headings: HeadingTable
                     ) -> list[int]:
    """The items under the heading ``body[n]`` when the letter writes them as plain paragraphs,
    not bullets: the paragraphs up to the next heading or the letter's closing words (a lead-in
    ending with a colon is not an item). Empty when that is not what follows."""
    blocks = layout.blocks
    j = n + 1
    while j < len(body) and j < n + 3 and blocks[body[j]].text.rstrip().endswith(":"):
        j += 1
    items: list[int] = []
    while j < len(body) and len(items) < _MAX_PARAGRAPH_ITEMS:
        b = blocks[body[j]]
        if (b.bullet is not None or b.is_heading_like() or _heading_kind(b, headings) is not None
                or _CLOSING.match(b.text) or len(b.text) > _MAX_PARAGRAPH_ITEM):
            break
        if _ABOUT_AREAS.search(b.text):
            return []       # a paragraph about the areas ("... continue to be those identified
        items.append(body[j])    # at the inspection"), not a list of them
        j += 1
    # one paragraph alone may be a comment on the heading rather than an item: not taken
    return items if len(items) >= 2 else []


def _is_lead_in(block: Block) -> bool:
    """"The local authority needs to ... the following areas of practice:" and the like."""
    t = block.text.rstrip()
    return t.endswith(":") or bool(regex.search(r"\bfollowing\b", t, regex.I))


FAMILY = LocalAuthorityVisit(NAME, SIGNALS, TITLE_LEAD)
