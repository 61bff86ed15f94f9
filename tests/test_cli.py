"""The ``inspection-parse`` command, run in-process: parse, --pretty, schema, warnings, --version,
and every command documented in the README."""

from __future__ import annotations

import argparse
import io
import json
import re
from pathlib import Path

import pytest

import inspection_parse as ip
from conftest import CORPUS, ROOT
from inspection_parse.cli import build_parser, main
from letters import PDF_LETTERS, TEXT_LETTERS

KENT = CORPUS / "cafcass_pim" / "cafcass-pim-kent-2011.txt"


def cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def commands() -> list[str]:
    parser, _ = build_parser()
    (sub,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return list(sub.choices)


# -- parse ------------------------------------------------------------------------------------


def test_parse_prints_one_json_line_per_file_in_argument_order() -> None:
    files = [TEXT_LETTERS[3], PDF_LETTERS[-1], TEXT_LETTERS[0], TEXT_LETTERS[3]]
    code, out, err = cli("parse", *map(str, files))
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert len(lines) == len(files)
    assert [json.loads(line)["source"]["path"] for line in lines] == [str(f) for f in files]


def test_parse_prints_the_record_parse_gives() -> None:
    code, out, _ = cli("parse", str(KENT))
    assert code == 0
    assert out == ip.to_json(ip.parse(KENT)) + "\n"
    assert ip.from_json(out) == ip.parse(KENT)


def test_parse_pretty_prints_indented_json_for_one_file() -> None:
    code, out, err = cli("parse", "--pretty", str(KENT))
    assert (code, err) == (0, "")
    assert out.startswith("{\n  ")
    assert json.loads(out) == json.loads(ip.to_json(ip.parse(KENT)))


def test_parse_reads_a_pdf_with_either_backend_option() -> None:
    code, out, err = cli("parse", "--backend", "pdfplumber", str(PDF_LETTERS[0]))
    assert (code, err) == (0, "")
    assert json.loads(out)["source"]["format"] == "pdf"


def test_parse_with_max_bytes_refuses_a_larger_file() -> None:
    code, out, err = cli("parse", "--max-bytes", "100", str(KENT))
    assert code == 1 and out == "" and "[IP-E009]" in err


def test_parse_of_a_letter_with_doubts_keeps_exit_code_0_and_puts_warnings_in_the_record(
        ) -> None:
    # Warnings are values in the record, not failures of the command.
    bad = CORPUS / "bad" / "not-a-pdf.pdf"
    code, out, err = cli("parse", str(bad))
    assert (code, err) == (0, "")
    assert any(w["code"] == "IP-W021" for w in json.loads(out)["warnings"])


# -- schema, warnings, version ----------------------------------------------------------------


def test_schema_prints_the_json_schema() -> None:
    code, out, err = cli("schema")
    assert (code, err) == (0, "")
    assert json.loads(out) == ip.json_schema()


def test_warnings_lists_every_warning_code_once_with_its_meaning() -> None:
    code, out, err = cli("warnings")
    assert (code, err) == (0, "")
    rows = [line.split(None, 1) for line in out.splitlines()]
    assert [code for code, _ in rows] == list(ip.WARNINGS)
    assert all(meaning.strip() == ip.WARNINGS[code] for code, meaning in rows)
    assert all(re.fullmatch(r"IP-W\d{3}", code) for code, _ in rows)


def test_version_prints_the_package_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli("--version")
    printed = out + capsys.readouterr().out
    assert code == 0
    assert printed.strip() == f"inspection-parse {ip.__version__}"


@pytest.mark.parametrize("flag", ["-V", "--version"])
def test_short_and_long_version_flags(flag: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(flag)
    assert code == 0
    assert (out + capsys.readouterr().out).strip() == f"inspection-parse {ip.__version__}"


def test_help_names_every_input_format(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli("--help")
    text = " ".join((out + capsys.readouterr().out).split())
    assert code == 0
    assert "PDF, text or HTML" in text
    assert "3 the output cannot be written" in text


def test_no_command_prints_help_and_exits_2() -> None:
    code, out, err = cli()
    assert code == 2 and out == ""
    assert "parse" in err and "schema" in err


@pytest.mark.parametrize("command", commands())
def test_every_command_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(command, "--help")
    assert code == 0
    assert command in out + capsys.readouterr().out


# -- documentation ----------------------------------------------------------------------------


@pytest.mark.parametrize("command", commands())
def test_every_command_is_documented_in_the_readme(command: str) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(rf"inspection-parse\s+{re.escape(command)}\b", readme), (
        f"README.md does not show `inspection-parse {command}`")


def test_readme_documents_no_command_that_does_not_exist() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = set(re.findall(r"^inspection-parse\s+([a-z][a-z-]*)", readme, re.M))
    assert shown <= set(commands())


def test_readme_sample_file_exists() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for path in set(re.findall(r"corpus/[\w/.-]+\.(?:txt|pdf)", readme)):
        assert (ROOT / path).exists(), path


def test_cli_module_runs_as_a_script_name() -> None:
    # The console script name in pyproject.toml is the program name the help shows.
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'inspection-parse = "inspection_parse.cli:main"' in text
    parser, _ = build_parser()
    assert parser.prog == "inspection-parse"


def test_parse_accepts_paths_with_spaces(tmp_path: Path) -> None:
    path = tmp_path / "a letter with spaces.txt"
    path.write_bytes(KENT.read_bytes())
    code, out, err = cli("parse", str(path))
    assert (code, err) == (0, "")
    assert json.loads(out)["source"]["path"] == str(path)


def test_every_error_and_warning_code_is_documented_in_the_readme() -> None:
    from inspection_parse.errors import ERRORS, WARNINGS

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [code for code in [*ERRORS, *WARNINGS] if f"`{code}`" not in readme]
    assert not missing
