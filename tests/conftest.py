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
        pytest.skip(missing(path))
    return path


def missing(path: Path) -> str:
    """Why ``path`` is not here, naming what is missing: the outermost absent folder (the
    shared corpus folder, say), or the file itself where its folder is here."""
    gone = path
    while not gone.parent.exists() and gone.parent != gone:
        gone = gone.parent
    where = ("shared corpus " if gone.is_relative_to(SHARED_CORPUS) and gone != SHARED_CORPUS
             else "shared " if gone.is_relative_to(SHARED) else "")
    kind = "file" if gone == path and path.suffix else "folder"
    if gone == path and kind == "file":
        return f"the {where}file {gone.name} is not in {gone.parent}"
    return (f"the {where}{kind} {gone} is not here"
            + (" (the shared material sits beside the clone, as ../shared)" if where else ""))


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

