"""Words and numbers shared by the Slack messages, the chart, its alt text and the page, so they
never disagree."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from fractions import Fraction

from scoring import Change, Direction, Framework, format_score

ARROWS = {Direction.UP: "↑", Direction.DOWN: "↓", Direction.SAME: "→"}
NOT_ASSESSED = "not assessed"
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def score_text(score: Fraction | None) -> str:
    """ "2.6 / 4", as in the Slack message; `format_score` keeps a rounding boundary honest."""
    return NOT_ASSESSED if score is None else f"{format_score(score)} / 4"


def stage_text(framework: Framework, stage: int | None) -> str:
    """ "Stage 3 · Make it Matter"."""
    if stage is None:
        return NOT_ASSESSED
    return f"Stage {stage} · {framework.stage(stage).name}"


def delta_text(delta: Fraction) -> str:
    """A signed change, one decimal rounded half away from zero; two where one would say 0.0.

    A real but small change (+0.04) shown as "+0.0" would read as "no change" next to an arrow.
    """
    if delta == 0:
        return "±0.0"
    for places in (1, 2):
        scale = 10**places
        shown = math.floor(abs(delta) * scale + Fraction(1, 2))
        if shown:
            sign = "+" if delta > 0 else "-"
            return f"{sign}{shown / scale:.{places}f}"
    return "+0.00" if delta > 0 else "-0.00"


def change_text(change: Change) -> str:
    """ "↑ +0.4" for a scored change, "new" when there was no earlier score, "" when none now."""
    if change.delta is None or change.direction is None:
        return "new" if change.after is not None and change.before is None else ""
    return f"{ARROWS[change.direction]} {delta_text(change.delta)}"


def date_text(when: datetime) -> str:
    """ "28 Nov 2026, 14:05 UTC": month names fixed in English whatever the process locale."""
    if when.tzinfo is not None:
        when = when.astimezone(UTC)
    zone = " UTC" if when.tzinfo is not None else ""
    return f"{when.day} {_MONTHS[when.month - 1]} {when.year}, {when:%H:%M}{zone}"
