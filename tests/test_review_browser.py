"""Review and index pages in a real browser: headless Chromium takes a screenshot (it must
not be blank) and dumps the DOM after the page's scripts ran (one highlight per grounded
value; choosing a value through the URL draws its boxes on the page image).

Skips when no Chromium is installed (``apt-get install -y chromium`` on Debian).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pytest

import inspection_parse as ip
from conftest import CORPUS, SEED, need
from inspection_parse import review

PDFS = [CORPUS / "pdf" / "cafcass-pim-kent-2011.pdf", CORPUS / "pdf" / "fv-ashworth-2018-06-21.pdf"]
CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def chromium() -> str:
    found = os.environ.get("CHROMIUM") or next(
        (p for p in map(shutil.which, CANDIDATES) if p), None)
    if not found:
        pytest.skip("no Chromium binary found (apt-get install -y chromium), or set CHROMIUM")
    return found


def run_browser(*args: str) -> subprocess.CompletedProcess[str]:
    binary = chromium()
    with tempfile.TemporaryDirectory(prefix="ip-chromium-") as profile:
        return subprocess.run(
            [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", f"--user-data-dir={profile}", "--virtual-time-budget=2000",
             *args],
            capture_output=True, text=True, timeout=120)


def url(path: Path, fragment: str | None = None) -> str:
    return path.resolve().as_uri() + (f"#{quote(fragment, safe='')}" if fragment else "")


def dump_dom(path: Path, fragment: str | None = None, png: Path | None = None) -> str:
    """The DOM after the page's scripts ran; with ``png``, a 1280x2000 screenshot as well
    (one browser start for both)."""
    shot = [f"--screenshot={png}", "--window-size=1280,2000"] if png else []
    run = run_browser("--dump-dom", *shot, url(path, fragment))
    if png is not None:
        assert png.exists(), run.stderr[-2000:]
    return run.stdout


def distinct_colours(png: Path) -> int:
    from PIL import Image

    with Image.open(png) as im:
        colours = im.convert("RGB").getcolors(maxcolors=1 << 20)
    return len(colours or ())


class Dom(HTMLParser):
    """What the tests read from a dumped DOM."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.paths: list[str] = []
        self.fragments = 0
        self.ids: set[str] = set()
        self.body: dict[str, str] = {}
        self.active: list[str] = []
        self.boxes: list[str] = []
        self.rows = 0
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "body":
            self.body = a
        if "data-path" in a:
            self.paths.append(a["data-path"])
        if "data-for" in a:
            self.fragments += 1
        if tag == "mark" and "active" in a.get("class", "").split():
            self.active.append(a.get("data-path") or a.get("data-for", ""))
        if "data-box-for" in a:
            self.boxes.append(a["data-box-for"])
        if tag == "tr" and "data-family" in a:
            self.rows += 1


def check_review(page: Path, letter: ip.Letter, tmp_path: Path) -> Dom:
    png = tmp_path / (page.stem + ".png")
    dom = Dom(dump_dom(page, png=png))
    # a page that failed to load (or whose script broke) has no marker / ready flag
    assert review.PAGE_MARKER in dom.ids, "the review page did not load"
    assert dom.body.get("data-ip-ready") == "1", "the page's script did not run to its end"
    assert sorted(dom.paths) == sorted(letter.grounding), "one highlight per grounded value"
    assert distinct_colours(png) > 50, "the screenshot looks blank"
    return dom


def test_seed_letter_review_page(tmp_path: Path) -> None:
    chromium()
    letters = sorted(need(SEED).glob("*.txt"))
    if not letters:
        pytest.skip("no seed letter")
    page = tmp_path / "seed.html"
    page.write_text(review.render_review(letters[0]), encoding="utf-8")
    check_review(page, ip.parse(letters[0]), tmp_path)


@pytest.mark.parametrize("pdf", PDFS, ids=lambda p: p.stem)
def test_pdf_review_page(tmp_path: Path, pdf: Path) -> None:
    chromium()
    page = tmp_path / "review.html"
    page.write_text(review.render_review(pdf), encoding="utf-8")
    letter = ip.parse(pdf)
    check_review(page, letter, tmp_path)
    # choosing a value (through the URL, as a link would) marks it and draws its boxes
    path = next(p for p, s in letter.grounding.items() if p.startswith("areas[") and s.boxes)
    dom = Dom(dump_dom(page, path))
    assert dom.body.get("data-selected") == path
    assert path in dom.active
    assert dom.boxes == [path] * len(letter.grounding[path].boxes)


def test_index_page_of_a_small_report(tmp_path: Path) -> None:
    chromium()
    sources = [CORPUS / "cafcass_pim" / "cafcass-pim-avon-somerset-2011.txt",
               CORPUS / "la_focused_visit" / "fv-ashworth-2018-06-21.txt", PDFS[0]]
    records = tmp_path / "records.jsonl"
    records.write_text("".join(ip.to_json(ip.parse(p)) + "\n" for p in sources), "utf-8")
    index = review.render_site(records, tmp_path / "site", images=False)
    png = tmp_path / "index.png"
    dom = Dom(dump_dom(index, png=png))
    assert review.INDEX_MARKER in dom.ids
    assert dom.body.get("data-ip-ready") == "1"
    assert dom.rows == 3
    assert distinct_colours(png) > 50
    # and a letter page of the site loads too
    first = sorted((tmp_path / "site" / "letters").glob("*.html"))[0]
    assert review.PAGE_MARKER in Dom(dump_dom(first)).ids


def test_a_page_that_does_not_load_is_caught(tmp_path: Path) -> None:
    chromium()
    dom = Dom(dump_dom(tmp_path / "missing.html"))
    assert review.PAGE_MARKER not in dom.ids and not dom.paths
