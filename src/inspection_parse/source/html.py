"""HTML loader: a letter saved as a web page → :class:`Document` (standard library only).

Block elements become lines, with a blank line between paragraphs; list items
get a "- " bullet; headings and ``<b>``/``<strong>`` become bold ranges; scripts,
styles and the ``<head>`` are left out. Offsets index into the extracted text.
"""

from __future__ import annotations

import html as html_lib

import regex

from ..document import Document, Line
from ..errors import EmptyInputError
from ..limits import Limits, check_text
from .text import decode

_BLOCKS = {"p", "div", "section", "article", "header", "footer", "main", "table", "tr",
           "ul", "ol", "blockquote", "address", "h1", "h2", "h3", "h4", "h5", "h6", "li",
           "br", "hr", "dd", "dt", "pre", "td", "th"}
_BOLD = {"b", "strong", "h1", "h2", "h3", "h4", "h5", "h6", "th"}
_SKIP = {"script", "style", "head", "title", "noscript", "template"}


# One token of HTML, each consumed whole and without backtracking, so a page is read in one
# linear pass. (``html.parser.HTMLParser`` before Python 3.11.13 / 3.12.11 / 3.13.4 is
# quadratic on unclosed tags, CVE-2025-6069: 120 KB of "<a " took minutes.) A tag, comment,
# declaration or quoted attribute value left open runs to the end of the page.
_TOKEN = regex.compile(
    r"""<!--.*?(?:-->|\Z)"""
    r"""|<[!?][^>]*+>?"""
    r"""|</(?P<end>[A-Za-z][^\s/>]*+)[^>]*+>?"""
    r"""|<(?P<start>[A-Za-z][^\s/>]*+)(?P<attrs>(?:"[^"]*+(?:"|\Z)|'[^']*+(?:'|\Z)|[^'">]++)*+)>?"""
    r"""|[^<]++|<""",
    regex.S)
_RAW_END = {"script": regex.compile(r"</script\b", regex.I),
            "style": regex.compile(r"</style\b", regex.I)}


class _Extractor:
    def __init__(self) -> None:
        # Each line: (text, [bold ranges relative to the line], blank lines before)
        self.lines: list[tuple[str, list[tuple[int, int]], int]] = []
        self._cur = ""
        self._bold_from: list[int] = []
        self._bold: list[tuple[int, int]] = []
        self._skip = 0
        self._gap = 0

    def _flush(self, gap: int) -> None:
        text = " ".join(self._cur.split())
        if text:
            lead = len(self._cur) - len(self._cur.lstrip())
            bold = []
            for a, b in self._bold:
                # re-base ranges onto the collapsed text (approximate where spaces collapsed)
                a2 = max(0, min(len(text), a - lead))
                b2 = max(a2, min(len(text), b - lead))
                if b2 > a2:
                    bold.append((a2, b2))
            self.lines.append((text, bold, self._gap))
            self._gap = 0
        self._cur = ""
        self._bold = []
        self._bold_from = [0 for _ in self._bold_from]
        self._gap = max(self._gap, gap)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self._skip += 1
            return
        if tag in _BLOCKS:
            self._flush(0 if tag in {"br", "li", "tr", "td", "th"} else 1)
            if tag == "li":
                self._cur = "- "
        if tag in _BOLD:
            self._bold_from.append(len(self._cur))

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self._skip = max(0, self._skip - 1)
            return
        if tag in _BOLD and self._bold_from:
            start = self._bold_from.pop()
            if len(self._cur) > start:
                self._bold.append((start, len(self._cur)))
        if tag in _BLOCKS:
            self._flush(0 if tag in {"li", "td", "th", "tr"} else 1)

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self._cur += data

    def feed(self, page: str) -> None:
        pos, n = 0, len(page)
        while pos < n:
            m = _TOKEN.match(page, pos)
            assert m is not None   # the last two branches match any character
            pos = m.end()
            if m["start"] is not None:
                tag = m["start"].lower()
                self.handle_starttag(tag, [])
                if m.group().endswith("/>"):
                    self.handle_endtag(tag)
                elif tag in _RAW_END:   # script and style hold raw text up to their end tag
                    close = _RAW_END[tag].search(page, pos)
                    pos = close.start() if close else n
            elif m["end"] is not None:
                self.handle_endtag(m["end"].lower())
            elif not m.group().startswith("<") or m.group() == "<":
                self.handle_data(html_lib.unescape(m.group()))

    def close(self) -> None:
        self._flush(0)


def load_html(data: bytes, *, path: str | None, sha256: str, limits: Limits) -> Document:
    html = decode(data, path)
    extractor = _Extractor()
    extractor.feed(html)
    extractor.close()
    parts: list[str] = []
    lines: list[Line] = []
    pos = 0
    for n, (text, bold, gap) in enumerate(extractor.lines):
        if n:
            sep = "\n\n" if gap else "\n"
            parts.append(sep)
            pos += len(sep)
        lines.append(Line(start=pos, end=pos + len(text), gap_before=1 if gap and n else 0,
                          bold=tuple((pos + a, pos + b) for a, b in bold)))
        parts.append(text)
        pos += len(text)
    text = "".join(parts)
    if not text.strip():
        raise EmptyInputError("the HTML page has no text", path=path)
    check_text(text, limits, path=path)
    return Document(text, lines, path=path, sha256=sha256, format="html", page_count=None)
