"""Report benchmark: `report` against `convert` on the same letters, and the size of the site.

    python benchmarks/bench_report.py                    # the real focused-visit letters
    python benchmarks/bench_report.py --set generated    # a generated archive of the same size
    python benchmarks/bench_report.py --workers 2 --repeat 3 --json out.json

The target (issue 15): `report` on the 127 real focused-visit letters of ../shared takes at most
twice the time `convert` takes on them on the same machine, and writes a site under 20 MB. Where
../shared is absent (``--set auto``, the default) a generated archive of the same number of
letters stands in: copies of the project's own rendered letters (corpus/pdf) under different
names in a temporary folder, so `report` finds every source file again, as it does after a real
`convert`.

Each run converts into a fresh output (nothing skipped), then reports that output with page
images and without. Times are CPU seconds of this process and its worker processes together
(``getrusage`` of self and children), which contention on a shared machine disturbs least, and
wall seconds beside them; the best of ``--repeat`` runs is kept. Figures are printed, never
asserted; record them in benchmarks/NOTES.md with the machine.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from bench import cpu_model  # noqa: E402  (benchmarks/, this script's folder)

from inspection_parse.bulk import convert  # noqa: E402
from inspection_parse.review import render_site  # noqa: E402

FOCUSED = ROOT.parent / "shared" / "corpus" / "focused-visits"
REAL_LETTERS = 127


def cpu_seconds() -> float:
    """CPU seconds (user + system) of this process and every child it has waited for."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def timed(fn: Callable[[], object]) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one call."""
    c0, w0 = cpu_seconds(), time.perf_counter()
    fn()
    return cpu_seconds() - c0, time.perf_counter() - w0


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def generated_letters(target: Path, letters: int) -> list[Path]:
    """``letters`` copies of corpus/pdf under distinct names in ``target``."""
    sources = sorted((ROOT / "corpus" / "pdf").glob("*.pdf"))
    target.mkdir(parents=True, exist_ok=True)
    out = []
    for n in range(letters):
        src = sources[n % len(sources)]
        dst = target / f"{src.stem}-{n:04d}.pdf"
        shutil.copyfile(src, dst)
        out.append(dst)
    return out


def inputs_for(choice: str, tmp: Path, letters: int) -> tuple[str, list[Path]]:
    real = sorted(FOCUSED.glob("*.pdf")) if FOCUSED.is_dir() else []
    if choice == "real" and not real:
        raise SystemExit(f"the shared corpus folder {FOCUSED} is not here; use --set generated")
    if choice in ("real", "auto") and real:
        return f"real focused-visit letters ({FOCUSED})", real
    return (f"generated archive: {letters} copies of corpus/pdf",
            generated_letters(tmp / "letters", letters))


def bench(pdfs: list[Path], workers: int, repeat: int, tmp: Path) -> dict[str, Any]:
    best: dict[str, Any] = {}
    pages = 0
    for n in range(repeat):
        run = tmp / f"run{n}"
        run.mkdir()
        records = run / "records.jsonl"
        sink = io.StringIO()       # no progress bar in the figures

        def do_convert(records: Path = records, sink: io.StringIO = sink) -> None:
            summary = convert([str(p) for p in pdfs], str(records), workers=workers,
                              progress=sink)
            if summary.exit_code != 0:
                raise SystemExit(f"convert failed: {summary.line()}")

        figures = {"convert": timed(do_convert)}
        with records.open(encoding="utf-8") as fh:
            pages = sum(json.loads(line)["source"]["pages"] or 0 for line in fh if line.strip())
        for name, images in (("report", True), ("report --no-images", False)):
            site = run / name.replace(" ", "")
            figures[name] = timed(lambda site=site, images=images, records=records: render_site(
                records, site, images=images, workers=workers))
            figures[f"{name} bytes"] = folder_bytes(site)
            if images:
                figures["images bytes"] = folder_bytes(site / "letters" / "img")
        for key, value in figures.items():
            if key.endswith("bytes") or key not in best or value[0] < best[key][0]:
                best[key] = value
        shutil.rmtree(run)
    best["pages"] = pages
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=("auto", "real", "generated"), default="auto",
                        help="which letters (default: the real ones where ../shared is here)")
    parser.add_argument("--letters", type=int, default=REAL_LETTERS,
                        help="size of the generated archive (default: %(default)s)")
    parser.add_argument("--workers", type=int, default=2,
                        help="worker processes for both commands (default: %(default)s)")
    parser.add_argument("--repeat", type=int, default=1, help="runs; the best is kept")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="ip-bench-report-") as tmp_name:
        tmp = Path(tmp_name)
        what, pdfs = inputs_for(args.set, tmp, args.letters)
        figures = bench(pdfs, args.workers, args.repeat, tmp)
    conv_cpu, _wall = figures["convert"]
    print(f"machine: {cpu_model()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    print(f"letters: {len(pdfs)} ({figures['pages']} pages), {what}; workers {args.workers}")
    print(f"{'command':<22}{'CPU s':>8}{'wall s':>8}{'x convert (CPU)':>17}{'site MB':>9}")
    for name in ("convert", "report", "report --no-images"):
        cpu, wall = figures[name]
        size = figures.get(f"{name} bytes")
        print(f"{name:<22}{cpu:>8.1f}{wall:>8.1f}{cpu / conv_cpu:>17.2f}"
              f"{'' if size is None else f'{size / 1e6:.1f}':>9}")
    print(f"page images: {figures['images bytes'] / 1e6:.1f} MB "
          f"({figures['images bytes'] / max(figures['pages'], 1) / 1e3:.1f} KB a page)")
    if args.json:
        Path(args.json).write_text(json.dumps({"letters": len(pdfs), "set": what,
                                               "workers": args.workers, **figures}, indent=2),
                                   encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
