"""Plausibility: each value a reader found has the shape of its kind, or it is mended or left out.

Every family's readers put what they found into the draft; :func:`check` then looks at the
people (recipient, recipients, signatory, signatories, inspectors, cc), the provider, the
address and the dates before anything reaches the record. A value of the wrong shape is mended
by a general rule where one exists:

- a role run on after a name is split off into the role ("Ms Ann Bell Director of Children's
  Services" → "Ms Ann Bell" and "Director of Children's Services");
- "Ann Bell (Lead Inspector)" gives the name;
- punctuation at the end of a name, role or organisation ("Ann Bell,") is dropped;
- a letter split from its word by a stray character ("Child=ren's") is rejoined and flagged
  ``IP-W020``;
- role words taken for the name ("National Director" above "Social Care") go back to the role,
  an organisation taken for the name goes to an empty organisation;

and otherwise dropped (null, or out of its list) with ``IP-W024`` naming the field and the
value. Grounding follows: a mended value is grounded where what it kept was written; a dropped
value loses its grounding.

The shape tests (:func:`name_problem`, :func:`role_problem`, :func:`organisation_problem`,
:func:`provider_problem`, :func:`address_problem`) are pure functions of a string, each
returning why the string fails or None.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import regex

from . import authorities
from .draft import Draft

# -- phrase tables ------------------------------------------------------------------------------

# Honorifics and ranks before a name: "Ms", "Dr", "Sir", "Cllr", "Chief Supt", "Acting Chief
# Constable" ("Acting Chief Constable Ann Bell").
HONORIFIC = regex.compile(
    r"(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Sir|Dame|Lord|Lady|Baroness|Baron|Rev|Revd|"
    r"Reverend|Cllr|Councillor)\.?\s+)+"
    r"|(?:(?:Acting|Temporary|A/|T/)\s*)?(?:(?:Deputy|Assistant)\s+)?(?:Chief\s+Constable|"
    r"Chief\s+Superintendent|Chief\s+Supt\.?|Superintendent|Supt\.?|Chief\s+Inspector|"
    r"Detective\s+(?:Chief\s+)?(?:Superintendent|Inspector)|Commander)\s+")
# Letters after a name, each perhaps after a comma: "Ann Bell OBE", "Ann Bell, CBE QPM",
# "Dr Ann Bell BSc MB ChB FRCA".
POSTNOMINAL = regex.compile(
    r"(?:,?\s+(?:OBE|CBE|MBE|KBE|DBE|CB|CVO|LVO|MVO|QPM|KPM|BEM|DL|JP|MP|QC|KC|PhD|DPhil|MA|MSc|"
    r"BSc|BA|MBA|MB|ChB|BS|MD|BM|BCh|DCH|RN|RGN|RMN|RSCN|CQSW|DipSW|LLB|LLM|PGCE|MPH|CPsychol|"
    r"F[A-Z]{2,6}|M[A-Z]{3,5}))+\Z")
# One word of a name: "Ann", "O’Neill", "Gosling-Thomas", "McEntee", "d’Souza", an initial "A" or
# "A.", a particle ("de", "van", "bin").
NAME_WORD = regex.compile(
    r"\p{Lu}[\p{L}’'-]*\.?|\p{Lu}\.|[dl][’']\p{Lu}[\p{L}’'-]*|(?:de|van|von|der|den|da|di|du|del|"
    r"della|le|la|bin|binti|al|el|ap|ul|ter|ten)")
# Two names run together by a lost space ("AnnBell"), not a Scottish or Irish prefix ("McEntee",
# "MacDonald", "FitzGerald", "DeSouza"): counts as two words.
_GLUED = regex.compile(
    r"(?!Mac|Mc|Fitz|De|Di|Da|Du|Le|La|Van|Von|O’|O')\p{Lu}\p{Ll}{2,}\p{Lu}\p{Ll}{2,}")
# Words no name holds: what makes a line a role or a body ("Director", "Council", "Services").
NOT_NAME_WORDS = regex.compile(
    r"\b(?:Director\w*|Executive|Chief|Manager|Officer|President|Chair(?:man|woman|person)?|"
    r"Secretary|Commissioner|Headteacher|Deputy|Assistant|Strategic|Corporate|DCS|CEO|Interim|"
    r"Acting|Inspector|Inspectors|HMI|Superintendent|Scrutineer|Principal|"
    r"Council|Department|Trust|Borough|County|City|Cafcass|Partnership|Limited|Ltd|Agency|"
    r"Authority|Directorate|Government|Ofsted|DfE|DCSF|College|School|Academy|University|"
    r"Services?|Group|Board|Foundation|Federation|Company|Association|Commission|Office|Unit|"
    r"Police|Constabulary|NHS|CCG|ICB|LSCB|Safeguarding|Children|Children[’']s|Childrens|"
    r"Probation|Team|Hospital|Commissioning|Metropolitan|Division|Majesty[’']s|Regards|"
    r"Social|Care|Health|Education|Learning|Families|Regulation|Quality|Public|Safety|Nursing|"
    r"Policing|Crime|Justice|Youth|Adults?|Operations|Region|"
    r"Sincerely|Faithfully|Yours|Dear)\b")
# Where a name ends and a role run on after it begins: the first of these words
# ("Ann Bell Director of ...", "Ann Bell Interim Director", "Ann Bell HMI").
ROLE_START = regex.compile(
    r"(?:Director\w*|Executive|Chief|Manager|Officer|President|Chair(?:man|woman|person)?|"
    r"Secretary|Commissioner|Headteacher|Head|Lead|Deputy|Assistant|Strategic|Corporate|DCS|"
    r"CEO|Interim|Acting|Joint|Senior|Group|Statutory|Inspector|HMI|HM|His|Her|Superintendent|"
    r"Scrutineer|Nurse|Mayor|Principal|Independent|Regional|National|Divisional|Service)\b")
# Words that make a phrase a job: at least one is in every role ("Independent Scrutineer",
# "Chief Nurse", "Police and Crime Commissioner for Anyshire", "HM Inspector", "YOT Manager").
ROLE_VOCAB = regex.compile(
    r"\b(?:Direct\w*|Executive|Chief|Head|Manager|Officer|Lead|Leader|President|Chair\w*|"
    r"Secretary|Commissioner|Principal|Headteacher|Deputy|Assistant|Strategic|Corporate|DCS|CEO|"
    r"Interim|Acting|Inspector|HMI|Governor|Superintendent|Clerk|Chancellor|Provost|Member|"
    r"Holder|Councillor|Scrutineer|Nurse|Mayor|Constable|Commander|Controller|Co-?ordinator|"
    r"Advis[eo]r|Consultant|Administrator|Registrar|Minister|Trustee|Partner|Representative|"
    r"Treasurer|Matron|Practitioner|Adviser|Supervisor|Specialist|Doctor|Designated|Named|"
    r"Physician|Paediatrician|Psychiatrist|Psychologist|Therapist|Midwife|Clinician|Pharmacist|"
    r"Professor|Dean|Senior|General|Worker|Teacher|Tutor|Lecturer|Warden|Steward|Convenor|"
    r"Convener|Facilitator|Planner|Analyst|Auditor|Solicitor|Counsel|Judge|Magistrate|Justice|"
    r"Ombudsman|Proprietor|Owner|Founder|Editor|Captain|Rector|Vicar|Bishop|Official|Visitor|"
    r"Leadership|Portfolio|Cabinet|Board|Team|Panel)s?\b", regex.I)
# Words that end a role, an organisation or a provider only when a line broke in the middle of
# it ("Director of", "Police and", "Children’s Services for").
DANGLING = regex.compile(r"(?:\s|\A)(?:and|of|for|the|to|in|with|at|on|&|[-–—/])\Z", regex.I)
# ... and begin one only then ("and Maidenhead", "for East Berkshire", "local authority").
LEADING_FRAGMENT = regex.compile(r"\A(?:\p{Ll}|(?:and|of|for|with|at)\b|&)")
# Characters no name, role, organisation or address line holds; between two letters of a word
# ("Child=ren’s") a stray from the text layer.
STRAY = regex.compile(r"[=|~^_*#<>{}\[\]\\`¬+@]")
STRAY_IN_WORD = regex.compile(r"(?<=\p{L})[=|~^_*#<>{}\[\]\\`¬+](?=\p{Ll})")
# What a generic provider is made of: "children’s services", "the local authority", "the Council",
# "Metropolitan Borough Council" (the end of a name whose start is elsewhere).
GENERIC_WORD = regex.compile(
    r"(?:the|local|authority|authorities|council|children[’']?s?|services?|social|care|"
    r"borough|county|city|metropolitan|district|department|directorate|of|and|for|&|"
    r"unitary|partnership|board|group|trust|team|agency)", regex.I)
# A body's words for :func:`organisation_problem`'s "only generic words" test: narrower, since
# "Children’s Services", "Children’s Services Department" and "Clinical Commissioning Group" are
# bodies as written; "Council", "Metropolitan Borough Council" and "local authority" are not.
GENERIC_ORG_WORD = regex.compile(
    r"(?:the|local|authority|council|borough|county|city|metropolitan|district|of|and|board|"
    r"group|trust|team)", regex.I)
# Letterhead and contact furniture, and Ofsted's own addresses ("Piccadilly Gate", "M1 2WD").
CONTACT = regex.compile(
    r"\b(?:Tel|Telephone|Phone|Fax|Minicom|Textphone|Switchboard|Mobile|E-?mail|Direct\s+[TFE]|"
    r"www|https?)\b|@|\.gov\.uk|\.org\.uk|\.co\.uk|\A[TFE]\s*:?\s+\+?\d[\d ]{6,}|\A[\d\s()+]{9,}\Z",
    regex.I)
OFSTED_ADDRESS = regex.compile(
    r"\bOfsted\b|Office\s+for\s+Standards|Piccadilly\s+Gate|Aviation\s+House|\bAgora\b|"
    r"Royal\s+Exchange\s+Buildings|Freshford\s+House|\b(?:M1\s*2WD|WC2B\s*6SE|NG1\s*6HJ|"
    r"M2\s*7LA|BS1\s*6NL)\b", regex.I)
# "Ann Bell, Director ..." opening a line: a person, not a line of an address.
_PERSON_THEN_COMMA = regex.compile(r"(?P<name>[^,]{3,60}),")
_POSTCODE = regex.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b")
_ADDRESS_EVIDENCE = regex.compile(
    r"\d|\b(?:Street|St|Road|Rd|Lane|Avenue|House|Centre|Hall|Buildings?|Floor|Place|Square|Way|"
    r"Drive|Court|Park|Offices?|Box|Level|Suite|Quay|Wharf|Gate|Tower|Chambers|Department|"
    r"Directorate|Division|Unit|Team|Section)\b", regex.I)
_WORDS = regex.compile(r"[^\s]+")
_MAX_NAME = 120
_MAX_SPLIT = 300
_MAX_ROLE_WORDS = 40
_MAX_PROVIDER_WORDS = 14


# -- the shape of each kind of value -----------------------------------------------------------

def _strip_honorific_and_letters(text: str) -> str:
    """The name without honorific or rank before it and letters after it."""
    core = text.strip()
    m = HONORIFIC.match(core)
    if m:
        core = core[m.end():]
    m = POSTNOMINAL.search(" " + core)
    if m and m.start() > 0:
        core = (" " + core)[:m.start()].strip()
    return core


def name_problem(text: str) -> str | None:
    """Why ``text`` is not a person's name ("Ms Jane Smith", "Sara Tough OBE", "Wendy Williams,
    CBE", "Jenny-Ellen Scotland", "Tim de Mayer"), or None."""
    if not text or not text.strip():
        return "empty"
    if len(text) > _MAX_NAME:
        return "too long for a name"
    if regex.search(r"\d", text):
        return "a digit"
    if regex.search(r"[()\[\]]", text):
        return "brackets"
    if STRAY.search(text):
        return "a stray character"
    if regex.search(r"[,;:&/]\s*\Z|(?<=\p{Ll}{2})\.\Z", text):
        return "punctuation at its end"
    core = _strip_honorific_and_letters(text)
    if "," in core or ";" in core or ":" in core:
        return "a comma inside the name"
    if NOT_NAME_WORDS.search(core):
        return "a role or organisation word"
    count = 0
    for word in core.split():
        if not NAME_WORD.fullmatch(word):
            return f"{word!r} is not a name word"
        count += 2 if _GLUED.fullmatch(word) else 1
    if not 2 <= count <= 5:
        return f"{count} name word(s)"
    if authorities.match(core) is not None:
        return "an authority's name"
    return None


def role_problem(text: str) -> str | None:
    """Why ``text`` is not a job title ("Director of Children’s Services", "Police and Crime
    Commissioner for South Yorkshire", "HM Inspector", "A/Chief Superintendent"), or None."""
    if not text or not text.strip():
        return "empty"
    if len(_WORDS.findall(text)) > _MAX_ROLE_WORDS:
        return "too long for a role"
    if regex.search(r"\d", text):
        return "a digit"
    if STRAY.search(text) or CONTACT.search(text):
        return "a stray character or contact details"
    if not _balanced(text):
        return "unbalanced brackets"
    if LEADING_FRAGMENT.match(text):
        return "it starts in the middle of a phrase"
    if DANGLING.search(text) or regex.search(r"[,;:]\s*\Z", text):
        return "it stops in the middle of a phrase"
    if not ROLE_VOCAB.search(text):
        return "no word of a job title"
    if regex.search(r"[,(]", text) and name_problem(regex.split(r"\s*[,(]", text)[0]) is None:
        return "it opens with a person's name"
    return None


def organisation_problem(text: str) -> str | None:
    """Why ``text`` is not the name of a body ("Barnsley Metropolitan Borough Council", "NHS
    Somerset ICB", "Children’s Services Department", "Thames Valley"), or None."""
    if not text or not text.strip():
        return "empty"
    if STRAY.search(text) or CONTACT.search(text):
        return "a stray character or contact details"
    if _POSTCODE.search(text):
        return "a postcode"
    if not _balanced(text):
        return "unbalanced brackets"
    if LEADING_FRAGMENT.match(text):
        return "it starts in the middle of a phrase"
    if DANGLING.search(text) or regex.search(r"[,;:]\s*\Z", text):
        return "it stops in the middle of a phrase"
    if _generic(text, GENERIC_ORG_WORD):
        return "a generic phrase"
    if _person_then_role(text):
        return "a person and a role"
    return None


def provider_problem(text: str) -> str | None:
    """Why ``text`` is not the name of who is inspected ("Barnsley", "London Borough of Bexley",
    "Cafcass", "Elmfield Primary School"): never a generic phrase ("children’s services", "the
    local authority"); None when it is."""
    if not text or not text.strip():
        return "empty"
    if regex.search(r"\d", text) or STRAY.search(text) or CONTACT.search(text):
        return "a digit, stray character or contact details"
    if len(_WORDS.findall(text)) > _MAX_PROVIDER_WORDS or regex.search(
            r"[;:]\s|(?<=\p{Ll}{3})\.\s", text):
        return "a sentence, not a name"
    if not _balanced(text):
        return "unbalanced brackets"
    if LEADING_FRAGMENT.match(regex.sub(r"\A[Tt]he\s+", "", text)):
        return "it starts in the middle of a phrase"
    if DANGLING.search(text) or regex.search(r",\s*\Z", text):
        return "it stops in the middle of a phrase"
    if _generic(text, GENERIC_WORD):
        return "a generic phrase"
    return None


def address_problem(text: str) -> str | None:
    """Why ``text`` is not a line of a postal address ("Town Hall", "1 Town Square", "London
    SW1P 3BT"): never letterhead or contact furniture (telephone, email, www, Ofsted's own
    address), a person or a job; None when it is."""
    if not text or not text.strip():
        return "empty"
    if CONTACT.search(text) or OFSTED_ADDRESS.search(text):
        return "letterhead or contact details"
    if STRAY.search(text):
        return "a stray character"
    if not _balanced(text) or LEADING_FRAGMENT.match(text):
        return "a piece of a longer line"
    if regex.match(r"\s*Dear\b", text):
        return "a salutation"
    if _ADDRESS_EVIDENCE.search(text) or _POSTCODE.search(text):
        return None
    if _person_then_role(text):
        return "a person, not an address"
    if ROLE_VOCAB.search(text):
        return "a job, not an address"
    return None


def _person_then_role(text: str) -> bool:
    """"Ann Bell, Chief Constable, ...": a name, a comma, then a role or a body."""
    m = _PERSON_THEN_COMMA.match(text)
    if m is None or name_problem(m["name"]) is not None:
        return False
    rest = text[m.end():]
    return bool(ROLE_VOCAB.search(rest) or NOT_NAME_WORDS.search(rest))


def _balanced(text: str) -> bool:
    depth = 0
    for ch in text:
        depth += ch == "("
        depth -= ch == ")"
        if depth < 0:
            return False
    return depth == 0


def _generic(text: str, word: regex.Pattern[str]) -> bool:
    words = [w.strip(",.()") for w in text.split()]
    return all(word.fullmatch(w) for w in words if w)


# -- mends --------------------------------------------------------------------------------------

def rejoin(text: str) -> str:
    """``text`` with a stray character between two letters of a word taken out
    ("Child=ren’s" → "Children’s")."""
    return str(STRAY_IN_WORD.sub("", text))


def tidy(text: str, *, name: bool = False) -> str:
    """``text`` without list punctuation at its end ("Ann Bell," → "Ann Bell"); for a name also
    a full stop after a surname ("Ann Bell." → "Ann Bell"; an initial's "B." stays)."""
    out = text.strip().rstrip(" \t\r\n,;:")    # not a regex: linear on a line of commas
    if name and out.endswith(".") and len(out) > 2 and out[-2].islower() and out[-3].islower():
        out = out[:-1]
    return out


def split_name(text: str) -> tuple[str, str | None] | None:
    """A name with something run on after it, split: ``(name, role or None)``.

    "Ms A B Director of Children’s Services" → ("Ms A B", "Director of Children’s Services");
    "Ann Bell (Lead Inspector)" → ("Ann Bell", "Lead Inspector"); "Ann Bell, HMI" → ("Ann
    Bell", "HMI"); "Ann Bell HMI" → ("Ann Bell", "HMI"). None where no split gives a name.
    """
    text = text.strip()
    if len(text) > _MAX_SPLIT:
        return None
    m = regex.fullmatch(r"(?P<name>[^()]+?)\s*\((?P<role>(?:[^()]|\([^()]*\))+)\)", text)
    if m and name_problem(m["name"]) is None:
        role = m["role"].strip()
        return m["name"], role if role_problem(role) is None else None
    m = regex.fullmatch(r"(?P<name>[^,]+?)\s*,\s*(?P<role>.+)", text)
    if m and name_problem(m["name"]) is None and role_problem(m["role"]) is None:
        return m["name"], m["role"]
    honorific = HONORIFIC.match(text)
    start = honorific.end() if honorific else 0
    for word in regex.finditer(r"\S+", text, pos=start):
        if word.start() == start or not ROLE_START.match(word.group()):
            continue
        name, role = text[:word.start()].strip(), text[word.start():].strip()
        if name_problem(name) is None and role_problem(role) is None:
            return name, role
    return None


# -- the check over a draft --------------------------------------------------------------------

def check(draft: Draft) -> None:
    """Check (mend or drop) every value of the kinds above in ``draft``."""
    _person(draft, "recipient", organisation=True)
    _person(draft, "signatory", organisation=False)
    _people(draft, "recipients", organisation=True)
    _people(draft, "signatories", organisation=False)
    _strings(draft, "visit.inspectors", _inspector)
    _strings(draft, "recipient.address", _address_line)
    _cc(draft)
    _provider(draft)
    _dates(draft)


class _Slots:
    """The name / role / organisation of one person, at draft paths, read and written back."""

    def __init__(self, draft: Draft, base: str, holder: dict[str, Any] | None,
                 organisation: bool) -> None:
        self.draft, self.base, self.holder = draft, base, holder
        self.keys = ("name", "role", "organisation") if organisation else ("name", "role")

    def path(self, key: str) -> str:
        return f"{self.base}.{key}"

    def get(self, key: str) -> Any:
        if self.holder is not None:
            return self.holder.get(key)
        return self.draft.get(self.path(key))

    def set(self, key: str, value: Any) -> None:
        if self.holder is not None:
            self.holder[key] = value
        else:
            self.draft.fields[self.path(key)] = value
        if value is None:
            self.draft.grounding.pop(self.path(key), None)

    def present(self) -> bool:
        return self.holder is not None or any(self.path(k) in self.draft.fields
                                              for k in self.keys)


def _person(draft: Draft, base: str, *, organisation: bool) -> None:
    slots = _Slots(draft, base, None, organisation)
    if slots.present():
        _check_person(slots)


def _people(draft: Draft, path: str, *, organisation: bool) -> None:
    items = draft.get(path)
    if not isinstance(items, list):
        return
    # An entry the reader could not read at all (its own warning says so) keeps its place; one
    # whose every value the checks left out goes.
    read = [isinstance(item, dict) and any(v is not None for v in item.values())
            for item in items]
    for n, item in enumerate(items):
        if isinstance(item, dict):
            _check_person(_Slots(draft, f"{path}[{n}]", item, organisation))
    keep = [n for n, item in enumerate(items)
            if not isinstance(item, dict) or not read[n]
            or any(v is not None for v in item.values())]
    _reindex(draft, path, items, keep)


def _check_person(slots: _Slots) -> None:
    draft = slots.draft
    for key in slots.keys:
        value = slots.get(key)
        if isinstance(value, str):
            _clean(draft, slots, key, value, name=key == "name")
    name = slots.get("name")
    if isinstance(name, str) and name_problem(name) is not None:
        _mend_name(slots, name)
    role = slots.get("role")
    if isinstance(role, str) and (why := role_problem(role)) is not None:
        _drop(draft, slots.path("role"), role, why)
        slots.set("role", None)
    if "organisation" in slots.keys:
        org = slots.get("organisation")
        if isinstance(org, str) and (why := organisation_problem(org)) is not None:
            role = slots.get("role")
            if (LEADING_FRAGMENT.match(org) and isinstance(role, str)
                    and role_problem(f"{role}, {org}") is None):
                # "Director of Nursing, with responsibility for the east": the part after the
                # last comma goes on with the role, it names no body
                _join_role(slots, role, org)
            else:
                _drop(draft, slots.path("organisation"), org, why)
                slots.set("organisation", None)


def _join_role(slots: _Slots, role: str, rest: str) -> None:
    """The role runs on into what was read as the organisation: one role, grounded over both."""
    draft = slots.draft
    first = draft.grounding.get(slots.path("role"))
    second = draft.grounding.get(slots.path("organisation"))
    slots.set("role", f"{role}, {rest}")
    slots.set("organisation", None)
    if first is not None and second is not None:
        draft.ground(slots.path("role"), min(first.start, second.start),
                     max(first.end, second.end))


def _clean(draft: Draft, slots: _Slots, key: str, value: str, *, name: bool) -> None:
    """Rejoin a word split by a stray character (flagged) and drop end punctuation."""
    path = slots.path(key)
    fixed = rejoin(value)
    if fixed != value:
        draft.warn("IP-W020", f"{path} {value!r} read as {fixed!r}")
    fixed = tidy(fixed, name=name)
    if fixed != value:
        slots.set(key, fixed or None)
        _narrow(draft, path, fixed)


def _mend_name(slots: _Slots, name: str) -> None:
    draft = slots.draft
    why = name_problem(name) or ""
    npath, rpath = slots.path("name"), slots.path("role")
    split = split_name(name)
    if split is not None:
        kept, run_on = split
        span = draft.grounding.get(npath)
        slots.set("name", kept)
        _narrow(draft, npath, kept)
        if run_on is not None:
            role = slots.get("role")
            if role is None:
                slots.set("role", run_on)
                _ground_part(draft, rpath, span, run_on)
            elif run_on not in role:
                _drop(draft, npath, run_on, "a role run on after the name, beside the role "
                                            f"{role!r}")
        return
    role = slots.get("role")
    if role_problem(name) is None and isinstance(role, str) and name_problem(role) is None:
        # the role above the name ("National Director" / "Ann Bell"): the two change places
        name_span, role_span = draft.grounding.get(npath), draft.grounding.get(rpath)
        slots.set("name", role)
        slots.set("role", name)
        for path, span in ((npath, role_span), (rpath, name_span)):
            if span is not None:
                draft.grounding[path] = span
        return
    if role_problem(name) is None:
        # the first words of the role taken for a name: they go back to the role
        span = draft.grounding.get(npath)
        joined = name if role is None else f"{name}, {role}"
        if role_problem(joined) is None:
            other = draft.grounding.get(rpath)
            slots.set("role", joined)
            if span is not None:
                end = other.end if other is not None and other.end > span.end else span.end
                draft.grounding[rpath] = draft.doc.span(span.start, end)
    elif ("organisation" in slots.keys and slots.get("organisation") is None
          and organisation_problem(name) is None):
        span = draft.grounding.get(npath)
        slots.set("organisation", name)
        if span is not None:
            draft.grounding[slots.path("organisation")] = span
    _drop(draft, npath, name, why)
    slots.set("name", None)


def _strings(draft: Draft, path: str, mend: Callable[[Draft, str, str], str | None]) -> None:
    """Check each item of the list of strings at ``path``: ``mend(draft, item path, item)``
    gives the item to keep (perhaps mended) or None to leave it out."""
    items = draft.get(path)
    if not isinstance(items, list):
        return
    keep = []
    for n, item in enumerate(items):
        if not isinstance(item, str):
            keep.append(n)
            continue
        kept = mend(draft, f"{path}[{n}]", item)
        if kept is not None:
            items[n] = kept
            keep.append(n)
    _reindex(draft, path, items, keep)


def _inspector(draft: Draft, path: str, value: str) -> str | None:
    fixed = rejoin(value)
    if fixed != value:
        draft.warn("IP-W020", f"{path} {value!r} read as {fixed!r}")
    fixed = tidy(fixed, name=True)
    if name_problem(fixed) is not None:
        split = split_name(fixed)
        if split is None:
            _drop(draft, path, value, name_problem(fixed) or "")
            return None
        fixed = split[0]
    if fixed != value:
        _narrow(draft, path, fixed)
    return fixed


def _address_line(draft: Draft, path: str, value: str) -> str | None:
    fixed = rejoin(value)
    if fixed != value:
        draft.warn("IP-W020", f"{path} {value!r} read as {fixed!r}")
    why = address_problem(fixed)
    if why is not None:
        _drop(draft, path, value, why)
        return None
    return fixed


def _cc(draft: Draft) -> None:
    items = draft.get("cc")
    if not isinstance(items, list):
        return
    for n, item in enumerate(items):
        if not isinstance(item, dict):
            continue
        name, org = item.get("name"), item.get("organisation")
        if isinstance(name, str):
            name = tidy(rejoin(name), name=True)
            if name_problem(name) is not None:
                split = split_name(name)
                if split is None:
                    _drop(draft, f"cc[{n}].name", name, name_problem(name) or "")
                    name = None
                else:
                    name = split[0]
            item["name"] = name
        if isinstance(org, str):
            org = tidy(rejoin(org))
            if organisation_problem(org) is not None:
                _drop(draft, f"cc[{n}].organisation", org, organisation_problem(org) or "")
                org = None
            item["organisation"] = org
    keep = [n for n, item in enumerate(items)
            if not isinstance(item, dict) or any(v is not None for v in item.values())]
    _reindex(draft, "cc", items, keep)


def _provider(draft: Draft) -> None:
    name = draft.get("provider.name")
    if not isinstance(name, str):
        return
    fixed = rejoin(name)
    if fixed != name:
        draft.warn("IP-W020", f"provider.name {name!r} read as {fixed!r}")
    fixed = tidy(fixed)
    why = provider_problem(fixed)
    if why is not None:
        _drop(draft, "provider.name", name, why)
        draft.put("provider.name", None)
        draft.grounding.pop("provider.name", None)
    elif fixed != name:
        draft.fields["provider.name"] = fixed
        _narrow(draft, "provider.name", fixed)


# -- dates ---------------------------------------------------------------------------------------

# How long before its letter a visit may have been (letters follow visits by weeks, not years).
MAX_VISIT_AGE = dt.timedelta(days=366)


def _day(value: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value if len(value) == 10 else value + "-01")
    except ValueError:
        return None


def _dates(draft: Draft) -> None:
    """Visit dates within the letter's own time (not after its date, not years before it); the
    previous inspection before the visit, published before the letter."""
    letter = _day(draft.get("letter_date") or "")
    visits = draft.get("visit.dates") or []
    days = [d for d in (_day(v) for v in visits) if d is not None]
    if letter is not None and days:
        late = [v for v, d in zip(visits, days, strict=False) if d > letter]
        old = [v for v, d in zip(visits, days, strict=False) if letter - d > MAX_VISIT_AGE]
        if late or old:
            why = "after the letter's date" if late else "more than a year before the letter"
            _drop(draft, "visit.dates", visits, f"{why} ({draft.get('letter_date')})")
            draft.fields["visit.dates"] = []
            draft.grounding.pop("visit.dates", None)
            days = []
    first_visit = min(days) if days else None
    for key in ("date", "published"):
        path = f"previous_inspection.{key}"
        value = draft.get(path)
        when = _day(value) if isinstance(value, str) else None
        if when is None:
            continue
        problem: str | None = None
        if first_visit is not None and when >= first_visit:
            problem = "not before the visit"
        elif letter is not None and when > letter:
            problem = "after the letter's date"
        if problem is not None:
            _drop(draft, path, value, problem)
            draft.fields[path] = None
            draft.grounding.pop(path, None)


# -- grounding and warnings ----------------------------------------------------------------------

def _drop(draft: Draft, path: str, value: Any, why: str) -> None:
    draft.warn("IP-W024", f"{path} {value!r}: {why}")


def _narrow(draft: Draft, path: str, kept: str) -> None:
    """Ground ``path`` where ``kept`` is written inside its old span (left as it was where the
    kept value is not a piece of the old one, as for a rejoined word)."""
    span = draft.grounding.get(path)
    if span is None:
        return
    snippet = draft.doc.snippet(span.start, span.end)
    at = snippet.text.find(kept)
    if at < 0 or not kept:
        return
    a, b = snippet.offsets(at, at + len(kept))
    if b > a:
        draft.grounding[path] = draft.doc.span(a, b)


def _ground_part(draft: Draft, path: str, span: Any, part: str) -> None:
    """Ground ``path`` at ``part`` inside ``span`` (the old span of the value it came from)."""
    if span is None:
        return
    snippet = draft.doc.snippet(span.start, span.end)
    at = snippet.text.rfind(part)
    if at >= 0:
        a, b = snippet.offsets(at, at + len(part))
        if b > a:
            draft.grounding[path] = draft.doc.span(a, b)


def _reindex(draft: Draft, path: str, items: list[Any], keep: list[int]) -> None:
    """Keep only ``items[keep]`` at ``path``, renumbering their grounding (``path[n]...``)."""
    if len(keep) == len(items):
        return
    prefix = f"{path}["
    old = {k: v for k, v in draft.grounding.items() if k.startswith(prefix)}
    for k in old:
        del draft.grounding[k]
    for new, n in enumerate(keep):
        head = f"{path}[{n}]"
        for k, v in old.items():
            if k == head or k.startswith(head + "."):
                draft.grounding[f"{path}[{new}]" + k[len(head):]] = v
    draft.fields[path] = [items[n] for n in keep]


def problems(record: dict[str, Any]) -> list[str]:
    """What :func:`check` would still mend or drop in a finished record (a dict from
    :func:`inspection_parse.to_dict`): one line per value, empty when every value has its
    shape. Used to scan parsed archives for values wrong on their face."""
    out: list[str] = []

    def see(path: str, value: Any, test: Callable[[str], str | None], *,
            name: bool = False) -> None:
        if not isinstance(value, str):
            return
        why = test(value)
        if why is None and (rejoin(value) != value or tidy(value, name=name) != value):
            why = "would be mended"
        if why is not None:
            out.append(f"{path} {value!r}: {why}")

    persons = [("recipient", record.get("recipient") or {}),
               ("signatory", record.get("signatory") or {})]
    persons += [(f"recipients[{n}]", p) for n, p in enumerate(record.get("recipients") or [])]
    persons += [(f"signatories[{n}]", p) for n, p in enumerate(record.get("signatories") or [])]
    for base, person in persons:
        see(f"{base}.name", person.get("name"), name_problem, name=True)
        see(f"{base}.role", person.get("role"), role_problem)
        see(f"{base}.organisation", person.get("organisation"), organisation_problem)
    visit = record.get("visit") or {}
    for n, inspector in enumerate(visit.get("inspectors") or []):
        see(f"visit.inspectors[{n}]", inspector, name_problem, name=True)
    for n, line in enumerate((record.get("recipient") or {}).get("address") or []):
        if address_problem(line) is not None or rejoin(line) != line:
            out.append(f"recipient.address[{n}] {line!r}: {address_problem(line)}")
    for n, cc in enumerate(record.get("cc") or []):
        see(f"cc[{n}].name", cc.get("name"), name_problem, name=True)
        see(f"cc[{n}].organisation", cc.get("organisation"), organisation_problem)
    see("provider.name", (record.get("provider") or {}).get("name"), provider_problem)
    letter = _day(record.get("letter_date") or "")
    days = [d for d in (_day(v) for v in visit.get("dates") or []) if d is not None]
    if letter is not None and any(d > letter or letter - d > MAX_VISIT_AGE for d in days):
        out.append(f"visit.dates {visit.get('dates')!r}: outside the letter's time")
    previous = record.get("previous_inspection") or {}
    for key in ("date", "published"):
        when = _day(previous.get(key) or "")
        if when is not None and ((days and when >= min(days)) or (letter and when > letter)):
            out.append(f"previous_inspection.{key} {previous.get(key)!r}: out of order")
    return out
