"""Shared fixtures: where the repo's own corpus and the shared real corpus are."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared"
SHARED_CORPUS = SHARED / "corpus"
SEED = SHARED_CORPUS / "seed"
FOCUSED = SHARED_CORPUS / "focused-visits"
SCORER = SHARED / "eval" / "score.py"


def need(path: Path) -> Path:
    """Skip the test (with the reason) when a shared resource is absent."""
    if not path.exists():
        pytest.skip(f"{path} is not here (the shared corpus sits beside the clone in CI)")
    return path


def expected_letters(family: str) -> list[Path]:
    return sorted((CORPUS / family).glob("*.txt"))


def load_expected(letter: Path) -> dict:
    return json.loads(letter.with_suffix(".expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def scorer():
    """The shared gold scorer, imported from ../shared/eval/score.py."""
    import importlib.util

    need(SCORER)
    spec = importlib.util.spec_from_file_location("gold_score", SCORER)
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


# -- shared letters and cached parses ---------------------------------------------------------
# Parsing a PDF takes a fraction of a second; several modules read the same letters, so each
# file is loaded and parsed once per session (``parse(path)`` is ``parse_document(load(path))``).

import functools  # noqa: E402

import inspection_parse as ip  # noqa: E402

PDF_LETTERS = sorted((CORPUS / "pdf").glob("*.pdf"))
TEXT_LETTERS = expected_letters("cafcass_pim") + expected_letters("la_focused_visit")


def text_twin(pdf: Path) -> Path:
    """The corpus text letter a corpus PDF was rendered from."""
    (twin,) = [p for p in TEXT_LETTERS if p.stem == pdf.stem]
    return twin


def focused_gold_pdfs(limit: int | None = None) -> list[Path]:
    """Real focused-visit PDFs that have gold, in name order; a placeholder path when the shared
    corpus is absent, so that tests parametrised over them skip (via ``need``) instead of
    vanishing."""
    golds = sorted(FOCUSED.glob("*.gold.json")) if FOCUSED.exists() else []
    pdfs = [g.with_name(g.name.removesuffix(".gold.json") + ".pdf") for g in golds]
    return pdfs[:limit] if pdfs else [FOCUSED / "absent.pdf"]


@functools.cache
def document(path: Path) -> ip.Document:
    """The loaded Document of ``path`` (cached for the session)."""
    return ip.load(path)


@functools.cache
def record(path: Path) -> ip.Letter:
    """The parsed record of ``path`` (cached for the session)."""
    return ip.parse_document(document(path))
