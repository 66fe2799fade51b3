"""`/readiness schedule ...`: forgiving about wording, strict about meaning."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.messages.mrkdwn import said
from flows.commands import (
    Help,
    ScheduleOff,
    ScheduleSet,
    ScheduleShow,
    StartTeam,
    parse_command,
)
from flows.recurrence import LAST, DayRule, MonthDay, NthWeekday, Recurrence

MON, TUE, FRI, SUN = 0, 1, 4, 6
FIRST_MONDAY = NthWeekday(1, MON)


def _set(cadence: str, day: DayRule = FIRST_MONDAY, at: time = time(9)) -> ScheduleSet:
    return ScheduleSet(Recurrence(cadence, day, at))  # type: ignore[arg-type]


def test_schedule_alone_shows_the_schedule() -> None:
    assert parse_command("schedule") == ScheduleShow()
    assert parse_command("  Schedule  ") == ScheduleShow()


@pytest.mark.parametrize("word", ["off", "stop", "none", "OFF", "Stop"])
def test_schedule_off(word: str) -> None:
    assert parse_command(f"schedule {word}") == ScheduleOff()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Without a day or time: the first Monday at 09:00.
        ("quarterly", _set("quarterly")),
        ("monthly", _set("monthly")),
        ("every quarter", _set("quarterly")),
        ("every month", _set("monthly")),
        ("each quarter", _set("quarterly")),
        ("every 3 months", _set("quarterly")),
        ("every three months on the 2nd", _set("quarterly", MonthDay(2))),
        ("Quarterly", _set("quarterly")),
        ("quarterly on the first Monday at 09:00", _set("quarterly")),
        ("QUARTERLY ON THE FIRST MONDAY AT 09:00", _set("quarterly")),
        ("quarterly, first monday, 9am", _set("quarterly")),
        ("quarterly on the 1st mon at 9", _set("quarterly")),
        ("monthly on the 15th at 14:30", _set("monthly", MonthDay(15), time(14, 30))),
        ("monthly on the 15 at 2:30pm", _set("monthly", MonthDay(15), time(14, 30))),
        ("monthly on 15 at 2:30 p.m.", _set("monthly", MonthDay(15), time(14, 30))),
        ("monthly 15th 14:30", _set("monthly", MonthDay(15), time(14, 30))),
        ("monthly on the last Friday at 9am", _set("monthly", NthWeekday(LAST, FRI))),
        ("monthly on the last fri at 9 am", _set("monthly", NthWeekday(LAST, FRI))),
        ("monthly on the last friday of the month", _set("monthly", NthWeekday(LAST, FRI))),
        ("quarterly on day 1 at 08:00", _set("quarterly", MonthDay(1), time(8))),
        ("quarterly on the first at 8am", _set("quarterly", MonthDay(1), time(8))),
        ("quarterly on the last day", _set("quarterly", MonthDay(LAST))),
        ("quarterly on the last day of the quarter", _set("quarterly", MonthDay(LAST))),
        ("monthly on the last", _set("monthly", MonthDay(LAST))),
        ("every month on the second Tuesday", _set("monthly", NthWeekday(2, TUE))),
        ("monthly on the 4th sunday at noon", _set("monthly", NthWeekday(4, SUN), time(12))),
        ("monthly at 12am", _set("monthly", at=time(0))),
        ("monthly at 12pm", _set("monthly", at=time(12))),
        ("at 10:00 on the 3rd every month", _set("monthly", MonthDay(3), time(10))),
    ],
)
def test_schedule_phrasings(text: str, expected: ScheduleSet) -> None:
    assert parse_command(f"schedule {text}") == expected


@pytest.mark.parametrize(
    ("text", "closes_in", "minimum"),
    [
        ("quarterly closes in 10 days", timedelta(days=10), None),
        ("quarterly min 4", None, 4),
        ("quarterly on the first Monday at 09:00 closes in 10 days min 4", timedelta(days=10), 4),
        ("quarterly, in 2 weeks, minimum 5 people", timedelta(weeks=2), 5),
        ("monthly on the 15th at 14:30 5d", timedelta(days=5), None),
        ("monthly closes in 27 days", timedelta(days=27), None),
        ("quarterly closes in 83 days", timedelta(days=83), None),
    ],
)
def test_team_run_options_are_read_as_team_reads_them(
    text: str, closes_in: timedelta | None, minimum: int | None
) -> None:
    parsed = parse_command(f"schedule {text}")
    assert isinstance(parsed, ScheduleSet)
    assert (parsed.closes_in, parsed.min_respondents) == (closes_in, minimum)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("schedule yearly", "`monthly` or `quarterly`"),
        ("schedule weekly on monday", "`monthly` or `quarterly`"),
        ("schedule on the first Monday", "`monthly` or `quarterly`"),
        ("schedule closes in 5 days", "`monthly` or `quarterly`"),
        ("schedule quarterly on the fifth Monday", "`last`"),
        ("schedule monthly on the 5th friday", "`last`"),
        ("schedule monthly on the 11th friday", "`first` to `fourth`"),
        ("schedule every 2 months", "`monthly` or `quarterly`"),
        ("schedule bimonthly", "`monthly` or `quarterly`"),
        ("schedule monthly on the 31st", "`last day`"),
        ("schedule monthly on day 29", "`last day`"),
        ("schedule monthly on 32", "1 to 28"),
        ("schedule monthly on the 0th", "1 to 28"),
        ("schedule monthly at 25:00", "time"),
        ("schedule monthly at 9:60", "time"),
        ("schedule monthly at 13pm", "time"),
        ("schedule monthly at 0am", "time"),
        ("schedule monthly on the last day of the quarter", "within the month"),
        ("schedule quarterly on the first monday of the month", "within the quarter"),
        ("schedule monthly closes in 28 days", "before the next one opens"),
        ("schedule quarterly closes in 12 weeks", "before the next one opens"),
        ("schedule monthly closes in 0 hours", "between 1 hour"),
        ("schedule monthly on the last weekday", "`weekday`"),
        ("schedule quarterly on the first monday on the 15th", "`on the 15th`"),
        ("schedule quarterly monthly", "`monthly`"),
        ("schedule monthly at 9 at 10", "`at 10`"),
        ("schedule off please", "`schedule off`"),
        ("schedule quarterly closes in 30 minutes", "`closes in 30 minutes`"),
        ("schedule quarterly closes friday", "a number of days after it opens"),
        ("schedule monthly closes on 12 Dec", "a number of days after it opens"),
        ("schedule monthly on the 15th closes 2027-01-20", "a number of days after it opens"),
    ],
)
def test_unreadable_schedules_get_help_that_says_why(text: str, says: str) -> None:
    parsed = parse_command(text)
    assert isinstance(parsed, Help)
    assert parsed.unknown == text
    assert parsed.problem is not None
    assert says in said(parsed.problem)


def test_help_quotes_at_most_100_characters_and_no_markup() -> None:
    text = "schedule monthly `<!channel>` *now* " + "x" * 200
    parsed = parse_command(text)
    assert isinstance(parsed, Help)
    assert parsed.unknown == text[:100]
    assert parsed.problem is not None
    quoted = said(parsed.problem).split("`")[1]
    assert not set(quoted) & set("`<>!*")


def test_other_commands_read_as_before() -> None:
    assert parse_command("team closes in 5 days min 4") == StartTeam(timedelta(days=5), 4)
    assert parse_command("schedules") == Help(unknown="schedules")


rules = st.builds(
    Recurrence,
    cadence=st.sampled_from(["monthly", "quarterly"]),
    day=st.one_of(
        st.builds(NthWeekday, nth=st.sampled_from([1, 2, 3, 4, LAST]), weekday=st.integers(0, 6)),
        st.builds(MonthDay, day=st.sampled_from([*range(1, 29), LAST])),
    ),
    at=st.builds(time, hour=st.integers(0, 23), minute=st.integers(0, 59)),
)


@given(rule=rules)
def test_a_described_rule_reads_back_as_itself(rule: Recurrence) -> None:
    """The confirmation's words are themselves a command that sets the same schedule."""
    assert parse_command(f"schedule {rule.describe()}") == ScheduleSet(rule)
