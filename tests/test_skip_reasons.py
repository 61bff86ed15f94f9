"""Skip reasons name what is missing (the shared corpus folder, a file), never a placeholder."""

from __future__ import annotations

from pathlib import Path

import pytest

import conftest
from conftest import FOCUSED, need
from letters import NO_GOLD


def reason(path: Path) -> str:
    with pytest.raises(pytest.skip.Exception) as info:
        need(path)
    return str(info.value.msg)


def test_a_missing_folder_is_named(tmp_path: Path) -> None:
    assert reason(tmp_path / "corpus" / "letters" / "x.pdf") == (
        f"the folder {tmp_path / 'corpus'} is not here")


def test_a_missing_file_in_a_folder_that_is_here_is_named(tmp_path: Path) -> None:
    assert reason(tmp_path / "x.pdf") == f"the file x.pdf is not in {tmp_path}"


def test_the_shared_corpus_folder_is_named(tmp_path: Path, monkeypatch) -> None:
    shared = tmp_path / "shared"
    (shared / "corpus").mkdir(parents=True)
    monkeypatch.setattr(conftest, "SHARED", shared)
    monkeypatch.setattr(conftest, "SHARED_CORPUS", shared / "corpus")
    focused = shared / "corpus" / "focused-visits"
    assert reason(focused / NO_GOLD) == (
        f"the shared corpus folder {focused} is not here (the shared material sits beside "
        "the clone, as ../shared)")
    focused.mkdir()
    text = reason(focused / NO_GOLD)
    assert text.startswith("the shared corpus file focused-visit letter with gold")
    assert "absent" not in text


def test_present_paths_pass() -> None:
    assert need(Path(__file__)) == Path(__file__)
    if FOCUSED.exists():
        assert need(FOCUSED) == FOCUSED
