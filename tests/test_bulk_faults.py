"""Bulk conversion under faults, through the real command line: concurrent runs, killed runs,
odd file names, FIFOs and devices, limits, zip archives, and outputs that cannot be written.

One test (or a few) per finding of issue 16, each driving ``inspection-parse`` in a
subprocess with real signals, a real FIFO, a real socket and, where the machine allows a
mount, a small tmpfs that fills up (else a simulated ENOSPC). Inputs are small and every
wait is bounded, so the file runs in well under a minute.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
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
    output_lock,
    parse_many,
    read_item,
    run_pool,
)
from inspection_parse.errors import OutputLockedError
from inspection_parse.limits import read_bounded

TEXTS = sorted((CORPUS / "cafcass_pim").glob("*.txt"))[:4]
PDF = CORPUS / "pdf" / "cafcass-pim-kent-2011.pdf"
ENV = {**os.environ, "PYTHONUNBUFFERED": "1"}


def cli(*args: str | os.PathLike[str], cwd: Path | None = None, timeout: float = 120,
        **kwargs: object) -> subprocess.CompletedProcess[str]:
    streams = kwargs or {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE}
    return subprocess.run([sys.executable, "-m", "inspection_parse.cli", *map(str, args)],
                          text=True, env=ENV, cwd=cwd, timeout=timeout,
                          **streams)  # type: ignore[call-overload]


def letters(tmp_path: Path, n: int = 4, name: str = "letters") -> Path:
    folder = tmp_path / name
    folder.mkdir()
    for k in range(n):
        src = TEXTS[k % len(TEXTS)]
        shutil.copy(src, folder / f"{src.stem}-{k}.txt")
    return folder


def records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_bytes().splitlines()]


def keys(path: Path) -> list[str]:
    return [r["source"]["path"] for r in records(path)]


def one_clear_line(stderr: str) -> None:
    assert "Traceback" not in stderr, stderr
    assert len(stderr.strip().splitlines()) == 1, stderr


# -- one run per output ----------------------------------------------------------------------


def test_a_second_run_on_a_locked_output_stops_at_once_with_exit_2(tmp_path: Path) -> None:
    folder = letters(tmp_path)
    out = tmp_path / "out.jsonl"
    with output_lock(out):                       # another run holds the output
        started = time.monotonic()
        run = cli("convert", folder, "-o", out, "--workers", "0")
        assert time.monotonic() - started < 30
    assert run.returncode == 2, run.stderr
    one_clear_line(run.stderr)
    assert "another run" in run.stderr and "[IP-E016]" in run.stderr
    assert not out.exists()                       # it wrote nothing
    with pytest.raises(OutputLockedError), output_lock(out), output_lock(out):
        pass


def test_two_runs_at_once_never_record_a_letter_twice(tmp_path: Path) -> None:
    folder = letters(tmp_path, 8)
    out = tmp_path / "out.jsonl"
    argv = [sys.executable, "-m", "inspection_parse.cli", "convert", str(folder), "-o",
            str(out), "--workers", "1"]
    runs = [subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env=ENV) for _ in range(2)]
    codes = sorted(p.wait(timeout=120) for p in runs)
    for p in runs:
        assert "Traceback" not in p.stderr.read()  # type: ignore[union-attr]
        p.stderr.close()  # type: ignore[union-attr]
        p.stdout.close()  # type: ignore[union-attr]
    assert codes in ([0, 0], [0, 2])              # the second waits its turn or is refused
    got = keys(out)
    assert len(got) == len(set(got)) == 8


def test_a_lock_left_by_a_killed_run_never_blocks(tmp_path: Path) -> None:
    folder = letters(tmp_path, 8)
    out = tmp_path / "out.jsonl"
    proc = subprocess.Popen([sys.executable, "-m", "inspection_parse.cli", "convert",
                             str(folder), "-o", str(out), "--workers", "1"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV,
                            start_new_session=True)
    lock = tmp_path / "out.jsonl.lock"
    deadline = time.monotonic() + 60
    while not (lock.exists() and lock.read_text().strip()) and time.monotonic() < deadline:
        time.sleep(0.01)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert lock.exists()                          # the file stays; the lock went with the run
    run = cli("convert", folder, "-o", out, "--workers", "0")
    assert run.returncode == 0, run.stderr
    assert sorted(keys(out)) == sorted(str(p) for p in folder.iterdir())


# -- workers die with their parent ------------------------------------------------------------


def pdfs(tmp_path: Path, n: int) -> Path:
    """A folder of ``n`` copies of a PDF letter: slow enough (a few hundred ms each) that a
    run is still going when a test kills it."""
    folder = tmp_path / "pdfs"
    folder.mkdir()
    for k in range(n):
        shutil.copy(PDF, folder / f"letter-{k:02}.pdf")
    return folder


def _session(sid: int) -> list[str]:
    found = subprocess.run(["pgrep", "-s", str(sid)], capture_output=True, text=True)
    return found.stdout.split()


def _gone(sid: int, within: float = 10.0) -> bool:
    deadline = time.monotonic() + within
    while _session(sid) and time.monotonic() < deadline:
        time.sleep(0.05)
    return not _session(sid)


@pytest.mark.skipif(shutil.which("pgrep") is None, reason="pgrep is not installed here")
def test_workers_exit_when_the_main_process_is_killed(tmp_path: Path) -> None:
    folder = pdfs(tmp_path, 40)
    out = tmp_path / "out.jsonl"
    proc = subprocess.Popen([sys.executable, "-m", "inspection_parse.cli", "convert",
                             str(folder), "-o", str(out), "--workers", "2"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV,
                            start_new_session=True)
    deadline = time.monotonic() + 60
    while len(_session(proc.pid)) < 3 and time.monotonic() < deadline:    # main + 2 workers
        time.sleep(0.01)
    assert len(_session(proc.pid)) >= 3
    os.kill(proc.pid, signal.SIGKILL)             # the main process only, not its group
    proc.wait()
    assert _gone(proc.pid), f"workers left behind: {_session(proc.pid)}"


def test_sigterm_stops_the_run_and_its_workers(tmp_path: Path) -> None:
    folder = pdfs(tmp_path, 40)
    out = tmp_path / "out.jsonl"
    proc = subprocess.Popen([sys.executable, "-m", "inspection_parse.cli", "convert",
                             str(folder), "-o", str(out), "--workers", "2"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            env=ENV, start_new_session=True)
    deadline = time.monotonic() + 60
    while len(_session(proc.pid)) < 3 and time.monotonic() < deadline:
        time.sleep(0.01)
    os.kill(proc.pid, signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode in (130, 0), err
    assert "Traceback" not in err
    assert _gone(proc.pid)


# -- names and identities ---------------------------------------------------------------------


def test_a_file_name_that_is_not_utf8_is_carried_losslessly(tmp_path: Path) -> None:
    folder = letters(tmp_path, 2)
    raw = os.fsencode(folder) + b"/caf\xe9-latin1.txt"     # not UTF-8
    with open(raw, "wb") as fh:
        fh.write(TEXTS[0].read_bytes())
    out = tmp_path / "out.jsonl"
    run = cli("convert", folder, "-o", out, "--workers", "1")
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    named = [k for k in keys(out) if "latin1" in k]
    assert [os.fsencode(k) for k in named] == [raw]           # the same bytes, back
    manifest = records(tmp_path / "out.manifest.jsonl")
    assert [os.fsencode(m["input"]) for m in manifest if "latin1" in m["input"]] == [raw]
    rerun = cli("convert", folder, "-o", out, "--workers", "1")
    assert rerun.returncode == 0 and "0 converted, 3 skipped" in rerun.stderr, rerun.stderr
    # parse prints it too, as JSON that reads back to the same name
    single = cli("parse", os.fsdecode(raw))
    assert single.returncode == 0, single.stderr
    assert os.fsencode(json.loads(single.stdout)["source"]["path"]) == raw


def test_tables_hold_a_name_that_is_not_utf8(tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    folder = tmp_path / "in"
    folder.mkdir()
    raw = os.fsencode(folder) + b"/caf\xe9.txt"
    with open(raw, "wb") as fh:
        fh.write(TEXTS[0].read_bytes())
    run = cli("convert", folder, "-o", tmp_path / "tables", "--format", "parquet",
              "--workers", "0")
    assert run.returncode == 0, run.stderr
    (path,) = pd.read_parquet(tmp_path / "tables" / "letters.parquet")["path"]
    assert path == os.fsdecode(folder) + "/caf\\udce9.txt"        # the JSON escape, as text


def test_a_name_that_cannot_be_represented_is_a_failed_input(tmp_path: Path) -> None:
    problems: list = []
    items = list(iter_inputs([str(tmp_path / "odd\ud800.txt"), TEXTS[0]], problems=problems))
    assert [i.key for i in items] == [str(TEXTS[0].resolve())]
    assert [p.error.code for p in problems] == ["IP-E001"]
    assert "cannot be represented" in problems[0].error.message


def test_one_folder_named_two_ways_is_converted_once(tmp_path: Path) -> None:
    folder = letters(tmp_path, 3)
    out = tmp_path / "out.jsonl"
    first = cli("convert", "letters", "./letters/", folder, "-o", "out.jsonl", "--workers", "0",
                cwd=tmp_path)
    assert first.returncode == 0 and "3 converted" in first.stderr, first.stderr
    again = cli("convert", folder, "-o", out, "--workers", "0")
    assert again.returncode == 0 and "0 converted, 3 skipped" in again.stderr, again.stderr
    got = keys(out)
    assert len(got) == len(set(got)) == 3
    assert all(os.path.isabs(k) for k in got)


# -- only regular files, bounded reads, timeouts and limits ------------------------------------


def test_a_fifo_is_refused_up_front_by_parse_parse_many_and_convert(tmp_path: Path) -> None:
    folder = letters(tmp_path, 2)
    fifo = folder / "stuck.txt"
    os.mkfifo(fifo)                               # reading it would block for ever
    single = cli("parse", fifo, timeout=30)
    assert single.returncode == 1 and "named pipe" in single.stderr, single.stderr
    assert "[IP-E001]" in single.stderr
    started = time.monotonic()
    results = {Path(r.input).name: r for r in parse_many([folder], workers=0, timeout=None)}
    assert time.monotonic() - started < 20
    assert results["stuck.txt"].error.code == "IP-E001"
    out = tmp_path / "out.jsonl"
    run = cli("convert", folder, "-o", out, "--workers", "1", "--timeout", "none", timeout=60)
    assert run.returncode == 1, run.stderr
    assert "stuck.txt" in run.stderr and "[IP-E001]" in run.stderr
    (line,) = [m for m in records(tmp_path / "out.manifest.jsonl") if m["status"] == "error"]
    assert line["error_code"] == "IP-E001"


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_device_is_refused_not_read_until_memory_runs_out(device: str) -> None:
    if not os.path.exists(device):
        pytest.skip(f"{device} is not on this machine")
    run = cli("parse", device, timeout=30)
    assert run.returncode == 1 and "device" in run.stderr and "[IP-E001]" in run.stderr


def test_a_socket_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "letter.txt"
    with socket.socket(socket.AF_UNIX) as sock:
        sock.bind(str(path))
        with pytest.raises(ip.InputNotFoundError, match=r"socket|cannot be read"):
            ip.parse(path)
        problems: list = []
        assert list(iter_inputs([path], problems=problems)) == []
        assert "socket" in problems[0].error.message


def test_reading_is_bounded_before_anything_is_buffered(tmp_path: Path) -> None:
    sparse = tmp_path / "huge.txt"
    with open(sparse, "wb") as fh:
        fh.truncate(20_000_000_000)             # 20 GB that take no disk and no memory
    started = time.monotonic()
    with pytest.raises(ip.TooLargeError):
        read_bounded(sparse, 1000)
    with pytest.raises(ip.TooLargeError):
        ip.parse(sparse)
    assert time.monotonic() - started < 5


def test_timeout_applies_with_no_workers(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    run = cli("convert", PDF, TEXTS[0], "-o", out, "--workers", "0", "--timeout", "0.001")
    assert run.returncode == 1, run.stderr
    manifest = {Path(m["input"]).name: m for m in records(tmp_path / "out.manifest.jsonl")}
    assert manifest[PDF.name]["error_code"] == "IP-E011"
    ok = cli("convert", PDF, "-o", tmp_path / "ok.jsonl", "--workers", "0", "--timeout", "60")
    assert ok.returncode == 0, ok.stderr


@pytest.mark.parametrize("option,value", [
    ("--timeout", "0"), ("--timeout", "-1"), ("--timeout", "nan"), ("--timeout", "inf"),
    ("--max-memory", "0"), ("--max-memory", "-5"), ("--max-bytes", "0"), ("--max-pages", "-1"),
    ("--max-bytes", "lots"),
])
def test_a_limit_that_would_switch_itself_off_is_a_usage_error(
        tmp_path: Path, option: str, value: str) -> None:
    run = cli("convert", TEXTS[0], "-o", tmp_path / "o.jsonl", f"{option}={value}")
    assert run.returncode == 2, run.stderr
    assert "positive" in run.stderr or "not a" in run.stderr
    assert "Traceback" not in run.stderr
    assert not (tmp_path / "o.jsonl").exists()


def test_none_turns_a_limit_off_explicitly(tmp_path: Path) -> None:
    run = cli("convert", TEXTS[0], "-o", tmp_path / "o.jsonl", "--timeout", "none",
              "--max-bytes", "none", "--max-memory", "none", "--workers", "0")
    assert run.returncode == 0, run.stderr
    assert ip.Limits(max_bytes=None).max_bytes is None
    for bad in (0, -1, 1.5, True):
        with pytest.raises(ValueError):
            ip.Limits(max_bytes=bad)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        list(parse_many([TEXTS[0]], workers=0, timeout=float("nan")))


# -- zip archives -----------------------------------------------------------------------------


def test_a_zip_is_opened_once_per_process_not_once_per_member(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    archive = tmp_path / "a.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for n in range(40):
            zf.write(TEXTS[n % len(TEXTS)], f"letters/{n:03}.txt")
    opened = []
    real = zipfile.ZipFile.__init__

    def counting(self: zipfile.ZipFile, file: object, *args: object, **kwargs: object) -> None:
        if not hasattr(file, "read"):
            opened.append(file)
        real(self, file, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(zipfile.ZipFile, "__init__", counting)
    summary = convert([archive], tmp_path / "out.jsonl", workers=0)
    assert summary.converted == 40
    assert len(opened) <= 2                       # listed once, read through one handle


def test_every_member_has_its_ratio_checked_and_the_message_is_not_wrapped_twice(
        tmp_path: Path) -> None:
    archive = tmp_path / "a.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("small-bomb.txt", b"\0" * 300_000)   # 300 KB to ~300 bytes: 1000 to 1
        zf.write(TEXTS[0], "fine.txt")
    results = {r.input.rsplit("!", 1)[-1]: r for r in parse_many([archive], workers=0)}
    assert results["fine.txt"].ok
    bomb = results["small-bomb.txt"].error
    assert bomb.code == "IP-E013" and "zip bomb" in bomb.message
    assert "damaged" not in bomb.message and "ArchiveError" not in bomb.message
    item = InputItem(f"{archive}!small-bomb.txt", str(archive), "small-bomb.txt", (0,))
    with pytest.raises(ip.ArchiveError) as caught:
        read_item(item, Options())
    assert str(caught.value).count("[IP-E013]") == 1


def test_nested_zips_are_read_to_a_depth_and_deeper_ones_recorded(tmp_path: Path) -> None:
    def zipped(files: dict[str, bytes]) -> bytes:
        buf = __import__("io").BytesIO()
        with zipfile.ZipFile(buf, "w") as zf:
            for name, data in files.items():
                zf.writestr(name, data)
        return buf.getvalue()

    letter = TEXTS[0].read_bytes()
    deepest = zipped({"deep.txt": letter})
    inner = zipped({"inner.txt": letter, "deeper.zip": deepest})
    outer = tmp_path / "outer.zip"
    outer.write_bytes(zipped({"top.txt": letter, "inner.zip": inner}))
    out = tmp_path / "out.jsonl"
    summary = convert([outer], out, workers=0,
                      options=Options(archive=ArchiveLimits(max_depth=2)))
    real = os.path.realpath(outer)
    assert sorted(keys(out)) == [f"{real}!inner.zip!inner.txt", f"{real}!top.txt"]
    manifest = {m["input"]: m for m in records(tmp_path / "out.manifest.jsonl")}
    deeper = manifest[f"{real}!inner.zip!deeper.zip"]
    assert deeper["status"] == "error" and deeper["error_code"] == "IP-E013"
    assert "levels deep" in deeper["error_message"]
    assert summary.failed == 1
    # with the default depth the deepest letter is read too
    full = convert([outer], tmp_path / "full.jsonl", workers=0)
    assert full.converted == 3 and full.failed == 0


def test_two_members_of_one_name_are_both_kept(tmp_path: Path) -> None:
    archive = tmp_path / "dup.zip"
    with zipfile.ZipFile(archive, "w") as zf, pytest.warns(UserWarning, match="Duplicate"):
        zf.writestr("same.txt", TEXTS[0].read_bytes())
        zf.writestr("same.txt", TEXTS[1].read_bytes())
    out = tmp_path / "out.jsonl"
    run = cli("convert", archive, "-o", out, "--workers", "0")
    assert run.returncode == 0, run.stderr
    real = os.path.realpath(archive)
    assert keys(out) == [f"{real}!same.txt[0]", f"{real}!same.txt[1]"]
    assert len({r["source"]["sha256"] for r in records(out)}) == 2


def test_a_truncated_zip_is_an_archive_error(tmp_path: Path) -> None:
    whole = tmp_path / "whole.zip"
    with zipfile.ZipFile(whole, "w") as zf:
        for src in TEXTS:
            zf.write(src, src.name)
    cut = tmp_path / "cut.zip"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    run = cli("convert", cut, "-o", tmp_path / "out.jsonl", "--workers", "0")
    assert run.returncode == 1
    assert "[IP-E013]" in run.stderr and "IP-E010" not in run.stderr, run.stderr


# -- the output side --------------------------------------------------------------------------


@contextlib.contextmanager
def small_filesystem(where: Path, size: str) -> Iterator[Path | None]:
    """A tmpfs of ``size`` mounted at ``where`` (None where this machine cannot mount one)."""
    where.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                          capture_output=True) if shutil.which("mount") else None
    if done is None or done.returncode != 0:
        yield None
        return
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


def _full_disk_run(folder: Path, out: Path, *,
                   limit: int | None) -> subprocess.CompletedProcess[str]:
    if limit is None:
        return cli("convert", folder, "-o", out, "--workers", "0")
    # No mount here: the same run with os.write failing ENOSPC once `limit` bytes went out.
    code = (
        "import errno, os, sys\n"
        f"real, left = os.write, [{limit}]\n"
        "def write(fd, data):\n"
        "    if fd > 2:\n"
        "        if left[0] <= 0: raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))\n"
        "        data = bytes(data)[: left[0]]; left[0] -= len(data)\n"
        "    return real(fd, data)\n"
        "os.write = write\n"
        "from inspection_parse.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n")
    return subprocess.run([sys.executable, "-c", code, "convert", str(folder), "-o", str(out),
                           "--workers", "0"], capture_output=True, text=True, env=ENV,
                          timeout=120)


def test_a_full_disk_is_one_clear_line_exit_3_and_a_rerun_repairs(tmp_path: Path) -> None:
    folder = letters(tmp_path, 12)
    with small_filesystem(tmp_path / "small", "96k") as mounted:
        out = (mounted or tmp_path) / "out.jsonl"
        run = _full_disk_run(folder, out, limit=None if mounted else 60_000)
        assert run.returncode == 3, run.stderr
        one_clear_line(run.stderr)
        assert "disk is full" in run.stderr and "[IP-E015]" in run.stderr
        # room again: the same command repairs and completes the output
        if mounted:
            subprocess.run(["mount", "-o", "remount,size=8m", str(mounted)], check=True)
        again = cli("convert", folder, "-o", out, "--workers", "0")
        assert again.returncode == 0, again.stderr
        got = keys(out)                           # every line whole JSON
        assert sorted(got) == sorted(str(p) for p in folder.iterdir())
        assert len(records(out.with_name("out.manifest.jsonl"))) == 12
        assert not list(out.parent.glob("*.tmp"))


def test_a_read_only_output_folder_is_exit_3(tmp_path: Path) -> None:
    with small_filesystem(tmp_path / "ro", "1m") as mounted:
        if mounted is None:
            pytest.skip("this machine cannot mount a tmpfs (needed for a read-only folder)")
        subprocess.run(["mount", "-o", "remount,ro", str(mounted)], check=True)
        run = cli("convert", TEXTS[0], "-o", mounted / "out.jsonl", "--workers", "0")
        assert run.returncode == 3, run.stderr
        one_clear_line(run.stderr)
        assert "read-only" in run.stderr and "[IP-E015]" in run.stderr


def test_an_output_folder_that_is_a_file_is_exit_3(tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("in the way")
    for argv in (["-o", tmp_path / "afile" / "out.jsonl"],
                 ["-o", tmp_path / "afile", "--format", "csv"]):
        run = cli("convert", TEXTS[0], *argv, "--workers", "0")
        assert run.returncode == 3, run.stderr
        one_clear_line(run.stderr)
        assert "file is in the way" in run.stderr and "[IP-E015]" in run.stderr


def test_a_closed_or_full_stdout_is_exit_3(tmp_path: Path) -> None:
    closed = subprocess.run(
        f"exec {sys.executable} -m inspection_parse.cli parse {TEXTS[0]} >&-",
        shell=True, capture_output=False, stderr=subprocess.PIPE, text=True, env=ENV,
        timeout=60)
    assert closed.returncode == 3, closed.stderr
    one_clear_line(closed.stderr)
    assert "standard output is closed" in closed.stderr
    if os.path.exists("/dev/full"):
        with open("/dev/full", "w") as full:
            run = cli("parse", TEXTS[0], stdout=full, stderr=subprocess.PIPE)
        assert run.returncode == 3, run.stderr
        one_clear_line(run.stderr)
        assert "disk is full" in run.stderr


# -- messages and manifest lines --------------------------------------------------------------


def test_a_manifest_line_rebuilt_after_a_lost_write_is_complete(tmp_path: Path) -> None:
    folder = letters(tmp_path, 3)
    out = tmp_path / "out.jsonl"
    assert convert([folder], out, workers=0).converted == 3
    manifest = tmp_path / "out.manifest.jsonl"
    first = {m["input"]: m for m in records(manifest)}
    manifest.unlink()                             # the manifest lines were lost
    again = convert([folder], out, workers=0)
    assert again.skipped == 3
    for line in records(manifest):
        before = first[line["input"]]
        assert line["status"] == "skipped"
        for field in ("path", "member", "sha256", "family", "warnings", "pages"):
            assert line[field] == before[field], field
        assert line["sha256"] and line["family"] and isinstance(line["warnings"], list)


def test_a_killed_worker_message_names_the_signal(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    victim = tmp_path / "victim.txt"
    shutil.copy(TEXTS[0], victim)
    real = bulk.parse_bytes

    def dies(data: bytes, **kwargs: object) -> ip.Letter:
        if str(kwargs["name"]).endswith("victim.txt"):
            os.kill(os.getpid(), signal.SIGKILL)
        return real(data, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(bulk, "parse_bytes", dies)
    items = [InputItem(str(victim), str(victim)), InputItem(str(TEXTS[1]), str(TEXTS[1]))]
    results = {Path(r.input).name: r for r in run_pool(items, Options(), workers=1, timeout=60)}
    error = results["victim.txt"].error
    assert error.code == "IP-E012"
    assert "SIGKILL" in error.message and "None" not in error.message
    assert results[TEXTS[1].name].ok


def test_output_errors_are_typed_in_the_api(tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("x")
    with pytest.raises(ip.errors.OutputError) as caught:
        convert([TEXTS[0]], tmp_path / "afile" / "out.jsonl", workers=0)
    assert caught.value.code == "IP-E015"
    assert caught.value.to_dict()["type"] == "OutputError"
    assert errno.ENOTDIR  # the errno this maps from on Linux
