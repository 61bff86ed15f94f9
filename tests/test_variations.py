"""Variation tests: letters by other inspectors differ in every part that is not the title.

For each letter we hold with gold (the seed, the 30 focused-visit gold PDFs through their text)
and each letter of our own corpus, the parts that vary are rewritten the other ways real letters
write them, and the record must change only where the variant means it to:

- the sign-off with another valediction, and with none;
- the signer's and the addressee's role on the name's line, after a comma, in brackets or run
  straight on after the name ("Ms A B Director of Children’s Services");
- the signer's name with a trailing comma, and a stray "=" inside a word of the signer's role;
- the letter's date below the address block instead of above it;
- the visit dates written as a range, with a dash, with ordinals, or "between ... and ...";
- the inspectors listed with commas, with "HMI" after each name, or with the lead's role in
  brackets;
- the authority named in the opening sentence and not the title;
- a prior finding (Cafcass) run on by one or two sentences, or by a paragraph "The report also
  found" of one or two sentences;
- the recipient block at the foot of the letter, after the signature.

Each variant is made from the letter's text and the grounding of its own record (where the date,
the names and the lists are), so no variant is keyed to one letter.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import inspection_parse as ip
from conftest import SEED, need
from letters import TEXT_LETTERS, document, focused_gold_pdfs

# The fields a variant may disturb, compared between the letter and its variant.
FIELDS = (
    "letter_date", "title", "salutation", "recipient.name", "recipient.role",
    "recipient.organisation", "provider.name", "provider.canonical", "provider.unit",
    "provider.code", "visit.dates", "visit.inspectors", "previous_inspection.date",
    "previous_inspection.published", "signatory.name", "signatory.role", "overall.rating",
    "areas_stated",
)
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
LETTER_FAMILIES = {"cafcass_pim", "la_focused_visit", "la_monitoring_visit", "school_monitoring"}


def _sources() -> list[Path]:
    seed = sorted(SEED.glob("*.txt")) if SEED.exists() else []
    return seed + focused_gold_pdfs() + [p for p in TEXT_LETTERS if "fe-" not in p.stem]


def _text(path: Path) -> str:
    need(path)
    return document(path).text if path.suffix == ".pdf" else path.read_text(encoding="utf-8")


def _get(data: dict[str, Any], dotted: str) -> Any:
    cur: Any = data
    for part in dotted.split("."):
        cur = cur.get(part) if isinstance(cur, dict) else None
    return cur


def _view(letter: ip.Letter) -> dict[str, Any]:
    data = ip.to_dict(letter)
    view = {f: _get(data, f) for f in FIELDS}
    view["areas"] = [(a["text"], a["prior_finding"], a["progress"]["rating"])
                     for a in data["areas"]]
    view["warnings"] = letter.warning_codes()
    return view


# -- how each variant is made: (text, record) -> (new text, the fields it changes) or None -------

Variant = Callable[[str, ip.Letter], "tuple[str, dict[str, Any]] | None"]


def _span(letter: ip.Letter, path: str) -> tuple[int, int] | None:
    s = letter.grounding.get(path)
    return (s.start, s.end) if s is not None else None


def _line_of(text: str, offset: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return start, len(text) if end < 0 else end


def _signoff_line(text: str, letter: ip.Letter) -> tuple[int, int] | None:
    found = [s for s in letter.sections if s.kind == "signoff"]
    if not found:
        return None
    a, b = _line_of(text, found[0].start)
    return (a, b) if re.match(r"\s*(?:Yours|Kind|Best|With|Regards)", text[a:b]) else None


def other_valediction(text: str, letter: ip.Letter) -> tuple[str, dict[str, Any]] | None:
    line = _signoff_line(text, letter)
    if line is None:
        return None
    return text[:line[0]] + "Yours faithfully," + text[line[1]:], {}


def no_valediction(text: str, letter: ip.Letter) -> tuple[str, dict[str, Any]] | None:
    line = _signoff_line(text, letter)
    if line is None:
        return None
    return text[:line[0]] + text[line[1]:].lstrip("\n"), {}


def _role_on_name_line(text: str, letter: ip.Letter, who: str, style: str
                       ) -> tuple[str, dict[str, Any]] | None:
    """The role moved onto the name's line: after a comma, in brackets, or run straight on
    after the name with no mark at all (as a text layer that lost the line break writes it)."""
    name, role = _span(letter, f"{who}.name"), _span(letter, f"{who}.role")
    if name is None or role is None:
        return None
    between = text[name[1]:role[0]]
    if between.count("\n") != 1 or between.strip() or "\n" in text[role[0]:role[1]]:
        return None     # the role is not the whole next line
    value = text[role[0]:role[1]]
    if style == "comma":
        return text[:name[1]] + ", " + value + text[role[1]:], {}
    if style == "run on":
        return text[:name[1]] + " " + value + text[role[1]:], {}
    return text[:name[1]] + " (" + value + ")" + text[role[1]:], {}


def signer_role_after_comma(text: str, letter: ip.Letter) -> tuple[str, dict[str, Any]] | None:
    return _role_on_name_line(text, letter, "signatory", "comma")


def signer_role_in_brackets(text: str, letter: ip.Letter) -> tuple[str, dict[str, Any]] | None:
    return _role_on_name_line(text, letter, "signatory", "brackets")


def addressee_role_after_comma(text: str, letter: ip.Letter
                               ) -> tuple[str, dict[str, Any]] | None:
    return _role_on_name_line(text, letter, "recipient", "comma")


def addressee_role_in_brackets(text: str, letter: ip.Letter
                               ) -> tuple[str, dict[str, Any]] | None:
    return _role_on_name_line(text, letter, "recipient", "brackets")


def addressee_role_run_on(text: str, letter: ip.Letter) -> tuple[str, dict[str, Any]] | None:
    return _role_on_name_line(text, letter, "recipient", "run on")


def signer_role_run_on(text: str, letter: ip.Letter) -> tuple[str, dict[str, Any]] | None:
    return _role_on_name_line(text, letter, "signatory", "run on")


def signer_name_with_a_comma(text: str, letter: ip.Letter) -> tuple[str, dict[str, Any]] | None:
    name = _span(letter, "signatory.name")
    if name is None or text[name[1]:name[1] + 1] != "\n":
        return None
    return text[:name[1]] + "," + text[name[1]:], {}


def stray_character_in_the_signer_s_role(text: str, letter: ip.Letter
                                         ) -> tuple[str, dict[str, Any]] | None:
    """A character of the text layer's own left inside a word of the role ("Insp=ector"):
    rejoined, the record unchanged (and flagged IP-W020)."""
    role = _span(letter, "signatory.role")
    if role is None:
        return None
    m = re.search(r"[a-z]{3}(?=[a-z]{3})", text[role[0]:role[1]])
    if m is None:
        return None
    at = role[0] + m.end()
    return text[:at] + "=" + text[at:], {WARNS: "IP-W020"}


def date_below_address(text: str, letter: ip.Letter) -> tuple[str, dict[str, Any]] | None:
    date, dear = _span(letter, "letter_date"), _span(letter, "salutation")
    if date is None or dear is None or date[0] > dear[0]:
        return None
    d0, d1 = _line_of(text, date[0])
    if text[d0:d1].strip() != text[date[0]:date[1]].strip():
        return None
    line = text[d0:d1].strip()
    s0, _ = _line_of(text, dear[0])
    without = text[:d0] + text[d1 + 1:]
    s0 -= d1 + 1 - d0
    return without[:s0] + line + "\n\n" + without[s0:], {}


def _ordinal(day: int) -> str:
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def _date_forms(days: list[str]) -> list[str]:
    ds = [dt.date.fromisoformat(d) for d in days]
    if len(ds) < 2 or any((b - a).days != 1 for a, b in itertools.pairwise(ds)):
        return []
    first, last = ds[0], ds[-1]
    if first.month != last.month:
        return [f"{first.day} {MONTHS[first.month - 1]} to {last.day} {MONTHS[last.month - 1]} "
                f"{last.year}"]
    month, year = MONTHS[last.month - 1], last.year
    forms = [f"{first.day} to {last.day} {month} {year}",
             f"{first.day}–{last.day} {month} {year}",
             f"between {first.day} {month} and {last.day} {month} {year}"]
    if len(ds) == 2:
        forms.append(f"{_ordinal(first.day)} and {_ordinal(last.day)} {month} {year}")
    else:
        forms.append(", ".join(str(d.day) for d in ds[:-1]) + f" and {last.day} {month} {year}")
    return forms


def _dates_form(n: int) -> Variant:
    def variant(text: str, letter: ip.Letter) -> tuple[str, dict[str, Any]] | None:
        span = _span(letter, "visit.dates")
        forms = _date_forms(list(letter.visit.dates))
        if span is None or n >= len(forms) or "\n" in text[span[0]:span[1]]:
            return None
        return text[:span[0]] + forms[n] + text[span[1]:], {}
    variant.__name__ = f"visit_dates_form_{n}"
    return variant


def _inspector_spans(letter: ip.Letter) -> list[tuple[int, int]] | None:
    spans = [_span(letter, f"visit.inspectors[{n}]") for n in range(len(letter.visit.inspectors))]
    if len(spans) < 2 or any(s is None for s in spans):
        return None
    return [s for s in spans if s is not None]


def _inspectors_written(style: str) -> Variant:
    def variant(text: str, letter: ip.Letter) -> tuple[str, dict[str, Any]] | None:
        spans = _inspector_spans(letter)
        if spans is None or "\n\n" in text[spans[0][0]:spans[-1][1]]:
            return None     # the list is one paragraph (its lines may wrap)
        names = list(letter.visit.inspectors)
        if style == "commas":
            listed = ", ".join(names[:-1]) + " and " + names[-1]
        elif style == "hmi":
            listed = ", ".join(f"{n}, HMI" for n in names[:-1]) + ", and " + names[-1] + ", HMI"
        else:
            listed = f"{names[0]} (lead inspector) and " + " and ".join(names[1:])
        return text[:spans[0][0]] + listed + text[spans[-1][1]:], {}
    variant.__name__ = f"inspectors_{style}"
    return variant


_OPENING = re.compile(r"(?i)\b(?:focused|monitoring)\s+visit\s+to\s+(?:the\s+)?([^.;:\n]{1,80}?)"
                      r"(?:[’']s)?\s+(?:local\s+authority\s+)?children[’']?s\s+services")


def authority_in_text_only(text: str, letter: ip.Letter) -> tuple[str, dict[str, Any]] | None:
    title = _span(letter, "title")
    if title is None or letter.family not in {"la_focused_visit", "la_monitoring_visit"}:
        return None
    m = re.match(r"(?i)(Focused|Monitoring) visit to ", letter.title or "")
    named = _OPENING.search(text, title[1], title[1] + 800)
    if m is None or named is None or not named.group(1)[:1].isupper():
        return None
    short = f"{m.group(1)} visit"
    written = " ".join(named.group(1).split())
    return text[:title[0]] + short + text[title[1]:], {"title": short, "provider.name": written}


def _prior_run_on(paragraph: bool, sentences: int = 1) -> Variant:
    more = " ".join(["The report also found that records of this work were incomplete.",
                     "Managers had not checked them."][:sentences])

    def variant(text: str, letter: ip.Letter) -> tuple[str, dict[str, Any]] | None:
        if letter.family != "cafcass_pim" or not letter.areas:
            return None
        span = _span(letter, "areas[0].prior_finding")
        prior = letter.areas[0].prior_finding
        if span is None or prior is None or not prior.endswith("."):
            return None
        joint = "\n\n" if paragraph else " "
        changed = [(a.text, a.prior_finding, a.progress.rating) for a in letter.areas]
        changed[0] = (changed[0][0], prior + joint + more, changed[0][2])
        return text[:span[1]] + joint + more + text[span[1]:], {"areas": changed}
    variant.__name__ = (f"prior_finding_{sentences}_more_sentence(s)"
                        + ("_in_a_new_paragraph" if paragraph else ""))
    return variant


def recipient_at_the_foot(text: str, letter: ip.Letter) -> tuple[str, dict[str, Any]] | None:
    rec = [s for s in letter.sections if s.kind == "recipient"]
    role = _span(letter, "signatory.role")
    if not rec or role is None or letter.family not in LETTER_FAMILIES:
        return None
    r0, r1 = rec[0].start, rec[0].end
    block = text[r0:r1].strip("\n")
    if "\n\n" in block or any(s.kind == "cc" for s in letter.sections):
        return None
    _, sig_end = _line_of(text, role[1])
    sig_end -= (r1 - r0) + len(text[r1:]) - len(text[r1:].lstrip("\n"))
    without = text[:r0] + text[r1:].lstrip("\n")
    return without[:sig_end] + "\n\n" + block + without[sig_end:], {}


VARIANTS: list[Variant] = [
    other_valediction, no_valediction, signer_role_after_comma, signer_role_in_brackets,
    addressee_role_after_comma, addressee_role_in_brackets, addressee_role_run_on,
    signer_role_run_on, signer_name_with_a_comma, stray_character_in_the_signer_s_role,
    date_below_address, *(_dates_form(n) for n in range(4)),
    *(_inspectors_written(s) for s in ("commas", "hmi", "lead")), authority_in_text_only,
    _prior_run_on(False), _prior_run_on(False, 2), _prior_run_on(True), _prior_run_on(True, 2),
    recipient_at_the_foot,
]


# In what a variant means: a warning the variant's record must carry.
WARNS = "+warning"


def _differences(before: dict[str, Any], after: dict[str, Any], means: dict[str, Any]
                 ) -> list[str]:
    out = []
    if WARNS in means and means[WARNS] not in after["warnings"]:
        out.append(f"no {means[WARNS]} among {after['warnings']}")
    for key, old in before.items():
        if key == "warnings":
            continue
        want = means.get(key, old)
        new = after.get(key)
        if _norm(new) != _norm(want):
            out.append(f"{key}: {want!r} became {new!r}")
    return out


def _norm(value: Any) -> Any:
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, (list, tuple)):
        return [_norm(v) for v in value]
    return value


SOURCES = _sources()


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_variants_change_only_what_they_mean_to(source: Path) -> None:
    text = _text(source)
    letter = ip.parse_text(text)
    before = _view(letter)
    problems: dict[str, list[str]] = {}
    made = 0
    for make in VARIANTS:
        made_variant = make(text, letter)
        if made_variant is None:
            continue
        made += 1
        new_text, means = made_variant
        after = _view(ip.parse_text(new_text))
        diff = _differences(before, after, means)
        if diff:
            problems[make.__name__] = diff
    assert made >= 3, f"only {made} variants apply to {source.name}"
    assert not problems, problems
