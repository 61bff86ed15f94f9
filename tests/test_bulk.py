"""Bulk conversion: inputs, the worker pool, failures, resume, crash safety, zip limits."""

from __future__ import annotations

import io
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

import inspection_parse as ip
from conftest import CORPUS
from inspection_parse import bulk
from inspection_parse.bulk import (
    ArchiveLimits,
    InputItem,
    Options,
    convert,
    iter_inputs,
    parse_many,
    read_item,
    run_pool,
)
from inspection_parse.cli import main

TEXTS = sorted((CORPUS / "cafcass_pim").glob("*.txt")) + sorted(
    (CORPUS / "la_focused_visit").glob("*.txt"))


def _letters(tmp_path: Path, copies: int = 1) -> Path:
    """A folder of text letters (``copies`` of each corpus letter under new names)."""
    folder = tmp_path / "letters"
    folder.mkdir()
    for n in range(copies):
        for src in TEXTS:
            shutil.copy(src, folder / f"{src.stem}-{n}.txt")
    return folder


def _records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_inputs_expand_folders_globs_and_zips(tmp_path: Path) -> None:
    folder = _letters(tmp_path)
    (folder / "notes.docx").write_bytes(b"PK\x03\x04 not a letter")
    archive = tmp_path / "a.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(TEXTS[0], "inner/one.txt")
        zf.writestr("inner/readme.bin", b"\x00\x01")
    problems: list = []
    items = list(iter_inputs([folder, str(tmp_path / "letters" / "*-0.txt"), archive,
                              tmp_path / "missing.pdf"], problems=problems))
    keys = [i.key for i in items]
    assert len(keys) == len(set(keys)) == len(TEXTS) + 1          # glob repeats are not doubled
    assert f"{archive}!inner/one.txt" in keys                      # zip members by name
    assert not any(k.endswith((".docx", ".bin")) for k in keys)  # folders take letters only
    assert [p.error.code for p in problems] == ["IP-E001"]


def test_parse_many_yields_letters_and_typed_errors(tmp_path: Path) -> None:
    folder = _letters(tmp_path)
    (folder / "empty.txt").write_bytes(b"")
    results = list(parse_many([folder], workers=2))
    assert len(results) == len(TEXTS) + 1
    bad = [r for r in results if not r.ok]
    assert [(r.error.code, Path(r.input).name) for r in bad] == [("IP-E002", "empty.txt")]
    assert all(r.letter.family in ("cafcass_pim", "la_focused_visit") for r in results if r.ok)
    # the same records as parsing one by one
    one = {r.input: ip.to_json(r.letter) for r in results if r.ok}
    path = str(folder / f"{TEXTS[0].stem}-0.txt")
    assert one[path] == ip.to_json(ip.parse(path))


def test_in_process_and_pool_give_the_same_records(tmp_path: Path) -> None:
    folder = _letters(tmp_path)
    a = {r.input: ip.to_json(r.letter) for r in parse_many([folder], workers=0)}
    b = {r.input: ip.to_json(r.letter) for r in parse_many([folder], workers=2)}
    assert a == b


def test_a_file_that_hangs_is_stopped_and_the_run_goes_on(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _letters(tmp_path)
    (folder / "stuck.txt").write_text("a letter the parser never finishes", encoding="utf-8")
    real = bulk.parse_bytes

    def hangs(data: bytes, **kwargs: object) -> ip.Letter:
        if str(kwargs["name"]).endswith("stuck.txt"):
            time.sleep(600)
        return real(data, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(bulk, "parse_bytes", hangs)     # the forked workers inherit it
    started = time.monotonic()
    results = list(parse_many([folder], workers=2, timeout=2))
    assert time.monotonic() - started < 30
    stuck = [r for r in results if r.input.endswith("stuck.txt")]
    assert [r.error.code for r in stuck] == ["IP-E011"]
    assert sum(r.ok for r in results) == len(TEXTS)


def test_a_worker_out_of_memory_marks_only_its_file(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text(TEXTS[0].read_text(encoding="utf-8") * 200, encoding="utf-8")
    small = tmp_path / "small.txt"
    shutil.copy(TEXTS[0], small)
    options = Options(max_memory_mb=300)
    items = [InputItem(str(big), str(big)), InputItem(str(small), str(small))]
    results = {Path(r.input).name: r for r in run_pool(items, options, workers=1, timeout=60)}
    assert results["small.txt"].ok
    big_result = results["big.txt"]
    # Either it fits after all, or the worker failed with a typed error: never a lost run.
    assert big_result.ok or big_result.error.code in ("IP-E012", "IP-E009")


def test_convert_writes_records_manifest_and_resumes(tmp_path: Path) -> None:
    folder = _letters(tmp_path)
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4\n garbage")
    out = tmp_path / "out.jsonl"
    first = convert([folder], out, workers=2)
    assert (first.converted, first.failed, first.skipped) == (len(TEXTS), 1, 0)
    assert first.exit_code == 1
    manifest = _records(tmp_path / "out.manifest.jsonl")
    assert {m["status"] for m in manifest} == {"ok", "error"}
    assert {"input", "sha256", "status", "error_code", "error_message", "pages", "ms",
            "parser_version"} <= set(manifest[0])
    broken = next(m for m in manifest if m["input"].endswith("broken.pdf"))
    assert broken["error_code"] == "IP-E006"
    # again: nothing redone, nothing duplicated
    second = convert([folder], out, workers=2)
    assert (second.converted, second.skipped) == (0, len(TEXTS))
    assert len(_records(out)) == len(TEXTS)
    # a changed file is redone and replaces its old record
    changed = folder / f"{TEXTS[0].stem}-0.txt"
    changed.write_text(changed.read_text(encoding="utf-8").replace("Dear", "Dear  "),
                       encoding="utf-8")
    third = convert([folder], out, workers=2)
    assert third.converted == 1
    keys = [r["source"]["path"] for r in _records(out)]
    assert len(keys) == len(set(keys)) == len(TEXTS)
    # --force redoes everything, still once each
    forced = convert([folder], out, workers=2, force=True)
    assert forced.converted == len(TEXTS)
    assert len(_records(out)) == len(TEXTS)
    assert len(_records(tmp_path / "out.manifest.jsonl")) == len(TEXTS) + 1


def _kill_script(folder: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "inspection_parse.cli", "convert", str(folder), "-o", str(out),
            "--workers", "2"]


def _lines(path: Path) -> int:
    try:
        with open(path, "rb") as fh:
            return fh.read().count(b"\n")
    except FileNotFoundError:
        return 0


def _session(sid: int) -> list[str]:
    """The processes of a session (the run and its workers) that are still alive."""
    found = subprocess.run(["pgrep", "-s", str(sid)], capture_output=True, text=True)
    return found.stdout.split()


@pytest.mark.skipif(shutil.which("pgrep") is None, reason="pgrep is not installed here")
def test_sigkill_at_any_point_then_rerun_gives_every_letter_exactly_once(tmp_path: Path) -> None:
    folder = _letters(tmp_path, copies=4)
    expected = {str(p) for p in folder.iterdir()}
    out = tmp_path / "out.jsonl"
    rng = random.Random(7)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    kills = 0
    for _attempt in range(40):
        before = _lines(out)
        # kill after a random number of new records (mid-run), or at a random early moment
        # (start-up, repair, the first writes)
        grow = rng.randint(1, 12)
        early = rng.random() < 0.25
        deadline = time.monotonic() + (rng.uniform(0.05, 0.6) if early else 120)
        proc = subprocess.Popen(_kill_script(folder, out), stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, env=env, start_new_session=True)
        while proc.poll() is None and time.monotonic() < deadline and (
                _lines(out) - before < grow):
            time.sleep(0.005)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)     # the main process alone, mid-write
            kills += 1
        proc.wait()
        # its two workers notice and exit: nothing of the run is left
        gone_by = time.monotonic() + 10
        while _session(proc.pid) and time.monotonic() < gone_by:
            time.sleep(0.02)
        assert _session(proc.pid) == [], "workers outlived the killed run"
        if proc.returncode == 0:
            break
    assert kills >= 3
    final = subprocess.run(_kill_script(folder, out), capture_output=True, text=True, env=env,
                           timeout=300)
    assert final.returncode == 0, final.stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]          # no torn line
    keys = [r["source"]["path"] for r in records]
    assert len(keys) == len(set(keys))                       # none duplicated
    assert set(keys) == expected                             # none lost
    assert keys == sorted(keys)                              # in input order (a sorted folder)


def test_zip_bomb_is_refused_and_the_rest_converted(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("huge.txt", b"\0" * 60_000_000)          # 60 MB of zeros, ~60 KB packed
        zf.write(TEXTS[0], "fine.txt")
    results = {r.input.rsplit("!", 1)[-1]: r for r in parse_many([bomb], workers=0)}
    assert results["fine.txt"].ok
    assert results["huge.txt"].error.code == "IP-E013"
    # too many members, and too much in all, refuse the whole archive up front
    many = tmp_path / "many.zip"
    with zipfile.ZipFile(many, "w") as zf:
        for n in range(30):
            zf.writestr(f"{n}.txt", "x")
    problems: list = []
    assert list(iter_inputs([many], archive=ArchiveLimits(max_members=10),
                            problems=problems)) == []
    assert problems[0].error.code == "IP-E013"
    problems = []
    assert list(iter_inputs([bomb], archive=ArchiveLimits(max_total_bytes=1_000_000),
                            problems=problems)) == []
    assert "zip bomb" in problems[0].error.message


def test_zip_member_that_lies_about_its_size_is_capped(tmp_path: Path) -> None:
    archive = tmp_path / "a.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("letter.txt", b"a" * 5000)
    item = InputItem(f"{archive}!letter.txt", str(archive), "letter.txt")
    tiny = Options(limits=ip.Limits(max_bytes=1000))
    with pytest.raises(ip.ArchiveError):
        read_item(item, tiny)


def test_convert_to_parquet_tables_that_join(tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    folder = _letters(tmp_path)
    out = tmp_path / "tables"
    summary = convert([folder], out, fmt="parquet", workers=2)
    assert summary.exit_code == 0
    letters = pd.read_parquet(out / "letters.parquet")
    areas = pd.read_parquet(out / "areas.parquet")
    sections = pd.read_parquet(out / "sections.parquet")
    assert len(letters) == len(TEXTS)
    assert set(areas["letter_id"]) <= set(letters["letter_id"])
    assert set(sections["letter_id"]) == set(letters["letter_id"])
    joined = areas.merge(letters[["letter_id", "family"]], on="letter_id")
    assert len(joined) == len(areas) > 0
    assert str(letters["letter_date"].dtype).startswith("date32")


def test_to_frames_has_stable_typed_columns() -> None:
    pytest.importorskip("pandas")
    from inspection_parse.tables import AREA_COLUMNS, LETTER_COLUMNS, to_frames

    empty = to_frames([])
    full = to_frames([ip.parse(p) for p in TEXTS[:3]])
    for name in ("letters", "areas", "sections"):
        assert list(empty[name].columns) == list(full[name].columns)
        assert list(empty[name].dtypes) == list(full[name].dtypes)
    assert [c for c, _ in LETTER_COLUMNS] == list(full["letters"].columns)
    assert [c for c, _ in AREA_COLUMNS] == list(full["areas"].columns)
    assert str(full["areas"]["deadline_due"].dtype).startswith("date32")
    assert str(full["areas"]["number"].dtype) == "Int64"


def test_cli_convert_exit_codes_and_summary(tmp_path: Path) -> None:
    folder = _letters(tmp_path)
    out, err = io.StringIO(), io.StringIO()
    assert main(["convert", str(folder), "-o", str(tmp_path / "o.jsonl"), "--workers", "1"],
                stdout=out, stderr=err) == 0
    assert f"{len(TEXTS)} converted" in err.getvalue()
    (folder / "empty.txt").write_bytes(b"")
    err = io.StringIO()
    assert main(["convert", str(folder), "-o", str(tmp_path / "o.jsonl"), "--workers", "1"],
                stdout=out, stderr=err) == 1
    assert "1 failed" in err.getvalue()
    assert "Traceback" not in err.getvalue()
    # usage errors
    assert main(["convert", str(folder), "-o", str(tmp_path / "o.txt")],
                stdout=out, stderr=io.StringIO()) == 2
    assert main(["convert", str(folder)], stdout=out, stderr=io.StringIO()) == 2
    assert main(["convert", str(folder), "-o", str(tmp_path / "x.jsonl"), "--workers", "-1"],
                stdout=out, stderr=io.StringIO()) == 2


def test_manifest_warnings_are_the_list_of_codes(tmp_path: Path) -> None:
    folder = _letters(tmp_path)
    convert([folder], tmp_path / "o.jsonl", workers=0)
    manifest = {m["input"]: m for m in _records(tmp_path / "o.manifest.jsonl")}
    for record in _records(tmp_path / "o.jsonl"):
        line = manifest[record["source"]["path"]]
        assert line["warnings"] == [w["code"] for w in record["warnings"]]
    assert any(m["warnings"] for m in manifest.values())


def test_convert_names_up_to_ten_failed_inputs_and_where_the_rest_are(tmp_path: Path) -> None:
    folder = _letters(tmp_path)
    for n in range(12):
        (folder / f"empty-{n:02}.txt").write_bytes(b"")
    err = io.StringIO()
    assert main(["convert", str(folder), "-o", str(tmp_path / "o.jsonl"), "--workers", "0"],
                stdout=io.StringIO(), stderr=err) == 1
    failed = [line for line in err.getvalue().splitlines() if line.startswith("failed: ")]
    assert len(failed) == 10
    assert failed[0].startswith(f"failed: {folder / 'empty-00.txt'}: ")
    assert all(line.endswith("[IP-E002]") for line in failed)
    assert "and 2 more failed inputs" in err.getvalue()
    assert str(tmp_path / "o.manifest.jsonl") in err.getvalue().splitlines()[-1]


def test_records_come_in_input_order_and_resume_keeps_it(tmp_path: Path) -> None:
    folder = _letters(tmp_path)
    out = tmp_path / "o.jsonl"
    inputs = [str(p) for p in reversed(sorted(folder.iterdir()))]    # an order of our own
    convert(inputs, out, workers=2)
    assert [r["source"]["path"] for r in _records(out)] == inputs
    manifest = [m["input"] for m in _records(tmp_path / "o.manifest.jsonl")]
    assert manifest == inputs
    # lose some records (as a killed run would), then resume: the same order again
    lines = out.read_text(encoding="utf-8").splitlines(keepends=True)
    out.write_text("".join(lines[::2]), encoding="utf-8")
    again = convert(inputs, out, workers=2)
    assert again.converted == len(lines) // 2
    assert [r["source"]["path"] for r in _records(out)] == inputs


@pytest.mark.parametrize("argv", [
    ["-o", "t.jsonl", "--format", "parquet"],
    ["-o", "t.csv", "--format", "csv"],
    ["-o", "tables", "--format", "jsonl"],
    ["-o", "t.jsonl", "--scheduler", "tcp://localhost:8786"],
])
def test_output_usage_mistakes_are_usage_errors(tmp_path: Path, argv: list[str]) -> None:
    err = io.StringIO()
    target = [str(tmp_path / a) if a in ("t.jsonl", "t.csv", "tables") else a for a in argv]
    assert main(["convert", str(TEXTS[0]), *target], stdout=io.StringIO(), stderr=err) == 2
    assert err.getvalue().count("\n") == 1 and "Traceback" not in err.getvalue()
    assert list(tmp_path.iterdir()) == []          # no folder called t.jsonl, nothing at all
