"""Many letters: inputs (files, folders, globs, zip archives), a supervised worker pool,
and a resumable, crash-safe conversion to JSON Lines / Parquet / CSV with a manifest.

The pool is our own small supervisor rather than ``concurrent.futures``: a worker
that hangs past the per-file timeout is killed, one that dies (killed, out of
memory) is replaced, and in both cases only that file is marked failed; the run
goes on. Workers call the same :func:`inspection_parse.parse_bytes` as everyone
else.

Crash safety: each record is appended to the records file with one ``write``
of a whole line, before its manifest line; a re-run repairs a torn last line,
treats the records file as the truth about what is done, and skips inputs
already converted with the same bytes and parser version.
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import json
import multiprocessing
import os
import sys
import time
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any, Literal, TextIO

import attrs

from ._version import __version__
from .api import parse_bytes
from .errors import (
    ArchiveError,
    InputNotFoundError,
    InspectionParseError,
    ParseTimeoutError,
    TooLargeError,
    WorkerCrashError,
)
from .limits import Limits
from .model import Letter
from .serialize import to_json

LETTER_SUFFIXES = (".pdf", ".txt", ".md", ".text", ".html", ".htm")


@attrs.frozen
class ArchiveLimits:
    """Limits on zip archives, against zip bombs and runaway archives."""

    max_members: int = 20_000
    max_member_bytes: int = 50_000_000      # uncompressed, per member
    max_total_bytes: int = 4_000_000_000    # uncompressed, whole archive
    max_ratio: float = 200.0                # uncompressed / compressed, per member


@attrs.frozen
class InputItem:
    """One letter to convert: a file, or a member of a zip archive (read in memory)."""

    key: str                 # what records and the manifest call it: a path or "a.zip!dir/x.pdf"
    path: str                # the file on disk (the archive, for a member)
    member: str | None = None


@attrs.frozen
class Result:
    """What became of one input: a :class:`Letter`, or the typed error that stopped it."""

    input: str
    letter: Letter | None
    error: InspectionParseError | None
    sha256: str | None = None
    pages: int | None = None
    ms: float = 0.0

    @property
    def ok(self) -> bool:
        return self.letter is not None


@attrs.frozen
class Options:
    """How each input is parsed (sent to every worker)."""

    password: str | None = None
    limits: Limits = attrs.field(factory=Limits)
    backend: str = "auto"
    archive: ArchiveLimits = attrs.field(factory=ArchiveLimits)
    max_memory_mb: int | None = None   # address-space cap per worker process


# -- inputs ----------------------------------------------------------------------------------

def iter_inputs(inputs: Iterable[str | os.PathLike[str]], *,
                archive: ArchiveLimits | None = None,
                problems: list[Result] | None = None) -> Iterator[InputItem]:
    """Expand files, folders (recursively), globs and zip archives into letters to read.

    Folders and archives contribute files with a letter suffix (.pdf, .txt, .md,
    .html); a file named explicitly is taken whatever its suffix. An input that
    does not exist or an archive that cannot be opened is reported in
    ``problems`` (as a failed :class:`Result`) and the rest go on.
    """
    archive = archive or ArchiveLimits()
    seen: set[str] = set()

    def emit(item: InputItem) -> Iterator[InputItem]:
        if item.key not in seen:
            seen.add(item.key)
            yield item

    for raw in inputs:
        spec = os.fspath(raw)
        paths: list[str]
        if any(c in spec for c in "*?[") and not os.path.exists(spec):
            paths = sorted(glob.glob(spec, recursive=True))
            if not paths and problems is not None:
                problems.append(_failed(spec, InputNotFoundError("no file matches this pattern",
                                                                 path=spec)))
        else:
            paths = [spec]
        for p in paths:
            if os.path.isdir(p):
                for root, dirs, files in os.walk(p):
                    dirs.sort()
                    for name in sorted(files):
                        full = os.path.join(root, name)
                        if name.lower().endswith(LETTER_SUFFIXES):
                            yield from emit(InputItem(full, full))
                        elif name.lower().endswith(".zip"):
                            yield from _zip_items(full, archive, problems, emit)
            elif p.lower().endswith(".zip") and zipfile.is_zipfile(p):
                yield from _zip_items(p, archive, problems, emit)
            elif not os.path.exists(p):
                if problems is not None:
                    problems.append(_failed(p, InputNotFoundError("no such file", path=p)))
            else:
                yield from emit(InputItem(p, p))


def _zip_items(path: str, limits: ArchiveLimits, problems: list[Result] | None,
               emit: Any) -> Iterator[InputItem]:
    try:
        with zipfile.ZipFile(path) as zf:
            infos = [i for i in zf.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        if problems is not None:
            problems.append(_failed(path, ArchiveError(
                f"the zip archive cannot be read ({exc})", path=path)))
        return
    if len(infos) > limits.max_members:
        if problems is not None:
            problems.append(_failed(path, ArchiveError(
                f"the archive has {len(infos):,} members, over the limit of "
                f"{limits.max_members:,}", path=path)))
        return
    total = sum(i.file_size for i in infos)
    if total > limits.max_total_bytes:
        if problems is not None:
            problems.append(_failed(path, ArchiveError(
                f"the archive would unpack to {total:,} bytes, over the limit of "
                f"{limits.max_total_bytes:,} (a zip bomb?)", path=path)))
        return
    for info in sorted(infos, key=lambda i: i.filename):
        if info.filename.lower().endswith(LETTER_SUFFIXES):
            yield from emit(InputItem(f"{path}!{info.filename}", path, info.filename))


def read_item(item: InputItem, options: Options) -> bytes:
    """The bytes of one input; zip members are read in memory with their size capped."""
    if item.member is None:
        try:
            size = os.path.getsize(item.path)
        except OSError:
            raise InputNotFoundError("no such file (it went away during the run)",
                                     path=item.key) from None
        if size > options.limits.max_bytes:
            raise TooLargeError(f"the file is {size:,} bytes, over the limit of "
                                f"{options.limits.max_bytes:,}", path=item.key)
        try:
            return Path(item.path).read_bytes()
        except OSError as exc:
            raise InputNotFoundError(f"the file cannot be read ({exc.strerror})",
                                     path=item.key) from None
    cap = min(options.archive.max_member_bytes, options.limits.max_bytes)
    try:
        with zipfile.ZipFile(item.path) as zf:
            info = zf.getinfo(item.member)
            if info.file_size > cap:
                raise ArchiveError(f"the member would unpack to {info.file_size:,} bytes, "
                                   f"over the limit of {cap:,}", path=item.key)
            if info.compress_size and info.file_size / info.compress_size > (
                    options.archive.max_ratio) and info.file_size > 1_000_000:
                raise ArchiveError(
                    f"the member compresses {info.file_size / info.compress_size:.0f} to 1, "
                    "too much for a letter (a zip bomb?)", path=item.key)
            # Never trust the declared size: read at most cap + 1 bytes.
            with zf.open(info) as fh:
                data = fh.read(cap + 1)
            if len(data) > cap:
                raise ArchiveError(f"the member unpacks to more than {cap:,} bytes",
                                   path=item.key)
            return data
    except (zipfile.BadZipFile, KeyError, OSError, EOFError, NotImplementedError,
            RuntimeError) as exc:
        raise ArchiveError(f"the archive member cannot be read ({exc})", path=item.key) from None
    except Exception as exc:
        raise ArchiveError(f"the archive member is damaged ({type(exc).__name__}: {exc})",
                           path=item.key) from None


def parse_item(item: InputItem, options: Options) -> Result:
    """Read and parse one input; never raises for bad input (the error is in the result)."""
    started = time.perf_counter()
    sha = None
    try:
        data = read_item(item, options)
        sha = hashlib.sha256(data).hexdigest()
        letter = parse_bytes(data, name=item.key, password=options.password,
                             limits=options.limits, backend=options.backend)
    except InspectionParseError as exc:
        return Result(item.key, None, exc, sha, None, _ms(started))
    return Result(item.key, letter, None, sha, letter.source.pages, _ms(started))


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 1)


def _failed(key: str, error: InspectionParseError) -> Result:
    return Result(key, None, error)


# -- the worker pool -------------------------------------------------------------------------

def _worker_main(conn: Connection, options: Options) -> None:
    if options.max_memory_mb:
        import resource

        limit = options.max_memory_mb * 1024 * 1024
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    while True:
        try:
            item = conn.recv()
        except (EOFError, KeyboardInterrupt):
            return
        if item is None:
            return
        try:
            result = parse_item(item, options)
        except MemoryError:
            result = Result(item.key, None, WorkerCrashError(
                "the worker ran out of memory on this file", path=item.key))
        conn.send(result)


class _Worker:
    def __init__(self, ctx: Any, options: Options) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(child, options), daemon=True)
        self.process.start()
        child.close()
        self.item: InputItem | None = None
        self.started = 0.0

    def give(self, item: InputItem) -> None:
        self.item, self.started = item, time.monotonic()
        self.conn.send(item)

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.process.kill()
        else:
            with contextlib.suppress(OSError, BrokenPipeError):
                self.conn.send(None)
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


def run_pool(items: Iterable[InputItem], options: Options, *, workers: int,
             timeout: float | None = 60.0) -> Iterator[Result]:
    """Parse ``items`` in ``workers`` processes; yield results as they complete.

    A file that takes longer than ``timeout`` seconds is recorded as timed out
    (its worker is killed and replaced); a worker that dies is replaced and its
    file recorded as failed. ``workers=0`` parses in this process (no timeout).
    """
    if workers <= 0:
        for item in items:
            yield parse_item(item, options)
        return
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    ctx = multiprocessing.get_context(method)
    pending = iter(items)
    pool = [_Worker(ctx, options) for _ in range(workers)]
    exhausted = False
    try:
        while True:
            for w in pool:
                if w.item is None and not exhausted:
                    nxt = next(pending, None)
                    if nxt is None:
                        exhausted = True
                    else:
                        w.give(nxt)
            busy = [w for w in pool if w.item is not None]
            if not busy:
                return
            wait_for = None
            if timeout is not None:
                now = time.monotonic()
                wait_for = max(0.0, min(w.started + timeout - now for w in busy))
            ready = wait([w.conn for w in busy], timeout=wait_for)
            for w in busy:
                assert w.item is not None
                if w.conn in ready:
                    try:
                        result = w.conn.recv()
                    except (EOFError, OSError):
                        code = w.process.exitcode
                        yield Result(w.item.key, None, WorkerCrashError(
                            f"the worker process died on this file (exit code {code}); "
                            "it may have run out of memory", path=w.item.key),
                            ms=round((time.monotonic() - w.started) * 1000, 1))
                        w.item = None
                        _replace(pool, w, ctx, options)
                        continue
                    w.item = None
                    yield result
                elif timeout is not None and time.monotonic() - w.started >= timeout:
                    key = w.item.key
                    w.item = None
                    _replace(pool, w, ctx, options, kill=True)
                    yield Result(key, None, ParseTimeoutError(
                        f"parsing took longer than {timeout:g} s and was stopped",
                        path=key), ms=round(timeout * 1000, 1))
    finally:
        for w in pool:
            w.stop(kill=w.item is not None)


def _replace(pool: list[_Worker], dead: _Worker, ctx: Any, options: Options, *,
             kill: bool = False) -> None:
    dead.stop(kill=True if kill else dead.process.is_alive())
    pool[pool.index(dead)] = _Worker(ctx, options)


def parse_many(inputs: Iterable[str | os.PathLike[str]], *, workers: int | None = None,
               password: str | None = None, limits: Limits | None = None,
               backend: str = "auto", timeout: float | None = 60.0) -> Iterator[Result]:
    """Parse many letters in parallel, yielding a :class:`Result` per input as it completes.

    ``inputs`` may name files, folders (searched recursively), glob patterns and
    zip archives. ``workers`` defaults to the number of CPUs; ``0`` parses in this
    process. A result holds the :class:`Letter` or the typed error, never both.

    >>> for result in parse_many(["letters/"], workers=2):             # doctest: +SKIP
    ...     print(result.input, result.letter.family if result.ok else result.error.code)
    """
    options = Options(password=password, limits=limits or Limits(), backend=backend)
    problems: list[Result] = []
    items = list(iter_inputs(inputs, archive=options.archive, problems=problems))
    yield from problems
    yield from run_pool(items, options, workers=_workers(workers), timeout=timeout)


def _workers(workers: int | None) -> int:
    return os.cpu_count() or 1 if workers is None else workers


# -- conversion ------------------------------------------------------------------------------

Format = Literal["jsonl", "parquet", "csv"]


@attrs.frozen
class Summary:
    total: int
    converted: int
    skipped: int
    failed: int
    seconds: float
    records: str
    manifest: str
    tables: tuple[str, ...] = ()

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0

    def line(self) -> str:
        rate = self.converted / self.seconds if self.seconds > 0 else 0.0
        return (f"{self.converted} converted, {self.skipped} skipped (already done), "
                f"{self.failed} failed, of {self.total} inputs in {self.seconds:.1f} s "
                f"({rate:.1f} letters/s); records: {self.records}; manifest: {self.manifest}")


def output_paths(out: str | os.PathLike[str], fmt: Format) -> tuple[Path, Path, Path | None]:
    """(records file, manifest file, table folder or None) for an output argument."""
    out = Path(out)
    if fmt == "jsonl":
        return out, out.with_name(out.name.rsplit(".", 1)[0] + ".manifest.jsonl"), None
    return out / "records.jsonl", out / "manifest.jsonl", out


def convert(inputs: Sequence[str | os.PathLike[str]], out: str | os.PathLike[str], *,
            fmt: Format = "jsonl", workers: int | None = None, force: bool = False,
            timeout: float | None = 60.0, options: Options | None = None,
            progress: TextIO | None = None, engine: str = "local",
            scheduler: str | None = None) -> Summary:
    """Convert an archive of letters; resumable, crash-safe, failures isolated.

    Records go to ``out`` (a ``.jsonl`` file) or, for ``fmt="parquet"``/``"csv"``,
    to the folder ``out`` as ``records.jsonl`` plus the tables ``letters``,
    ``areas`` and ``sections``. A manifest (one line per input: path, sha256,
    status, error, pages, milliseconds, parser version) sits beside the records.
    Running again skips inputs already converted from the same bytes by the same
    parser version; ``force=True`` redoes them.
    """
    started = time.perf_counter()
    options = options or Options()
    records_path, manifest_path, table_dir = output_paths(out, fmt)
    records_path.parent.mkdir(parents=True, exist_ok=True)
    problems: list[Result] = []
    items = list(iter_inputs(inputs, archive=options.archive, problems=problems))
    _repair_tail(records_path)
    _repair_tail(manifest_path)
    done = _existing_records(records_path)
    previous = _read_manifest(manifest_path)
    todo: list[InputItem] = []
    skipped: list[InputItem] = []
    redo: set[str] = set()
    for item in items:
        have = done.get(item.key)
        if have is not None and not force and have[1] == __version__ and (
                have[0] == _sha_of(item, options)):
            skipped.append(item)
            continue
        if have is not None:
            redo.add(item.key)
        todo.append(item)
    if redo:
        _drop_records(records_path, redo)
    bar = _Progress(len(todo), progress)
    converted = failed = 0
    with open(records_path, "ab") as rec_fh, open(manifest_path, "ab") as man_fh:
        for result in problems:
            _append(man_fh, _manifest_line(result, None))
            failed += 1
        for item in skipped:
            _append(man_fh, {**previous.get(item.key, {"input": item.key}), "status": "skipped",
                             "parser_version": __version__})
        results = (_dask_results(todo, options, scheduler) if engine == "dask"
                   else run_pool(todo, options, workers=_workers(workers), timeout=timeout))
        by_key = {i.key: i for i in todo}
        for result in results:
            if result.letter is not None:
                # The record first, in one write of a whole line; then its manifest line.
                _append(rec_fh, to_json(result.letter), raw=True)
                converted += 1
            else:
                failed += 1
            _append(man_fh, _manifest_line(result, by_key.get(result.input)))
            bar.step(result.ok)
    bar.close()
    _compact_manifest(manifest_path)
    tables: tuple[str, ...] = ()
    if table_dir is not None:
        from .tables import write_tables

        tables = tuple(str(p) for p in write_tables(records_path, table_dir, fmt))
    return Summary(total=len(items) + len(problems), converted=converted, skipped=len(skipped),
                   failed=failed, seconds=time.perf_counter() - started,
                   records=str(records_path), manifest=str(manifest_path), tables=tables)


def _dask_results(items: list[InputItem], options: Options,
                  scheduler: str | None) -> Iterator[Result]:
    from .dask import run_on_cluster

    yield from run_on_cluster(items, options, scheduler)


def _sha_of(item: InputItem, options: Options) -> str | None:
    try:
        return hashlib.sha256(read_item(item, options)).hexdigest()
    except InspectionParseError:
        return None


def _append(fh: Any, line: Any, *, raw: bool = False) -> None:
    text = line if raw else json.dumps(line, ensure_ascii=False, separators=(",", ":"))
    data = (text + "\n").encode("utf-8")
    fd = fh.fileno()
    view = memoryview(data)
    while view:                       # one write() in practice; loop on a short write
        n = os.write(fd, view)
        view = view[n:]


def _manifest_line(result: Result, item: InputItem | None) -> dict[str, Any]:
    err = result.error
    return {
        "input": result.input,
        "path": item.path if item else result.input,
        "member": item.member if item else None,
        "sha256": result.sha256,
        "status": "ok" if result.ok else "error",
        "error_code": err.code if err else None,
        "error_message": err.message if err else None,
        "family": result.letter.family if result.letter else None,
        "warnings": len(result.letter.warnings) if result.letter else None,
        "pages": result.pages,
        "ms": result.ms,
        "parser_version": __version__,
    }


def _repair_tail(path: Path) -> None:
    """Cut a torn last line (a run killed mid-write) so the file ends with a newline."""
    if not path.exists() or path.stat().st_size == 0:
        return
    with open(path, "rb+") as fh:
        fh.seek(-1, os.SEEK_END)
        if fh.read(1) == b"\n":
            return
        size = fh.seek(0, os.SEEK_END)
        pos = size
        chunk = 65536
        while pos > 0:
            start = max(0, pos - chunk)
            fh.seek(start)
            block = fh.read(pos - start)
            k = block.rfind(b"\n")
            if k >= 0:
                fh.truncate(start + k + 1)
                return
            pos = start
        fh.truncate(0)


def _sources(lines: Iterable[str]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(line, its record's ``source``) for each readable record line of a records file."""
    for line in lines:
        try:
            source = json.loads(line)["source"]
            source["path"]
        except (ValueError, KeyError, TypeError):
            continue
        yield line, source


def _existing_records(path: Path) -> dict[str, tuple[str | None, str]]:
    """key → (sha256, parser version) of the records already in the output."""
    if not path.exists():
        return {}
    with open(path, encoding="utf-8") as fh:
        return {source["path"]: (source.get("sha256"), source.get("parser_version", ""))
                for _, source in _sources(fh)}


def _drop_records(path: Path, keys: set[str]) -> None:
    """Rewrite the records file without ``keys`` (atomically: a temp file, then replace)."""
    tmp = path.with_name(path.name + ".tmp")
    with open(path, encoding="utf-8") as src, open(tmp, "w", encoding="utf-8") as dst:
        for line, source in _sources(src):
            if source["path"] not in keys:
                dst.write(line)
        dst.flush()
        os.fsync(dst.fileno())
    os.replace(tmp, path)


def _read_manifest(path: Path) -> dict[str, dict[str, Any]]:
    entries: dict[str, dict[str, Any]] = {}
    if not path.exists():
        return entries
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if entry.get("status") == "skipped" and entry["input"] in entries:
                continue  # keep the line that says how it was converted
            entries[entry["input"]] = entry
    return entries


def _compact_manifest(path: Path) -> None:
    """Keep one line per input (the latest outcome), atomically."""
    entries = _read_manifest(path)
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        for entry in entries.values():
            fh.write(json.dumps(entry, ensure_ascii=False, separators=(",", ":")) + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


class _Progress:
    """A one-line progress bar on stderr with letters/s and an ETA (only on a terminal)."""

    def __init__(self, total: int, stream: TextIO | None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = total > 0 and hasattr(self.stream, "isatty") and self.stream.isatty()
        self.total, self.done, self.failed = total, 0, 0
        self.started = time.monotonic()
        self.last = 0.0

    def step(self, ok: bool) -> None:
        self.done += 1
        self.failed += not ok
        now = time.monotonic()
        if self.enabled and (now - self.last > 0.1 or self.done == self.total):
            self.last = now
            rate = self.done / max(now - self.started, 1e-9)
            eta = (self.total - self.done) / rate if rate else 0.0
            width = 30
            filled = int(width * self.done / self.total)
            self.stream.write(
                f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} "
                f"{rate:.1f} letters/s ETA {int(eta) // 60}:{int(eta) % 60:02d}"
                f"{f' ({self.failed} failed)' if self.failed else ''}   ")
            self.stream.flush()

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()

