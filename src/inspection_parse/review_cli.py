"""The ``show`` and ``report`` commands: review pages from the command line.

``inspection-parse show FILE -o review.html`` writes one self-contained review page;
``inspection-parse report RECORDS.jsonl -o site/`` writes an index over a converted archive
with a review page per letter. Registered through ``cli.EXTENSIONS``; this module imports
nothing heavy (the work happens in :mod:`inspection_parse.review` when a command runs).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from .errors import InspectionParseError

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

Handler = Callable[[argparse.Namespace, TextIO, TextIO], int]


def register(subparsers: Any) -> dict[str, Handler]:
    """Add ``show`` and ``report`` to the CLI's subparsers; returns their handlers."""
    p = subparsers.add_parser(
        "show", help="write an HTML review page of one letter",
        description="Parse FILE and write one self-contained HTML page: the letter with every "
                    "extracted value highlighted, the record beside it and, for a PDF, the "
                    "page images. Open it in a browser; nothing is fetched from the network.")
    p.add_argument("file", metavar="FILE")
    p.add_argument("-o", "--output", metavar="HTML",
                   help="where to write the page ('-' for stdout; default: FILE's name with "
                        ".review.html, in the current folder)")
    p.add_argument("--password", help="password for encrypted PDFs")
    p.add_argument("--backend", choices=("auto", "pypdfium2", "pdfplumber"), default="auto",
                   help="PDF reader (default: %(default)s)")
    p.add_argument("--no-images", action="store_true",
                   help="leave out the page images of a PDF (a smaller page)")

    r = subparsers.add_parser(
        "report", help="write an HTML index and review pages for a JSON Lines archive",
        description="Read records (one JSON record per line, as `parse` and `convert` write "
                    "them) and write DIR/index.html (what the archive holds, in charts; the "
                    "most frequent warnings with their letters; a sortable, filterable table), "
                    "a review page per letter under DIR/letters/ with the PDF page images as "
                    "files beside them, and the styles and scripts under DIR/static/. Nothing "
                    "is fetched from the network. Progress goes to stderr: a bar on a "
                    "terminal, a line at every tenth otherwise.")
    r.add_argument("records", metavar="RECORDS")
    r.add_argument("-o", "--output", metavar="DIR", default="site",
                   help="folder to write into (default: %(default)s)")
    r.add_argument("--no-images", action="store_true",
                   help="leave out the page images of PDFs (a smaller, faster site)")
    r.add_argument("--workers", type=int, default=None,
                   help="worker processes (default: the number of CPUs; 0 = in this process)")
    r.add_argument("--password", help="password for encrypted PDFs")
    r.add_argument("--skip-bad-lines", action="store_true",
                   help="skip lines that are not records (counted on the index) instead of "
                        "stopping with an error")
    return {"show": _cmd_show, "report": _cmd_report}


def _cmd_show(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .review import render_review

    try:
        page = render_review(args.file, password=args.password, backend=args.backend,
                             images=not args.no_images)
    except InspectionParseError as exc:
        err.write(f"error: {exc}\n")
        return EXIT_FAILED
    if args.output == "-":
        out.write(page)
        return EXIT_OK
    target = Path(args.output) if args.output else Path(Path(args.file).stem + ".review.html")
    try:
        target.write_text(page, encoding="utf-8")
    except OSError as exc:
        err.write(f"error: {target}: cannot write the page ({exc.strerror or exc})\n")
        return EXIT_FAILED
    out.write(f"{target}\n")
    return EXIT_OK


def _cmd_report(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .review import render_site

    if args.workers is not None and args.workers < 0:
        err.write("inspection-parse report: --workers must be 0 or more\n")
        return EXIT_USAGE
    try:
        index = render_site(args.records, args.output, images=not args.no_images,
                            password=args.password, workers=args.workers, progress=err,
                            skip_bad=args.skip_bad_lines)
    except InspectionParseError as exc:
        err.write(f"error: {exc}\n")
        return EXIT_FAILED
    except OSError as exc:
        err.write(f"error: {args.output}: cannot write the site ({exc.strerror or exc})\n")
        return EXIT_FAILED
    out.write(f"{index}\n")
    return EXIT_OK
