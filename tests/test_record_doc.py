"""docs/record.md is generated from the record classes and kept up to date; the README links to
it (not to ../shared, which a newcomer does not have)."""

from __future__ import annotations

import importlib.util
import re
import sys
import typing

import attrs

from conftest import ROOT
from inspection_parse.model import Letter

DOC = ROOT / "docs" / "record.md"


def generator():
    spec = importlib.util.spec_from_file_location("make_record_md",
                                                  ROOT / "docs" / "make_record_md.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_record_md", module)
    spec.loader.exec_module(module)
    return module


def test_record_md_is_up_to_date() -> None:
    assert DOC.read_text(encoding="utf-8") == generator().render(), (
        "docs/record.md is out of date: run python docs/make_record_md.py")


def test_check_mode_says_when_it_is_stale(tmp_path, monkeypatch, capsys) -> None:
    gen = generator()
    stale = tmp_path / "record.md"
    stale.write_text("old\n", encoding="utf-8")
    monkeypatch.setattr(gen, "TARGET", stale)
    assert gen.main(["--check"]) == 1
    assert "out of date" in capsys.readouterr().err
    assert gen.main([]) == 0 and gen.main(["--check"]) == 0


def test_every_class_and_field_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    seen: set[type] = set()

    def walk(tp) -> None:
        if attrs.has(tp):
            if tp in seen:
                return
            seen.add(tp)
            section = text.split(f"\n## {tp.__name__}\n", 1)[1].split("\n## ", 1)[0]
            for f in attrs.fields(tp):
                assert f"| `{f.name}` |" in section, f"{tp.__name__}.{f.name}"
            for hint in typing.get_type_hints(tp).values():
                walk(hint)
        for arg in typing.get_args(tp):
            walk(arg)

    walk(Letter)
    assert len(seen) >= 15
    # the links between classes lead somewhere
    for target in set(re.findall(r"\]\(#([a-z]+)\)", text)):
        assert f"\n## {target}" in text.lower()


def test_readme_links_to_the_record_doc_not_to_shared() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "](docs/record.md)" in readme
    assert "../shared/spec/RECORD.md" not in readme
