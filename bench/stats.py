"""Percentiles and the number formats the tables use."""

from __future__ import annotations

import math
from collections.abc import Sequence


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100), interpolating linearly between the closest ranks.

    NaN for no values: a table cell says "–" rather than inventing a figure.
    """
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low = math.floor(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def median(values: Sequence[float]) -> float:
    return percentile(values, 50)


def ms(seconds: float) -> str:
    if math.isnan(seconds):
        return "–"
    return f"{seconds * 1000:.1f}" if seconds < 10 else f"{seconds * 1000:.0f}"


def secs(seconds: float) -> str:
    return "–" if math.isnan(seconds) else f"{seconds:.2f}"


def rate(per_second: float) -> str:
    return "–" if math.isnan(per_second) else f"{per_second:.0f}"


def ratio(ours: float, floor: float) -> str:
    """One decimal, or two significant digits below 1× (the throughput ratio against a floor
    that only acks is a few hundredths, which one decimal shows as a meaningless 0.0×)."""
    if math.isnan(ours) or math.isnan(floor) or floor == 0:
        return "–"
    value = ours / floor
    return f"{value:.2g}×" if value < 1 else f"{value:.1f}×"


def mib(size: float) -> str:
    return "–" if math.isnan(size) else f"{size / 2**20:.2f}"


def count(n: int) -> str:
    return f"{n:,}"
