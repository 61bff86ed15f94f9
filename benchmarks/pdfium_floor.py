#!/usr/bin/env python3
"""Where the pypdfium2 backend's time goes, stage by stage, against PDFium's own floor.

A script, not a test: it prints milliseconds per letter (CPU time, best of
``--rounds``) and asserts nothing. Stages, each on the same letters:

1. PDFium alone, nothing read: open each document and load and close each page;
2. + build PDFium's text page (what any reading of the text needs);
3. + one ctypes call per character (the text object the character belongs to);
4. + a second call per character (its origin): the least a reader of positions does;
5. our backend's reading (``source.pdfium.load_pdf`` without layout), by runs and
   glyph by glyph;
6. the shared layout analysis (``source.layout.build_document``);
7. the parse of the laid-out document (``api.parse_document``).

Stages 1–4 are the floor of a reader of every character's position: none that
asks PDFium for each one through ctypes can be faster. The runs floor is what
reading by runs costs in PDFium and ctypes alone: stage 2, the page's text in one
call, the text object of every character asked for from C (``map``, no Python
loop), and the origins of each token's first and last characters (a token: a
run's characters between spaces), asked for from C too. 5 + 6 + 7 is our
end-to-end time.

    python benchmarks/pdfium_floor.py                      # ../shared/corpus/focused-visits
    python benchmarks/pdfium_floor.py corpus/pdf/*.pdf     # other PDFs
"""

from __future__ import annotations

import argparse
import ctypes
import glob
import os
import re
import sys
import time
from collections.abc import Callable
from itertools import repeat
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from inspection_parse import api  # noqa: E402
from inspection_parse.limits import Limits  # noqa: E402
from inspection_parse.source import pdfium  # noqa: E402
from inspection_parse.source.layout import Page, build_document  # noqa: E402

SHARED = ROOT.parent / "shared" / "corpus" / "focused-visits"


def _floor(datas: list[bytes], level: int) -> None:
    papi = pdfium._pdfium()
    raw = papi.raw
    ox, oy = ctypes.c_double(), ctypes.c_double()
    p_ox, p_oy = ctypes.byref(ox), ctypes.byref(oy)
    for data in datas:
        doc = raw.FPDF_LoadMemDocument64(data, len(data), None)
        try:
            for i in range(raw.FPDF_GetPageCount(doc)):
                page = raw.FPDF_LoadPage(doc, i)
                if level >= 2:
                    tp = raw.FPDFText_LoadPage(page)
                    n = raw.FPDFText_CountChars(tp)
                    if level >= 3:
                        text_object = papi.text_object
                        for k in range(n):
                            text_object(tp, k)
                    if level >= 4:
                        origin = papi.origin
                        for k in range(n):
                            origin(tp, k, p_ox, p_oy)
                    raw.FPDFText_ClosePage(tp)
                raw.FPDF_ClosePage(page)
        finally:
            raw.FPDF_CloseDocument(doc)


_INK = re.compile(r"\S+")


def _runs_floor(datas: list[bytes], origins: bool) -> None:
    """PDFium's part of reading by runs: text pages, the page text, every character's text
    object from C and, with ``origins``, each token's first and last origins from C."""
    papi = pdfium._pdfium()
    raw = papi.raw
    for data in datas:
        doc = raw.FPDF_LoadMemDocument64(data, len(data), None)
        try:
            for i in range(raw.FPDF_GetPageCount(doc)):
                page = raw.FPDF_LoadPage(doc, i)
                tp = raw.FPDFText_LoadPage(page)
                n = raw.FPDFText_CountChars(tp)
                text = pdfium._page_text(raw, tp, n) or ""
                list(map(papi.text_object, repeat(tp, n), range(n)))
                if origins:
                    ends = [k for m in _INK.finditer(text) for k in (m.start(), m.end() - 1)]
                    pdfium._origins(papi, tp, ends)
                raw.FPDFText_ClosePage(tp)
                raw.FPDF_ClosePage(page)
        finally:
            raw.FPDF_CloseDocument(doc)


def _best(work: Callable[[], object], rounds: int) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        work()
        best = min(best, time.process_time() - start)
    return best


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("pdfs", nargs="*", help="PDFs (default: the shared focused-visit letters)")
    ap.add_argument("--rounds", type=int, default=3, help="timed rounds per stage (best kept)")
    args = ap.parse_args(argv)
    paths = args.pdfs or sorted(glob.glob(str(SHARED / "*.pdf")))
    if not paths:
        print(f"no PDFs: give some, or put the shared corpus at {SHARED}", file=sys.stderr)
        return 2
    datas = [Path(p).read_bytes() for p in paths]
    n = len(datas)
    limits = Limits()
    original_finish = pdfium.finish
    pdfium.finish = lambda pages, path, sha256: pages      # stop the backend before layout
    try:
        def read() -> list[list[Page]]:
            return [pdfium.load_pdf(d, path=None, sha256="0" * 64, password=None,
                                    limits=limits) for d in datas]
        pdfium._BY_RUNS = False
        read()                                              # warm up
        t_read_glyphs = _best(read, args.rounds)
        pages_by_glyph = read()
        pdfium._BY_RUNS = True
        pages = read()
        t_read = _best(read, args.rounds)
    finally:
        pdfium.finish = original_finish
        pdfium._BY_RUNS = True
    page_count = sum(len(p) for p in pages)
    chars = sum(len(pg.glyphs) for p in pages_by_glyph for pg in p)
    docs = [build_document(p, path=None, sha256="0" * 64) for p in pages]
    t_layout = _best(lambda: [build_document(p, path=None, sha256="0" * 64) for p in pages],
                     args.rounds)
    t_layout_glyphs = _best(
        lambda: [build_document(p, path=None, sha256="0" * 64) for p in pages_by_glyph],
        args.rounds)
    t_parse = _best(lambda: [api.parse_document(d) for d in docs], args.rounds)
    floors = []
    for level in (1, 2, 3, 4):
        _floor(datas, level)
        floors.append(_best(lambda lv=level: _floor(datas, lv), args.rounds))
    runs_floors = []
    for with_origins in (False, True):
        _runs_floor(datas, with_origins)
        runs_floors.append(_best(lambda o=with_origins: _runs_floor(datas, o), args.rounds))

    def ms(seconds: float) -> str:
        return f"{seconds / n * 1000:7.1f} ms"

    print(f"{n} letters, {page_count} pages ({page_count / n:.1f} a letter), {chars:,} glyphs "
          f"({chars / n:,.0f} a letter); CPU time per letter, best of {args.rounds}; "
          f"pid {os.getpid()}")
    print("floor (PDFium through ctypes, nothing of ours):")
    labels = ["open documents, load pages", "+ build text pages",
              "+ 1 call per character (text object)", "+ 2nd call per character (origin)"]
    for label, t in zip(labels, floors, strict=True):
        print(f"  {label:<40} {ms(t)}")
    print("runs floor (PDFium through ctypes, reading by runs, nothing of ours):")
    labels = ["text pages + page text + text objects", "+ 2 origins per token"]
    for label, t in zip(labels, runs_floors, strict=True):
        print(f"  {label:<40} {ms(t)}")
    print("ours, glyph by glyph:")
    print(f"  {'read glyphs (pdfium backend)':<40} {ms(t_read_glyphs)}")
    print(f"  {'layout (shared)':<40} {ms(t_layout_glyphs)}")
    print(f"  {'parse':<40} {ms(t_parse)}")
    total = t_read_glyphs + t_layout_glyphs + t_parse
    print(f"  {'end to end':<40} {ms(total)}  = {n / total:.1f} letters per CPU-second")
    print("ours, by runs (the backend as shipped):")
    print(f"  {'read runs, cut rows into words':<40} {ms(t_read)}")
    print(f"  {'layout (shared)':<40} {ms(t_layout)}")
    print(f"  {'parse':<40} {ms(t_parse)}")
    total = t_read + t_layout + t_parse
    print(f"  {'end to end':<40} {ms(total)}  = {n / total:.1f} letters per CPU-second")
    floor = floors[-1] + t_parse
    print(f"a reader at the floor that laid out nothing: {ms(floor)} = {n / floor:.1f} letters "
          "per CPU-second")
    floor = runs_floors[-1] + t_parse
    print(f"a reader at the runs floor that laid out nothing: {ms(floor)} = {n / floor:.1f} "
          "letters per CPU-second")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
