"""The one converter between records and plain data: dict, JSON, JSON Lines, JSON Schema.

The record classes in :mod:`inspection_parse.model` know nothing about JSON;
this module owns structuring and unstructuring (one ``cattrs`` converter), and
generates the JSON Schema from the same classes, so the schema cannot drift from
the records.
"""

from __future__ import annotations

import json
import types
import typing
from collections.abc import Iterable, Iterator
from typing import Any, Literal, TextIO, Union, get_args, get_origin

import attrs
import cattrs

from .model import Letter

converter = cattrs.Converter(forbid_extra_keys=True)


def _tuple_as_list(tp: Any) -> Any:
    """Records hold tuples (they are frozen); plain data and JSON hold lists."""
    args = get_args(tp)
    if len(args) == 2 and args[1] is Ellipsis:
        inner = converter.get_unstructure_hook(args[0])
        return lambda value: [inner(x) for x in value]
    hooks = [converter.get_unstructure_hook(a) for a in args]
    return lambda value: [h(x) for h, x in zip(hooks, value, strict=True)]


def _is_tuple(tp: Any) -> bool:
    return bool(get_origin(tp) is tuple)


converter.register_unstructure_hook_factory(_is_tuple, _tuple_as_list)


def to_dict(letter: Letter) -> dict[str, Any]:
    """The record as plain data (lists, dicts, str, int, float, None), in field order."""
    return converter.unstructure(letter)  # type: ignore[no-any-return]


def from_dict(data: dict[str, Any]) -> Letter:
    """A record back from :func:`to_dict` output (or parsed JSON)."""
    return converter.structure(data, Letter)


def to_json(letter: Letter, *, indent: int | None = None) -> str:
    """One record as JSON (UTF-8 text, not ASCII-escaped). ``indent=None`` gives one line."""
    separators = (",", ":") if indent is None else None
    return json.dumps(to_dict(letter), ensure_ascii=False, indent=indent, separators=separators)


def from_json(text: str) -> Letter:
    return from_dict(json.loads(text))


def write_jsonl(letters: Iterable[Letter], out: TextIO) -> int:
    """Write one JSON record a line; returns the count written."""
    n = 0
    for letter in letters:
        out.write(to_json(letter))
        out.write("\n")
        n += 1
    return n


def read_jsonl(lines: Iterable[str]) -> Iterator[Letter]:
    """Records back from JSON Lines (blank lines skipped)."""
    for line in lines:
        if line.strip():
            yield from_json(line)


# -- JSON Schema ------------------------------------------------------------------------------

def json_schema() -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) for one ``Letter`` record, generated from the classes."""
    defs: dict[str, Any] = {}
    root = _schema_for(Letter, defs)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://inspection-parse.invalid/schema/letter.json",
        "title": "Letter",
        "description": (Letter.__doc__ or "").strip(),
        **defs[Letter.__name__],
        "$defs": {k: v for k, v in defs.items() if k != Letter.__name__},
    } if root else {}


def _schema_for(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    if attrs.has(tp):
        name = tp.__name__
        if name not in defs:
            defs[name] = {}  # placeholder against recursion
            hints = typing.get_type_hints(tp)
            props = {}
            for field in attrs.fields(tp):
                sub = _schema_for(hints[field.name], defs)
                if field.metadata.get("pattern"):
                    sub = _with_pattern(sub, field.metadata["pattern"])
                props[field.name] = sub
            defs[name] = {
                "type": "object",
                "description": (tp.__doc__ or "").strip().splitlines()[0] if tp.__doc__ else name,
                "properties": props,
                "required": [f.name for f in attrs.fields(tp)],
                "additionalProperties": False,
            }
        return {"$ref": f"#/$defs/{name}"}
    origin = get_origin(tp)
    if origin is Literal:
        return {"type": "string", "enum": list(get_args(tp))}
    if origin in (Union, types.UnionType):
        options = [_schema_for(a, defs) for a in get_args(tp)]
        return {"anyOf": options}
    if origin is tuple:
        args = get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            return {"type": "array", "items": _schema_for(args[0], defs)}
        return {"type": "array", "prefixItems": [_schema_for(a, defs) for a in args],
                "minItems": len(args), "maxItems": len(args)}
    if origin is dict:
        _, value = get_args(tp)
        return {"type": "object", "additionalProperties": _schema_for(value, defs)}
    if tp is type(None):
        return {"type": "null"}
    simple = {str: "string", int: "integer", float: "number", bool: "boolean"}
    if tp in simple:
        return {"type": simple[tp]}
    raise TypeError(f"no JSON Schema for {tp!r}")


def _with_pattern(schema: dict[str, Any], pattern: str) -> dict[str, Any]:
    if "anyOf" in schema:
        return {"anyOf": [_with_pattern(s, pattern) for s in schema["anyOf"]]}
    if schema.get("type") == "string":
        return {**schema, "pattern": pattern}
    if schema.get("type") == "array":
        return {**schema, "items": _with_pattern(schema["items"], pattern)}
    return schema
