"""The shared layout analysis on glyphs placed by hand: what a PDF backend hands it."""

from __future__ import annotations

from inspection_parse.source.layout import Glyph, Page, build_document


def _run(text: str, x: float, top: float, size: float = 12.0, *, width: float = 6.0,
         bold: bool = False) -> list[Glyph]:
    """Glyphs of ``text`` set left to right from ``x``, each ``width`` wide, top at ``top``."""
    return [Glyph(ch, x + k * width, x + (k + 1) * width, top, top + size, size, bold)
            for k, ch in enumerate(text)]


def _doc(*runs: list[Glyph]):
    glyphs = [g for run in runs for g in run]
    return build_document([Page(1, 595.0, 842.0, glyphs)], path=None, sha256="0" * 64)


def test_a_raised_ordinal_ending_stays_part_of_its_number() -> None:
    # "1st Floor": "st" raised and small after the digit, as addresses and dates print it
    doc = _doc(_run("1", 72, 100), _run("st", 78, 97, 7.0, width=3.5), _run(" Floor", 85, 100),
               _run("Body text of the letter, set at the usual size.", 72, 130))
    line = doc.lines[0]
    assert doc.text[line.start:line.end] == "1st Floor"
    assert line.hidden == ()
    assert doc.snippet(line.start, line.end).text == "1st Floor"


def test_a_raised_footnote_marker_is_hidden() -> None:
    doc = _doc(_run("practice", 72, 100), _run("2", 120, 97, 7.0, width=3.5),
               _run(" improved.", 124, 100),
               _run("Body text of the letter, set at the usual size.", 72, 130))
    line = doc.lines[0]
    assert doc.text[line.start:line.end] == "practice2 improved."
    assert doc.snippet(line.start, line.end).text == "practice improved."


def test_a_bullet_item_that_wraps_back_to_the_margin_stays_one_item() -> None:
    # no hanging indent: the item's second line starts under the bullet glyph, not its text
    long = "x" * 78                                     # runs to the right margin (72 + 468)
    doc = _doc(_run("\u25fc", 72, 100), _run(" " + long[:74], 84, 100),
               _run("and ends here.", 72, 114),
               _run("A new paragraph after a full stop.", 72, 142))
    parts = doc.text.split("\n\n")
    assert parts[0].endswith("and ends here.") and "\n" in parts[0]
    assert parts[1] == "A new paragraph after a full stop."
