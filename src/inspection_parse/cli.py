"""The ``inspection-parse`` command: argument parsing and exit codes over the public API.

Exit codes: 0 all went well; 1 some input failed (each failure is one line on
stderr, the rest are still converted); 2 usage error (including another run holding the
output's lock); 3 the output cannot be written (disk full, read-only folder, standard output
closed ...): one line on stderr, and a rerun resumes.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import math
import os
import signal
import sys
from collections.abc import Callable, Sequence
from typing import TextIO

from ._version import __version__
from .errors import InspectionParseError, OutputError, OutputLockedError
from .limits import Limits

_DEFAULT_LIMITS = Limits()

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_OUTPUT = 0, 1, 2, 3

# Commands that live beside the feature they drive. Each module has
# ``register(subparsers) -> {command name: handler}``, a handler being
# ``handler(args, stdout, stderr) -> exit code``. Modules must import lightly.
EXTENSIONS: tuple[str, ...] = ("inspection_parse.review_cli",)

Handler = Callable[[argparse.Namespace, TextIO, TextIO], int]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _limit(kind: type[int] | type[float]) -> Callable[[str], int | float | None]:
    """An argparse type: a positive number, or ``none`` to turn the limit off explicitly.
    0, negative numbers, nan and inf are usage errors (they used to turn limits off)."""
    def convert(text: str) -> int | float | None:
        if text.strip().lower() == "none":
            return None
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"{text!r} is not a {'whole ' if kind is int else ''}number (or 'none' for "
                "no limit)") from None
        if not math.isfinite(value) or value <= 0:
            raise argparse.ArgumentTypeError(
                f"{text!r}: a limit must be a positive number; give 'none' for no limit")
        return value

    convert.__name__ = "limit"
    return convert


def _add_input_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--password", help="password for encrypted PDFs")
    p.add_argument("--backend", choices=("auto", "pypdfium2", "pdfplumber"), default="auto",
                   help="PDF reader (default: auto = pypdfium2 where installed, else pdfplumber)")
    p.add_argument("--max-bytes", type=_limit(int), default=_DEFAULT_LIMITS.max_bytes,
                   help="refuse files larger than this; 'none' for no limit "
                        "(default: %(default)s)")
    p.add_argument("--max-pages", type=_limit(int), default=_DEFAULT_LIMITS.max_pages,
                   help="refuse PDFs with more pages; 'none' for no limit (default: %(default)s)")


def _limits(args: argparse.Namespace) -> Limits:
    return Limits(max_bytes=args.max_bytes, max_pages=args.max_pages)


def build_parser() -> tuple[argparse.ArgumentParser, dict[str, Handler]]:
    parser = _Parser(
        prog="inspection-parse",
        description="Turn inspectorate monitoring letters (PDF, text or HTML) into typed JSON "
                    "records.",
        epilog="Exit codes: 0 all went well; 1 some inputs failed; 2 usage error (or another "
               "run is writing the same output); 3 the output cannot be written.",
    )
    parser.add_argument("-V", "--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("parse", help="parse letters and print one JSON record per line",
                       description="Parse each FILE and print its record as one JSON line "
                                   "(JSON Lines), in argument order. A file that fails prints "
                                   "a message on stderr; the others still print.")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--pretty", action="store_true", help="indented JSON (one file only)")
    _add_input_options(p)

    p = sub.add_parser(
        "convert", help="convert an archive of letters to JSON Lines, Parquet or CSV",
        description="Convert files, folders (recursively), glob patterns and zip archives of "
                    "letters. OUT.jsonl gets one record a line (and OUT.manifest.jsonl beside "
                    "it); with --format parquet or csv, OUT is a folder holding records.jsonl, "
                    "manifest.jsonl and the tables letters, areas and sections. Re-running "
                    "skips inputs already converted; failures are recorded and the run goes on.")
    p.add_argument("inputs", nargs="+", metavar="INPUT")
    p.add_argument("-o", "--output", required=True, metavar="OUT")
    p.add_argument("--format", choices=("jsonl", "parquet", "csv"),
                   help="output format (default: jsonl, from OUT's suffix)")
    p.add_argument("--workers", type=int, default=None,
                   help="worker processes (default: the number of CPUs; 0 = in this process)")
    p.add_argument("--force", action="store_true", help="redo inputs already converted")
    p.add_argument("--timeout", type=_limit(float), default=60.0,
                   help="seconds one file may take before it is stopped, with or without "
                        "workers; 'none' for no limit (default: %(default)s)")
    p.add_argument("--max-memory", type=_limit(int), default=None, metavar="MB",
                   help="address-space limit per worker process, in MB (default: none)")
    p.add_argument("--engine", choices=("local", "dask"), default="local",
                   help="local process pool (default) or a Dask cluster (needs the [dask] extra)")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="Dask scheduler address (default: start a LocalCluster)")
    _add_input_options(p)

    sub.add_parser("schema", help="print the JSON Schema of a letter record",
                   description="Print the JSON Schema (draft 2020-12) of one letter record.")

    sub.add_parser("warnings", help="list the warning codes and what they mean",
                   description="List every warning code a record can carry.")
    handlers: dict[str, Handler] = {"parse": _cmd_parse, "convert": _cmd_convert,
                                    "schema": _cmd_schema, "warnings": _cmd_warnings}
    for name in EXTENSIONS:
        handlers.update(importlib.import_module(name).register(sub))
    return parser, handlers


def main(argv: Sequence[str] | None = None, *, stdout: TextIO | None = None,
         stderr: TextIO | None = None) -> int:
    out: TextIO = stdout or sys.stdout   # None when file descriptor 1 was closed at start-up
    err = stderr or sys.stderr
    parser, handlers = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    if args.command is None:
        parser.print_help(err)
        return EXIT_USAGE
    try:
        return handlers[args.command](args, out, err)
    except OutputLockedError as exc:
        err.write(f"inspection-parse {args.command}: {exc}\n")
        return EXIT_USAGE
    except OutputError as exc:
        err.write(f"inspection-parse {args.command}: {exc}\n")
        return EXIT_OUTPUT
    except KeyboardInterrupt:
        err.write(f"inspection-parse {args.command}: interrupted; run the same command again "
                  "to resume\n")
        return 130


def _output_mistake(out: str, fmt: str | None) -> str | None:
    """What is wrong with ``-o OUT`` for ``--format FMT`` (None when nothing is)."""
    lowered = out.lower()
    if fmt in ("parquet", "csv"):
        if lowered.endswith((".jsonl", ".ndjson", ".json", ".parquet", ".csv")):
            return (f"with --format {fmt}, OUT is a folder of tables, but {out!r} is named "
                    "like a file: give a folder name (e.g. out/tables), or drop --format for "
                    "JSON Lines")
        return None
    if not lowered.endswith((".jsonl", ".ndjson")):
        if fmt == "jsonl":
            return f"with --format jsonl, OUT must end in .jsonl (not {out!r})"
        return ("OUT must end in .jsonl, or give --format parquet|csv for a folder of tables")
    if os.path.isdir(out):
        return f"{out!r} is a folder; give a file name ending in .jsonl"
    return None


def _cmd_convert(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .bulk import Format, Options, convert

    mistake = _output_mistake(args.output, args.format)
    if mistake is None and args.scheduler and args.engine != "dask":
        mistake = "--scheduler needs --engine dask"
    if mistake:
        err.write(f"inspection-parse convert: {mistake}\n")
        return EXIT_USAGE
    fmt: Format = args.format or "jsonl"
    if fmt in ("parquet", "csv"):
        try:
            import pandas  # noqa: F401
            import pyarrow  # noqa: F401
        except ImportError:
            err.write("inspection-parse convert: --format parquet/csv needs the [parquet] extra: "
                      "pip install 'inspection-parse[parquet]'\n")
            return EXIT_USAGE
    if args.workers is not None and args.workers < 0:
        err.write("inspection-parse convert: --workers must be 0 or more\n")
        return EXIT_USAGE
    options = Options(password=args.password, limits=_limits(args), backend=args.backend,
                      max_memory_mb=args.max_memory)
    previous = signal.getsignal(signal.SIGTERM)
    signal.signal(signal.SIGTERM, _terminated)      # end like Ctrl-C: workers stopped, reaped
    try:
        summary = convert(args.inputs, args.output, fmt=fmt, workers=args.workers,
                          force=args.force, timeout=args.timeout, options=options,
                          progress=err, engine=args.engine, scheduler=args.scheduler)
    finally:
        signal.signal(signal.SIGTERM, previous)
    err.write(summary.line() + "\n")
    for line in summary.failure_lines():
        err.write(line + "\n")
    return summary.exit_code


def _terminated(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


def _cmd_schema(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .serialize import json_schema

    _write_out(out, json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n")
    return EXIT_OK


def _cmd_warnings(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .errors import WARNINGS

    _write_out(out, "".join(f"{code}  {meaning}\n" for code, meaning in WARNINGS.items()))
    return EXIT_OK


def _cmd_parse(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .api import parse
    from .bulk import json_text
    from .serialize import to_json

    if args.pretty and len(args.files) != 1:
        err.write("inspection-parse parse: --pretty takes exactly one FILE\n")
        return EXIT_USAGE
    failed = 0
    limits = _limits(args)
    for path in args.files:
        try:
            letter = parse(path, password=args.password, limits=limits, backend=args.backend)
        except InspectionParseError as exc:
            err.write(f"error: {exc}\n")
            failed += 1
            continue
        # A name that was not UTF-8 (kept as surrogate escapes) is written as JSON \udcXX.
        _write_out(out, json_text(to_json(letter, indent=2 if args.pretty else None) + "\n")
                   .decode("utf-8"))
    return EXIT_FAILED if failed else EXIT_OK


def _write_out(out: TextIO | None, text: str) -> None:
    """Write to standard output; a closed or full one is an :class:`OutputError`."""
    if out is None:          # Python found file descriptor 1 closed at start-up
        raise OutputError("standard output is closed: nothing can be printed (redirect it to "
                          "a file, or use convert -o)", path="<stdout>")
    try:
        out.write(text)
        out.flush()
    except (OSError, ValueError) as exc:
        if out is sys.stdout:
            # Keep the interpreter's own flush at exit from failing a second time.
            with contextlib.suppress(OSError, ValueError):
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, sys.stdout.fileno())
        if isinstance(exc, OSError):
            from .bulk import output_error

            raise output_error(exc, "<stdout>") from None
        raise OutputError("standard output is closed: nothing can be printed",
                          path="<stdout>") from None


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
