"""A short run of the PDF mutation fuzzer (``benchmarks/fuzz_pdf.py``) and its saved cases.

Mutants of our own corpus PDFs (byte flips, truncations, deleted and duplicated objects,
broken xref tables and stream lengths, swapped filters and references, mutated content
streams ...) must each give a record or one of our typed errors: no ``InternalError``
(IP-E099) or other exception, no hang, no dead worker. The long campaign and its figures
are in ``benchmarks/FUZZING.md``.
"""

from __future__ import annotations

import importlib.util
import sys
import time
from pathlib import Path

import pytest

import inspection_parse as ip
from inspection_parse.errors import ERRORS

ROOT = Path(__file__).resolve().parent.parent
CASES = sorted((Path(__file__).resolve().parent / "fuzz_cases").glob("*.pdf"))


def _fuzzer():
    spec = importlib.util.spec_from_file_location("fuzz_pdf", ROOT / "benchmarks" / "fuzz_pdf.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("fuzz_pdf", module)
    spec.loader.exec_module(module)
    return module


def _backends() -> list[str]:
    found = ["pdfplumber"]
    if importlib.util.find_spec("pypdfium2") is not None:
        found.append("pypdfium2")
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the fuzzer forks its workers")
@pytest.mark.parametrize("backend", _backends())
def test_short_fuzz_run_gives_only_records_and_typed_errors(backend: str, tmp_path: Path) -> None:
    fuzz = _fuzzer()
    summary = fuzz.run(seed=20260, count=300, workers=2, timeout=20.0, mem_mb=1536,
                       seed_globs=[str(ROOT / "corpus" / "pdf" / "*.pdf")],
                       out_dir=str(tmp_path), progress=False, backend=backend)
    problems = (tmp_path / "problems.txt").read_text(encoding="utf-8")
    assert summary["untyped"] == 0, problems[:4000]
    assert summary["hangs"] == 0, problems[:4000]
    assert summary["crashes"] == 0, problems[:4000]
    assert summary["bad_record"] == 0, problems[:4000]
    outcomes = summary["outcomes"]
    assert sum(outcomes.values()) == 300
    # the mutants reach both ends: some still read as letters, some are refused
    assert outcomes.get("record", 0) > 0
    assert any(code.startswith("IP-E0") for code in outcomes)


@pytest.mark.parametrize("backend", _backends())
@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_saved_fuzz_case_gives_a_record_or_a_typed_error(case: Path, backend: str) -> None:
    """Reproducers the long campaign found (see fuzz_cases/README.md)."""
    start = time.perf_counter()
    try:
        letter = ip.parse(case, backend=backend)
    except ip.InternalError as exc:
        pytest.fail(f"InternalError: {exc} (caused by {exc.__cause__!r})")
    except ip.InspectionParseError as exc:
        assert exc.code in ERRORS, exc
    else:
        ip.from_json(ip.to_json(letter))
    assert time.perf_counter() - start < 20


def test_fuzzer_inputs_are_deterministic() -> None:
    fuzz = _fuzzer()
    seeds = [(str(p), p.read_bytes()) for p in sorted((ROOT / "corpus" / "pdf").glob("*.pdf"))[:3]]
    assert seeds, "corpus/pdf holds the fuzzer's seed PDFs"
    for index in range(40):
        assert fuzz.make_input(seeds, 7, index) == fuzz.make_input(seeds, 7, index)
    assert fuzz.make_input(seeds, 7, 1) != fuzz.make_input(seeds, 8, 1)
