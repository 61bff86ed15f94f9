"""source/text.py and source/__init__.py: text letters → Document.

Every case is a short invented text; what matters is the line structure the loader builds
(bold, hidden markers, gaps, page breaks, furniture) and that offsets index the input.
"""

from __future__ import annotations

import codecs

import pytest

import inspection_parse as ip
from inspection_parse import EmptyInputError, UndecodableTextError
from inspection_parse.document import Document, Line
from inspection_parse.source import load_bytes
from inspection_parse.source.text import decode

# Curly quotes, an apostrophe, a pound sign and a dash: a wrong guess of encoding shows.
SAMPLE = "Dear Ms O’Neil,\r\n\r\n“Front door” costs £1.2m – agreed.\r\n"
SAMPLE_LINES = ["Dear Ms O’Neil,", "“Front door” costs £1.2m – agreed."]


def line_texts(doc: Document) -> list[str]:
    return [doc.text[line.start:line.end] for line in doc.lines]


def line_of(doc: Document, text: str) -> Line:
    (line,) = [line for line in doc.lines if doc.text[line.start:line.end] == text]
    return line


def furniture(doc: Document) -> dict[str, str | None]:
    return {doc.text[line.start:line.end]: line.furniture for line in doc.lines}


# -- decoding ---------------------------------------------------------------------------------

ENCODINGS = {
    "utf-8": SAMPLE.encode("utf-8"),
    "utf-8 with BOM": codecs.BOM_UTF8 + SAMPLE.encode("utf-8"),
    "utf-16-le with BOM": codecs.BOM_UTF16_LE + SAMPLE.encode("utf-16-le"),
    "utf-16-be with BOM": codecs.BOM_UTF16_BE + SAMPLE.encode("utf-16-be"),
    "cp1252": SAMPLE.encode("cp1252"),
}


@pytest.mark.parametrize("data", ENCODINGS.values(), ids=ENCODINGS.keys())
def test_decode_reads_each_encoding_letters_arrive_in(data: bytes) -> None:
    assert decode(data) == SAMPLE


@pytest.mark.parametrize("data", ENCODINGS.values(), ids=ENCODINGS.keys())
def test_loaded_text_is_the_decoded_input_and_lines_index_it(data: bytes) -> None:
    doc = load_bytes(data, path="letter.txt")
    assert doc.text == SAMPLE
    assert line_texts(doc) == SAMPLE_LINES      # CR LF line ends are not part of a line
    assert doc.format == "text" and doc.page_count is None


def test_loaded_document_keeps_the_sha256_of_the_bytes() -> None:
    import hashlib

    data = ENCODINGS["cp1252"]
    assert load_bytes(data, path="x.txt").sha256 == hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize("data", [
    b"\x00\x01\x02abc" * 100,                     # NUL bytes
    bytes(range(256)) * 4,
    b"abc\x01\x02\x03\x04\x05\x06\x07\x08",       # control characters
    b"\x81\x8d\x8f\x90 not cp1252 either",       # bytes cp1252 leaves undefined
    codecs.BOM_UTF8 + b"\xff\xfe\xfd broken",     # a BOM over bytes that are not UTF-8
])
def test_decode_refuses_binary_data(data: bytes) -> None:
    with pytest.raises(UndecodableTextError) as err:
        decode(data, "blob.txt")
    assert err.value.code == "IP-E003" and err.value.path == "blob.txt"


@pytest.mark.parametrize("data", [
    b"", b"   ", b" \n\t\r\n ", codecs.BOM_UTF8, codecs.BOM_UTF16_LE + " \n".encode("utf-16-le"),
])
def test_decode_refuses_empty_or_white_space_input(data: bytes) -> None:
    with pytest.raises(EmptyInputError) as err:
        decode(data)
    assert err.value.code == "IP-E002"


@pytest.mark.parametrize("text", ["", "  \n\n\t "])
def test_loading_an_empty_string_is_an_empty_input_error(text: str) -> None:
    with pytest.raises(EmptyInputError):
        ip.load_text(text)


def test_parse_text_offsets_index_the_users_string() -> None:
    text = "\n\n12 March 2030\n\nDear Sam\n\n**A short invented title**\n\nOne line.\n"
    letter = ip.parse_text(text)
    span = letter.grounding["letter_date"]
    assert text[span.start:span.end] == "12 March 2030"
    span = letter.grounding["title"]
    assert text[span.start:span.end] == "A short invented title"


# -- bold and hidden markers ------------------------------------------------------------------


def test_bold_markers_are_hidden_and_the_run_between_is_bold() -> None:
    text = "Plain start **bold words** plain end.\n"
    doc = ip.load_text(text)
    line = doc.lines[0]
    assert [text[a:b] for a, b in line.bold] == ["bold words"]
    assert [text[a:b] for a, b in line.hidden] == ["**", "**"]
    assert doc.value(0, len(text)) == "Plain start bold words plain end."


def test_a_bold_run_over_two_lines_is_bold_on_both() -> None:
    text = "Intro.\n\n**A bold title\nover two lines**\n\nAfter.\n"
    doc = ip.load_text(text)
    first, second = line_of(doc, "**A bold title"), line_of(doc, "over two lines**")
    assert [text[a:b] for a, b in first.bold] == ["A bold title"]
    assert [text[a:b] for a, b in second.bold] == ["over two lines"]
    assert doc.value(first.start, second.end) == "A bold title over two lines"


def test_bold_markers_do_not_pair_across_a_paragraph_break() -> None:
    text = "A stray ** marker.\n\nLater ** another.\n"
    doc = ip.load_text(text)
    assert all(not line.bold for line in doc.lines)


def test_footnote_marker_is_hidden_and_the_definition_is_furniture() -> None:
    text = "A claim with a note[^1] in it.\n\n[^1]: What the note says.\n"
    doc = ip.load_text(text)
    body = line_of(doc, "A claim with a note[^1] in it.")
    assert [text[a:b] for a, b in body.hidden] == ["[^1]"]
    assert doc.value(body.start, body.end) == "A claim with a note in it."
    assert furniture(doc)["[^1]: What the note says."] == "footnote"


def test_markdown_heading_marker_is_hidden() -> None:
    text = "## Main findings\n\nText.\n"
    doc = ip.load_text(text)
    assert doc.value(doc.lines[0].start, doc.lines[0].end) == "Main findings"


# -- gaps and page breaks ---------------------------------------------------------------------


def test_blank_lines_count_as_gap_before() -> None:
    doc = ip.load_text("One.\nTwo.\n\nThree.\n\n\n\nFour.\n")
    assert [line.gap_before for line in doc.lines] == [0, 0, 1, 3]


@pytest.mark.parametrize(("text", "breaks"), [
    ("One.\n\nTwo.\n", [False, False]),
    ("One.\n\n\nTwo.\n", [False, False]),                # two blank lines: a paragraph gap
    ("One.\n\n\n\nTwo.\n", [False, True]),              # three or more: a page break
    ("One.\n\n\n\n\n\nTwo.\n", [False, True]),
    ("One.\n\fTwo.\n", [False, True]),                  # a form feed
    ("One.\fTwo.\n", [False, True]),
    ("One.\r\n\r\n\r\n\r\nTwo.\r\n", [False, True]),    # CR LF line ends
])
def test_page_break_before_comes_from_blank_runs_and_form_feeds(
        text: str, breaks: list[bool]) -> None:
    doc = ip.load_text(text)
    assert [line.page_break_before for line in doc.lines] == breaks


# -- page furniture ---------------------------------------------------------------------------


@pytest.mark.parametrize("number", ["2", "Page 3", "Page 3 of 5", "- 4 -", "3/5"])
def test_a_page_number_after_a_page_break_is_furniture(number: str) -> None:
    text = f"Intro paragraph.\n\nThe last paragraph of a page.\n\n\n\n{number}\nNext page text.\n"
    doc = ip.load_text(text)
    assert furniture(doc)[number] == "page_number"
    assert furniture(doc)["Next page text."] is None


def test_page_x_of_y_is_a_page_number_anywhere() -> None:
    doc = ip.load_text("Intro paragraph.\n\nPage 1 of 3\n\nMore text here.\n\nEnd.\n")
    assert furniture(doc)["Page 1 of 3"] == "page_number"


def test_a_number_inside_the_text_is_not_a_page_number() -> None:
    doc = ip.load_text("Intro.\n\nThe files seen numbered\n12\ncases in all.\n\nEnd.\n")
    assert furniture(doc)["12"] is None


def test_a_repeated_header_at_page_breaks_is_a_running_header() -> None:
    text = ("Opening paragraph.\n\nA paragraph that ends.\n\n\n\nCafcass North (N1)\n"
            "A paragraph on page two.\n\nAnother that ends.\n\n\n\nCafcass North (N1)\n"
            "Third page text.\n\nEnd.\n")
    doc = ip.load_text(text)
    headers = [line for line in doc.lines if doc.text[line.start:line.end] == "Cafcass North (N1)"]
    assert len(headers) == 2
    assert all(line.furniture == "running_header" for line in headers)


def test_a_short_line_above_a_page_number_is_a_running_header() -> None:
    text = ("Opening paragraph.\n\nA paragraph that ends.\nNorthfield Service Area\n2\n\n\n\n"
            "A paragraph on page two.\n\nEnd.\n")
    doc = ip.load_text(text)
    assert furniture(doc)["Northfield Service Area"] == "running_header"
    assert furniture(doc)["2"] == "page_number"


def test_a_header_that_interrupts_a_sentence_at_a_page_break_is_furniture() -> None:
    text = ("Opening paragraph.\n\nThe service area has made sure that\n\n\n\n"
            "Northfield Service Area\nevery child has a plan in place.\n\nEnd.\n")
    doc = ip.load_text(text)
    assert furniture(doc)["Northfield Service Area"] == "running_header"
    first = line_of(doc, "The service area has made sure that")
    last = line_of(doc, "every child has a plan in place.")
    assert doc.value(first.start, last.end) == (
        "The service area has made sure that every child has a plan in place.")


def test_a_heading_after_a_page_break_is_not_furniture() -> None:
    text = ("Opening paragraph.\n\nA paragraph that ends here.\n\n\n\nMain findings\n\n"
            "The findings text.\n\nEnd.\n")
    assert furniture(ip.load_text(text))["Main findings"] is None


# -- reading values ---------------------------------------------------------------------------


def test_value_joins_lines_with_one_space_and_collapses_white_space() -> None:
    text = "The  team   met\n   every week\tto plan.\n"
    assert ip.load_text(text).value(0, len(text)) == "The team met every week to plan."


def test_value_keeps_the_hyphen_of_a_real_compound_at_a_line_end() -> None:
    text = "Managers record their decision-\nmaking on every case.\n"
    assert ip.load_text(text).value(0, len(text)) == (
        "Managers record their decision-making on every case.")


def test_value_drops_a_line_end_hyphen_when_the_letter_spells_the_word_without_it() -> None:
    text = "Staff were co-\noperative throughout.\n\nThey were cooperative before.\n"
    doc = ip.load_text(text)
    first = line_of(doc, "operative throughout.")
    assert doc.value(0, first.end) == "Staff were cooperative throughout."


def test_value_keeps_the_hyphen_when_the_letter_spells_the_word_both_ways() -> None:
    text = "A well-\nknown team.\n\nThe wellknown and well-known forms.\n"
    doc = ip.load_text(text)
    line = line_of(doc, "known team.")
    assert doc.value(0, line.end) == "A well-known team."


def test_value_leaves_out_furniture_lines() -> None:
    text = ("Opening paragraph.\n\nThe plan was agreed by\n\n\n\nPage 2 of 3\n"
            "the whole team.\n\nEnd.\n")
    doc = ip.load_text(text)
    first = line_of(doc, "The plan was agreed by")
    last = line_of(doc, "the whole team.")
    assert doc.value(first.start, last.end) == "The plan was agreed by the whole team."
