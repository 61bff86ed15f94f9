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

