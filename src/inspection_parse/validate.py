"""Cross-checks that turn a letter's own inconsistencies into warnings with stable codes."""

from __future__ import annotations

from collections import Counter
from typing import Any

from .draft import Draft

# Families whose letters grade every area and set a deadline for each.
GRADED_FAMILIES = frozenset({"cafcass_pim"})
# Families whose letters always list areas.
AREA_FAMILIES = frozenset({"cafcass_pim", "la_focused_visit", "fe_monitoring"})   # FE: its themes


def cross_check(draft: Draft, family: str) -> None:
    areas: list[dict[str, Any]] = draft.get("areas") or []
    stated = draft.get("areas_stated")
    if stated is not None and stated != len(areas):
        draft.warn("IP-W005", f"the letter says {stated}, {len(areas)} found")
    if family in AREA_FAMILIES and not areas:
        draft.warn("IP-W009")
    if family in GRADED_FAMILIES:
        for n, area in enumerate(areas):
            label = _label(area, n)
            if _rating(area) is None:
                draft.warn("IP-W007", label)
            if (area.get("deadline") or {}).get("kind", "none") == "none":
                draft.warn("IP-W008", label)
    found = Counter(_rating(a) for a in areas if _rating(a))
    for rating, count, phrase in draft.stated_rating_counts:
        if found[rating] != count:
            draft.warn("IP-W006", f"{phrase!r} but {found[rating]} area(s) rated {rating}")
    numbers = [a["number"] for a in areas if a.get("number") is not None]
    if numbers and numbers != list(range(numbers[0], numbers[0] + len(numbers))):
        draft.warn("IP-W019", "numbers " + ", ".join(map(str, numbers)))


def _rating(area: dict[str, Any]) -> str | None:
    return (area.get("progress") or {}).get("rating")


def _label(area: dict[str, Any], n: int) -> str:
    return f"area {area['number']}" if area.get("number") is not None else f"area #{n + 1}"
