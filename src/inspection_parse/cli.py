"""The ``inspection-parse`` command: argument parsing and exit codes over the public API.

Exit codes: 0 all went well; 1 some input failed (each failure is one line on
stderr, the rest are still converted); 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
import importlib
from collections.abc import Callable, Sequence
from typing import TextIO

from ._version import __version__
from .errors import InspectionParseError
from .limits import Limits

_DEFAULT_LIMITS = Limits()

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

# Commands that live beside the feature they drive. Each module has
# ``register(subparsers) -> {command name: handler}``, a handler being
# ``handler(args, stdout, stderr) -> exit code``. Modules must import lightly.
EXTENSIONS: tuple[str, ...] = ()

Handler = Callable[[argparse.Namespace, TextIO, TextIO], int]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _add_input_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--password", help="password for encrypted PDFs")
    p.add_argument("--backend", choices=("pdfplumber", "pypdfium2"), default="pdfplumber",
                   help="PDF reader (default: %(default)s; pypdfium2 needs the [fast] extra)")
    p.add_argument("--max-bytes", type=int, default=_DEFAULT_LIMITS.max_bytes,
                   help="refuse files larger than this (default: %(default)s)")
    p.add_argument("--max-pages", type=int, default=_DEFAULT_LIMITS.max_pages,
                   help="refuse PDFs with more pages (default: %(default)s)")


def _limits(args: argparse.Namespace) -> Limits:
    return Limits(max_bytes=args.max_bytes, max_pages=args.max_pages)


def build_parser() -> tuple[argparse.ArgumentParser, dict[str, Handler]]:
    parser = _Parser(
        prog="inspection-parse",
        description="Turn inspectorate monitoring letters (PDF or text) into typed JSON records.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("parse", help="parse letters and print one JSON record per line",
                       description="Parse each FILE and print its record as one JSON line "
                                   "(JSON Lines), in argument order. A file that fails prints "
                                   "a message on stderr; the others still print.")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--pretty", action="store_true", help="indented JSON (one file only)")
    _add_input_options(p)

    sub.add_parser("schema", help="print the JSON Schema of a letter record",
                   description="Print the JSON Schema (draft 2020-12) of one letter record.")

    sub.add_parser("warnings", help="list the warning codes and what they mean",
                   description="List every warning code a record can carry.")
    handlers: dict[str, Handler] = {"parse": _cmd_parse, "schema": _cmd_schema,
                                    "warnings": _cmd_warnings}
    for name in EXTENSIONS:
        handlers.update(importlib.import_module(name).register(sub))
    return parser, handlers


def main(argv: Sequence[str] | None = None, *, stdout: TextIO | None = None,
         stderr: TextIO | None = None) -> int:
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    parser, handlers = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    if args.command is None:
        parser.print_help(err)
        return EXIT_USAGE
    return handlers[args.command](args, out, err)


def _cmd_schema(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .serialize import json_schema

    out.write(json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n")
    return EXIT_OK


def _cmd_warnings(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .errors import WARNINGS

    for code, meaning in WARNINGS.items():
        out.write(f"{code}  {meaning}\n")
    return EXIT_OK


def _cmd_parse(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .api import parse
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
        out.write(to_json(letter, indent=2 if args.pretty else None) + "\n")
        out.flush()
    return EXIT_FAILED if failed else EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
