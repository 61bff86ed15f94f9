"""Ofsted's monitoring-inspection letters to schools (``school_monitoring``).

A school judged to need special measures, to have serious weaknesses (a "notice to improve"
before 2012) or to require improvement is visited under section 8 of the Education Act 2005,
and the inspector writes to the headteacher. The shapes, era by era:

- 2005–2012, written for Ofsted by an inspection service provider, its letterhead with
  "Direct T/F/email" lines: title "Special measures: monitoring inspection of <school>" or
  "Notice to improve: monitoring inspection of <school>"; judgement lines "Progress since
  being subject to special measures – satisfactory" (the overall judgement) and "Progress since
  previous monitoring inspection – good"; an annex of the areas for improvement of the
  inspection that placed the school in its category; an attached "Report from the <nth>
  monitoring inspection" whose "... – satisfactory" lines are judgements, not areas.
- 2012–2014: "The school is (not) making reasonable progress towards the removal of special
  measures" (``reasonable`` / ``insufficient``).
- 2014–2019: "Leaders and managers are (not) taking effective action towards the removal of
  special measures"; requires-improvement letters ("Requires improvement: monitoring inspection
  visit to <school>") with "The school should take further action to:" bullets
  (``effective`` / ``not_effective``).
- 2019– : "Monitoring inspection of <school>", "... leaders and those responsible for
  governance are (not) taking effective action ..."; autumn 2020 visits give no judgement.

The provider is the school as the title names it; the overall judgement is the first
judgement line or the inspector's opinion; ``judgements`` holds every graded statement besides
the areas; the areas are the items under the headings of :data:`AREA_HEADINGS`, in the body
or in the annex after the sign-off (the attached report's paraphrases are not areas).
"""

from __future__ import annotations

from typing import Any

import regex

from ..draft import Draft
from ..extract import dates, people
from ..extract.frame import Frame
from ..extract.judgements import ORDINAL, ordinal_value, sentences
from ..model import RATINGS
from ..segment import Block, Layout, sub_bullet_levels
from .base import Signal, body_blocks, mark_headings, signal, trim
from .la_focused_visit import FINDINGS_HEADINGS, LocalAuthorityVisit, _provider, _visit

NAME = "school_monitoring"

# Without the title, the other signals add up to less than the threshold: a school's full
# inspection report says "your school", "section 5" and "governors" too.
SIGNALS: list[Signal] = [
    signal(r"\bmonitoring\s+inspection(?:\s+visit)?\s+(?:of|to)\b", 4.0,
           "Special measures monitoring inspection of Elmfield Primary School", head_only=True),
    signal(r"(?<=\byour\s+)(?:school|academy|college)\b", 1.0,
           "Following my visit to your school on ..."),
    signal(r"\bsection\s+[58]\b", 0.5, "the most recent section 5 inspection"),
    signal((r"(?<=\bspecial\s+)measures\b", r"(?<=\bserious\s+)weaknesses\b",
            r"(?<=\brequires?\s+)improvement\b", r"(?<=\bnotice\s+to\s+)improve\b"), 0.5,
           "the school became subject to special measures"),
    signal((r"(?<=\bhead\s*)teacher\b", r"\bgovern(?:ing\s+body|ors)\b"), 0.5,
           "the chair of the governing body"),
]

TITLE_LEAD = regex.compile(
    r"\A\s*(?:(?:Special\s+measures|Serious\s+weaknesses|Notice\s+to\s+improve|No\s+formal\s+"
    r"designation|Requires\s+improvement)\s*:?\s+)?(?:remote\s+)?monitoring\s+inspection"
    r"(?:\s+visit)?\s+"
    r"(?:of|to|at)\s+(?-i:the\s+)?", regex.I)

_RATING = "(?P<rating>" + "|".join(r for r in RATINGS if r != "not_effective") + ")"
_DASH = r"\s*+(?:[–—]|(?<=\s)-{1,2}|:)\s*+"

# -- judgements --------------------------------------------------------------------------------
# A judgement line: "Progress since being subject to special measures – satisfactory",
# "Progress since previous monitoring inspection – good", and in an attached report each
# "improve attendance – satisfactory" (a statement, a dash or colon, a rating word).
JUDGEMENT_LINE = regex.compile(
    rf"(?P<subject>\S[^\n–—:]{{0,300}}?)(?<=\S){_DASH}{_RATING}\s*+\.?\s*+", regex.I)
# The judgement line that is the overall one: progress since the school was put in its category.
OVERALL_LINE = regex.compile(
    r"\AProgress\s+since\s+(?:being|the\s+school\s+(?:became|was))\s+(?:subject\s+to|given|"
    r"placed\s+in|made\s+subject\s+to|issued\s+with|judged)\b", regex.I)
# The inspector's opinion, each with its rating; the first that matches a sentence gives it.
OPINIONS: list[tuple[regex.Pattern[str], str, str]] = [
    (regex.compile(r"\b(?:is|are)\s+not\s+(?:yet\s+)?(?:making|securing)\s+(?:sufficient\s+|"
                   r"enough\s+)?(?P<word>reasonable|sufficient|enough)\s+progress\b", regex.I),
     "insufficient", "The school is not making reasonable progress towards ..."),
    (regex.compile(r"\b(?:is|are)\s+making\s+(?P<word>insufficient|inadequate|reasonable|"
                   r"satisfactory|good)\s+progress\b", regex.I),
     "", "The school is making reasonable progress towards the removal of special measures."),
    (regex.compile(r"\b(?:is|are)\s+not\s+(?:yet\s+)?taking\s+(?:sufficiently\s+)?(?P<word>"
                   r"effective)\s+action\b", regex.I),
     "not_effective", "Leaders and managers are not taking effective action towards ..."),
    (regex.compile(r"\b(?:is|are)\s+taking\s+(?P<word>effective)\s+action\b", regex.I),
     "effective", "Senior leaders and governors are taking effective action to tackle ..."),
]
# What the opinion is about: "towards the removal of special measures", "to tackle the areas
# requiring improvement ...", "in order for the school to become a good school".
OPINION_GOAL = regex.compile(
    r"\b(?:towards|to\s+tackle|to\s+address|in\s+order|so\s+that|to\s+improve|to\s+remove|"
    r"for\s+the\s+school|to\s+become)\b", regex.I)
OPINION_LEAD = regex.compile(r"\bI\s+am\s+of\s+the\s+opinion\s+that\b[^:]{0,40}:?\s*\Z", regex.I)
# A visit that gives no judgement (autumn 2020): "we did not make a judgement", "no graded
# judgements were made", "the visit was one of our interim visits during the COVID-19 pandemic".
NO_JUDGEMENT = regex.compile(
    r"\b(?:no|not\s+(?:\w+\s+){0,2}(?:make|making|give|giving|made|given)(?:\s+(?:a|any))?)\s+"
    r"(?:graded\s+|monitoring\s+|overall\s+)?judgements?\b|\bCOVID(?:-19)?\b|\bcoronavirus\b|"
    r"\bpandemic\b", regex.I)

# -- which monitoring inspection ---------------------------------------------------------------
_ORDINAL = rf"(?P<ord>{ORDINAL})"
SEQUENCE: list[regex.Pattern[str]] = [
    # "The visit was the second monitoring inspection since ...", "Report from the fourth
    # monitoring inspection on ...", "This was the 3rd monitoring inspection"
    regex.compile(rf"\b(?:was|is|being|from|of)\s+(?:the|your\s+school[’']s|this\s+school[’']s)"
                  rf"\s+{_ORDINAL}\s+(?:section\s+8\s+)?monitoring\s+(?:inspection|visit)\b",
                  regex.I),
    # "the third monitoring inspection since the school became subject to special measures"
    regex.compile(rf"\bthe\s+{_ORDINAL}\s+(?:section\s+8\s+)?monitoring\s+(?:inspection|visit)\s+"
                  r"(?:since|of|to|"
                  r"after|following)\b", regex.I),
]

# -- the inspection being followed up ----------------------------------------------------------
# A date, a month, or a run of days ("on 22 and 23 November 2009"): group ``when``.
_MONTH = dates._MONTH
_DAY = dates._DAY
_WHEN = (rf"(?P<when>(?:{_DAY}(?:\s+{_MONTH})?(?:\s*+(?:,|and|to|–|-)\s*+){_DAY}\s+)?"
         rf"(?:{_DAY}\s+)?{_MONTH}\s+(?:19|20)\d\d)")
PREVIOUS: list[regex.Pattern[str]] = [
    # "since the school became subject to special measures in February 2008", "was given a
    # notice to improve following its inspection in November 2009", "was judged to require
    # special measures in June 2012", "judged to have serious weaknesses in May 2015"
    regex.compile(r"\b(?:became|become|becoming|was\s+(?:made|placed|judged|given|issued|"
                  r"designated|found|deemed)|were\s+judged|judged|placed|went)\s+(?:subject\s+to|"
                  r"in|to|as|with|a|an)\b[^.;\n]{0,120}?\b(?:in|on|at)\s+(?:its\s+|the\s+)?"
                  rf"(?:section\s+5\s+)?(?:inspection\s+(?:in|on|of)\s+)?{_WHEN}", regex.I),
    # "following the inspection that took place in June 2017", "the section 5 inspection on
    # 12 and 13 March 2019", "As a result of the inspection on 22 and 23 November 2009"
    regex.compile(r"(?<!monitoring\s|\bmy\s|\bthis\s)\binspection\s+(?:that\s+|which\s+)?(?:took\s+place\s+|"
                  rf"held\s+|carried\s+out\s+)?(?:in|on|of)\s+{_WHEN}", regex.I),
]

# -- areas -------------------------------------------------------------------------------------
# "Annex" (or "Annex A") alone over the list of areas itself.
ANNEX_ALONE = regex.compile(r"\AAnnex(?:\s+[A-Z1-9])?\W*\Z", regex.I)
_ANNEX = r"(?:Annex(?:\s+[A-Z1-9]\b)?\W+)?"
# Headings (or lead-in lines) over a list of areas, each with an example.
AREA_HEADINGS: list[tuple[regex.Pattern[str], str]] = [
    (regex.compile(rf"\A{_ANNEX}(?:The\s+)?priorities\s+for\s+(?:further\s+)?improvement\b",
                   regex.I), "Priorities for further improvement"),
    # (whoever should act: "Leaders and those responsible for governance should take ...")
    (regex.compile(r"\A[^.:;\n]{0,100}?\b(?:should|needs?\s+to|must)\s+(?:now\s+)?take\s+"
                   r"further\s+action\s+to\b", regex.I),
     "The school should take further action to:"),
    (regex.compile(rf"\A{_ANNEX}(?:The\s+)?areas?\s+(?:for|of|requiring)\s+(?:further\s+)?"
                   r"improvement\b", regex.I),
     "The areas for improvement identified during the inspection which took place in May 2010"),
    (regex.compile(r"\AWhat\s+(?:does\s+)?the\s+school\s+needs?\s+to\s+do\s+to\s+improve\b",
                   regex.I), "What does the school need to do to improve?"),
    (ANNEX_ALONE, "Annex"),
    (regex.compile(r"\A(?:In\s+order\s+to\s+improve|To\s+improve)(?:\s+further)?,?\s+(?:the\s+)?"
                   r"(?:school|academy|leaders)\s+(?:should|needs?\s+to|must)\b[^.]*:\Z", regex.I),
     "To improve further, the school should:"),
]
_MAX_HEADING = 250
# A numbered or lettered item opening a line: "1.", "2)", "(a)", "b)", "(iv)".
ITEM_MARK = regex.compile(
    r"\A\s*+(?:(?P<num>\d{1,2})[.)]|\(?(?P<letter>[a-h]|i{1,3}|iv|vi{0,3}|ix|x)\))\s+(?=\S)")
# A number running on inside a paragraph of numbered items: "...; 2. improve ...".
INLINE_NUMBER = regex.compile(r"(?<=[;.:])\s++(?P<num>\d{1,2})[.)]\s++(?=\p{L})")
# The attached report: "Report from the second monitoring inspection on 12 and 13 November 2008".
REPORT_HEADING = regex.compile(
    r"\bReport\s+(?:from|on)\s+the\s+(?:\w+\s+)?monitoring\s+(?:inspection|visit)\b|"
    r"\AMonitoring\s+inspection\s+report\b", regex.I)

# -- the addressee's organisation --------------------------------------------------------------
SCHOOL_WORDS = regex.compile(
    r"\b(?:School|Academy|College|Federation|Primary|Infants?|Junior|Nursery|High|Grammar|"
    r"Studio|UTC|Pupil\s+Referral\s+Unit|Church\s+of\s+England|C\s?of\s?E|Catholic)\b")

# -- cc ----------------------------------------------------------------------------------------
_CC_ITEM_MAX = 200


class SchoolMonitoring(LocalAuthorityVisit):
    def read(self, draft: Draft, layout: Layout, frame: Frame) -> None:
        body = body_blocks(layout, frame)
        after = [k for k in range(len(layout.blocks)) if layout.blocks[k].start >= frame.body_end]
        _provider(draft, layout, self.title_lead)
        _organisation(draft, layout)
        _cc(draft, layout)
        _visit(draft, layout, body, cue_pattern=VISIT_CUE, window=6,
               fallback=_the_writer_and_others)
        _sequence(draft, layout, body + after)
        draft.put("previous_inspection.published", None)
        _previous(draft, layout, body)
        report = _report_blocks(layout, after)
        judgements = _judgement_lines(layout, body) + _judgement_lines(layout, report)
        _overall(draft, layout, body, judgements)
        mark_headings(draft, layout, body, [(FINDINGS_HEADINGS, "findings")])
        areas = areas_of(draft, layout, body)
        areas += areas_of(draft, layout, [k for k in after if k not in set(report)],
                          first=len(areas))
        draft.put("areas", areas)


# The visit: "my visit to your school on ...", "the monitoring inspection ... took place on ...",
# "when I inspected your school on 15 June 2010".
VISIT_CUE = regex.compile(r"\b(?:visit|visited|inspection|inspected)\b", regex.I)
# Other inspectors named beside the writer: "my visit with Ada Lovell, Ofsted Inspector, to".
VISIT_WITH = [
    regex.compile(r"\bmy\s+visit\s+with\s+(?P<names>[^.;]{3,200}?),?\s+to\s+your\b", regex.I),
    # "Following my visit to your school on 1 and 2 October 2019 with A, Ofsted Inspector, I write"
    regex.compile(r"\bmy\s+visit\s+to\s+your\s+\w+\s+on\s+[^.;]{3,60}?\s+with\s+"
                  r"(?P<names>[^.;]{3,200}?),?\s+I\s+(?:write|am\s+writing)\b", regex.I),
]
FIRST_PERSON = regex.compile(r"\b(?:my\s+visit|I\s+visited|I\s+write|my\s+inspection|"
                             r"I\s+inspected|I\s+discussed|I\s+met)\b", regex.I)


def _the_writer_and_others(draft: Draft, layout: Layout, opening: list[int]) -> bool:
    """"Following my visit (with A, Ofsted Inspector,) to your school": the writer (the
    signatory), then the others named. False when no opening block speaks so."""
    for k in opening:
        b = layout.blocks[k]
        if FIRST_PERSON.search(b.text) is None:
            continue
        found: list[tuple[str, int, int]] = []
        m = next((m for p in VISIT_WITH if (m := p.search(b.text)) is not None), None)
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
    # No one named and no first person ("This letter sets out the findings of the monitoring
    # inspection of your school"): the inspector who signs it is the one who visited.
    writer = draft.get("signatory.name")
    span = draft.grounding.get("signatory.name")
    if not writer or not any(VISIT_CUE.search(layout.blocks[k].text) for k in opening):
        return False
    draft.put("visit.inspectors", [writer])
    if span is not None:
        draft.ground("visit.inspectors[0]", span.start, span.end)
    return True


# -- the addressee's organisation --------------------------------------------------------------

def _organisation(draft: Draft, layout: Layout) -> None:
    """The school's line after the role is the organisation, even where the frame's address
    rules read it as an address line ("St Aidan’s Catholic Primary School", "Oak Hill
    Academy"): taken from the address when it names a school or the school of the title."""
    if draft.get("recipient.organisation") is not None:
        return
    address: list[str] = list(draft.get("recipient.address") or [])
    if len(address) < 2 or draft.get("recipient.name") is None:
        return
    school = draft.get("provider.name") or ""
    first = address[0]
    if not (SCHOOL_WORDS.search(first) or (school and school.lower() in first.lower())):
        return
    if people.POSTCODE.search(first) or regex.match(r"\d", first):
        return
    draft.put("recipient.organisation", first)
    spans = [draft.grounding.pop(f"recipient.address[{n}]", None) for n in range(len(address))]
    if spans[0] is not None:
        draft.grounding["recipient.organisation"] = spans[0]
    for n, span in enumerate(spans[1:]):
        if span is not None:
            draft.grounding[f"recipient.address[{n}]"] = span
    draft.put("recipient.address", address[1:])


def _cc(draft: Draft, layout: Layout) -> None:
    """The cc list ends where its lines end: an annex or report after it (a gap, a page break,
    a heading) is not copied to anyone."""
    cc: list[dict[str, Any]] = list(draft.get("cc") or [])
    if not cc:
        return
    doc = layout.doc
    kept = 0
    prev_line: int | None = None
    for n in range(len(cc)):
        span = draft.grounding.get(f"cc[{n}]")
        if span is None:
            break
        i = doc.line_index(span.start)
        line = doc.lines[i]
        if prev_line is not None and (line.gap_before or line.page_break_before or i > prev_line + 1
                                      or span.end - span.start > _CC_ITEM_MAX):
            break
        kept, prev_line = n + 1, doc.line_index(max(span.start, span.end - 1))
    if kept == len(cc):
        return
    for n in range(kept, len(cc)):
        draft.grounding.pop(f"cc[{n}]", None)
    draft.put("cc", cc[:kept])


# -- which monitoring inspection ---------------------------------------------------------------

def _sequence(draft: Draft, layout: Layout, blocks: list[int]) -> None:
    """``visit.sequence``: "the third monitoring inspection" gives 3."""
    for pattern in SEQUENCE:
        for k in blocks:
            b = layout.blocks[k]
            m = pattern.search(b.text)
            value = ordinal_value(m["ord"]) if m else None
            if m is not None and value is not None:
                draft.put("visit.sequence", value, *b.snippet.offsets(*m.span("ord")))
                return
    draft.put("visit.sequence", None)


# -- the inspection being followed up ----------------------------------------------------------

def _when(text: str) -> str | None:
    """A run of days gives its first day; a day date gives the day; a month the month."""
    run = dates.parse_day_run(text)
    if run is not None and run[0]:
        return run[0][0]
    found = dates.month_or_day(text)
    return found.value if found else None


def _visit_date(draft: Draft, value: str) -> bool:
    """Whether ``value`` (a day or a month) is when this visit took place, not the inspection
    it follows up."""
    visit: list[str] = draft.get("visit.dates") or []
    return value in visit or (len(value) == 7 and any(d.startswith(value) for d in visit))


def _previous(draft: Draft, layout: Layout, body: list[int]) -> None:
    """``previous_inspection.date``: the inspection that put the school in its category, from
    the first opening paragraph that names it (else the first in the body)."""
    for blocks in (body[:12], body[12:]):
        for k in blocks:
            b = layout.blocks[k]
            hits = [m for p in PREVIOUS if (m := p.search(b.text)) is not None]
            for m in sorted(hits, key=lambda m: m.start("when")):
                value = _when(m["when"])
                if value is not None and not _visit_date(draft, value):
                    draft.put("previous_inspection.date", value,
                              *b.snippet.offsets(*m.span("when")))
                    return
    draft.put("previous_inspection.date", None)
    draft.warn("IP-W030")


# -- judgements and the overall judgement ------------------------------------------------------

def _report_blocks(layout: Layout, after: list[int]) -> list[int]:
    """The blocks of an attached "Report from the <nth> monitoring inspection": from its
    heading to the annex of areas (or the end)."""
    blocks = layout.blocks
    start = next((n for n, k in enumerate(after)
                  if len(blocks[k].text) <= _MAX_HEADING and REPORT_HEADING.search(blocks[k].text)),
                 None)
    if start is None:
        return []
    # a title line just above the heading ("Special measures: monitoring of ...") belongs to it
    if start > 0 and blocks[after[start - 1]].is_heading_like() and regex.search(
            r"\bmonitoring\s+of\b", blocks[after[start - 1]].text, regex.I):
        start -= 1
    out: list[int] = []
    for k in after[start:]:
        if out and _area_heading(blocks[k]) and regex.match(r"\AAnnex\b|\AThe\s+areas?\b",
                                                              blocks[k].text, regex.I):
            break
        if out and regex.fullmatch(r"Annex(?:\s+\w+)?\W*", blocks[k].text, regex.I):
            break
        out.append(k)
    return out


Judgement = tuple[int, int, int, str, str, str]   # block, start, end, text, subject, rating


def _judgement_lines(layout: Layout, blocks: list[int]) -> list[Judgement]:
    """Every "<statement> – <rating>" line among ``blocks`` (a block, or one of its lines)."""
    out: list[Judgement] = []
    for k in blocks:
        b = layout.blocks[k]
        if len(b.text) > 600:
            continue
        candidates = [(0, len(b.text))]
        if b.last > b.first:     # several lines: each may be a judgement of its own
            candidates = _line_ranges(layout, b) + candidates
        for a, e in candidates:
            text = b.text[a:e]
            m = JUDGEMENT_LINE.fullmatch(text)
            if m is None or not _graded_statement(m["subject"]):
                continue
            a2, e2 = trim(b.text, a, a + m.end())
            out.append((k, *b.snippet.offsets(a2, e2), b.text[a2:e2], m["subject"],
                        m["rating"].lower()))
            if (a, e) == (0, len(b.text)):
                break
    # one per place: a block's own line and the whole block may both match
    seen: set[int] = set()
    unique = []
    for j in out:
        if j[1] not in seen:
            seen.add(j[1])
            unique.append(j)
    return unique


def _line_ranges(layout: Layout, b: Block) -> list[tuple[int, int]]:
    """The ranges in ``b.text`` of each of its lines."""
    doc = layout.doc
    out: list[tuple[int, int]] = []
    for i in range(b.first, b.last + 1):
        line = doc.lines[i]
        if line.furniture is not None:
            continue
        value = doc.value(max(line.start, b.start), line.end)
        pos = b.text.find(value, out[-1][1] if out else 0)
        if value and pos >= 0:
            out.append((pos, pos + len(value)))
    return out if len(out) > 1 else []


def _graded_statement(subject: str) -> bool:
    """A statement a rating can close: words, not a heading label such as "Inspection grade"
    over a table, and not a sentence about something else that ends in a rating word."""
    words = subject.split()
    return 2 <= len(words) <= 40 and not subject.rstrip().endswith((".", ";"))


def _overall(draft: Draft, layout: Layout, body: list[int], lines: list[Judgement]) -> None:
    """The overall judgement: the first judgement line (2005–2012), else the inspector's
    opinion; ``judgements`` gets every judgement line and the opinion, in letter order."""
    found: list[Judgement] = list(lines)
    overall: Judgement | None = None
    in_body = set(body)
    body_lines = [j for j in lines if j[0] in in_body]
    if body_lines:
        overall = next((j for j in body_lines if OVERALL_LINE.match(j[3])), body_lines[0])
    else:
        overall = _opinion(layout, body)
        if overall is not None:
            found.append(overall)
    if overall is None:
        draft.put("overall.rating", None)
        draft.put("overall.text", None)
        whole = " ".join(layout.blocks[k].text for k in body)
        no_judgement = NO_JUDGEMENT.search(whole)
        if no_judgement is not None:
            draft.warn("IP-W031", repr(no_judgement.group()))
        else:
            draft.warn("IP-W010")
    else:
        k, a, e, text, _, rating = overall
        draft.put("overall.text", text, a, e)
        draft.put("overall.rating", rating, *_rating_span(layout.blocks[k], text, rating))
    found.sort(key=lambda j: j[1])
    draft.put("judgements", [{"text": text, "subject": subject, "rating": rating}
                              for _, _, _, text, subject, rating in found])
    for n, (k, a, e, text, _, rating) in enumerate(found):
        draft.ground(f"judgements[{n}]", a, e)
        draft.ground(f"judgements[{n}].rating", *_rating_span(layout.blocks[k], text, rating))


def _rating_span(b: Block, text: str, rating: str) -> tuple[int, int]:
    """Offsets of the words that give ``rating`` in the judgement ``text`` of block ``b``
    ((0, 0), grounding nothing, where they cannot be placed)."""
    word = _rating_word(text, rating)
    at = b.text.find(text)
    if word is None or at < 0:
        return 0, 0
    return b.snippet.offsets(at + word[0], at + word[1])


def _rating_word(text: str, rating: str) -> tuple[int, int] | None:
    """Where the words that give ``rating`` stand in ``text``."""
    if rating == "not_effective":
        m = regex.search(r"\bnot\s+(?:yet\s+)?taking\s+(?:\w+\s+)?effective\b", text, regex.I)
    elif rating == "insufficient" and not regex.search(r"\binsufficient\b", text, regex.I):
        m = regex.search(r"\bnot\s+(?:yet\s+)?making\s+(?:\w+\s+)?\w+\s+progress\b", text,
                         regex.I)
    else:
        found = list(regex.finditer(rf"\b{rating}\b", text, regex.I))
        m = found[-1] if found else None
    return m.span() if m else None


def _opinion(layout: Layout, body: list[int]) -> Judgement | None:
    """The inspector's opinion: the sentence after "I am of the opinion that at this time:",
    else the first that says the school is (not) making reasonable progress or leaders are
    (not) taking effective action towards a goal, else the first such sentence at all."""
    blocks = layout.blocks
    candidates: list[tuple[int, int, int, int]] = []   # (preference, block, a, e) of sentences
    for n, k in enumerate(body):
        b = blocks[k]
        after_lead = n > 0 and OPINION_LEAD.search(blocks[body[n - 1]].text) is not None
        for a, e in sentences(b.text):
            sentence = b.text[a:e]
            rating = _opinion_rating(sentence)
            if rating is None:
                continue
            preference = 0 if after_lead else 1 if OPINION_GOAL.search(sentence) else 2
            candidates.append((preference, n, a, e))
            break
    if not candidates:
        return None
    _, n, a, e = min(candidates)
    b = blocks[body[n]]
    a, e = trim(b.text, a, e)
    sentence = b.text[a:e]
    rating = _opinion_rating(sentence)
    assert rating is not None
    goal = OPINION_GOAL.search(sentence)
    subject = sentence[goal.start():].rstrip(" .") if goal else sentence.rstrip(" .")
    return (body[n], *b.snippet.offsets(a, e), sentence, subject, rating)


def _opinion_rating(sentence: str) -> str | None:
    for pattern, rating, _example in OPINIONS:
        m = pattern.search(sentence)
        if m is None:
            continue
        if rating:
            return rating
        return str(m["word"]).lower()
    return None


# -- areas -------------------------------------------------------------------------------------

def _area_heading(b: Block) -> bool:
    """A heading or lead-in line over a list of areas (not a sentence about the areas: "The
    areas for improvement are listed in the annex.")."""
    t = b.text
    if b.bullet is not None or len(t) > _MAX_HEADING or t.endswith((".", ";", ",")):
        return False
    return any(p.match(t) for p, _ in AREA_HEADINGS)


_AREA_RATING = regex.compile(rf"(?<=\S){_DASH}{_RATING}\s*+\.?\s*+\Z", regex.I)
_LIST_END = regex.compile(r"(?:;|\s+and|;\s+and)\s*+\Z")


def areas_of(draft: Draft, layout: Layout, blocks: list[int], *, first: int = 0
             ) -> list[dict[str, Any]]:
    """The areas listed under each area heading among ``blocks``: bullets (sub-bullets joined to
    their parent), numbered paragraphs ("1. ..."), lettered sub-points ("(a) ...") joined to
    their parent, across page breaks; up to the first block that is none of these."""
    out: list[dict[str, Any]] = []
    lb = layout.blocks
    n = 0
    while n < len(blocks):
        if not _area_heading(lb[blocks[n]]):
            n += 1
            continue
        draft.mark(lb[blocks[n]].start, "area", lb[blocks[n]].text)
        j = n + 1
        # a lead-in between the heading and its list ("The school should:")
        while j < len(blocks) and j < n + 3 and _is_lead_in(lb[blocks[j]]):
            j += 1
        items, j = _list(layout, blocks, j)
        if not items and not ANNEX_ALONE.match(lb[blocks[n]].text):   # (an annex may open
            draft.warn("IP-W032", repr(lb[blocks[n]].text[:80]))         # with its own heading)
        for number, text, a, e in items:
            path = f"areas[{first + len(out)}]"
            span = layout.doc.span(a, e)
            draft.ground(path, a, e)
            draft.ground(f"{path}.text", a, e)
            area: dict[str, Any] = {
                "number": number, "kind": "improvement", "text": text,
                "span": {"start": span.start, "end": span.end, "pages": span.pages},
            }
            graded = _AREA_RATING.search(text)
            if graded is not None and len(text[:graded.start()].split()) >= 2:
                area["text"] = text[:graded.start()]
                area["progress"] = {"rating": graded["rating"].lower(), "text": text}
                draft.ground(f"{path}.progress", a, e)
            out.append(area)
        n = max(j, n + 1)
    return out


def _is_lead_in(b: Block) -> bool:
    t = b.text.rstrip()
    return (b.bullet is None and ITEM_MARK.match(t) is None and not _area_heading(b)
            and len(t) <= 300 and t.endswith(":"))


def _list(layout: Layout, blocks: list[int], j: int
          ) -> tuple[list[tuple[int | None, str, int, int]], int]:
    """The items of the list starting at ``blocks[j]``; returns them and where the list ends."""
    lb = layout.blocks
    # (number, texts, start, end)
    items: list[tuple[int | None, list[str], int, int]] = []
    run: list[int] = []      # the bullet blocks of the current run, for their levels
    while j < len(blocks):
        b = lb[blocks[j]]
        if b.bullet is not None:
            run.append(blocks[j])
            level = sub_bullet_levels([lb[i] for i in run])[-1]
            # a numbered item may follow on the bullet's next line with no gap ("o ... " /
            # "3. develop ..."): the bullet ends there
            marks = [(lo, m) for lo, m in _line_marks(layout, b) if lo > b.start and m["num"]]
            end = marks[0][0] if marks else b.end
            text = layout.doc.snippet(b.start, end).text
            sub = ITEM_MARK.match(text)
            if items and (level > 0 or (sub is not None and sub["letter"])
                          or _sub_point(items[-1][1], text)
                          or (items[-1][0] is not None and items[-1][1][0].endswith(":"))):
                number, texts, a, _ = items[-1]
                items[-1] = (number, [*texts, text], a, end)
            else:
                items.append((None, [text], b.start, end))
            pieces = _marked_pieces(layout, b, marks) if marks else []
            if not marks:
                j += 1
                continue
        else:
            run = []
            pieces = _marked_pieces(layout, b)
            if not pieces:
                break
        for number, letter, text, a, e in pieces:
            if number is None and letter is None:
                if not items:
                    return _finish(items), j
                prev_number, texts, a0, _ = items[-1]
                items[-1] = (prev_number, [*texts, text], a0, e)
            elif letter is not None and items:
                prev_number, texts, a0, _ = items[-1]
                items[-1] = (prev_number, [*texts, text], a0, e)
            else:
                items.append((number, [text], a, e))
        j += 1
    return _finish(items), j


def _sub_point(parent: list[str], text: str) -> bool:
    """A point of the item before it where the layout does not show the level: the parent
    opens its points with a colon ("... by:") and this one starts in lower case while the parent
    starts in upper case ("Improve teaching by:" / "matching tasks to ...")."""
    opened = parent[0].rstrip().endswith(":")
    return opened and parent[0][:1].isupper() and text[:1].islower()


def _finish(items: list[tuple[int | None, list[str], int, int]]
            ) -> list[tuple[int | None, str, int, int]]:
    return [(number, " ".join(texts), a, e) for number, texts, a, e in items]


def _line_marks(layout: Layout, b: Block) -> list[tuple[int, regex.Match[str]]]:
    """The lines of ``b`` that open with an item mark: (where the line starts, the mark)."""
    doc = layout.doc
    starts: list[tuple[int, regex.Match[str]]] = []
    for i in range(b.first, b.last + 1):
        line = doc.lines[i]
        if line.furniture is not None:
            continue
        lo = max(line.start, b.start)
        m = ITEM_MARK.match(doc.visible(line, lo))
        if m is not None:
            starts.append((lo, m))
    return starts


def _marked_pieces(layout: Layout, b: Block,
                   starts: list[tuple[int, regex.Match[str]]] | None = None
                   ) -> list[tuple[int | None, str | None, str, int, int]]:
    """A paragraph that opens with an item mark ("1.", "(a)"), cut where each of its lines
    opens with one: (number, letter, text without the mark, start, end). Empty when the
    paragraph does not open with a mark. ``starts``: the marked lines to cut at, where the
    block opens otherwise (a bullet with a numbered item on its next line)."""
    if starts is None:
        if ITEM_MARK.match(b.text) is None:
            return []
        starts = _line_marks(layout, b)
    doc = layout.doc
    out: list[tuple[int | None, str | None, str, int, int]] = []
    for n, (lo, m) in enumerate(starts):
        hi = starts[n + 1][0] if n + 1 < len(starts) else b.end
        snippet = doc.snippet(lo, hi)
        mark = ITEM_MARK.match(snippet.text)
        if mark is None:
            continue
        text = snippet.text[mark.end():].strip()
        text_start, text_end = snippet.offsets(mark.end(), len(snippet.text))
        number = int(m["num"]) if m["num"] else None
        letter = m["letter"] if m["letter"] else None
        if not text:
            continue
        if letter is not None:
            text = snippet.text[len(snippet.text) - len(snippet.text.lstrip()):].strip()
            text_start = snippet.offsets(0, 1)[0]
            out.append((number, letter, text, text_start, text_end))
            continue
        # the next numbers may run on inside the paragraph ("1. ensure ...; 2. improve ..."),
        # as where a list is set as one paragraph
        at = mark.end()
        expected = number
        for inline in INLINE_NUMBER.finditer(snippet.text, mark.end()):
            if expected is None or int(inline["num"]) != expected + 1:
                continue
            a, e = snippet.offsets(at, inline.start())
            out.append((expected, None, snippet.text[at:inline.start()].strip(), a, e))
            at, expected = inline.end(), expected + 1
        a, e = snippet.offsets(at, len(snippet.text))
        out.append((expected, None, snippet.text[at:].strip(), a, e))
    return out


FAMILY = SchoolMonitoring(NAME, SIGNALS, TITLE_LEAD)
