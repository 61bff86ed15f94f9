"""The spaCy component: found by name, spans at the record's exact grounding, round trips.

Only ``spacy.blank("en")`` is used: no model is downloaded.
"""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

import inspection_parse as ip
from conftest import CORPUS, SEED, need

spacy = pytest.importorskip("spacy")
from spacy.tokens import DocBin  # noqa: E402

from inspection_parse import spacy_component as sc  # noqa: E402

FACTORY = "inspection_parse_letter"
PDFS = [CORPUS / "pdf" / name for name in (
    "cafcass-pim-kent-2011.pdf",
    "cafcass-pim-tyne-wear-2008.pdf",
    "cafcass-pim-lancashire-cumbria-2011.pdf",
    "fv-ashworth-2018-06-21.pdf",
    "fv-northmoor-2020-11-26.pdf",
)]
TEXTS = [CORPUS / "cafcass_pim" / "cafcass-pim-avon-somerset-2011.txt",
         CORPUS / "la_focused_visit" / "fv-ashworth-2018-06-21.txt"]


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe(FACTORY)
    return nlp


def seed_letter() -> Path:
    letters = sorted(need(SEED).glob("*.txt"))
    if not letters:
        pytest.skip(f"no seed letter in {SEED}")
    return letters[0]


def span_table(doc, key: str = "inspection") -> list[tuple[str, str, int, int]]:
    return [(s.label_, s.id_, s.start_char, s.end_char) for s in doc.spans[key]]


def assert_spans_match_grounding(doc, letter: ip.Letter) -> list[str]:
    """Every grounded value (and section) is one span, at exactly its offsets, with its label.

    Exactness holds wherever the grounding starts and ends on token boundaries (the parser
    grounds whole words). A grounding that cuts a word (a parser bug, see
    ``test_grounding_is_on_word_boundaries``) gets the whole tokens around it, as
    ``alignment_mode="expand"`` promises; those paths are returned.
    """
    by_id = {s.id_: s for s in doc.spans["inspection"]}
    assert len(by_id) == len(doc.spans["inspection"]), "one span per path"
    misses, cut = [], []
    for path, ground in letter.grounding.items():
        span = by_id.get(path)
        if span is None:
            misses.append(f"{path}: no span")
            continue
        if span.label_ != sc.label_for(path, sc.DEFAULT_LABELS):
            misses.append(f"{path}: label {span.label_}")
        if doc.char_span(ground.start, ground.end) is None:
            cut.append(path)
            # the tokens holding its first and last non-space characters, no more
            raw = doc.text[ground.start:ground.end]
            lo = ground.start + len(raw) - len(raw.lstrip())
            hi = ground.start + len(raw.rstrip())
            cover = doc.char_span(lo, hi, alignment_mode="expand") if hi > lo else None
            if cover is None or (span.start_char, span.end_char) != (
                    cover.start_char, cover.end_char):
                misses.append(f"{path}: span {span.start_char}-{span.end_char} is not the "
                              f"token cover of {ground.start}-{ground.end}")
            continue
        if (span.start_char, span.end_char) != (ground.start, ground.end):
            misses.append(f"{path}: span {span.start_char}-{span.end_char} != grounding "
                          f"{ground.start}-{ground.end} ({doc.text[ground.start:ground.end]!r})")
        elif span.text != doc.text[ground.start:ground.end]:
            misses.append(f"{path}: span text differs from the source slice")
    for n, section in enumerate(letter.sections):
        span = by_id.get(f"sections[{n}]")
        if span is None or (span.start_char, span.end_char) != (section.start, section.end):
            misses.append(f"sections[{n}] ({section.kind}): not at {section.start}-{section.end}")
        elif span.label_ != f"SECTION_{section.kind.upper()}":
            misses.append(f"sections[{n}]: label {span.label_}")
    assert len(doc.spans["inspection"]) == len(letter.grounding) + len(letter.sections)
    assert not misses, "\n".join(misses)
    return cut


# -- found by name --------------------------------------------------------------------------------

def test_factory_is_declared_as_an_entry_point() -> None:
    points = metadata.entry_points(group="spacy_factories")
    ours = [p for p in points if p.name == FACTORY]
    assert ours, "pip install -e . should have registered the spacy_factories entry point"
    assert ours[0].value == "inspection_parse.spacy_component:make_letter_component"


def test_add_pipe_by_name_without_importing_the_module(tmp_path: Path) -> None:
    # A fresh interpreter: only spaCy is imported; the entry point must find our factory.
    letter = CORPUS / "cafcass_pim" / "cafcass-pim-avon-somerset-2011.txt"
    code = (
        "import spacy, sys\n"
        "nlp = spacy.blank('en')\n"
        f"nlp.add_pipe({FACTORY!r})\n"
        "assert 'inspection_parse.spacy_component' in sys.modules\n"
        f"doc = nlp(open({str(letter)!r}, encoding='utf-8').read())\n"
        "print(doc._.letter.family, len(doc.spans['inspection']))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=tmp_path, timeout=120)
    assert run.returncode == 0, run.stderr
    family, count = run.stdout.split()
    assert family == "cafcass_pim" and int(count) > 20


def test_config_is_keyword_only_and_shown_in_the_config(nlp) -> None:
    cfg = nlp.config["components"][FACTORY]
    assert cfg["factory"] == FACTORY
    assert cfg["spans_key"] == "inspection"
    with pytest.raises(TypeError):
        sc.make_letter_component(nlp, "x", "inspection")  # type: ignore[misc]


# -- spans at the grounding -----------------------------------------------------------------------

def test_seed_letter_spans_are_at_the_grounding(nlp) -> None:
    path = seed_letter()
    text = path.read_text(encoding="utf-8")
    doc = nlp(text)
    letter = doc._.letter
    assert letter == ip.parse_text(text)
    assert doc.text == text
    assert_spans_match_grounding(doc, letter)
    labels = {s.label_ for s in doc.spans["inspection"]}
    assert {"LETTER_DATE", "RECIPIENT", "PROVIDER", "VISIT_DATE", "AREA", "DEADLINE",
            "PRIOR_FINDING", "PROGRESS", "OVERALL", "SIGNATORY", "SECTION_AREA"} <= labels


# The parser's own promise, which exact spans rest on: a grounded value starts and ends on
# word boundaries (spaCy's tokenizer splits there).
@pytest.mark.parametrize("path", [*TEXTS, *PDFS, SEED / "*"], ids=lambda p: p.stem)
def test_grounding_is_on_word_boundaries(nlp, path: Path) -> None:
    if path.name == "*":
        path = seed_letter()
    doc = sc.doc_from_path(nlp, path)
    cut = [p for p, g in doc._.letter.grounding.items() if doc.char_span(g.start, g.end) is None]
    assert not cut, f"groundings that cut a word: {cut}"


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.stem)
def test_corpus_text_spans_are_at_the_grounding(nlp, path: Path) -> None:
    doc = nlp(path.read_text(encoding="utf-8"))
    assert_spans_match_grounding(doc, doc._.letter)


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.stem)
def test_pdf_spans_are_at_the_grounding(nlp, path: Path) -> None:
    doc = sc.doc_from_path(nlp, path)
    letter = doc._.letter
    document = ip.load(path)
    assert doc.text == document.text
    assert letter == ip.parse_document(document)
    assert letter.source.format == "pdf"
    assert_spans_match_grounding(doc, letter)
    # the PDF provenance rides along: boxes for the letter date
    assert letter.grounding["letter_date"].boxes


def test_labels_follow_the_table() -> None:
    table = sc.DEFAULT_LABELS
    assert sc.label_for("areas[3].deadline", table) == "DEADLINE"
    assert sc.label_for("visit.inspectors[1]", table) == "INSPECTOR"
    assert sc.label_for("recipient.address[0]", table) == "RECIPIENT_ADDRESS"
    assert sc.label_for("something.new[2]", table) == "SOMETHING_NEW"
    assert sc.label_for("recipient.phone", {"recipient.*": "WHO"}) == "WHO"


def test_label_overrides_from_config_and_initialize(tmp_path: Path) -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe(FACTORY, config={"labels": {"areas[*].deadline": "DUE"},
                                  "spans_key": "letter", "section_prefix": None})
    text = TEXTS[0].read_text(encoding="utf-8")
    doc = nlp(text)
    assert "inspection" not in doc.spans
    labels = {s.label_ for s in doc.spans["letter"]}
    assert "DUE" in labels and "DEADLINE" not in labels
    assert not any(label.startswith("SECTION_") for label in labels)

    table = tmp_path / "labels.json"
    table.write_text(json.dumps({"letter_date": "DATED"}), encoding="utf-8")
    nlp.get_pipe(FACTORY).initialize(labels_path=table)
    doc = nlp(text)
    labels = {s.label_ for s in doc.spans["letter"]}
    assert "DATED" in labels and "DUE" in labels


def test_a_doc_made_elsewhere_keeps_its_record(nlp) -> None:
    # doc_from_path sets the record first; the component must not parse the text again
    doc = nlp.make_doc(TEXTS[0].read_text(encoding="utf-8"))
    letter = ip.parse_text(doc.text, name="given.txt")
    doc._.letter = letter
    doc = nlp(doc)
    assert doc._.letter.source.path == "given.txt"


# -- round trips ---------------------------------------------------------------------------------

@pytest.mark.parametrize("which", ["seed", "pdf"])
def test_docbin_round_trip_keeps_spans_and_record(nlp, which: str) -> None:
    if which == "seed":
        doc = nlp(seed_letter().read_text(encoding="utf-8"))
    else:
        doc = sc.doc_from_path(nlp, PDFS[0])
    data = DocBin(store_user_data=True, docs=[doc]).to_bytes()
    fresh = spacy.blank("en")     # a new vocab: strings must travel in the DocBin
    (back,) = DocBin().from_bytes(data).get_docs(fresh.vocab)
    assert back.text == doc.text
    assert span_table(back) == span_table(doc)
    assert back._.letter == doc._.letter
    assert isinstance(back.user_data[sc.USER_DATA_KEY], dict)   # plain data, not an object


def test_pickle_round_trip_keeps_the_record(nlp) -> None:
    import pickle

    doc = nlp(TEXTS[1].read_text(encoding="utf-8"))
    back = pickle.loads(pickle.dumps(doc))
    assert back._.letter == doc._.letter
    assert span_table(back) == span_table(doc)


def test_to_disk_and_spacy_load_round_trip(tmp_path: Path) -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe(FACTORY, config={"spans_key": "letter"})
    nlp.get_pipe(FACTORY).initialize(labels={"title": "SUBJECT"})
    nlp.to_disk(tmp_path / "pipeline")
    saved = json.loads((tmp_path / "pipeline" / FACTORY / sc.LABELS_FILE).read_text("utf-8"))
    assert saved["title"] == "SUBJECT"

    loaded = spacy.load(tmp_path / "pipeline")
    assert loaded.pipe_names == [FACTORY]
    assert loaded.get_pipe(FACTORY).label_table == nlp.get_pipe(FACTORY).label_table
    text = TEXTS[0].read_text(encoding="utf-8")
    assert span_table(loaded(text), "letter") == span_table(nlp(text), "letter")
    doc = loaded(text)
    assert "SUBJECT" in {s.label_ for s in doc.spans["letter"]}

    # and through bytes, as nlp.to_bytes does
    again = spacy.blank("en")
    again.add_pipe(FACTORY, config={"spans_key": "letter"})
    again.from_bytes(nlp.to_bytes())
    assert again.get_pipe(FACTORY).label_table["title"] == "SUBJECT"


def test_pipe_over_many_texts(nlp) -> None:
    texts = [p.read_text(encoding="utf-8") for p in TEXTS]
    docs = list(nlp.pipe(texts))
    assert [d._.letter.family for d in docs] == ["cafcass_pim", "la_focused_visit"]


def test_importing_the_package_does_not_import_spacy() -> None:
    code = ("import sys, inspection_parse, inspection_parse.review, inspection_parse.cli\n"
            "bad = [m for m in ('spacy', 'pypdfium2', 'pdfplumber') if m in sys.modules]\n"
            "assert not bad, bad\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=60)
    assert run.returncode == 0, run.stderr
