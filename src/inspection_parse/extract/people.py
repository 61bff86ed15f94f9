"""People and their roles: recipient blocks, inspector lists, signatories, cc lines."""

from __future__ import annotations

from collections.abc import Sequence

import attrs
import regex

_DIGIT = regex.compile(r"\d")
_NAME_COMMA = regex.compile(r"(?P<name>[^,]+),\s*(?P<rest>.+)")
_ROLE_JOIN = regex.compile(r"\b(?:of|for)\b|,")
_CONTINUES_ROLE = regex.compile(r"(?:and|&|\(|[a-z])")

# Words that make a line a job title.
ROLE_WORDS = regex.compile(
    r"\b(?:Director|Executive|Chief|Head|Manager|Officer|Lead|Leader|President|Chair(?:man|woman)?|"
    r"Secretary|Commissioner|Principal|Headteacher|Head\s+teacher|Deputy|Assistant|Strategic|"
    r"Corporate|DCS|Interim|Acting|Service\s+Manager|Inspector|HMI|Governor|Superintendent|"
    r"Clerk|Chancellor|Provost|Cabinet\s+Member|Portfolio\s+Holder|Councillor)\b", regex.I)
# Words that make a line an organisation.
ORG_WORDS = regex.compile(
    r"\b(?:Council|Department|Trust|Borough|County|City|Cafcass|Partnership|Limited|Ltd|Agency|"
    r"Authority|Directorate|Government|Ofsted|DCSF|DfE|College|School|Academy|University|"
    r"Services?\s+for\s+Children|Children[’']?s\s+Services|Childrens\s+Services|Group|Board|"
    r"Foundation|Federation|Company|Association|Commission|Office|Unit|Agency)\b")
# Words that make a line part of a postal address.
ADDRESS_WORDS = regex.compile(
    r"\b(?:Street|St|Road|Rd|Lane|Avenue|Ave|House|Centre|Center|Hall|Buildings?|Floor|Place|"
    r"Square|Way|Drive|Court|Gate|Wharf|Park|Close|Crescent|Terrace|Quay|Walk|Row|Parade|Plaza|"
    r"Box|Offices|Tower|Chambers|Mews|Hill|Green|Grove|Yard|Exchange|Point|Campus|Level|"
    r"Suite|Block|Wing|Precinct|Estate|Broadway|Cross|Bridge|Market|Mount|Lodge|Villa|Guildhall|"
    r"Shirehall|Gateway|Cube|Quadrant|Building)\b",
    regex.I)
POSTCODE = regex.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b")
TITLES = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Professor|Prof|Sir|Dame|Cllr|Councillor|Lord|Lady|Rev)\.?"
PERSON = regex.compile(     # a first name may be an initial ("D Whitcombe", "J. R. Hartley")
    rf"(?:{TITLES}\s+)?\p{{Lu}}(?:[\p{{L}}’'.-]+|(?=\s+\p{{Lu}}[\p{{L}}’'.-]))"
    rf"(?:\s+(?:\p{{Lu}}[\p{{L}}’'.-]*|de|van|von|da|di|le|la|du|del|der|bin|al)){{1,4}}")
# Portfolio words that continue a job title on its next line ("Corporate Director" /
# "Adults, Children & Young People Services").
PORTFOLIO = regex.compile(
    r"\b(?:Children|Adults?|Young\s+People|Famil(?:y|ies)|Education|Learning|Care|People|Skills|"
    r"Health|Wellbeing|Communities|Culture|Safeguarding)\b")


@attrs.frozen
class RecipientLines:
    """Indices (into the given lines) of each part of a recipient block."""

    name: int | None
    name_end: int | None         # where the name ends within its line (name and role on one line)
    role: tuple[int, ...]
    role_from: int | None        # where the role starts within the name line
    organisation: int | None
    address: tuple[int, ...]
    # where the organisation ends within its line when the line goes on with the first line
    # of the address ("Knowsley Council Municipal Buildings"); that line is then also the
    # first of ``address``, from ``address_from``
    organisation_end: int | None = None
    address_from: int | None = None


# A building named with "The" ("The Guildhall", "The Silverlink North", "The Civic Office")
# unless the line names a body ("The Royal Borough of ...").
_THE_BUILDING = regex.compile(r"The\s+\p{Lu}")
_BODY_WORDS = regex.compile(
    r"\b(?:Council|Borough|Trust|County|City|Department|Cafcass|Partnership|Agency|Authority|"
    r"Services|Directorate|Federation|Academy|College|School)\b")


def looks_like_address(line: str) -> bool:
    if _THE_BUILDING.match(line) and not _BODY_WORDS.search(line):
        return True
    return bool(POSTCODE.search(line) or _DIGIT.search(line) or ADDRESS_WORDS.search(line))


def looks_like_role(line: str) -> bool:
    return bool(ROLE_WORDS.search(line)) and not looks_like_address(line)


def looks_like_person(text: str) -> bool:
    text = text.strip()
    return bool(PERSON.fullmatch(text)) and not ROLE_WORDS.search(text) and not ORG_WORDS.search(
        text) and not looks_like_address(text)


def split_name_role(line: str) -> tuple[str, int | None]:
    """"Rebecca Wilshire, Director for Children's Services" → ("Rebecca Wilshire", role offset)."""
    m = _NAME_COMMA.match(line)
    if m and looks_like_person(m["name"]) and ROLE_WORDS.search(m["rest"]):
        return m["name"].strip(), m.start("rest")
    return line.strip(), None


def _role_incomplete(role: str) -> bool:
    """"Corporate Director" asks for a portfolio; "Director of Children's Services" does not."""
    return not _ROLE_JOIN.search(role)


# A council named on the line of its building: "Knowsley Council Municipal Buildings" (tried
# on lines of up to _MAX_SHARED_LINE characters, stripped).
_COUNCIL_THEN_BUILDING = regex.compile(
    r"(?P<org>(?:\p{Lu}[\p{L}’'&.-]*\s+(?:(?:and|upon|on|in|of)\s+)?){1,5}"
    r"(?:(?:Metropolitan|Royal)\s+)?(?:(?:Borough|City|County|District)\s+)?Council)"
    r"\s+(?P<rest>\p{Lu}.*)")
_MAX_SHARED_LINE = 120


def _council_then_building(line: str) -> tuple[int, int] | None:
    """Where the council ends and the building begins in ``line``, or None."""
    body = line.strip()
    if len(body) > _MAX_SHARED_LINE:
        return None
    m = _COUNCIL_THEN_BUILDING.fullmatch(body)
    if m is None:
        return None
    lead = len(line) - len(line.lstrip())
    return lead + m.end("org"), lead + m.start("rest")


def read_recipient(lines: Sequence[str]) -> RecipientLines:
    """Classify the lines of a recipient block (between the date and "Dear ...")."""
    if not lines:
        return RecipientLines(None, None, (), None, None, ())
    name_text, role_from = split_name_role(lines[0])
    i = 1
    # Further addressees ("Emma Taylor, Chief Executive, ...") are not the recipient.
    while i < len(lines) and split_name_role(lines[i])[1] is not None:
        i += 1
    role: list[int] = []
    while i < len(lines):
        line = lines[i].strip()
        if looks_like_address(line):
            break
        continuing = bool(role) and (
            _CONTINUES_ROLE.match(line)
            or (_role_incomplete(" ".join(lines[k] for k in role)) and PORTFOLIO.search(line)
                and not ORG_WORDS.search(line)))
        if continuing or (not role and role_from is None and looks_like_role(line)):
            role.append(i)
            i += 1
            continue
        break
    organisation = None
    if i < len(lines) and not looks_like_address(lines[i]):
        organisation = i
        i += 1
        # "Jo Britton" / "Telford & Wrekin Council" / "Director of ...": the role after the council
        if not role and role_from is None and i < len(lines) and looks_like_role(lines[i]):
            role.append(i)
            i += 1
    elif i < len(lines) and (cut := _council_then_building(lines[i])):
        return RecipientLines(
            name=0, name_end=len(name_text) if role_from is not None else None,
            role=tuple(role), role_from=role_from, organisation=i,
            address=tuple(range(i, len(lines))), organisation_end=cut[0], address_from=cut[1])
    return RecipientLines(
        name=0, name_end=len(name_text) if role_from is not None else None, role=tuple(role),
        role_from=role_from, organisation=organisation, address=tuple(range(i, len(lines))))


# "Sheena Doyle and Shabana Abasi, Her Majesty’s Inspectors", "John Roughton, HMI, and Diane
# Partridge, HMI", "Michael Taylor and Jenny-Ellen Scotland".
# "(?:\G|(?<!\s))\s*+": a match starts only where a run of white space starts (or right
# after a comma), and the run is not given back. ``_inspectors`` blanks role phrases into long
# runs of spaces, and "\s*" tried from every space of a run is quadratic in the run (a
# 20,000-character list of "HMI HMI ...": minutes).
_ROLE_TAIL = regex.compile(
    r"(?:,|\G|(?<!\s))\s*+(?:\(?(?:Senior\s+)?HMIs?\)?|(?:His|Her|Their)\s+Majesty[’']s\s+Inspectors?(?:\s+\(HMI\))?|"
    r"HM\s+Inspectors?|Ofsted\s+Inspectors?|(?:lead|team|senior|regulatory)\s+inspectors?|"
    r"Social\s+Care\s+Regulatory\s+Inspectors?|Senior\s+(?:His|Her)\s+Majesty[’']s\s+Inspectors?|"
    r"inspectors?)\b\)?", regex.I)


_LEAD_IN = regex.compile(r"^(?:and\s+|the\s+inspectors?\s+(?:for\s+(?:this|the)\s+visit\s+)?"
                         r"were\s+)", regex.I)


_AND = regex.compile(r"(?:\G|(?<!\s))(?:\s++and\s+|\s*+&\s*)")   # as _ROLE_TAIL: linear


def and_pieces(chunk: str) -> list[tuple[int, str]]:
    """``_AND.split(chunk)`` with where each piece starts. (``chunk.find(piece)`` re-scanned the
    chunk for every piece, quadratic in a long list of names, and gave a repeated name the
    offset of its first occurrence.)"""
    out, pos = [], 0
    for sep in _AND.finditer(chunk):
        out.append((pos, chunk[pos:sep.start()]))
        pos = sep.end()
    out.append((pos, chunk[pos:]))
    return out


_MAX_NAME = 120


def first_of_two(name: str) -> str:
    """The first of two people addressed on one line ("A Reiter and B Kingham" → "A Reiter"),
    as a letter to two joint directors has them; any other name as it is."""
    if len(name) > _MAX_NAME or "," in name or ";" in name:
        return name
    pieces = [piece for _, piece in and_pieces(name)]
    if len(pieces) == 2 and all(looks_like_person(p) for p in pieces):
        return pieces[0]
    return name


def split_people(text: str) -> list[tuple[str, int, int]]:
    """Names in a list of people, with their offsets: "A, HMI, B, HMI and C" → A, B, C."""
    out = []
    for part in regex.finditer(r"[^,;]+", text):
        chunk = part.group()
        for at, piece in and_pieces(chunk):
            start = part.start() + at
            cleaned = _LEAD_IN.sub("", piece.strip())
            cleaned = _ROLE_TAIL.sub("", cleaned).strip(" .,()")
            if not cleaned or not regex.search(r"\p{Lu}", cleaned):
                continue
            if not PERSON.fullmatch(cleaned) or ROLE_WORDS.search(cleaned):
                continue
            offset = start + piece.find(cleaned)
            out.append((cleaned, offset, offset + len(cleaned)))
    return out
