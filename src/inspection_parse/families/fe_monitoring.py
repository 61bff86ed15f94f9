"""Ofsted's monitoring visits to further education and skills providers (``fe_monitoring``).

These come as short reports rather than letters: no date, addressee or sign-off.
The title is "<Provider> Monitoring visit report" (the provider's name may stand
alone on the line above), and every page carries a running header "Monitoring
visit report: <Provider>, <dates>", which is never the title. A header table of
labelled fields follows ("Unique reference number", "Name of lead inspector:
<Name>, Her Majesty's Inspector", "Visit dates" or "Inspection dates", "Type of
provider", "Address"), then "Monitoring visit: main findings", the context and
focus of the visit, and the **themes**: each a question ("How much progress have
leaders made in ...?", perhaps wrapping over two or three lines) graded
"Significant progress", "Reasonable progress" or "Insufficient progress" (on the
question's last line or alone after it), followed by the evidence.

New-provider visits have three standard themes; reinspection monitoring visits
and the 2020–21 progress visits have themes written for the provider. Each theme
is an area: ``text`` the question, ``progress`` its grade and the grade phrase,
``narrative`` the paragraphs after it. The reports' missing date, recipient,
salutation and sign-off are null with their warnings.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import attrs
import regex

from ..document import Document, Snippet
from ..draft import Draft
from ..extract import dates, people
from ..extract.frame import Frame
from ..segment import TERMINAL, Block, Layout
from .base import Signal, put_names, score_signals, signal, trim
from .la_focused_visit import ROLE_PHRASES
from .la_monitoring_visit import MAX_INSPECTORS

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

# -- the title and the running header --------------------------------------------------------

_YEAR = r"(?:19|20)\d\d"
# The running header on every page: "Monitoring visit report: Northgate Skills Limited,
# 13 and 14 March 2019". Never the title, never the provider.
RUNNING_HEADER = regex.compile(
    rf"\A\s*Monitoring\s+visit(?:\s+report)?\s*[:–-]\s*(?P<provider>\S[^\n]*?)\s*,\s*"
    rf"(?P<dates>\d{{1,2}}\b[^\n]{{0,60}}?\b{_YEAR})"
    # a page number set on the header's line: "... 2019   2", "... 2019 Page 2 of 5"
    r"(?:\s+(?:Page\s+)?\d{1,3}(?:\s+of\s+\d{1,3})?)?\s*\Z", regex.I)
# The title: "Northgate Skills Limited Monitoring visit report" on one line ...
TITLE_WITH_PROVIDER = regex.compile(
    r"\A\s*(?P<provider>\S.*?)\s*[:–-]?\s+(?:(?:Reinspection|Progress|New\s+provider)\s+)?"
    r"Monitoring\s+visit\s+report\s*\Z", regex.I | regex.S)
# ... or "Monitoring visit report" under the provider's name on the line above.
TITLE_ALONE = regex.compile(
    r"\A\s*(?:(?:Reinspection|Progress|New\s+provider)\s+)?Monitoring\s+visit\s+report\s*\Z",
    regex.I)
_HEADER_START = regex.compile(r"\A\s*Monitoring\s+visit(?:\s+report)?\s*[:–-]", regex.I)
_TITLE_WINDOW = 12      # blocks searched for the title
_MAX_PROVIDER = 150

# -- the header table ------------------------------------------------------------------------

# The labels of the table, each with the field it fills and an invented example. A label opens
# a line ("Unique reference number: 2719846", the colon optional, the value perhaps on the next
# line) or, with its colon, stands inside one (a table set as one paragraph: "... Type of
# provider: Employer Address: ...").
LABELS: dict[str, str] = {
    # "Unique reference number: 2719846", "URN: 58123"
    "urn": r"(?:Unique\s+reference\s+number|URN)",
    # "Name of lead inspector: Ann Example, His Majesty’s Inspector"
    "inspector": r"(?:Name\s+of\s+(?:the\s+)?lead\s+inspector|Lead\s+inspector)",
    # "Visit dates: 13 and 14 March 2019", "Inspection dates: 30 September–1 October 2019"
    "dates": r"(?:(?:Monitoring\s+)?visit\s+dates?|Inspection\s+dates?|"
             r"Dates?\s+of\s+(?:the\s+)?(?:monitoring\s+)?(?:visit|inspection))",
    # "Type of provider: Independent learning provider"
    "type": r"(?:Type\s+of\s+provider|Provider\s+type)",
    # "Address: Unit 7, Larkspur Business Park"
    "address": r"(?:Address(?:\s+of\s+provider)?)",
    # "Name of provider: Northgate Skills Limited"
    "provider": r"(?:Name\s+of\s+provider|Provider\s+name)",
}
LINE_LABEL: dict[str, regex.Pattern[str]] = {
    key: regex.compile(rf"\A\s*(?P<label>{label})\b(?:\s*:|\t+|\s{{2,}}|\s(?=\S)|\s*\Z)?",
                       regex.I) for key, label in LABELS.items()}
MID_LABEL: dict[str, regex.Pattern[str]] = {
    key: regex.compile(rf"(?<=\s)(?P<label>{label})\s*:", regex.I)
    for key, label in LABELS.items()}
_URN = regex.compile(r"\A\d{5,8}\Z")
_HEAD_LINES = 60
# Where the header table ends: the first section of the report.
_TABLE_END = regex.compile(
    r"\A\s*(?:Monitoring\s+visit\s*:\s*main\s+findings|Context\s+and\s+focus|Themes?\b)", regex.I)

# -- themes ----------------------------------------------------------------------------------

_GRADE = r"(?P<grade>(?P<rating>Significant|Reasonable|Insufficient)\s+progress)"
# What may follow a grade in its block: nothing, or (the grade's line run on into the
# evidence) a sentence: "Reasonable progress Leaders have ...".
_AFTER_GRADE = r"(?:\s*[.:]?\s*\Z|\s*[.:]?\s+(?P<rest>\p{Lu}.*\S)\s*\Z)"
# A theme: a question with its grade after it on the same line ("...provision? Reasonable
# progress"), or the grade opening the next block.
GRADED_QUESTION = regex.compile(rf"\A(?P<question>[^?]{{1,600}}\?)\s+{_GRADE}{_AFTER_GRADE}",
                                regex.I | regex.S)
GRADE_OPENS = regex.compile(rf"\A\s*{_GRADE}{_AFTER_GRADE}", regex.I | regex.S)
GRADE_ALONE = regex.compile(rf"\A\s*{_GRADE}\s*[.:]?\s*\Z", regex.I)
_MAX_THEME = 600
_MAX_BLOCK = 5000       # a question's block, the evidence perhaps run on after its grade
_MAX_THEME_BLOCKS = 3   # a question wraps over at most three lines (blocks, where they split)
_THEMES_HEADING = regex.compile(r"\AThemes?\s*:?\s*\Z", regex.I)
# How a question wrapped over two or three blocks begins: "How much progress ...", "What
# progress ...", "To what extent ...".
QUESTION_START = regex.compile(
    r"\A(?:How|What|To\s+what\s+extent|In\s+what|Has|Have|Are|Is|Do|Does|Did|Can|Were|Was|"
    r"Which|Why)\b", regex.I)


class FeMonitoring:
    name = NAME

    def score(self, doc: Document) -> float:
        return score_signals(doc, SIGNALS)

    def read(self, draft: Draft, layout: Layout, frame: Frame) -> None:
        _no_letter_date(draft)
        layout, headers = without_running_headers(layout)
        first = _title(draft, layout)
        table = _table(layout)
        _provider(draft, layout, table, headers)
        _visit(draft, layout, table)
        _themes(draft, layout, list(range(first, len(layout.blocks))))


def _no_letter_date(draft: Draft) -> None:
    """A report is not dated: a date the frame took from the header table (a visit date
    alone on its line) is not one. Its warning goes where the frame puts it, after the
    salutation's, so that the warnings do not depend on how the table was laid out."""
    if draft.get("letter_date") is not None:
        draft.put("letter_date", None)
        draft.grounding.pop("letter_date", None)
        draft.marks[:] = [m for m in draft.marks if m[1] != "date"]
        at = next((n + 1 for n, w in enumerate(draft.warnings) if w.code == "IP-W012"), 0)
        draft.warn("IP-W004")
        draft.warnings.insert(at, draft.warnings.pop())


class _Header(NamedTuple):
    provider: str
    start: int          # the provider's name in the document
    end: int
    line: int           # the header's line
    body: bool          # whether the loader left the line in the body (not furniture)


def without_running_headers(layout: Layout) -> tuple[Layout, list[_Header]]:
    """The layout with every running header "Monitoring visit report: <Provider>, <dates>"
    set aside as page furniture (wherever it stands: a page's top, between the halves of a
    question cut by a page break), and those headers.

    A grade alone on its line ("Reasonable progress") that the loader took for a running
    header (the same words near two page breaks) is put back in the body: a report's grades
    repeat, its running header is the one above."""
    doc = layout.doc
    headers: list[_Header] = []
    lines = list(doc.lines)
    restored = False
    skip = -1
    for i, line in enumerate(doc.lines):
        if i <= skip or line.end - line.start > 300:
            continue
        raw = doc.text[line.start:line.end].replace("**", "")
        if line.furniture == "running_header" and GRADE_ALONE.match(raw):
            lines[i] = attrs.evolve(line, furniture=None)
            restored = True
            continue
        if line.furniture is not None:
            m = RUNNING_HEADER.match(raw)
            if m is not None:       # the loader's own: named, left as it is, not grounded
                headers.append(_Header(m["provider"], line.start, line.end, i, False))
            continue
        # the header on its line, or (set in the body where a page break fell in a text
        # that flows) wrapped onto a second
        for last in (i, i + 1):
            if last >= len(doc.lines) or doc.lines[last].furniture is not None or (
                    last > i and not _HEADER_START.match(raw)):
                break
            snippet = doc.snippet(line.start, doc.lines[last].end)
            m = RUNNING_HEADER.match(snippet.text)
            if m is None:
                continue
            a, e = snippet.offsets(*m.span("provider"))
            headers.append(_Header(m["provider"], a, e, i, True))
            for k in range(i, last + 1):
                lines[k] = attrs.evolve(doc.lines[k], furniture="running_header")
            skip = last
            break
    if not restored and not any(h.body for h in headers):
        return layout, headers
    cleaned = Document(doc.text, lines, path=doc.path, sha256=doc.sha256, format=doc.format,
                       page_count=doc.page_count, notes=doc.notes)
    return Layout(cleaned), headers


def _title(draft: Draft, layout: Layout) -> int:
    """Put the title "<Provider> Monitoring visit report" (the name perhaps alone in the block
    above) in place of whatever the frame took; return the first block after it."""
    blocks = layout.blocks
    found: tuple[int, int] | None = None       # (first block, last block)
    for k in range(min(len(blocks), _TITLE_WINDOW)):
        if blocks[k].bullet is not None:
            continue
        text = blocks[k].text
        if len(text) > _MAX_PROVIDER + 40:
            continue
        if TITLE_ALONE.match(text):
            above = k - 1
            found = (above, k) if above >= 0 and _could_be_name(blocks[above]) else (k, k)
            break
        if TITLE_WITH_PROVIDER.match(text):
            found = (k, k)
            break
    draft.marks[:] = [m for m in draft.marks if m[1] not in ("title", "introduction")]
    if found is None:
        draft.put("title", None)
        draft.grounding.pop("title", None)
        draft.warn("IP-W013")
        return 0
    a, e = found
    text = " ".join(blocks[k].text for k in range(a, e + 1))
    draft.put("title", text, blocks[a].start, blocks[e].end)
    draft.mark(blocks[a].start, "title")
    if e + 1 < len(blocks):
        draft.mark(blocks[e + 1].start, "introduction")
    return e + 1


def _could_be_name(block: Block) -> bool:
    t = block.text
    return (block.bullet is None and 0 < len(t) <= _MAX_PROVIDER and not t.endswith(TERMINAL)
            and not _is_label(t) and t[:1].isalnum())


class _Field(NamedTuple):
    value: str
    lines: list[tuple[str, int, int]]      # each line of the value, with its offsets


def _table(layout: Layout) -> dict[str, _Field]:
    """The labelled fields of the header table, read paragraph by paragraph up to the report's
    first section: each label's value runs to the next label or the paragraph's end (a value
    on the line under its label, an address over several lines, a table set as one paragraph
    whose lines cut a label in two)."""
    doc = layout.doc
    idx = [i for i, line in enumerate(doc.lines) if line.furniture is None][:_HEAD_LINES]
    paragraphs: list[list[int]] = []
    for i in idx:
        text = doc.snippet(doc.lines[i].start, doc.lines[i].end).text
        if paragraphs and _TABLE_END.match(text):
            break
        if not paragraphs or doc.lines[i].gap_before or doc.lines[i].page_break_before:
            paragraphs.append([])
        paragraphs[-1].append(i)
    out: dict[str, _Field] = {}
    for lines in paragraphs:
        sn = doc.snippet(doc.lines[lines[0]].start, doc.lines[lines[-1]].end)
        found = _labels_in(sn.text)
        for j, (_, e, key) in enumerate(found):
            stop = found[j + 1][0] if j + 1 < len(found) else len(sn.text)
            a, z = trim(sn.text, e, stop)
            if z <= a or key in out:
                continue
            d0, d1 = sn.offsets(a, z)
            out[key] = _Field(sn.text[a:z], _lines_of(doc, d0, d1))
    return out


def _lines_of(doc: Document, start: int, end: int) -> list[tuple[str, int, int]]:
    """``[start, end)`` line by line: each line's part as a value, with its offsets."""
    parts = []
    for i in doc.lines_between(start, end):
        line = doc.lines[i]
        if line.furniture is not None:
            continue
        sn = doc.snippet(max(start, line.start), min(end, line.end))
        if sn.text:
            parts.append((sn.text, sn.start, sn.end))
    return parts


def _labels_in(text: str) -> list[tuple[int, int, str]]:
    """The labels in the text of a paragraph of the table: (label start, value start, key),
    in order."""
    found: list[tuple[int, int, str]] = []
    for key in LABELS:
        m = LINE_LABEL[key].match(text)
        if m is not None:
            found.append((m.start("label"), m.end(), key))
        found += [(x.start(), x.end(), key) for x in MID_LABEL[key].finditer(text)]
    found.sort()
    out: list[tuple[int, int, str]] = []
    for a, e, key in found:
        if not out or a >= out[-1][1]:
            out.append((a, e, key))
    return out


def _is_label(text: str) -> bool:
    return any(p.match(text) for p in LINE_LABEL.values())


def _provider(draft: Draft, layout: Layout, table: dict[str, _Field], headers: list[_Header]
              ) -> None:
    title, span = draft.get("title"), draft.grounding.get("title")
    named: str | None = None
    if title and span is not None:
        m = TITLE_WITH_PROVIDER.match(title)
        if m is not None and len(m["provider"]) <= _MAX_PROVIDER:
            snippet = layout.doc.snippet(span.start, span.end)
            named = m["provider"]
            draft.put("provider.name", named, *snippet.offsets(*m.span("provider")))
    if named is None and "provider" in table:
        _, a, e = table["provider"].lines[0]
        named = draft.put("provider.name", table["provider"].value, a, e)
    in_headers = {h.provider for h in headers}
    if named is None and len(in_headers) == 1:
        # grounded only where the loader left the header in the body (a furniture line is
        # not read back as a value)
        h = headers[0]
        named = draft.put("provider.name", h.provider, *((h.start, h.end) if h.body else ()))
    if named is None:
        draft.put("provider.name", None)
        draft.warn("IP-W016")
    elif in_headers and any(_key(h) != _key(named) for h in in_headers):
        draft.warn("IP-W037", ", ".join(sorted(in_headers)))
    urn = table.get("urn")
    if urn is not None and _URN.match(urn.value):
        draft.put("provider.urn", urn.value, *urn.lines[0][1:])
    else:
        draft.put("provider.urn", None)
        draft.warn("IP-W036", repr(urn.value) if urn else None)
    kind = table.get("type")
    draft.put("provider.type", kind.value if kind else None, *(kind.lines[0][1:] if kind else ()))
    address = table.get("address")
    lines = _address_lines(layout.doc, address) if address else []
    draft.put("provider.address", [t for t, _, _ in lines])
    for n, (_, a, e) in enumerate(lines):
        draft.ground(f"provider.address[{n}]", a, e)
    missing = [name for name, got in (("type", kind), ("address", address)) if got is None]
    if missing:
        draft.warn("IP-W039", " and ".join(missing))


def _key(name: str) -> str:
    return " ".join(regex.sub(r"[^\w]+", " ", name.casefold()).split())


def _address_lines(doc: Document, field: _Field) -> list[tuple[str, int, int]]:
    """One entry a line of the address, each line also cut at its commas ("Unit 7, Larkspur
    Business Park" gives two)."""
    out = []
    for text, a, z in field.lines:
        sn = doc.snippet(a, z)
        for m in regex.finditer(r"[^,]+", text):
            s, e = trim(text, *m.span())
            if e > s:
                out.append((text[s:e], *sn.offsets(s, e)))
    return out


def _visit(draft: Draft, layout: Layout, table: dict[str, _Field]) -> None:
    draft.put("visit.location", None)
    found = table.get("dates")
    value = _value(layout, found) if found else None
    run = dates.parse_day_run(value.text) if value else None
    if value is not None and run is not None:
        days, d0, d1 = run
        draft.put("visit.dates", days, *value.offsets(d0, d1))
    else:
        draft.put("visit.dates", [])
        draft.warn("IP-W015", repr(found.value) if found else None)
    inspector = table.get("inspector")
    value = _value(layout, inspector) if inspector else None
    names: list[tuple[str, int, int]] = []
    if value is not None:
        blanked = ROLE_PHRASES.sub(lambda r: " " * len(r.group()), value.text)
        names = people.split_people(blanked)
    if not names or len(names) > MAX_INSPECTORS or value is None:
        draft.put("visit.inspectors", [])
        draft.warn("IP-W018")
        return
    put_names(draft, "visit.inspectors", names, value)


def _value(layout: Layout, field: _Field) -> Snippet:
    """A field's value as one text (its lines joined), mapped back to the document."""
    return layout.doc.snippet(field.lines[0][1], field.lines[-1][2])


# -- themes ----------------------------------------------------------------------------------


class _Theme(NamedTuple):
    first: int          # index into the body of the question's first block
    last: int           # ... and of the block that holds its grade (its last, or the next)
    question: str
    qa: int             # the question's offsets in the document
    qe: int
    grade: str | None   # the grade phrase, its offsets and rating (None: ungraded)
    ga: int
    ge: int
    rating: str | None
    rest: int | None    # where the evidence starts in the grade's block, if it runs on there


def _joins(prev: Block, nxt: Block) -> bool:
    """Does ``nxt`` go on with the question ``prev`` started (a wrapped question set as two
    blocks)?"""
    t = prev.text.rstrip(" *")
    if nxt.bullet is not None or t.endswith(TERMINAL):
        return False
    return nxt.text[:1].islower() or (prev.bold and nxt.bold)


def _question_at(layout: Layout, body: Sequence[int], n: int) -> _Theme | None:
    """The theme whose question starts at ``body[n]``, graded or not, or None."""
    blocks = layout.blocks
    first = blocks[body[n]]
    if first.bullet is not None or len(first.text) > _MAX_BLOCK or not first.text[:1].isupper():
        return None
    parts = [first]
    while True:
        last = parts[-1]
        joined = " ".join(b.text for b in parts)
        m = GRADED_QUESTION.match(joined)
        if m is not None:
            qa, qe = trim(joined, *m.span("question"))
            shift = len(joined) - len(last.text)
            ga, ge = m.span("grade")
            rest = m.start("rest") - shift if m["rest"] else None
            return _theme(parts, n, n + len(parts) - 1, joined, qa, qe,
                          (last, ga - shift, ge - shift, m["rating"], rest))
        if joined.rstrip(" *").endswith("?"):
            k = n + len(parts)
            g = GRADE_OPENS.match(blocks[body[k]].text) if k < len(body) else None
            qa, qe = trim(joined, 0, len(joined))
            if g is not None:
                return _theme(parts, n, k, joined, qa, qe,
                              (blocks[body[k]], *g.span("grade"), g["rating"],
                               g.start("rest") if g["rest"] else None))
            return _theme(parts, n, n + len(parts) - 1, joined, qa, qe, None)
        k = n + len(parts)
        if (len(parts) >= _MAX_THEME_BLOCKS or k >= len(body) or not QUESTION_START.match(
                first.text) or not _joins(last, blocks[body[k]]) or len(joined) > _MAX_THEME):
            return None
        parts.append(blocks[body[k]])


def _theme(parts: list[Block], first: int, last: int, joined: str, qa: int, qe: int,
           grade: tuple[Block, int, int, str, int | None] | None) -> _Theme:
    """A :class:`_Theme` from the question's blocks and the characters of ``joined`` (their
    texts joined by one space) that are the question, and the grade found."""
    def at(i: int) -> tuple[Block, int]:
        """The block of ``parts`` that holds character ``i`` of ``joined``, and its index."""
        pos = 0
        for b in parts:
            if i < pos + len(b.text):
                return b, max(0, i - pos)
            pos += len(b.text) + 1
        return parts[-1], len(parts[-1].text) - 1

    question = joined[qa:qe]
    (b0, i0), (b1, i1) = at(qa), at(qe - 1)
    q0, q1 = b0.snippet.offsets(i0, i0 + 1)[0], b1.snippet.offsets(i1, i1 + 1)[1]
    if grade is None:
        return _Theme(first, last, question, q0, q1, None, 0, 0, None, None)
    gb, ga, ge, rating, rest = grade
    g0, g1 = gb.snippet.offsets(ga, ge)
    return _Theme(first, last, question, q0, q1, gb.text[ga:ge], g0, g1, rating.lower(), rest)


def _find_themes(layout: Layout, body: list[int]) -> list[_Theme]:
    """Graded questions; and, after a "Themes" heading or among graded ones, a question that
    is left ungraded (flagged IP-W038 by the caller)."""
    blocks = layout.blocks
    themes: list[_Theme] = []
    in_themes = False
    n = 0
    while n < len(body):
        b = blocks[body[n]]
        if _THEMES_HEADING.match(b.text):
            in_themes = True
        theme = _question_at(layout, body, n)
        if theme is not None and (theme.rating is not None or in_themes):
            themes.append(theme)
            n = theme.last + 1
            continue
        n += 1
    graded = [t for t in themes if t.rating is not None]
    return themes if graded else []


def _themes(draft: Draft, layout: Layout, body: list[int]) -> None:
    """Each graded question is an area; the paragraphs up to the next are its narrative.

    Where a line the loader read otherwise (a running header it left in the text, a grade it
    took for page furniture) stands inside the span of a grade or a narrative, that value is
    not grounded: the span would not read back as the value."""
    blocks = layout.blocks
    themes = _find_themes(layout, body)
    in_body = [line.start for line, was in zip(layout.doc.lines, draft.doc.lines, strict=True)
               if line.furniture != was.furniture]

    def ground(path: str, a: int, e: int) -> None:
        if not any(a <= x < e for x in in_body):
            draft.ground(path, a, e)

    areas: list[dict[str, object]] = []
    for t, theme in enumerate(themes):
        path = f"areas[{t}]"
        first = blocks[body[theme.first]]
        stop = themes[t + 1].first if t + 1 < len(themes) else len(body)
        paragraphs = [(b.text, b.start, b.end) for b in (
            blocks[body[k]] for k in range(theme.last + 1, stop)) if not b.is_heading_like()]
        if theme.rest is not None:      # the evidence run on after the grade, in its block
            gb = blocks[body[theme.last]]
            paragraphs.insert(0, (gb.text[theme.rest:],
                                  gb.snippet.offsets(theme.rest, len(gb.text))[0], gb.end))
        end = paragraphs[-1][2] if paragraphs else max(theme.qe, theme.ge)
        span = layout.doc.span(first.start, end)
        draft.ground(path, first.start, end)
        draft.ground(f"{path}.text", theme.qa, theme.qe)
        if theme.grade is not None:
            ground(f"{path}.progress", theme.ga, theme.ge)
        else:
            draft.warn("IP-W038", repr(theme.question[:80]))
        if paragraphs:
            ground(f"{path}.narrative", paragraphs[0][1], end)
        draft.mark(first.start, "area", theme.question)
        areas.append({
            "number": None, "kind": "improvement", "text": theme.question,
            "progress": {"rating": theme.rating, "text": theme.grade},
            "narrative": "\n\n".join(p[0] for p in paragraphs) or None,
            "span": {"start": span.start, "end": span.end, "pages": span.pages},
        })
    draft.put("areas", areas)


FAMILY = FeMonitoring()
