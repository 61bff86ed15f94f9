"""A zip of many small letters: how fast ``convert`` gets through it, before and after the
archive was opened once per run instead of once per member.

    python benchmarks/bench_zip.py                              # this tree: 20,000 members
    python benchmarks/bench_zip.py --src /tmp/old/src --mode sample --sample 300
    python benchmarks/bench_zip.py --members 2000 --workers 0 2   # a quicker run

The archive holds ``--members`` copies of the project's own text letters (every family,
cycled) under new names, deflated, as an archive of a year of letters would be. Each
measurement runs in a fresh Python with ``PYTHONPATH=--src`` (default: this tree's
``src``), so an older checkout can be measured the same way.

Modes:
- ``convert``: ``convert([archive], out, workers=W)`` on the whole archive, into a fresh
  output; prints wall seconds and CPU seconds (the process and its workers together).
- ``sample``: lists the archive once, then reads and parses its first ``--sample`` members
  one by one with ``parse_item`` (what each worker does per member) in one process, and
  prints the CPU ms per member. For a tree where a whole run would take half an hour (the
  archive reopened for every member), this per-member figure times the member count is the
  estimate; the same mode on the new tree checks that the estimate is like for like.

``--max-seconds S`` stops a ``convert`` run after S wall seconds (the whole process group)
and reports the records written by then: the wall rate of a run too slow to finish.

Figures are printed, never asserted; record them in benchmarks/NOTES.md with the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench import cpu_model  # noqa: E402  (benchmarks/, this script's folder)

CORPUS = ROOT / "corpus"

_CONVERT = """
import json, os, resource, sys, time
from inspection_parse.bulk import convert
archive, out, workers = sys.argv[1], sys.argv[2], int(sys.argv[3])
wall, cpu = time.perf_counter(), time.process_time()
summary = convert([archive], out, workers=workers)
wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
kids = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"converted": summary.converted, "failed": summary.failed, "wall_s": wall,
                  "cpu_s": cpu + kids.ru_utime + kids.ru_stime}))
"""

_SAMPLE = """
import json, sys, time
from inspection_parse.bulk import Options, iter_inputs, parse_item
archive, sample = sys.argv[1], int(sys.argv[2])
cpu = time.process_time()
items = list(iter_inputs([archive]))
listed = time.process_time() - cpu
options = Options()
cpu = time.process_time()
ok = sum(parse_item(item, options).ok for item in items[:sample])
per = (time.process_time() - cpu) / sample
print(json.dumps({"members": len(items), "sampled": sample, "ok": ok,
                  "list_cpu_s": listed, "cpu_ms_per_member": per * 1000,
                  "estimate_cpu_s": listed + per * len(items)}))
"""


def letters() -> list[Path]:
    found = sorted(p for p in CORPUS.glob("*/*.txt") if p.stat().st_size > 0
                   and p.parent.name not in ("bad", "unknown"))
    if not found:
        raise SystemExit("no text letters under corpus/")
    return found


def make_archive(target: Path, members: int) -> Path:
    sources = [(p.stem, p.read_bytes()) for p in letters()]
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for n in range(members):
            stem, data = sources[n % len(sources)]
            zf.writestr(f"letters/{n:05}-{stem}.txt", data)
    return target


def run(src: Path, code: str, *args: str) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          env=env, check=False)
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def run_for(src: Path, archive: Path, out: Path, workers: int,
            seconds: float) -> dict[str, float]:
    """A convert run stopped after ``seconds``: how many records it wrote, and its rate."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", _CONVERT, str(archive), str(out),
                             str(workers)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env=env, start_new_session=True)
    try:
        proc.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    wall = time.perf_counter() - started
    done = out.read_bytes().count(b"\n") if out.exists() else 0
    return {"workers": workers, "stopped_after_s": wall, "records": done,
            "wall_ms_per_member": wall / max(done, 1) * 1000}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--members", type=int, default=20_000)
    ap.add_argument("--src", type=Path, default=ROOT / "src",
                    help="the source tree to measure (default: this one)")
    ap.add_argument("--mode", choices=("convert", "sample"), default="convert")
    ap.add_argument("--sample", type=int, default=300, help="members parsed in sample mode")
    ap.add_argument("--workers", type=int, nargs="+", default=[0, 2])
    ap.add_argument("--max-seconds", type=float, default=None,
                    help="stop each convert run after this many seconds")
    args = ap.parse_args()
    print(f"# {platform.python_version()} on {cpu_model()}, {os.cpu_count()} CPUs; "
          f"src={args.src}")
    with tempfile.TemporaryDirectory() as tmp:
        archive = make_archive(Path(tmp) / "letters.zip", args.members)
        print(f"archive: {args.members:,} members, {archive.stat().st_size / 1e6:.1f} MB")
        if args.mode == "sample":
            print(json.dumps(run(args.src, _SAMPLE, str(archive), str(args.sample))))
            return
        for workers in args.workers:
            out = Path(tmp) / f"out-{workers}.jsonl"
            if args.max_seconds:
                print(json.dumps(run_for(args.src, archive, out, workers, args.max_seconds)))
                continue
            figures = run(args.src, _CONVERT, str(archive), str(out), str(workers))
            per = figures["wall_s"] / max(figures["converted"] + figures["failed"], 1) * 1000
            print(json.dumps({"workers": workers, **figures, "wall_ms_per_member": per}))


if __name__ == "__main__":
    main()
