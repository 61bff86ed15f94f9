"""Property tests: whatever text or bytes come in, the parser keeps its promises.

- only our error types escape (never ``InternalError``, IP-E099, never another exception);
- every grounding span, area span and section lies inside the parsed text;
- the output is deterministic (two parses give the same JSON);
- records round-trip through JSON and validate against ``ip.json_schema()``.

Inputs are arbitrary unicode, "letter-like" texts built from a grammar of letter parts
(letterheads, dates, recipients, salutations, bold titles, paragraphs, bullets of many
glyphs, "Area for improvement N:" blocks with deadlines and ratings, page breaks, page
numbers, footnotes, sign-offs), and random bytes for ``parse_bytes``.

The default profile keeps the run short; ``IP_PROPERTIES_PROFILE=ip-properties-long``
runs many more examples.
"""

from __future__ import annotations

import json
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import inspection_parse as ip

jsonschema = pytest.importorskip("jsonschema")

settings.register_profile(
    "ip-properties", max_examples=200, deadline=None, derandomize=False,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.filter_too_much])
settings.register_profile("ip-properties-long", parent=settings.get_profile("ip-properties"),
                          max_examples=5_000)
PROFILE = settings.get_profile(os.environ.get("IP_PROPERTIES_PROFILE", "ip-properties"))
FEW = settings(PROFILE, max_examples=max(20, PROFILE.max_examples // 4))

VALIDATOR = jsonschema.Draft202012Validator(ip.json_schema())


# -- the promises ---------------------------------------------------------------------------------

def parse_or_typed_error(call, *args, **kwargs) -> ip.Letter | None:
    """Run a parse; a typed error is fine (None), InternalError or anything else fails."""
    try:
        return call(*args, **kwargs)
    except ip.InternalError as exc:  # IP-E099: a bug wrapped at the boundary
        cause = exc.__cause__
        pytest.fail(f"InternalError (IP-E099): {exc}\ncaused by {type(cause).__name__}: {cause}")
    except ip.InspectionParseError as exc:
        assert exc.code.startswith("IP-E") and exc.code != "IP-E000", exc
        assert str(exc), "an error must say something"
        return None


def check_record(letter: ip.Letter, text_length: int) -> None:
    """Spans inside the text, JSON round trip, schema."""
    for path, span in letter.grounding.items():
        assert 0 <= span.start < span.end <= text_length, (path, span, text_length)
    for section in letter.sections:
        assert 0 <= section.start < section.end <= text_length, (section, text_length)
    for n, area in enumerate(letter.areas):
        assert 0 <= area.span.start <= area.span.end <= text_length, (n, area.span, text_length)
    dumped = ip.to_json(letter)
    assert ip.from_json(dumped) == letter
    errors = sorted(VALIDATOR.iter_errors(json.loads(dumped)), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]


def check_text(text: str) -> None:
    letter = parse_or_typed_error(ip.parse_text, text, name="generated.txt")
    if letter is None:
        return
    check_record(letter, len(text))
    again = ip.parse_text(text, name="generated.txt")
    assert ip.to_json(again) == ip.to_json(letter), "two parses of one text differ"


# -- a grammar of letter parts --------------------------------------------------------------------

FIRST = ["Anthony", "Ann", "Bob", "Sheena", "Jo", "Priya", "Mary-Jane", "O'Neill", "Zoë", "Ali"]
LAST = ["Douglas", "Lee", "Ray", "Doyle", "Britton", "Shah", "van der Berg", "Smith", "Nguyen"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December", "Jan", "Sept", "Dec."]
RATINGS = ["outstanding", "good", "satisfactory", "inadequate", "significant", "reasonable",
           "insufficient", "excellent"]
GLYPHS = ["-", "*", "•", "◼", "▪", "■", "●", "◦", "▫", "□", "➢", "➤", "►", "–", "—", "·", "o",
          "\uf0b7", "\uf0a7", "\uf06e", "+", "1."]
NUMBERS = ["one", "two", "three", "six", "nine", "eleven", "twelve", "18", "24", "a", "all"]
WORDS = ("the service area inspectors assessed progress judged to be made on this area of "
         "improvement within months deadline published inspection report Cafcass children "
         "services council visit focused findings overall practice families court advisers "
         "managers supervision quality assurance recommendations met with case files").split()

name = st.builds(lambda t, f, last: f"{t}{f} {last}", st.sampled_from(["", "Mr ", "Ms ", "Dr "]),
                 st.sampled_from(FIRST), st.sampled_from(LAST))
day = st.integers(0, 35).map(str) | st.sampled_from(["1st", "2nd", "23rd", "4th", "31st"])
year = st.integers(1995, 2030).map(str) | st.sampled_from(["2010", "1899", "20100"])
date = st.one_of(
    st.builds(lambda d, m, y: f"{d} {m} {y}", day, st.sampled_from(MONTHS), year),
    st.builds(lambda d, m, y: f"{m} {d}, {y}", day, st.sampled_from(MONTHS), year),
    st.builds(lambda d, m, y: f"Date: {d} {m}, {y}", day, st.sampled_from(MONTHS), year),
    st.builds(lambda a, b, m, y: f"{a} and {b} {m} {y}", day, day, st.sampled_from(MONTHS), year),
    st.builds(lambda a, b, m, y: f"between {a} {m} and {b} {m} {y}", day, day,
              st.sampled_from(MONTHS), year),
    st.builds(lambda a, b, m: f"from {a} to {b} {m}", day, day, st.sampled_from(MONTHS)),
)
words = st.lists(st.sampled_from(WORDS), min_size=1, max_size=25).map(" ".join)
sentence = st.one_of(
    words.map(lambda w: w[:1].upper() + w[1:] + "."),
    st.builds(lambda r: f"Progress on this area is {r}.", st.sampled_from(RATINGS)),
    st.builds(lambda r: f"{r.capitalize()} progress has been made by Cafcass on this area.",
              st.sampled_from(RATINGS)),
    st.builds(lambda r, w: f"Inspectors judged progress on {w} to be {r}.",
              st.sampled_from(RATINGS), words),
    st.builds(lambda r, n, t: f"Overall, {r} progress has been made in {n} of the {t} areas.",
              st.sampled_from(RATINGS), st.sampled_from(NUMBERS), st.sampled_from(NUMBERS)),
    st.builds(lambda d: f"This letter contains the findings of monitoring carried out on {d} "
                        "at the Cafcass office in Hull.", date),
    st.builds(lambda d: f"The inspection report was published in {d}.", date),
    st.builds(lambda n: f"The inspection identified {n} areas for improvement.",
              st.sampled_from(NUMBERS)),
    st.builds(lambda a, b: f"The inspectors were {a}, HMI, and {b}, Her Majesty’s Inspector.",
              name, name),
    st.builds(lambda d: f"The 2009 inspection found that {d}.", words),
    st.sampled_from(["Mr. A. Smith e.g. etc. i.e. the end.", "It was (good).", "“Quoted.”",
                     "A sentence; with; semicolons;", "No full stop", "?!", "...", ".",
                     "Inspectors assessed:", "Inspectors met with:", "The following areas:"]),
)
paragraph = st.lists(sentence, min_size=1, max_size=6).map(" ".join)
deadline = st.one_of(
    st.sampled_from(["Take action immediately to", "Immediately", "With immediate effect,",
                     "As a matter of urgency", "Take immediate action"]),
    st.builds(lambda n, u: f"Within {n} {u}", st.sampled_from([*NUMBERS, "the next three"]),
              st.sampled_from(["months", "month", "weeks", "years", "days"])),
    st.builds(lambda d, m, y: f"By {d} {m} {y}", day, st.sampled_from(MONTHS), year),
    st.just(""),
)
area = st.builds(
    lambda label, n, sep, dl, rec, body: f"{label} {n}{sep} {dl} {rec}\n\n{body}",
    st.sampled_from(["Area for improvement", "**Area for improvement", "Recommendation",
                     "AREA FOR IMPROVEMENT"]),
    st.integers(0, 120), st.sampled_from([":", ".", " –", "", ":**", "**:"]),
    deadline, words, paragraph)
bullet = st.builds(lambda indent, g, t: f"{' ' * indent}{g} {t}", st.integers(0, 6),
                   st.sampled_from(GLYPHS), words)
bullets = st.lists(bullet, min_size=1, max_size=8).map("\n".join)
page_break = st.sampled_from(["\n\n\n\n", "\n\n\n\n\n\n", "\f", "\n\f\n"])
page_number = st.builds(
    lambda n, fmt: fmt.format(n), st.integers(0, 999),
    st.sampled_from(["{}", "Page {}", "page {} of 9", "- {} -", "{}/9", "p. {}"]))
footnote = st.builds(lambda n, w: f"[^{n}]: {w}", st.integers(0, 9), words)
letterhead = st.lists(st.sampled_from(
    ["Aviation House", "125 Kingsway", "London WC2B 6SE", "T 0300 123 1231",
     "Textphone 0161 618 8524", "enquiries@ofsted.gov.uk", "www.ofsted.gov.uk", "Ofsted",
     "Piccadilly Gate", "Store Street", "Manchester M1 2WD", "F 01695 729320"]),
    max_size=8).map("\n".join)
recipient = st.builds(
    lambda n, role, org, addr: "\n".join(x for x in (n, role, org, *addr) if x),
    name, st.sampled_from(["Chief Executive", "Director of Children's Services",
                           "Corporate Director", "", "Head of Service"]),
    st.sampled_from(["Cafcass", "Kent County Council", "Northmoor Borough Council", ""]),
    st.lists(st.sampled_from(["6th Floor", "Sanctuary Buildings", "Great Smith Street",
                              "London, SW1P 3BT", "County Hall", "Maidstone ME14 1XQ"]),
             max_size=4))
title = st.one_of(
    st.builds(lambda unit, code: f"**Post inspection monitoring of Cafcass {unit} service area "
                                 f"({code})**", st.sampled_from(["Kent", "North Yorkshire and "
                                                                "Humberside", "Avon"]),
              st.sampled_from(["K1", "N4", "S8", ""])),
    st.builds(lambda la: f"**Focused visit to {la} children’s services**",
              st.sampled_from(["Northmoor", "Kestrel Vale", "the Isle of Wight"])),
    words.map(lambda w: f"**{w}**"),
    words.map(lambda w: f"**{w}"),           # unbalanced bold marker
    words,
)
heading = st.sampled_from([
    "What needs to improve in this area of social work practice", "Areas for priority action",
    "**Areas for improvement**", "Priority action", "Overview", "Headline findings",
    "Main findings", "Outcome of the inspection", "Findings", "# Findings", "## Summary"])
signoff = st.builds(
    lambda close, n, role, cc: "\n".join(x for x in (close, "", n, role, "", cc) if x is not None),
    st.sampled_from(["Yours sincerely", "Yours faithfully", "Kind regards", "Regards,"]), name,
    st.sampled_from(["Her Majesty’s Inspector", "Senior HMI", "Regional Director", "",
                     "HMI, Social Care Regulatory Inspector"]),
    st.one_of(st.none(), st.builds(lambda a, b: f"cc: {a}, Cafcass\n{b}", name, name)))
noise = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
body_part = st.one_of(paragraph, paragraph, area, area, bullets, heading, page_break, page_number,
                      footnote, date, paragraph.map(lambda p: p.replace(" ", "[^1] ", 1)),
                      paragraph.map(lambda p: f"**{p}**"), noise)
separator = st.sampled_from(["\n\n", "\n\n", "\n", "\r\n\r\n", "\n \n", "\n\n\n\n", "\n\t\n"])


@st.composite
def letters(draw: st.DrawFn) -> str:
    parts: list[str] = []
    if draw(st.booleans()):
        parts.append(draw(letterhead))
    if draw(st.booleans()):
        parts.append(draw(date))
    if draw(st.booleans()):
        parts.append(draw(recipient))
    if draw(st.booleans()):
        parts.append(f"Dear {draw(name)},")
    if draw(st.booleans()):
        parts.append(draw(title))
    parts.extend(draw(st.lists(body_part, min_size=1, max_size=25)))
    if draw(st.booleans()):
        parts.append(draw(signoff))
    out = ""
    for part in parts:
        out += part + draw(separator)
    return out


# -- the properties -------------------------------------------------------------------------------

@PROFILE
@given(st.text())
def test_arbitrary_text_keeps_the_promises(text: str) -> None:
    check_text(text)


@FEW
@given(st.text(st.characters(blacklist_categories=()), max_size=200))
def test_text_with_lone_surrogates_and_controls_keeps_the_promises(text: str) -> None:
    check_text(text)


@PROFILE
@given(letters())
def test_letter_like_text_keeps_the_promises(text: str) -> None:
    check_text(text)


@FEW
@given(letters(), st.sampled_from(["\r\n", "\r", "\f", "\t", "\u2028", "\x85", "\u00a0"]))
def test_letter_like_text_with_other_line_ends_keeps_the_promises(text: str, sep: str) -> None:
    check_text(text.replace("\n", sep))


@PROFILE
@given(st.binary(max_size=2_000))
def test_random_bytes_give_a_record_or_a_typed_error(data: bytes) -> None:
    letter = parse_or_typed_error(ip.parse_bytes, data, name="random.bin")
    if letter is not None:
        check_record(letter, 10**9)


@FEW
@given(st.binary(max_size=2_000),
       st.sampled_from([b"%PDF-1.4\n", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<", b"<html>",
                        b"\xef\xbb\xbf", b"\xff\xfe", b"PK\x03\x04", b"{\\rtf1"]))
def test_random_bytes_behind_a_format_header_give_a_record_or_a_typed_error(
        data: bytes, head: bytes) -> None:
    letter = parse_or_typed_error(ip.parse_bytes, head + data, name="random.pdf")
    if letter is not None:
        check_record(letter, 10**9)


@FEW
@given(letters())
def test_letter_like_text_as_utf8_bytes_matches_parse_text(text: str) -> None:
    """``parse_bytes`` of the UTF-8 text gives the record ``parse_text`` gives (bar the source)."""
    by_text = parse_or_typed_error(ip.parse_text, text, name="x.txt")
    by_bytes = parse_or_typed_error(ip.parse_bytes, text.encode("utf-8"), name="x.txt")
    if by_text is None or by_bytes is None:
        return
    if by_bytes.source.format != "text":   # the sniffer may read "<html ..." as HTML
        return
    a, b = ip.to_dict(by_text), ip.to_dict(by_bytes)
    a.pop("source"), b.pop("source")
    if text.startswith("\ufeff"):           # a BOM is decoded away from the bytes
        return
    assert a == b
