"""Review pages without a browser: highlight nesting, one element per value, escaping,
self-containment, the site, and the ``show`` / ``report`` commands in-process."""

from __future__ import annotations

import io
import itertools
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import attrs
import pytest

import inspection_parse as ip
from conftest import CORPUS, SEED, need
from inspection_parse import review
from inspection_parse.cli import main
from inspection_parse.review import Mark, highlight

TEXT = CORPUS / "cafcass_pim" / "cafcass-pim-avon-somerset-2011.txt"
FV_TEXT = CORPUS / "la_focused_visit" / "fv-ashworth-2018-06-21.txt"
PDF = CORPUS / "pdf" / "cafcass-pim-kent-2011.pdf"


class Marks(HTMLParser):
    """Collects each <mark>'s attributes and its text, checking tags balance."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[dict[str, str]] = []
        self.done: list[tuple[dict[str, str], str]] = []
        self.text: list[str] = []
        self.open_text: list[list[str]] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "mark":
            self.stack.append(a)
            self.open_text.append([])

    def handle_endtag(self, tag):
        if tag == "mark":
            self.done.append((self.stack.pop(), "".join(self.open_text.pop())))

    def handle_data(self, data):
        self.text.append(data)
        for buf in self.open_text:
            buf.append(data)


def parse_marks(fragment: str) -> Marks:
    p = Marks()
    p.feed(fragment)
    p.close()
    assert not p.stack, "unbalanced <mark> tags"
    return p


def M(start: int, end: int, path: str) -> Mark:
    return Mark(start, end, path, review.kind_of(path), path)


# -- the highlighting algorithm -------------------------------------------------------------------

def test_nested_values_nest() -> None:
    text = "Area 1: Within three months do it."
    marks = [M(0, 34, "areas[0]"), M(8, 27, "areas[0].deadline"), M(8, 34, "areas[0].text")]
    out = highlight(text, marks)
    p = parse_marks(out)
    assert "".join(p.text) == text
    texts = {a["data-path"]: t for a, t in p.done}
    assert texts == {"areas[0]": text, "areas[0].text": text[8:34],
                     "areas[0].deadline": text[8:27]}
    # the longer value opens first, so it is the outer element
    assert out.index('data-path="areas[0].text"') < out.index('data-path="areas[0].deadline"')


def test_crossing_values_split_into_one_primary_and_fragments() -> None:
    text = "0123456789" * 5
    marks = [M(10, 30, "a"), M(20, 40, "b")]
    p = parse_marks(highlight(text, marks))
    assert "".join(p.text) == text
    primaries = [(a["data-path"], t) for a, t in p.done if "data-path" in a]
    fragments = [(a["data-for"], a["data-part"], t) for a, t in p.done if "data-for" in a]
    assert sorted(primaries) == [("a", text[10:30]), ("b", text[20:30])]
    assert fragments == [("b", "2", text[30:40])]
    joined = "".join(t for a, t in p.done if a.get("data-path") == "b" or a.get("data-for") == "b")
    assert joined == text[20:40]


def test_identical_and_empty_values_each_get_one_element() -> None:
    text = "Satisfactory progress has been made."
    marks = [M(0, 36, "areas[0].narrative"), M(0, 36, "areas[0].progress"), M(5, 5, "x"),
             M(0, 12, "overall.rating")]
    p = parse_marks(highlight(text, marks))
    paths = [a["data-path"] for a, _ in p.done if "data-path" in a]
    assert sorted(paths) == sorted(m.path for m in marks)
    assert "".join(p.text) == text


def test_text_and_attributes_are_escaped() -> None:
    text = '<script>alert("x")</script> & done'
    marks = [Mark(0, 8, 'a"><b>', "other", "<i>")]
    out = highlight(text, marks)
    assert "<script>" not in out and "<b>" not in out and "<i>" not in out
    p = parse_marks(out)
    assert "".join(p.text) == text
    assert p.done[0][0]["data-path"] == 'a"><b>'


@pytest.mark.parametrize("seed", range(30))
def test_random_overlaps_keep_text_and_one_primary_each(seed: int) -> None:
    import random

    rng = random.Random(seed)
    text = "".join(rng.choice("ab <&>\n") for _ in range(80))
    marks = []
    for n in range(rng.randint(1, 12)):
        a = rng.randint(0, 80)
        b = rng.randint(a, 80)
        marks.append(M(a, b, f"v{n}"))
    p = parse_marks(highlight(text, marks, [(rng.randint(0, 80), "<span></span>")]))
    assert "".join(p.text) == text
    primaries = [a["data-path"] for a, _ in p.done if "data-path" in a]
    assert sorted(primaries) == sorted(m.path for m in marks)
    for m in marks:   # primary + fragments cover exactly the value's characters
        pieces = [t for a, t in p.done if m.path in (a.get("data-path"), a.get("data-for"))]
        assert "".join(pieces) == text[m.start:m.end]


# -- review pages ------------------------------------------------------------------------------

def mark_paths(page: str) -> list[str]:
    return re.findall(r'<mark class="hl[^"]*" data-path="([^"]*)"', page)


@pytest.mark.parametrize("path", [TEXT, FV_TEXT, PDF], ids=lambda p: p.name)
def test_one_highlight_per_grounded_value(path: Path) -> None:
    page = review.render_review(path, images=False)
    letter = ip.parse(path)
    import html as h

    assert sorted(h.unescape(p) for p in mark_paths(page)) == sorted(letter.grounding)
    assert f'id="{review.PAGE_MARKER}"' in page
    # every grounded value can be chosen from the record
    targets = set(h.unescape(t) for t in re.findall(r'data-target="([^"]*)"', page))
    assert targets == set(letter.grounding)


def test_the_page_shows_the_letter_text_exactly() -> None:
    text = TEXT.read_text(encoding="utf-8")
    page = review.render_review(TEXT, images=False)
    body = page.split('id="text"', 1)[1].split(">", 1)[1].split("</div>", 1)[0]
    plain = re.sub(r"<[^>]+>", "", body)
    import html as h

    assert h.unescape(plain) == text


def test_page_is_self_contained() -> None:
    page = review.render_review(PDF)
    assert "data:image/png;base64," in page
    assert page.count('<figure class="page"') == 4
    # no external resources of any kind
    assert not re.search(r'(?:src|href)="(?!data:|#)', page)
    assert "http://" not in page.replace("http://www.w3.org/2000/svg", "")
    assert "https://" not in page
    assert "default-src 'none'" in page


def test_letter_with_document_and_record_only(tmp_path: Path) -> None:
    doc = ip.load(TEXT)
    letter = ip.parse_document(doc)
    page = review.render_review(letter, document=doc, images=False)
    assert len(mark_paths(page)) == len(letter.grounding)
    # a record whose file is gone: a record-only page, no highlights, a note saying why
    gone = ip.from_dict({**ip.to_dict(letter),
                         "source": {**ip.to_dict(letter)["source"], "path": "gone/x.txt"}})
    page = review.render_review(gone)
    assert mark_paths(page) == [] and "source file not found" in page
    assert "record-only" in page


def test_a_changed_source_file_is_not_shown(tmp_path: Path) -> None:
    copy = tmp_path / "letter.txt"
    copy.write_text(TEXT.read_text(encoding="utf-8"), encoding="utf-8")
    letter = ip.parse(copy)
    copy.write_text(TEXT.read_text(encoding="utf-8") + "\nchanged", encoding="utf-8")
    page = review.render_review(letter)
    assert mark_paths(page) == [] and "has changed since it was converted" in page


def test_seed_letter_page() -> None:
    letters = sorted(need(SEED).glob("*.txt"))
    if not letters:
        pytest.skip("no seed letter")
    page = review.render_review(letters[0])
    assert len(mark_paths(page)) == len(ip.parse(letters[0]).grounding)


def test_import_is_light() -> None:
    import subprocess
    import sys

    code = ("import sys, inspection_parse.review, inspection_parse.review_cli\n"
            "bad = [m for m in ('spacy', 'pypdfium2', 'pdfplumber', 'PIL') if m in sys.modules]\n"
            "assert not bad, bad\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=60)
    assert run.returncode == 0, run.stderr


# -- the site -----------------------------------------------------------------------------------

def write_records(tmp_path: Path, paths: list[Path], extra: list[str] = (),
                  letters: list[ip.Letter] = ()) -> Path:
    records = tmp_path / "records.jsonl"
    lines = [ip.to_json(ip.parse(p)) for p in paths] + [ip.to_json(x) for x in letters]
    records.write_text("\n".join(lines + list(extra)) + "\n", encoding="utf-8")
    return records


def table_links(index: str) -> list[str]:
    """The letter links of the index's table, in table order."""
    body = index.split('<table id="letters"', 1)[1].split("</table>", 1)[0]
    return re.findall(r'<td data-v="[^"]*"><a href="(letters/[^"]+)"', body)


def test_render_site(tmp_path: Path) -> None:
    records = write_records(tmp_path, [TEXT, FV_TEXT, PDF],
                            ['{"status": "failed", "error_code": "IP-E005"}', ""])
    index = review.render_site(records, tmp_path / "site", images=False, skip_bad=True)
    page = index.read_text(encoding="utf-8")
    assert f'id="{review.INDEX_MARKER}"' in page
    links = table_links(page)
    assert len(links) == 3
    for link in links:
        sub = (tmp_path / "site" / link).read_text(encoding="utf-8")
        assert f'id="{review.PAGE_MARKER}"' in sub and mark_paths(sub)
        assert 'href="../index.html"' in sub
        assert 'href="../static/ip.css"' in sub and 'src="../static/review.js"' in sub
    for name in ("ip.css", "review.js", "index.js"):
        assert (tmp_path / "site" / "static" / name).stat().st_size > 500
    assert "1 line(s) of records.jsonl were not records" in page
    charts = re.findall(r'data-chart="([^"]+)"', page)
    for chart in ("years", "families", "areas-per-letter", "area-kinds", "deadlines",
                  "regions", "authorities", "ratings-cafcass_pim"):
        assert chart in charts
    assert page.count("<svg") >= 7 and "<rect" in page
    assert 'id="filter"' in page and 'id="family"' in page
    assert page.count('class="sort"') >= 7
    # no external resources of any kind
    assert not re.search(r'(?:src|href)="(?:https?:)?//', page)


def test_site_with_missing_sources_gives_record_only_pages(tmp_path: Path) -> None:
    letter = ip.parse(TEXT)
    data = ip.to_dict(letter)
    data["source"]["path"] = "nowhere/letter.txt"
    records = tmp_path / "r.jsonl"
    records.write_text(json.dumps(data) + "\n" + json.dumps(data) + "\n", encoding="utf-8")
    index = review.render_site(records, tmp_path / "out")
    page = index.read_text(encoding="utf-8")
    assert page.count("record only") == 2
    assert sorted(p.name for p in (tmp_path / "out" / "letters").glob("*.html")) == [
        "letter-2.html", "letter.html"]


def test_site_page_images_are_files_rendered_once(tmp_path: Path) -> None:
    records = write_records(tmp_path, [PDF, TEXT])
    review.render_site(records, tmp_path / "site")
    letter = ip.parse(PDF)
    pngs = sorted((tmp_path / "site" / "letters" / "img").glob("*.png"))
    assert len(pngs) == letter.source.pages == 4
    page = (tmp_path / "site" / "letters" / f"{PDF.stem}.html").read_text(encoding="utf-8")
    assert "data:image" not in page
    srcs = re.findall(r'<img src="([^"]+)"', page)
    assert srcs == [f"img/{PDF.stem}-p{n}.png" for n in range(1, 5)]
    from PIL import Image

    for png in pngs:
        assert png.stat().st_size < 60_000          # a modest page, not a photograph
        with Image.open(png) as im:
            assert im.mode == "P" and len(im.getcolors() or ()) <= 4
            assert im.size == (596, 842)            # A4 at 72 dpi: a pixel a point
    # the text letter has no page images
    text_page = (tmp_path / "site" / "letters" / f"{TEXT.stem}.html").read_text("utf-8")
    assert "<img" not in text_page


def test_site_without_images(tmp_path: Path) -> None:
    records = write_records(tmp_path, [PDF])
    review.render_site(records, tmp_path / "site", images=False)
    assert not (tmp_path / "site" / "letters" / "img").exists()
    page = (tmp_path / "site" / "letters" / f"{PDF.stem}.html").read_text(encoding="utf-8")
    assert "<img" not in page and mark_paths(page)


def test_workers_give_the_same_site(tmp_path: Path) -> None:
    records = write_records(tmp_path, [TEXT, FV_TEXT, PDF])
    one = review.render_site(records, tmp_path / "one", workers=0)
    two = review.render_site(records, tmp_path / "two", workers=2)
    files = sorted(p.relative_to(tmp_path / "one") for p in (tmp_path / "one").rglob("*")
                   if p.is_file())
    assert files == sorted(p.relative_to(tmp_path / "two") for p in (tmp_path / "two").rglob("*")
                           if p.is_file())
    for f in files:
        assert (one.parent / f).read_bytes() == (two.parent / f).read_bytes(), f
    # the table keeps the records' order, whichever worker finished first
    assert table_links(one.read_text("utf-8")) == [
        f"letters/{p.stem}.html" for p in (TEXT, FV_TEXT, PDF)]


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_on_a_terminal_is_one_bar() -> None:
    stream = Tty()
    bar = review.Progress(3, stream)
    for _ in range(3):
        bar.step()
    bar.close()
    text = stream.getvalue()
    assert text.startswith("\rreport [") and text.endswith("\n") and text.count("\n") == 1
    assert "3/3 letters" in text


def test_progress_elsewhere_is_a_line_every_tenth() -> None:
    stream = io.StringIO()
    bar = review.Progress(25, stream)
    for _ in range(25):
        bar.step()
    bar.close()
    lines = stream.getvalue().splitlines()
    assert lines[0] == "report: 3/25 letters (12%)"
    assert lines[-1] == "report: 25/25 letters (100%)"
    assert len(lines) == 9 and "\r" not in stream.getvalue()


def test_no_progress_stream_writes_nothing(tmp_path: Path, capsys) -> None:
    review.render_site(write_records(tmp_path, [TEXT]), tmp_path / "s")
    assert capsys.readouterr() == ("", "")


# -- the new record fields on the review page ----------------------------------------------

def rich_letter() -> ip.Letter:
    """A parsed letter with every newer field set (values invented for the test)."""
    from inspection_parse.model import Judgement, Person, Response, Signatory

    letter = ip.parse(FV_TEXT)
    return attrs.evolve(
        letter,
        recipients=(Person("Ann Example", "Director of Children's Services", "Exampleshire"),
                    Person("Bo Sample", "Chief Constable", "Exampleshire Police")),
        signatories=(Signatory("Cy Invented", "HMI"), Signatory("Di Madeup", "HMI (CQC)")),
        strengths=("Leaders know their services well.",),
        response=Response("Please send a written statement of action.", "2024-09-30"),
        judgements=(Judgement("Progress since the last visit is good.", "progress", "good"),),
        visit=attrs.evolve(letter.visit, sequence=3),
        provider=attrs.evolve(letter.provider, canonical="Exampleshire", la_code="999",
                              ons_code="E99999999", region="North West", urn="123456"),
    )


def test_the_review_page_shows_the_newer_fields() -> None:
    page = review.render_review(rich_letter(), document=ip.load(FV_TEXT), images=False)
    import html as h

    rows = dict(re.findall(r'<tr data-field="([^"]+)">(.*?)</tr>', page, re.S))
    text = {k: h.unescape(re.sub(r"<[^>]+>", " ", v)) for k, v in rows.items()}
    assert "Ann Example" in text["recipients"] and "Exampleshire Police" in text["recipients"]
    assert "Cy Invented" in text["signatories"] and "HMI (CQC)" in text["signatories"]
    assert "Leaders know their services well." in text["strengths"]
    assert "written statement" in text["response"] and "2024-09-30" in text["response"]
    assert "good" in text["judgements"] and "Progress since the last visit" in text["judgements"]
    assert "3" in text["visit.sequence"]
    assert "Exampleshire" in text["provider.canonical"]
    assert "999" in text["provider.codes"] and "E99999999" in text["provider.codes"]
    assert "123456" in text["provider.codes"] and "North West" in text["provider.region"]


def test_kinds_of_the_newer_paths() -> None:
    assert review.kind_of("recipients[3].name") == "recipient"
    assert review.kind_of("recipients[0]") == "recipient"
    assert review.kind_of("signatories[1].role") == "signatory"
    assert review.kind_of("strengths[2]") == "strength"
    assert review.kind_of("response") == "response"
    assert review.kind_of("response.due") == "deadline"
    assert review.kind_of("judgements[0]") == "judgement"
    assert review.kind_of("judgements[0].rating") == "rating"
    assert review.kind_of("visit.sequence") == "visit"
    assert review.kind_of("something.new[2].deep") == "other"


# -- the index: what the archive holds -----------------------------------------------------------

def test_index_of_a_focused_visit_archive_says_it_has_no_ratings(tmp_path: Path) -> None:
    base = rich_letter()
    regions = ["North West", "North West", "London", None]
    names = ["Exampleshire", "Exampleshire", "Sampleton", None]
    letters = [attrs.evolve(base, provider=attrs.evolve(base.provider, canonical=n, region=r),
                            judgements=(), source=attrs.evolve(base.source, path=f"x{i}.txt"))
               for i, (n, r) in enumerate(zip(names, regions, strict=True))]
    index = review.render_site(write_records(tmp_path, [], letters=letters), tmp_path / "s",
                               images=False).read_text("utf-8")
    charts = re.findall(r'data-chart="([^"]+)"', index)
    assert not [c for c in charts if c.startswith(("ratings-", "overall-", "judgements-"))]
    assert "No letter in this archive carries a rating" in index
    regions_chart = index.split('data-chart="regions"', 1)[1].split("</figure>", 1)[0]
    assert re.findall(r'class="label"[^>]*>([^<]+)<', regions_chart) == [
        "North West", "London", "(none)"]
    authorities = index.split('data-chart="authorities"', 1)[1].split("</figure>", 1)[0]
    assert re.findall(r'class="count"[^>]*>(\d+)<', authorities) == ["2", "1"]
    assert "1 letter(s) name none" in authorities


def test_the_most_frequent_warnings_link_to_their_letters(tmp_path: Path) -> None:
    sources = [TEXT, FV_TEXT, PDF, CORPUS / "fe_monitoring" / "fe-northgate-skills-2019-04-02.txt"]
    review.render_site(write_records(tmp_path, sources), tmp_path / "s", images=False)
    index = (tmp_path / "s" / "index.html").read_text("utf-8")
    carriers: dict[str, set[str]] = {}
    for p in sources:
        for code in ip.parse(p).warning_codes():
            carriers.setdefault(code, set()).add(f"letters/{p.stem}.html")
    assert carriers, "the test needs letters with warnings"
    shown = re.findall(r'<tr data-code="([^"]+)">(.*?)</tr>', index, re.S)
    assert {code for code, _ in shown} == set(carriers)
    for code, row in shown:
        assert set(re.findall(r'<a href="(letters/[^"]+)" data-code', row)) == carriers[code]
        assert f'data-filter="warning:{code}"' in row


def test_chart_labels_wrap_and_never_overlap() -> None:
    long = "Royal Borough of Windsor and Maidenhead and Somewhere Else Entirely"
    chart = review.Chart("t", "test", [review.Bar(long, [("", 5, "#000")]),
                                       review.Bar("Short", [("", 1, "#000")]),
                                       review.Bar(long + " again", [("", 3, "#000")])])
    laid = review.layout_chart(chart, label_chars=26)
    ys: list[float] = []
    for bar in laid["bars"]:
        assert len(bar["lines"]) >= 1
        assert all(len(line["text"]) <= 26 for line in bar["lines"])
        ys += [line["y"] for line in bar["lines"]]
        # the bar's own label lines sit within the bar's band
        assert bar["y"] <= bar["lines"][0]["y"] - 9
        assert bar["lines"][-1]["y"] <= bar["y"] + bar["h"] + 4
    assert ys == sorted(ys) and all(b - a >= 12 for a, b in itertools.pairwise(ys))
    bands = [(b["y"], b["y"] + b["h"]) for b in laid["bars"]]
    assert all(a[1] < b[0] for a, b in itertools.pairwise(bands))
    assert max(b["end"] for b in laid["bars"]) <= laid["width"]
    assert " ".join(t["text"] for t in laid["bars"][0]["lines"]) == long


def test_index_escapes_what_the_records_say(tmp_path: Path) -> None:
    base = ip.parse(TEXT)
    bad = attrs.evolve(base, provider=attrs.evolve(base.provider, name="<script>x</script>",
                                                   canonical="<b>Evil</b>", region="<i>R</i>"))
    index = review.render_site(write_records(tmp_path, [], letters=[bad]), tmp_path / "s",
                               images=False).read_text("utf-8")
    assert "<b>Evil" not in index and "<i>R" not in index and "&lt;b&gt;Evil" in index


def test_templates_and_static_files_are_package_data() -> None:
    import fnmatch
    import tomllib

    config = tomllib.loads((CORPUS.parent / "pyproject.toml").read_text("utf-8"))
    globs = config["tool"]["setuptools"]["package-data"]["inspection_parse"]
    assert any(d.startswith("jinja2") for d in config["project"]["dependencies"])
    package = Path(review.__file__).parent
    files = [p.relative_to(package).as_posix() for folder in ("templates", "static")
             for p in (package / folder).iterdir()]
    assert files
    for f in files:
        assert any(fnmatch.fnmatch(f, g) for g in globs), f"{f} is not package data"
    # and review.py keeps no markup of its own
    source = Path(review.__file__).read_text("utf-8")
    assert "<table" not in source and "<style" not in source and "function(" not in source


# -- bad input to report ---------------------------------------------------------------------------

@pytest.mark.parametrize(("content", "code", "words"), [
    (None, "IP-E001", "no such file"),
    (b"", "IP-E002", "holds no records"),
    (b"\n\n", "IP-E002", "holds no records"),
    (b"%PDF-1.7\n\xe2\x82 binary", "IP-E003", "not UTF-8"),
    (b"not json at all\n", "IP-E017", "line 1 is not JSON"),
    (b'[{"family": "unknown"}]\n', "IP-E018", "line 1 is not a letter record"),
    (b'{"status": "failed", "error_code": "IP-E005"}\n', "IP-E018", "manifest"),
    (b'{"family": "unknown"}\n', "IP-E018", "line 1 is not a letter record"),
], ids=["missing", "empty", "blank", "not-utf8", "not-json", "array", "manifest", "partial"])
def test_bad_records_raise_typed_errors(tmp_path: Path, content: bytes | None, code: str,
                                        words: str) -> None:
    path = tmp_path / "records.jsonl"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ip.InspectionParseError) as info:
        review.render_site(path, tmp_path / "site")
    assert info.value.code == code and words in str(info.value)
    assert not (tmp_path / "site" / "index.html").exists()


def test_a_bad_line_is_named_by_its_number(tmp_path: Path) -> None:
    good = ip.to_json(ip.parse(TEXT))
    path = tmp_path / "r.jsonl"
    path.write_text(f"{good}\n\n{good}\n{{oops\n", encoding="utf-8")
    with pytest.raises(ip.InspectionParseError, match=r"line 4 is not JSON") as info:
        review.read_records(path)
    assert info.value.code == "IP-E017"
    records, skipped = review.read_records(path, skip_bad=True)
    assert [n for n, _line, _letter in records] == [1, 3] and skipped == 1


def test_a_folder_is_not_a_records_file(tmp_path: Path) -> None:
    with pytest.raises(ip.InspectionParseError, match="is a folder") as info:
        review.read_records(tmp_path)
    assert info.value.code == "IP-E001"


# -- the commands ----------------------------------------------------------------------------------

def run_cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_cli_show(tmp_path: Path) -> None:
    target = tmp_path / "review.html"
    code, out, err = run_cli("show", str(TEXT), "-o", str(target))
    assert (code, err) == (0, "")
    assert out.strip() == str(target)
    assert f'id="{review.PAGE_MARKER}"' in target.read_text(encoding="utf-8")


def test_cli_show_to_stdout() -> None:
    code, out, _ = run_cli("show", str(FV_TEXT), "-o", "-")
    assert code == 0 and out.startswith("<!DOCTYPE html>")


def test_cli_show_errors() -> None:
    code, out, err = run_cli("show", "no/such/file.pdf", "-o", "-")
    assert code == 1 and out == ""
    assert err == "error: no/such/file.pdf: no such file [IP-E001]\n"
    code, _, err = run_cli("show", str(CORPUS / "bad" / "encrypted.pdf"), "-o", "-")
    assert code == 1 and "[IP-E005]" in err and err.count("\n") == 1
    code, _, _ = run_cli("show")
    assert code == 2


def test_cli_report(tmp_path: Path) -> None:
    records = write_records(tmp_path, [TEXT, FV_TEXT])
    code, out, err = run_cli("report", str(records), "-o", str(tmp_path / "site"),
                             "--workers", "0")
    assert code == 0
    # stderr is not a terminal here: a counter line, no bar
    assert err.splitlines()[-1] == "report: 2/2 letters (100%)" and "\r" not in err
    assert Path(out.strip()) == tmp_path / "site" / "index.html"
    assert len(list((tmp_path / "site" / "letters").glob("*.html"))) == 2


def test_cli_report_no_images_and_workers(tmp_path: Path) -> None:
    records = write_records(tmp_path, [PDF])
    code, _, _ = run_cli("report", str(records), "-o", str(tmp_path / "s"), "--no-images",
                         "--workers", "2")
    assert code == 0 and not (tmp_path / "s" / "letters" / "img").exists()
    code, _, err = run_cli("report", str(records), "-o", str(tmp_path / "s"), "--workers", "-1")
    assert code == 2 and "--workers" in err


def test_cli_report_missing_records(tmp_path: Path) -> None:
    code, _, err = run_cli("report", str(tmp_path / "none.jsonl"), "-o", str(tmp_path / "s"))
    assert code == 1 and "[IP-E001]" in err and err.count("\n") == 1


@pytest.mark.parametrize(("content", "code"), [
    (b"\xff\xfe\x00binary", "IP-E003"), (b"hello\n", "IP-E017"),
    (b'{"status": "ok"}\n', "IP-E018")])
def test_cli_report_bad_records_one_line_no_traceback(tmp_path: Path, content: bytes,
                                                      code: str) -> None:
    path = tmp_path / "r.jsonl"
    path.write_bytes(content)
    status, out, err = run_cli("report", str(path), "-o", str(tmp_path / "s"))
    assert status == 1 and out == ""
    assert err.startswith(f"error: {path}: ") and err.endswith(f"[{code}]\n")
    assert err.count("\n") == 1 and "Traceback" not in err


def test_cli_report_skip_bad_lines(tmp_path: Path) -> None:
    records = write_records(tmp_path, [TEXT], extra=['{"status": "failed"}', "garbage"])
    code, _, _ = run_cli("report", str(records), "-o", str(tmp_path / "s"))
    assert code == 1
    code, out, _ = run_cli("report", str(records), "-o", str(tmp_path / "s"),
                           "--skip-bad-lines")
    assert code == 0
    assert "2 line(s) of records.jsonl were not records" in Path(out.strip()).read_text("utf-8")


def test_commands_are_in_the_readme() -> None:
    readme = (CORPUS.parent / "README.md").read_text(encoding="utf-8")
    assert "inspection-parse show " in readme and "inspection-parse report " in readme
