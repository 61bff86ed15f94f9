"""Human review pages: one self-contained HTML page per letter, and an index over an archive.

A review page shows the letter's text with every grounded value highlighted (colour and a
text label per kind), the record beside it, the warnings on top and, for PDF input, the page
images with the boxes of the chosen value drawn on them. Choosing a field (click, or Enter /
Space on its button) scrolls to its words and flashes them. Nothing is fetched from the
network: CSS and JavaScript are inline and images are ``data:`` URIs.

>>> html = render_review("corpus/pdf/cafcass-pim-kent-2011.pdf")          # doctest: +SKIP
>>> render_site("records.jsonl", "site/")                                 # doctest: +SKIP

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

Only the standard library is imported here at module import; pypdfium2 (page images) and
the parser are imported when a page is rendered.
"""

from __future__ import annotations

import base64
import html
import io
import json
import os
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .document import Document
    from .limits import Limits
    from .model import Letter

__all__ = ["KINDS", "kind_of", "render_review", "render_site", "write_review"]

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
    "provider.*": "provider",
    "visit.dates": "visit",
    "visit.location": "visit",
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
    "evidence_reviewed[*]": "evidence",
    "people_met[*]": "people_met",
    "signatory.*": "signatory",
    "cc[*]": "cc",
}

_INDEX = re.compile(r"\[(\d+)\]")


def kind_of(path: str) -> str:
    """The kind of a grounding path: ``"areas[2].deadline"`` gives ``"deadline"``."""
    key = _INDEX.sub("[*]", path)
    if key in PATH_KINDS:
        return PATH_KINDS[key]
    head = key.split(".", 1)[0]
    return PATH_KINDS.get(f"{head}.*", "other")


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
    src: str             # data: URI


def page_images(path: str | os.PathLike[str], *, password: str | None = None,
                scale: float = 1.5, max_pages: int = 60,
                grayscale: bool = True) -> list[PageImage]:
    """Render a PDF's pages to PNG ``data:`` URIs with pypdfium2 (``scale`` 1.5 = 108 dpi).

    Grey pages with 32 levels keep a letter page near 60 KB; the highlight boxes drawn over
    them are the colour on the page.
    """
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path), password=password)
    out: list[PageImage] = []
    try:
        for i in range(min(len(pdf), max_pages)):
            page = pdf[i]
            try:
                width, height = page.get_size()
                image = page.render(scale=scale).to_pil()
                if grayscale:
                    image = image.convert("L").quantize(32)
                buf = io.BytesIO()
                image.save(buf, "PNG", optimize=True)
                src = "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")
                out.append(PageImage(i + 1, float(width), float(height), src))
            finally:
                page.close()
    finally:
        pdf.close()
    return out


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
    return _review_html(subject, images_list, index_href)


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


def _review_html(subject: _Subject, images: list[PageImage], index_href: str | None) -> str:
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
    heading = _heading(letter)
    parts: list[str] = [
        _head(f"Review: {name}"),
        f'<body class="{"has-pages" if images else "no-pages"}'
        f'{"" if grounded else " record-only"}">',
        '<a class="skip" href="#record">Skip to the record</a>',
        '<header class="top">',
        f'<div class="crumbs">{_index_link(index_href)}<span class="file">'
        f'{html.escape(name)}</span> · <span class="family">{html.escape(letter.family)}</span>'
        f' · {html.escape(letter.source.format)}'
        f'{f" · {letter.source.pages} pages" if letter.source.pages else ""}</div>',
        f"<h1>{html.escape(heading)}</h1>",
        _warnings_html(letter, notes),
        "</header>",
        f'<main id="{PAGE_MARKER}" data-ip-page="review" data-values="{len(letter.grounding)}">',
    ]
    if grounded:
        parts += [
            '<section class="pane letter-pane" aria-label="The letter">',
            '<div class="pane-head"><h2>Letter text</h2>',
            _legend_html(counts), "</div>",
            f'<div id="text" class="letter-text" tabindex="0">{text_html}</div>',
            "</section>",
        ]
    parts += [
        '<section class="pane record-pane" id="record" aria-label="The record">',
        _record_html(letter, grounded),
        "</section>",
    ]
    if images:
        parts += [
            '<section class="pane pages-pane" aria-label="Page images">',
            '<div class="pane-head"><h2>Pages</h2><p class="hint">Boxes of the chosen value '
            "are drawn on the page.</p></div>",
            '<div id="pages">',
            *(f'<figure class="page" data-page="{im.number}" '
              f'style="aspect-ratio:{im.width:.2f}/{im.height:.2f}">'
              f'<img src="{im.src}" alt="Page {im.number} of the letter" '
              f'width="{round(im.width)}" height="{round(im.height)}">'
              f'<div class="boxes" data-page="{im.number}"></div>'
              f"<figcaption>page {im.number}</figcaption></figure>" for im in images),
            "</div></section>",
        ]
    parts += [
        "</main>",
        '<div id="live" class="sr-only" aria-live="polite"></div>',
        f'<script type="application/json" id="ip-data">{_json_for_script(data)}</script>',
        f"<script>{_REVIEW_JS}</script>",
        "</body></html>",
    ]
    return "\n".join(parts)


def _heading(letter: Letter) -> str:
    who = letter.provider.name or "Unknown provider"
    if letter.provider.unit:
        who += f" – {letter.provider.unit}"
    return f"{who}, {letter.letter_date or 'undated'}"


def _index_link(href: str | None) -> str:
    return f'<a href="{html.escape(href)}">All letters</a> · ' if href else ""


def _warnings_html(letter: Letter, notes: Sequence[str]) -> str:
    items = [f'<li><span class="code">{html.escape(w.code)}</span> {html.escape(w.message)}'
             "</li>" for w in letter.warnings]
    items += [f'<li class="note"><span class="code">page</span> {html.escape(n)}</li>'
              for n in notes]
    if not items:
        return ('<section id="warnings" class="warnings none" aria-label="Warnings">'
                "<p>No warnings: the parser found everything it looked for.</p></section>")
    return (f'<section id="warnings" class="warnings" aria-label="Warnings" role="status">'
            f"<h2>{len(letter.warnings)} warning(s)</h2><ul>{''.join(items)}</ul></section>")


def _legend_html(counts: Counter[str]) -> str:
    rows = []
    for kind, (label, _colour, _block) in KINDS.items():
        if not counts.get(kind):
            continue
        rows.append(f'<li><label class="legend-item k-{kind}"><input type="checkbox" checked '
                    f'data-kind-toggle="{kind}"> <span class="swatch k-{kind}" '
                    f'data-label="{html.escape(label)}"></span> <span class="n">'
                    f"{counts[kind]}</span></label></li>")
    return (f'<details class="legend" open><summary>Legend ({sum(counts.values())} values)'
            f'</summary><ul>{"".join(rows)}</ul></details>')


def _value_button(value: object, path: str, letter: Letter, grounded: bool,
                  short: int | None = None) -> str:
    if value is None or value == "":
        return '<span class="missing">—</span>'
    text = str(value)
    shown = text if short is None or len(text) <= short else text[:short].rstrip() + "…"
    if grounded and path in letter.grounding:
        kind = kind_of(path)
        return (f'<button type="button" class="field k-{kind}" data-target="{html.escape(path)}"'
                f' title="{html.escape(path)}: {html.escape(text)}">{html.escape(shown)}'
                "</button>")
    return f'<span class="value" title="{html.escape(text)}">{html.escape(shown)}</span>'


def _record_html(letter: Letter, grounded: bool) -> str:
    def row(label: str, body: str) -> str:
        return f"<tr><th scope=\"row\">{html.escape(label)}</th><td>{body}</td></tr>"

    def btn(value: object, path: str, short: int | None = None) -> str:
        return _value_button(value, path, letter, grounded, short)

    def items(values: Sequence[str], prefix: str, short: int | None = None) -> str:
        if not values:
            return '<span class="missing">—</span>'
        return "<ul class=\"items\">" + "".join(
            f"<li>{btn(v, f'{prefix}[{n}]', short)}</li>" for n, v in enumerate(values)) + "</ul>"

    r, p, v, pi = letter.recipient, letter.provider, letter.visit, letter.previous_inspection
    rows = [
        row("Family", html.escape(letter.family)),
        row("Source", html.escape(
            f"{letter.source.path or '(no path)'} · {letter.source.format} · sha256 "
            f"{letter.source.sha256[:12]}…")),
        row("Letter date", btn(letter.letter_date, "letter_date")),
        row("Title", btn(letter.title, "title")),
        row("Recipient", " ".join(x for x in (
            btn(r.name, "recipient.name"), btn(r.role, "recipient.role"),
            btn(r.organisation, "recipient.organisation")) if x)),
        row("Address", items(list(r.address), "recipient.address")),
        row("Salutation", btn(letter.salutation, "salutation")),
        row("Provider", " ".join([btn(p.name, "provider.name")] + [
            btn(value, path) for value, path in ((p.unit, "provider.unit"),
                                                 (p.code, "provider.code")) if value])),
        row("Visit dates", btn(", ".join(v.dates) or None, "visit.dates")),
        row("Location", btn(v.location, "visit.location")),
        row("Inspectors", items(list(v.inspectors), "visit.inspectors")),
        row("Previous inspection", f"{btn(pi.date, 'previous_inspection.date')} published "
                                   f"{btn(pi.published, 'previous_inspection.published')}"),
        row("Areas stated", btn(letter.areas_stated, "areas_stated")),
        row("Overall", btn(None, "overall") if letter.overall.text is None and (
            letter.overall.rating is None) else
            f"{_rating_chip(letter.overall.rating, 'overall.rating', letter, grounded)}"
            f" {btn(letter.overall.text, 'overall.text', 140)}"),
        row("Signatory", f"{btn(letter.signatory.name, 'signatory.name')} "
                         f"{btn(letter.signatory.role, 'signatory.role')}"),
        row("Evidence reviewed", items(list(letter.evidence_reviewed), "evidence_reviewed", 90)),
        row("People met", items(list(letter.people_met), "people_met", 90)),
        row("cc", items([", ".join(x for x in (c.name, c.organisation) if x) for c in letter.cc],
                        "cc")),
    ]
    areas = []
    for n, a in enumerate(letter.areas):
        base = f"areas[{n}]"
        number = a.number if a.number is not None else "•"
        prior = (f'<div class="prior"><span class="sub">prior finding</span> '
                 f"{btn(a.prior_finding, f'{base}.prior_finding', 110)}</div>"
                 if a.prior_finding else "")
        areas.append(
            '<tr class="area-head">'
            f'<td rowspan="2" class="no">{btn(number, base)}</td>'
            f"<td>{btn(a.deadline.text or (a.deadline.kind if a.deadline.kind != 'none' else None), f'{base}.deadline', 40)}</td>"  # noqa: E501
            f"<td class=\"due\">{html.escape(a.deadline.due or '—')}</td>"
            f"<td>{_rating_chip(a.progress.rating, f'{base}.progress', letter, grounded)}</td>"
            "</tr>"
            f'<tr class="area-text"><td colspan="3">{btn(a.text, f"{base}.text", 150)}'
            f"{prior}</td></tr>")
    areas_table = (
        '<div class="table-wrap"><table class="areas"><caption>Areas for improvement '
        f"({len(letter.areas)}{f', the letter says {letter.areas_stated}' if letter.areas_stated is not None else ''})"  # noqa: E501
        "</caption><thead><tr><th scope=\"col\" rowspan=\"2\">No.</th>"
        "<th scope=\"col\">Deadline</th><th scope=\"col\">Due</th><th scope=\"col\">Rating</th>"
        "</tr><tr><th scope=\"col\" colspan=\"3\">Recommendation and prior finding</th></tr>"
        "</thead><tbody>"
        + ("".join(areas) or '<tr><td colspan="4" class="missing">No areas found</td></tr>')
        + "</tbody></table></div>")
    every = ""
    if grounded and letter.grounding:
        every = ("<details class=\"all-values\"><summary>Every grounded value "
                 f"({len(letter.grounding)})</summary><ol>"
                 + "".join(f'<li><button type="button" class="field k-{kind_of(path)}" '
                           f'data-target="{html.escape(path)}">{html.escape(path)}</button></li>'
                           for path in letter.grounding)
                 + "</ol></details>")
    sections = "".join(
        f"<li><span class=\"sec-kind\">{html.escape(s.kind)}</span> "
        f"{html.escape(s.heading or '')} <span class=\"offs\">{s.start}–{s.end}"
        f"{' · p. ' + ','.join(map(str, s.pages)) if s.pages else ''}</span></li>"
        for s in letter.sections)
    intro = ("" if grounded else '<p class="hint">The letter\'s text is not available, so '
             "the values below cannot be shown in it.</p>")
    return ("<div class=\"pane-head\"><h2>Record</h2>"
            "<p class=\"hint\">Choose a value to see it in the letter"
            " (Tab to a value, Enter or Space).</p></div>" + intro
            + f"<table class=\"fields\"><tbody>{''.join(rows)}</tbody></table>"
            + areas_table + every
            + f"<details class=\"sections\"><summary>Sections ({len(letter.sections)})"
              f"</summary><ol>{sections}</ol></details>")


def _rating_chip(rating: str | None, path: str, letter: Letter, grounded: bool) -> str:
    if rating is None:
        return '<span class="missing">—</span>'
    chip = f'<span class="rating r-{html.escape(rating)}">{html.escape(rating)}</span>'
    if grounded and path in letter.grounding:
        return (f'<button type="button" class="field chip k-{kind_of(path)}" '
                f'data-target="{html.escape(path)}" title="{html.escape(path)}">{chip}</button>')
    return chip


def _json_for_script(data: object) -> str:
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":"))
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def _head(title: str) -> str:
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            # Nothing may be fetched: data: images, inline style and script only.
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
            "img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">"
            "<meta name=\"generator\" content=\"inspection_parse\">"
            f"<title>{html.escape(title)}</title><style>{_css()}</style></head>")


def _rgba(colour: str, alpha: float) -> str:
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


_RATING_COLOURS = {
    "outstanding": "#14532d", "good": "#15803d", "satisfactory": "#a16207",
    "inadequate": "#b91c1c", "significant": "#15803d", "reasonable": "#a16207",
    "insufficient": "#b91c1c",
}


def _css() -> str:
    kinds = []
    for kind, (_label, colour, block) in KINDS.items():
        tint = _rgba(colour, 0.07 if block else 0.22)
        line = "none" if block else f"2px solid {colour}"
        kinds.append(f".k-{kind}{{--c:{colour};--t:{tint};--u:{line}}}")
    # a legend checkbox hides one kind: .hide-k-KIND on the text turns its marks plain
    hide = ",".join(f".hide-k-{k} .k-{k}" for k in KINDS) + "{--t:transparent;--u:none}"
    hide += ",".join(f".hide-k-{k} mark.k-{k}::before" for k in KINDS) + "{content:none}"
    ratings = "".join(f".r-{r}{{background:{c}}}" for r, c in _RATING_COLOURS.items())
    return _BASE_CSS + "".join(kinds) + hide + ratings


_BASE_CSS = """
*{box-sizing:border-box}
:root{--fg:#1f2328;--muted:#59636e;--line:#d0d7de;--bg:#f6f8fa;--focus:#0b57d0}
html,body{margin:0;padding:0}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;
color:var(--fg);background:#fff}
.skip{position:absolute;left:-999px}.skip:focus{left:8px;top:8px;background:#fff;padding:4px;
z-index:9}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
header.top{padding:10px 16px;border-bottom:1px solid var(--line);background:var(--bg)}
header.top h1{font-size:19px;margin:2px 0 6px}
.crumbs{color:var(--muted);font-size:13px}
.warnings{border:1px solid #d4a72c;background:#fff8c5;border-radius:6px;padding:6px 10px;
margin:6px 0}
.warnings.none{border-color:#4ac26b;background:#dafbe1}
.warnings h2{font-size:14px;margin:0 0 4px}.warnings ul{margin:0;padding-left:18px}
.warnings p{margin:0}
.code{font:600 12px ui-monospace,SFMono-Regular,Menlo,monospace;background:#fff;
border:1px solid var(--line);
border-radius:4px;padding:0 4px}
body{display:flex;flex-direction:column;height:100vh}header.top{flex:none}
main{display:grid;gap:0;grid-template-columns:minmax(0,1.25fr) minmax(0,1fr);flex:1;min-height:0}
.has-pages main{grid-template-columns:minmax(0,1.1fr) minmax(0,1fr) minmax(0,.8fr)}
.record-only main{grid-template-columns:minmax(0,1fr)}
.pane{overflow:auto;padding:10px 16px;border-right:1px solid var(--line);min-height:0}
.pane-head h2{font-size:16px;margin:4px 0}
.hint{color:var(--muted);margin:2px 0 8px;font-size:12.5px}
.letter-text{white-space:pre-wrap;font:15px/1.7 Georgia,"Times New Roman",serif;
padding:4px 2px 40vh}
.letter-text:focus-visible{outline:3px solid var(--focus)}
mark.hl{color:inherit;background:var(--t);border-bottom:var(--u);-webkit-box-decoration-break:clone;
box-decoration-break:clone;border-radius:2px;cursor:pointer;padding:1px 0}
mark.hl::before{content:attr(data-label);font:600 9.5px/1.2 system-ui,sans-serif;color:#fff;
background:var(--c);
border-radius:3px;padding:0 3px;margin:0 2px 0 1px;vertical-align:2px;letter-spacing:.02em;
white-space:nowrap;-webkit-user-select:none;user-select:none}
mark.hl.frag::before{content:none}
.sec::before{content:"§ " attr(data-label);font:600 10px/1 system-ui,sans-serif;color:var(--muted);
border:1px dashed var(--line);border-radius:3px;padding:0 3px;margin-right:3px;vertical-align:2px;
-webkit-user-select:none;user-select:none}
mark.hl.active{outline:2px solid var(--c);outline-offset:1px;background:var(--t)}
mark.hl.flash{animation:flash 1.4s ease-out 1}
@keyframes flash{0%,35%{background:#ffd33d;box-shadow:0 0 0 3px #ffd33d}100%{}}
.legend{margin:0 0 6px;font-size:12.5px}.legend summary{cursor:pointer;color:var(--muted)}
.legend ul{list-style:none;margin:4px 0;padding:0;display:flex;flex-wrap:wrap;gap:4px 10px}
.legend-item{display:inline-flex;align-items:center;gap:3px;cursor:pointer}
.swatch::before{content:attr(data-label);display:inline-block;font:600 11px/1.4 system-ui,
sans-serif;color:#fff;
background:var(--c);border-radius:3px;padding:0 5px;box-shadow:inset 0 -3px 0 var(--t)}
.legend .n{color:var(--muted)}
table{border-collapse:collapse;width:100%}
.fields th{text-align:left;vertical-align:top;color:var(--muted);font-weight:600;width:9.5em;
padding:3px 6px 3px 0}
.fields td{padding:3px 0;vertical-align:top}
.fields tr+tr th,.fields tr+tr td{border-top:1px solid #eef1f4}
.items{margin:0;padding-left:16px}
button.field{font:inherit;text-align:left;color:inherit;background:var(--t);
border:1px solid var(--c);
border-left-width:4px;border-radius:4px;padding:1px 6px;margin:1px 0;cursor:pointer;max-width:100%}
button.field:hover{background:#fff}
button.field[aria-pressed="true"]{box-shadow:0 0 0 2px var(--c);background:#fff}
:focus-visible{outline:3px solid var(--focus)!important;outline-offset:2px}
button.chip{padding:0 3px}
.missing{color:#8c959f}
.value{color:var(--fg)}
.rating{display:inline-block;color:#fff;border-radius:10px;padding:0 8px;font-weight:600;
font-size:12px;
background:#57606a}
.table-wrap{overflow-x:auto;margin:12px 0}
.areas caption{text-align:left;font-weight:600;font-size:14.5px;padding:4px 0}
.areas th,.areas td{border:1px solid var(--line);padding:4px 6px;vertical-align:top;text-align:left;
font-size:13px}
.areas thead th{background:var(--bg)}
.areas td.due{white-space:nowrap;font-variant-numeric:tabular-nums}
.areas tr.area-head td{border-bottom:0}.areas tr.area-text td{border-top:0;padding-top:0}
.areas td.no{text-align:center}
.areas .prior{margin-top:3px}.areas .sub{color:var(--muted);font-size:11.5px;margin-right:2px}
.areas tbody tr.area-head{border-top:2px solid var(--line)}
.all-values,.sections{margin:8px 0}.all-values summary,.sections summary{cursor:pointer;
font-weight:600}
.all-values ol{columns:2;font-size:12px}
.sec-kind{font:600 11px ui-monospace,monospace;background:var(--bg);border-radius:3px;padding:0 4px}
.offs{color:var(--muted);font-size:12px}
.pages-pane{background:#eef1f4}
figure.page{position:relative;margin:0 0 14px;background:#fff;box-shadow:0 1px 3px rgba(0,0,0,.25);
width:100%}
figure.page img{display:block;width:100%;height:100%}
figure.page figcaption{position:absolute;right:4px;bottom:2px;font-size:11px;color:var(--muted)}
.boxes{position:absolute;inset:0;pointer-events:none}
.box{position:absolute;border:2px solid var(--c,#c2410c);background:var(--t,rgba(194,65,12,.18));
border-radius:2px}
.box.flash{animation:flash 1.4s ease-out 1}
@media (max-width:900px){body{display:block;height:auto}
main,.has-pages main{grid-template-columns:1fr}.pane{overflow:visible}}
@media (prefers-reduced-motion:reduce){mark.hl.flash,.box.flash{animation:none;
outline:3px solid #ffd33d}}
"""

_REVIEW_JS = r"""
(function(){
'use strict';
var data=JSON.parse(document.getElementById('ip-data').textContent);
var primary={},parts={};
document.querySelectorAll('mark[data-path]').forEach(function(el){primary[el.getAttribute('data-path')]=el;});
document.querySelectorAll('mark[data-for]').forEach(function(el){
  var p=el.getAttribute('data-for');(parts[p]=parts[p]||[]).push(el);});
var buttons={};
document.querySelectorAll('button[data-target]').forEach(function(b){
  var p=b.getAttribute('data-target');(buttons[p]=buttons[p]||[]).push(b);
  b.setAttribute('aria-pressed','false');
  b.addEventListener('click',function(){select(p,true);});});
var live=document.getElementById('live');
var current=null;
function restart(el){el.classList.remove('flash');void el.offsetWidth;el.classList.add('flash');}
function select(path,fromRecord){
  if(current){
    (function(p){var els=[primary[p]].concat(parts[p]||[]);
      els.forEach(function(e){if(e)e.classList.remove('active');});
      (buttons[p]||[]).forEach(function(b){b.setAttribute('aria-pressed','false');});})(current);}
  current=path;
  var info=data.paths[path]||{};
  var els=[primary[path]].concat(parts[path]||[]).filter(Boolean);
  els.forEach(function(e){e.classList.add('active');restart(e);});
  (buttons[path]||[]).forEach(function(b){b.setAttribute('aria-pressed','true');});
  if(els.length){els[0].scrollIntoView({block:'center',inline:'nearest'});}
  if(!fromRecord&&buttons[path]){buttons[path][0].scrollIntoView({block:'nearest',inline:'nearest'});}
  drawBoxes(path,info);
  var text=els.map(function(e){return e.textContent;}).join('').replace(/\s+/g,' ').trim();
  live.textContent='Selected '+(info.label||path)+' ('+path+'): '+text.slice(0,200);
  document.body.setAttribute('data-selected',path);
  try{history.replaceState(null,'','#'+encodeURIComponent(path));}catch(e){}
}
function drawBoxes(path,info){
  document.querySelectorAll('.boxes').forEach(function(l){l.innerHTML='';});
  var pages={};data.pages.forEach(function(p){pages[p.n]=p;});
  var first=null;
  (info.boxes||[]).forEach(function(b){
    var p=pages[b[0]];if(!p)return;
    var layer=document.querySelector('.boxes[data-page="'+b[0]+'"]');if(!layer)return;
    var d=document.createElement('div');
    d.className='box flash k-'+(info.kind||'other');
    d.setAttribute('data-box-for',path);
    d.style.left=(b[1]/p.w*100)+'%';d.style.top=(b[2]/p.h*100)+'%';
    d.style.width=((b[3]-b[1])/p.w*100)+'%';d.style.height=((b[4]-b[2])/p.h*100)+'%';
    layer.appendChild(d);if(!first)first=d;});
  if(first){first.scrollIntoView({block:'center',inline:'nearest'});}
}
document.querySelectorAll('mark[data-path],mark[data-for]').forEach(function(el){
  el.addEventListener('click',function(ev){ev.stopPropagation();
    select(el.getAttribute('data-path')||el.getAttribute('data-for'),false);});});
document.querySelectorAll('input[data-kind-toggle]').forEach(function(c){
  c.addEventListener('change',function(){
    var t=document.getElementById('text'),k=c.getAttribute('data-kind-toggle');
    if(t)t.classList.toggle('hide-k-'+k,!c.checked);});});
var hash='';try{hash=decodeURIComponent((location.hash||'').slice(1));}catch(e){}
if(hash&&data.paths[hash]){select(hash,false);}
document.body.setAttribute('data-ip-ready','1');
})();
"""


# -- the site: an index over a converted archive ---------------------------------------------------

@dataclass
class _Row:
    letter: Letter
    href: str
    has_text: bool


def render_site(records_jsonl: str | os.PathLike[str], outdir: str | os.PathLike[str], *,
                images: bool = True, password: str | None = None) -> Path:
    """Write ``outdir/index.html`` over the records of a JSON Lines file and one review page
    per record under ``outdir/letters/``; returns the index's path.

    A record whose ``source.path`` is found (as given, or relative to the JSONL file's
    folder) and unchanged gets a full review page; otherwise a record-only page. Lines that
    are not records (blank, or an error line of a manifest) are skipped and counted on the
    index. Raises :class:`InputNotFoundError` when the JSONL file cannot be read.
    """
    from .errors import InputNotFoundError
    from .serialize import from_dict

    src = Path(records_jsonl)
    try:
        lines = src.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputNotFoundError(f"cannot read the records file ({exc.__class__.__name__}: "
                                 f"{exc})", path=src) from exc
    out = Path(outdir)
    (out / "letters").mkdir(parents=True, exist_ok=True)
    rows: list[_Row] = []
    skipped = 0
    used: set[str] = set()
    for line in lines:
        if not line.strip():
            continue
        try:
            letter = from_dict(json.loads(line))
        except Exception:  # not a record line: count it, go on
            skipped += 1
            continue
        slug = _slug(letter, len(rows), used)
        page = render_review(letter, images=images, password=password,
                             index_href="../index.html", search=[src.parent])
        (out / "letters" / slug).write_text(page, encoding="utf-8")
        rows.append(_Row(letter, f"letters/{slug}", 'id="text"' in page))
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


def _index_html(rows: list[_Row], skipped: int, source_name: str) -> str:
    families = sorted({r.letter.family for r in rows})
    body_rows = []
    for r in rows:
        L = r.letter
        ratings = Counter(a.progress.rating or "none" for a in L.areas)
        chips = " ".join(f'<span class="rating r-{html.escape(k)}" title="{v} area(s) {k}">'
                         f"{html.escape(k)} {v}</span>" for k, v in sorted(ratings.items()))
        overall = (f'<span class="rating r-{html.escape(L.overall.rating)}">'
                   f"{html.escape(L.overall.rating)}</span>" if L.overall.rating else "—")
        provider = " – ".join(x for x in (L.provider.name, L.provider.unit) if x) or "—"
        codes = ", ".join(sorted({w.code for w in L.warnings}))
        name = os.path.basename(L.source.path) if L.source.path else "(no path)"
        record_only = "" if r.has_text else ' <span class="tag">record only</span>'
        code_list = f' <span class="codes">{html.escape(codes)}</span>' if codes else ""
        body_rows.append(
            f'<tr data-family="{html.escape(L.family)}">'
            f'<td data-v="{html.escape(L.family)}">{html.escape(L.family)}</td>'
            f'<td data-v="{html.escape(L.letter_date or "")}">{html.escape(L.letter_date or "—")}</td>'  # noqa: E501
            f'<td data-v="{html.escape(provider)}"><a href="{html.escape(r.href)}">'
            f"{html.escape(provider)}</a>{record_only}</td>"
            f'<td data-v="{len(L.areas)}" class="num">{len(L.areas)}</td>'
            f'<td data-v="{html.escape(L.overall.rating or "")}">{overall}</td>'
            f"<td>{chips or '—'}</td>"
            f'<td data-v="{len(L.warnings)}" class="num" title="{html.escape(codes)}">'
            f"{len(L.warnings)}{code_list}</td>"
            f'<td data-v="{html.escape(name)}" class="file">{html.escape(name)}</td>'
            "</tr>")
    headers = [("family", "text"), ("date", "text"), ("provider", "text"), ("areas", "num"),
               ("overall", "text"), ("area ratings", None), ("warnings", "num"),
               ("file", "text")]
    ths = "".join(
        (f'<th scope="col" aria-sort="none"><button type="button" class="sort" data-col="{n}" '
         f'data-type="{t}">{html.escape(h)}<span class="arrow" aria-hidden="true"></span>'
         "</button></th>") if t else f'<th scope="col">{html.escape(h)}</th>'
        for n, (h, t) in enumerate(headers))
    options = "".join(f'<option value="{html.escape(f)}">{html.escape(f)}</option>'
                      for f in families)
    letters = [r.letter for r in rows]
    note = (f'<p class="hint">{skipped} line(s) of {html.escape(source_name)} were not records '
            "and were skipped.</p>" if skipped else "")
    return "\n".join([
        _head(f"Letters: {source_name}"),
        "<body class=\"index\">",
        '<header class="top"><div class="crumbs">inspection_parse report · '
        f"{html.escape(source_name)}</div><h1>{len(rows)} letter(s)</h1>{note}</header>",
        f'<main id="{INDEX_MARKER}" data-ip-page="index" data-letters="{len(rows)}">',
        '<section class="charts" aria-label="Charts">',
        f'<figure><figcaption>Area progress ratings by family</figcaption>'
        f"{ratings_chart(letters)}</figure>",
        f'<figure><figcaption>Deadlines (due month) against visit dates</figcaption>'
        f"{deadline_chart(letters)}</figure>",
        "</section>",
        '<section class="list" aria-label="Letters">',
        '<div class="filters"><label>Filter <input type="search" id="filter" '
        'placeholder="provider, date, warning code…"></label> <label>Family <select '
        f'id="family"><option value="">all</option>{options}</select></label> '
        '<span id="shown" aria-live="polite"></span></div>',
        f'<div class="table-wrap"><table id="letters" class="letters"><thead><tr>{ths}</tr>'
        f"</thead><tbody>{''.join(body_rows)}</tbody></table></div>",
        "</section></main>",
        f"<script>{_INDEX_JS}</script>",
        "</body></html>",
    ]).replace("</style></head>", _INDEX_CSS + "</style></head>", 1)


_INDEX_CSS = """
.index{display:block;height:auto}.index main{display:block;padding:10px 16px}
.charts{display:flex;flex-wrap:wrap;gap:16px;margin-bottom:12px}
.charts figure{margin:0;border:1px solid var(--line);border-radius:6px;padding:8px;background:#fff}
.charts figcaption{font-weight:600;margin-bottom:4px}
.charts svg text{font:11px system-ui,sans-serif;fill:#3d444d}
.filters{display:flex;gap:14px;align-items:center;margin:6px 0}
.filters input,.filters select{font:inherit;padding:3px 6px;border:1px solid var(--line);
border-radius:4px}
.letters th,.letters td{border-bottom:1px solid var(--line);padding:5px 8px;text-align:left;
vertical-align:top}
.letters thead th{background:var(--bg);position:sticky;top:0}
.letters td.num{text-align:right;font-variant-numeric:tabular-nums}
.letters td.file{color:var(--muted);font-size:12px}
.letters td:nth-child(2){white-space:nowrap;font-variant-numeric:tabular-nums}
.letters .codes{color:var(--muted);font-size:11px}
.letters .rating{margin:1px 0}
button.sort{font:inherit;font-weight:600;background:none;border:0;padding:0;cursor:pointer;
color:inherit}
th[aria-sort="ascending"] .arrow::after{content:" ▲"}
th[aria-sort="descending"] .arrow::after{content:" ▼"}
.tag{font-size:11px;border:1px solid var(--line);border-radius:3px;padding:0 3px;color:var(--muted)}
tr.hidden{display:none}
"""

_INDEX_JS = r"""
(function(){
'use strict';
var table=document.getElementById('letters'),body=table.tBodies[0];
var rows=Array.prototype.slice.call(body.rows);
var filter=document.getElementById('filter'),family=document.getElementById('family');
var shown=document.getElementById('shown');
function apply(){
  var q=filter.value.trim().toLowerCase(),f=family.value,n=0;
  rows.forEach(function(r){
    var ok=(!f||r.getAttribute('data-family')===f)&&(!q||r.textContent.toLowerCase().indexOf(q)>=0);
    r.classList.toggle('hidden',!ok);if(ok)n++;});
  shown.textContent=n+' of '+rows.length+' shown';
}
filter.addEventListener('input',apply);family.addEventListener('change',apply);
document.querySelectorAll('button.sort').forEach(function(b){
  b.addEventListener('click',function(){
    var th=b.parentNode,col=+b.getAttribute('data-col'),num=b.getAttribute('data-type')==='num';
    var dir=th.getAttribute('aria-sort')==='ascending'?'descending':'ascending';
    document.querySelectorAll('th[aria-sort]').forEach(function(t){t.setAttribute('aria-sort','none');});
    th.setAttribute('aria-sort',dir);
    var k=dir==='ascending'?1:-1;
    rows.sort(function(a,c){
      var x=a.cells[col].getAttribute('data-v')||'',y=c.cells[col].getAttribute('data-v')||'';
      if(num){return k*((+x)-(+y));}
      return k*x.localeCompare(y);});
    rows.forEach(function(r){body.appendChild(r);});});});
apply();
document.body.setAttribute('data-ip-ready','1');
})();
"""


# -- charts: inline SVG drawn here -----------------------------------------------------------

_RATING_ORDER = ["outstanding", "good", "significant", "satisfactory", "reasonable",
                 "inadequate", "insufficient", "none"]


def ratings_chart(letters: Sequence[Letter], *, width: int = 460, height: int = 240) -> str:
    """Stacked bars: per family, how many areas got each progress rating (SVG)."""
    by_family: dict[str, Counter[str]] = {}
    for L in letters:
        c = by_family.setdefault(L.family, Counter())
        for a in L.areas:
            c[a.progress.rating or "none"] += 1
    if not by_family or not any(by_family.values()):
        return _empty_svg(width, height, "no areas to count")
    left, right, top, bottom = 40, 130, 10, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max(sum(c.values()) for c in by_family.values()) or 1
    fams = sorted(by_family)
    bar_w = min(60.0, plot_w / len(fams) * 0.6)
    step = plot_w / len(fams)
    parts = [f'<svg role="img" aria-label="Area progress ratings by family" '
             f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
             'xmlns="http://www.w3.org/2000/svg">']
    for tick in _ticks(0, peak):
        y = top + plot_h - tick / peak * plot_h
        parts.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" '
                     f'stroke="#e5e7eb"/><text x="{left - 6}" y="{y + 4:.1f}" '
                     f'text-anchor="end">{tick:g}</text>')
    used: list[str] = []
    for n, fam in enumerate(fams):
        x = left + n * step + (step - bar_w) / 2
        y = top + plot_h
        for rating in _RATING_ORDER:
            count = by_family[fam].get(rating, 0)
            if not count:
                continue
            if rating not in used:
                used.append(rating)
            h = count / peak * plot_h
            y -= h
            colour = _RATING_COLOURS.get(rating, "#9ca3af")
            parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                         f'fill="{colour}" stroke="#fff"><title>{html.escape(fam)}: {count} '
                         f"{html.escape(rating)}</title></rect>")
            if h >= 14:
                parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{y + h / 2 + 4:.1f}" '
                             f'text-anchor="middle" style="fill:#fff">{count}</text>')
        parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{top + plot_h + 16}" '
                     f'text-anchor="middle">{html.escape(fam)}</text>')
    parts.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{top + plot_h}" '
                 f'y2="{top + plot_h}" stroke="#6b7280"/>')
    for n, rating in enumerate(used):
        y = top + 6 + n * 18
        parts.append(f'<rect x="{width - right + 14}" y="{y}" width="12" height="12" '
                     f'fill="{_RATING_COLOURS.get(rating, "#9ca3af")}"/>'
                     f'<text x="{width - right + 31}" y="{y + 10}">{html.escape(rating)}</text>')
    parts.append(f'<text x="{left}" y="{height - 6}">areas</text></svg>')
    return "".join(parts)


def _year_of(iso: str | None) -> float | None:
    if not iso:
        return None
    try:
        y, m, *rest = (int(x) for x in iso.split("-"))
    except ValueError:
        return None
    d = rest[0] if rest else 15
    return y + (m - 1) / 12 + (d - 1) / 365


_DEADLINE_COLOURS = {"immediate": "#b91c1c", "within": "#1f5fbf", "by_date": "#15803d"}


def deadline_chart(letters: Sequence[Letter], *, width: int = 460, height: int = 240) -> str:
    """Scatter: each area's due month (y) against its letter's visit date (x) (SVG)."""
    points = []
    for L in letters:
        visit = _year_of(L.visit.dates[0] if L.visit.dates else L.letter_date)
        for a in L.areas:
            due = _year_of(a.deadline.due)
            if visit is not None and due is not None:
                label = (f"{L.provider.unit or L.provider.name or L.family}: area "
                         f"{a.number if a.number is not None else '•'}, due {a.deadline.due}, "
                         f"visit {L.visit.dates[0] if L.visit.dates else L.letter_date}")
                points.append((visit, due, a.deadline.kind, label))
    if not points:
        return _empty_svg(width, height, "no deadlines with a due month")
    left, right, top, bottom = 48, 110, 10, 36
    plot_w, plot_h = width - left - right, height - top - bottom
    lo = min(min(p[0], p[1]) for p in points) - 0.25
    hi = max(max(p[0], p[1]) for p in points) + 0.25

    def sx(v: float) -> float:
        return left + (v - lo) / (hi - lo) * plot_w

    def sy(v: float) -> float:
        return top + plot_h - (v - lo) / (hi - lo) * plot_h

    parts = [f'<svg role="img" aria-label="Deadlines against visit dates" width="{width}" '
             f'height="{height}" viewBox="0 0 {width} {height}" '
             'xmlns="http://www.w3.org/2000/svg">']
    for year in range(int(lo) + 1, int(hi) + 1):
        parts.append(f'<line x1="{sx(year):.1f}" x2="{sx(year):.1f}" y1="{top}" '
                     f'y2="{top + plot_h}" stroke="#eef0f3"/><line x1="{left}" '
                     f'x2="{left + plot_w}" y1="{sy(year):.1f}" y2="{sy(year):.1f}" '
                     f'stroke="#eef0f3"/><text x="{sx(year):.1f}" y="{top + plot_h + 14}" '
                     f'text-anchor="middle">{year}</text><text x="{left - 6}" '
                     f'y="{sy(year) + 4:.1f}" text-anchor="end">{year}</text>')
    # the diagonal: a deadline due at the visit itself
    parts.append(f'<line x1="{sx(lo):.1f}" y1="{sy(lo):.1f}" x2="{sx(hi):.1f}" '
                 f'y2="{sy(hi):.1f}" stroke="#9ca3af" stroke-dasharray="4 3">'
                 "<title>due at the visit</title></line>")
    parts.append(f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" fill="none" '
                 'stroke="#6b7280"/>')
    for visit, due, kind, label in points:
        colour = _DEADLINE_COLOURS.get(kind, "#6b7280")
        parts.append(f'<circle cx="{sx(visit):.1f}" cy="{sy(due):.1f}" r="4" fill="{colour}" '
                     f'fill-opacity=".7" stroke="#fff"><title>{html.escape(label)}</title>'
                     "</circle>")
    for n, (name, colour) in enumerate(_DEADLINE_COLOURS.items()):
        y = top + 8 + n * 18
        parts.append(f'<circle cx="{width - right + 20}" cy="{y}" r="5" fill="{colour}"/>'
                     f'<text x="{width - right + 30}" y="{y + 4}">{name}</text>')
    parts.append(f'<text x="{left + plot_w / 2:.0f}" y="{height - 4}" text-anchor="middle">'
                 "visit date</text><text x=\"12\" y=\"" + f"{top + plot_h / 2:.0f}" + '" '
                 f'transform="rotate(-90 12 {top + plot_h / 2:.0f})" text-anchor="middle">'
                 "due month</text></svg>")
    return "".join(parts)


def _ticks(lo: float, hi: float) -> list[float]:
    span = hi - lo
    step = 1.0
    for s in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000):
        step = float(s)
        if span / s <= 6:
            break
    out, v = [], lo
    while v <= hi + 1e-9:
        out.append(v)
        v += step
    return out


def _empty_svg(width: int, height: int, message: str) -> str:
    return (f'<svg role="img" aria-label="{html.escape(message)}" width="{width}" '
            f'height="{height // 3}" xmlns="http://www.w3.org/2000/svg"><text x="10" y="24">'
            f"{html.escape(message)}</text></svg>")
