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


# Every network request fails: a proxy nobody listens on, and no name resolves.
NO_NETWORK = ("--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
              "--host-resolver-rules=MAP * ~NOTFOUND")


def run_browser(*args: str) -> subprocess.CompletedProcess[str]:
    binary = chromium()
    with tempfile.TemporaryDirectory(prefix="ip-chromium-") as profile:
        return subprocess.run(
            [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", f"--user-data-dir={profile}", "--virtual-time-budget=2000",
             *NO_NETWORK, *args],
            capture_output=True, text=True, timeout=120)


def url(path: Path, fragment: str | None = None) -> str:
    return path.resolve().as_uri() + (f"#{quote(fragment, safe='')}" if fragment else "")


def dump_dom(path: Path, fragment: str | None = None, png: Path | None = None,
             query: str = "") -> str:
    """The DOM after the page's scripts ran; with ``png``, a 1280x2000 screenshot as well
    (one browser start for both)."""
    shot = [f"--screenshot={png}", "--window-size=1280,2000"] if png else []
    address = url(path, fragment)
    if query:
        address = address.replace(path.resolve().as_uri(), path.resolve().as_uri() + query, 1)
    run = run_browser("--dump-dom", *shot, address)
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


# -- the index of a report, in a browser -------------------------------------------------

SITE_SOURCES = [CORPUS / "cafcass_pim" / "cafcass-pim-avon-somerset-2011.txt",
                CORPUS / "cafcass_pim" / "cafcass-pim-kent-2011.txt",
                CORPUS / "la_focused_visit" / "fv-ashworth-2018-06-21.txt",
                CORPUS / "la_monitoring_visit" / "mv-fenwick-2019-07-11.txt",
                CORPUS / "fe_monitoring" / "fe-northgate-skills-2019-04-02.txt",
                CORPUS / "pdf" / "fv-whitlow-2025-09-18.pdf"]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """A report over letters of several families, with a PDF's page images as files."""
    chromium()
    tmp = tmp_path_factory.mktemp("site")
    records = tmp / "records.jsonl"
    records.write_text("".join(ip.to_json(ip.parse(p)) + "\n" for p in SITE_SOURCES), "utf-8")
    return review.render_site(records, tmp / "site", workers=0)


def with_harness(index: Path, script: str) -> Path:
    """A copy of the index beside it (so static/ and letters/ resolve) with ``script`` run after
    the page's own; the script writes what it found as JSON into <pre id="harness">."""
    page = index.read_text(encoding="utf-8").replace(
        "</body>", f"<script>(function(){{var out={{}};{script}\n"
                   "var pre=document.createElement('pre');pre.id='harness';"
                   "pre.textContent=JSON.stringify(out);document.body.appendChild(pre);"
                   "})();</script></body>")
    copy = index.with_name("harness.html")
    copy.write_text(page, encoding="utf-8")
    return copy


def harness_result(dom: str) -> dict:
    import html as h
    import json

    found = dom.split('<pre id="harness">', 1)
    assert len(found) == 2, "the harness did not run"
    return json.loads(h.unescape(found[1].split("</pre>", 1)[0]))


def test_index_loads_without_network_styled_with_charts(site: Path, tmp_path: Path) -> None:
    png = tmp_path / "index.png"
    dom = Dom(dump_dom(site, png=png))
    assert review.INDEX_MARKER in dom.ids
    assert dom.body.get("data-ip-ready") == "1", "static/index.js did not run"
    assert dom.body.get("data-ip-styled") == "1", "static/ip.css did not apply"
    assert dom.rows == len(SITE_SOURCES)
    assert distinct_colours(png) > 50
    text = site.read_text(encoding="utf-8")
    assert "http://" not in text.replace("http://www.w3.org/2000/svg", "")
    assert "https://" not in text


def test_index_charts_render_with_labels_that_do_not_overlap(site: Path) -> None:
    page = with_harness(site, """
    out.charts={};
    document.querySelectorAll('figure.chart').forEach(function(f){
      var svg=f.querySelector('svg');if(!svg){out.charts[f.dataset.chart]={svg:false};return;}
      var labels=[].slice.call(svg.querySelectorAll('text.label')).map(function(t){
        return t.getBoundingClientRect();});
      var bars=[].slice.call(svg.querySelectorAll('rect')).map(function(r){
        return r.getBoundingClientRect();});
      var box=svg.getBoundingClientRect(),overlaps=0,outside=0;
      for(var i=0;i<labels.length;i++){
        var a=labels[i];
        if(a.left<box.left-1||a.right>box.right+1)outside++;
        for(var j=i+1;j<labels.length;j++){var b=labels[j];
          if(a.left<b.right&&b.left<a.right&&a.top<b.bottom-1&&b.top<a.bottom-1)overlaps++;}
        bars.forEach(function(b){
          if(a.left<b.right-1&&b.left<a.right-1&&a.top<b.bottom&&b.top<a.bottom)overlaps++;});}
      out.charts[f.dataset.chart]={svg:true,labels:labels.length,overlaps:overlaps,
        outside:outside,bars:bars.filter(function(b){return b.width>0&&b.height>0;}).length,
        width:box.width,height:box.height};});
    """)
    charts = harness_result(dump_dom(page))["charts"]
    for name in ("years", "families", "areas-per-letter", "area-kinds", "regions",
                 "ratings-cafcass_pim", "ratings-fe_monitoring"):
        assert charts[name]["svg"] and charts[name]["bars"] > 0, name
    for name, c in charts.items():
        if c["svg"]:
            assert c["width"] > 100 and c["height"] > 20, name
            assert c["overlaps"] == 0 and c["outside"] == 0, (name, c)


def test_index_sorts_and_filters(site: Path) -> None:
    page = with_harness(site, """
    function order(){return [].slice.call(document.querySelectorAll('#letters tbody tr'))
      .map(function(r){return r.cells[4].getAttribute('data-v');});}
    function visible(){return [].slice.call(document.querySelectorAll('#letters tbody tr'))
      .filter(function(r){return getComputedStyle(r).display!=='none';}).length;}
    var areas=document.querySelector('button.sort[data-col="4"]');
    areas.click();out.up=order();areas.click();out.down=order();
    var f=document.getElementById('filter');
    f.value='cafcass';f.dispatchEvent(new Event('input'));out.cafcass=visible();
    out.shown=document.getElementById('shown').textContent;
    f.value='';f.dispatchEvent(new Event('input'));
    var fam=document.getElementById('family');fam.value='fe_monitoring';
    fam.dispatchEvent(new Event('change'));out.fe=visible();
    fam.value='';fam.dispatchEvent(new Event('change'));out.all=visible();
    var bar=document.querySelector('#chart-families a[data-filter]');
    bar.dispatchEvent(new MouseEvent('click',{bubbles:true,cancelable:true}));
    out.bar=[bar.getAttribute('data-filter'),visible(),f.value];
    """)
    got = harness_result(dump_dom(page))
    counts = [len(ip.parse(p).areas) for p in SITE_SOURCES]
    assert [int(x) for x in got["up"]] == sorted(counts)
    assert [int(x) for x in got["down"]] == sorted(counts, reverse=True)
    assert got["cafcass"] == 2 and got["shown"] == f"2 of {len(SITE_SOURCES)} shown"
    assert got["fe"] == 1 and got["all"] == len(SITE_SOURCES)
    chosen, shown, typed = got["bar"]
    family = chosen.removeprefix("family:")
    assert typed == chosen and shown == sum(ip.parse(p).family == family for p in SITE_SOURCES)


def test_every_bar_and_warning_filter_shows_the_letters_it_counts(site: Path) -> None:
    page = with_harness(site, """
    var f=document.getElementById('filter');out.checks=[];
    function visible(){return [].slice.call(document.querySelectorAll('#letters tbody tr'))
      .filter(function(r){return getComputedStyle(r).display!=='none';}).length;}
    document.querySelectorAll('figure.chart a[data-filter]').forEach(function(a){
      f.value=a.getAttribute('data-filter');f.dispatchEvent(new Event('input'));
      out.checks.push([f.value,+a.querySelector('text.count').textContent,visible()]);});
    document.querySelectorAll('#warnings tr[data-code]').forEach(function(tr){
      f.value=tr.querySelector('a[data-filter]').getAttribute('data-filter');
      f.dispatchEvent(new Event('input'));
      out.checks.push([f.value,+tr.querySelector('td.num').textContent,visible()]);});
    f.value='region:no such region';f.dispatchEvent(new Event('input'));out.none=visible();
    """)
    got = harness_result(dump_dom(page))
    kinds = {c[0].split(":", 1)[0] for c in got["checks"]}
    assert {"year", "family", "areas", "region", "warning"} <= kinds
    for query, counted, shown in got["checks"]:
        assert shown == counted, (query, counted, shown)
    assert got["none"] == 0


def test_index_filter_from_the_address(site: Path) -> None:
    dom = dump_dom(site, query="?q=fe_monitoring")
    assert 'data-shown="1"' in dom
    dom = dump_dom(site, query="?q=family%3Acafcass_pim")
    assert 'data-shown="2"' in dom


def test_a_warning_link_opens_its_letter(site: Path) -> None:
    import re

    text = site.read_text(encoding="utf-8")
    rows = re.findall(r'<tr data-code="([^"]+)">(.*?)</tr>', text, re.S)
    assert rows
    code, row = rows[0]
    href = re.findall(r'<a href="(letters/[^"]+)" data-code', row)[0]
    # clicking the link in the browser navigates to the letter's page
    page = with_harness(site, f"""
    var link=document.querySelector('a[data-code="{code}"][href="{href}"]');
    out.found=!!link;link.click();""")
    dom = Dom(dump_dom(page))
    assert review.PAGE_MARKER in dom.ids, "the link did not open a review page"
    assert dom.body.get("data-ip-ready") == "1" and dom.body.get("data-ip-styled") == "1"
    letter_page = (site.parent / href).read_text(encoding="utf-8")
    assert f'data-code="{code}"' in letter_page
    assert Path(href).stem in {p.stem for p in SITE_SOURCES}


def test_site_letter_page_shows_its_page_images(site: Path, tmp_path: Path) -> None:
    pdf = SITE_SOURCES[-1]
    page = site.parent / "letters" / f"{pdf.stem}.html"
    png = tmp_path / "letter.png"
    letter = ip.parse(pdf)
    path = next(p for p, s in letter.grounding.items() if s.boxes)
    dom = Dom(dump_dom(page, path, png=png))
    assert dom.body.get("data-ip-ready") == "1" and dom.body.get("data-ip-styled") == "1"
    assert dom.boxes == [path] * len(letter.grounding[path].boxes)
    probe = with_harness(page, """
    out.images=[].slice.call(document.querySelectorAll('figure.page img')).map(function(i){
      return [i.complete,i.naturalWidth];});""")
    images = harness_result(dump_dom(probe))["images"]
    assert len(images) == letter.source.pages
    assert all(done and width > 500 for done, width in images), images
