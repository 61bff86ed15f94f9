"""Ofsted's post-inspection monitoring letters about a Cafcass service area (``cafcass_pim``).

Shape of the letter: a title naming the service area and its code; an opening
paragraph with the visit dates and office; the lists of what inspectors assessed
and whom they met; an outcome paragraph (when the inspection report was
published, how many areas for improvement it made); one block per area ("Area
for improvement 3: Within three months ..."), each with the earlier finding and
a progress judgement; an overall judgement; the sign-off and a cc list.
"""

from __future__ import annotations

from typing import Any

import attrs
import regex

from ..document import Document
from ..draft import Draft
from ..extract import dates
from ..extract.frame import Frame
from ..extract.judgements import (
    NUMBER,
    STATED_RATING_COUNT,
    RatingHit,
    find_deadline,
    find_ratings,
    number_value,
    sentences,
)
from ..segment import Block, Layout
from .base import Signal, body_blocks, list_items, score_signals, signal

_CAFCASS = regex.compile(r"\bCafcass\b")
_PUBLISHED_WORD = regex.compile(r"\bpublished\b", regex.I)
_OVERALL = regex.compile(r"\boverall\b", regex.I)

NAME = "cafcass_pim"

SIGNALS: list[Signal] = [
    signal(r"\bpost[- ]inspection\s+monitoring\b", 3.0, "Post inspection monitoring",
           head_only=True),
    signal(r"\bCafcass\b", 2.0, "Ofsted inspection of Cafcass service area ...", head_only=True),
    signal(r"\bservice\s+area\b", 1.0, "the West Midlands South service area"),
    signal(r"\bArea\s+for\s+improvement\s+\d", 1.5, "Area for improvement 4: Within ..."),
    signal(r"\bFamily\s+Court\s+Advis[oe]rs?\b", 0.5, "met with three Family Court Advisers"),
]

# "North Yorkshire and Humberside service area (N4)"
# A unit name never holds these words: "Ofsted inspection of Cafcass Kent service area" is Kent,
# "the inspection of the Kent service area" is Kent; "of" between two names stays ("Hampshire and
# Isle of Wight service area").
_UNIT_WORD = (r"(?:(?!service\s+area|Cafcass|inspection|monitoring|Ofsted|\bof\s+(?!\p{Lu}))"
              r"[\p{L}\s,&'’-])")
UNIT_CODE = regex.compile(
    rf"\b(?P<unit>(?!Cafcass|Ofsted)\p{{Lu}}{_UNIT_WORD}{{1,80}}?\s+service\s+area)\s*\((?P<code>[A-Z]{{1,3}}\d{{0,2}})\)")
UNIT_ONLY = regex.compile(
    rf"\bCafcass\s+(?:service\s+area\s+)?(?P<unit>(?!Cafcass|Ofsted)\p{{Lu}}{_UNIT_WORD}{{1,80}}?\s+service\s+area)\b")
CODE_ONLY = regex.compile(r"\bservice\s+area\s+\(?(?P<code>[A-Z]{1,2}\d{1,2})\b\)?")

# "at the Cafcass office in Hull", "at the Cafcass offices in Leeds", "in Taunton"
PLACE = r"(?P<loc>\p{Lu}[\p{L}'’]+(?:[ -](?:upon|on|under|in|le|and|-)?[ -]?\p{Lu}[\p{L}'’]+){0,3})"
LOCATION = regex.compile(
    rf"\b(?:at|in)\s+(?:the\s+)?(?:Cafcass\s+)?(?:(?:local|area|main|regional)\s+)?"
    rf"(?:(?:office|offices|base|premises|team\s+base)\s+(?:in|at)\s+)?{PLACE}")

# "The inspection report ... was published in August 2009", "Ofsted published the report of
# its inspection of ... in April 2008"
PUBLISHED = regex.compile(
    rf"\bpublished\b(?:(?!\.\s)[^\n]){{0,120}}?\b(?:in|on)\s+"
    rf"(?P<when>(?:\d{{1,2}}\s+)?{dates._MONTH}\s+(?:19|20)\d\d)", regex.I)
# "the inspection of ... in July 2009", "The inspection in July 2009 reported", "the July 2009
# inspection"; never the monitoring visit itself ("post inspection monitoring ...").
PREVIOUS = [
    regex.compile(rf"(?<!post[- ])\binspection\b(?!\s+monitoring)(?:(?!\.\s)[^\n]){{0,160}}?"
                  rf"\b(?:in|during)\s+(?P<when>{dates._MONTH}\s+(?:19|20)\d\d)", regex.I),
    regex.compile(rf"\b(?P<when>{dates._MONTH}\s+(?:19|20)\d\d)\s+inspection\b", regex.I),
    regex.compile(rf"\binspected\b[^.]{{0,80}}?\bin\s+(?P<when>{dates._MONTH}\s+(?:19|20)\d\d)",
                  regex.I),
]

# "It identified nine areas for improvement", "The report made 4 recommendations",
# "eleven areas for improvement were identified"
STATED = [
    regex.compile(rf"\b(?:identified|made|contained|set\s+out|listed|gave|included|highlighted|"
                  rf"found|were)\s+(?P<n>{NUMBER})\s+(?:areas?\s+for\s+(?:improvement|development)|"
                  rf"recommendations?|areas?)\b", regex.I),
    regex.compile(rf"\b(?P<n>{NUMBER})\s+(?:areas?\s+for\s+improvement|recommendations?)\s+"
                  rf"(?:were|was|had\s+been)\s+(?:identified|made|set\s+out|listed)\b", regex.I),
]

AREA_LABEL = regex.compile(
    r"(?:Area\s+for\s+improvement|Recommendation)\s+(?P<num>\d{1,2})\b\s*(?:[:.–—-]\s*)?", regex.I)

EVIDENCE_LEAD = regex.compile(
    r"\b(?:assessed|scrutini[sz]ed|examined|reviewed|considered|looked\s+at|analysed|sampled|"
    r"evaluated|read)\b[^.]*:?\s*$", regex.I)
PEOPLE_LEAD = regex.compile(
    r"\b(?:met\s+with|met|held\s+discussions\s+with|spoke\s+(?:to|with)|interviewed|talked\s+(?:to|with)"
    r"|meetings\s+with)\b[^.]*:?\s*$", regex.I)

PRIOR = regex.compile(
    r"\A(?:The\s+(?:\d{4}\s+)?inspection|At\s+the\s+(?:time\s+of\s+the\s+)?(?:\d{4}\s+)?inspection|"
    r"In\s+the\s+(?:\d{4}\s+)?inspection|(?:The\s+)?(?:inspection\s+)?report\b|Inspectors\s+"
    r"(?:had\s+)?(?:reported|found|noted|identified)|When\s+inspected|During\s+the\s+"
    r"(?:\d{4}\s+)?inspection|The\s+previous\s+inspection|The\s+last\s+inspection|"
    r"The\s+\w+\s+\d{4}\s+inspection)", regex.I)

# A paragraph that goes on with the earlier inspection's findings: "The report also found that
# ...", "It also noted ...", "Inspectors also found ...", "In addition, the report ...".
PRIOR_MORE = regex.compile(
    r"\A(?:(?:The\s+)?(?:inspection\s+)?report\s+(?:also|further|additionally)\b|"
    r"The\s+(?:\d{4}\s+)?inspection\s+(?:also|further)\b|"
    r"(?:It|Inspectors|They)\s+(?:had\s+)?(?:also|further)\s+(?:found|reported|noted|identified|"
    r"highlighted|judged|said)\b|In\s+addition,?\s+(?:the\s+)?(?:report|inspection|inspectors)\b|"
    r"(?:Furthermore|Moreover|Additionally),?\s+(?:the\s+)?(?:report|inspection|inspectors)\b)",
    regex.I)

OVERALL_LEAD = regex.compile(
    r"\A(?:Having\s+considered|Taking\s+(?:all|account|into\s+account)|In\s+conclusion|Overall|"
    r"In\s+summary|On\s+balance|Ofsted\s+judges|Inspectors\s+judge|To\s+summari[sz]e)\b", regex.I)

OUTCOME_HEADING = regex.compile(r"\A(?:Outcome|Background|The\s+inspection|Summary)\b", regex.I)
FINDINGS_HEADING = regex.compile(r"\A(?:Findings|Progress|Monitoring\s+findings)\b", regex.I)


class CafcassPim:
    name = NAME

    def score(self, doc: Document) -> float:
        return score_signals(doc, SIGNALS)

    def read(self, draft: Draft, layout: Layout, frame: Frame) -> None:
        blocks = layout.blocks
        body = body_blocks(layout, frame)
        _provider(draft, layout, body)
        _visit(draft, layout, body)
        _previous(draft, layout, body)
        labels = [k for k in body if AREA_LABEL.match(blocks[k].text)]
        first_area = labels[0] if labels else (body[-1] + 1 if body else 0)
        _lists(draft, layout, [k for k in body if k < first_area])
        _stated(draft, layout, [k for k in body if k < first_area])
        overall = _find_overall(layout, body, labels)
        area_end_block = overall if overall is not None and labels and overall > labels[-1] else (
            body[-1] + 1 if body else 0)
        _areas(draft, layout, labels, area_end_block)
        _overall(draft, layout, overall)
        for k in body:
            b = blocks[k]
            if b.is_heading_like() and OUTCOME_HEADING.match(b.text) and k < first_area:
                draft.mark(b.start, "outcome", b.text)
            elif (b.is_heading_like() or b.text.endswith(":")) and (
                    FINDINGS_HEADING.match(b.text) and k < first_area):
                draft.mark(b.start, "findings", b.text.rstrip(":"))


def _provider(draft: Draft, layout: Layout, body: list[int]) -> None:
    """"Cafcass", and the service area and its code, from the title or the opening."""
    title = draft.grounding.get("title")
    snippets = [layout.doc.snippet(title.start, title.end)] if title else []
    snippets += [layout.blocks[k].snippet for k in body[:6]]
    name = unit = code = None
    for snippet in snippets:
        text = snippet.text
        if name is None and (m := _CAFCASS.search(text)):
            name = draft.put("provider.name", "Cafcass", *snippet.offsets(*m.span()))
        if unit is None and (m := UNIT_CODE.search(text) or UNIT_ONLY.search(text)):
            unit = draft.put("provider.unit", " ".join(m["unit"].split()),
                             *snippet.offsets(*m.span("unit")))
            if "code" in m.groupdict() and m["code"]:
                code = draft.put("provider.code", m["code"], *snippet.offsets(*m.span("code")))
        if code is None and unit is not None and (m := CODE_ONLY.search(text)):
            code = draft.put("provider.code", m["code"], *snippet.offsets(*m.span("code")))
    if name is None:
        draft.put("provider.name", None)
        draft.warn("IP-W016")
    if unit is None:
        draft.put("provider.unit", None)
    if code is None:
        draft.put("provider.code", None)


def _letter_year(draft: Draft) -> int | None:
    d = draft.get("letter_date")
    return int(d[:4]) if d else None


def _visit(draft: Draft, layout: Layout, body: list[int]) -> None:
    for k in body[:6]:
        b = layout.blocks[k]
        run = dates.parse_day_run(b.text, default_year=_letter_year(draft),
                                  before=draft.get("letter_date"))
        if run is None:
            continue
        days, a, e = run
        draft.put("visit.dates", days, *b.snippet.offsets(a, e))
        m = LOCATION.search(b.text, e, min(len(b.text), e + 80))
        if m and not regex.match(dates._MONTH, m["loc"], regex.I):
            draft.put("visit.location", m["loc"], *b.snippet.offsets(*m.span("loc")))
        else:
            draft.put("visit.location", None)
        return
    draft.put("visit.dates", [])
    draft.put("visit.location", None)
    draft.warn("IP-W015")


def _previous(draft: Draft, layout: Layout, body: list[int]) -> None:
    published = date = None
    for k in body:
        b = layout.blocks[k]
        if published is None:
            m = PUBLISHED.search(b.text)
            if m:
                found = dates.parse_month(m["when"])
                if found:
                    published = found.value
                    draft.put("previous_inspection.published", published,
                              *b.snippet.offsets(*m.span("when")))
        if date is None:
            for pattern in PREVIOUS:
                m = pattern.search(b.text)
                if m and not _in_published_sentence(b.text, m.start("when")):
                    found = dates.parse_month(m["when"])
                    if found:
                        date = found.value
                        draft.put("previous_inspection.date", date,
                                  *b.snippet.offsets(*m.span("when")))
                        break
        if published and date:
            break
    if published is None:
        draft.put("previous_inspection.published", None)
    if date is None:
        draft.put("previous_inspection.date", None)


def _in_published_sentence(text: str, offset: int) -> bool:
    """Is ``offset`` in a sentence about publication ("... was published in April 2008")?"""
    for a, b in sentences(text):
        if a <= offset < b:
            return bool(_PUBLISHED_WORD.search(text, a, offset))
    return False


def _lead(pattern: regex.Pattern[str], text: str) -> regex.Match[str] | None:
    """``pattern.search(text)`` for a lead-in pattern (a verb, then no full stop to the end): a
    match starts after the last full stop, so search from there. From the start, every verb
    before that stop re-scanned to it: quadratic in the paragraph (10,000 characters: 7 s)."""
    return pattern.search(text, text.rfind(".") + 1)


def _lists(draft: Draft, layout: Layout, before_areas: list[int]) -> None:
    blocks = layout.blocks
    evidence: list[str] | None = None
    people: list[str] | None = None
    for k in before_areas:
        b = blocks[k]
        if b.bullet is not None or k + 1 >= len(blocks) or blocks[k + 1].bullet is None:
            continue
        if evidence is None and _lead(EVIDENCE_LEAD, b.text) and not _lead(PEOPLE_LEAD, b.text):
            evidence, _ = list_items(draft, layout, k, "evidence_reviewed")
            draft.mark(b.start, "evidence")
        elif people is None and _lead(PEOPLE_LEAD, b.text):
            people, _ = list_items(draft, layout, k, "people_met")
            if evidence is None:
                draft.mark(b.start, "evidence")
    draft.put("evidence_reviewed", evidence or [])
    draft.put("people_met", people or [])


def _stated(draft: Draft, layout: Layout, before_areas: list[int]) -> None:
    for k in before_areas:
        b = layout.blocks[k]
        for pattern in STATED:
            m = pattern.search(b.text)
            if m:
                n = number_value(m["n"])
                if n:
                    draft.put("areas_stated", n, *b.snippet.offsets(*m.span("n")))
                    if not any(kind == "outcome" for _, kind, _ in draft.marks):
                        draft.mark(b.start, "outcome")
                    return
    draft.put("areas_stated", None)


def _find_overall(layout: Layout, body: list[int], labels: list[int]) -> int | None:
    """The block giving the overall judgement: after the areas (the last such block), else
    before them. It opens like a conclusion, or has "overall" in a sentence with a rating."""
    blocks = layout.blocks
    after = [k for k in body if not labels or k > labels[-1]]
    before = [k for k in body if labels and k < labels[0]]
    for group in (after, before):
        found = [k for k in group if _overall_hit(blocks[k].text) is not None]
        if found:
            return found[-1]
    return None


def _overall_hit(text: str) -> RatingHit | None:
    """The overall rating in ``text``: a rating in a sentence that says "overall" (the first
    after that word), or the first rating of a paragraph that opens like a conclusion."""
    hits = find_ratings(text)
    if not hits:
        return None
    k = 0   # hits and sentences are both in text order: walk them together (not hits x sentences)
    for s0, s1 in sentences(text):
        while k < len(hits) and hits[k].start < s0:
            k += 1
        m = _OVERALL.search(text[s0:s1])
        if m is None:
            continue
        inside = []
        for h in hits[k:]:
            if h.start >= s1:
                break
            inside.append(h)
        later = [h for h in inside if h.start >= s0 + m.start()]
        if later or inside:
            return (later or inside)[0]
    return hits[0] if OVERALL_LEAD.match(text) else None


def _areas(draft: Draft, layout: Layout, labels: list[int], end_block: int) -> None:
    blocks = layout.blocks
    base = draft.get("previous_inspection.published") or draft.get("previous_inspection.date")
    areas: list[dict[str, Any]] = []
    for n, k in enumerate(labels):
        stop = labels[n + 1] if n + 1 < len(labels) else end_block
        label = blocks[k]
        m = AREA_LABEL.match(label.text)
        assert m is not None
        number = int(m["num"])
        region = list(range(k, max(k + 1, stop)))
        rec_block, rec_from = label, m.end()
        rest = region[1:]
        if rec_from >= len(label.text) and rest:
            rec_block, rec_from = blocks[rest[0]], 0
            rest = rest[1:]
        path = f"areas[{len(areas)}]"
        text = rec_block.text[rec_from:].strip()
        draft.ground(f"{path}.text", *rec_block.snippet.offsets(rec_from, len(rec_block.text)))
        area: dict[str, object] = {"number": number, "kind": "improvement", "text": text}
        # deadline
        hit = find_deadline(text)
        if hit is not None:
            shift = len(rec_block.text[rec_from:]) - len(rec_block.text[rec_from:].lstrip())
            draft.ground(f"{path}.deadline",
                         *rec_block.snippet.offsets(rec_from + shift + hit.start,
                                                    rec_from + shift + hit.end))
            due = hit.by if hit.kind == "by_date" else (
                dates.add_months(base, hit.months) if base and hit.months is not None else None)
            area["deadline"] = {"text": hit.text, "kind": hit.kind, "months": hit.months,
                                "due": due}
        else:
            area["deadline"] = {"text": None, "kind": "none", "months": None, "due": None}
        # prior finding, progress, narrative
        finding = _finding(layout, rest)
        if finding.prior:
            (j0, a0, _), (j1, _, e1) = finding.prior[0], finding.prior[-1]
            draft.ground(f"{path}.prior_finding", blocks[j0].snippet.offsets(a0, a0 + 1)[0],
                         blocks[j1].snippet.offsets(e1 - 1, e1)[1])
        if finding.judgement is not None:
            j, s0, s1 = finding.judgement
            draft.ground(f"{path}.progress", *blocks[j].snippet.offsets(s0, s1))
        area["prior_finding"] = _joined(layout, finding.prior)
        area["progress"] = finding.progress
        area["narrative"] = _joined(layout, finding.narrative)
        last = blocks[region[-1]]
        area_span = layout.doc.span(label.start, last.end)
        area["span"] = {"start": area_span.start, "end": area_span.end, "pages": area_span.pages}
        draft.ground(path, label.start, last.end)
        if finding.narrative:
            (j0, a0, _), (j1, _, e1) = finding.narrative[0], finding.narrative[-1]
            draft.ground(f"{path}.narrative", blocks[j0].snippet.offsets(a0, a0 + 1)[0],
                         blocks[j1].snippet.offsets(e1 - 1, e1)[1])
        draft.mark(label.start, "area", label.text[:m.end()].strip(" :.–—-"))
        areas.append(area)
    draft.put("areas", areas)
    if areas and base is None and any(
            a["deadline"]["months"] is not None for a in areas):
        draft.warn("IP-W017")


@attrs.frozen
class _Finding:
    """An area's prior finding and narrative as (block, start, end) pieces of block texts, and
    its progress judgement (the sentence that gives it, and where)."""

    prior: list[tuple[int, int, int]]
    progress: dict[str, object]
    judgement: tuple[int, int, int] | None
    narrative: list[tuple[int, int, int]]


def _finding(layout: Layout, rest: list[int]) -> _Finding:
    """Read the blocks of an area after its recommendation.

    The prior finding is all the letter says the earlier inspection found: from the paragraph
    that opens with it (:data:`PRIOR`) on through paragraphs that go on with it
    (:data:`PRIOR_MORE`, or a sentence carried over a page break) up to the progress judgement;
    where the judgement shares a paragraph with the finding, the sentences before it. The
    narrative is the rest, starting after the judgement where the judgement opens its
    paragraph (after the finding otherwise, so no sentence is lost)."""
    blocks = layout.blocks
    prior: list[tuple[int, int, int]] = []
    progress: dict[str, object] = {"rating": None, "text": None}
    judgement: tuple[int, int, int] | None = None
    after: tuple[int, int] | None = None       # (position in rest, offset): the narrative's start
    for n, j in enumerate(rest):
        text = blocks[j].text
        hits = find_ratings(text)
        if judgement is None:
            opens = not prior and after is None and PRIOR.match(text) is not None
            goes_on = bool(prior) and prior[-1][0] == rest[n - 1] and after is None and (
                PRIOR_MORE.match(text) is not None or text[:1].islower())
            if (opens or goes_on) and not hits:
                prior.append((j, 0, len(text)))
                continue
            if hits:
                s0, s1 = _sentence_around(text, hits[0].start)
                if (opens or goes_on) and text[:s0].strip():
                    prior.append((j, 0, len(text[:s0].rstrip())))
                judgement = (j, s0, s1)
                progress = {"rating": hits[0].rating, "text": text[s0:s1]}
                if after is None:
                    before = text[:s0].strip()
                    part_of_prior = bool(prior) and prior[-1][0] == j
                    after = (n, s1) if not before or part_of_prior else (n, 0)
                continue
        if after is None:
            after = (n, 0)
    narrative: list[tuple[int, int, int]] = []
    if after is not None:
        for n in range(after[0], len(rest)):
            text = blocks[rest[n]].text
            a = after[1] if n == after[0] else 0
            while a < len(text) and text[a].isspace():
                a += 1
            if a < len(text):
                narrative.append((rest[n], a, len(text.rstrip())))
    return _Finding(prior, progress, judgement, narrative)


def _joined(layout: Layout, pieces: list[tuple[int, int, int]]) -> str | None:
    """The text of ``pieces`` (block, start, end): paragraphs joined by a blank line, a
    sentence carried over a page break by one space."""
    out = ""
    for j, a, e in pieces:
        piece = layout.blocks[j].text[a:e].strip()
        if not piece:
            continue
        out += piece if not out else (" " if piece[:1].islower() else "\n\n") + piece
    return out or None


def _sentence_around(text: str, offset: int) -> tuple[int, int]:
    for a, b in sentences(text):
        if a <= offset < b:
            return a, b
    return 0, len(text)


def _overall(draft: Draft, layout: Layout, k: int | None) -> None:
    if k is None:
        draft.put("overall.rating", None)
        draft.put("overall.text", None)
        draft.warn("IP-W010")
        return
    b: Block = layout.blocks[k]
    draft.mark(b.start, "overall")
    chosen = _overall_hit(b.text)
    assert chosen is not None
    s0, s1 = _sentence_around(b.text, chosen.start)
    draft.put("overall.rating", chosen.rating)
    draft.put("overall.text", b.text[s0:s1], *b.snippet.offsets(s0, s1))
    draft.ground("overall.rating", *b.snippet.offsets(chosen.start, chosen.end))
    # Stated counts of ratings ("satisfactory progress ... in six of the nine areas")
    counts = []
    for m2 in STATED_RATING_COUNT.finditer(b.text):
        n = number_value(m2["count"])
        if n:
            counts.append((m2["rating"].lower(), n, m2.group()))
    draft.stated_rating_counts = counts


FAMILY = CafcassPim()
