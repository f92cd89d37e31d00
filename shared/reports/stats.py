"""Summary statistics of durations, the way a head can check them in a spreadsheet.

Percentiles interpolate linearly between the closest ranks, like Excel's PERCENTILE.INC (and
MEDIAN for the 50th): a report's p90 can be recomputed from its exported data. Results are
whole seconds, rounded half up once at the end.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass


def round_half_up(value: float) -> int:
    return math.floor(value + 0.5)


def percentile(ordered: list[float], share: float) -> float | None:
    """The ``share`` (0..1) percentile of values sorted ascending; None when there are none."""
    if not ordered:
        return None
    position = (len(ordered) - 1) * share
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass(frozen=True)
class Summary:
    """Count, median, 90th percentile and mean of a set of durations in seconds."""

    count: int
    p50: int | None
    p90: int | None
    mean: int | None

    @classmethod
    def of(cls, values: Iterable[float]) -> Summary:
        ordered = sorted(values)
        if not ordered:
            return cls(0, None, None, None)
        return cls(
            count=len(ordered),
            p50=round_half_up(percentile(ordered, 0.5)),
            p90=round_half_up(percentile(ordered, 0.9)),
            mean=round_half_up(math.fsum(ordered) / len(ordered)),
        )


def share(part: int, whole: int) -> float | None:
    """part / whole to four decimals (a share 0..1); None when nothing was measured."""
    if whole == 0:
        return None
    return round_half_up(part * 10000 / whole) / 10000
