"""source/pdf.py and source/layout.py: PDF letters → Document.

The corpus PDFs (corpus/pdf/, rendered from the corpus text letters with real layout traits) are
always here; a few real focused-visit letters from ../shared are checked too when present. Two of
those are named for a trait they carry: newham-2024 sets its date close under the two-column
letterhead; ealing-2018 prints its page numbers higher on the page than most letters.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import regex

import inspection_parse as ip
from conftest import CORPUS, FOCUSED, need
from inspection_parse.document import Document, Line
from inspection_parse.segment import Layout
from letters import PDF_LETTERS, document, focused_gold_pdfs, record, text_twin

REAL = [*focused_gold_pdfs(limit=10), FOCUSED / "fv-newham-2024-02-28.pdf",
        FOCUSED / "fv-ealing-2018-11-16.pdf"]
ALL_PDFS = PDF_LETTERS + REAL


def _id(path: Path) -> str:
    return path.stem


def pdf(path: Path) -> Document:
    return document(need(path))


def text_of(doc: Document, line: Line) -> str:
    return doc.text[line.start:line.end]


# -- letterhead -------------------------------------------------------------------------------

# The first contact item of a line: a telephone number after its label, an e-mail or web address.
CONTACT = regex.compile(
    r"\b(?:T|F|Tel|Telephone|Textphone|Minicom)\b\.?:?\s*[0+(]\d|\S+@\S+|\bwww\.\S+|\S+\.gov\.uk")
# What may stand before it in the contact column: a label ("Direct T", "E", "Web").
LABEL = regex.compile(r"(?:Direct|E|W|Email|E-mail|Web)?\s*:?\s*", regex.I)


@pytest.mark.parametrize("path", ALL_PDFS, ids=_id)
def test_letterhead_columns_are_read_one_after_the_other_not_interleaved(path: Path) -> None:
    # The address column ("Piccadilly Gate") and the contact column ("T 0300 ...") share
    # baselines; read across, they would give "Piccadilly Gate T 0300 123 1231".
    doc = pdf(path)
    mixed = []
    for line in doc.lines[:30]:
        text = text_of(doc, line)
        m = CONTACT.search(text)
        if m and not LABEL.fullmatch(text[:m.start()]):
            mixed.append(text)
    assert not mixed, f"address and contact columns on one line: {mixed}"


LETTER_PDFS = [p for p in ALL_PDFS if not p.name.startswith("fe-")]   # FE reports: no letterhead


@pytest.mark.parametrize("path", LETTER_PDFS, ids=_id)
def test_letterhead_comes_before_the_date(path: Path) -> None:
    doc = pdf(path)
    date = record(path).grounding["letter_date"]
    contact = [line for line in doc.lines if CONTACT.search(text_of(doc, line))
               and line.page == 1 and line.start < len(doc.text) // 3]
    assert contact, "no letterhead contact line found"
    assert all(line.end <= date.start for line in contact)
    date_line = doc.lines[doc.line_index(date.start)]
    assert not CONTACT.search(text_of(doc, date_line))


# -- page furniture ---------------------------------------------------------------------------

PAGE_LABEL = regex.compile(r"(?:Page\s+)?(?P<n>\d{1,3})(?:\s+of\s+\d{1,3})?", regex.I)


@pytest.mark.parametrize("path", ALL_PDFS, ids=_id)
def test_page_numbers_are_furniture_on_their_own_page(path: Path) -> None:
    doc = pdf(path)
    labels = [(line, m) for line in doc.lines
              if (m := PAGE_LABEL.fullmatch(text_of(doc, line)))]
    not_furniture = [(line.page, text_of(doc, line)) for line, _ in labels
                     if line.furniture != "page_number"]
    assert not not_furniture, f"page numbers read as body text: {not_furniture}"
    assert all(int(m["n"]) == line.page for line, m in labels)


def test_corpus_has_running_headers_to_test() -> None:
    with_headers = [p for p in PDF_LETTERS
                    if any(line.furniture == "running_header" for line in pdf(p).lines)]
    assert len(with_headers) >= 3


@pytest.mark.parametrize("path", PDF_LETTERS, ids=_id)
def test_a_line_repeated_at_the_top_of_pages_is_a_running_header(path: Path) -> None:
    doc = pdf(path)
    tops: dict[str, list[Line]] = {}
    for page in range(2, (doc.page_count or 0) + 1):
        on_page = [line for line in doc.lines if line.page == page]
        if on_page:
            tops.setdefault(text_of(doc, on_page[0]), []).append(on_page[0])
    for text, lines in tops.items():
        if len(lines) >= 2 and not PAGE_LABEL.fullmatch(text):
            assert {line.furniture for line in lines} == {"running_header"}, text


# -- bullets ----------------------------------------------------------------------------------

GLYPHS = {"◼", "\uf0b7", "\uf06e", "•", "–"}


@pytest.mark.parametrize("path", PDF_LETTERS, ids=_id)
def test_pdf_has_as_many_bullet_items_as_its_text_letter(path: Path) -> None:
    pdf_bullets = [b for b in Layout(pdf(path)).blocks if b.bullet is not None]
    text_bullets = [b for b in Layout(document(text_twin(path))).blocks if b.bullet is not None]
    assert len(pdf_bullets) == len(text_bullets)
    assert [b.text[:30] for b in pdf_bullets] == [b.text[:30] for b in text_bullets]


def test_corpus_pdfs_use_every_bullet_glyph_and_each_starts_a_bullet_block() -> None:
    seen = {b.bullet for p in PDF_LETTERS for b in Layout(pdf(p)).blocks if b.bullet}
    assert seen >= GLYPHS


@pytest.mark.parametrize("path", ALL_PDFS, ids=_id)
def test_a_line_opening_with_a_bullet_glyph_starts_a_bullet_block(path: Path) -> None:
    doc = pdf(path)
    firsts = {b.first: b for b in Layout(doc).blocks}
    for i, line in enumerate(doc.lines):
        text = text_of(doc, line)
        if line.furniture is None and text[:1] in GLYPHS and text[1:2] == " ":
            assert i in firsts, text
            assert firsts[i].bullet == text[0]
            assert not firsts[i].text.startswith(text[0])      # the glyph is not in the value


# -- footnotes --------------------------------------------------------------------------------

FOOTNOTED = [p for p in PDF_LETTERS if "[^1]" in text_twin(p).read_text(encoding="utf-8")]


def test_corpus_has_a_pdf_with_a_footnote() -> None:
    assert FOOTNOTED


@pytest.mark.parametrize("path", FOOTNOTED, ids=_id)
def test_footnote_marker_is_hidden_and_the_note_is_furniture(path: Path) -> None:
    doc = pdf(path)
    twin = text_twin(path).read_text(encoding="utf-8")
    note = regex.search(r"^\[\^1\]:\s*(.+)$", twin, regex.M)[1]
    marked = regex.search(r"^(.*?)\[\^1\](?!:)", twin, regex.M)[1].strip("*◼•- ")
    # The line with the marker: the marker (a raised "1") is hidden, so the value ends without it.
    (line,) = [ln for ln in doc.lines if ln.furniture is None
               and text_of(doc, ln).startswith(marked[:20])]
    assert line.hidden
    assert doc.value(line.start, line.end) == marked.replace("**", "")
    # The note: every line of it is furniture.
    note_lines = [ln for ln in doc.lines if note[:25] in text_of(doc, ln)]
    assert note_lines and all(ln.furniture == "footnote" for ln in note_lines)
    body = " ".join(doc.value(ln.start, ln.end) for ln in doc.lines if ln.furniture is None)
    assert note[:25] not in body


# -- bold -------------------------------------------------------------------------------------


def _all_bold(doc: Document, line: Line) -> bool:
    words = [w for w in line.words if not any(h0 <= w[0] and w[1] <= h1 for h0, h1 in line.hidden)]
    return bool(words) and all(any(b0 <= w[0] and w[1] <= b1 for b0, b1 in line.bold)
                               for w in words)


@pytest.mark.parametrize("path", PDF_LETTERS, ids=_id)
def test_bold_comes_from_the_font_the_title_is_bold_and_the_salutation_is_not(
        path: Path) -> None:
    doc, letter = pdf(path), record(path)
    title = letter.grounding["title"]
    lines = [doc.lines[i] for i in doc.lines_between(title.start, title.end)]
    assert lines and all(_all_bold(doc, line) for line in lines)
    if letter.family == "fe_monitoring":        # a report: no salutation
        assert letter.salutation is None
        return
    salutation = letter.grounding["salutation"]
    assert not doc.lines[doc.line_index(salutation.start)].bold


# -- hyphens at line ends ---------------------------------------------------------------------


@pytest.mark.parametrize(("name", "word"), [
    ("cafcass-pim-kent-2011", "self-employed"),
    ("fv-whitlow-2025-09-18", "well-coordinated"),
])
def test_line_end_hyphen_of_a_real_compound_is_kept(name: str, word: str) -> None:
    # The layout breaks the line after the compound's own hyphen ("self-" / "employed").
    doc = pdf(CORPUS / "pdf" / f"{name}.pdf")
    head, tail = word.split("-")
    broken = [k for k, line in enumerate(doc.lines[:-1])
              if text_of(doc, line).endswith(f" {head}-")
              and text_of(doc, doc.lines[k + 1]).startswith(tail)]
    assert broken, f"{name}: the corpus PDF no longer breaks {word!r} at a line end"
    for k in broken:
        assert word in doc.value(doc.lines[k].start, doc.lines[k + 1].end)


# -- pages and boxes --------------------------------------------------------------------------

A4 = (595.3, 841.9)


@pytest.mark.parametrize("path", PDF_LETTERS + REAL[:3], ids=_id)
def test_grounding_pages_and_boxes_lie_on_the_page_of_the_value(path: Path) -> None:
    doc, letter = pdf(path), record(path)
    first = "letter_date" if letter.family != "fe_monitoring" else "provider.name"
    assert letter.grounding[first].pages == (1,)
    for key, span in letter.grounding.items():
        assert span.pages == doc.pages(span.start, span.end), key
        assert span.boxes == doc.boxes(span.start, span.end), key
        assert span.pages and all(1 <= p <= doc.page_count for p in span.pages), key
        assert span.boxes, key
        for page, x0, top, x1, bottom in span.boxes:
            assert page in span.pages, key
            assert 0 <= x0 < x1 <= A4[0] and 0 <= top < bottom <= A4[1], key
        assert [b[0] for b in span.boxes] == sorted(b[0] for b in span.boxes), key


@pytest.mark.parametrize("path", PDF_LETTERS, ids=_id)
def test_each_area_span_lists_the_pages_it_runs_over(path: Path) -> None:
    doc, letter = pdf(path), record(path)
    for area in letter.areas:
        lines = [doc.lines[i] for i in doc.lines_between(area.span.start, area.span.end)
                 if doc.lines[i].furniture is None]
        expected = sorted({line.page for line in lines})
        assert list(area.span.pages) == expected, area.number


def test_an_area_over_a_page_break_lists_both_pages() -> None:
    spanning = [a for p in PDF_LETTERS for a in record(p).areas if len(a.span.pages) > 1]
    assert spanning
    assert all(list(a.span.pages) == list(range(a.span.pages[0], a.span.pages[-1] + 1))
               for a in spanning)


def test_text_input_has_no_pages_or_boxes() -> None:
    letter = record(text_twin(PDF_LETTERS[0]))
    assert letter.source.pages is None
    assert all(s.pages == () and s.boxes == () for s in letter.grounding.values())
    assert all(a.span.pages == () for a in letter.areas)


# -- PDF and text give the same record --------------------------------------------------------


def _comparable(letter: ip.Letter) -> dict[str, object]:
    data = ip.to_dict(letter)
    for key in ("source", "grounding", "sections"):
        data.pop(key)
    for area in data["areas"]:
        area.pop("span")
    return data


@pytest.mark.parametrize("path", PDF_LETTERS, ids=_id)
def test_pdf_and_text_of_a_letter_give_the_same_record(path: Path) -> None:
    from_pdf, from_text = record(path), record(text_twin(path))
    assert from_pdf.source.format == "pdf" and from_text.source.format == "text"
    assert _comparable(from_pdf) == _comparable(from_text)


def test_every_corpus_letter_has_a_pdf() -> None:
    from letters import TEXT_LETTERS

    assert sorted(p.stem for p in PDF_LETTERS) == sorted(p.stem for p in TEXT_LETTERS)
