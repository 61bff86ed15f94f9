"""Bulk conversion benchmark: letters/s and pages/s for 1 and 2 workers and both PDF backends,
over the real focused-visit letters and over a generated archive of 2,000+ letters, with the
peak memory of every worker process.

    python benchmarks/bench_bulk.py                       # everything (takes a while)
    python benchmarks/bench_bulk.py --quick               # a smoke run on a small archive
    python benchmarks/bench_bulk.py --sets archive --backends pypdfium2 --letters 2000

The generated archive is a zip of copies of the project's own rendered letters
(``corpus/pdf``) under different names, stored uncompressed, so every run reads the same bytes.
Each configuration converts into a fresh output (nothing skipped). A sampler thread reads
``/proc`` every 0.2 s for the worker processes' resident memory, so the figures are the real
peak per worker and show whether memory grows over the archive (first vs last tenth of the run).
Figures are printed, never asserted; record them in benchmarks/NOTES.md with the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from bench import cpu_model  # noqa: E402  (benchmarks/, this script's folder)

from inspection_parse.bulk import Options, convert  # noqa: E402

FOCUSED = ROOT.parent / "shared" / "corpus" / "focused-visits"


def make_archive(target: Path, letters: int) -> Path:
    sources = sorted((ROOT / "corpus" / "pdf").glob("*.pdf"))
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_STORED) as zf:
        for n in range(letters):
            src = sources[n % len(sources)]
            zf.write(src, f"batch-{n // 500:02d}/{src.stem}-{n:05d}.pdf")
    return target


def _children(pid: int) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                out.append(int(entry))
        except (OSError, IndexError, ValueError):
            continue
    return out


def _rss_mb(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


class Sampler(threading.Thread):
    """Samples the resident memory of this process's children (the workers)."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.samples: list[tuple[float, int, float]] = []   # (time, pid, MB)
        self.stop_flag = threading.Event()

    def run(self) -> None:
        me = os.getpid()
        while not self.stop_flag.is_set():
            now = time.monotonic()
            for pid in _children(me):
                rss = _rss_mb(pid)
                if rss is not None:
                    self.samples.append((now, pid, rss))
            time.sleep(0.2)

    def stop(self) -> dict[str, float]:
        self.stop_flag.set()
        self.join()
        if not self.samples:
            return {}
        peak = max(s[2] for s in self.samples)
        t0, t1 = self.samples[0][0], self.samples[-1][0]
        span = max(t1 - t0, 1e-9)
        early = [s[2] for s in self.samples if s[0] - t0 <= 0.1 * span]
        late = [s[2] for s in self.samples if s[0] - t0 >= 0.9 * span]
        return {"peak_mb": round(peak, 1),
                "early_mb": round(max(early), 1) if early else 0.0,
                "late_mb": round(max(late), 1) if late else 0.0,
                "workers_seen": len({s[1] for s in self.samples})}


def run(inputs: list[str], backend: str, workers: int, tmp: Path) -> dict[str, object]:
    out = tmp / f"out-{backend}-{workers}-{time.monotonic_ns()}.jsonl"
    sampler = Sampler()
    sampler.start()
    cpu0 = os.times()
    started = time.perf_counter()
    summary = convert(inputs, out, workers=workers, options=Options(backend=backend),
                      progress=open(os.devnull, "w"))  # noqa: SIM115
    wall = time.perf_counter() - started
    cpu1 = os.times()
    memory = sampler.stop()
    pages = 0
    manifest = Path(summary.manifest)
    for line in manifest.read_text(encoding="utf-8").splitlines():
        pages += json.loads(line).get("pages") or 0
    child_cpu = (cpu1.children_user + cpu1.children_system) - (
        cpu0.children_user + cpu0.children_system)
    return {"backend": backend, "workers": workers, "letters": summary.converted,
            "failed": summary.failed, "pages": pages, "wall_s": round(wall, 2),
            "letters_per_s": round(summary.converted / wall, 2),
            "pages_per_s": round(pages / wall, 1),
            "letters_per_cpu_s": round(summary.converted / child_cpu, 2) if child_cpu else None,
            **memory}


def machine() -> str:
    return (f"{platform.node()} · {os.cpu_count()} CPUs ({cpu_model()}) · Python "
            f"{platform.python_version()} · {time.strftime('%Y-%m-%d %H:%M')}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sets", nargs="+", default=["focused", "archive"],
                    choices=["focused", "archive"])
    ap.add_argument("--backends", nargs="+", default=["pypdfium2", "pdfplumber"])
    ap.add_argument("--workers", nargs="+", type=int, default=[1, 2])
    ap.add_argument("--letters", type=int, default=2000, help="letters in the generated archive")
    ap.add_argument("--quick", action="store_true", help="small archive, focused set skipped")
    ap.add_argument("--json", type=Path, help="also write the results here")
    args = ap.parse_args(argv)
    if args.quick:
        args.sets, args.letters = ["archive"], 60
    print(machine())
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-bulk-") as tmpdir:
        tmp = Path(tmpdir)
        sets: dict[str, list[str]] = {}
        if "focused" in args.sets:
            if FOCUSED.exists():
                sets["focused"] = [str(FOCUSED)]
            else:
                print(f"skipping the focused-visit set: {FOCUSED} is not here")
        if "archive" in args.sets:
            sets["archive"] = [str(make_archive(tmp / "archive.zip", args.letters))]
        for name, inputs in sets.items():
            for backend in args.backends:
                for workers in args.workers:
                    row = {"set": name, **run(inputs, backend, workers, tmp)}
                    results.append(row)
                    print(json.dumps(row), flush=True)
    print()
    print(f"{'set':9} {'backend':10} {'w':>2} {'letters':>7} {'pages':>6} {'wall s':>8} "
          f"{'let/s':>7} {'pages/s':>8} {'let/cpu-s':>9} {'peak MB':>8} {'early':>6} {'late':>6}")
    for r in results:
        print(f"{r['set']:9} {r['backend']:10} {r['workers']:>2} {r['letters']:>7} "
              f"{r['pages']:>6} {r['wall_s']:>8} {r['letters_per_s']:>7} {r['pages_per_s']:>8} "
              f"{r['letters_per_cpu_s'] or '-':>9} {r.get('peak_mb', '-'):>8} "
              f"{r.get('early_mb', '-'):>6} {r.get('late_mb', '-'):>6}")
    by = {(r["set"], r["backend"], r["workers"]): r for r in results}
    for (set_, backend, workers), r in by.items():
        one = by.get((set_, backend, 1))
        if workers == 2 and one:
            print(f"speed-up {set_} {backend}: 2 workers = "
                  f"{r['letters_per_s'] / one['letters_per_s']:.2f}x one worker")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
