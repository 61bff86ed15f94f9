"""The letters several test modules read, each loaded and parsed once per session.

Parsing a PDF takes a fraction of a second and many modules read the same letters, so
:func:`document` and :func:`record` cache by path (``parse(path)`` is
``parse_document(load(path))``, so a cached record is what ``parse`` gives).
"""

from __future__ import annotations

import functools
from pathlib import Path

import inspection_parse as ip
from conftest import CORPUS, FOCUSED, expected_letters

PDF_LETTERS = sorted((CORPUS / "pdf").glob("*.pdf"))
TEXT_LETTERS = (expected_letters("cafcass_pim") + expected_letters("la_focused_visit")
                + expected_letters("la_monitoring_visit") + expected_letters("school_monitoring")
    + expected_letters("fe_monitoring") + expected_letters("la_jtai"))


def text_twin(pdf: Path) -> Path:
    """The corpus text letter a corpus PDF was rendered from."""
    (twin,) = [p for p in TEXT_LETTERS if p.stem == pdf.stem]
    return twin


def focused_gold_pdfs(limit: int | None = None) -> list[Path]:
    """Real focused-visit PDFs that have gold, in name order.

    When the shared corpus is absent this is one path that is not there, so tests parametrised
    over it skip with a reason (through ``need``) instead of silently collecting nothing: the
    reason names the missing corpus folder, or, where the folder is here, the missing gold.
    """
    golds = sorted(FOCUSED.glob("*.gold.json")) if FOCUSED.exists() else []
    pdfs = [g.with_name(g.name.removesuffix(".gold.json") + ".pdf") for g in golds]
    return pdfs[:limit] if pdfs else [FOCUSED / NO_GOLD]


# what focused_gold_pdfs gives where no focused-visit letter has gold
NO_GOLD = "focused-visit letter with gold (NAME.pdf beside NAME.gold.json).pdf"


@functools.cache
def document(path: Path) -> ip.Document:
    """The loaded Document of ``path``."""
    return ip.load(path)


@functools.cache
def record(path: Path) -> ip.Letter:
    """The parsed record of ``path``."""
    return ip.parse_document(document(path))
