"""source/pdfium.py: the pypdfium2 backend gives what the pdfplumber backend gives, faster.

Both backends only turn a PDF into glyphs; the layout analysis is shared. So the
same PDF must give the same Document (text, lines, bold, gaps, page breaks) and the
same record, apart from the boxes: PDFium keeps positions in 32-bit floats and
font widths in whole thousandths of an em, so boxes may differ by a fraction of a point.
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("pypdfium2")

import inspection_parse as ip
from conftest import CORPUS, FOCUSED, need
from letters import PDF_LETTERS, document, focused_gold_pdfs, record

BAD = CORPUS / "bad"
FAST = "pypdfium2"
BOX_TOLERANCE = 1.0     # points: PDFium's rounding of widths drifts along a line


def _id(path: Path) -> str:
    return path.stem


def _without_boxes(value):
    """The record minus what may differ between backends: the source block and the boxes."""
    if isinstance(value, dict):
        return {k: _without_boxes(v) for k, v in value.items() if k not in ("boxes", "source")}
    if isinstance(value, list):
        return [_without_boxes(v) for v in value]
    return value


def _line_facts(doc: ip.Document) -> list[tuple]:
    return [(ln.start, ln.end, ln.page, ln.indent, ln.size, ln.gap_before, ln.page_break_before,
             ln.furniture, ln.bold, ln.hidden, tuple(w[:2] for w in ln.words))
            for ln in doc.lines]


# -- the same Document and record as pdfplumber -----------------------------------------------

@pytest.mark.parametrize("path", PDF_LETTERS, ids=_id)
def test_fast_backend_gives_the_same_document(path: Path) -> None:
    slow, fast = document(path), ip.load(path, backend=FAST)
    assert fast.text == slow.text
    assert _line_facts(fast) == _line_facts(slow)
    assert fast.notes == slow.notes
    assert fast.page_count == slow.page_count
    worst = max(abs(a - b) for x, y in zip(slow.lines, fast.lines, strict=True)
                for a, b in zip(x.bbox, y.bbox, strict=True))
    assert worst <= BOX_TOLERANCE


@pytest.mark.parametrize("path", PDF_LETTERS, ids=_id)
def test_fast_backend_gives_the_same_record(path: Path) -> None:
    fast = ip.parse(path, backend=FAST)
    assert _without_boxes(ip.to_dict(fast)) == _without_boxes(ip.to_dict(record(path)))
    assert fast.source.path == str(path)


def test_overlapping_copies_of_the_recipient_block_are_read_once() -> None:
    # The recipient block is drawn twice, 14 pt apart, one copy without the name: the layout
    # tells the copies apart by drawing order, so the glyphs must come in PDFium's drawing order.
    letter = ip.parse(need(FOCUSED / "fv-stockton-on-tees-2022-10-26.pdf"), backend=FAST)
    assert letter.recipient is not None
    assert letter.recipient.name == "Martin Gray"
    assert letter.recipient.role == "Director of Children’s Services"


# -- typed errors -----------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "password", "error", "says"), [
    ("encrypted.pdf", None, ip.EncryptedPdfError, "give its password"),
    ("encrypted.pdf", "wrong", ip.EncryptedPdfError, "password given is wrong"),
    ("encrypted-empty-user-password.pdf", "wrong", ip.EncryptedPdfError,
     "password given is wrong"),
    ("truncated.pdf", None, ip.CorruptPdfError, "damaged"),
    ("corrupt.pdf", None, ip.CorruptPdfError, "damaged"),
    ("no-pages.pdf", None, ip.NoPagesError, "no pages"),
    ("scanned.pdf", None, ip.NoTextLayerError, "images (a scan)"),
])
def test_bad_pdfs_raise_the_same_typed_errors(name: str, password: str | None,
                                              error: type[Exception], says: str) -> None:
    path = BAD / name
    with pytest.raises(error, match=r"\[IP-E\d{3}\]") as fast:
        ip.parse(path, password=password, backend=FAST)
    assert says in str(fast.value)
    assert fast.value.path == str(path)
    with pytest.raises(error):                      # what the pdfplumber backend raises too
        ip.parse(path, password=password)


@pytest.mark.parametrize(("name", "password"), [
    ("encrypted.pdf", "secret"), ("encrypted-empty-user-password.pdf", None)])
def test_encrypted_pdfs_open_with_the_right_password(name: str, password: str | None) -> None:
    fast = ip.parse(BAD / name, password=password, backend=FAST)
    slow = ip.parse(BAD / name, password=password)
    assert _without_boxes(ip.to_dict(fast)) == _without_boxes(ip.to_dict(slow))


def test_too_many_pages_is_refused_before_reading_them() -> None:
    with pytest.raises(ip.TooLargeError, match="pages"):
        ip.parse(PDF_LETTERS[0], backend=FAST, limits=ip.Limits(max_pages=1))


def test_bytes_in_memory_parse_like_the_file() -> None:
    path = PDF_LETTERS[0]
    letter = ip.parse_bytes(path.read_bytes(), name=str(path), backend=FAST)
    assert _without_boxes(ip.to_dict(letter)) == _without_boxes(ip.to_dict(record(path)))


# -- gold ---------------------------------------------------------------------------------------

@pytest.mark.slow
def test_fast_backend_scores_at_least_as_well_on_the_gold(scorer) -> None:
    need(FOCUSED)
    pdfs = [need(p) for p in focused_gold_pdfs()]
    slow = {p.stem: ip.to_dict(record(p)) for p in pdfs}
    fast = {p.stem: ip.to_dict(ip.parse(p, backend=FAST)) for p in pdfs}
    slow_score = scorer.score(FOCUSED, slow, False)
    fast_score = scorer.score(FOCUSED, fast, False)
    assert not fast_score["missing_records"]
    assert fast_score["field_score"] >= slow_score["field_score"]
    assert fast_score["letters_fully_right"] >= slow_score["letters_fully_right"]
