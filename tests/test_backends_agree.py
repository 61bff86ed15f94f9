"""The two PDF backends give the same records on every real PDF we hold.

pypdfium2 (the default) reads PDFium by runs of text; pdfplumber reads pdfminer's
characters. Whatever each does inside, a user gets the same record from either: the
whole record (every field, grounding offsets, warnings, sections) is compared, apart
from ``source`` (it names no backend, but is about the file, not the letter) and the
boxes, whose coordinates may differ by up to half a point (PDFium keeps positions in
32-bit floats and font widths in whole thousandths of an em). The pages a box lies on
must agree exactly.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pypdfium2")

import inspection_parse as ip
from conftest import CORPUS, SHARED, need
from letters import PDF_LETTERS

BOX_TOLERANCE = 0.5     # points
# Our rendered corpus PDFs set long justified lines in a font whose widths are not whole
# thousandths of an em: PDFium rounds each, and by the end of a line the origins it gives
# have drifted from pdfminer's by up to 0.61 point (the same glyph by glyph as by runs).
CORPUS_BOX_TOLERANCE = 0.75
FOCUSED = SHARED / "corpus" / "focused-visits"
JTAI = SHARED / "corpus" / "jtai"


def differences(slow: Any, fast: Any, path: str = "",
                tolerance: float = BOX_TOLERANCE) -> list[str]:
    """Where two records differ, beyond ``source`` and box coordinates within tolerance."""
    if isinstance(slow, dict) and isinstance(fast, dict):
        out: list[str] = []
        for key in sorted(set(slow) | set(fast)):
            if key == "source" and not path:
                continue
            if key not in slow or key not in fast:
                out.append(f"{path}.{key}: only in {'pdfplumber' if key in slow else 'pypdfium2'}")
            elif key == "boxes":
                out += _box_differences(slow[key], fast[key], f"{path}.{key}", tolerance)
            else:
                out += differences(slow[key], fast[key], f"{path}.{key}", tolerance)
        return out
    if isinstance(slow, list) and isinstance(fast, list):
        if len(slow) != len(fast):
            return [f"{path}: {len(slow)} items against {len(fast)}"]
        return [d for k, (a, b) in enumerate(zip(slow, fast, strict=True))
                for d in differences(a, b, f"{path}[{k}]", tolerance)]
    return [] if slow == fast else [f"{path}: {slow!r} against {fast!r}"]


def _box_differences(slow: list[list[float]], fast: list[list[float]], path: str,
                     tolerance: float) -> list[str]:
    if len(slow) != len(fast):
        return [f"{path}: {len(slow)} boxes against {len(fast)}"]
    out = []
    for k, (a, b) in enumerate(zip(slow, fast, strict=True)):
        # [page, x0, top, x1, bottom]
        if len(a) != len(b) or a[0] != b[0] or any(
                abs(u - v) > tolerance for u, v in zip(a[1:], b[1:], strict=True)):
            out.append(f"{path}[{k}]: {a} against {b}")
    return out


def _agree(path: Path, tolerance: float = BOX_TOLERANCE) -> list[str]:
    slow = ip.to_dict(ip.parse(path, backend="pdfplumber"))
    fast = ip.to_dict(ip.parse(path, backend="pypdfium2"))
    return differences(slow, fast, tolerance=tolerance)


def _shared_pdfs(folder: Path) -> list[Path]:
    pdfs = sorted(need(folder).glob("*.pdf"))
    assert pdfs, f"no PDFs in {folder}"
    return pdfs


def test_the_comparison_sees_a_difference() -> None:
    record = {"source": {"path": "a"}, "provider": {"name": "Kent"},
              "grounding": {"provider.name": {"start": 3, "end": 7, "boxes": [[1, 10.0, 20.0,
                                                                               30.0, 40.0]]}}}
    moved = {"source": {"path": "b"}, "provider": {"name": "Kent"},
             "grounding": {"provider.name": {"start": 3, "end": 7, "boxes": [[1, 10.4, 20.0,
                                                                              30.0, 40.0]]}}}
    assert differences(record, moved) == []
    moved["grounding"]["provider.name"]["boxes"][0][1] = 10.6
    assert differences(record, moved)
    moved["grounding"]["provider.name"]["boxes"][0][1] = 10.0
    moved["grounding"]["provider.name"]["boxes"][0][0] = 2
    assert differences(record, moved)
    assert differences(record, {**record, "provider": {"name": "Kent County"}})


@pytest.mark.parametrize("path", PDF_LETTERS, ids=lambda p: p.stem)
def test_backends_agree_on_our_corpus_pdfs(path: Path) -> None:
    assert path.is_relative_to(CORPUS)
    assert _agree(path, CORPUS_BOX_TOLERANCE) == []


@pytest.mark.slow
@pytest.mark.parametrize("folder", [FOCUSED, JTAI], ids=["focused-visits", "jtai"])
def test_backends_agree_on_every_real_letter(folder: Path) -> None:
    pdfs = _shared_pdfs(folder)
    disagree = {p.name: d[:5] for p in pdfs if (d := _agree(p))}
    assert not disagree, f"{len(disagree)} of {len(pdfs)} letters differ: {disagree}"
