"""Letters as analytics tables, joined on ``letter_id``: ``letters`` (one row a letter, with
the authority's canonical name and codes for joining to DfE and ONS data), ``areas``,
``sections``, ``recipients`` (every addressee), ``signatories``, ``strengths`` and
``judgements`` (every graded statement besides the areas).

Rows are built from records as plain data (no pandas needed for that); pandas
and pyarrow are imported only by :func:`to_frames` and :func:`write_tables`.
Columns are stable (the same columns, in the same order, whatever the letters
hold) and typed: dates are dates (``date32``), counts are nullable integers,
text is ``string``.

>>> from inspection_parse import parse                              # doctest: +SKIP
>>> frames = to_frames([parse(p) for p in paths])                   # doctest: +SKIP
>>> frames["areas"].groupby("progress_rating").size()               # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from .model import Letter
from .serialize import to_dict

# (column, kind) in order; kind: str, int, date (ISO day or month → date), list (joined "; ")
LETTER_COLUMNS: list[tuple[str, str]] = [
    ("letter_id", "str"), ("path", "str"), ("sha256", "str"), ("format", "str"),
    ("pages", "int"), ("parser_version", "str"), ("family", "str"), ("letter_date", "date"),
    ("title", "str"), ("salutation", "str"), ("recipient_name", "str"),
    ("recipient_role", "str"), ("recipient_organisation", "str"), ("recipient_address", "str"),
    ("provider_name", "str"), ("provider_unit", "str"), ("provider_code", "str"),
    ("provider_canonical", "str"), ("la_code", "str"), ("ons_code", "str"), ("region", "str"),
    ("urn", "str"), ("provider_type", "str"), ("provider_address", "str"),
    ("visit_sequence", "int"), ("visit_start", "date"), ("visit_end", "date"),
    ("visit_days", "int"),
    ("visit_dates", "str"), ("visit_location", "str"), ("inspectors", "str"),
    ("previous_inspection_date", "date"), ("previous_inspection_published", "date"),
    ("areas_stated", "int"), ("areas_found", "int"), ("overall_rating", "str"),
    ("overall_text", "str"), ("judgements", "int"), ("evidence_reviewed", "int"),
    ("people_met", "int"), ("signatory_name", "str"), ("signatory_role", "str"),
    ("signatories", "int"), ("recipients", "int"), ("cc", "int"), ("strengths", "int"),
    ("response_text", "str"), ("response_due", "date"),
    ("warning_codes", "str"), ("warnings", "int"),
]
AREA_COLUMNS: list[tuple[str, str]] = [
    ("letter_id", "str"), ("area_index", "int"), ("number", "int"), ("kind", "str"),
    ("text", "str"), ("deadline_text", "str"), ("deadline_kind", "str"),
    ("deadline_months", "int"), ("deadline_due", "date"), ("prior_finding", "str"),
    ("progress_rating", "str"), ("progress_text", "str"), ("narrative", "str"),
    ("start", "int"), ("end", "int"), ("pages", "str"),
]
SECTION_COLUMNS: list[tuple[str, str]] = [
    ("letter_id", "str"), ("section_index", "int"), ("kind", "str"), ("heading", "str"),
    ("start", "int"), ("end", "int"), ("pages", "str"),
]
RECIPIENT_COLUMNS: list[tuple[str, str]] = [
    ("letter_id", "str"), ("recipient_index", "int"), ("name", "str"), ("role", "str"),
    ("organisation", "str"),
]
SIGNATORY_COLUMNS: list[tuple[str, str]] = [
    ("letter_id", "str"), ("signatory_index", "int"), ("name", "str"), ("role", "str"),
]
STRENGTH_COLUMNS: list[tuple[str, str]] = [
    ("letter_id", "str"), ("strength_index", "int"), ("text", "str"),
]
JUDGEMENT_COLUMNS: list[tuple[str, str]] = [
    ("letter_id", "str"), ("judgement_index", "int"), ("subject", "str"), ("rating", "str"),
    ("text", "str"),
]
TABLES = {"letters": LETTER_COLUMNS, "areas": AREA_COLUMNS, "sections": SECTION_COLUMNS,
          "recipients": RECIPIENT_COLUMNS, "signatories": SIGNATORY_COLUMNS,
          "strengths": STRENGTH_COLUMNS, "judgements": JUDGEMENT_COLUMNS}


def letter_id(record: Mapping[str, Any]) -> str:
    """A short stable id for a record: its source path and bytes together."""
    source = record["source"]
    key = f"{source.get('path') or ''}\0{source.get('sha256') or ''}"
    # surrogatepass: a file name that was not UTF-8 (kept as surrogate escapes) still hashes
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _text(value: str | None) -> str | None:
    """A string a table can hold: a lone surrogate (from a file name that was not UTF-8)
    becomes its escape ``\\udcXX``, as the JSON records write it."""
    if value is None or value.isascii():
        return value
    return value.encode("utf-8", "backslashreplace").decode("utf-8")


def _joined(values: Iterable[Any]) -> str | None:
    items = [str(v) for v in values if v is not None]
    return "; ".join(items) if items else None


def rows(record: Mapping[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """One record (as plain data) → its rows in the three tables."""
    lid = letter_id(record)
    src, rec, prov = record["source"], record["recipient"], record["provider"]
    visit, prev, overall, sig = (record["visit"], record["previous_inspection"],
                                 record["overall"], record["signatory"])
    days = visit["dates"]
    letter = {
        "letter_id": lid, "path": _text(src.get("path")), "sha256": src.get("sha256"),
        "format": src.get("format"), "pages": src.get("pages"),
        "parser_version": src.get("parser_version"), "family": record["family"],
        "letter_date": record["letter_date"], "title": record["title"],
        "salutation": record["salutation"], "recipient_name": rec["name"],
        "recipient_role": rec["role"], "recipient_organisation": rec["organisation"],
        "recipient_address": "\n".join(rec["address"]) or None,
        "provider_name": prov["name"], "provider_unit": prov["unit"],
        "provider_code": prov["code"], "provider_canonical": prov.get("canonical"),
        "la_code": prov.get("la_code"), "ons_code": prov.get("ons_code"),
        "region": prov.get("region"), "urn": prov.get("urn"),
        "provider_type": prov.get("type"),
        "provider_address": "\n".join(prov.get("address") or ()) or None,
        "visit_sequence": visit.get("sequence"), "visit_start": days[0] if days else None,
        "visit_end": days[-1] if days else None, "visit_days": len(days),
        "visit_dates": _joined(days), "visit_location": visit["location"],
        "inspectors": _joined(visit["inspectors"]),
        "previous_inspection_date": prev["date"],
        "previous_inspection_published": prev["published"],
        "areas_stated": record["areas_stated"], "areas_found": len(record["areas"]),
        "overall_rating": overall["rating"], "overall_text": overall["text"],
        "judgements": len(record.get("judgements", ())),
        "evidence_reviewed": len(record["evidence_reviewed"]),
        "people_met": len(record["people_met"]), "signatory_name": sig["name"],
        "signatory_role": sig["role"], "signatories": len(record.get("signatories", ())),
        "recipients": len(record.get("recipients", ())), "cc": len(record["cc"]),
        "strengths": len(record.get("strengths", ())),
        "response_text": (record.get("response") or {}).get("text"),
        "response_due": (record.get("response") or {}).get("due"),
        "warning_codes": _joined(w["code"] for w in record["warnings"]),
        "warnings": len(record["warnings"]),
    }
    areas = []
    for n, a in enumerate(record["areas"]):
        areas.append({
            "letter_id": lid, "area_index": n, "number": a["number"], "kind": a["kind"],
            "text": a["text"], "deadline_text": a["deadline"]["text"],
            "deadline_kind": a["deadline"]["kind"], "deadline_months": a["deadline"]["months"],
            "deadline_due": a["deadline"]["due"], "prior_finding": a["prior_finding"],
            "progress_rating": a["progress"]["rating"], "progress_text": a["progress"]["text"],
            "narrative": a["narrative"], "start": a["span"]["start"], "end": a["span"]["end"],
            "pages": _joined(a["span"]["pages"]),
        })
    sections = [{
        "letter_id": lid, "section_index": n, "kind": s["kind"], "heading": s["heading"],
        "start": s["start"], "end": s["end"], "pages": _joined(s["pages"]),
    } for n, s in enumerate(record["sections"])]
    recipients = [{"letter_id": lid, "recipient_index": n, "name": p["name"], "role": p["role"],
                   "organisation": p["organisation"]}
                  for n, p in enumerate(record.get("recipients", ()))]
    signatories = [{"letter_id": lid, "signatory_index": n, "name": p["name"], "role": p["role"]}
                   for n, p in enumerate(record.get("signatories", ()))]
    strengths = [{"letter_id": lid, "strength_index": n, "text": t}
                 for n, t in enumerate(record.get("strengths", ()))]
    judgements = [{"letter_id": lid, "judgement_index": n, "subject": j["subject"],
                   "rating": j["rating"], "text": j["text"]}
                  for n, j in enumerate(record.get("judgements", ()))]
    return {"letters": [letter], "areas": areas, "sections": sections, "recipients": recipients,
            "signatories": signatories, "strengths": strengths, "judgements": judgements}


def iter_records(letters: Iterable[Letter | Mapping[str, Any]]) -> Iterator[Mapping[str, Any]]:
    for item in letters:
        yield to_dict(item) if isinstance(item, Letter) else item


def read_jsonl_records(path: str | os.PathLike[str]) -> Iterator[dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def _as_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    parts = value.split("-")
    return dt.date(int(parts[0]), int(parts[1]), int(parts[2]) if len(parts) > 2 else 1)


def to_frames(letters: Iterable[Letter | Mapping[str, Any]]) -> dict[str, Any]:
    """pandas DataFrames ``letters``, ``areas`` and ``sections`` with stable, typed columns.

    Accepts :class:`Letter` records or their dicts (e.g. read from JSON Lines).
    Dates are ``date32[pyarrow]`` (a month-only date is the first of that month),
    integers are nullable ``Int64``, text is ``string``.
    """
    collected: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    for record in iter_records(letters):
        for name, table_rows in rows(record).items():
            collected[name].extend(table_rows)
    return {name: typed_frame(collected[name], columns) for name, columns in TABLES.items()}


def typed_frame(table_rows: Iterable[Mapping[str, Any]], columns: list[tuple[str, str]]) -> Any:
    """A pandas DataFrame of ``table_rows`` with exactly ``columns``, typed."""
    import pandas as pd
    import pyarrow as pa

    data = list(table_rows)
    series = {}
    for col, kind in columns:
        values = [r[col] for r in data]
        if kind == "date":
            series[col] = pd.Series([_as_date(v) for v in values], dtype=pd.ArrowDtype(pa.date32()))
        elif kind == "int":
            series[col] = pd.Series(values, dtype="Int64")
        else:
            series[col] = pd.Series(values, dtype="string")
    return pd.DataFrame(series)


def write_tables(records: str | os.PathLike[str], out_dir: str | os.PathLike[str],
                 fmt: str = "parquet") -> list[Path]:
    """Build the three tables from a records JSONL file into ``out_dir`` (atomically)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    frames = to_frames(read_jsonl_records(records))
    written = []
    for name, frame in frames.items():
        target = out / f"{name}.{'parquet' if fmt == 'parquet' else 'csv'}"
        tmp = target.with_name(target.name + ".tmp")
        if fmt == "parquet":
            frame.to_parquet(tmp, index=False)
        else:
            frame.to_csv(tmp, index=False)
        os.replace(tmp, target)
        written.append(target)
    return written
