"""Reading what people type after `/readiness` into a typed request.

Forgiving about wording (`closes in 5 days`, `in 5 days`, `5d`, `min 4`, `minimum 4 people`) and
strict about meaning: anything it cannot read comes back as `Help` quoting the part it did not
understand, rather than being guessed at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

MAX_DEADLINE = timedelta(days=90)


@dataclass(frozen=True)
class Help:
    unknown: str | None = None
    """What the person typed that we did not understand, to quote it back to them."""
    problem: str | None = None


@dataclass(frozen=True)
class TakeIt:
    """`/readiness` on its own: the person's own assessment, in their DM."""


@dataclass(frozen=True)
class StartTeam:
    closes_in: timedelta | None
    min_respondents: int | None


@dataclass(frozen=True)
class Status:
    pass


@dataclass(frozen=True)
class Close:
    pass


@dataclass(frozen=True)
class Cancel:
    pass


@dataclass(frozen=True)
class Extend:
    by: timedelta


Command = Help | TakeIt | StartTeam | Status | Close | Cancel | Extend

_UNITS = {
    "h": timedelta(hours=1),
    "hour": timedelta(hours=1),
    "d": timedelta(days=1),
    "day": timedelta(days=1),
    "w": timedelta(weeks=1),
    "week": timedelta(weeks=1),
}
_DURATION = re.compile(r"(?:closes\s+)?(?:in\s+)?(\d{1,3})\s*(h|hours?|d|days?|w|weeks?)\b")
_MINIMUM = re.compile(r"(?:min|minimum)\s+(\d{1,3})(?:\s+(?:people|respondents|responses))?\b")


def parse_command(text: str) -> Command:
    cleaned = " ".join(text.strip().split())
    if not cleaned:
        return TakeIt()
    verb, _, rest = cleaned.partition(" ")
    verb = verb.lower()
    if verb in {"help", "?"}:
        return Help()
    if verb in {"me", "start", "take"} and not rest:
        return TakeIt()
    if verb == "team":
        return _start_team(rest)
    if verb == "status" and not rest:
        return Status()
    if verb == "close" and not rest:
        return Close()
    if verb == "cancel" and not rest:
        return Cancel()
    if verb == "extend":
        duration = _duration(rest.lower())
        if duration is None:
            return Help(unknown=cleaned[:100], problem="Say how long, e.g. `extend 3 days`.")
        return Extend(duration)
    return Help(unknown=cleaned[:100])


def _duration(text: str) -> timedelta | None:
    match = _DURATION.fullmatch(text.strip())
    if not match:
        return None
    return _to_timedelta(match)


def _to_timedelta(match: re.Match[str]) -> timedelta:
    unit = match.group(2).rstrip("s") if len(match.group(2)) > 1 else match.group(2)
    return int(match.group(1)) * _UNITS[unit]


def _start_team(options: str) -> Command:
    remaining = options.lower()
    closes_in = None
    minimum = None
    if found := _DURATION.search(remaining):
        closes_in = _to_timedelta(found)
        remaining = remaining.replace(found.group(0), " ")
    if found := _MINIMUM.search(remaining):
        minimum = int(found.group(1))
        remaining = remaining.replace(found.group(0), " ")
    leftover = " ".join(remaining.replace(",", " ").split())
    if leftover:
        return Help(
            unknown=f"team {options}"[:100],
            problem=f"I did not understand `{leftover}`. Try `team closes in 5 days min 4`.",
        )
    if closes_in is not None and not timedelta(hours=1) <= closes_in <= MAX_DEADLINE:
        return Help(
            unknown=f"team {options}"[:100],
            problem="A team run can stay open between 1 hour and 90 days.",
        )
    return StartTeam(closes_in=closes_in, min_respondents=minimum)
