"""When a channel's scheduled team run is next due: pure date arithmetic, no I/O, no clock.

A rule is read in the timezone of the person who set it (their Slack profile's), because "the
first Monday at 09:00" means nine in the morning where that team sits, before and after a clock
change. `next_occurrence` only ever answers "the first occurrence strictly after this instant", so
a scheduler that stores the next due instant, opens one run when it has passed, and then asks for
the occurrence after *now* opens a run once after downtime rather than once per missed slot.

The day rule counts within the whole period: ordinals from its start and "last" from its end. For
a monthly rule that is the month; for a quarterly one, `first Monday` falls in January, April,
July or October and `last Friday` or `last day` in March, June, September or December — the end
of the quarter, which is what people mean by "quarterly on the last day".
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Literal, get_args
from zoneinfo import ZoneInfo

from flows.calendar_names import MONTHS, WEEKDAYS

Cadence = Literal["monthly", "quarterly"]
CADENCES: tuple[Cadence, ...] = get_args(Cadence)
MONTHS_IN: dict[Cadence, int] = {"monthly": 1, "quarterly": 3}
"""Quarters start in January, April, July and October: period boundaries fall on those months."""
LONGEST_RUN: dict[Cadence, timedelta] = {
    "monthly": timedelta(days=27),
    "quarterly": timedelta(days=83),
}
"""A channel has one open team run at a time, so a scheduled run must close before the next opens.
Occurrences can be as little as 28 days apart (monthly: one weekday four weeks on) or 84
(quarterly); a day less leaves room for a clock change."""

LAST = -1
"""`nth` / `day` meaning the last one in the period."""

STORED_WEEKDAYS = tuple(name.lower() for name in WEEKDAYS)
"""A weekday as a schedule's rule stores it; indexed like `date.weekday()`: Monday is 0."""
ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", LAST: "last"}
LAST_FIXED_DAY = 28
"""Every month has a 28th; a later day would silently move or vanish in short months."""


@dataclass(frozen=True)
class NthWeekday:
    """The first to fourth, or last, given weekday of the period (`weekday` 0 is Monday).

    No "fifth": most months have only four of each weekday, so it would skip months.
    """

    nth: int
    weekday: int

    def __post_init__(self) -> None:
        if self.nth not in ORDINALS:
            raise ValueError(f"nth must be 1-4 or {LAST} (last), not {self.nth!r}")
        if self.weekday not in range(7):
            raise ValueError(f"weekday must be 0 (Monday) to 6 (Sunday), not {self.weekday!r}")

    def describe(self) -> str:
        return f"the {ORDINALS[self.nth]} {WEEKDAYS[self.weekday]}"


@dataclass(frozen=True)
class MonthDay:
    """A fixed day of the month, 1-28, or `LAST` for the last day of the period."""

    day: int

    def __post_init__(self) -> None:
        if self.day != LAST and self.day not in range(1, LAST_FIXED_DAY + 1):
            raise ValueError(f"day must be 1-{LAST_FIXED_DAY} or {LAST} (last), not {self.day!r}")

    def describe(self) -> str:
        return "the last day" if self.day == LAST else f"the {_ordinal_number(self.day)}"


DayRule = NthWeekday | MonthDay


@dataclass(frozen=True)
class Recurrence:
    """A monthly or quarterly rule: which day of the period, and what local wall-clock time.

    `at` is naive and whole-minute: the timezone is supplied when computing, not stored here.
    """

    cadence: Cadence
    day: DayRule
    at: time

    def __post_init__(self) -> None:
        if self.cadence not in CADENCES:
            raise ValueError(f"cadence must be one of {CADENCES}, not {self.cadence!r}")
        if self.at.tzinfo is not None or self.at.second or self.at.microsecond:
            raise ValueError(f"at must be a naive whole-minute time, not {self.at!r}")

    def describe(self) -> str:
        """E.g. `quarterly on the first Monday at 09:00`; the parser reads it back."""
        of_quarter = " of the quarter" if self.cadence == "quarterly" and _is_last(self.day) else ""
        return f"{self.cadence} on {self.day.describe()}{of_quarter} at {self.at:%H:%M}"

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON types, with words rather than codes so a stored row reads on its own."""
        day: dict[str, Any]
        if isinstance(self.day, NthWeekday):
            day = {
                "kind": "weekday",
                "nth": ORDINALS[self.day.nth],
                "weekday": STORED_WEEKDAYS[self.day.weekday],
            }
        else:
            day = {"kind": "month_day", "day": "last" if self.day.day == LAST else self.day.day}
        return {"cadence": self.cadence, "day": day, "at": f"{self.at:%H:%M}"}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Recurrence:
        """The inverse of `to_dict`; anything else raises ValueError naming what is wrong."""
        try:
            day_data = data["day"]
            rule: DayRule
            if day_data["kind"] == "weekday":
                nth = {word: n for n, word in ORDINALS.items()}[day_data["nth"]]
                rule = NthWeekday(nth=nth, weekday=STORED_WEEKDAYS.index(day_data["weekday"]))
            elif day_data["kind"] == "month_day":
                day = day_data["day"]
                if not (day == "last" or (isinstance(day, int) and not isinstance(day, bool))):
                    raise ValueError(f"day must be a number or 'last', not {day!r}")
                rule = MonthDay(LAST if day == "last" else day)
            else:
                raise ValueError(f"unknown day kind {day_data['kind']!r}")
            at = time.fromisoformat(data["at"])
            return cls(cadence=data["cadence"], day=rule, at=at)
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise ValueError(f"not a stored recurrence: {data!r} ({error})") from error


def next_occurrence(rule: Recurrence, *, after: datetime, tz: ZoneInfo) -> datetime:
    """The first occurrence strictly after the aware instant `after`, as an aware UTC datetime.

    The wall-clock date and time are worked out in `tz` and converted with `fold=0`:

    - a time that happens twice (clocks going back) means the first of the two, so a run opens
      once, at the earlier instant;
    - a time that does not exist that day (clocks going forward, e.g. 02:30 on the US
      spring-forward day) is read with the offset from before the gap, which lands as far past
      the gap as the time was into it: 02:30 becomes 03:30 daylight time. That is RFC 5545's rule
      for calendars and what Java and JavaScript's Temporal do, so the run still opens that day
      and never before the time asked for.
    """
    if after.utcoffset() is None:
        raise ValueError("after must be timezone-aware")
    # Start one period early: a time pushed past a gap could, in principle, land after `after`
    # even though its period began before it. Periods ascend, so the first candidate wins.
    period = _period_of(rule.cadence, after.astimezone(tz).date()) - 1
    while (candidate := _instant(rule, period, tz)) <= after:
        period += 1
    return candidate


def describe_next(when: datetime, tz: ZoneInfo) -> str:
    """`Monday, January 5, 2026 at 09:00 (Europe/London)`, the same whatever the server's locale."""
    local = when.astimezone(tz)
    weekday = WEEKDAYS[local.weekday()]
    month = MONTHS[local.month - 1]
    return f"{weekday}, {month} {local.day}, {local.year} at {local:%H:%M} ({tz.key})"


def _period_of(cadence: Cadence, day: date) -> int:
    """Periods numbered consecutively from year 0, so "the next one" is just + 1."""
    return (day.year * 12 + day.month - 1) // MONTHS_IN[cadence]


def _instant(rule: Recurrence, period: int, tz: ZoneInfo) -> datetime:
    on = _date_in(rule, period)
    # Built field by field so `fold` is 0 whatever `rule.at.fold` says.
    wall = datetime(on.year, on.month, on.day, rule.at.hour, rule.at.minute, tzinfo=tz)
    return wall.astimezone(UTC)


def _date_in(rule: Recurrence, period: int) -> date:
    span = MONTHS_IN[rule.cadence]
    first_year, first_month0 = divmod(period * span, 12)
    last_year, last_month0 = divmod(period * span + span - 1, 12)
    match rule.day:
        case NthWeekday(nth=nth, weekday=weekday) if nth != LAST:
            start = date(first_year, first_month0 + 1, 1)
            return start.replace(day=1 + (weekday - start.weekday()) % 7 + 7 * (nth - 1))
        case NthWeekday(weekday=weekday):
            end = _last_day(last_year, last_month0 + 1)
            return end.replace(day=end.day - (end.weekday() - weekday) % 7)
        case MonthDay(day=day) if day != LAST:
            return date(first_year, first_month0 + 1, day)
        case _:
            return _last_day(last_year, last_month0 + 1)


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _is_last(day: DayRule) -> bool:
    return (day.nth if isinstance(day, NthWeekday) else day.day) == LAST


def _ordinal_number(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
