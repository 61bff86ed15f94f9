"""Archives beyond one machine: letters on a Dask cluster (the optional ``[dask]`` extra).

>>> from inspection_parse.dask import read_letters, to_dataframes      # doctest: +SKIP
>>> bag = read_letters(["archive/*.pdf"])                              # a dask.bag of records
>>> frames = to_dataframes(bag)                                        # letters/areas/sections
>>> frames["areas"].groupby("progress_rating").size().compute()
>>> write_parquet(bag, "tables/")

Work runs wherever Dask's scheduler sends it: the current ``distributed.Client``
if there is one, else Dask's default scheduler. ``inspection-parse convert
--engine dask [--scheduler ADDRESS]`` uses :func:`run_on_cluster`, which connects
to ``ADDRESS`` or starts a ``LocalCluster``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from .bulk import InputItem, Options, Result, iter_inputs, parse_item
from .errors import InputNotFoundError, WorkerCrashError
from .limits import Limits
from .serialize import to_dict


def _require() -> Any:
    try:
        import dask.bag as db
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise ImportError("the Dask engine needs the [dask] extra: "
                          "pip install 'inspection-parse[dask]'") from exc
    return db


def _outcome(item: InputItem, options: Options) -> dict[str, Any]:
    result = parse_item(item, options)
    return {
        "input": result.input,
        "ok": result.ok,
        "record": to_dict(result.letter) if result.letter is not None else None,
        "error_code": result.error.code if result.error else None,
        "error_message": result.error.message if result.error else None,
    }


def _problem(result: Result) -> dict[str, Any]:
    return {"input": result.input, "ok": False, "record": None,
            "error_code": result.error.code if result.error else None,
            "error_message": result.error.message if result.error else None}


def read_results(paths: Iterable[str | os.PathLike[str]], *, password: str | None = None,
                 limits: Limits | None = None, backend: str = "auto",
                 npartitions: int | None = None) -> Any:
    """A dask bag with one outcome per input: ``input``, ``ok``, ``record`` (or None),
    ``error_code`` and ``error_message``.

    A path that does not exist, or a glob pattern that matches nothing, raises
    :class:`~inspection_parse.errors.InputNotFoundError` here, as the command line reports
    it, rather than giving an empty bag; other inputs that cannot be read (a damaged zip, a
    FIFO) are failed outcomes in the bag."""
    db = _require()
    options = Options(password=password, limits=limits or Limits(), backend=backend)
    specs = [p if isinstance(p, str) else os.fsdecode(os.fspath(p)) for p in paths]
    problems: list[Result] = []
    items = list(iter_inputs(specs, archive=options.archive, problems=problems))
    for problem in problems:
        if isinstance(problem.error, InputNotFoundError) and problem.input in specs:
            raise problem.error
    parts = npartitions or max(1, min(len(items), (os.cpu_count() or 1) * 4))
    bag = db.from_sequence(items, npartitions=parts).map(_outcome, options)
    if problems:
        bag = db.concat([db.from_sequence([_problem(p) for p in problems], npartitions=1), bag])
    return bag


def read_letters(paths: Iterable[str | os.PathLike[str]], **kwargs: Any) -> Any:
    """A dask bag of the records (as dicts) of every input that parsed."""
    return read_results(paths, **kwargs).filter(lambda o: o["ok"]).pluck("record")


def to_dataframes(records: Any) -> dict[str, Any]:
    """Dask DataFrames ``letters``, ``areas`` and ``sections`` from a bag of records,
    with the same columns and dtypes as :func:`inspection_parse.tables.to_frames`."""
    import dask.dataframe as dd
    from dask.delayed import delayed

    from .tables import TABLES, rows, typed_frame

    frames = {}
    for name, columns in TABLES.items():
        parts = records.map(lambda r, n=name: rows(r)[n]).flatten().to_delayed()
        frames[name] = dd.from_delayed(
            [delayed(typed_frame)(part, columns) for part in parts],
            meta=typed_frame([], columns), verify_meta=False)
    return frames


def write_parquet(records: Any, out_dir: str | os.PathLike[str]) -> list[Path]:
    """Write the three tables as Parquet datasets (one folder each) under ``out_dir``."""
    out = Path(out_dir)
    written = []
    for name, frame in to_dataframes(records).items():
        target = out / name
        frame.to_parquet(str(target), write_index=False, overwrite=True)
        written.append(target)
    return written


def run_on_cluster(items: Sequence[InputItem], options: Options,
                   scheduler: str | None = None) -> Iterator[Result]:
    """Parse ``items`` on a Dask cluster (``scheduler`` address, or a new LocalCluster),
    yielding results as they complete. A task lost with its worker is a failed input."""
    try:
        from distributed import Client, LocalCluster, as_completed
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise ImportError("the Dask engine needs the [dask] extra: "
                          "pip install 'inspection-parse[dask]'") from exc
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(processes=True, n_workers=os.cpu_count() or 1,
                               threads_per_worker=1, dashboard_address=":0")
        client = Client(cluster)
    try:
        futures = {client.submit(parse_item, item, options, pure=False): item for item in items}
        for future in as_completed(futures):
            item = futures[future]
            try:
                yield future.result()
            except Exception as exc:
                yield Result(item.key, None, WorkerCrashError(
                    f"the Dask task failed ({type(exc).__name__}: {exc})", path=item.key))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
