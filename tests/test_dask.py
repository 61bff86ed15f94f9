"""The Dask engine, on a LocalCluster."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("dask")
distributed = pytest.importorskip("distributed")

import inspection_parse as ip  # noqa: E402
from conftest import CORPUS  # noqa: E402
from inspection_parse.bulk import convert  # noqa: E402
from inspection_parse.dask import read_letters, read_results, to_dataframes, write_parquet  # noqa: E402

TEXTS = sorted((CORPUS / "cafcass_pim").glob("*.txt"))[:6]


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None)
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


def test_bag_of_records_matches_parse(client) -> None:
    records = read_letters([str(p) for p in TEXTS]).compute()
    by_path = {r["source"]["path"]: r for r in records}
    assert set(by_path) == {str(p) for p in TEXTS}
    assert by_path[str(TEXTS[0])] == ip.to_dict(ip.parse(TEXTS[0]))


def test_results_keep_errors(client, tmp_path: Path) -> None:
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    outcomes = read_results([str(TEXTS[0]), str(bad)]).compute()
    assert sorted((o["ok"], o["error_code"]) for o in outcomes) == [(False, "IP-E002"),
                                                                    (True, None)]


def test_tables_and_parquet_on_the_cluster(client, tmp_path: Path) -> None:
    import pandas as pd

    bag = read_letters([str(p) for p in TEXTS])
    frames = to_dataframes(bag)
    letters = frames["letters"].compute()
    areas = frames["areas"].compute()
    assert len(letters) == len(TEXTS)
    assert set(areas["letter_id"]) == set(letters["letter_id"])
    assert str(areas["deadline_due"].dtype).startswith("date32")
    written = write_parquet(bag, tmp_path / "tables")
    assert len(pd.read_parquet(written[1])) == len(areas)


def test_convert_with_the_dask_engine(tmp_path: Path) -> None:
    summary = convert([str(p) for p in TEXTS], tmp_path / "out.jsonl", engine="dask")
    assert (summary.converted, summary.failed) == (len(TEXTS), 0)
    lines = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    assert {json.loads(line)["source"]["path"] for line in lines} == {str(p) for p in TEXTS}


def test_a_glob_that_matches_nothing_raises_as_the_cli_reports_it(tmp_path: Path) -> None:
    with pytest.raises(ip.InputNotFoundError, match="no file matches"):
        read_results([str(tmp_path / "nothing-*.pdf")])
    with pytest.raises(ip.InputNotFoundError, match="no such file"):
        read_letters([str(tmp_path / "absent.pdf")])
