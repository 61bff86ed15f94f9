"""Joint targeted area inspection letters to a local safeguarding partnership (``la_jtai``).

Ofsted, the Care Quality Commission, HMI Constabulary (and Fire & Rescue Services) and HMI
Probation inspect together how an area's agencies protect children, and write one letter to
all the area's service leaders. Shape of the letter:

- six to twelve addressees, one a line, "Name, Role, Organisation" (a long one wraps onto the
  next line; an early letter may put two on one line, or a blank line between them);
- "Dear local partnership" or "Dear <Area> Safeguarding Children Partnership";
- the title "Joint targeted area inspection of <Area>" or "... of the multi-agency response to
  <theme> in <Area>", two or three lines;
- the days of the inspection ("Between 16 and 20 October 2017, Ofsted, ..." until 2020; "This
  inspection took place from 9 to 13 December 2024." since);
- until 2020: "Key strengths" bullets, "Case study" boxes, "Area(s) for priority action" and
  "Areas for improvement" whose bullets sit under sub-headings ("Leadership", "Identifying and
  managing risk of harm at the 'front door'"), then "Case study: area(s) for improvement" (a
  worked example, not a list of areas); since: "Headline findings", "Area(s) for priority
  action" (or none), "What needs to improve?" and "Strengths" as plain bullet lists;
- "Next steps": the principal authority "should send the written statement of (proposed)
  action to ... by <date>" (that sentence is the record's ``response``);
- one signer per inspectorate, each name followed by a role line or two; older letters set
  the signers in a two-by-two grid under the inspectorates' names, set in bold.

Every value is grounded; where one cannot be read it is null with a warning.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
from collections.abc import Sequence

import attrs
import regex

from .. import authorities, plausible
from ..document import Document, Snippet
from ..draft import Draft
from ..extract import dates, people
from ..extract.frame import Frame
from ..segment import Block, Layout
from .base import Signal, body_blocks, mark_headings, score_signals, signal

NAME = "la_jtai"

# Without the title, the other signals add up to less than the threshold (2.5 < 3): an area
# SEND inspection report, or a report that discusses a JTAI, says these things too.
SIGNALS: list[Signal] = [
    # The title, at the start of a line: "Joint targeted area inspection of Harrow".
    signal(r"(?m)^[ \t*]*Joint\s+targeted\s+area\s+inspection\s+(?:\(JTAI\)\s+)?of\b", 4.0,
           "Joint targeted area inspection of the multi-agency response to abuse and neglect in "
           "Wokingham", head_only=True),
    signal([r"\bjoint\s+targeted\s+area\s+inspection\b", r"\bJTAI\b"], 1.0,
           "the findings of the joint targeted area inspection (JTAI) of ..."),
    signal(r"\bwritten\s+statement\s+of\s+(?:proposed\s+)?action\b", 0.5,
           "should prepare a written statement of proposed action"),
    signal(r"\bCare\s+Quality\s+Commission\b", 0.5, "Ofsted, the Care Quality Commission (CQC)"),
    signal(r"(?m)^[ \t]*Dear\b[^\n]{0,80}?\bpartnership\b", 0.5,
           "Dear Harrow Strategic Safeguarding Partnership", head_only=True),
]

# -- the title and the area ----------------------------------------------------------------

# "Joint targeted area inspection of [the multi-agency response to <theme> in] <Area>": the
# area is what follows the last " in " of a themed title, else what follows "of".
TITLE_LEAD = regex.compile(
    r"\A\s*Joint\s+targeted\s+area\s+inspection\s+(?:\(JTAI\)\s+)?of\s+", regex.I)
# "... of the multi-agency response(s) to abuse and neglect in the London Borough of Croydon"
TITLE_THEME = regex.compile(r"the\s+multi-agency\s+(?:identification\s+and\s+)?responses?\b",
                            regex.I)
# The area named where the title does not name it: "... and of the work of individual agencies
# in Greenwich local authority." (opening paragraphs).
AREA_IN_OPENING = [
    regex.compile(
        r"\bindividual\s+agencies\s+in\s+(?:the\s+)?(?P<area>\p{Lu}[\p{L}’'&,\- ]{1,80}?)"
        r"(?:\s+local\s+(?:authority|area))?\s*[.;]", regex.I),
    # "... the findings of the joint targeted area inspection (JTAI) of the multi-agency
    # response to serious youth violence in Manchester."
    regex.compile(
        r"\bmulti-agency\s+(?:identification\s+and\s+)?responses?\b[^.]{0,200}\bin\s++"
        r"(?:the\s+)?(?P<area>\p{Lu}[\p{L}’'&\- ]{1,60}?)(?:\s+local\s+(?:authority|area))?"
        r"\s*\.", regex.I),
]
_LEADING_THE = regex.compile(r"the\s+", regex.I)

# -- headings ------------------------------------------------------------------------------

# Headings that open a list of areas, with the kind of area they list.
AREA_HEADINGS: list[tuple[regex.Pattern[str], str, str]] = [
    (regex.compile(r"\AAreas?\s+(?:for|of|requiring)\s+priority\s+actions?\b", regex.I),
     "priority_action", "Areas for priority action"),
    (regex.compile(r"\AWhat\s+needs\s+to\s+improve\b", regex.I), "improvement",
     "What needs to improve?"),
    (regex.compile(r"\AAreas?\s+(?:for|of|requiring)\s+improvement\b", regex.I), "improvement",
     "Areas for improvement"),
]
STRENGTHS_HEADING = regex.compile(r"\A(?:Key\s+|Multi-agency\s+)?strengths\b\W*\Z", regex.I)
# Headings that end a list section whatever follows them (the sections around the lists).
SECTION_END = regex.compile(
    r"\A(?:(?:Case|Practice)\s+stud(?:y|ies)\b|Next\s+steps\b|Headline\s+findings\b|"
    r"Main\s+findings\b|Key\s+findings\b)", regex.I)
# "◼ There are no areas for priority action": a bullet that says the list is empty.
NONE_ITEM = regex.compile(
    r"\AThere\s+(?:are|were)\s+no\s+(?:areas?\s+(?:for|of|requiring)\s+)?priority\s+actions?\b",
    regex.I)
FINDINGS_HEADINGS = regex.compile(
    r"\A(?:Headline\s+findings|Main\s+findings|Key\s+findings|Summary)\b\W*\Z", regex.I)

# -- the inspection's days -----------------------------------------------------------------

# "Between 16 May and 20 May, Ofsted, ...", "This inspection took place from 9 to 13 December
# 2024.": the run of days follows the cue.
VISIT_CUE = regex.compile(
    r"\b(?:between|took\s+place|carried\s+out|undertook|inspected\s+(?:from|between))\b|"
    r"\A\s*From\b", regex.I)
_MAX_DAYS = 14
_OPENING_BLOCKS = 6
_MAX_CUES = 4           # cues tried in one paragraph (each reads the paragraph's rest)

# -- the response --------------------------------------------------------------------------

# "The local authority should send the written statement of action to ... by 6 October 2016."
# (the sentence with "written statement" and "by <date>"; the weekday may stand before it).
RESPONSE_DUE = regex.compile(
    r"\bby\s+(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+)?"
    r"(?P<date>\d{1,2}(?:st|nd|rd|th)?\s+\p{L}{3,9},?\s+(?:19|20)\d\d)\b", regex.I)
WRITTEN_STATEMENT = regex.compile(r"\bwritten\s+statement\b", regex.I)
# Where a sentence ends: a full stop (or ! ?), perhaps a footnote number, then space and a
# capital. "ofsted.gov.uk" has no space after its stops.
# The end of the sentence with the deadline: its full stop ("... by 30 March 2020.This
# statement": some letters leave out the space).
_SENTENCE_END = regex.compile(r"[.!?](?=\s|\p{Lu}|\Z)")
_SENTENCE_BREAK = regex.compile(r"[.!?][’”)]?\d{0,2}\s++(?=[\p{Lu}‘“(])")

# -- people --------------------------------------------------------------------------------

# Words that stand before a name without being it: honorifics and police ranks
# ("Chief Superintendent Daniel Knowles", "Acting Chief Constable Jim Colwell").
_PREFIX_WORDS = frozenset(
    "mr mrs ms miss mx dr prof professor sir dame lord lady rev cllr councillor acting a/chief "
    "chief detective superintendent supt constable commander assistant deputy".split())
# Letters after a name: "QPM", "CBE QPM", "BSc MB ChB MSc DCH FRCA".
_POSTNOMINAL = regex.compile(
    r"\A(?:[A-Z]{0,2}BE|QPM|CB|KCB|CMG|CVO|LVO|MVO|KC|QC|DL|JP|MP|MD|MA|BA|MBA|MB|BS|BM|ChB|"
    r"B\.?Sc|M\.?Sc|Ph\.?D|DPhil|DCH|RGN|RN|RMN|RSCN|LLB|MPH|FFPH|FRC[A-Z]{1,4}|MRC[A-Z]{1,4})\Z")
_PARTICLES = frozenset("de van von da di le la du del der bin al st".split())
# A word of a name: "Hogan-Howe", "O’Brien", "D’Austin", "McSherry", "YvetteStanley".
_NAME_WORD = regex.compile(r"\A\p{Lu}[\p{L}’'.-]*\Z")
# Words that make a phrase a job, a body or a place rather than a name (beside people's
# ROLE_WORDS and ORG_WORDS): "Accountable Officer", "Probation Director", "NHS ...".
_NOT_NAME_WORDS = regex.compile(
    r"\A(?:Accountable|Probation|Divisional|Nurse|Nursing|Constable|Commander|Scrutineer|Mayor|"
    r"Police|Policing|Crime|NHS|CCGs?|ICB|YOT|NPS|CRC|CEO|Youth|Safeguarding|Services?|Care|"
    r"Health|Healthcare|Quality|Medical|Clinical|Commissioning|Designated|Independent|"
    r"Territorial|Borough|Board|Partnership|Division|Unit|Team|Integrated|Community|National|"
    r"Regional|Local|Public|Children[’']?s?|Adults?|Families|Education|Place|Executive|Lead|"
    r"Chair|Inspector|Inspectorate|HMI\w*|Ofsted|Commission|Council|County|City|Trust|Group|"
    r"Company|Foundation|Hospitals?|University|Directorate|Department|Office|Operating)\Z",
    regex.I)
# First words of a place, not a person: "East Berkshire", "North Yorkshire".
_PLACE_START = frozenset("north south east west greater central upper lower isle royal".split())
# Two addressees on one line: "... NHS Oxfordshire CCG Mr Anthony Stansfield, Police and ...":
# the second opens with an honorific and its name and comma.
SECOND_ADDRESSEE = regex.compile(
    r"(?<=\S)\s++(?=(?:Mr|Mrs|Ms|Miss|Dr|Sir|Dame)\.?\s+\p{Lu}[\p{L}’'-]+"
    r"(?:\s+\p{Lu}[\p{L}’'-]+){0,3}\s*,)")
# The inspectorates' names, set in bold over the signers in older letters: "Ofsted", "Care
# Quality Commission", "HMI Constabulary and Fire & Rescue Services", "HMI Probation".
INSPECTORATE = regex.compile(
    r"\A(?:Ofsted|Care\s+Quality\s+Commission|CQC|HMICFRS|HMIC|HMI\s+Prob(?:ation)?|"
    r"HMI\s+Constabulary(?:\s+and\s+Fire\s*(?:&|and)\s*Rescue(?:\s+Services)?)?|"
    r"(?:Her|His)\s+Majesty[’']s\s+Inspectorate\s+of\s+[\p{L}&, ]+|"
    r"HM\s+Inspectorate\s+of\s+[\p{L}&, ]+)\Z", regex.I)
# Lines that open a role under a signer's name ("Deputy Chief Inspector", "His Majesty’s
# Inspector of Fire & Rescue Services"); a line that opens no role, name or inspectorate
# continues the line above ("Chief Inspector of ... Integrated Care, Care" / "Quality
# Commission").
ROLE_START = regex.compile(
    r"\A(?:(?:Her|His)\s+Majesty[’']s|HM\b|HMI\b|Chief|Deputy|Assistant|National|Regional|"
    r"Director|Inspector|Head|Lead|Senior|Interim|Acting|Associate|Executive|Principal)", regex.I)
# A line that is all doubled letters: a bold run the PDF drew twice ("OOffffeennddiinngg").
_DOUBLED = regex.compile(r"\A(?:(\S)\1|\s)+[.,;:]?\Z")


class JointTargetedAreaInspection:
    """Reads a JTAI letter's addressees, area, days, areas, strengths, response and signers."""

    name = NAME

    def score(self, doc: Document) -> float:
        return score_signals(doc, SIGNALS)

    def read(self, draft: Draft, layout: Layout, frame: Frame) -> None:
        body = body_blocks(layout, frame)
        _recipients(draft, layout, frame)
        _provider(draft, layout, body)
        _visit_dates(draft, layout, body)
        _areas(draft, layout, body)
        _strengths(draft, layout, body)
        _response(draft, layout, body)
        _signatories(draft, layout, frame)
        mark_headings(draft, layout, body, [(FINDINGS_HEADINGS, "findings")])


FAMILY = JointTargetedAreaInspection()


# == addressees ==============================================================================

@attrs.frozen
class _Piece:
    """A part of one line that belongs to one addressee: ``snippet`` is the line's value,
    ``[a, b)`` the part of it; ``doubled`` when the PDF drew every letter twice."""

    snippet: Snippet
    a: int
    b: int
    doubled: bool = False

    @property
    def text(self) -> str:
        t = self.snippet.text[self.a:self.b]
        return _undouble(t) if self.doubled else t

    def offsets(self, i: int, j: int) -> tuple[int, int]:
        """Document offsets of characters ``[i, j)`` of :attr:`text`."""
        if self.doubled:        # letters drawn twice: the whole part is where the value is
            return self.snippet.offsets(self.a, self.b)
        return self.snippet.offsets(self.a + i, self.a + j)


class _Joined:
    """Pieces of lines joined with one space, mapping characters back to document offsets."""

    def __init__(self, pieces: Sequence[_Piece]) -> None:
        self.pieces = list(pieces)
        texts, starts, pos = [], [], 0
        for p in self.pieces:
            t = p.text.strip()
            lead = len(p.text) - len(p.text.lstrip())
            starts.append((pos, lead))
            texts.append(t)
            pos += len(t) + 1
        self.text = " ".join(texts)
        self._starts = starts

    def offsets(self, i: int, j: int) -> tuple[int, int]:
        """Document offsets of characters ``[i, j)`` of :attr:`text` (a range across pieces
        runs from where its first character is to where its last one ends)."""
        j = max(i + 1, j)
        first = self._locate(i)
        last = self._locate(j - 1)
        return first[0], last[1]

    def _locate(self, k: int) -> tuple[int, int]:
        for n in range(len(self.pieces) - 1, -1, -1):
            pos, lead = self._starts[n]
            if k >= pos:
                local = lead + min(k - pos, max(0, len(self.pieces[n].text.strip()) - 1))
                return self.pieces[n].offsets(local, local + 1)
        return self.pieces[0].offsets(0, 1)


def _undouble(text: str) -> str:
    """"OOffffeennddiinngg SSeerrvviiccee." → "Offending Service.": every other letter of each
    word."""
    return str(_WORD_RUN.sub(lambda m: m.group()[::2], text))


_WORD_RUN = regex.compile(r"\S+")


def _recipient_lines(layout: Layout, frame: Frame, draft: Draft) -> list[int]:
    """Indices of the non-furniture lines between the date and "Dear ..." (where the date
    stands right above "Dear ...", the block above the date)."""
    doc = layout.doc
    span = draft.grounding.get("salutation")
    if span is None:
        return []
    dear = doc.line_index(span.start)
    if frame.date_line is not None:
        between = [i for i in range(frame.date_line + 1, dear)
                   if doc.lines[i].furniture is None and doc.line_text(doc.lines[i]).strip()]
        if between or frame.date_line > dear:
            return between
        dear = frame.date_line
    from_date = dear != doc.line_index(span.start)
    out: list[int] = []
    for i in range(dear - 1, -1, -1):
        line = doc.lines[i]
        if line.furniture is not None or not doc.line_text(line).strip():
            continue
        text = doc.line_text(line)
        if from_date and (plausible.CONTACT.search(text) or plausible.OFSTED_ADDRESS.search(text)):
            break       # the inspectorate's letterhead above the addressees
        out.insert(0, i)
        if line.gap_before and len(out) > 1 and not _opens_person(doc.line_text(line)):
            break
    return out


def _recipients(draft: Draft, layout: Layout, frame: Frame) -> None:
    """``recipients`` (every addressee: name, role, organisation) and ``recipient`` (the first)."""
    doc = layout.doc
    for path in [p for p in draft.grounding if p.startswith("recipient")]:
        del draft.grounding[path]           # the frame's one-addressee reading gives way
    pieces: list[_Piece] = []
    for i in _recipient_lines(layout, frame, draft):
        line = doc.lines[i]
        snippet = doc.snippet(line.start, line.end)
        text = snippet.text
        if not text:
            continue
        doubled = bool(_DOUBLED.match(text)) and len(text.replace(" ", "")) >= 6
        cuts = [0] + [m.start() for m in SECOND_ADDRESSEE.finditer(text)] + [len(text)]
        for a, b in itertools.pairwise(cuts):
            if text[a:b].strip():
                pieces.append(_Piece(snippet, a, b, doubled))
    groups: list[list[_Piece]] = []
    for piece in pieces:
        if not groups or _opens_person(piece.text):
            groups.append([piece])
        else:
            groups[-1].append(piece)
    people_out: list[dict[str, str | None]] = []
    for n, group in enumerate(groups):
        joined = _Joined(group)
        person = _read_addressee(draft, joined, f"recipients[{n}]")
        if person["name"] is None:
            draft.warn("IP-W025", repr(joined.text))
        people_out.append(person)
    draft.put("recipients", people_out)
    first = people_out[0] if people_out else {"name": None, "role": None, "organisation": None}
    for key in ("name", "role", "organisation"):
        draft.put(f"recipient.{key}", first[key])
        span = draft.grounding.get(f"recipients[0].{key}")
        if span is not None and first[key] is not None:
            draft.grounding[f"recipient.{key}"] = span
    draft.put("recipient.address", [])
    if not people_out:
        draft.warn("IP-W011")


def _comma_parts(text: str) -> list[tuple[int, int]]:
    """``text`` cut at its commas (not those inside brackets), each part without its spaces."""
    parts, depth, start = [], 0, 0
    for k, ch in enumerate(text):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch == "," and depth == 0:
            parts.append((start, k))
            start = k + 1
    parts.append((start, len(text)))
    out = []
    for a, b in parts:
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        out.append((a, b))
    return [(a, b) for a, b in out if b > a]


def _name_words(words: Sequence[str]) -> bool:
    """Whether ``words`` (prefixes such as "Dr" or "Chief Superintendent" already taken off)
    are a person's name: two to four capitalised words or particles, perhaps followed by
    letters after the name ("QPM"), none of them a word of a job, a body or a place."""
    core = list(words)
    while core and _POSTNOMINAL.match(core[-1]) and len(core) > 2:
        core.pop()
    if not 2 <= len(core) <= 4 or core[0].lower() in _PLACE_START:
        return False
    for w in core:
        if w.lower() in _PARTICLES:
            continue
        if not _NAME_WORD.match(w) or _NOT_NAME_WORDS.match(w) or people.ROLE_WORDS.fullmatch(
                w) or people.ORG_WORDS.fullmatch(w) or (w.isupper() and len(w) > 1 and (
                not _POSTNOMINAL.match(w))):
            return False
    return True


def _strip_prefix(words: list[str]) -> list[str]:
    k = 0
    while k < len(words) - 2 and words[k].lower().rstrip(".") in _PREFIX_WORDS:
        k += 1
    return words[k:]


def _is_name(text: str) -> bool:
    """"Sir Bernard Hogan-Howe QPM", "Chief Supt Raj Kohli", "Tim de Mayer"."""
    words = text.split()
    return _name_words(_strip_prefix(words))


def _name_then_role(text: str) -> int | None:
    """Where the name ends in a part that runs on into a role with no comma between ("John
    Wiseman Probation Director", "Simon Freeman Accountable Officer at ..."), or None."""
    words = list(regex.finditer(r"\S+", text))
    for k in range(2, min(5, len(words))):
        w = words[k].group()
        if w in _DASHES or _NOT_NAME_WORDS.match(w) or people.ROLE_WORDS.fullmatch(w):
            head = [m.group() for m in words[:k]]
            return words[k - 1].end() if _name_words(_strip_prefix(head)) else None
    return None


# A dash between a name and its role ("Jean Imray – Independent Scrutineer").
_DASHES = frozenset("-–—")


def _opens_person(text: str) -> bool:
    """Whether a line (or part of one) opens an addressee: a name and a comma, or a name that
    runs on into a role."""
    text = text.strip()
    parts = _comma_parts(text)
    if not parts:
        return False
    a, b = parts[0]
    first = text[a:b]
    if "," in text[b:] and _is_name(first):
        return True
    return _name_then_role(first) is not None


def _read_addressee(draft: Draft, joined: _Joined, path: str) -> dict[str, str | None]:
    """"Name, Role, Organisation" → its parts, each grounded under ``path``."""
    text = joined.text.rstrip(" ,.;")
    parts = _comma_parts(text)
    person: dict[str, str | None] = {"name": None, "role": None, "organisation": None}
    if not parts:
        return person
    draft.ground(path, *joined.offsets(0, len(text)))
    a, b = parts[0]
    rest = parts[1:]
    segments: list[tuple[int, int]] = []
    if _is_name(text[a:b]):
        name_end = b
        # letters after the name, after a comma: "Stephen Watson, QPM, Chief Constable"
        while rest and all(_POSTNOMINAL.match(w) for w in text[rest[0][0]:rest[0][1]].split()):
            name_end = rest[0][1]
            rest = rest[1:]
        person["name"] = text[a:name_end]
        draft.ground(f"{path}.name", *joined.offsets(a, name_end))
    else:
        cut = _name_then_role(text[a:b])
        if cut is None:
            return person
        person["name"] = text[a:a + cut]
        draft.ground(f"{path}.name", *joined.offsets(a, a + cut))
        head = a + cut
        while head < b and (text[head].isspace() or text[head] in _DASHES):
            head += 1
        segments.append((head, b))
    segments += rest
    if not segments:
        return person
    last = text[segments[-1][0]:segments[-1][1]]
    role_span: tuple[int, int] | None
    if len(segments) >= 2 and not _has_role(last):
        role_span = (segments[0][0], segments[-2][1])
        org_span: tuple[int, int] | None = segments[-1]
    elif len(segments) == 1 and not _has_role(last) and (
            people.ORG_WORDS.search(last) or _ORG_IN_PART.search(last)):
        role_span, org_span = None, segments[0]
    else:
        role_span, org_span = (segments[0][0], segments[-1][1]), None
    if role_span is not None:
        person["role"] = text[role_span[0]:role_span[1]]
        draft.ground(f"{path}.role", *joined.offsets(*role_span))
    if org_span is not None:
        person["organisation"] = text[org_span[0]:org_span[1]]
        draft.ground(f"{path}.organisation", *joined.offsets(*org_span))
    return person


_ROLE_IN_PART = regex.compile(
    r"\b(?:Director|Executive|Chief|Head|Manager|Officer|Lead|Chair|Commissioner|Mayor|"
    r"Constable|Superintendent|Commander|Scrutineer|Nurse|CEO|Inspector|Deputy|Assistant)\b",
    regex.I)


# Bodies the addressee block names that people's ORG_WORDS does not know.
_ORG_IN_PART = regex.compile(
    r"\b(?:Police|Constabulary|NHS|CCGs?|ICB|Service|Team|Partnership|Division|Probation)\b")


def _has_role(part: str) -> bool:
    return bool(_ROLE_IN_PART.search(part))


# == the area ================================================================================

def _provider(draft: Draft, layout: Layout, body: list[int]) -> None:
    """The area: from the title ("... of <Area>", "... in <Area>"), else from the opening
    paragraphs ("... the work of individual agencies in <Area>.")."""
    title = draft.get("title")
    span = draft.grounding.get("title")
    if title and span is not None:
        found = area_from_title(title)
        if found is not None:
            snippet = layout.doc.snippet(span.start, span.end)
            draft.put("provider.name", title[found[0]:found[1]], *snippet.offsets(*found))
            return
    for k in body[:_OPENING_BLOCKS]:
        b = layout.blocks[k]
        for pattern in AREA_IN_OPENING:
            m = pattern.search(b.text)
            if m is not None and authorities.match(m["area"]) is not None:
                draft.put("provider.name", m["area"], *b.snippet.offsets(*m.span("area")))
                return
    draft.put("provider.name", None)
    draft.warn("IP-W016", "the title names no area and the opening gives none")


def area_from_title(title: str) -> tuple[int, int] | None:
    """The area inside a JTAI title, as (start, end) in ``title``, or None.

    >>> t = ("Joint targeted area inspection of the multi-agency response to abuse and "
    ...      "neglect in Hampshire")
    >>> s, e = area_from_title(t); t[s:e]
    'Hampshire'
    """
    lead = TITLE_LEAD.match(title)
    if lead is None:
        return None
    start, end = lead.end(), len(title.rstrip(" ."))
    if TITLE_THEME.match(title, start):
        cut = title.rfind(" in ", start, end)
        if cut < 0:
            return None                     # a theme and no area: "... or education"
        start = cut + 4
    the = _LEADING_THE.match(title, start)
    if the is not None and authorities.match(title[the.end():end]) is not None:
        start = the.end()
    return (start, end) if end > start else None


# == the inspection's days ===================================================================

def _visit_dates(draft: Draft, layout: Layout, body: list[int]) -> None:
    letter_date = draft.get("letter_date")
    year = int(letter_date[:4]) if letter_date else None
    for k in body[:_OPENING_BLOCKS]:
        b = layout.blocks[k]
        if b.bullet is not None:
            continue
        for cue in itertools.islice(VISIT_CUE.finditer(b.text), _MAX_CUES):
            run = dates.parse_day_run(b.text[cue.start():], default_year=year,
                                      before=letter_date)
            if run is None:
                continue
            days, a, e = run
            a, e = a + cue.start(), e + cue.start()
            if not _plausible(days, letter_date):
                draft.warn("IP-W003", f"inspection days {b.text[a:e]!r} left out: "
                                      f"{len(days)} days, or after the letter")
                break
            draft.put("visit.dates", days, *b.snippet.offsets(a, e))
            return
    draft.put("visit.dates", [])
    draft.warn("IP-W015")


def _plausible(days: list[str], letter_date: str | None) -> bool:
    if not days or len(days) > _MAX_DAYS:
        return False
    return letter_date is None or dt.date.fromisoformat(days[-1]) <= dt.date.fromisoformat(
        letter_date)


# == areas and strengths =====================================================================

def _heading_kind(block: Block) -> str | None:
    if block.bullet is not None or len(block.text) > 120:
        return None
    for pattern, kind, _example in AREA_HEADINGS:
        if pattern.match(block.text):
            return kind
    return None


def _is_heading(block: Block) -> bool:
    return block.bullet is None and (block.bold or block.is_heading_like()) and (
        block.is_heading_like() or (block.bold and len(block.text) <= 120))


def _section_items(layout: Layout, body: list[int], n: int) -> list[tuple[str, int, int]]:
    """The bullet items of the list section whose heading is ``body[n]``: its bullets, and
    those under its sub-headings, up to the next heading that is not a sub-heading (one that
    opens another section, or that plain paragraphs follow). Up to two plain paragraphs may
    lead into a run of bullets; sub-bullets join their parent; a plain paragraph set in line
    with the bullet's text, or one that a page break cut off an unfinished item, belongs to
    the item above."""
    blocks = layout.blocks
    items: list[tuple[list[str], int, int]] = []
    last_bullet: Block | None = None
    j = n + 1
    while j < len(body):
        b = blocks[body[j]]
        if b.bullet is not None:
            run: list[int] = []
            while j < len(body) and blocks[body[j]].bullet is not None:
                run.append(body[j])
                j += 1
            levels = _levels(layout.doc, [blocks[i] for i in run])
            for i, level in zip(run, levels, strict=True):
                bb = blocks[i]
                if level > 0 and items:
                    _extend(items, bb)
                else:
                    items.append(([bb.text], bb.start, bb.end))
            last_bullet = blocks[run[0]]
            continue
        if items and last_bullet is not None and _continues_item(layout.doc, b, last_bullet,
                                                                 items[-1][0]):
            _extend(items, b)
            j += 1
            continue
        last_bullet = None
        if _is_heading(b):
            if SECTION_END.match(b.text) or _heading_kind(b) is not None or (
                    STRENGTHS_HEADING.match(b.text)):
                break
            if not _bullets_follow(layout, body, j + 1):
                break
            j += 1
            continue
        # a plain paragraph: a lead-in when bullets follow closely, else the section is over
        if not _bullets_follow(layout, body, j):
            break
        j += 1
    return [(" ".join(t), a, e) for t, a, e in items]


def _levels(doc: Document, run: Sequence[Block]) -> list[int]:
    """Nesting level of each bullet of a run: a sub-bullet's glyph and text both start further
    in than the first bullet's (a glyph set further in with its text in line with the others',
    or a wider gap after the glyph, is not one)."""
    if not run:
        return []
    glyph, text = _glyph_x(doc, run[0]), _text_x(doc, run[0])
    return [1 if _glyph_x(doc, b) > glyph + _INDENT_STEP and _text_x(doc, b) > text + _INDENT_STEP
            else 0 for b in run]


def _glyph_x(doc: Document, bullet: Block) -> float:
    """Where a bullet's glyph starts: the left edge of its line (PDF), or its column (text)."""
    line = doc.lines[bullet.first]
    if line.words:
        return line.words[0][2]
    raw = doc.line_text(line)
    return float(len(raw) - len(raw.lstrip()))


def _extend(items: list[tuple[list[str], int, int]], block: Block) -> None:
    texts, a, _ = items[-1]
    texts.append(block.text)
    items[-1] = (texts, a, block.end)


_INDENT_STEP = 1.5
_TERMINAL = regex.compile(r"[.!?:;][’”)]?\d{0,2}\Z")


def _continues_item(doc: Document, block: Block, bullet: Block, texts: list[str]) -> bool:
    """A plain block after a bullet item that is more of the item: set in line with the
    item's text (not the bullet's glyph, nor a box further in), or opening a page after an
    item that stopped mid-sentence. Never a heading."""
    if _is_heading(block):
        return False
    if abs(_text_x(doc, block) - _text_x(doc, bullet)) <= _INDENT_STEP:
        return True
    return block.page_break_before and not _TERMINAL.search(texts[-1])


def _text_x(doc: Document, block: Block) -> float:
    """Where a block's text (after any bullet glyph) starts on its first line: the left edge
    of its first word (PDF), or its column (text)."""
    line = doc.lines[block.first]
    for w0, _w1, x0, _x1 in line.words:
        if w0 >= block.start:
            return x0
    return float(block.start - line.start)


_MAX_LEAD_IN = 2


def _bullets_follow(layout: Layout, body: list[int], j: int) -> bool:
    """Whether a bullet comes at ``body[j]`` or after at most two plain paragraphs."""
    blocks = layout.blocks
    for k in range(j, min(len(body), j + _MAX_LEAD_IN + 1)):
        b = blocks[body[k]]
        if b.bullet is not None:
            return True
        if _is_heading(b):
            return False
    return False


def _areas(draft: Draft, layout: Layout, body: list[int]) -> None:
    """Areas for priority action first, then areas for improvement, each in letter order."""
    found: dict[str, list[tuple[str, int, int]]] = {"priority_action": [], "improvement": []}
    for n, k in enumerate(body):
        kind = _heading_kind(layout.blocks[k])
        if kind is None:
            continue
        draft.mark(layout.blocks[k].start, "area", layout.blocks[k].text)
        items = [it for it in _section_items(layout, body, n) if not NONE_ITEM.match(it[0])]
        if not items and not _says_none(layout, body, n):
            draft.warn("IP-W029", repr(layout.blocks[k].text))
        found[kind] += items
    areas: list[dict[str, object]] = []
    for kind in ("priority_action", "improvement"):
        for text, a, e in found[kind]:
            path = f"areas[{len(areas)}]"
            span = layout.doc.span(a, e)
            draft.ground(path, a, e)
            draft.ground(f"{path}.text", a, e)
            areas.append({"number": None, "kind": kind, "text": text,
                          "span": {"start": span.start, "end": span.end, "pages": span.pages}})
    if not areas:
        draft.warn("IP-W009")
    draft.put("areas", areas)


def _says_none(layout: Layout, body: list[int], n: int) -> bool:
    """Whether the heading ``body[n]`` is followed by "There are no areas for priority action"."""
    return n + 1 < len(body) and bool(NONE_ITEM.match(layout.blocks[body[n + 1]].text))


def _strengths(draft: Draft, layout: Layout, body: list[int]) -> None:
    strengths: list[str] = []
    heading = False
    for n, k in enumerate(body):
        b = layout.blocks[k]
        if not (_is_heading(b) and STRENGTHS_HEADING.match(b.text)):
            continue
        heading = True
        draft.mark(b.start, "findings", b.text)
        for text, a, e in _section_items(layout, body, n):
            draft.ground(f"strengths[{len(strengths)}]", a, e)
            strengths.append(text)
    if not strengths:
        draft.warn("IP-W027", "a strengths heading with no bullets" if heading else None)
    draft.put("strengths", strengths)


# == the response ============================================================================

def _response(draft: Draft, layout: Layout, body: list[int]) -> None:
    """The sentence that asks for the written statement of proposed action by a date."""
    blocks = layout.blocks
    start = next((n for n, k in enumerate(body) if _is_heading(blocks[k]) and regex.match(
        r"Next\s+steps\b", blocks[k].text, regex.I)), 0)
    for k in body[start:]:
        b = blocks[k]
        text = b.text
        # sentence starts and "written statement" once per block: a long block of many dates
        # must not be re-read for each
        starts = [0] + [m.end() for m in _SENTENCE_BREAK.finditer(text)]
        statements = [m.start() for m in WRITTEN_STATEMENT.finditer(text)]
        for m in RESPONSE_DUE.finditer(text):
            s = starts[bisect.bisect_right(starts, m.start()) - 1]
            w = bisect.bisect_left(statements, s)
            if w == len(statements) or statements[w] >= m.start():
                continue
            due = dates.parse_full_date(m["date"])
            if due is None:
                draft.warn("IP-W003", f"written statement deadline {m['date']!r}")
                continue
            end = _SENTENCE_END.search(text, m.end())
            e = end.end() if end is not None else len(text)
            draft.put("response.text", text[s:e], *b.snippet.offsets(s, e))
            draft.put("response.due", due.value, *b.snippet.offsets(*m.span("date")))
            return
    draft.put("response.text", None)
    draft.put("response.due", None)
    draft.warn("IP-W026")


# == signers =================================================================================

@attrs.frozen
class _SignLine:
    index: int          # line index in the document
    text: str
    start: int
    end: int
    bold: bool = False


def _sign_lines(layout: Layout, frame: Frame) -> list[_SignLine]:
    """The lines after "Yours sincerely" (or, where the letter has no valediction, the
    signers' block at its end), wrapped lines joined (a line that opens no name, no role and
    no inspectorate continues the one above)."""
    doc = layout.doc
    if frame.signoff_line is not None and frame.signer_first is None:
        first = frame.signoff_line + 1
    else:
        found = _unvaledicted_block(layout)
        if found is not None:
            first = found
        elif frame.signoff_line is not None:    # the one signer the frame found
            first = frame.signoff_line + 1
        else:
            return []
    out: list[_SignLine] = []
    for i in range(first, len(doc.lines)):
        line = doc.lines[i]
        if line.furniture is not None:
            continue
        snippet = doc.snippet(line.start, line.end)
        text = snippet.text
        if not text:
            continue
        if regex.match(r"(?:cc|copy\s+to)\b", text, regex.I):
            break
        opens = _opens_sign_line(text)
        if out and not opens and _same_column(doc, out[-1].index, i):
            prev = out[-1]
            out[-1] = _SignLine(prev.index, doc.join(prev.text, text), prev.start, snippet.end,
                                prev.bold)
            continue
        out.append(_SignLine(i, text, snippet.start, snippet.end, _all_bold(doc, i)))
    return out


def _opens_sign_line(text: str) -> bool:
    """Does ``text`` open a signer's name, a role or an inspectorate's name (a stray
    character inside a word of it, "Nat=ional Director", left out)?"""
    text = plausible.rejoin(text)
    return bool(_signer_name(text) is not None or ROLE_START.match(text)
                or INSPECTORATE.match(text) or _name_comma_role(text) is not None
                or _name_and_role(text) is not None)


def _unvaledicted_block(layout: Layout) -> int | None:
    """The first line of the signers' block of a letter with no valediction: the run of short
    lines at the end of the letter (before any cc), none closing a sentence, from the first of
    them that opens a name, a role or an inspectorate; None unless at least two of its lines
    are signers' names (a JTAI letter has one signer per inspectorate)."""
    doc = layout.doc
    lines = [i for i, line in enumerate(doc.lines) if line.furniture is None
             and doc.snippet(line.start, line.end).text]
    tail = lines[-_SIGN_BLOCK_LINES:]
    cc = next((n for n, i in enumerate(tail) if _CC_LINE.match(doc.line_text(doc.lines[i]))),
              None)
    if cc is not None:
        tail = tail[:cc]
    run: list[int] = []
    for i in reversed(tail):
        text = doc.snippet(doc.lines[i].start, doc.lines[i].end).text
        if len(text) > _MAX_SIGN_LINE or _SENTENCE_CLOSE.search(text) or text.startswith(
                ("- ", "• ")):
            break
        run.insert(0, i)
    texts = [doc.snippet(doc.lines[i].start, doc.lines[i].end).text for i in run]
    first = next((n for n, t in enumerate(texts) if _opens_sign_line(t)), None)
    if first is None:
        return None
    names = sum(1 for t in texts[first:] if _signer_name(t) is not None
                or _name_comma_role(t) is not None or _name_and_role(t) is not None)
    return run[first] if names >= 2 else None


# How many of the letter's last lines may hold the signers' block of a letter with no
# valediction, and how long one of its lines may be.
_SIGN_BLOCK_LINES = 30
_MAX_SIGN_LINE = 120
# A line that closes a sentence ("... before their next visit to the area."): body text, not
# a signer's line (an initial's stop, "Ann B.", is not one).
_SENTENCE_CLOSE = regex.compile(r"(?<!\b\p{Lu})[.!?:;]\s*\Z")
# "cc:", "Copy to ..." opening a line: the cc list after the signers.
_CC_LINE = regex.compile(r"\s*(?:cc|c\.c\.|copy\s+to|copies\s+to)\b", regex.I)


def _all_bold(doc: Document, i: int) -> bool:
    """Whether every visible character of line ``i`` is set in bold."""
    line = doc.lines[i]
    if not line.bold:
        return False
    rest, pos = [], line.start
    for b0, b1 in sorted(line.bold):
        rest.append(doc.visible(line, pos, b0))
        pos = max(pos, b1)
    rest.append(doc.visible(line, pos, line.end))
    return not "".join(rest).strip()


def _same_column(doc: Document, i: int, j: int) -> bool:
    a, b = doc.lines[i].bbox, doc.lines[j].bbox
    if a is None or b is None:
        return True
    return abs(a[0] - b[0]) < 20 and doc.lines[i].page == doc.lines[j].page


def _signer_name(text: str) -> str | None:
    """The name on a signer's line ("Wendy Williams, CBE", "Dr Sean O’Kelly BSc MB ChB"), or
    None when the line is not a name."""
    t = text.strip().rstrip(".")
    if INSPECTORATE.match(t) or (ROLE_START.match(t) and not t.lower().startswith(
            ("chief supt", "chief superintendent"))):
        return None
    words = t.replace(",", " ").split()
    if len(words) == 1 and regex.fullmatch(r"\p{Lu}\p{Ll}+\p{Lu}\p{Ll}+", words[0]):
        return t                        # "YvetteStanley": the PDF lost the space
    return t if _name_words(_strip_prefix(words)) else None


def _name_comma_role(text: str) -> int | None:
    """Where the role starts on a signer's line that holds both ("Ann Example, National
    Director, Social Care"), or None. A comma before post-nominals ("Wendy Williams, CBE")
    does not start a role."""
    comma = text.find(",")
    if comma < 0 or _signer_name(text) is not None or _signer_name(text[:comma]) is None:
        return None
    role_at = comma + 1
    while role_at < len(text) and text[role_at].isspace():
        role_at += 1
    rest = text[role_at:]
    return role_at if ROLE_START.match(rest) or INSPECTORATE.match(rest) else None


def _name_and_role(text: str) -> tuple[int, int, int] | None:
    """A signer's line that holds the name with the role in brackets ("Ann Example (National
    Director, Social Care)") or run on after it ("Ann Example National Director, Social
    Care"): where the name ends and where the role starts and ends; None for any other line
    (a name alone, a role, "Name, Role": see ``_name_comma_role``)."""
    if _signer_name(text) is not None or _name_comma_role(text) is not None:
        return None
    split = plausible.split_name(text)
    if split is None or split[1] is None or "(" in split[0] or "," in split[0]:
        return None
    name = split[0].strip()
    if _signer_name(name) is None:
        return None
    name_end = text.index(name) + len(name)
    role_at = text.find(split[1], name_end)
    if role_at < 0:
        return None
    return name_end, role_at, role_at + len(split[1])


def _line_offsets(doc: Document, ln: _SignLine, a: int, b: int) -> tuple[int, int]:
    """Document offsets of characters ``[a, b)`` of ``ln``'s text, within its first line."""
    line = doc.lines[ln.index]
    snippet = doc.snippet(line.start, line.end)
    if b <= len(snippet.text) and ln.text.startswith(snippet.text):
        return snippet.offsets(a, b)
    return ln.start + a, ln.start + b


@attrs.define
class _Signer:
    name: str | None
    name_span: tuple[int, int] | None
    line: int                       # the line that opens the signer
    bold: bool
    roles: list[_SignLine] = attrs.field(factory=list)


def _signatories(draft: Draft, layout: Layout, frame: Frame) -> None:
    """One signer per inspectorate: a name, then its role line(s) joined with ", "; the
    inspectorates' names over the signers are left out. Older letters set the signers in a
    grid: they are given row by row, as they are read on the page."""
    doc = layout.doc
    signers: list[_Signer] = []
    after_header = False
    for ln in _sign_lines(layout, frame):
        name = _signer_name(ln.text)
        current = signers[-1] if signers else None
        if name is not None:
            signers.append(_Signer(name, (ln.start, ln.start + len(name)), ln.index, ln.bold))
            after_header = False
            continue
        role_at = _name_comma_role(ln.text)
        if role_at is not None:
            # name and role on one line: the role is the line's rest
            head = ln.text[:ln.text.index(",")].strip()
            signer = _Signer(head, (ln.start, ln.start + len(head)), ln.index, ln.bold)
            signer.roles.append(_SignLine(ln.index, ln.text[role_at:], ln.start + role_at,
                                          ln.end, ln.bold))
            signers.append(signer)
            after_header = False
            continue
        both = _name_and_role(ln.text)
        if both is not None:
            # "Name (Role)", "Name Role": the role is what the brackets hold, or the rest
            name_end, role_at, role_end = both
            head = ln.text[:name_end].strip()
            signer = _Signer(head, _line_offsets(doc, ln, 0, len(head)), ln.index, ln.bold)
            signer.roles.append(_SignLine(ln.index, ln.text[role_at:role_end],
                                          *_line_offsets(doc, ln, role_at, role_end), ln.bold))
            signers.append(signer)
            after_header = False
            continue
        # an inspectorate's name over the next signer (bold over a plain name, or after a
        # role where the signers are not all set in bold): not a role
        if INSPECTORATE.match(ln.text) and (
                current is None or after_header or (ln.bold and not current.bold)
                or (current.roles and not (ln.bold and current.bold))):
            after_header = True
            continue
        if after_header or current is None:
            # a role with no name above it (the name was an image): a signer without a name
            current = _Signer(None, None, ln.index, ln.bold)
            signers.append(current)
            after_header = False
        current.roles.append(ln)
    signers = _merge_role_above_name([s for s in signers if s.name is not None or s.roles])
    tops = _tops(doc, signers)
    keys = [_grid_key(doc, s.line, tops) for s in signers]
    signers = [s for _, s in sorted(zip(keys, signers, strict=True), key=lambda ks: ks[0])]
    out: list[dict[str, str | None]] = []
    for n, s in enumerate(signers):
        role = ", ".join(r.text for r in s.roles) or None
        out.append({"name": s.name, "role": role})
        if s.name_span is not None:
            draft.ground(f"signatories[{n}].name", *s.name_span)
        if s.roles:
            draft.ground(f"signatories[{n}].role", s.roles[0].start, s.roles[-1].end)
        ends = [*(s.name_span or ()), *(e for r in s.roles for e in (r.start, r.end))]
        draft.ground(f"signatories[{n}]", min(ends), max(ends))
        if s.name is None:
            draft.warn("IP-W028", f"signer with the role {role!r}")
        elif not s.roles:
            draft.warn("IP-W028", f"no role under {s.name!r}")
    draft.put("signatories", out)
    if out:     # the frame's reading of a letter with no valediction gives way
        draft.warnings[:] = [w for w in draft.warnings if w.code != "IP-W014"]
    if not out:
        draft.put("signatory.name", None)
        draft.put("signatory.role", None)
        draft.warn("IP-W014")
        return
    for key in ("name", "role"):
        draft.put(f"signatory.{key}", out[0][key])
        span = draft.grounding.get(f"signatories[0].{key}")
        if span is not None and out[0][key] is not None:
            draft.grounding[f"signatory.{key}"] = span
        elif out[0][key] is None:
            draft.grounding.pop(f"signatory.{key}", None)


def _merge_role_above_name(signers: list[_Signer]) -> list[_Signer]:
    """A role set above its signer's name ("National Director" / "Eleanor Schooling"): a
    signer without a name, followed by a name with no role under it, is one signer."""
    out: list[_Signer] = []
    for s in signers:
        prev = out[-1] if out else None
        if prev is not None and prev.name is None and s.name is not None and not s.roles and (
                prev.roles):
            s.roles = prev.roles
            out[-1] = s
            continue
        out.append(s)
    return out


_ROW = 30.0     # points: signers whose names sit this close vertically share a row


def _grid_key(doc: Document, line: int, tops_by_page: dict[int, list[float]]
              ) -> tuple[int, float, float]:
    """Row-by-row order of a signer on its page (text order where there is no layout)."""
    ln = doc.lines[line]
    if ln.bbox is None or ln.page is None:
        return (0, float(line), 0.0)
    tops = tops_by_page.get(ln.page, [])
    k = bisect.bisect_left(tops, ln.bbox[1] - _ROW)     # the highest name within a row's reach
    row = tops[k] if k < len(tops) and tops[k] <= ln.bbox[1] + _ROW else ln.bbox[1]
    return (ln.page, row, ln.bbox[0])


def _tops(doc: Document, signers: Sequence[_Signer]) -> dict[int, list[float]]:
    """The tops of the signers' first lines, page by page, in order."""
    out: dict[int, list[float]] = {}
    for s in signers:
        first = doc.lines[s.line]
        if first.bbox is not None and first.page is not None:
            out.setdefault(first.page, []).append(first.bbox[1])
    for tops in out.values():
        tops.sort()
    return out
