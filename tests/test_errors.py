"""Bad input: every way a file can fail gives a typed error with a stable code, through the API
and through the command line; readable input that is not a letter gives a warning, not an error.

The fixtures are corpus/bad/* (built by corpus/make_bad.py); a few more are made in tmp_path.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

import inspection_parse as ip
from conftest import CORPUS
from inspection_parse.cli import main

BAD = CORPUS / "bad"
GOOD = CORPUS / "cafcass_pim" / "cafcass-pim-kent-2011.txt"

# An invented text that is readable but is no monitoring letter.
NEWSLETTER = """\
Hollybank Primary School – Spring Newsletter

Dear parents and carers,

What a busy term it has been! Year 4 visited the canal museum and Year 6 performed their
play to a packed hall. The cake sale raised £214 for new playground equipment.

Dates for your diary: sports day is on 14 June and the summer fair on 5 July.

Best wishes,
The Hollybank team
"""


def cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(args), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def not_pdf_or_text(tmp_path: Path) -> Path:
    """A file named .pdf holding bytes that are neither a PDF nor text."""
    path = tmp_path / "download.pdf"
    path.write_bytes(bytes(range(256)) * 8)
    return path


@pytest.fixture
def png(tmp_path: Path) -> Path:
    path = tmp_path / "letter.pdf"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x01" * 200)
    return path


@pytest.fixture
def docx(tmp_path: Path) -> Path:
    path = tmp_path / "letter.docx"
    path.write_bytes(b"PK\x03\x04" + b"\x14\x00\x06\x00" + b"word/document.xml" * 20)
    return path


@pytest.fixture
def newsletter(tmp_path: Path) -> Path:
    path = tmp_path / "newsletter.txt"
    path.write_text(NEWSLETTER, encoding="utf-8")
    return path


# Each failing input: (how to get its path, parse keyword arguments, error class, words the
# message must hold).
FAILURES = {
    "missing file": (lambda tmp: tmp / "no-such-letter.pdf", {}, ip.InputNotFoundError,
                     "no such file"),
    "a folder": (lambda tmp: tmp, {}, ip.InputNotFoundError, "folder"),
    "empty file": (lambda tmp: BAD / "empty.txt", {}, ip.EmptyInputError, "empty"),
    "binary text": (lambda tmp: BAD / "binary.txt", {}, ip.UndecodableTextError, "binary"),
    "encrypted, no password": (lambda tmp: BAD / "encrypted.pdf", {}, ip.EncryptedPdfError,
                               "password"),
    "encrypted, wrong password": (lambda tmp: BAD / "encrypted.pdf", {"password": "not-it"},
                                  ip.EncryptedPdfError, "wrong"),
    "corrupt": (lambda tmp: BAD / "corrupt.pdf", {}, ip.CorruptPdfError, "damaged"),
    "truncated": (lambda tmp: BAD / "truncated.pdf", {}, ip.CorruptPdfError, "truncated"),
    "no pages": (lambda tmp: BAD / "no-pages.pdf", {}, ip.NoPagesError, "no pages"),
    "scanned": (lambda tmp: BAD / "scanned.pdf", {}, ip.NoTextLayerError, "OCR"),
    "too large": (lambda tmp: GOOD, {"limits": ip.Limits(max_bytes=1000)}, ip.TooLargeError,
                  "over the limit"),
}
CODES = {
    ip.InputNotFoundError: "IP-E001", ip.EmptyInputError: "IP-E002",
    ip.UndecodableTextError: "IP-E003", ip.NotPdfError: "IP-E004",
    ip.EncryptedPdfError: "IP-E005", ip.CorruptPdfError: "IP-E006", ip.NoPagesError: "IP-E007",
    ip.NoTextLayerError: "IP-E008", ip.TooLargeError: "IP-E009",
    ip.UnsupportedFormatError: "IP-E010",
}


# -- the API ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("where", "kwargs", "error", "words"), FAILURES.values(),
                         ids=FAILURES.keys())
def test_parse_raises_a_typed_error_with_its_code_and_path(
        tmp_path: Path, where, kwargs, error, words: str) -> None:
    path = where(tmp_path)
    with pytest.raises(error) as caught:
        ip.parse(path, **kwargs)
    exc = caught.value
    assert exc.code == CODES[error]
    assert exc.path == str(path)
    assert words.lower() in exc.message.lower()
    assert str(exc).endswith(f"[{exc.code}]")
    assert exc.to_dict() == {"code": exc.code, "type": error.__name__, "message": exc.message,
                             "path": str(path)}


def test_every_error_is_an_inspection_parse_error() -> None:
    assert all(issubclass(cls, ip.InspectionParseError) for cls in CODES)
    assert len(set(CODES.values())) == len(CODES)


def test_a_pdf_name_over_bytes_that_are_neither_pdf_nor_text_is_not_pdf_error(
        not_pdf_or_text: Path) -> None:
    with pytest.raises(ip.NotPdfError) as caught:
        ip.parse(not_pdf_or_text)
    assert caught.value.code == "IP-E004"


def test_bytes_that_are_neither_pdf_nor_text_without_a_pdf_name_are_undecodable(
        not_pdf_or_text: Path) -> None:
    with pytest.raises(ip.UndecodableTextError):
        ip.parse_bytes(not_pdf_or_text.read_bytes(), name="download.txt")


@pytest.mark.parametrize("fixture", ["png", "docx"])
def test_an_image_or_office_file_is_an_unsupported_format(
        fixture: str, request: pytest.FixtureRequest) -> None:
    path = request.getfixturevalue(fixture)
    with pytest.raises(ip.UnsupportedFormatError) as caught:
        ip.parse(path)
    assert caught.value.code == "IP-E010"
    assert caught.value.path == str(path)


def test_too_large_bytes_are_refused_by_parse_bytes_too() -> None:
    with pytest.raises(ip.TooLargeError):
        ip.parse_bytes(GOOD.read_bytes(), name="x.txt", limits=ip.Limits(max_bytes=10))


def test_a_text_over_the_character_limit_is_too_large() -> None:
    with pytest.raises(ip.TooLargeError):
        ip.parse_text(GOOD.read_text(encoding="utf-8"), limits=ip.Limits(max_chars=500))


def test_a_pdf_over_the_page_limit_is_too_large() -> None:
    with pytest.raises(ip.TooLargeError) as caught:
        ip.parse(CORPUS / "pdf" / "cafcass-pim-kent-2011.pdf", limits=ip.Limits(max_pages=2))
    assert "pages" in caught.value.message


def test_a_text_file_named_pdf_is_parsed_as_text_with_a_warning() -> None:
    letter = ip.parse(BAD / "not-a-pdf.pdf")
    assert letter.source.format == "text"
    assert "IP-W021" in letter.warning_codes()
    assert letter.letter_date == "2030-02-12"


def test_encrypted_pdf_opens_with_its_password() -> None:
    letter = ip.parse(BAD / "encrypted.pdf", password="secret")
    assert letter.source.format == "pdf"
    assert letter.letter_date == "2030-02-12"
    assert letter.recipient.name == "Dr Alys Penhallow"


def test_encrypted_pdf_with_an_empty_user_password_opens_without_one() -> None:
    letter = ip.parse(BAD / "encrypted-empty-user-password.pdf")
    assert letter.letter_date == "2030-02-12"


@pytest.mark.parametrize("name", ["cp1252.txt", "utf16-bom.txt"])
def test_legacy_encodings_parse_with_their_characters_intact(name: str) -> None:
    letter = ip.parse(BAD / name)
    assert letter.source.format == "text"
    assert letter.letter_date == "2030-02-12"
    assert letter.recipient.role == "Director of Children’s Services"
    assert letter.title is not None and "“" not in letter.title and "’" in letter.title


def test_a_text_that_is_not_a_letter_is_family_unknown_with_a_warning(newsletter: Path) -> None:
    letter = ip.parse(newsletter)
    assert letter.family == "unknown"
    assert "IP-W001" in letter.warning_codes()
    assert letter.areas == ()


def test_an_html_page_under_a_pdf_name_is_read_as_html_not_an_error() -> None:
    letter = ip.parse(BAD / "html.pdf")
    assert letter.source.format == "html"
    assert letter.family == "unknown"
    assert "IP-W001" in letter.warning_codes()


# -- the command line -------------------------------------------------------------------------


@pytest.mark.parametrize(("where", "kwargs", "error", "words"), FAILURES.values(),
                         ids=FAILURES.keys())
def test_cli_prints_one_clear_line_with_the_code_and_exits_1(
        tmp_path: Path, where, kwargs, error, words: str) -> None:
    path = where(tmp_path)
    args = ["parse", str(path)]
    if "password" in kwargs:
        args += ["--password", kwargs["password"]]
    if "limits" in kwargs:
        args += ["--max-bytes", str(kwargs["limits"].max_bytes)]
    code, out, err = cli(*args)
    assert code == 1
    assert out == ""
    assert len(err.splitlines()) == 1
    assert f"[{CODES[error]}]" in err and str(path) in err
    assert "Traceback" not in err


@pytest.mark.parametrize("fixture", ["not_pdf_or_text", "png", "docx"])
def test_cli_reports_unreadable_formats_in_one_line(
        fixture: str, request: pytest.FixtureRequest) -> None:
    path = request.getfixturevalue(fixture)
    code, out, err = cli("parse", str(path))
    assert code == 1 and out == ""
    assert len(err.splitlines()) == 1 and "[IP-E0" in err and "Traceback" not in err


def test_cli_goes_on_past_failures_and_prints_the_others_in_order(tmp_path: Path) -> None:
    other = CORPUS / "la_focused_visit" / "fv-whitlow-2025-09-18.txt"
    code, out, err = cli("parse", str(BAD / "encrypted.pdf"), str(GOOD),
                         str(tmp_path / "missing.txt"), str(other), str(BAD / "scanned.pdf"))
    assert code == 1
    records = [json.loads(line) for line in out.splitlines()]
    assert [Path(r["source"]["path"]).name for r in records] == [GOOD.name, other.name]
    lines = err.splitlines()
    assert len(lines) == 3
    assert ["[IP-E005]" in lines[0], "[IP-E001]" in lines[1], "[IP-E008]" in lines[2]] == [
        True, True, True]
    assert "Traceback" not in err


def test_cli_parses_an_encrypted_pdf_given_its_password() -> None:
    code, out, err = cli("parse", "--password", "secret", str(BAD / "encrypted.pdf"))
    assert (code, err) == (0, "")
    assert json.loads(out)["letter_date"] == "2030-02-12"


def test_cli_parses_a_text_named_pdf_and_keeps_the_warning() -> None:
    code, out, err = cli("parse", str(BAD / "not-a-pdf.pdf"))
    assert (code, err) == (0, "")
    assert "IP-W021" in [w["code"] for w in json.loads(out)["warnings"]]


def test_cli_a_text_that_is_not_a_letter_is_not_an_error(newsletter: Path) -> None:
    code, out, err = cli("parse", str(newsletter))
    assert (code, err) == (0, "")
    record = json.loads(out)
    assert record["family"] == "unknown"
    assert "IP-W001" in [w["code"] for w in record["warnings"]]


@pytest.mark.parametrize("args", [
    [],                                   # no command
    ["parse"],                            # no FILE
    ["convert-everything", "x.pdf"],      # no such command
    ["parse", "--no-such-option", "x.txt"],
    ["parse", "--max-bytes", "many", "x.txt"],
    ["parse", "--backend", "ocr", "x.pdf"],
])
def test_cli_usage_errors_exit_2(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(*args)
    assert code == 2
    assert out == ""
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err


def test_cli_pretty_with_two_files_is_a_usage_error() -> None:
    code, out, err = cli("parse", "--pretty", str(GOOD), str(GOOD))
    assert code == 2
    assert out == ""
    assert "--pretty" in err
