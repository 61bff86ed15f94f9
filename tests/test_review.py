"""Review pages without a browser: highlight nesting, one element per value, escaping,
self-containment, the site, and the ``show`` / ``report`` commands in-process."""

from __future__ import annotations

import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

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

def write_records(tmp_path: Path, paths: list[Path], extra: list[str] = ()) -> Path:
    records = tmp_path / "records.jsonl"
    lines = [ip.to_json(ip.parse(p)) for p in paths] + list(extra)
    records.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return records


def test_render_site(tmp_path: Path) -> None:
    records = write_records(tmp_path, [TEXT, FV_TEXT, PDF],
                            ['{"status": "failed", "error_code": "IP-E005"}', ""])
    index = review.render_site(records, tmp_path / "site", images=False)
    page = index.read_text(encoding="utf-8")
    assert f'id="{review.INDEX_MARKER}"' in page
    links = re.findall(r'<a href="(letters/[^"]+)"', page)
    assert len(links) == 3
    for link in links:
        sub = (tmp_path / "site" / link).read_text(encoding="utf-8")
        assert f'id="{review.PAGE_MARKER}"' in sub and mark_paths(sub)
        assert 'href="../index.html"' in sub
    assert "1 line(s) of records.jsonl were not records" in page
    assert page.count("<svg") >= 2 and "<rect" in page and "<circle" in page
    assert 'id="filter"' in page and 'id="family"' in page
    assert page.count('class="sort"') >= 5


def test_site_with_missing_sources_gives_record_only_pages(tmp_path: Path) -> None:
    letter = ip.parse(TEXT)
    data = ip.to_dict(letter)
    data["source"]["path"] = "nowhere/letter.txt"
    records = tmp_path / "r.jsonl"
    records.write_text(json.dumps(data) + "\n" + json.dumps(data) + "\n", encoding="utf-8")
    index = review.render_site(records, tmp_path / "out")
    page = index.read_text(encoding="utf-8")
    assert page.count("record only") == 2
    assert sorted(p.name for p in (tmp_path / "out" / "letters").iterdir()) == [
        "letter-2.html", "letter.html"]


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
    code, out, err = run_cli("report", str(records), "-o", str(tmp_path / "site"))
    assert (code, err) == (0, "")
    assert Path(out.strip()) == tmp_path / "site" / "index.html"
    assert len(list((tmp_path / "site" / "letters").glob("*.html"))) == 2


def test_cli_report_missing_records(tmp_path: Path) -> None:
    code, _, err = run_cli("report", str(tmp_path / "none.jsonl"), "-o", str(tmp_path / "s"))
    assert code == 1 and "[IP-E001]" in err and err.count("\n") == 1


def test_commands_are_in_the_readme() -> None:
    readme = (CORPUS.parent / "README.md").read_text(encoding="utf-8")
    assert "inspection-parse show " in readme and "inspection-parse report " in readme
