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
from letters import PDF_LETTERS, focused_gold_pdfs

BAD = CORPUS / "bad"
FAST = "pypdfium2"
SLOW = "pdfplumber"     # (the default backend is the fastest installed: name both here)
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
    slow, fast = ip.load(path, backend=SLOW), ip.load(path, backend=FAST)
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
    slow = ip.parse(path, backend=SLOW)
    assert _without_boxes(ip.to_dict(fast)) == _without_boxes(ip.to_dict(slow))
    assert fast.source.path == str(path)


# -- reading by runs gives what reading glyph by glyph gives ----------------------------------

def _by_glyph(path: Path, monkeypatch: pytest.MonkeyPatch) -> ip.Document:
    from inspection_parse.source import pdfium

    with monkeypatch.context() as m:
        m.setattr(pdfium, "_BY_RUNS", False)
        return ip.load(path, backend=FAST)


def _same_document(runs: ip.Document, glyphs: ip.Document) -> None:
    assert runs.text == glyphs.text
    assert _line_facts(runs) == _line_facts(glyphs)
    assert runs.notes == glyphs.notes
    assert [(ln.bbox, ln.words) for ln in runs.lines] == [
        (ln.bbox, ln.words) for ln in glyphs.lines]


@pytest.mark.parametrize("path", PDF_LETTERS, ids=_id)
def test_reading_by_runs_gives_the_document_read_glyph_by_glyph(
        path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _same_document(ip.load(path, backend=FAST), _by_glyph(path, monkeypatch))


@pytest.mark.slow
@pytest.mark.parametrize("folder", ["focused-visits", "jtai"])
def test_reading_by_runs_gives_the_document_read_glyph_by_glyph_on_real_letters(
        folder: str, monkeypatch: pytest.MonkeyPatch) -> None:
    pdfs = sorted(need(FOCUSED.parent / folder).glob("*.pdf"))
    assert pdfs
    for path in pdfs:
        _same_document(ip.load(path, backend=FAST), _by_glyph(path, monkeypatch))


def test_rows_that_cannot_be_cut_by_runs_are_read_glyph_by_glyph(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # A raised footnote marker is smaller than its row: that row is expanded into glyphs, and
    # the marker comes out hidden, as glyph by glyph.
    from inspection_parse.source import pdfium

    expanded: list[int] = []
    real = pdfium._expand

    def counting(*args, **kwargs):
        expanded.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(pdfium, "_expand", counting)
    path = next(p for p in PDF_LETTERS if any(
        ln.hidden for ln in ip.load(p).lines))
    runs = ip.load(path, backend=FAST)
    assert expanded
    assert any(ln.hidden for ln in runs.lines)
    _same_document(runs, _by_glyph(path, monkeypatch))


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
        ip.parse(path, password=password, backend=SLOW)


@pytest.mark.parametrize(("name", "password"), [
    ("encrypted.pdf", "secret"), ("encrypted-empty-user-password.pdf", None)])
def test_encrypted_pdfs_open_with_the_right_password(name: str, password: str | None) -> None:
    fast = ip.parse(BAD / name, password=password, backend=FAST)
    slow = ip.parse(BAD / name, password=password, backend=SLOW)
    assert _without_boxes(ip.to_dict(fast)) == _without_boxes(ip.to_dict(slow))


def test_too_many_pages_is_refused_before_reading_them() -> None:
    with pytest.raises(ip.TooLargeError, match="pages"):
        ip.parse(PDF_LETTERS[0], backend=FAST, limits=ip.Limits(max_pages=1))


def test_bytes_in_memory_parse_like_the_file() -> None:
    path = PDF_LETTERS[0]
    letter = ip.parse_bytes(path.read_bytes(), name=str(path), backend=FAST)
    assert _without_boxes(ip.to_dict(letter)) == _without_boxes(
        ip.to_dict(ip.parse(path, backend=SLOW)))


# -- gold ---------------------------------------------------------------------------------------

@pytest.mark.slow
def test_each_backend_scores_every_gold_field_right(scorer) -> None:
    need(FOCUSED)
    pdfs = [need(p) for p in focused_gold_pdfs()]
    for backend in (FAST, SLOW):
        records = {p.stem: ip.to_dict(ip.parse(p, backend=backend)) for p in pdfs}
        score = scorer.score(FOCUSED, records, False)
        assert not score["missing_records"], backend
        assert score["field_score"] == 1.0, backend
        assert score["letters_fully_right"] == score["letters"] == len(pdfs), backend
