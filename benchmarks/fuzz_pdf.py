#!/usr/bin/env python3
"""Mutation fuzzer for the PDF path of ``inspection_parse``.

Takes seed PDFs, mutates them (byte flips, insertions, deletions, truncations,
deleted / duplicated objects, corrupted xref tables, wrong stream lengths,
swapped filters, swapped object references, extreme numbers, mutated content
streams, garbage appended, and stacks of these) and parses every mutant with
``inspection_parse.parse_bytes`` in a child process with a per-input timeout and
a memory cap. Every outcome is counted:

- ``record``           a record came back (broken down by family);
- ``IP-E0xx``          one of our typed errors (the expected way to refuse junk);
- ``untyped``          ``InternalError`` (IP-E099) or any other exception: a bug;
- ``bad_record``       a record that does not survive ``from_json(to_json(r)) == r``;
- ``memory``           ``MemoryError`` under the child's address-space cap;
- ``hang``             the input ran past ``--timeout``: the child is killed;
- ``crash``            the child died (a signal, the OOM killer ...).

Inputs are deterministic: input ``i`` of a run is a pure function of ``--seed``,
``i`` and the seed files, so ``--replay i`` rebuilds it exactly. The exit status
is 0 only when there were no untyped exceptions, bad records, crashes or hangs.

    python benchmarks/fuzz_pdf.py --count 10000 --workers 2 --seed 1 --out /tmp/fuzz
    python benchmarks/fuzz_pdf.py --backend pdfplumber --count 10000 --seed 2   # one backend
    python benchmarks/fuzz_pdf.py --seed 1 --replay 4711 --out /tmp/fuzz   # writes the input

Figures of the long campaigns: ``benchmarks/FUZZING.md``.
"""

from __future__ import annotations

import argparse
import contextlib
import glob
import json
import multiprocessing as mp
import os
import random
import re
import resource
import signal
import sys
import time
import traceback
import zlib
from collections import Counter
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection, wait
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SEEDS = (str(ROOT / "corpus" / "pdf" / "*.pdf"),
                 str(ROOT.parent / "shared" / "corpus" / "focused-visits" / "*.pdf"))

# -- mutators -------------------------------------------------------------------------------------
# Each takes (data, rng) and returns new bytes and a short description of what it did.

Mutator = Callable[[bytes, random.Random], tuple[bytes, str]]

_OBJ = re.compile(rb"(?<![0-9])(\d{1,7})\s+(\d{1,5})\s+obj\b.*?\bendobj\b", re.S)
_XREF_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf])")
_STARTXREF = re.compile(rb"startxref\s+(\d+)")
_LENGTH = re.compile(rb"/Length\s+(\d+)(\s+\d+\s+R)?")
_FILTER_NAME = re.compile(rb"/(?:FlateDecode|ASCII85Decode|ASCIIHexDecode|LZWDecode|"
                          rb"RunLengthDecode|DCTDecode|CCITTFaxDecode|JBIG2Decode|JPXDecode|Crypt|"
                          rb"Fl|AHx|A85|LZW|RL|DCT|CCF)\b")
_REF = re.compile(rb"(?<![0-9])(\d{1,6})\s+(\d{1,5})\s+R\b")
_NUMBER = re.compile(rb"(?<![0-9A-Za-z./#])-?\d+(?:\.\d+)?(?![0-9A-Za-z])")
_NAME = re.compile(rb"/(Type|Subtype|Count|Kids|Parent|Contents|Resources|Font|MediaBox|"
                   rb"BaseFont|Encoding|Widths|FirstChar|LastChar|ToUnicode|Root|Pages|Size|"
                   rb"Prev|Encrypt|XObject|Page|Catalog|FontDescriptor|DescendantFonts)\b")
_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)
FILTERS = [b"/FlateDecode", b"/ASCII85Decode", b"/ASCIIHexDecode", b"/LZWDecode",
           b"/RunLengthDecode", b"/DCTDecode", b"/CCITTFaxDecode", b"/JBIG2Decode", b"/JPXDecode",
           b"/Crypt", b"/Bogus", b"[/FlateDecode /FlateDecode]", b"[]", b"/FlateDecode "
           b"/DecodeParms << /Predictor 12 /Columns 5 >>"]
EXTREMES = [b"0", b"-1", b"1", b"-0", b"2147483647", b"2147483648", b"-2147483649",
            b"18446744073709551616", b"99999999999999999999999999", b"1e308", b"0.0000001",
            b"-99999", b"3.4.5", b"--1", b"1.#INF", b"nan", b"65536", b"4294967295", b"0.5"]
TOKENS = [b"<<", b">>", b"[", b"]", b"(", b")", b"<", b">", b"/", b"R", b" 0 R", b"obj", b"endobj",
          b"stream\n", b"\nendstream", b"xref", b"trailer", b"startxref", b"%%EOF", b"\\", b"%",
          b"BT", b"ET", b"Tj", b"TJ", b"Tf", b"Tm", b"Td", b"cm", b"q", b"Q", b"Do", b"BI", b"ID",
          b"EI", b"true", b"null", b"\x00", b"\xff\xfe", b"\r", b"\n"]
# Content-stream operators and the extreme operand values to give them.
CONTENT_VALUES = [b"0", b"-1", b"1000000", b"-1000000", b"1e30", b"0.0001", b"-0.0001", b"3",
                  b"99999999999", b"-5", b"0.5", b"700", b"()", b"[]", b"/F999"]


def _pick(rng: random.Random, seq: Sequence[bytes]) -> bytes:
    return seq[rng.randrange(len(seq))]


def flip(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    b = bytearray(data)
    n = rng.choice((1, 1, 2, 4, 8, 16, 64))
    for _ in range(n):
        i = rng.randrange(len(b))
        b[i] ^= rng.randrange(1, 256)
    return bytes(b), f"flip x{n}"


def insert(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    i = rng.randrange(len(data) + 1)
    if rng.random() < 0.5:
        chunk = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 65)))
    else:
        chunk = _pick(rng, TOKENS) * rng.choice((1, 1, 2, 8, 64, 1000))
    return data[:i] + chunk + data[i:], f"insert {len(chunk)}B @{i}"


def delete(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    i = rng.randrange(len(data))
    n = rng.choice((1, 2, 8, 64, 512, 4096))
    return data[:i] + data[i + n:], f"delete {n}B @{i}"


def truncate(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    # half the cuts near the end (lost trailer / xref), half anywhere
    if rng.random() < 0.5:
        i = max(0, len(data) - rng.randrange(1, min(len(data), 2048) + 1))
    else:
        i = rng.randrange(len(data))
    return data[:i], f"truncate @{i}/{len(data)}"


def _objects(data: bytes) -> list[re.Match[bytes]]:
    return list(_OBJ.finditer(data))


def delete_object(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    objs = _objects(data)
    if not objs:
        return flip(data, rng)
    m = objs[rng.randrange(len(objs))]
    return data[:m.start()] + data[m.end():], f"delete obj {int(m[1])}"


def duplicate_object(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    objs = _objects(data)
    if not objs:
        return insert(data, rng)
    m = objs[rng.randrange(len(objs))]
    body = m.group()
    if rng.random() < 0.5:   # same number, different body: a conflicting definition
        body, _ = flip(body, rng)
    at = objs[rng.randrange(len(objs))].end()
    return data[:at] + b"\n" + body + data[at:], f"duplicate obj {int(m[1])} after @{at}"


def corrupt_xref(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    entries = list(_XREF_ENTRY.finditer(data))
    what = rng.randrange(5)
    if not entries or what == 4:
        m = _STARTXREF.search(data)
        if m is None:
            return truncate(data, rng)
        value = _pick(rng, [b"0", b"1", str(len(data) * 10).encode(),
                            str(rng.randrange(len(data))).encode(), b"-5"])
        return data[:m.start(1)] + value + data[m.end(1):], f"startxref={value.decode()}"
    b = bytearray(data)
    if what == 0:   # shuffle some entries' offsets
        k = min(len(entries), rng.randrange(2, 9))
        chosen = rng.sample(entries, k)
        offsets = [m[1] for m in chosen]
        rng.shuffle(offsets)
        for m, off in zip(chosen, offsets, strict=True):
            b[m.start(1):m.end(1)] = off
        return bytes(b), f"xref shuffle {k}"
    m = entries[rng.randrange(len(entries))]
    if what == 1:   # a wild offset
        off = rng.choice((0, 1, rng.randrange(len(data)), len(data) + 1000, 9999999999))
        b[m.start(1):m.end(1)] = b"%010d" % off
        return bytes(b), f"xref offset {off}"
    if what == 2:   # in use <-> free
        b[m.start(3):m.end(3)] = b"f" if m[3] == b"n" else b"n"
        return bytes(b), "xref n/f swap"
    b[m.start(2):m.end(2)] = b"%05d" % rng.choice((1, 65535, 99999))
    return bytes(b), "xref generation"


def corrupt_length(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    lengths = list(_LENGTH.finditer(data))
    if not lengths:
        return delete(data, rng)
    m = lengths[rng.randrange(len(lengths))]
    old = int(m[1])
    new = _pick(rng, [b"0", b"1", b"-1", str(old // 2).encode(), str(old + 1).encode(),
                      str(old * 1000).encode(), b"99999999999", b"999 0 R", b"1.5", b"/Foo"])
    return data[:m.start()] + b"/Length " + new + data[m.end():], f"/Length {old}->{new.decode()}"


def swap_filter(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    names = list(_FILTER_NAME.finditer(data))
    if not names:
        return flip(data, rng)
    m = names[rng.randrange(len(names))]
    new = _pick(rng, FILTERS)
    return data[:m.start()] + new + data[m.end():], f"filter {m.group().decode()}->{new.decode()}"


def append_garbage(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    kind = rng.randrange(3)
    if kind == 0:
        tail = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 4096)))
    elif kind == 1:   # an incremental update whose xref points nowhere
        tail = (b"\n1 0 obj\n<< /Type /Catalog /Pages 999 0 R >>\nendobj\nxref\n0 2\n"
                b"0000000000 65535 f \n%010d 00000 n \ntrailer\n<< /Size 2 /Root 1 0 R /Prev %d >>"
                b"\nstartxref\n%d\n%%%%EOF\n" % (rng.randrange(len(data) * 2), rng.randrange(
                    len(data) * 2), len(data) + 60))
    else:
        tail = data[rng.randrange(len(data)):]
    return data + tail, f"append {len(tail)}B kind {kind}"


def swap_ref(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    """Point a reference at another object (type confusion, cycles in the page tree)."""
    refs = list(_REF.finditer(data))
    objs = _objects(data)
    if not refs or not objs:
        return flip(data, rng)
    m = refs[rng.randrange(len(refs))]
    target = rng.choice([int(o[1]) for o in objs] + [0, 99999])
    return (data[:m.start()] + b"%d 0 R" % target + data[m.end():],
            f"ref {int(m[1])}->{target}")


def extreme_number(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    """Replace a number in the object structure (not inside a stream) with an extreme value."""
    head = data
    streams = [(s.start(), s.end()) for s in _STREAM.finditer(data)]
    for _ in range(20):
        i = rng.randrange(len(head))
        m = _NUMBER.search(head, i)
        if m is None or any(a <= m.start() < b for a, b in streams):
            continue
        new = _pick(rng, EXTREMES)
        note = f"number {m.group().decode()}->{new.decode()}"
        return data[:m.start()] + new + data[m.end():], note
    return flip(data, rng)


def rename(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    names = list(_NAME.finditer(data))
    if not names:
        return flip(data, rng)
    m = names[rng.randrange(len(names))]
    new = _pick(rng, [b"/Type", b"/Subtype", b"/Pages", b"/Page", b"/Kids", b"/Count", b"/Parent",
                      b"/Contents", b"/Resources", b"/Font", b"/MediaBox", b"/Root", b"/X"])
    return data[:m.start()] + new + data[m.end():], f"name {m.group().decode()}->{new.decode()}"


def _decode_stream(raw: bytes, header: bytes) -> bytes | None:
    """Undo ASCII85 and Flate (what ReportLab and Word write); None if it does not decode."""
    import base64

    data = raw
    try:
        if b"ASCII85Decode" in header or b"/A85" in header:
            body = data.strip()
            if body.endswith(b"~>"):
                body = body[:-2]
            data = base64.a85decode(body, adobe=False)
        if b"FlateDecode" in header or b"/Fl" in header:
            data = zlib.decompress(data)
        else:
            return None
    except Exception:
        return None
    return data


_CONTENT_NUMBER = re.compile(rb"(?<![0-9A-Za-z./])-?\d*\.?\d+(?![0-9A-Za-z])")
_CONTENT_STRING = re.compile(rb"\((?:\\.|[^()\\])*\)")


def mutate_content(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    """Decode a page content stream, change operands / text / operators, re-encode it as Flate.

    This reaches the layout analysis (glyph positions, sizes, fonts, overlapping text)
    rather than stopping in the PDF reader's parser.
    """
    candidates = []
    for m in _STREAM.finditer(data):
        hstart = data.rfind(b"obj", 0, m.start())
        header = data[hstart:m.start()]
        if b"/Subtype /Image" in header or b"/Subtype/Image" in header or b"/Length1" in header:
            continue
        decoded = _decode_stream(m[1], header)
        if decoded is not None and (b"Tj" in decoded or b"TJ" in decoded):
            candidates.append((m, hstart, header, decoded))
    if not candidates:
        return extreme_number(data, rng)
    m, hstart, header, content = candidates[rng.randrange(len(candidates))]
    what = rng.randrange(6)
    if what in (0, 1):     # extreme operands (font sizes, matrices, positions)
        nums = list(_CONTENT_NUMBER.finditer(content))
        k = rng.choice((1, 4, 32, len(nums)))
        for n in sorted(rng.sample(nums, min(k, len(nums))), key=lambda n: -n.start()):
            content = content[:n.start()] + _pick(rng, CONTENT_VALUES) + content[n.end():]
        note = f"content numbers x{k}"
    elif what == 2:        # strings: empty, huge, repeated glyphs, control bytes
        strs = list(_CONTENT_STRING.finditer(content))
        if strs:
            s = strs[rng.randrange(len(strs))]
            new = rng.choice([b"()", b"(" + b"x" * 50000 + b")", b"(\\000\\001\\377)",
                              b"(" + b"- " * 5000 + b")", b"(" + b"\xb7 " * 200 + b")",
                              b"(**)" , b"(Area for improvement 1: )" * 200])
            content = content[:s.start()] + new + content[s.end():]
        note = "content string"
    elif what == 3:        # drop or duplicate a run of lines (unbalanced BT/ET, q/Q)
        lines = content.split(b"\n")
        i = rng.randrange(len(lines))
        n = rng.randrange(1, 20)
        if rng.random() < 0.5:
            del lines[i:i + n]
        else:
            lines[i:i] = lines[i:i + n] * rng.choice((2, 10, 200))
        content = b"\n".join(lines)
        note = "content lines"
    elif what == 4:        # the whole page drawn many times over, slightly shifted
        shift = rng.choice((b"0.3", b"1", b"0", b"-2"))
        content = b"\n".join(b"q 1 0 0 1 " + shift + b" " + shift + b" cm\n" + content + b"\nQ"
                             for _ in range(rng.choice((2, 3, 20))))
        note = "content overprint"
    else:                  # random bytes inside the decoded stream
        content, note = flip(content, rng)
        note = "content " + note
    packed = zlib.compress(content)
    new_header = re.sub(rb"/Filter\s*(?:\[[^\]]*\]|/\w+)", b"/Filter /FlateDecode", header)
    new_header = _LENGTH.sub(b"/Length %d" % len(packed), new_header, count=1)
    out = data[:hstart] + new_header + b"stream\n" + packed + b"\nendstream" + data[m.end():]
    return out, note


MUTATORS: list[tuple[str, Mutator, float]] = [
    ("flip", flip, 2.0),
    ("insert", insert, 1.0),
    ("delete", delete, 1.0),
    ("truncate", truncate, 1.0),
    ("delete_object", delete_object, 1.0),
    ("duplicate_object", duplicate_object, 1.0),
    ("corrupt_xref", corrupt_xref, 1.0),
    ("corrupt_length", corrupt_length, 1.0),
    ("swap_filter", swap_filter, 1.0),
    ("append_garbage", append_garbage, 0.5),
    ("swap_ref", swap_ref, 1.0),
    ("extreme_number", extreme_number, 1.0),
    ("rename", rename, 0.5),
    ("mutate_content", mutate_content, 2.0),
]


def make_input(seeds: Sequence[tuple[str, bytes]], seed: int, index: int) -> tuple[bytes, str]:
    """Input ``index`` of a run with ``seed``: a pure function of both and the seed files."""
    rng = random.Random(f"inspection-parse-fuzz:{seed}:{index}")
    name, data = seeds[rng.randrange(len(seeds))]
    names = [m[0] for m in MUTATORS]
    weights = [m[2] for m in MUTATORS]
    steps = rng.choice((1, 1, 1, 2, 3))
    notes = []
    for _ in range(steps):
        k = rng.choices(range(len(MUTATORS)), weights)[0]
        if not data:
            break
        data, note = MUTATORS[k][1](data, rng)
        notes.append(f"{names[k]}({note})")
    return data, f"{Path(name).name}: " + " + ".join(notes)


# -- the worker -----------------------------------------------------------------------------------

_SEEDS: list[tuple[str, bytes]] = []


def _classify(data: bytes, index: int, backend: str = "auto") -> dict[str, object]:
    import inspection_parse as ip

    out: dict[str, object] = {}
    try:
        letter = ip.parse_bytes(data, name=f"fuzz-{index}.pdf", backend=backend)
    except ip.InternalError as exc:
        out["outcome"] = "untyped"
        out["error"] = f"{exc.code} {exc.message[:300]}"
        cause = exc.__cause__ or exc
        out["traceback"] = "".join(traceback.format_exception(cause))
    except ip.InspectionParseError as exc:
        out["outcome"] = exc.code
    except MemoryError:
        out["outcome"] = "memory"
    except BaseException as exc:
        out["outcome"] = "untyped"
        out["error"] = f"{type(exc).__name__}: {str(exc)[:300]}"
        out["traceback"] = traceback.format_exc()
    else:
        out["outcome"] = "record"
        out["family"] = letter.family
        try:
            if ip.from_json(ip.to_json(letter)) != letter:
                out["outcome"] = "bad_record"
                out["error"] = "from_json(to_json(record)) != record"
        except Exception as exc:
            out["outcome"] = "bad_record"
            out["error"] = f"{type(exc).__name__}: {exc}"
            out["traceback"] = traceback.format_exc()
    return out


def _worker(conn: Connection, seed: int, mem_mb: int, seed_paths: list[str],
            backend: str = "auto") -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # pdfminer logs every oddity of a damaged file as a warning: keep the run's output readable
    import logging

    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    logging.getLogger("pdfplumber").setLevel(logging.ERROR)
    if mem_mb > 0:
        limit = mem_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    seeds = _SEEDS or [(p, Path(p).read_bytes()) for p in seed_paths]
    import inspection_parse  # noqa: F401 - import before the clock starts

    while True:
        try:
            index = conn.recv()
        except EOFError:
            return
        if index is None:
            return
        t0 = time.perf_counter()
        try:
            data, note = make_input(seeds, seed, index)
            result = _classify(data, index, backend)
        except MemoryError:
            result, note = {"outcome": "memory"}, "?"
        result.update(index=index, note=note, seconds=time.perf_counter() - t0,
                      maxrss_kb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
        conn.send(result)


class _Slot:
    def __init__(self, ctx: mp.context.BaseContext, args: tuple[object, ...]) -> None:
        self.ctx, self.args = ctx, args
        self.start()

    def start(self) -> None:
        parent, child = self.ctx.Pipe()
        self.conn = parent
        self.proc = self.ctx.Process(target=_worker, args=(child, *self.args), daemon=True)
        self.proc.start()
        child.close()
        self.done = 0
        self.task: int | None = None
        self.since = 0.0

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.proc.kill()
        else:
            with contextlib.suppress(BrokenPipeError, OSError):
                self.conn.send(None)
        self.proc.join(5)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join()
        self.conn.close()


def run(*, seed: int = 1, count: int = 10_000, workers: int = 2, timeout: float = 20.0,
        mem_mb: int = 1536, maxtasks: int = 50, seed_globs: Sequence[str] = DEFAULT_SEEDS,
        out_dir: str | None = None, keep: int = 10, progress: bool = True,
        start: int = 0, backend: str = "auto") -> dict[str, object]:
    """Fuzz ``count`` inputs; return the summary (see the module docstring)."""
    seed_paths = sorted({p for g in seed_globs for p in glob.glob(g)})
    if not seed_paths:
        raise SystemExit(f"no seed PDFs in {list(seed_globs)}")
    _SEEDS[:] = [(p, Path(p).read_bytes()) for p in seed_paths]
    import inspection_parse  # noqa: F401 - loaded once in the parent, shared by forked children

    out = Path(out_dir) if out_dir else None
    if out:
        out.mkdir(parents=True, exist_ok=True)
    ctx = mp.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    args = (seed, mem_mb, seed_paths, backend)
    slots = [_Slot(ctx, args) for _ in range(max(1, workers))]
    todo = list(range(start + count - 1, start - 1, -1))
    outcomes: Counter[str] = Counter()
    families: Counter[str] = Counter()
    mutator_bad: Counter[str] = Counter()
    problems: list[dict[str, object]] = []
    slowest: list[tuple[float, int, str]] = []
    peak_kb = 0
    t0 = time.perf_counter()
    finished = 0
    last_report = t0

    def record(result: dict[str, object]) -> None:
        nonlocal finished, peak_kb
        finished += 1
        outcome = str(result["outcome"])
        outcomes[outcome] += 1
        if outcome == "record":
            families[str(result.get("family"))] += 1
        peak_kb = max(peak_kb, int(result.get("maxrss_kb") or 0))
        secs = float(result.get("seconds") or 0.0)
        slowest.append((secs, int(result["index"]), str(result.get("note", ""))))  # type: ignore[arg-type]
        slowest.sort(reverse=True)
        del slowest[5:]
        if outcome in ("untyped", "bad_record", "hang", "crash", "memory"):
            for part in str(result.get("note", "")).split(": ", 1)[-1].split(" + "):
                mutator_bad[part.split("(")[0]] += 1
            problems.append(result)
            if out and sum(1 for p in problems if p["outcome"] == outcome) <= keep:
                data, _ = make_input(_SEEDS, seed, int(result["index"]))  # type: ignore[arg-type]
                (out / f"{outcome}-{result['index']}.pdf").write_bytes(data)

    try:
        while todo or any(s.task is not None for s in slots):
            for s in slots:
                if s.task is None and todo:
                    if s.done >= maxtasks:
                        s.stop()
                        s.start()
                    s.task, s.since = todo.pop(), time.perf_counter()
                    s.conn.send(s.task)
            busy = [s for s in slots if s.task is not None]
            ready = wait([s.conn for s in busy], timeout=0.25)
            now = time.perf_counter()
            for s in busy:
                if s.conn in ready:
                    try:
                        result = s.conn.recv()
                    except (EOFError, OSError):
                        s.proc.join(1)
                        record({"outcome": "crash", "index": s.task, "seconds": now - s.since,
                                "error": f"worker died (exit code {s.proc.exitcode})",
                                "note": make_input(_SEEDS, seed, s.task)[1]})
                        s.stop(kill=True)
                        s.start()
                        continue
                    s.task = None
                    s.done += 1
                    record(result)
                elif now - s.since > timeout:
                    record({"outcome": "hang", "index": s.task, "seconds": now - s.since,
                            "error": f"no result after {timeout:.0f} s: worker killed",
                            "note": make_input(_SEEDS, seed, s.task)[1]})
                    s.stop(kill=True)
                    s.start()
            if progress and now - last_report > 30:
                last_report = now
                rate = finished / (now - t0)
                print(f"[fuzz] {finished}/{count} done, {rate:.1f} inputs/s, "
                      f"{dict(outcomes.most_common())}", file=sys.stderr, flush=True)
    finally:
        for s in slots:
            s.stop(kill=s.task is not None)
    elapsed = time.perf_counter() - t0
    summary: dict[str, object] = {
        "seed": seed, "count": count, "start": start, "backend": backend, "workers": workers,
        "timeout_s": timeout,
        "mem_cap_mb": mem_mb, "maxtasksperchild": maxtasks, "seed_files": len(seed_paths),
        "seconds": round(elapsed, 1), "inputs_per_s": round(finished / elapsed, 2),
        "outcomes": dict(sorted(outcomes.items())), "families": dict(sorted(families.items())),
        "untyped": outcomes["untyped"], "bad_record": outcomes["bad_record"],
        "hangs": outcomes["hang"], "crashes": outcomes["crash"], "memory": outcomes["memory"],
        "peak_child_rss_mb": round(peak_kb / 1024, 1),
        "slowest": [{"seconds": round(t, 2), "index": i, "note": n} for t, i, n in slowest],
        "problem_mutators": dict(mutator_bad.most_common()),
    }
    if out:
        with open(out / "problems.txt", "w", encoding="utf-8") as fh:
            for p in problems[:200]:
                fh.write(f"=== #{p['index']} {p['outcome']} ({p.get('seconds', 0):.2f} s): "
                         f"{p.get('note')}\n{p.get('error', '')}\n{p.get('traceback', '')}\n")
        (out / "summary.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
    return summary


def failed(summary: dict[str, object]) -> bool:
    return bool(summary["untyped"] or summary["hangs"] or summary["bad_record"]
                or summary["crashes"])


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, default=10_000)
    ap.add_argument("--start", type=int, default=0, help="first input index (to resume a run)")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--timeout", type=float, default=20.0, help="seconds per input")
    ap.add_argument("--mem-mb", type=int, default=1536, help="RLIMIT_AS of each child (0: none)")
    ap.add_argument("--maxtasksperchild", type=int, default=50)
    ap.add_argument("--seeds", nargs="*", default=list(DEFAULT_SEEDS), help="globs of seed PDFs")
    ap.add_argument("--out", default=None, help="folder for problems.txt, summary.json, inputs")
    ap.add_argument("--backend", default="auto", choices=("auto", "pypdfium2", "pdfplumber"),
                    help="PDF backend passed to parse_bytes (auto: pypdfium2 where installed)")
    ap.add_argument("--replay", type=int, default=None,
                    help="write input N of this --seed to --out (or stdout) and parse it here")
    a = ap.parse_args(argv)
    if a.replay is not None:
        paths = sorted({p for g in a.seeds for p in glob.glob(g)})
        seeds = [(p, Path(p).read_bytes()) for p in paths]
        data, note = make_input(seeds, a.seed, a.replay)
        print(f"input {a.replay}: {note} ({len(data)} bytes)", file=sys.stderr)
        if a.out:
            Path(a.out).mkdir(parents=True, exist_ok=True)
            target = Path(a.out) / f"input-{a.seed}-{a.replay}.pdf"
            target.write_bytes(data)
            print(f"written to {target}", file=sys.stderr)
        result = _classify(data, a.replay, a.backend)
        print(json.dumps({k: v for k, v in result.items() if k != "traceback"}))
        if "traceback" in result:
            print(result["traceback"], file=sys.stderr)
        return 0
    summary = run(seed=a.seed, count=a.count, workers=a.workers, timeout=a.timeout,
                  mem_mb=a.mem_mb, maxtasks=a.maxtasksperchild, seed_globs=a.seeds,
                  out_dir=a.out, start=a.start, backend=a.backend)
    print(json.dumps(summary, indent=2))
    return 1 if failed(summary) else 0


if __name__ == "__main__":
    sys.exit(main())
