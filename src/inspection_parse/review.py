"""Human review pages: one HTML page per letter, and a site (an index and a page per letter)
over a converted archive.

A review page shows the letter's text with every grounded value highlighted (colour and a
text label per kind), the record beside it, the warnings on top and, for PDF input, the page
images with the boxes of the chosen value drawn on them. Choosing a field (click, or Enter /
Space on its button) scrolls to its words and flashes them. Nothing is fetched from the
network: a ``show`` page is self-contained (inline CSS and JavaScript, ``data:`` images); a
site keeps its stylesheet, scripts and page images as files beside the pages.

>>> html = render_review("corpus/pdf/cafcass-pim-kent-2011.pdf")          # doctest: +SKIP
>>> render_site("records.jsonl", "site/", workers=2)                      # doctest: +SKIP

The markup lives in Jinja2 templates (``templates/``) and the styles and scripts in
``static/``, both package data; this module builds the data they show.

Highlights and overlapping values
---------------------------------
Grounded values overlap: an area holds its recommendation, deadline, prior finding,
progress and narrative; the title holds the provider's name. The text is cut at every
start and end offset (a list of boundary events) and the highlights are emitted as nested
``<mark>`` elements, outer (longer) values first. Each grounded value has exactly one
*primary* element carrying ``data-path`` and ``data-kind``. Where two values cross rather
than nest (``[10, 30)`` and ``[20, 40)``), the one still open when the other closes is
closed and reopened after it: the continuation is a *fragment* with ``data-for`` (the path)
and ``data-part`` (2, 3 …) instead of ``data-path``, so counting ``[data-path]`` counts
values. A value whose offsets fall outside the text is listed, not highlighted.

Only the standard library is imported here at module import; Jinja2, pypdfium2 and Pillow
(page images) and the parser are imported when a page is rendered.
"""

from __future__ import annotations

import base64
import functools
import html
import json
import os
import re
import textwrap
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    import jinja2

    from .document import Document
    from .limits import Limits
    from .model import Letter

__all__ = ["KINDS", "kind_of", "read_records", "render_review", "render_site", "write_review"]

PAGE_MARKER = "ip-review"     # id of the review page's <main>; tests look for it
INDEX_MARKER = "ip-index"     # id of the index page's <main>

# -- kinds: which grounding path is which kind of value (data, in one place) -----------------

# kind -> (legend label, colour, tint). "block" kinds (whole paragraphs) get a light tint
# so the values inside them stay readable; the others a stronger one and an underline.
# Colours are dark enough for white label text (WCAG AA at the label's size and weight).
KINDS: dict[str, tuple[str, str, bool]] = {
    "date": ("letter date", "#1f5fbf", False),
    "title": ("title", "#555f6d", True),
    "salutation": ("salutation", "#6b4f2a", False),
    "recipient": ("recipient", "#7a4dbf", False),
    "provider": ("provider", "#b3261e", False),
    "visit": ("visit", "#007c89", False),
    "inspector": ("inspector", "#3c4a99", False),
    "previous_inspection": ("previous inspection", "#8a3b12", False),
    "areas_stated": ("areas stated", "#5a6b00", False),
    "area": ("area", "#2f6f8f", True),
    "recommendation": ("recommendation", "#1b6b3b", True),
    "deadline": ("deadline", "#c2410c", False),
    "prior_finding": ("prior finding", "#7d5a00", True),
    "progress": ("progress", "#9c2f7a", False),
    "narrative": ("narrative", "#4b5563", True),
    "overall": ("overall", "#99305a", True),
    "rating": ("rating", "#be123c", False),
    "judgement": ("judgement", "#5b3f99", True),
    "strength": ("strength", "#166534", True),
    "response": ("response", "#9a3412", True),
    "evidence": ("evidence reviewed", "#006e55", False),
    "people_met": ("people met", "#6d28d9", False),
    "signatory": ("signatory", "#0f5e9c", False),
    "cc": ("cc", "#6b7280", False),
    "other": ("other", "#374151", False),
}

# grounding path pattern (indices as [*]) -> kind
PATH_KINDS: dict[str, str] = {
    "letter_date": "date",
    "title": "title",
    "salutation": "salutation",
    "recipient.*": "recipient",
    "recipients[*]": "recipient",
    "recipients[*].*": "recipient",
    "provider.*": "provider",
    "visit.dates": "visit",
    "visit.location": "visit",
    "visit.sequence": "visit",
    "visit.inspectors[*]": "inspector",
    "previous_inspection.*": "previous_inspection",
    "areas_stated": "areas_stated",
    "areas[*]": "area",
    "areas[*].text": "recommendation",
    "areas[*].deadline": "deadline",
    "areas[*].prior_finding": "prior_finding",
    "areas[*].progress": "progress",
    "areas[*].narrative": "narrative",
    "overall": "overall",
    "overall.text": "overall",
    "overall.rating": "rating",
    "judgements[*]": "judgement",
    "judgements[*].*": "judgement",
    "judgements[*].rating": "rating",
    "strengths[*]": "strength",
    "response": "response",
    "response.*": "response",
    "response.due": "deadline",
    "evidence_reviewed[*]": "evidence",
    "people_met[*]": "people_met",
    "signatory.*": "signatory",
    "signatories[*]": "signatory",
    "signatories[*].*": "signatory",
    "cc[*]": "cc",
}

_INDEX = re.compile(r"\[(\d+)\]")


def kind_of(path: str) -> str:
    """The kind of a grounding path: ``"areas[2].deadline"`` gives ``"deadline"``."""
    key = _INDEX.sub("[*]", path)
    if key in PATH_KINDS:
        return PATH_KINDS[key]
    head = key.rsplit(".", 1)[0] if "." in key else key
    while True:
        if f"{head}.*" in PATH_KINDS:
            return PATH_KINDS[f"{head}.*"]
        if "." not in head:
            return "other"
        head = head.rsplit(".", 1)[0]


def _label_of(path: str, letter: Letter | None = None) -> str:
    """Short text label of a highlight: the kind's word, "area 3" for an area block."""
    kind = kind_of(path)
    if kind == "area":
        m = _INDEX.search(path)
        if m is not None:
            n = int(m.group(1))
            number = (letter.areas[n].number if letter is not None and n < len(letter.areas)
                      else None)
            return f"area {number if number is not None else n + 1}"
    return KINDS[kind][0]


# -- highlighting: boundary events to nested elements -----------------------------------------

@dataclass(frozen=True)
class Mark:
    """One value to highlight: ``[start, end)`` of the text, its path, kind and label."""

    start: int
    end: int
    path: str
    kind: str
    label: str


@dataclass
class _Open:
    mark: Mark
    part: int = 1
    order: int = 0


def highlight(text: str, marks: Sequence[Mark],
              inserts: Iterable[tuple[int, str]] = ()) -> str:
    """HTML of ``text`` (escaped) with one primary ``<mark>`` element per mark.

    Marks are opened longest first at a shared start and closed innermost first; a mark
    still open when an inner one crosses it closes and reopens as a fragment (``data-for``,
    ``data-part``). ``inserts`` are (offset, HTML) pieces placed at an offset, after the
    marks that end there and before those that start there (section markers).
    """
    order = {id(m): n for n, m in enumerate(marks)}
    by_start: dict[int, list[Mark]] = {}
    ends: set[int] = set()
    for m in marks:
        by_start.setdefault(m.start, []).append(m)
        ends.add(m.end)
    for group in by_start.values():
        group.sort(key=lambda m: (-(m.end - m.start), order[id(m)]))
    pieces: dict[int, list[str]] = {}
    for at, piece in inserts:
        pieces.setdefault(at, []).append(piece)
    points = sorted(set(by_start) | ends | set(pieces) | {0, len(text)})
    out: list[str] = []
    stack: list[_Open] = []
    cursor = 0
    for p in points:
        if p > cursor:
            out.append(html.escape(text[cursor:p], quote=False))
            cursor = p
        # close every element ending here; crossing ones above them are closed and reopened
        if any(o.mark.end <= p for o in stack):
            reopen: list[_Open] = []
            while any(o.mark.end <= p for o in stack):
                top = stack.pop()
                out.append("</mark>")
                if top.mark.end > p:
                    reopen.append(top)
            for o in reversed(reopen):
                o.part += 1
                out.append(_open_tag(o))
                stack.append(o)
        out.extend(pieces.get(p, ()))
        for m in by_start.get(p, ()):
            o = _Open(m, 1, order[id(m)])
            out.append(_open_tag(o))
            if m.end <= p:          # an empty value: still one element, closed at once
                out.append("</mark>")
            else:
                stack.append(o)
    if cursor < len(text):
        out.append(html.escape(text[cursor:], quote=False))
    out.extend("</mark>" for _ in stack)
    return "".join(out)


def _open_tag(o: _Open) -> str:
    m = o.mark
    cls = f"hl k-{m.kind}"
    path = html.escape(m.path)
    if o.part == 1:
        return (f'<mark class="{cls}" data-path="{path}" data-kind="{m.kind}" '
                f'data-label="{html.escape(m.label)}" title="{html.escape(m.label)}: {path}">')
    return (f'<mark class="{cls} frag" data-for="{path}" data-kind="{m.kind}" '
            f'data-part="{o.part}" title="{html.escape(m.label)}: {path} (continued)">')


# -- templates and static files ------------------------------------------------------------------

_PACKAGE = Path(__file__).resolve().parent
TEMPLATES = _PACKAGE / "templates"
STATIC = _PACKAGE / "static"

_RATING_COLOURS = {
    "outstanding": "#14532d", "good": "#15803d", "satisfactory": "#a16207",
    "inadequate": "#b91c1c", "significant": "#15803d", "reasonable": "#a16207",
    "insufficient": "#b91c1c", "effective": "#15803d", "not_effective": "#b91c1c",
}


@functools.cache
def _env() -> jinja2.Environment:
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)),
                             autoescape=True, trim_blocks=False, lstrip_blocks=False,
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    return env


def _static(name: str) -> str:
    return (STATIC / name).read_text(encoding="utf-8")


def _rgba(colour: str, alpha: float) -> str:
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


@functools.cache
def stylesheet() -> str:
    """The one stylesheet of review and index pages (static CSS and a rule per kind)."""
    kinds = [{"name": k, "colour": c, "tint": _rgba(c, 0.07 if block else 0.22),
              "line": "none" if block else f"2px solid {c}"}
             for k, (_label, c, block) in KINDS.items()]
    return _env().get_template("style.css.j2").render(
        base_css=_static("review.css"), index_css=_static("index.css"), kinds=kinds,
        ratings=_RATING_COLOURS)


def _markup(text: str) -> Any:
    import markupsafe

    return markupsafe.Markup(text)


def _assets(inline: bool, prefix: str = "") -> dict[str, Any]:
    """What the base template needs to link or inline the styles and scripts."""
    if not inline:
        return {"inline": False, "prefix": prefix}
    return {"inline": True, "prefix": "", "css": _markup(stylesheet()),
            "review_js": _markup(_static("review.js")), "index_js": _markup(_static("index.js"))}


def write_static(outdir: Path) -> None:
    """Write the site's stylesheet and scripts to ``outdir/static/``."""
    target = outdir / "static"
    target.mkdir(parents=True, exist_ok=True)
    (target / "ip.css").write_text(stylesheet(), encoding="utf-8")
    for name in ("review.js", "index.js"):
        (target / name).write_text(_static(name), encoding="utf-8")


# -- loading what to show ------------------------------------------------------------------------

@dataclass
class _Subject:
    letter: Letter
    document: Document | None
    notes: list[str] = field(default_factory=list)
    password: str | None = None


def _resolve(source: Any, document: Document | None, password: str | None,
             backend: str | None, limits: Limits | None,
             search: Sequence[Path] = ()) -> _Subject:
    from .api import load, parse_document
    from .document import Document
    from .model import Letter

    if isinstance(source, tuple):
        source, document = source
    if isinstance(source, Document):
        return _Subject(parse_document(source), source, password=password)
    if isinstance(source, Letter):
        if document is not None:
            return _Subject(source, document, password=password)
        return _with_source_file(source, password, backend, limits, search)
    kwargs: dict[str, Any] = {"password": password, "limits": limits}
    if backend:
        kwargs["backend"] = backend
    doc = load(source, **kwargs)
    return _Subject(parse_document(doc), doc, password=password)


def _with_source_file(letter: Letter, password: str | None, backend: str | None,
                      limits: Limits | None, search: Sequence[Path]) -> _Subject:
    """The record and, when its source file is found unchanged, that file's text."""
    from .api import load
    from .errors import InspectionParseError

    path = letter.source.path
    if not path:
        return _Subject(letter, None, ["the record names no source file, so the letter's "
                                       "text is not shown"])
    candidates = [Path(path)] + [base / path for base in search if not Path(path).is_absolute()]
    found = next((c for c in candidates if c.is_file()), None)
    if found is None:
        return _Subject(letter, None, [f"source file not found: {path}; the letter's text is "
                                       "not shown"])
    kwargs: dict[str, Any] = {"password": password, "limits": limits}
    if backend:
        kwargs["backend"] = backend
    try:
        doc = load(found, **kwargs)
    except InspectionParseError as exc:
        return _Subject(letter, None, [f"the source file could not be read again: {exc}"])
    if doc.sha256 != letter.source.sha256:
        return _Subject(letter, None, [f"{path} has changed since it was converted (its "
                                       "sha256 differs), so its text is not shown"])
    return _Subject(letter, doc, password=password)


# -- page images ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class PageImage:
    number: int          # 1-based
    width: float         # PDF points
    height: float
    src: str             # data: URI, or a path relative to the page


def render_pages(path: str | os.PathLike[str], *, password: str | None = None,
                 scale: float = 1.0, levels: int = 4,
                 max_pages: int = 60) -> list[tuple[int, float, float, bytes]]:
    """A PDF's pages as small PNGs: ``(number, width, height, png bytes)`` per page.

    Rendered grey by pypdfium2 at ``scale`` (1.0 = 72 dpi) and reduced to ``levels`` grey
    levels (4 levels: 2 bits a pixel), a letter page comes to about 25 KB: enough to see
    where a value sits, which is what the page images are for (the highlight boxes drawn
    over them carry the colour).
    """
    import io

    import pypdfium2 as pdfium
    from PIL import Image

    levels = max(2, min(256, levels))
    bits = next(b for b in (1, 2, 4, 8) if levels <= 1 << b)
    step = 255 / (levels - 1)
    # grey value -> the index of the nearest of `levels` evenly spaced greys (a lookup table
    # is ~7x faster than Image.quantize, which searches a palette for every page)
    lut = [min(levels - 1, round(v / step)) for v in range(256)]
    palette = [round(n * step) for n in range(levels) for _ in range(3)]
    pdf = pdfium.PdfDocument(str(path), password=password)
    out: list[tuple[int, float, float, bytes]] = []
    try:
        for i in range(min(len(pdf), max_pages)):
            page = pdf[i]
            try:
                width, height = page.get_size()
                grey = page.render(scale=scale, grayscale=True).to_pil().convert("L")
                image = Image.frombytes("P", grey.size, grey.point(lut).tobytes())
                image.putpalette(palette)
                buf = io.BytesIO()
                image.save(buf, "PNG", bits=bits)
                out.append((i + 1, float(width), float(height), buf.getvalue()))
            finally:
                page.close()
    finally:
        pdf.close()
    return out


def page_images(path: str | os.PathLike[str], *, password: str | None = None,
                scale: float = 1.5, max_pages: int = 60, levels: int = 16) -> list[PageImage]:
    """A PDF's pages as PNG ``data:`` URIs (for a self-contained page)."""
    return [PageImage(n, w, h, "data:image/png;base64," + base64.b64encode(png).decode("ascii"))
            for n, w, h, png in render_pages(path, password=password, scale=scale,
                                             levels=levels, max_pages=max_pages)]


# -- the review page -----------------------------------------------------------------------------

def render_review(source: Any, *, document: Document | None = None,
                  password: str | None = None, backend: str | None = None,
                  limits: Limits | None = None, images: bool = True, scale: float = 1.5,
                  index_href: str | None = None, search: Sequence[Path] = ()) -> str:
    """One self-contained HTML review page for a letter.

    ``source`` is a path (the letter is loaded and parsed), a :class:`Letter` (with
    ``document=`` its :class:`Document`; without it the record's ``source.path`` is read
    again when it is there and unchanged, else the page shows the record alone), a
    ``(letter, document)`` pair, or a :class:`Document`. ``images=False`` leaves out the
    page images of a PDF. Raises :class:`InspectionParseError` when a path cannot be read.
    """
    subject = _resolve(source, document, password, backend, limits, search)
    images_list: list[PageImage] = []
    doc = subject.document
    if images and doc is not None and doc.format == "pdf" and doc.path:
        try:
            images_list = page_images(doc.path, password=subject.password, scale=scale)
        except Exception as exc:  # a page without images is still a review page
            subject.notes.append(f"page images could not be rendered: {exc}")
    return _review_html(subject, images_list, index_href, _assets(inline=True))


def write_review(source: Any, output: str | os.PathLike[str], **options: Any) -> Path:
    """Render a review page and write it to ``output`` (UTF-8); returns the path written."""
    out = Path(output)
    out.write_text(render_review(source, **options), encoding="utf-8")
    return out


def _marks(letter: Letter, text: str) -> tuple[list[Mark], list[str]]:
    marks: list[Mark] = []
    bad: list[str] = []
    for path, span in letter.grounding.items():
        if not (0 <= span.start <= span.end <= len(text)):
            bad.append(path)
            continue
        marks.append(Mark(span.start, span.end, path, kind_of(path), _label_of(path, letter)))
    return marks, bad


@dataclass(frozen=True)
class Value:
    """One value of the record as the page shows it: a button where it is grounded."""

    text: str | None
    path: str
    kind: str
    target: bool           # grounded in the shown text: choosing it shows it there
    shown: str
    rating: bool = False


@dataclass(frozen=True)
class Row:
    """A row of the record table: a label and one group of values, or a list of groups."""

    field: str
    label: str
    groups: list[list[Value]]
    many: bool = False
    plain: str | None = None


class _Values:
    """Makes the :class:`Value` of each record field for one letter."""

    def __init__(self, letter: Letter, grounded: bool) -> None:
        self.letter, self.grounded = letter, grounded

    def __call__(self, value: object, path: str, short: int | None = None, *,
                 rating: bool = False) -> Value:
        if value is None or value == "":
            return Value(None, path, kind_of(path), False, "")
        text = str(value)
        shown = text if short is None or len(text) <= short else text[:short].rstrip() + "…"
        target = self.grounded and path in self.letter.grounding
        return Value(text, path, kind_of(path), target, shown, rating)

    def some(self, *pairs: tuple[object, str]) -> list[Value]:
        """The values of the pairs that are set (at least the first, shown as missing)."""
        out = [self(v, p) for v, p in pairs if v not in (None, "")]
        return out or [self(None, pairs[0][1])]


def _record_rows(letter: Letter, grounded: bool) -> list[Row]:
    v = _Values(letter, grounded)
    r, p, vi, pi = letter.recipient, letter.provider, letter.visit, letter.previous_inspection

    def one(field: str, label: str, *values: Value) -> Row:
        return Row(field, label, [list(values)])

    def many(field: str, label: str, groups: list[list[Value]]) -> Row:
        return Row(field, label, groups, many=True)

    def plain(field: str, label: str, text: str) -> Row:
        return Row(field, label, [], plain=text)

    overall = ([v(letter.overall.rating, "overall.rating", rating=True)]
               if letter.overall.rating else [])
    if letter.overall.text:
        overall.append(v(letter.overall.text, "overall.text", 140))
    return [
        plain("family", "Family", letter.family),
        plain("source", "Source", f"{letter.source.path or '(no path)'} · "
                                  f"{letter.source.format} · sha256 {letter.source.sha256[:12]}…"),
        one("letter_date", "Letter date", v(letter.letter_date, "letter_date")),
        one("title", "Title", v(letter.title, "title")),
        one("recipient", "Recipient", *v.some((r.name, "recipient.name"),
                                              (r.role, "recipient.role"),
                                              (r.organisation, "recipient.organisation"))),
        many("recipients", f"Recipients ({len(letter.recipients)})", [
            v.some((x.name, f"recipients[{n}].name"), (x.role, f"recipients[{n}].role"),
                   (x.organisation, f"recipients[{n}].organisation"))
            for n, x in enumerate(letter.recipients)]),
        many("recipient.address", "Address",
             [[v(a, f"recipient.address[{n}]")] for n, a in enumerate(r.address)]),
        one("salutation", "Salutation", v(letter.salutation, "salutation")),
        one("provider", "Provider", *v.some((p.name, "provider.name"), (p.unit, "provider.unit"),
                                            (p.code, "provider.code"))),
        one("provider.canonical", "Canonical name", v(p.canonical, "provider.canonical")),
        one("provider.codes", "Codes", *v.some((p.la_code, "provider.la_code"),
                                               (p.ons_code, "provider.ons_code"),
                                               (p.urn, "provider.urn"))),
        one("provider.region", "Region", v(p.region, "provider.region")),
        one("visit.dates", "Visit dates", v(", ".join(vi.dates) or None, "visit.dates")),
        one("visit.sequence", "Visit number", v(vi.sequence, "visit.sequence")),
        one("visit.location", "Location", v(vi.location, "visit.location")),
        many("visit.inspectors", "Inspectors",
             [[v(x, f"visit.inspectors[{n}]")] for n, x in enumerate(vi.inspectors)]),
        one("previous_inspection", "Previous inspection",
            v(pi.date, "previous_inspection.date"),
            v(pi.published, "previous_inspection.published")),
        one("areas_stated", "Areas stated", v(letter.areas_stated, "areas_stated")),
        one("overall", "Overall", *(overall or [v(None, "overall")])),
        many("judgements", f"Judgements ({len(letter.judgements)})", [
            [x for x in (v(j.rating, f"judgements[{n}].rating", rating=True)
                         if j.rating else None,
                         v(j.subject, f"judgements[{n}].subject") if j.subject else None,
                         v(j.text, f"judgements[{n}]", 160)) if x is not None]
            for n, j in enumerate(letter.judgements)]),
        many("strengths", f"Strengths ({len(letter.strengths)})",
             [[v(s, f"strengths[{n}]", 160)] for n, s in enumerate(letter.strengths)]),
        one("response", "Response", *v.some((letter.response.text, "response"),
                                            (letter.response.due, "response.due"))),
        one("signatory", "Signatory", *v.some((letter.signatory.name, "signatory.name"),
                                              (letter.signatory.role, "signatory.role"))),
        many("signatories", f"Signatories ({len(letter.signatories)})", [
            v.some((s.name, f"signatories[{n}].name"), (s.role, f"signatories[{n}].role"))
            for n, s in enumerate(letter.signatories)]),
        many("evidence_reviewed", "Evidence reviewed",
             [[v(x, f"evidence_reviewed[{n}]", 90)]
              for n, x in enumerate(letter.evidence_reviewed)]),
        many("people_met", "People met",
             [[v(x, f"people_met[{n}]", 90)] for n, x in enumerate(letter.people_met)]),
        many("cc", "cc", [[v(", ".join(y for y in (c.name, c.organisation) if y) or None,
                             f"cc[{n}]")] for n, c in enumerate(letter.cc)]),
    ]


def _area_rows(letter: Letter, grounded: bool) -> list[dict[str, Any]]:
    v = _Values(letter, grounded)
    out = []
    for n, a in enumerate(letter.areas):
        base = f"areas[{n}]"
        deadline = a.deadline.text or (a.deadline.kind if a.deadline.kind != "none" else None)
        out.append({
            "number": v(a.number if a.number is not None else "•", base),
            "deadline": v(deadline, f"{base}.deadline", 40),
            "due": a.deadline.due,
            "rating": v(a.progress.rating, f"{base}.progress", rating=True),
            "text": v(a.text, f"{base}.text", 150),
            "prior": v(a.prior_finding, f"{base}.prior_finding", 110) if a.prior_finding else None,
        })
    return out


def _heading(letter: Letter) -> str:
    who = letter.provider.name or "Unknown provider"
    if letter.provider.unit:
        who += f" – {letter.provider.unit}"
    return f"{who}, {letter.letter_date or 'undated'}"


def _json_for_script(data: object) -> str:
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":"))
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def _review_html(subject: _Subject, images: list[PageImage], index_href: str | None,
                 assets: dict[str, Any]) -> str:
    letter, doc = subject.letter, subject.document
    notes = list(subject.notes)
    text_html = ""
    counts: Counter[str] = Counter()
    if doc is not None:
        marks, bad = _marks(letter, doc.text)
        if bad:
            notes.append(f"{len(bad)} grounded value(s) point outside the text and are not "
                         f"highlighted: {', '.join(bad[:8])}")
        counts.update(m.kind for m in marks)
        inserts = [(s.start, f'<span class="sec" data-section="{n}" '
                             f'data-label="{html.escape(s.kind)}"></span>')
                   for n, s in enumerate(letter.sections) if 0 <= s.start <= len(doc.text)]
        text_html = highlight(doc.text, marks, inserts)
    grounded = doc is not None
    data = {
        "paths": {p: {"kind": kind_of(p), "label": _label_of(p, letter),
                      "pages": list(s.pages), "boxes": [list(b) for b in s.boxes]}
                  for p, s in letter.grounding.items()},
        "pages": [{"n": im.number, "w": im.width, "h": im.height} for im in images],
    }
    name = os.path.basename(letter.source.path) if letter.source.path else "letter"
    legend = [{"name": k, "label": label, "count": counts[k]}
              for k, (label, _c, _b) in KINDS.items() if counts.get(k)]
    return _env().get_template("review.html.j2").render(
        title=f"Review: {name}", assets=assets, letter=letter, name=name,
        heading=_heading(letter), warnings=letter.warnings, notes=notes,
        marker=PAGE_MARKER, grounded=grounded, legend=legend, text_html=_markup(text_html),
        rows=_record_rows(letter, grounded), areas=_area_rows(letter, grounded),
        all_paths=[{"path": p, "kind": kind_of(p)} for p in letter.grounding],
        pages=images, index_href=index_href, data_json=_markup(_json_for_script(data)))


# -- reading a records file ---------------------------------------------------------------

def read_records(path: str | os.PathLike[str], *,
                 skip_bad: bool = False) -> tuple[list[tuple[int, str, Letter]], int]:
    """The records of a JSON Lines file: ``([(line number, line, Letter)], lines skipped)``.

    Raises a typed error naming the problem: :class:`InputNotFoundError` (no such file, or a
    folder), :class:`UndecodableTextError` (bytes that are not UTF-8),
    :class:`EmptyInputError` (no records at all), :class:`NotJsonLinesError` (a line that is
    not JSON: the file is not JSON Lines) and :class:`NotARecordError` (a JSON line that is not
    a letter record, e.g. a line of a manifest). With ``skip_bad`` the last two are skipped and
    counted instead.
    """
    from .errors import (
        EmptyInputError,
        InputNotFoundError,
        NotARecordError,
        NotJsonLinesError,
        UndecodableTextError,
    )
    from .serialize import from_dict

    src = Path(path)
    if not src.exists():
        raise InputNotFoundError("no such file", path=src)
    if src.is_dir():
        raise InputNotFoundError("is a folder, not a records file (give the .jsonl file that "
                                 "`convert` wrote)", path=src)
    try:
        raw = src.read_bytes()
    except OSError as exc:
        raise InputNotFoundError(f"cannot be read ({exc.strerror or exc})", path=src) from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UndecodableTextError(
            f"not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}): records are "
            "UTF-8 JSON Lines, as `parse` and `convert` write them", path=src) from None
    out: list[tuple[int, str, Letter]] = []
    skipped = 0
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except ValueError as exc:
            if skip_bad:
                skipped += 1
                continue
            raise NotJsonLinesError(
                f"line {number} is not JSON ({exc}): a records file holds one JSON record a "
                "line, as `convert` writes it", path=src) from None
        try:
            if not isinstance(data, dict):
                raise TypeError(f"a JSON {type(data).__name__}, not an object")
            letter = from_dict(data)
        except Exception as exc:
            if skip_bad:
                skipped += 1
                continue
            hint = (" (it is a manifest line: give the records file, not the manifest)"
                    if isinstance(data, dict) and "status" in data and "family" not in data
                    else "")
            raise NotARecordError(f"line {number} is not a letter record{hint}: "
                                  f"{_first_problem(exc)}", path=src) from None
        out.append((number, line, letter))
    if not out and not skipped:
        raise EmptyInputError("holds no records", path=src)
    return out, skipped


def _first_problem(exc: BaseException) -> str:
    """One short line from a (possibly grouped) structuring error."""
    while isinstance(exc, BaseExceptionGroup) and exc.exceptions:
        exc = exc.exceptions[0]
    if isinstance(exc, KeyError):
        return f"no field {exc}"
    text = str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__
    return text[:200]


# -- the site: an index over a converted archive ---------------------------------------------------

@dataclass
class _Row:
    letter: Letter
    href: str
    has_text: bool


@dataclass(frozen=True)
class _Task:
    line: str
    slug: str
    outdir: str
    images: bool
    password: str | None
    search: str
    scale: float


def _render_one(task: _Task) -> tuple[str, bool, int]:
    """Write one letter's review page (and its page images) into the site; in a worker."""
    from .serialize import from_json

    letter = from_json(task.line)
    out = Path(task.outdir) / "letters"
    subject = _with_source_file(letter, task.password, None, None, [Path(task.search)])
    images: list[PageImage] = []
    doc = subject.document
    if task.images and doc is not None and doc.format == "pdf" and doc.path:
        stem = task.slug.removesuffix(".html")
        try:
            pages = render_pages(doc.path, password=task.password, scale=task.scale)
        except Exception as exc:  # a page without images is still a review page
            subject.notes.append(f"page images could not be rendered: {exc}")
        else:
            folder = out / "img"
            folder.mkdir(exist_ok=True)
            for n, w, h, png in pages:
                name = f"{stem}-p{n}.png"
                (folder / name).write_bytes(png)
                images.append(PageImage(n, w, h, f"img/{name}"))
    page = _review_html(subject, images, "../index.html", _assets(inline=False, prefix="../"))
    (out / task.slug).write_text(page, encoding="utf-8")
    return task.slug, doc is not None, len(images)


class Progress:
    """Progress of a report on a stream (stderr).

    On a terminal: one bar redrawn in place (``\\r``) with letters done, the rate and an ETA.
    Elsewhere (a log, a pipe): a plain line at every tenth of the work and at the end, so a log
    shows the run moving without a line per letter.
    """

    def __init__(self, total: int, stream: TextIO | None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.stream = stream
        self.total, self.done = total, 0
        self.tty = bool(stream is not None and getattr(stream, "isatty", lambda: False)())
        self.clock = clock
        self.started = clock()
        self.last = -1.0
        self.step_at = max(1, -(-total // 10))

    def step(self) -> None:
        self.done += 1
        if self.stream is None or not self.total:
            return
        now = self.clock()
        if self.tty:
            if now - self.last < 0.1 and self.done != self.total:
                return
            self.last = now
            rate = self.done / max(now - self.started, 1e-9)
            eta = int((self.total - self.done) / rate) if rate else 0
            filled = 30 * self.done // self.total
            self.stream.write(f"\rreport [{'#' * filled}{'.' * (30 - filled)}] "
                              f"{self.done}/{self.total} letters {rate:.1f}/s "
                              f"ETA {eta // 60}:{eta % 60:02d}   ")
        elif self.done % self.step_at == 0 or self.done == self.total:
            self.stream.write(f"report: {self.done}/{self.total} letters "
                              f"({100 * self.done // self.total}%)\n")
        self.stream.flush()

    def close(self) -> None:
        if self.stream is not None and self.tty and self.total:
            self.stream.write("\n")
            self.stream.flush()


def render_site(records_jsonl: str | os.PathLike[str], outdir: str | os.PathLike[str], *,
                images: bool = True, password: str | None = None, workers: int | None = 0,
                progress: TextIO | None = None, skip_bad: bool = False,
                scale: float = 1.0) -> Path:
    """Write a site over the records of a JSON Lines file; returns the index's path.

    ``outdir/index.html`` describes the archive (charts, the most frequent warnings, a
    sortable and filterable table of the letters); ``outdir/letters/`` holds a review page
    per record and, with ``images``, the PDF page images as PNG files (``letters/img/``,
    rendered once each, ``scale`` 1.0 = 72 dpi, 4 grey levels); ``outdir/static/`` the
    stylesheet and scripts. A record whose ``source.path`` is found (as given, or relative
    to the JSONL file's folder) and unchanged gets a full review page, otherwise a
    record-only page. ``workers`` processes render the pages (0: in this process; None: one
    per CPU). ``progress``: a stream for progress (see :class:`Progress`).

    Bad input raises a typed error (see :func:`read_records`).
    """
    src = Path(records_jsonl)
    records, skipped = read_records(src, skip_bad=skip_bad)
    out = Path(outdir)
    letters_dir = out / "letters"
    letters_dir.mkdir(parents=True, exist_ok=True)
    write_static(out)
    used: set[str] = set()
    tasks = [_Task(line, _slug(letter, n, used), str(out), images, password, str(src.parent),
                   scale) for n, (_no, line, letter) in enumerate(records)]
    bar = Progress(len(tasks), progress)
    results: dict[str, bool] = {}
    count = (os.cpu_count() or 1) if workers is None else workers
    count = min(count, len(tasks))
    try:
        if count <= 1:
            for task in tasks:
                slug, has_text, _n = _render_one(task)
                results[slug] = has_text
                bar.step()
        else:
            import concurrent.futures as cf

            with cf.ProcessPoolExecutor(max_workers=count) as pool:
                futures = [pool.submit(_render_one, t) for t in tasks]
                for future in cf.as_completed(futures):
                    slug, has_text, _n = future.result()
                    results[slug] = has_text
                    bar.step()
    finally:
        bar.close()
    rows = [_Row(letter, f"letters/{task.slug}", results[task.slug])
            for (_no, _line, letter), task in zip(records, tasks, strict=True)]
    index = out / "index.html"
    index.write_text(_index_html(rows, skipped, src.name), encoding="utf-8")
    return index


def _slug(letter: Letter, n: int, used: set[str]) -> str:
    stem = Path(letter.source.path).stem if letter.source.path else f"letter-{n + 1}"
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-.") or f"letter-{n + 1}"
    slug, k = f"{stem}.html", 2
    while slug in used:
        slug, k = f"{stem}-{k}.html", k + 1
    used.add(slug)
    return slug


# -- the index: what the archive holds -----------------------------------------------------------

_RATING_ORDER = ["outstanding", "good", "significant", "effective", "satisfactory",
                 "reasonable", "inadequate", "insufficient", "not_effective"]
_FAMILY_COLOURS = ["#1f5fbf", "#c2410c", "#15803d", "#7a4dbf", "#0f766e", "#b3261e", "#6b7280",
                   "#a16207"]
_BAR_COLOUR = "#2f6f8f"
NONE_LABEL = "(none)"


@dataclass
class Bar:
    """One bar of a chart: a label, its parts (name, count, colour) and the filter of the
    letter table that shows the letters it counts (``"region:London"``; see index.js)."""

    label: str
    parts: list[tuple[str, int, str]]
    filter: str | None = None


@dataclass
class Chart:
    id: str
    title: str
    bars: list[Bar]
    legend: list[tuple[str, str]] = field(default_factory=list)
    note: str | None = None
    empty: str = "nothing to count"


def layout_chart(chart: Chart, *, width: int = 460, label_chars: int = 26) -> dict[str, Any]:
    """A horizontal bar chart laid out for the template: each label wrapped to lines of at
    most ``label_chars`` characters in a left column, so labels never overlap each other or
    the bars; bar lengths on one scale; a tick line every step."""
    label_w, top, bottom, right, line_h, gap = 7 * label_chars + 10, 6, 18, 34, 13, 6
    plot_w = width - label_w - right
    peak = max((sum(c for _n, c, _col in b.parts) for b in chart.bars), default=0) or 1
    y = top
    bars = []
    for b in chart.bars:
        lines = textwrap.wrap(b.label, label_chars, break_long_words=True) or [""]
        h = max(14, len(lines) * line_h)
        x = float(label_w)
        segments = []
        for name, count, colour in b.parts:
            w = count / peak * plot_w
            if count:
                segments.append({"x": round(x, 1), "w": round(max(w, 1.0), 1), "colour": colour,
                                 "title": f"{b.label}: {count}" + (f" {name}" if name else "")})
            x += w
        first = y + h / 2 - (len(lines) - 1) * line_h / 2 + 4
        bars.append({"y": y, "h": h, "end": round(x, 1), "segments": segments,
                     "total": sum(c for _n, c, _col in b.parts), "filter": b.filter,
                     "lines": [{"text": t, "y": round(first + i * line_h, 1)}
                               for i, t in enumerate(lines)]})
        y += h + gap
    height = y + bottom
    ticks = [{"x": round(label_w + t / peak * plot_w, 1), "label": f"{t:g}"}
             for t in _ticks(0, peak)]
    return {"id": chart.id, "title": chart.title, "note": chart.note, "empty": chart.empty,
            "bars": bars, "legend": chart.legend, "width": width, "height": height,
            "top": top, "bottom": bottom, "label_w": label_w, "ticks": ticks}


def _ticks(lo: float, hi: float) -> list[float]:
    span = hi - lo
    step = 1.0
    for s in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000):
        step = float(s)
        if span / s <= 6:
            break
    out, v = [], lo
    while v <= hi + 1e-9:
        out.append(v)
        v += step
    return out


def _count_bars(counter: Counter[str], *, limit: int | None = None, field: str | None = None,
                order: Sequence[str] | None = None, colour: str = _BAR_COLOUR) -> list[Bar]:
    """Bars of counts, most first; with ``field``, each bar filters the table on that field
    (the "(none)" bar on letters where the field is empty)."""
    if order is not None:
        keys = [k for k in order if counter.get(k)] + sorted(
            k for k in counter if k not in order and counter[k])
    else:
        keys = sorted(counter, key=lambda k: (-counter[k], k == NONE_LABEL, k))
    if limit is not None:
        keys = keys[:limit]
    return [Bar(k, [("", counter[k], colour)],
                None if field is None else f"{field}:{'' if k == NONE_LABEL else k}")
            for k in keys]


def archive_charts(letters: Sequence[Letter], *, authorities: int = 25) -> list[Chart]:
    """The index's charts, from the records alone: whatever the families in the archive."""
    families = sorted({L.family for L in letters})
    fam_colour = {f: _FAMILY_COLOURS[i % len(_FAMILY_COLOURS)] for i, f in enumerate(families)}
    charts: list[Chart] = []

    # letters by year, stacked by family
    by_year: dict[str, Counter[str]] = {}
    for L in letters:
        by_year.setdefault(_year(L) or NONE_LABEL, Counter())[L.family] += 1
    years = sorted(y for y in by_year if y != NONE_LABEL)
    if NONE_LABEL in by_year:
        years.append(NONE_LABEL)
    charts.append(Chart(
        "years", "Letters by year and family",
        [Bar(y if y != NONE_LABEL else "no date",
             [(f, by_year[y][f], fam_colour[f]) for f in families],
             f"year:{y if y != NONE_LABEL else ''}") for y in years],
        legend=[(f, fam_colour[f]) for f in families],
        note="year of the letter (or of the visit where the letter is undated)"))
    charts.append(Chart("families", "Letters by family",
                        _count_bars(Counter(L.family for L in letters), field="family")))

    # areas per letter and areas by kind
    per_letter = Counter(len(L.areas) for L in letters)
    charts.append(Chart(
        "areas-per-letter", "Areas per letter",
        [Bar(f"{n} area{'s' if n != 1 else ''}", [("letters", per_letter[n], _BAR_COLOUR)],
             f"areas:{n}") for n in sorted(per_letter)],
        note="how many letters name that many areas"))
    kinds: Counter[str] = Counter()
    deadlines: Counter[str] = Counter()
    for L in letters:
        for a in L.areas:
            kinds[a.kind.replace("_", " ")] += 1
            deadlines[a.deadline.kind.replace("_", " ")] += 1
    charts.append(Chart("area-kinds", "Areas by kind", _count_bars(kinds),
                        empty="no areas in this archive"))
    charts.append(Chart("deadlines", "Area deadlines by kind",
                        _count_bars(deadlines),
                        empty="no areas in this archive"))

    # ratings, only where a family has them
    progress: dict[str, Counter[str]] = {}
    overall: dict[str, Counter[str]] = {}
    judged: dict[str, Counter[str]] = {}
    for L in letters:
        for a in L.areas:
            if a.progress.rating:
                progress.setdefault(L.family, Counter())[a.progress.rating] += 1
        if L.overall.rating:
            overall.setdefault(L.family, Counter())[L.overall.rating] += 1
        for j in L.judgements:
            if j.rating:
                judged.setdefault(L.family, Counter())[j.rating] += 1
    for fam in sorted(progress):
        what = "Theme ratings" if fam == "fe_monitoring" else "Area progress ratings"
        charts.append(Chart(f"ratings-{fam}", f"{what}: {fam}", _rating_bars(progress[fam]),
                            note=f"{sum(progress[fam].values())} rated of "
                                 f"{sum(len(L.areas) for L in letters if L.family == fam)} "
                                 "areas"))
    for fam in sorted(overall):
        charts.append(Chart(f"overall-{fam}", f"Overall ratings: {fam}",
                            _rating_bars(overall[fam])))
    for fam in sorted(judged):
        charts.append(Chart(f"judgements-{fam}", f"Judgement ratings: {fam}",
                            _rating_bars(judged[fam])))
    if not (progress or overall or judged):
        charts.append(Chart("ratings", "Ratings", [],
                            empty="No letter in this archive carries a rating (focused visits "
                                  "and JTAI letters are not graded)."))

    # where: region and authority (canonical names)
    regions = Counter(L.provider.region or NONE_LABEL for L in letters)
    charts.append(Chart("regions", "Letters by region", _count_bars(regions, field="region"),
                        note=f"{NONE_LABEL}: not an English local authority, or its name "
                             "matched none (IP-W023)" if NONE_LABEL in regions else None))
    named = Counter(L.provider.canonical for L in letters if L.provider.canonical)
    bars = _count_bars(named, limit=authorities, field="authority")
    rest = len(named) - len(bars)
    charts.append(Chart(
        "authorities", "Letters by authority", bars,
        note=(f"the {len(bars)} most frequent of {len(named)} authorities" if rest > 0
              else f"{len(named)} authorities") + (
            f"; {sum(1 for L in letters if not L.provider.canonical)} letter(s) name none"
            if any(not L.provider.canonical for L in letters) else ""),
        empty="no letter names an English local authority"))
    return charts


def _year(letter: Letter) -> str:
    """The year of a letter (of its visit where it is undated); "" where neither is known."""
    return (letter.letter_date or (letter.visit.dates[0] if letter.visit.dates else ""))[:4]


def _rating_bars(counter: Counter[str]) -> list[Bar]:
    # bars of areas (or judgements), not letters: none filters the letter table
    return [Bar(r.replace("_", " "), [("", counter[r], _RATING_COLOURS.get(r, _BAR_COLOUR))])
            for r in _RATING_ORDER if counter.get(r)] + [
        Bar(r, [("", counter[r], _BAR_COLOUR)]) for r in sorted(counter)
        if r not in _RATING_ORDER]


def top_warnings(rows: Sequence[_Row], limit: int = 12) -> list[dict[str, Any]]:
    """The most frequent warning codes, each with the letters that carry it (linked)."""
    from .errors import WARNINGS

    carriers: dict[str, list[dict[str, str]]] = {}
    for r in rows:
        for code in sorted({w.code for w in r.letter.warnings}):
            carriers.setdefault(code, []).append({"href": r.href, "name": _display_name(r)})
    codes = sorted(carriers, key=lambda c: (-len(carriers[c]), c))[:limit]
    return [{"code": c, "meaning": WARNINGS.get(c, ""), "letters": carriers[c]} for c in codes]


def _display_name(r: _Row) -> str:
    L = r.letter
    who = L.provider.canonical or " – ".join(x for x in (L.provider.name, L.provider.unit) if x)
    return f"{who or os.path.basename(L.source.path or '') or 'letter'}, {L.letter_date or '—'}"


def _index_html(rows: list[_Row], skipped: int, source_name: str,
                assets: dict[str, Any] | None = None) -> str:
    letters = [r.letter for r in rows]
    families = sorted({L.family for L in letters})
    table = []
    for r in rows:
        L = r.letter
        ratings = Counter(a.progress.rating or "none" for a in L.areas)
        table.append({
            "family": L.family, "date": L.letter_date, "href": r.href, "has_text": r.has_text,
            "year": _year(L), "authority": L.provider.canonical or "",
            "provider": L.provider.canonical or " – ".join(
                x for x in (L.provider.name, L.provider.unit) if x) or "—",
            "region": L.provider.region, "areas": len(L.areas), "overall": L.overall.rating,
            # an area rating column of "none 4" for every unrated letter says nothing
            "ratings": sorted(ratings.items()) if set(ratings) - {"none"} else [],
            "warnings": L.warnings, "codes": sorted({w.code for w in L.warnings}),
            "name": os.path.basename(L.source.path) if L.source.path else "(no path)",
        })
    headers = [{"label": h, "type": t} for h, t in (
        ("family", "text"), ("date", "text"), ("provider", "text"), ("region", "text"),
        ("areas", "num"), ("overall", "text"), ("area ratings", None), ("warnings", "num"),
        ("file", "text"))]
    dated = sorted(L.letter_date for L in letters if L.letter_date)
    span = f", dated {dated[0]} to {dated[-1]}" if dated else ""
    summary = (f"{len(letters)} letter(s) of {len(families)} famil"
               f"{'y' if len(families) == 1 else 'ies'} ({', '.join(families)}){span}; "
               f"{sum(len(L.areas) for L in letters)} areas; "
               f"{sum(len(L.warnings) for L in letters)} warnings.")
    return _env().get_template("index.html.j2").render(
        title=f"Letters: {source_name}", assets=assets or _assets(inline=False),
        source_name=source_name, summary=summary, skipped=skipped, marker=INDEX_MARKER,
        charts=[layout_chart(c) for c in archive_charts(letters)],
        warnings=top_warnings(rows), families=families, headers=headers, rows=table)
