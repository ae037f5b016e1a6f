"""axe's impact levels, least to most severe: thresholds (`--fail-on`) compare by this order."""

from __future__ import annotations

IMPACTS = ("minor", "moderate", "serious", "critical")


def impact_rank(impact: str | None) -> int:
    return IMPACTS.index(impact) if impact in IMPACTS else 0
