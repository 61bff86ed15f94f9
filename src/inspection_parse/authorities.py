"""English local authorities: one canonical name per authority, with its codes.

A letter names its authority many ways ("London Borough of Barking and Dagenham", "Bedford
Borough council", "the Royal Borough of Greenwich", "City of York", "BCP"). :func:`match`
reduces a name to a key (case, "&", apostrophes, hyphens and punctuation aside) and tries the
key, then the key without the words around an authority's name ("London Borough of",
"Metropolitan Borough Council", "City Council", a leading "the" ...), against the shipped
table's names and other names. Only an exact key matches: there is no fuzzy guess, so a
misspelt or unknown name gives ``None``.

The table (``data/local-authorities.csv``) is the data-to-insight lookup, MIT licence; see
``data/README.md`` in the package.

>>> match("London Borough of Barking and Dagenham").name
'Barking and Dagenham'
>>> match("Bedford Borough council").la_code
'822'
>>> match("Borsetshire") is None
True
"""

from __future__ import annotations

import csv
import functools
import unicodedata
from importlib import resources

import attrs
import regex

__all__ = ["Authority", "all_authorities", "match"]


@attrs.frozen
class Authority:
    """One row of the reference table."""

    name: str
    la_code: str
    ons_code: str | None
    urn: str | None
    region: str
    la_type: str | None
    also_known_as: tuple[str, ...] = ()


# Short forms letters use that the table does not list: each names one authority with
# children's services and no other ("Newcastle": Newcastle-under-Lyme is a district council).
EXTRA_NAMES: dict[str, tuple[str, ...]] = {
    "Newcastle upon Tyne": ("Newcastle", "Newcastle-upon-Tyne"),
    "Stoke-on-Trent": ("Stoke",),
}


def _key(name: str) -> str:
    text = unicodedata.normalize("NFKC", name).casefold()
    text = text.replace("&", " and ")
    text = regex.sub(r"[’'`ʼ]", "", text)
    text = regex.sub(r"[^\w]+", " ", text)   # hyphens, commas, full stops, brackets
    return " ".join(text.split())


# Words that stand around an authority's name without being part of it. Tried in order on the
# key, each removal giving a further candidate; the name itself is what is left.
_LEADS = regex.compile(
    r"\A(?:the\s+)?(?:(?:london|royal|metropolitan|city\s+and)\s+)?"
    r"(?:borough|city|county|district|council)\s+(?:council\s+)?of\s+(?:the\s+)?")
_TRAILS = regex.compile(
    r"(?:\s+(?:metropolitan|royal|london|county|city|district|borough|unitary|council|"
    r"authority|local|childrens|services|children|social\s+care|and\s+childrens\s+services|"
    r"partnership|area|safeguarding))+\Z")
_THE = regex.compile(r"\Athe\s+")


def _candidates(key: str) -> list[str]:
    out = [key]
    for step in (_THE, _LEADS):
        reduced = step.sub("", out[-1], count=1)
        if reduced != out[-1]:
            out.append(reduced)
    for k in list(out):
        trimmed = _TRAILS.sub("", k)
        if trimmed and trimmed != k:
            out.append(trimmed)
    return out


@functools.cache
def all_authorities() -> tuple[Authority, ...]:
    """Every row of the shipped table, in its order."""
    text = resources.files(__package__).joinpath("data/local-authorities.csv").read_text("utf-8")
    out = []
    for row in csv.DictReader(text.splitlines()):
        out.append(Authority(
            name=row["name"], la_code=row["la_code"], ons_code=row["ons_code"] or None,
            urn=row["urn"] or None, region=row["region"], la_type=row["la_type"] or None,
            also_known_as=tuple(a.strip() for a in row["also_known_as"].split(";") if a.strip()),
        ))
    return tuple(out)


@functools.cache
def _index() -> dict[str, Authority]:
    index: dict[str, Authority] = {}
    ambiguous: set[str] = set()
    for authority in all_authorities():
        names = (authority.name, *authority.also_known_as, *EXTRA_NAMES.get(authority.name, ()))
        keys = {_key(n) for n in names}
        # A key two authorities share would be a guess: it matches neither.
        for key in keys:
            if key in index and index[key] != authority:
                ambiguous.add(key)
            index[key] = authority
    for key in ambiguous:
        del index[key]
    return index


@functools.lru_cache(maxsize=4096)
def match(name: str | None) -> Authority | None:
    """The authority ``name`` names, or None where no row matches exactly (never a guess)."""
    if not name:
        return None
    index = _index()
    for candidate in _candidates(_key(name)):
        found = index.get(candidate)
        if found is not None:
            return found
    return None
