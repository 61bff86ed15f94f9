"""Many letters: inputs (files, folders, globs, zip archives), a supervised worker pool,
and a resumable, crash-safe conversion to JSON Lines / Parquet / CSV with a manifest.

The pool is our own small supervisor rather than ``concurrent.futures``: a worker
that hangs past the per-file timeout is killed, one that dies (killed, out of
memory) is replaced, and in both cases only that file is marked failed; the run
goes on. Workers die with the process that started them (they watch it), so a
killed run leaves no process behind. Workers call the same
:func:`inspection_parse.parse_bytes` as everyone else.

Inputs are keyed by a canonical identity: the resolved path of a file, and for a zip
member the resolved archive path, ``!`` and the member name (with ``[index]`` where two
members share a name; nested archives chain ``!``). A file name that is not valid UTF-8 is
kept losslessly (Python's surrogate escapes, written in JSON as ``\\udcXX``).

Crash safety: each record is appended to the records file with one ``write``
of a whole line, before its manifest line; a re-run repairs a torn last line,
treats the records file as the truth about what is done, and skips inputs
already converted with the same bytes and parser version. One run at a time per
output: a lock file beside the records (``OUT.jsonl.lock``) is held with ``flock`` for
the whole run, so the operating system releases it when the run ends however it ends.
Output failures (disk full, read-only folder ...) raise :class:`OutputError`.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import glob
import hashlib
import io
import json
import multiprocessing
import os
import signal
import stat
import sys
import threading
import time
import zipfile
from collections import Counter, OrderedDict
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
    OutputError,
    OutputLockedError,
    ParseTimeoutError,
    WorkerCrashError,
)
from .limits import Limits, not_regular, positive, positive_number, read_bounded
from .model import Letter
from .serialize import to_json

LETTER_SUFFIXES = (".pdf", ".txt", ".md", ".text", ".html", ".htm")


@attrs.frozen
class ArchiveLimits:
    """Limits on zip archives, against zip bombs and runaway archives.

    ``max_members`` and ``max_total_bytes`` count a zip and every zip inside it together;
    ``max_depth`` is how deep archives are opened (1: a zip's own members only; 2: also the
    members of a zip inside it ...). A zip deeper than that is recorded, not read.
    """

    max_members: int = attrs.field(default=20_000, validator=positive)
    max_member_bytes: int = attrs.field(default=50_000_000, validator=positive)  # per member
    max_total_bytes: int = attrs.field(default=4_000_000_000, validator=positive)
    max_ratio: float = 200.0                # uncompressed / compressed, every member
    max_depth: int = attrs.field(default=3, validator=positive)


@attrs.frozen
class InputItem:
    """One letter to convert: a file, or a member of a zip archive (read in memory)."""

    key: str                 # what records and the manifest call it: a path or "a.zip!dir/x.pdf"
    path: str                # the file on disk (the outermost archive, for a member)
    member: str | None = None           # the member's name ("inner.zip!x.pdf" when nested)
    chain: tuple[int, ...] = ()         # the member's index in each archive, outermost first


@attrs.frozen
class Result:
    """What became of one input: a :class:`Letter`, or the typed error that stopped it.

    Where the pool was asked for JSON (``run_pool(..., as_json=True)``, as ``convert`` does,
    so the record is serialised in the worker rather than sent whole and serialised in the
    main process), ``letter`` is None and ``record`` holds the record's JSON text, with its
    ``family`` and warning codes beside it."""

    input: str
    letter: Letter | None
    error: InspectionParseError | None
    sha256: str | None = None
    pages: int | None = None
    ms: float = 0.0
    record: str | None = None
    family: str | None = None
    warning_codes: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.letter is not None or self.record is not None

    def json(self) -> str | None:
        """The record as one line of JSON (None for a failed input)."""
        if self.record is not None:
            return self.record
        return to_json(self.letter) if self.letter is not None else None


@attrs.frozen
class Options:
    """How each input is parsed (sent to every worker)."""

    password: str | None = None
    limits: Limits = attrs.field(factory=Limits)
    backend: str = "auto"
    archive: ArchiveLimits = attrs.field(factory=ArchiveLimits)
    max_memory_mb: int | None = attrs.field(default=None, validator=positive)


# -- inputs ----------------------------------------------------------------------------------

def iter_inputs(inputs: Iterable[str | os.PathLike[str]], *,
                archive: ArchiveLimits | None = None,
                problems: list[Result] | None = None) -> Iterator[InputItem]:
    """Expand files, folders (recursively), globs and zip archives into letters to read.

    Folders and archives contribute files with a letter suffix (.pdf, .txt, .md,
    .html); a file named explicitly is taken whatever its suffix. Each letter comes once,
    however many ways it is named (keys are resolved paths). An input that does not
    exist, is not a regular file, or an archive that cannot be opened is reported in
    ``problems`` (as a failed :class:`Result`) and the rest go on.
    """
    for entry in expand(inputs, archive=archive):
        if isinstance(entry, InputItem):
            yield entry
        elif problems is not None:
            problems.append(entry)


def expand(inputs: Iterable[str | os.PathLike[str]], *,
           archive: ArchiveLimits | None = None) -> Iterator[InputItem | Result]:
    """Like :func:`iter_inputs`, but the failed inputs come in their place in the order."""
    archive = archive or ArchiveLimits()
    seen: set[str] = set()
    for raw in inputs:
        spec = os.fspath(raw)
        if isinstance(spec, bytes):
            spec = os.fsdecode(spec)
        if any(c in spec for c in "*?[") and not _unrepresentable(spec) and not (
                os.path.lexists(spec)):
            paths = sorted(glob.glob(spec, recursive=True))
            if not paths:
                yield _failed(spec, InputNotFoundError("no file matches this pattern", path=spec))
        else:
            paths = [spec]
        for p in paths:
            for entry in _expand_path(p, archive):
                key = entry.key if isinstance(entry, InputItem) else entry.input
                if key not in seen:
                    seen.add(key)
                    yield entry


def _canonical(path: str) -> str:
    return os.path.realpath(path)


def _expand_path(p: str, archive: ArchiveLimits) -> Iterator[InputItem | Result]:
    bad = _unrepresentable(p)
    if bad:
        yield _failed(p, InputNotFoundError(bad, path=p))
        return
    try:
        info = os.stat(p)
    except FileNotFoundError:
        yield _failed(p, InputNotFoundError("no such file", path=p))
        return
    except OSError as exc:
        yield _failed(p, InputNotFoundError(f"the file cannot be read ({exc.strerror})", path=p))
        return
    real = _canonical(p)
    if os.path.isdir(real):
        yield from _walk(real, archive)
        return
    yield from _file_entry(real, info.st_mode, archive, named=True)


def _file_entry(real: str, mode: int, archive: ArchiveLimits, *,
                named: bool) -> Iterator[InputItem | Result]:
    bad = _unrepresentable(real)
    if bad:
        yield _failed(real, InputNotFoundError(bad, path=real))
        return
    kind = not_regular(mode)
    if kind:
        yield _failed(real, InputNotFoundError(
            f"this is {kind}, not a regular file: only files are read", path=real))
    elif real.lower().endswith(".zip"):
        yield from _zip_items(real, archive)
    elif named or real.lower().endswith(LETTER_SUFFIXES):
        yield InputItem(real, real)


def _walk(folder: str, archive: ArchiveLimits) -> Iterator[InputItem | Result]:
    """Files under ``folder`` in name order, recursively (links to folders are not followed)."""
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        yield _failed(folder, InputNotFoundError(
            f"the folder cannot be read ({exc.strerror})", path=folder))
        return
    for entry in entries:
        try:
            if entry.is_dir(follow_symlinks=False):
                yield from _walk(entry.path, archive)
                continue
            low = entry.name.lower()
            if not low.endswith((*LETTER_SUFFIXES, ".zip")):
                continue
            if entry.is_symlink():
                real = _canonical(entry.path)
                mode = os.stat(real).st_mode
            else:
                real = entry.path
                mode = (stat.S_IFREG if entry.is_file(follow_symlinks=False)
                        else entry.stat(follow_symlinks=False).st_mode)
        except OSError as exc:
            yield _failed(entry.path, InputNotFoundError(
                f"the file cannot be read ({exc.strerror})", path=entry.path))
            continue
        yield from _file_entry(real, mode, archive, named=False)


def _unrepresentable(name: str) -> str | None:
    """Why a name cannot be carried into the output, or None (the usual case).

    Names the operating system gives are always carried (bytes that are not UTF-8 become
    surrogate escapes, written to JSON as ``\\udcXX``); a name that cannot be turned back
    into the file system's bytes (a lone surrogate from elsewhere) cannot name a file."""
    if name.isascii():
        return None
    try:
        os.fsencode(name)
    except UnicodeError:
        return ("the file name cannot be represented in the file system's encoding: "
                "rename the file")
    return None


# -- zip archives ----------------------------------------------------------------------------

class _Archives:
    """Open zip archives, kept for the run (a process's own; dropped in a new worker)."""

    def __init__(self, size: int = 8) -> None:
        self.size = size
        self.open: OrderedDict[tuple[str, tuple[int, ...]], zipfile.ZipFile] = OrderedDict()

    def get(self, path: str, chain: tuple[int, ...], options: Options, key: str
            ) -> zipfile.ZipFile:
        found = self.open.get((path, chain))
        if found is not None:
            self.open.move_to_end((path, chain))
            return found
        if chain:
            outer = self.get(path, chain[:-1], options, key)
            data = _read_member(outer, outer.infolist()[chain[-1]], options, key)
            zf = zipfile.ZipFile(io.BytesIO(data))
        else:
            zf = zipfile.ZipFile(path)
        self.open[(path, chain)] = zf
        while len(self.open) > self.size:
            _, old = self.open.popitem(last=False)
            with contextlib.suppress(Exception):
                old.close()
        return zf

    def forget(self) -> None:
        """Drop what the parent process had open (a forked worker shares its file offsets)."""
        self.open = OrderedDict()

    def close(self) -> None:
        for zf in self.open.values():
            with contextlib.suppress(Exception):
                zf.close()
        self.open.clear()


_ARCHIVES = _Archives()

_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, IndexError, OSError, EOFError,
               NotImplementedError, RuntimeError, ValueError, UnicodeError)


def _zip_items(path: str, limits: ArchiveLimits) -> Iterator[InputItem | Result]:
    try:
        with zipfile.ZipFile(path) as zf:
            yield from _zip_entries(zf, path, path, (), "", limits, [0, 0])
    except _ZIP_ERRORS as exc:
        yield _failed(path, ArchiveError(
            f"the zip archive is truncated or damaged and cannot be read ({exc})", path=path))


def _zip_entries(zf: zipfile.ZipFile, path: str, key: str, chain: tuple[int, ...], prefix: str,
                 limits: ArchiveLimits, budget: list[int]) -> Iterator[InputItem | Result]:
    """The letters of one (possibly nested) archive; ``budget`` counts members and bytes
    over the whole tree of archives."""
    infos = [(n, i) for n, i in enumerate(zf.infolist()) if not i.is_dir()]
    budget[0] += len(infos)
    budget[1] += sum(i.file_size for _, i in infos)
    if budget[0] > limits.max_members:
        yield _failed(key, ArchiveError(
            f"the archive has {budget[0]:,} members, over the limit of "
            f"{limits.max_members:,}", path=key))
        return
    if budget[1] > limits.max_total_bytes:
        yield _failed(key, ArchiveError(
            f"the archive would unpack to {budget[1]:,} bytes, over the limit of "
            f"{limits.max_total_bytes:,} (a zip bomb?)", path=key))
        return
    names = Counter(i.filename for _, i in infos)
    for index, info in sorted(infos, key=lambda t: (t[1].filename, t[0])):
        name = info.filename
        member_key = f"{key}!{name}" + (f"[{index}]" if names[name] > 1 else "")
        low = name.lower()
        if low.endswith(LETTER_SUFFIXES):
            yield InputItem(member_key, path, prefix + name, (*chain, index))
        elif low.endswith(".zip"):
            depth = len(chain) + 1
            if depth >= limits.max_depth:
                yield _failed(member_key, ArchiveError(
                    f"a zip inside a zip {depth} levels deep was not read (the limit is "
                    f"{limits.max_depth}: ArchiveLimits.max_depth)", path=member_key))
                continue
            try:
                data = _read_member(zf, info, Options(archive=limits), member_key)
                with zipfile.ZipFile(io.BytesIO(data)) as inner:
                    yield from _zip_entries(inner, path, member_key, (*chain, index),
                                            f"{prefix}{name}!", limits, budget)
            except InspectionParseError as exc:
                yield _failed(member_key, exc)
            except _ZIP_ERRORS as exc:
                yield _failed(member_key, ArchiveError(
                    f"the zip inside the archive is damaged and cannot be read ({exc})",
                    path=member_key))


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, options: Options, key: str) -> bytes:
    """One member's bytes, never more than the limits allow, whatever its header says."""
    limits = options.archive
    cap = limits.max_member_bytes
    if options.limits.max_bytes is not None:
        cap = min(cap, options.limits.max_bytes)
    if info.file_size > cap:
        raise ArchiveError(f"the member would unpack to {info.file_size:,} bytes, "
                           f"over the limit of {cap:,}", path=key)
    packed = max(info.compress_size, 1)
    if info.file_size / packed > limits.max_ratio:
        raise ArchiveError(
            f"the member compresses {info.file_size / packed:.0f} to 1, "
            "too much for a letter (a zip bomb?)", path=key)
    with zf.open(info) as fh:
        data = fh.read(cap + 1)         # never trust the declared size
    if len(data) > cap:
        raise ArchiveError(f"the member unpacks to more than {cap:,} bytes", path=key)
    if len(data) / packed > limits.max_ratio:
        raise ArchiveError(
            f"the member unpacks {len(data) / packed:.0f} to 1, more than its header says: "
            "too much for a letter (a zip bomb?)", path=key)
    return data


def read_item(item: InputItem, options: Options) -> bytes:
    """The bytes of one input: a regular file read up to the byte limit, or a zip member read
    in memory with its size and compression ratio capped."""
    if item.member is None:
        return read_bounded(item.path, options.limits.max_bytes, where=item.key)
    try:
        zf = _ARCHIVES.get(item.path, item.chain[:-1], options, item.key)
        return _read_member(zf, zf.infolist()[item.chain[-1]], options, item.key)
    except InspectionParseError:
        raise
    except _ZIP_ERRORS as exc:
        raise ArchiveError(f"the archive member cannot be read ({exc})", path=item.key) from None
    except Exception as exc:
        raise ArchiveError(f"the archive member is damaged ({type(exc).__name__}: {exc})",
                           path=item.key) from None


def parse_item(item: InputItem, options: Options, *, as_json: bool = False) -> Result:
    """Read and parse one input; never raises for bad input (the error is in the result).
    ``as_json``: give the record as JSON text rather than a :class:`Letter`."""
    started = time.perf_counter()
    sha = None
    try:
        data = read_item(item, options)
        sha = hashlib.sha256(data).hexdigest()
        letter = parse_bytes(data, name=item.key, password=options.password,
                             limits=options.limits, backend=options.backend)
    except InspectionParseError as exc:
        return Result(item.key, None, exc, sha, None, _ms(started))
    if as_json:
        return Result(item.key, None, None, sha, letter.source.pages, _ms(started),
                      record=to_json(letter), family=letter.family,
                      warning_codes=tuple(w.code for w in letter.warnings))
    return Result(item.key, letter, None, sha, letter.source.pages, _ms(started))


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 1)


def _failed(key: str, error: InspectionParseError) -> Result:
    return Result(key, None, error)


# -- the worker pool -------------------------------------------------------------------------

_LOCK_FDS: set[int] = set()     # output locks this process holds (a worker closes its copies)


def _die_with_parent(parent: int) -> None:
    """Ask Linux to kill this process when its parent dies; elsewhere the poll in the worker
    loop notices (the parent's pid is no longer our parent's)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, int(signal.SIGKILL), 0, 0, 0)     # PR_SET_PDEATHSIG
    if os.getppid() != parent:                                # it died before we asked
        os._exit(0)


def _worker_main(conn: Connection, options: Options, parent: int, as_json: bool = False) -> None:
    _die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)      # the parent decides; it reaps us
    for fd in list(_LOCK_FDS):                         # the lock is the parent's alone
        with contextlib.suppress(OSError):
            os.close(fd)
    _LOCK_FDS.clear()
    _ARCHIVES.forget()
    # What the parent had is never garbage here: keep the collector from walking (and so
    # copying) every inherited object on each collection.
    gc.freeze()
    if options.max_memory_mb:
        import resource

        limit = int(options.max_memory_mb * 1024 * 1024)
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    while True:
        try:
            if not conn.poll(0.5):
                if os.getppid() != parent:
                    return
                continue
            item = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        if item is None:
            return
        try:
            result = parse_item(item, options, as_json=as_json)
        except MemoryError:
            result = Result(item.key, None, WorkerCrashError(
                "the worker ran out of memory on this file", path=item.key))
        try:
            conn.send(result)
        except (OSError, EOFError):
            return


class _Worker:
    def __init__(self, ctx: Any, options: Options, as_json: bool = False) -> None:
        self.conn, child = ctx.Pipe()
        self.as_json = as_json
        self.process = ctx.Process(target=_worker_main,
                                   args=(child, options, os.getpid(), as_json), daemon=True)
        self.process.start()
        child.close()
        self.item: InputItem | None = None
        self.started = 0.0

    def give(self, item: InputItem) -> None:
        self.item, self.started = item, time.monotonic()
        self.conn.send(item)

    def stop(self, kill: bool = False) -> None:
        if kill:
            with contextlib.suppress(OSError):
                self.process.kill()
        else:
            with contextlib.suppress(OSError, BrokenPipeError):
                self.conn.send(None)
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()

    def death(self) -> str:
        """How the worker ended, in words (it may take a moment to be reaped)."""
        self.process.join(timeout=2)
        code = self.process.exitcode
        if code is None:
            return "the worker process stopped answering on this file"
        if code < 0:
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = f"signal {-code}"
            return f"the worker process was killed by {name} on this file"
        return f"the worker process died on this file (exit status {code})"


class _Alarm(BaseException):
    """The in-process timeout went off (a BaseException, so no parser code swallows it)."""


def _parse_in_process(item: InputItem, options: Options, timeout: float | None,
                      as_json: bool = False) -> Result:
    """parse_item with the per-file timeout, by SIGALRM (main thread of a Unix process)."""
    if (timeout is None or not hasattr(signal, "setitimer")
            or threading.current_thread() is not threading.main_thread()):
        return parse_item(item, options, as_json=as_json)

    rang = False

    def ring(_signum: int, _frame: Any) -> None:
        nonlocal rang
        rang = True
        raise _Alarm

    previous = signal.signal(signal.SIGALRM, ring)
    try:
        signal.setitimer(signal.ITIMER_REAL, timeout)
        try:
            result = parse_item(item, options, as_json=as_json)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        # The alarm can go off inside a __del__ or a garbage collection, where Python prints
        # the exception and goes on: the file still took longer than the limit.
        if not rang:
            return result
    except _Alarm:
        pass
    finally:
        signal.signal(signal.SIGALRM, previous)
    return Result(item.key, None, ParseTimeoutError(
        f"parsing took longer than {timeout:g} s and was stopped", path=item.key),
        ms=round(timeout * 1000, 1))


def run_pool(items: Iterable[InputItem], options: Options, *, workers: int,
             timeout: float | None = 60.0, as_json: bool = False) -> Iterator[Result]:
    """Parse ``items`` in ``workers`` processes; yield results as they complete.

    A file that takes longer than ``timeout`` seconds is recorded as timed out
    (its worker is killed and replaced); a worker that dies is replaced and its
    file recorded as failed. ``workers=0`` parses in this process (the timeout
    still applies, by an alarm signal, when called from the main thread).
    Workers exit when this process dies, and the pool stops all it started.
    """
    timeout = positive_number(timeout, "timeout")
    if workers <= 0:
        for item in items:
            yield _parse_in_process(item, options, timeout, as_json)
        return
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    ctx = multiprocessing.get_context(method)
    pending = iter(items)
    pool: list[_Worker] = []
    exhausted = False
    try:
        pool.extend(_Worker(ctx, options, as_json) for _ in range(workers))
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
                        yield Result(w.item.key, None, WorkerCrashError(
                            f"{w.death()}; it may have run out of memory", path=w.item.key),
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
    pool[pool.index(dead)] = _Worker(ctx, options, dead.as_json)


def parse_many(inputs: Iterable[str | os.PathLike[str]], *, workers: int | None = None,
               password: str | None = None, limits: Limits | None = None,
               backend: str = "auto", timeout: float | None = 60.0) -> Iterator[Result]:
    """Parse many letters in parallel, yielding a :class:`Result` per input as it completes.

    ``inputs`` may name files, folders (searched recursively), glob patterns and
    zip archives. ``workers`` defaults to the number of CPUs; ``0`` parses in this
    process. A result holds the :class:`Letter` or the typed error, never both.
    Inputs that are not regular files (FIFOs, devices, sockets) are refused up front.

    >>> for result in parse_many(["letters/"], workers=2):             # doctest: +SKIP
    ...     print(result.input, result.letter.family if result.ok else result.error.code)
    """
    timeout = positive_number(timeout, "timeout")
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
    failures: tuple[tuple[str, str, str], ...] = ()    # (input, error code, message), in order

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0

    def line(self) -> str:
        rate = self.converted / self.seconds if self.seconds > 0 else 0.0
        return (f"{self.converted} converted, {self.skipped} skipped (already done), "
                f"{self.failed} failed, of {self.total} inputs in {self.seconds:.1f} s "
                f"({rate:.1f} letters/s); records: {self.records}; manifest: {self.manifest}")

    def failure_lines(self, limit: int = 10) -> list[str]:
        """The first ``limit`` failed inputs with their codes, and where the rest are listed."""
        lines = [f"failed: {name}: {message} [{code}]"
                 for name, code, message in self.failures[:limit]]
        if len(self.failures) > limit:
            lines.append(f"... and {len(self.failures) - limit} more failed inputs: every one "
                         f"is listed in {self.manifest} (\"status\": \"error\")")
        return lines


def output_paths(out: str | os.PathLike[str], fmt: Format) -> tuple[Path, Path, Path | None]:
    """(records file, manifest file, table folder or None) for an output argument."""
    out = Path(out)
    if fmt == "jsonl":
        return out, out.with_name(out.name.rsplit(".", 1)[0] + ".manifest.jsonl"), None
    return out / "records.jsonl", out / "manifest.jsonl", out


def lock_path(records: Path) -> Path:
    """The lock file of an output: beside its records file."""
    return records.with_name(records.name + ".lock")


@contextlib.contextmanager
def output_lock(records: Path) -> Iterator[Path]:
    """Hold the output's lock for the block, or raise :class:`OutputLockedError` at once.

    ``flock`` on a lock file beside the records: the operating system drops it when the
    process ends, however it ends, so a lock left by a killed run never blocks. The file
    itself is left in place (removing it would let two runs lock two different files)."""
    path = lock_path(records)
    try:
        import fcntl
    except ImportError:            # pragma: no cover - not Unix: no lock
        yield path
        return
    fd = _output_call(lambda: os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644), path)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
            raise OutputLockedError(
                "another run is converting into this output right now"
                + (f" (process {holder})" if holder.isdigit() else "")
                + f"; wait for it to end, or write to another output (lock: {path})",
                path=str(records)) from None
        with contextlib.suppress(OSError):
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        _LOCK_FDS.add(fd)
        try:
            yield path
        finally:
            _LOCK_FDS.discard(fd)
    finally:
        os.close(fd)


_OUTPUT_PROBLEMS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is exhausted",
    errno.EROFS: "the output is on a read-only file system",
    errno.EACCES: "permission denied: the output folder cannot be written",
    errno.EPERM: "permission denied: the output folder cannot be written",
    errno.ENOTDIR: "a file is in the way: the output folder's path names a file",
    errno.EEXIST: "a file is in the way: the output folder's path names a file",
    errno.EISDIR: "the output names a folder where a file should be",
    errno.EPIPE: "the output was closed by its reader",
}


def output_error(exc: OSError, path: str | os.PathLike[str] | None) -> OutputError:
    """An :class:`OutputError` saying, in one line, what went wrong writing ``path``."""
    what = _OUTPUT_PROBLEMS.get(exc.errno or 0, "the output cannot be written")
    detail = exc.strerror or type(exc).__name__
    where = exc.filename if isinstance(exc.filename, str) else (
        os.fsdecode(path) if path is not None else None)
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        then = ("free some space and run the same command again: what was converted so far "
                "is kept")
    else:
        then = "fix that and run the same command again"
    return OutputError(f"{what} ({detail}); {then}", path=where)


def _output_call(work: Any, path: str | os.PathLike[str]) -> Any:
    try:
        return work()
    except OSError as exc:
        raise output_error(exc, path) from None


def convert(inputs: Sequence[str | os.PathLike[str]], out: str | os.PathLike[str], *,
            fmt: Format = "jsonl", workers: int | None = None, force: bool = False,
            timeout: float | None = 60.0, options: Options | None = None,
            progress: TextIO | None = None, engine: str = "local",
            scheduler: str | None = None) -> Summary:
    """Convert an archive of letters; resumable, crash-safe, failures isolated.

    Records go to ``out`` (a ``.jsonl`` file) or, for ``fmt="parquet"``/``"csv"``,
    to the folder ``out`` as ``records.jsonl`` plus the tables ``letters``,
    ``areas`` and ``sections``. A manifest (one line per input: path, sha256,
    status, error, family, warning codes, pages, milliseconds, parser version) sits
    beside the records. Records and manifest end in input order. Running again skips
    inputs already converted from the same bytes by the same parser version;
    ``force=True`` redoes them.

    One run per output at a time (:class:`OutputLockedError` otherwise); an output that
    cannot be written raises :class:`OutputError` and leaves nothing a rerun cannot repair.
    """
    started = time.perf_counter()
    timeout = positive_number(timeout, "timeout")
    options = options or Options()
    records_path, manifest_path, table_dir = output_paths(out, fmt)
    if table_dir is not None and table_dir.exists() and not table_dir.is_dir():
        raise OutputError("a file is in the way: the output folder's path names a file",
                          path=str(table_dir))
    _output_call(lambda: records_path.parent.mkdir(parents=True, exist_ok=True),
                 records_path.parent)
    with output_lock(records_path):
        try:
            summary = _convert_locked(inputs, records_path, manifest_path, table_dir, fmt,
                                      workers, force, timeout, options, progress, engine,
                                      scheduler)
        finally:
            _ARCHIVES.close()
    return attrs.evolve(summary, seconds=time.perf_counter() - started)


def _convert_locked(inputs: Sequence[str | os.PathLike[str]], records_path: Path,
                    manifest_path: Path, table_dir: Path | None, fmt: Format,
                    workers: int | None, force: bool, timeout: float | None,
                    options: Options, progress: TextIO | None, engine: str,
                    scheduler: str | None) -> Summary:
    entries = list(expand(inputs, archive=options.archive))
    items = [e for e in entries if isinstance(e, InputItem)]
    problems = [e for e in entries if isinstance(e, Result)]
    order = {(e.key if isinstance(e, InputItem) else e.input): n for n, e in enumerate(entries)}
    _output_call(lambda: _repair_tail(records_path), records_path)
    _output_call(lambda: _repair_tail(manifest_path), manifest_path)
    done = _existing_records(records_path)
    previous = _read_manifest(manifest_path)
    todo: list[InputItem] = []
    skipped: list[InputItem] = []
    redo: set[str] = set()
    for item in items:
        have = done.get(item.key)
        if have is not None and not force and have["parser_version"] == __version__ and (
                have["sha256"] == _sha_of(item, options)):
            skipped.append(item)
            continue
        if have is not None:
            redo.add(item.key)
        todo.append(item)
    if redo:
        _output_call(lambda: _drop_records(records_path, redo), records_path)
    bar = _Progress(len(todo), progress)
    converted = 0
    outcomes: dict[str, Result] = {r.input: r for r in problems}
    with _output_call(lambda: open(records_path, "ab"), records_path) as rec_fh, \
            _output_call(lambda: open(manifest_path, "ab"), manifest_path) as man_fh:
        for result in problems:
            _append(man_fh, _manifest_line(result, None), manifest_path)
        for item in skipped:
            _append(man_fh, _skipped_line(item, done[item.key], previous.get(item.key)),
                    manifest_path)
        results = (_dask_results(todo, options, scheduler) if engine == "dask"
                   else run_pool(todo, options, workers=_workers(workers), timeout=timeout,
                                 as_json=True))
        by_key = {i.key: i for i in todo}
        try:
            for result in results:
                text = result.json()
                if text is not None:
                    # The record first, in one write of a whole line; then its manifest line.
                    _append(rec_fh, text, records_path, raw=True)
                    converted += 1
                else:
                    outcomes[result.input] = result
                _append(man_fh, _manifest_line(result, by_key.get(result.input)), manifest_path)
                bar.step(result.ok)
        finally:
            close = getattr(results, "close", None)
            if close is not None:
                close()                 # stop and reap the workers, whatever happened
            bar.close()
    _output_call(lambda: _order_records(records_path, order), records_path)
    _output_call(lambda: _compact_manifest(manifest_path, order), manifest_path)
    tables: tuple[str, ...] = ()
    if table_dir is not None:
        from .tables import write_tables

        tables = tuple(str(p) for p in _output_call(
            lambda: write_tables(records_path, table_dir, fmt), table_dir))
    failures = tuple((r.input, r.error.code, r.error.message)
                     for r in sorted(outcomes.values(), key=lambda r: order.get(r.input, 0))
                     if r.error is not None)
    return Summary(total=len(entries), converted=converted, skipped=len(skipped),
                   failed=len(failures), seconds=0.0, records=str(records_path),
                   manifest=str(manifest_path), tables=tables, failures=failures)


def _dask_results(items: list[InputItem], options: Options,
                  scheduler: str | None) -> Iterator[Result]:
    from .dask import run_on_cluster

    yield from run_on_cluster(items, options, scheduler)


def _sha_of(item: InputItem, options: Options) -> str | None:
    try:
        return hashlib.sha256(read_item(item, options)).hexdigest()
    except InspectionParseError:
        return None


def json_text(text: str) -> bytes:
    """JSON text as UTF-8 bytes; a lone surrogate (a file name that was not UTF-8, kept by
    Python's surrogate escapes) is written as its JSON escape ``\\udcXX``, which reads back
    to the same string. Surrogates only occur inside JSON strings, so the escape is valid."""
    return text.encode("utf-8", "backslashreplace")


def _append(fh: Any, line: Any, path: Path, *, raw: bool = False) -> None:
    text = line if raw else json.dumps(line, ensure_ascii=False, separators=(",", ":"))
    data = json_text(text + "\n")
    fd = fh.fileno()
    view = memoryview(data)
    try:
        while view:                       # one write() in practice; loop on a short write
            n = os.write(fd, view)
            view = view[n:]
    except OSError as exc:
        raise output_error(exc, path) from None


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
        "family": result.letter.family if result.letter else result.family,
        "warnings": ([w.code for w in result.letter.warnings] if result.letter
                     else list(result.warning_codes) if result.ok else None),
        "pages": result.pages,
        "ms": result.ms,
        "parser_version": __version__,
    }


def _skipped_line(item: InputItem, record: dict[str, Any],
                  before: dict[str, Any] | None) -> dict[str, Any]:
    """The manifest line of an input already done, complete even when its earlier manifest
    line was lost (a run killed between the record and its manifest line): the record
    itself says what the line needs."""
    return {
        "input": item.key,
        "path": item.path,
        "member": item.member,
        "sha256": record["sha256"],
        "status": "skipped",
        "error_code": None,
        "error_message": None,
        "family": record["family"],
        "warnings": record["warnings"],
        "pages": record["pages"],
        "ms": before.get("ms") if before and before.get("status") != "error" else None,
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


def _record_lines(fh: Any) -> Iterator[tuple[int, bytes, dict[str, Any]]]:
    """(offset, line, record) for each readable record line of a records file (binary)."""
    offset = 0
    for line in fh:
        here = offset
        offset += len(line)
        try:
            record = json.loads(line)
            record["source"]["path"]
        except (ValueError, KeyError, TypeError):
            continue
        yield here, line, record


def _existing_records(path: Path) -> dict[str, dict[str, Any]]:
    """key → what the record already in the output says about its input."""
    if not path.exists():
        return {}
    done = {}
    with _output_call(lambda: open(path, "rb"), path) as fh:
        for _, _, record in _record_lines(fh):
            source = record["source"]
            done[source["path"]] = {
                "sha256": source.get("sha256"),
                "parser_version": source.get("parser_version", ""),
                "family": record.get("family"),
                "pages": source.get("pages"),
                "warnings": [w.get("code") for w in record.get("warnings") or ()
                             if isinstance(w, dict)],
            }
    return done


def _rewrite(path: Path, write: Any) -> None:
    """Replace ``path`` atomically by what ``write(fh)`` writes: a temp file, fsync, rename.
    On failure the temp file is removed and ``path`` is untouched."""
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def _drop_records(path: Path, keys: set[str]) -> None:
    """Rewrite the records file without ``keys``."""
    def write(dst: Any) -> None:
        with open(path, "rb") as src:
            for _, line, record in _record_lines(src):
                if record["source"]["path"] not in keys:
                    dst.write(line)

    _rewrite(path, write)


def _order_records(path: Path, order: dict[str, int]) -> None:
    """Put the records in input order (records of inputs not in this run after them, as
    they were); one record per input (the last); unreadable lines dropped. Only the offsets
    are held in memory."""
    if not path.exists():
        return
    spans: dict[str, tuple[int, int]] = {}
    clean = True
    with open(path, "rb") as fh:
        end = 0
        for offset, line, record in _record_lines(fh):
            key = record["source"]["path"]
            clean = clean and offset == end and key not in spans
            spans[key] = (offset, len(line))
            end = offset + len(line)
        clean = clean and end == fh.seek(0, os.SEEK_END)
    last = len(order)
    ranked = sorted(spans, key=lambda k: order.get(k, last))
    if clean and ranked == list(spans):
        return                                   # already in order: nothing to rewrite

    def write(dst: Any) -> None:
        with open(path, "rb") as src:
            for key in ranked:
                offset, size = spans[key]
                src.seek(offset)
                dst.write(src.read(size))

    _rewrite(path, write)


def _read_manifest(path: Path) -> dict[str, dict[str, Any]]:
    entries: dict[str, dict[str, Any]] = {}
    if not path.exists():
        return entries
    with _output_call(lambda: open(path, "rb"), path) as fh:
        for line in fh:
            try:
                entry = json.loads(line)
                key = entry["input"]
            except (ValueError, KeyError, TypeError):
                continue
            if entry.get("status") == "skipped" and key in entries:
                continue  # keep the line that says how it was converted
            entries[key] = entry
    return entries


def _compact_manifest(path: Path, order: dict[str, int]) -> None:
    """Keep one line per input (the latest outcome), in input order, atomically."""
    entries = _read_manifest(path)
    last = len(order)

    def write(fh: Any) -> None:
        for key in sorted(entries, key=lambda k: order.get(k, last)):
            fh.write(json_text(json.dumps(entries[key], ensure_ascii=False,
                                          separators=(",", ":")) + "\n"))

    _rewrite(path, write)


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

