"""Letter families: detection by score, and the registry of family readers."""

from __future__ import annotations

import attrs

from ..document import Document
from . import (
    cafcass_pim,
    fe_monitoring,
    la_focused_visit,
    la_jtai,
    la_monitoring_visit,
    school_monitoring,
)
from .base import THRESHOLD, Family

FAMILIES: tuple[Family, ...] = (cafcass_pim.FAMILY, la_focused_visit.FAMILY,
                                la_monitoring_visit.FAMILY, school_monitoring.FAMILY,
                                fe_monitoring.FAMILY, la_jtai.FAMILY)


@attrs.frozen
class Detection:
    """Which family a document reads as, with every family's score."""

    family: Family | None
    scores: dict[str, float]

    @property
    def name(self) -> str:
        return self.family.name if self.family is not None else "unknown"

    @property
    def close_call(self) -> bool:
        """True when the runner-up scored within one point of the winner."""
        ranked = sorted(self.scores.values(), reverse=True)
        return len(ranked) > 1 and ranked[0] >= THRESHOLD and ranked[0] - ranked[1] < 1.0


def detect(doc: Document) -> Detection:
    """Score the document against every family; the best at or above the threshold wins."""
    scores = {family.name: family.score(doc) for family in FAMILIES}
    best = max(FAMILIES, key=lambda f: scores[f.name], default=None)
    if best is None or scores[best.name] < THRESHOLD:
        return Detection(None, scores)
    return Detection(best, scores)
