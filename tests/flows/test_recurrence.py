"""When scheduled runs fall: pure date arithmetic, checked against dates worked out by hand."""

from __future__ import annotations

import calendar
import json
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flows.recurrence import (
    LAST,
    MONTHS_IN,
    DayRule,
    MonthDay,
    NthWeekday,
    Recurrence,
    describe_next,
    next_occurrence,
)

MON, TUE, FRI, SUN = 0, 1, 4, 6
FIRST_MONDAY_9 = Recurrence("quarterly", NthWeekday(1, MON), time(9, 0))
LONDON, NEW_YORK = ZoneInfo("Europe/London"), ZoneInfo("America/New_York")


def _utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def _sequence(rule: Recurrence, *, after: datetime, tz: ZoneInfo, count: int) -> list[datetime]:
    found = []
    for _ in range(count):
        after = next_occurrence(rule, after=after, tz=tz)
        found.append(after)
    return found


# The first Mondays of each quarter, 2026-2027: 5 Jan, 6 Apr, 6 Jul, 5 Oct, 4 Jan, 5 Apr, 5 Jul,
# 4 Oct. The UTC instants of 09:00 there, from each zone's offset on that date.
FIRST_MONDAYS_AT_NINE = {
    # GMT in winter, BST (+1) from the last Sunday of March to the last Sunday of October.
    "Europe/London": [
        _utc(2026, 1, 5, 9),
        _utc(2026, 4, 6, 8),
        _utc(2026, 7, 6, 8),
        _utc(2026, 10, 5, 8),
        _utc(2027, 1, 4, 9),
        _utc(2027, 4, 5, 8),
        _utc(2027, 7, 5, 8),
        _utc(2027, 10, 4, 8),
    ],
    # EST (-5) in winter, EDT (-4) from the second Sunday of March to the first of November.
    "America/New_York": [
        _utc(2026, 1, 5, 14),
        _utc(2026, 4, 6, 13),
        _utc(2026, 7, 6, 13),
        _utc(2026, 10, 5, 13),
        _utc(2027, 1, 4, 14),
        _utc(2027, 4, 5, 13),
        _utc(2027, 7, 5, 13),
        _utc(2027, 10, 4, 13),
    ],
    # AEDT (+11) from the first Sunday of October to the first Sunday of April, else AEST (+10):
    # 09:00 on Monday is Sunday evening in UTC.
    "Australia/Sydney": [
        _utc(2026, 1, 4, 22),
        _utc(2026, 4, 5, 23),
        _utc(2026, 7, 5, 23),
        _utc(2026, 10, 4, 22),
        _utc(2027, 1, 3, 22),
        _utc(2027, 4, 4, 23),
        _utc(2027, 7, 4, 23),
        _utc(2027, 10, 3, 22),
    ],
    # IST, +05:30 all year.
    "Asia/Kolkata": [
        _utc(2026, 1, 5, 3, 30),
        _utc(2026, 4, 6, 3, 30),
        _utc(2026, 7, 6, 3, 30),
        _utc(2026, 10, 5, 3, 30),
        _utc(2027, 1, 4, 3, 30),
        _utc(2027, 4, 5, 3, 30),
        _utc(2027, 7, 5, 3, 30),
        _utc(2027, 10, 4, 3, 30),
    ],
}


@pytest.mark.parametrize("zone", FIRST_MONDAYS_AT_NINE)
def test_quarterly_first_monday_at_nine_for_two_years(zone: str) -> None:
    tz = ZoneInfo(zone)
    found = _sequence(FIRST_MONDAY_9, after=_utc(2025, 12, 1), tz=tz, count=8)
    assert found == FIRST_MONDAYS_AT_NINE[zone]
    assert all(when.tzinfo is UTC for when in found)
    assert {(w.astimezone(tz).weekday(), w.astimezone(tz).time()) for w in found} == {
        (MON, time(9))
    }


@pytest.mark.parametrize(
    ("rule", "after", "expected_dates"),
    [
        pytest.param(
            Recurrence("monthly", MonthDay(15), time(14, 30)),
            _utc(2026, 1, 20),
            ["2026-02-15", "2026-03-15", "2026-04-15", "2026-05-15"],
            id="monthly-15th",
        ),
        pytest.param(
            Recurrence("monthly", NthWeekday(LAST, FRI), time(9)),
            _utc(2026, 1, 1),
            ["2026-01-30", "2026-02-27", "2026-03-27", "2026-04-24"],
            id="monthly-last-friday",
        ),
        pytest.param(
            Recurrence("monthly", MonthDay(LAST), time(9)),
            _utc(2027, 12, 15),
            ["2027-12-31", "2028-01-31", "2028-02-29", "2028-03-31"],
            id="monthly-last-day-leap-february",
        ),
        pytest.param(
            Recurrence("monthly", NthWeekday(2, TUE), time(10, 15)),
            _utc(2026, 11, 1),
            ["2026-11-10", "2026-12-08", "2027-01-12", "2027-02-09"],
            id="monthly-second-tuesday-across-new-year",
        ),
        pytest.param(
            Recurrence("quarterly", MonthDay(1), time(8)),
            _utc(2026, 2, 1),
            ["2026-04-01", "2026-07-01", "2026-10-01", "2027-01-01"],
            id="quarterly-day-1",
        ),
        pytest.param(
            Recurrence("quarterly", NthWeekday(LAST, FRI), time(9)),
            _utc(2026, 1, 1),
            ["2026-03-27", "2026-06-26", "2026-09-25", "2026-12-25"],
            id="quarterly-last-friday-is-the-quarters-last",
        ),
        pytest.param(
            Recurrence("quarterly", MonthDay(LAST), time(9)),
            _utc(2026, 1, 1),
            ["2026-03-31", "2026-06-30", "2026-09-30", "2026-12-31"],
            id="quarterly-last-day-is-the-quarters-last",
        ),
        pytest.param(
            Recurrence("quarterly", NthWeekday(4, SUN), time(18)),
            _utc(2026, 1, 26),
            ["2026-04-26", "2026-07-26", "2026-10-25", "2027-01-24"],
            id="quarterly-fourth-sunday-just-missed",
        ),
    ],
)
def test_sequences_fall_on_the_expected_local_dates(
    rule: Recurrence, after: datetime, expected_dates: list[str]
) -> None:
    found = _sequence(rule, after=after, tz=LONDON, count=len(expected_dates))
    local = [when.astimezone(LONDON) for when in found]
    assert [w.date().isoformat() for w in local] == expected_dates
    assert {w.time() for w in local} == {rule.at}


def test_nine_oclock_stays_nine_oclock_across_the_clock_change() -> None:
    rule = Recurrence("monthly", NthWeekday(1, MON), time(9))
    before, after = _sequence(rule, after=_utc(2026, 2, 15), tz=LONDON, count=2)
    # 2 March is GMT, 6 April BST: the same local hour is a different UTC hour.
    assert before == _utc(2026, 3, 2, 9)
    assert after == _utc(2026, 4, 6, 8)
    assert before.astimezone(LONDON).hour == after.astimezone(LONDON).hour == 9


def test_quarterly_run_across_the_autumn_change_keeps_its_local_time() -> None:
    sydney = ZoneInfo("Australia/Sydney")
    # Sydney's clocks go forward on 4 October 2026, the day before the quarter's first Monday.
    july, october = _sequence(FIRST_MONDAY_9, after=_utc(2026, 6, 1), tz=sydney, count=2)
    assert (july.hour, october.hour) == (23, 22)
    assert july.astimezone(sydney).time() == october.astimezone(sydney).time() == time(9)


def test_a_time_in_the_spring_forward_gap_is_read_with_the_offset_before_it() -> None:
    # 8 March 2026 in New York jumps from 02:00 EST to 03:00 EDT: 02:30 never happens.
    rule = Recurrence("monthly", NthWeekday(2, SUN), time(2, 30))
    when = next_occurrence(rule, after=_utc(2026, 3, 1), tz=NEW_YORK)
    assert when == _utc(2026, 3, 8, 7, 30)  # 02:30 at EST's -5 ...
    local = when.astimezone(NEW_YORK)
    assert (local.date(), local.time()) == (date(2026, 3, 8), time(3, 30))  # ... is 03:30 EDT
    # Other months are untouched.
    assert next_occurrence(rule, after=when, tz=NEW_YORK).astimezone(NEW_YORK).time() == time(2, 30)


def test_an_ambiguous_time_on_the_fall_back_day_is_the_first_and_opens_once() -> None:
    # 1 November 2026 in New York: 01:00-02:00 happens twice, first EDT (-4) then EST (-5).
    rule = Recurrence("monthly", NthWeekday(1, SUN), time(1, 30))
    first = next_occurrence(rule, after=_utc(2026, 10, 15), tz=NEW_YORK)
    assert first == _utc(2026, 11, 1, 5, 30)
    # Asking again from that instant, or from inside the repeated hour, skips the second 01:30.
    assert next_occurrence(rule, after=first, tz=NEW_YORK) == _utc(2026, 12, 6, 6, 30)
    repeated_hour = _utc(2026, 11, 1, 6, 0)
    assert next_occurrence(rule, after=repeated_hour, tz=NEW_YORK) == _utc(2026, 12, 6, 6, 30)


def test_after_exactly_at_an_occurrence_gives_the_next_one() -> None:
    first = _utc(2026, 1, 5, 9)
    assert next_occurrence(FIRST_MONDAY_9, after=first, tz=LONDON) == _utc(2026, 4, 6, 8)
    just_before = first - timedelta(microseconds=1)
    assert next_occurrence(FIRST_MONDAY_9, after=just_before, tz=LONDON) == first


def test_after_may_be_given_in_any_timezone() -> None:
    in_tokyo = datetime(2026, 1, 5, 17, 59, tzinfo=ZoneInfo("Asia/Tokyo"))  # 08:59 UTC
    assert next_occurrence(FIRST_MONDAY_9, after=in_tokyo, tz=LONDON) == _utc(2026, 1, 5, 9)


def test_a_naive_after_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        next_occurrence(FIRST_MONDAY_9, after=datetime(2026, 1, 1), tz=LONDON)


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: NthWeekday(5, MON), "nth must be"),
        (lambda: NthWeekday(0, MON), "nth must be"),
        (lambda: NthWeekday(1, 7), "weekday must be"),
        (lambda: MonthDay(29), "day must be"),
        (lambda: MonthDay(0), "day must be"),
        (lambda: Recurrence("yearly", MonthDay(1), time(9)), "cadence"),  # type: ignore[arg-type]
        (lambda: Recurrence("monthly", MonthDay(1), time(9, tzinfo=UTC)), "naive"),
        (lambda: Recurrence("monthly", MonthDay(1), time(9, 0, 30)), "whole-minute"),
    ],
)
def test_rules_that_cannot_recur_every_period_are_refused(build: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        build()


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        (FIRST_MONDAY_9, "quarterly on the first Monday at 09:00"),
        (Recurrence("monthly", MonthDay(15), time(14, 30)), "monthly on the 15th at 14:30"),
        (Recurrence("monthly", MonthDay(1), time(8)), "monthly on the 1st at 08:00"),
        (Recurrence("monthly", MonthDay(22), time(8)), "monthly on the 22nd at 08:00"),
        (Recurrence("monthly", MonthDay(13), time(8)), "monthly on the 13th at 08:00"),
        (Recurrence("monthly", MonthDay(LAST), time(17)), "monthly on the last day at 17:00"),
        (
            Recurrence("quarterly", NthWeekday(LAST, FRI), time(9)),
            "quarterly on the last Friday of the quarter at 09:00",
        ),
        (
            Recurrence("quarterly", MonthDay(LAST), time(9)),
            "quarterly on the last day of the quarter at 09:00",
        ),
    ],
)
def test_describe(rule: Recurrence, words: str) -> None:
    assert rule.describe() == words


def test_describe_next_names_the_local_day_and_zone() -> None:
    assert (
        describe_next(_utc(2026, 1, 5, 9), LONDON)
        == "Monday, January 5, 2026 at 09:00 (Europe/London)"
    )
    assert (
        describe_next(_utc(2026, 1, 4, 22), ZoneInfo("Australia/Sydney"))
        == "Monday, January 5, 2026 at 09:00 (Australia/Sydney)"
    )


def test_stored_form_reads_on_its_own() -> None:
    rule = Recurrence("quarterly", NthWeekday(LAST, FRI), time(16, 45))
    assert rule.to_dict() == {
        "cadence": "quarterly",
        "day": {"kind": "weekday", "nth": "last", "weekday": "friday"},
        "at": "16:45",
    }
    assert Recurrence("monthly", MonthDay(LAST), time(9)).to_dict()["day"] == {
        "kind": "month_day",
        "day": "last",
    }


@pytest.mark.parametrize(
    "data",
    [
        {},
        [],
        {"cadence": "monthly", "day": {"kind": "month_day", "day": 31}, "at": "09:00"},
        {"cadence": "monthly", "day": {"kind": "month_day", "day": "15"}, "at": "09:00"},
        {"cadence": "monthly", "day": {"kind": "month_day", "day": True}, "at": "09:00"},
        {"cadence": "monthly", "day": {"kind": "weekday", "nth": "fifth", "weekday": "monday"}},
        {"cadence": "monthly", "day": {"kind": "weekday", "nth": "first", "weekday": "funday"}},
        {"cadence": "monthly", "day": {"kind": "fortnight"}, "at": "09:00"},
        {"cadence": "weekly", "day": {"kind": "month_day", "day": 1}, "at": "09:00"},
        {"cadence": "monthly", "day": {"kind": "month_day", "day": 1}, "at": "9 o'clock"},
        {"cadence": "monthly", "day": {"kind": "month_day", "day": 1}, "at": 900},
    ],
)
def test_from_dict_refuses_anything_but_a_stored_rule(data: Any) -> None:
    with pytest.raises(ValueError, match="not a stored recurrence"):
        Recurrence.from_dict(data)


# Properties. The zones include a 30-minute clock change (Lord Howe), changes at midnight
# (Santiago), a 02:45 change (Chatham) and a half-hour offset (St John's).
ZONES = [
    "UTC",
    "Europe/London",
    "America/New_York",
    "Australia/Sydney",
    "Asia/Kolkata",
    "Australia/Lord_Howe",
    "America/Santiago",
    "Pacific/Chatham",
    "America/St_Johns",
]
day_rules: st.SearchStrategy[DayRule] = st.one_of(
    st.builds(NthWeekday, nth=st.sampled_from([1, 2, 3, 4, LAST]), weekday=st.integers(0, 6)),
    st.builds(MonthDay, day=st.sampled_from([*range(1, 29), LAST])),
)
rules = st.builds(
    Recurrence,
    cadence=st.sampled_from(["monthly", "quarterly"]),
    day=day_rules,
    at=st.builds(time, hour=st.integers(0, 23), minute=st.integers(0, 59)),
)
zones = st.sampled_from(ZONES).map(ZoneInfo)
instants = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2060, 1, 1), timezones=st.just(UTC)
)


def _period(rule: Recurrence, local: date) -> int:
    return (local.year * 12 + local.month - 1) // MONTHS_IN[rule.cadence]


def _wall(rule: Recurrence, on: date) -> datetime:
    return datetime.combine(on, rule.at)


def _exists(wall: datetime, tz: ZoneInfo) -> bool:
    aware = wall.replace(tzinfo=tz)
    return aware.astimezone(UTC).astimezone(tz).replace(tzinfo=None) == wall


def _falls_on_rule_day(rule: Recurrence, on: date) -> bool:
    """The rule's day, checked from the date's own properties rather than by recomputing it."""
    span = MONTHS_IN[rule.cadence]
    month_in_period = (on.month - 1) % span
    days_in_month = calendar.monthrange(on.year, on.month)[1]
    match rule.day:
        case NthWeekday(nth=nth, weekday=weekday) if nth == LAST:
            return (
                month_in_period == span - 1
                and on.weekday() == weekday
                and on.day > days_in_month - 7
            )
        case NthWeekday(nth=nth, weekday=weekday):
            return month_in_period == 0 and on.weekday() == weekday and (on.day - 1) // 7 == nth - 1
        case MonthDay(day=day) if day == LAST:
            return month_in_period == span - 1 and on.day == days_in_month
        case MonthDay(day=day):
            return month_in_period == 0 and on.day == day
    raise AssertionError(rule)


@given(rule=rules, after=instants, tz=zones)
def test_the_result_is_later_on_the_rule_day_at_the_rule_time(
    rule: Recurrence, after: datetime, tz: ZoneInfo
) -> None:
    when = next_occurrence(rule, after=after, tz=tz)
    assert when > after
    assert when.tzinfo is UTC
    local = when.astimezone(tz)
    # The date is the rule's day in the local calendar (these zones' gaps never cross midnight).
    assert _falls_on_rule_day(rule, local.date())
    wall = _wall(rule, local.date())
    if _exists(wall, tz):
        assert local.replace(tzinfo=None) == wall
        assert local.fold == 0  # when the clocks go back, the first of the two
    else:
        # In a spring-forward gap: as far past the gap as the time was into it, the same day.
        assert when == wall.replace(tzinfo=tz).astimezone(UTC)
        assert timedelta(0) < local.replace(tzinfo=None) - wall <= timedelta(hours=1)


@given(rule=rules, after=instants, tz=zones)
def test_no_occurrence_is_skipped(rule: Recurrence, after: datetime, tz: ZoneInfo) -> None:
    """The result is in `after`'s own period if that period's occurrence is still to come."""
    when = next_occurrence(rule, after=after, tz=tz)
    local_after = after.astimezone(tz)
    span = MONTHS_IN[rule.cadence]
    start_month = (local_after.month - 1) // span * span + 1
    period_start = datetime(local_after.year, start_month, 1, tzinfo=tz).astimezone(UTC)
    this_periods = next_occurrence(rule, after=period_start - timedelta(microseconds=1), tz=tz)
    assert when == (
        this_periods if this_periods > after else next_occurrence(rule, after=this_periods, tz=tz)
    )
    assert _period(rule, when.astimezone(tz).date()) - _period(rule, local_after.date()) in {0, 1}


@given(rule=rules, after=instants, tz=zones)
def test_repeating_gives_one_occurrence_per_consecutive_period(
    rule: Recurrence, after: datetime, tz: ZoneInfo
) -> None:
    found = _sequence(rule, after=after, tz=tz, count=6)
    assert found == sorted(set(found))
    periods = [_period(rule, when.astimezone(tz).date()) for when in found]
    assert periods == list(range(periods[0], periods[0] + 6))


@given(year=st.integers(2007, 2060), minute=st.integers(0, 59))
def test_every_us_clock_change_keeps_the_run_on_its_day(year: int, minute: int) -> None:
    """Since 2007 New York springs forward on March's second Sunday at 02:00 and falls back on
    November's first Sunday at 02:00 (to 01:00)."""
    spring = Recurrence("monthly", NthWeekday(2, SUN), time(2, minute))
    when = next_occurrence(spring, after=_utc(year, 3, 1), tz=NEW_YORK).astimezone(NEW_YORK)
    assert (when.month, when.hour, when.minute, when.utcoffset()) == (
        3,
        3,
        minute,
        timedelta(hours=-4),
    )
    autumn = Recurrence("monthly", NthWeekday(1, SUN), time(1, minute))
    when = next_occurrence(autumn, after=_utc(year, 10, 28), tz=NEW_YORK).astimezone(NEW_YORK)
    assert (when.month, when.hour, when.minute, when.utcoffset()) == (
        11,
        1,
        minute,
        timedelta(hours=-4),
    )


@given(rule=rules)
def test_the_stored_form_round_trips_through_json(rule: Recurrence) -> None:
    assert Recurrence.from_dict(json.loads(json.dumps(rule.to_dict()))) == rule
