#!/usr/bin/env python3
"""Throughput and memory benchmarks for inspection_parse (a script, not a test).

It prints figures; it asserts nothing about time. Targets are printed next to the
figures as "met" / "NOT met" so a reader sees where the parser stands, nothing fails.

Sections (each selectable; with none named, all run):

``--text``
    Text letters parsed per second on one core (one process, pinned to one CPU
    where the OS allows): the seed letter ``../shared/corpus/seed/*.txt`` (or, when
    the shared corpus is absent, the largest ``corpus/cafcass_pim`` letter), and all
    ``corpus/cafcass_pim`` and ``corpus/la_focused_visit`` letters. Warm-up first,
    then N timed repetitions; best and median of wall time (``time.perf_counter``)
    and CPU time (``time.process_time``); letters/s, ms/letter and characters/s.
    Also ``parse_text(str)`` against ``parse(path)`` (file read, sniffing, decoding
    and hashing included) on the same letter. Target: >= 200 letters/s for letters
    the size of the seed (~15,000 characters).

``--pdf``
    In one run, on the same pages: pdfplumber's own ``page.extract_text()`` (open
    each PDF with pdfplumber, extract every page, close each page) against our end
    to end ``inspection_parse.parse(pdf)``, over ``../shared/corpus/focused-visits/*.pdf``
    (falls back to ``corpus/pdf/*.pdf`` with a message). The two are interleaved,
    A B A B ..., over several rounds to cancel machine noise; each round and the
    median are printed, with the ratio ours/pdfplumber (target: >= 0.90), pages/s
    and letters/s. A one-pass breakdown of our time (pdfplumber's chars → glyphs,
    layout, parse) follows unless ``--no-breakdown`` or ``--quick``.

``--backends``
    Letters per CPU-second of our end-to-end parse with each backend, pypdfium2 (the
    default) and pdfplumber, interleaved over the rounds (median kept), on the same
    PDFs as ``--pdf``; then each backend's time per stage (its reading of the PDF,
    the shared layout, the parse). Target: pypdfium2 >= 40 letters per CPU-second
    on the real letters.

``--memory``
    In a fresh child process (so nothing earlier inflates its peak): every PDF
    parsed once, then the whole set a second time, printing current RSS
    (``/proc/self/statm``) and peak RSS (``getrusage().ru_maxrss``) after letters
    10, 20, ..., N of each pass; then a third pass under ``tracemalloc`` giving the
    Python-heap peak of each letter and the heap still held after it. Flat RSS on
    the second pass means nothing grows with the number of letters parsed.
    The records are dropped as they are made, as a batch job writing JSON lines does.

Usage (from the repository root)::

    .venv/bin/python benchmarks/bench.py                 # everything (several minutes)
    .venv/bin/python benchmarks/bench.py --quick         # a short smoke run (~1 minute)
    .venv/bin/python benchmarks/bench.py --text          # one section
    .venv/bin/python benchmarks/bench.py --pdf --rounds 5
    .venv/bin/python benchmarks/bench.py --backends --json /tmp/backends.json
    .venv/bin/python benchmarks/bench.py --memory --json /tmp/bench.json

Options: ``--shared DIR`` (default ``../shared`` beside the repository, or
``$INSPECTION_PARSE_SHARED``), ``--rounds N`` (PDF rounds, default 3, quick 2),
``--repeat N`` (text repetitions, default 9, quick 3), ``--limit N`` (use only the
first N PDFs), ``--no-pin`` (do not pin the process to one CPU), ``--json PATH``
(also write the figures as JSON).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
TEXT_FAMILIES = ("cafcass_pim", "la_focused_visit")
SEED_SIZE = 15_000            # characters in a seed-sized letter (the yardstick)
TEXT_TARGET = 200.0           # letters/s for seed-sized letters, one core
PDF_TARGET = 0.90             # ours / pdfplumber extract_text, pages/s
PDFIUM_TARGET = 40.0          # letters per CPU-second, pypdfium2 backend, real letters

try:
    import inspection_parse as ip
except ImportError:  # pragma: no cover - run from a checkout without installing
    sys.path.insert(0, str(ROOT / "src"))
    import inspection_parse as ip


# --------------------------------------------------------------------------------------
# helpers


def say(*parts: object) -> None:
    print(*parts, flush=True)


def header(title: str) -> None:
    say()
    say("=" * 78)
    say(title)
    say("=" * 78)
    if hasattr(os, "getloadavg"):
        say("load average (1, 5, 15 min): " + ", ".join(f"{x:.2f}" for x in os.getloadavg())
            + f" on {os.cpu_count()} CPUs (other work on the machine shows as wall > cpu)")


def shared_dir(arg: str | None) -> Path:
    if arg:
        return Path(arg).resolve()
    env = os.environ.get("INSPECTION_PARSE_SHARED")
    return Path(env).resolve() if env else (ROOT.parent / "shared").resolve()


def pdf_files(shared: Path, limit: int | None) -> tuple[list[Path], str]:
    """The PDFs to measure and a line saying where they come from."""
    focused = shared / "corpus" / "focused-visits"
    files = sorted(focused.glob("*.pdf")) if focused.is_dir() else []
    if files:
        where = f"{focused} ({len(files)} PDFs)"
    else:
        files = sorted((CORPUS / "pdf").glob("*.pdf"))
        where = (f"{focused} is absent or holds no PDFs: falling back to {CORPUS / 'pdf'} "
                 f"({len(files)} PDFs; figures are NOT comparable with the shared corpus)")
    if limit is not None:
        files = files[:limit]
        where += f", first {len(files)} only"
    return files, where


def rss_now_kib() -> int:
    """Current resident set size, from /proc/self/statm (pages → KiB)."""
    try:
        with open("/proc/self/statm") as fh:
            resident = int(fh.read().split()[1])
        return resident * os.sysconf("SC_PAGE_SIZE") // 1024
    except (OSError, ValueError, IndexError):
        return -1


def rss_peak_kib() -> int:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak   # bytes on macOS, KiB on Linux


def mib(kib: float) -> str:
    return f"{kib / 1024:7.1f}"


def timed(fn: Callable[[], Any]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one call."""
    w0, c0 = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - w0, time.process_time() - c0


def pin_one_cpu(enabled: bool) -> str:
    if not enabled:
        return "not pinned (--no-pin)"
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned (no sched_setaffinity on this OS)"
    try:
        cpus = sorted(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpus[-1]})
        return f"pinned to CPU {cpus[-1]} (of {len(cpus)} available)"
    except OSError as exc:
        return f"not pinned ({exc})"


def cpu_model() -> str:
    """The CPU's model name from /proc/cpuinfo ("?" where there is none)."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "?"


def machine() -> dict[str, Any]:
    model = cpu_model()
    ram = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    versions = {}
    from importlib import metadata
    for dist in ("inspection-parse", "pdfplumber", "pdfminer.six", "regex", "attrs", "cattrs"):
        try:
            versions[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            versions[dist] = "absent"
    return {"nproc": os.cpu_count(), "cpu": model, "ram": ram,
            "python": platform.python_version(), "platform": platform.platform(),
            "versions": versions}


# --------------------------------------------------------------------------------------
# 1. text


def _batch_stats(samples: list[tuple[float, float]], per: int) -> dict[str, float]:
    """samples: (wall, cpu) of batches of ``per`` letters → per-letter best/median."""
    walls = [w / per for w, _ in samples]
    cpus = [c / per for _, c in samples]
    return {"wall_best": min(walls), "wall_median": statistics.median(walls),
            "cpu_best": min(cpus), "cpu_median": statistics.median(cpus)}


def _print_rate(label: str, st: dict[str, float], chars: float) -> None:
    wm, wb, cm = st["wall_median"], st["wall_best"], st["cpu_median"]
    cb = st["cpu_best"]
    say(f"  {label:<38} wall {1 / wm:6.1f}/s (best {1 / wb:6.1f}) {wm * 1e3:6.2f} ms"
        f" | cpu {1 / cm:6.1f}/s (best {1 / cb:6.1f}) {cm * 1e3:6.2f} ms"
        f" | {chars / cm / 1e3:5.0f} kchar/s cpu")


def bench_text(shared: Path, repeat: int, quick: bool) -> dict[str, Any]:
    header("1. text letters, one core (single process)")
    seeds = sorted((shared / "corpus" / "seed").glob("*.txt"))
    if seeds:
        seed = seeds[0]
        say(f"seed letter: {seed}")
    else:
        pims = sorted((CORPUS / "cafcass_pim").glob("*.txt"), key=lambda p: p.stat().st_size)
        if not pims:
            say("no text letters found under corpus/: skipping the text section")
            return {}
        seed = pims[-1]
        say(f"{shared / 'corpus' / 'seed'} is absent: using the largest corpus/cafcass_pim "
            f"letter instead: {seed.name}")
    seed_text = seed.read_text(encoding="utf-8")
    say(f"  {len(seed_text):,} characters; repetitions: {repeat} (median and best reported)")
    out: dict[str, Any] = {"seed": str(seed), "seed_chars": len(seed_text)}

    # Warm-up: imports, regex compilation, caches.
    for _ in range(3):
        ip.parse_text(seed_text, name=seed.name)

    # Pick a batch size so one timed batch lasts ~0.25 s (0.05 s in quick mode).
    one, _ = timed(lambda: ip.parse_text(seed_text, name=seed.name))
    per = max(1, round((0.05 if quick else 0.25) / max(one, 1e-6)))

    def seed_batch() -> None:
        for _ in range(per):
            ip.parse_text(seed_text, name=seed.name)

    samples = [timed(seed_batch) for _ in range(repeat)]
    st = _batch_stats(samples, per)
    say(f"  batches of {per} parses:")
    _print_rate("seed  parse_text(str)", st, len(seed_text))
    out["seed_parse_text"] = st

    def file_batch() -> None:
        for _ in range(per):
            ip.parse(seed)

    ip.parse(seed)
    fst = _batch_stats([timed(file_batch) for _ in range(repeat)], per)
    _print_rate("seed  parse(path)  [I/O incl.]", fst, len(seed_text))
    out["seed_parse_path"] = fst
    say(f"  parse(path) - parse_text(str), ms/letter (read, sniff, decode, sha256): cpu median "
        f"{(fst['cpu_median'] - st['cpu_median']) * 1e3:+.3f}, cpu best "
        f"{(fst['cpu_best'] - st['cpu_best']) * 1e3:+.3f} (the best is the less noisy)")

    # The corpus letters, by family and all together.
    groups: dict[str, list[tuple[str, str]]] = {}
    for family in TEXT_FAMILIES:
        groups[family] = [(p.name, p.read_text(encoding="utf-8"))
                          for p in sorted((CORPUS / family).glob("*.txt"))]
    groups["all corpus letters"] = [x for fam in TEXT_FAMILIES for x in groups[fam]]
    out["groups"] = {}
    say("  corpus letters (each timed sample is one pass over the group):")
    for label, letters in groups.items():
        if not letters:
            say(f"  {label}: no letters")
            continue
        chars = sum(len(t) for _, t in letters)

        def one_pass(letters: list[tuple[str, str]] = letters) -> None:
            for name, text in letters:
                ip.parse_text(text, name=name)

        one_pass()
        passes = max(1, round((0.05 if quick else 0.25) / max(timed(one_pass)[0], 1e-6)))

        def batch(one_pass: Callable[[], None] = one_pass, passes: int = passes) -> None:
            for _ in range(passes):
                one_pass()

        gst = _batch_stats([timed(batch) for _ in range(repeat)], passes * len(letters))
        _print_rate(f"{label} ({len(letters)}, avg {chars // len(letters):,} ch)", gst,
                    chars / len(letters))
        out["groups"][label] = {**gst, "letters": len(letters), "chars": chars}

    scale = SEED_SIZE / len(seed_text)      # 1.0 for the seed itself
    out["seed_letters_per_s_wall"] = 1 / st["wall_median"]
    out["seed_letters_per_s_cpu"] = 1 / st["cpu_median"]
    out["seed_sized_letters_per_s"] = out["seed_letters_per_s_cpu"] / scale
    verdict = "met" if out["seed_sized_letters_per_s"] >= TEXT_TARGET else "NOT met"
    say(f"  target >= {TEXT_TARGET:.0f} letters/s at ~{SEED_SIZE:,} chars (CPU-time median): "
        f"{out['seed_sized_letters_per_s']:.1f} letters/s -> {verdict}"
        f"  [wall median {out['seed_letters_per_s_wall'] / scale:.1f}/s]")
    return out


# --------------------------------------------------------------------------------------
# 2. pdf


def _plumber_pass(files: Sequence[Path]) -> tuple[int, float, float]:
    """pdfplumber's own text extraction of every page; (pages, wall s, cpu s)."""
    import pdfplumber

    pages = 0
    w0, c0 = time.perf_counter(), time.process_time()
    for f in files:
        with pdfplumber.open(f) as pdf:
            for page in pdf.pages:
                page.extract_text()
                page.close()
                pages += 1
    return pages, time.perf_counter() - w0, time.process_time() - c0


def _ours_pass(files: Sequence[Path], backend: str = "pdfplumber"
               ) -> tuple[int, int, float, float]:
    """inspection_parse.parse of every PDF; (pages, failures, wall s, cpu s)."""
    pages = failures = 0
    w0, c0 = time.perf_counter(), time.process_time()
    for f in files:
        try:
            letter = ip.parse(f, backend=backend)
        except ip.InspectionParseError:
            failures += 1
            continue
        pages += letter.source.pages or 0
    return pages, failures, time.perf_counter() - w0, time.process_time() - c0


def _breakdown(files: Sequence[Path], backend: str = "pdfplumber") -> dict[str, float]:
    """One pass of ours, split by CPU time: the backend's reading (pdfplumber chars → glyphs;
    PDFium → words) / layout / parse_document."""
    from inspection_parse.source import pdf as pdf_mod

    real = pdf_mod.build_document
    spent = {"layout": 0.0}

    def timed_build(*a: Any, **k: Any) -> Any:
        t = time.process_time()
        try:
            return real(*a, **k)
        finally:
            spent["layout"] += time.process_time() - t

    load = parse = 0.0
    pdf_mod.build_document = timed_build        # benchmark-only wrapper, restored below
    try:
        for f in files:
            t0 = time.process_time()
            try:
                doc = ip.load(f, backend=backend)
            except ip.InspectionParseError:
                continue
            t1 = time.process_time()
            ip.parse_document(doc)
            t2 = time.process_time()
            load += t1 - t0
            parse += t2 - t1
    finally:
        pdf_mod.build_document = real
    reading = "pdfplumber_chars_to_glyphs" if backend == "pdfplumber" else "pdfium_read_words"
    return {reading: load - spent["layout"], "layout": spent["layout"],
            "parse_document": parse, "total": load + parse}


def bench_pdf(shared: Path, rounds: int, limit: int | None, breakdown: bool) -> dict[str, Any]:
    header("2. PDF letters: pdfplumber extract_text (A) vs inspection_parse.parse with the "
           "pdfplumber backend (B) and the pypdfium2 backend (C)")
    files, where = pdf_files(shared, limit)
    say(f"corpus: {where}")
    if not files:
        say("no PDFs to measure: skipping the PDF section")
        return {}
    # Warm-up both sides on one file (imports, font caches, regex compilation).
    _plumber_pass(files[:1])
    _ours_pass(files[:1])
    say(f"rounds: {rounds}, order A B A B ...; each measurement is one pass over all files")
    say("  wall = time.perf_counter, cpu = time.process_time; B/A = ours / pdfplumber pages/s")
    say(f"  {'round':>5} {'A pages/s':>10} {'B pages/s':>10} {'B/A wall':>9} {'B/A cpu':>8}"
        f" {'A s':>8} {'B s':>8} {'A cpu s':>8} {'B cpu s':>8} {'load':>5}")
    rows = []
    for r in range(1, rounds + 1):
        gc.collect()
        a_pages, a_wall, a_cpu = _plumber_pass(files)
        gc.collect()
        b_pages, b_fail, b_wall, b_cpu = _ours_pass(files, "pdfplumber")
        gc.collect()
        _, _, c_wall, c_cpu = _ours_pass(files, "pypdfium2")
        if b_fail:
            # Failed letters have no page count of their own: count the same pages as A.
            b_pages = a_pages
        row = {"round": r, "pages": a_pages, "ours_pages": b_pages, "failures": b_fail,
               "a_wall": a_wall, "b_wall": b_wall, "a_cpu": a_cpu, "b_cpu": b_cpu,
               "a_pps": a_pages / a_wall, "b_pps": a_pages / b_wall,
               "ratio": a_wall / b_wall, "ratio_cpu": a_cpu / b_cpu,
               "c_wall": c_wall, "c_cpu": c_cpu, "c_pps": a_pages / c_wall,
               "ratio_pdfium": a_wall / c_wall, "ratio_pdfium_cpu": a_cpu / c_cpu,
               "loadavg": os.getloadavg()[0]}
        rows.append(row)
        say(f"  {r:>5} {row['a_pps']:10.2f} {row['b_pps']:10.2f} {row['ratio']:9.3f} "
            f"{row['ratio_cpu']:8.3f} {a_wall:8.2f} {b_wall:8.2f} {a_cpu:8.2f} {b_cpu:8.2f}"
            f" {row['loadavg']:5.2f}")
    pages = rows[0]["pages"]
    if rows[0]["ours_pages"] != pages:
        say(f"  note: pdfplumber saw {pages} pages, our records report "
            f"{rows[0]['ours_pages']}")
    if rows[0]["failures"]:
        say(f"  note: {rows[0]['failures']} PDF(s) raised an InspectionParseError")
    med_a = statistics.median(r["a_pps"] for r in rows)
    med_b = statistics.median(r["b_pps"] for r in rows)
    med_ratio = statistics.median(r["ratio"] for r in rows)
    med_ratio_cpu = statistics.median(r["ratio_cpu"] for r in rows)
    b_wall = statistics.median(r["b_wall"] for r in rows)
    a_wall = statistics.median(r["a_wall"] for r in rows)
    a_cpu = statistics.median(r["a_cpu"] for r in rows)
    b_cpu = statistics.median(r["b_cpu"] for r in rows)
    say(f"  {'median':>5} {med_a:10.2f} {med_b:10.2f} {med_ratio:9.3f} {med_ratio_cpu:8.3f} "
        f"{a_wall:8.2f} {b_wall:8.2f} {a_cpu:8.2f} {b_cpu:8.2f}")
    say(f"  pages/s by CPU time (median): pdfplumber {pages / a_cpu:.2f}, ours "
        f"{pages / b_cpu:.2f}")
    c_cpu = statistics.median(r["c_cpu"] for r in rows)
    c_wall = statistics.median(r["c_wall"] for r in rows)
    say(f"  ours with the pypdfium2 backend (C, the default): {pages / c_wall:.2f} pages/s wall, "
        f"{pages / c_cpu:.2f} by CPU; C/A {a_wall / c_wall:.2f} wall, {a_cpu / c_cpu:.2f} cpu; "
        f"{len(files) / c_cpu:.2f} letters per CPU-second")
    say(f"  {len(files)} letters, {pages} pages ({pages / len(files):.2f} pages/letter)")
    say(f"  letters/s (wall): pdfplumber extract_text {len(files) / a_wall:.2f}, "
        f"ours {len(files) / b_wall:.2f}  (ms/letter: {a_wall / len(files) * 1e3:.0f} vs "
        f"{b_wall / len(files) * 1e3:.0f})")
    say(f"  letters/s (cpu):  pdfplumber extract_text {len(files) / a_cpu:.2f}, "
        f"ours {len(files) / b_cpu:.2f}  (ms/letter: {a_cpu / len(files) * 1e3:.0f} vs "
        f"{b_cpu / len(files) * 1e3:.0f})")
    verdict = "met" if min(med_ratio, med_ratio_cpu) >= PDF_TARGET else (
        "NOT met" if max(med_ratio, med_ratio_cpu) < PDF_TARGET else "met by one clock only")
    say(f"  target ours/pdfplumber >= {PDF_TARGET:.2f}: median per-round ratio "
        f"{med_ratio:.3f} wall, {med_ratio_cpu:.3f} cpu -> {verdict}")
    out: dict[str, Any] = {"corpus": where, "files": len(files), "pages": pages, "rounds": rows,
                           "median_a_pps": med_a, "median_b_pps": med_b,
                           "median_ratio": med_ratio, "median_ratio_cpu": med_ratio_cpu,
                           "a_cpu_pps": pages / a_cpu, "b_cpu_pps": pages / b_cpu,
                           "a_letters_per_s": len(files) / a_wall,
                           "b_letters_per_s": len(files) / b_wall,
                           "a_cpu_letters_per_s": len(files) / a_cpu,
                           "b_cpu_letters_per_s": len(files) / b_cpu,
                           "c_cpu_pps": pages / c_cpu, "c_cpu_letters_per_s": len(files) / c_cpu,
                           "median_ratio_pdfium_cpu": a_cpu / c_cpu}
    if breakdown:
        say("  breakdown of ours (one more pass, CPU time):")
        bd = _breakdown(files)
        for key, value in bd.items():
            share = value / bd["total"] * 100 if bd["total"] else 0.0
            say(f"    {key:<28} {value:8.2f} s  {share:5.1f} %  "
                f"{value / pages * 1e3:7.2f} ms/page")
        out["breakdown"] = bd
    return out


def bench_backends(shared: Path, rounds: int, limit: int | None) -> dict[str, Any]:
    """Letters per CPU-second of each backend end to end, interleaved, with each backend's
    share of time per stage."""
    header("2b. Backends: letters per CPU-second, pypdfium2 (the default) and pdfplumber")
    files, where = pdf_files(shared, limit)
    say(f"corpus: {where}")
    if not files:
        say("no PDFs to measure: skipping the backends section")
        return {}
    _ours_pass(files[:1], "pypdfium2")
    _ours_pass(files[:1], "pdfplumber")
    say(f"rounds: {rounds}, order pypdfium2 pdfplumber ...; one pass over all files each")
    say(f"  {'round':>5} {'pypdfium2 letters/cpu-s':>24} {'pdfplumber letters/cpu-s':>25} "
        f"{'load':>5}")
    rows = []
    for r in range(1, rounds + 1):
        gc.collect()
        _, fast_fail, _, fast_cpu = _ours_pass(files, "pypdfium2")
        gc.collect()
        _, slow_fail, _, slow_cpu = _ours_pass(files, "pdfplumber")
        row = {"round": r, "pypdfium2_cpu": fast_cpu, "pdfplumber_cpu": slow_cpu,
               "failures": fast_fail + slow_fail, "loadavg": os.getloadavg()[0]}
        rows.append(row)
        say(f"  {r:>5} {len(files) / fast_cpu:24.2f} {len(files) / slow_cpu:25.2f} "
            f"{row['loadavg']:5.2f}")
    fast = len(files) / statistics.median(r["pypdfium2_cpu"] for r in rows)
    slow = len(files) / statistics.median(r["pdfplumber_cpu"] for r in rows)
    verdict = "met" if fast >= PDFIUM_TARGET else "NOT met"
    say(f"  median: pypdfium2 {fast:.2f}, pdfplumber {slow:.2f} letters per CPU-second "
        f"({fast / slow:.1f}x); target pypdfium2 >= {PDFIUM_TARGET:.0f} -> {verdict}")
    out: dict[str, Any] = {"corpus": where, "files": len(files), "rounds": rows,
                           "pypdfium2_letters_per_cpu_s": fast,
                           "pdfplumber_letters_per_cpu_s": slow}
    for backend in ("pypdfium2", "pdfplumber"):
        say(f"  {backend}: time per stage (one more pass, CPU time)")
        bd = _breakdown(files, backend)
        for key, value in bd.items():
            share = value / bd["total"] * 100 if bd["total"] else 0.0
            say(f"    {key:<28} {value:8.2f} s  {share:5.1f} %  "
                f"{value / len(files) * 1e3:7.2f} ms/letter")
        out[f"breakdown_{backend}"] = bd
    return out


# --------------------------------------------------------------------------------------
# 3. memory (runs in a child process)


def memory_child(shared: Path, limit: int | None, result_path: str) -> None:
    import tracemalloc

    files, where = pdf_files(shared, limit)
    say(f"corpus: {where}")
    if not files:
        say("no PDFs: skipping the memory section")
        Path(result_path).write_text("{}")
        return
    n = len(files)
    step = 10 if n >= 30 else 5
    marks = sorted({*range(step, n + 1, step), n})
    say(f"  start (after importing inspection_parse): RSS {mib(rss_now_kib())} MiB")
    ip.parse(files[0])    # import pdfplumber/pdfminer, compile regexes: not per-letter growth
    say(f"  after one warm-up parse:                  RSS {mib(rss_now_kib())} MiB, "
        f"peak {mib(rss_peak_kib())} MiB")
    passes: list[list[dict[str, float]]] = []
    failures = 0
    for p in (1, 2):
        say(f"  pass {p}: {'letters':>8} {'RSS MiB':>8} {'peak RSS MiB':>12}")
        series = []
        for i, f in enumerate(files, 1):
            try:
                ip.parse(f)
            except ip.InspectionParseError:
                failures += 1
            if i in marks:
                now, peak = rss_now_kib(), rss_peak_kib()
                series.append({"letters": i, "rss_kib": now, "peak_kib": peak})
                say(f"  pass {p}: {i:8d} {mib(now):>8} {mib(peak):>12}")
        passes.append(series)
    first, second = passes
    growth_1 = (first[-1]["rss_kib"] - first[0]["rss_kib"]) / 1024
    growth_2 = (second[-1]["rss_kib"] - first[-1]["rss_kib"]) / 1024
    peak_2 = (second[-1]["peak_kib"] - first[-1]["peak_kib"]) / 1024
    say(f"  RSS from letter {first[0]['letters']} to {n} of pass 1: {growth_1:+.1f} MiB; "
        f"end of pass 1 to end of pass 2: {growth_2:+.1f} MiB; "
        f"peak RSS rise in pass 2: {peak_2:+.1f} MiB")

    say("  pass 3 under tracemalloc (Python heap; slower):")
    gc.collect()
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    peaks: list[tuple[float, str]] = []
    held: list[dict[str, float]] = []
    for i, f in enumerate(files, 1):
        tracemalloc.reset_peak()
        start = tracemalloc.get_traced_memory()[0]
        with contextlib.suppress(ip.InspectionParseError):
            ip.parse(f)
        cur, peak = tracemalloc.get_traced_memory()
        peaks.append(((peak - start) / 2**20, f.name))
        if i in marks:
            held.append({"letters": i, "held_mib": (cur - base) / 2**20})
    tracemalloc.stop()
    values = [v for v, _ in peaks]
    top = max(peaks)
    say(f"    tracemalloc peak per letter: min {min(values):.1f}, median "
        f"{statistics.median(values):.1f}, max {top[0]:.1f} MiB ({top[1]})")
    say("    Python heap held after letters (vs before pass 3): " + ", ".join(
        f"{h['letters']}: {h['held_mib']:+.2f}" for h in held) + " MiB")
    if failures:
        say(f"  note: {failures} parse(s) raised an InspectionParseError")
    Path(result_path).write_text(json.dumps({
        "corpus": where, "files": n, "pass1": first, "pass2": second,
        "growth_pass1_mib": growth_1, "growth_pass2_mib": growth_2, "peak_rise_pass2_mib": peak_2,
        "tracemalloc_peak_mib": {"min": min(values), "median": statistics.median(values),
                                 "max": top[0], "max_file": top[1]},
        "tracemalloc_held_mib": held,
    }))


def bench_memory(shared: Path, limit: int | None, quick: bool, pin: bool) -> dict[str, Any]:
    header("3. memory over the PDF letters (fresh child process)")
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as fh:
        result = fh.name
    cmd = [sys.executable, str(Path(__file__).resolve()), "--memory-child", result,
           "--shared", str(shared)]
    if limit is not None or quick:
        cmd += ["--limit", str(limit if limit is not None else 10)]
    if not pin:
        cmd.append("--no-pin")
    try:
        proc = subprocess.run(cmd, check=False)
        if proc.returncode != 0:
            say(f"  the memory child exited with status {proc.returncode}")
            return {}
        return json.loads(Path(result).read_text() or "{}")
    finally:
        Path(result).unlink(missing_ok=True)


# --------------------------------------------------------------------------------------
# summary and main


def summary(results: dict[str, Any]) -> None:
    header("summary")
    rows: list[tuple[str, str, str]] = []
    t = results.get("text") or {}
    if t:
        st = t["seed_parse_text"]
        rows.append(("text: seed parse_text", f"{1 / st['cpu_median']:.1f} letters/s cpu, "
                     f"{1 / st['wall_median']:.1f} wall ({st['cpu_median'] * 1e3:.2f} ms cpu, "
                     f"{t['seed_chars']:,} ch)",
                     f">= {TEXT_TARGET:.0f} at {SEED_SIZE:,} ch"
                     + (f" (scaled: {t['seed_sized_letters_per_s']:.1f})"
                        if t["seed_chars"] != SEED_SIZE else "") + ": "
                     + ("met" if t["seed_sized_letters_per_s"] >= TEXT_TARGET else "NOT met")))
        fp = t["seed_parse_path"]
        rows.append(("text: seed parse(path)", f"{1 / fp['cpu_median']:.1f} letters/s cpu, "
                     f"{1 / fp['wall_median']:.1f} wall", ""))
        for label, g in t["groups"].items():
            rows.append((f"text: {label}", f"{1 / g['cpu_median']:.1f} letters/s cpu, "
                         f"{1 / g['wall_median']:.1f} wall, "
                         f"{g['chars'] / g['letters'] / g['cpu_median'] / 1e3:.0f} kchar/s cpu",
                         ""))
    p = results.get("pdf") or {}
    if p:
        rows.append(("pdf: pdfplumber extract_text", f"{p['median_a_pps']:.2f} pages/s wall "
                     f"({p['a_cpu_pps']:.2f} cpu), {p['a_letters_per_s']:.2f} letters/s", ""))
        rows.append(("pdf: inspection_parse.parse", f"{p['median_b_pps']:.2f} pages/s wall "
                     f"({p['b_cpu_pps']:.2f} cpu), {p['b_letters_per_s']:.2f} letters/s", ""))
        ok = min(p["median_ratio"], p["median_ratio_cpu"]) >= PDF_TARGET
        rows.append(("pdf: ours / pdfplumber", f"{p['median_ratio']:.3f} wall, "
                     f"{p['median_ratio_cpu']:.3f} cpu (median of {len(p['rounds'])} rounds, "
                     f"{p['pages']} pages)",
                     f">= {PDF_TARGET:.2f}: " + ("met" if ok else "NOT met")))
    bk = results.get("backends") or {}
    if bk:
        fast = bk["pypdfium2_letters_per_cpu_s"]
        rows.append(("backends: letters per CPU-second", f"pypdfium2 {fast:.2f}, pdfplumber "
                     f"{bk['pdfplumber_letters_per_cpu_s']:.2f} (median of "
                     f"{len(bk['rounds'])} rounds)",
                     f"pypdfium2 >= {PDFIUM_TARGET:.0f}: "
                     + ("met" if fast >= PDFIUM_TARGET else "NOT met")))
    m = results.get("memory") or {}
    if m:
        rows.append(("memory: RSS after pass 1 / 2",
                     f"{m['pass1'][-1]['rss_kib'] / 1024:.1f} / "
                     f"{m['pass2'][-1]['rss_kib'] / 1024:.1f} MiB "
                     f"(pass 2 {m['growth_pass2_mib']:+.1f} MiB)",
                     "flat" if abs(m["growth_pass2_mib"]) < 5 else "grows"))
        rows.append(("memory: peak RSS", f"{m['pass2'][-1]['peak_kib'] / 1024:.1f} MiB", ""))
        tm = m["tracemalloc_peak_mib"]
        rows.append(("memory: tracemalloc peak/letter", f"median {tm['median']:.1f}, "
                     f"max {tm['max']:.1f} MiB", ""))
    if not rows:
        say("nothing was measured")
        return
    w0 = max(len(r[0]) for r in rows)
    w1 = max(len(r[1]) for r in rows)
    for a, b, c in rows:
        say(f"  {a:<{w0}}  {b:<{w1}}  {c}")


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--text", action="store_true", help="run the text section")
    ap.add_argument("--pdf", action="store_true", help="run the PDF section")
    ap.add_argument("--memory", action="store_true", help="run the memory section")
    ap.add_argument("--backends", action="store_true",
                    help="run the backends section (letters per CPU-second of each backend)")
    ap.add_argument("--quick", action="store_true", help="a short smoke run")
    ap.add_argument("--shared", help="the shared folder (default ../shared)")
    ap.add_argument("--rounds", type=int, help="PDF rounds (default 3, quick 2)")
    ap.add_argument("--repeat", type=int, help="text repetitions (default 9, quick 3)")
    ap.add_argument("--limit", type=int, help="use only the first N PDFs")
    ap.add_argument("--no-breakdown", action="store_true", help="skip the PDF time breakdown")
    ap.add_argument("--no-pin", action="store_true", help="do not pin to one CPU")
    ap.add_argument("--json", help="also write the figures as JSON to this path")
    ap.add_argument("--memory-child", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    shared = shared_dir(args.shared)
    pinned = pin_one_cpu(not args.no_pin)
    if args.memory_child:
        memory_child(shared, args.limit, args.memory_child)
        return 0

    selected = [s for s in ("text", "pdf", "backends", "memory") if getattr(args, s)] or [
        "text", "pdf", "backends", "memory"]
    info = machine()
    say(f"inspection_parse {ip.__version__} benchmarks — {time.strftime('%Y-%m-%d %H:%M:%S %Z')}")
    say(f"machine: {info['nproc']} CPUs, {info['cpu']}, {info['ram']} RAM; "
        f"Python {info['python']} on {info['platform']}")
    say("versions: " + ", ".join(f"{k} {v}" for k, v in info["versions"].items()))
    say(f"process: {pinned}; sections: {', '.join(selected)}"
        + ("; QUICK smoke run (figures are rough)" if args.quick else ""))
    if not shared.is_dir():
        say(f"note: the shared folder {shared} is absent: the seed letter and the 127 "
            "focused-visit PDFs are not here; falling back to this repository's corpus/ "
            "(figures are not comparable with runs on the shared corpus)")

    quick = args.quick
    limit = args.limit if args.limit is not None else (3 if quick else None)
    results: dict[str, Any] = {"machine": info, "argv": sys.argv, "quick": quick}
    if "text" in selected:
        results["text"] = bench_text(shared, args.repeat or (3 if quick else 9), quick)
    if "pdf" in selected:
        results["pdf"] = bench_pdf(shared, args.rounds or (2 if quick else 3), limit,
                                   breakdown=not (quick or args.no_breakdown))
    if "backends" in selected:
        results["backends"] = bench_backends(shared, args.rounds or (2 if quick else 3), limit)
    if "memory" in selected:
        results["memory"] = bench_memory(shared, args.limit, quick, not args.no_pin)
    summary(results)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2, default=str))
        say(f"\nfigures written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
