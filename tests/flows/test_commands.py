"""Reading `/readiness ...`: what is not understood is quoted back short and without markup."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.messages.mrkdwn import said
from flows.commands import ClosesOn, Help, StartTeam, parse_command
from flows.errors import BadRequest


def test_team_quotes_what_it_did_not_understand_short_and_without_markup() -> None:
    # Found by the fuzz (tests/hardening/test_fuzz.py): the leftover was quoted whole, so a long
    # `/readiness team ...` made a help message over Slack's 3,000-character section limit.
    text = "team closes in 5 days now <!channel> *now* " + "x" * 100_000
    parsed = parse_command(text)
    assert isinstance(parsed, Help)
    assert parsed.unknown == text[:100]
    assert parsed.problem is not None
    quoted = said(parsed.problem).split("`")[1]
    assert len(quoted) <= 60
    assert not set(quoted) & set("`<>!*")


# ---- `team closes <day>`: a day, resolved to its end where the person is

MONDAY = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
"""Monday Nov 2, 2026: 04:00 in New York (EST since Nov 1), 18:00 in Tokyo."""


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("team closes tomorrow", ClosesOn(tomorrow=True)),
        ("team closes friday", ClosesOn(weekday=4)),
        ("team closes Fri min 4", ClosesOn(weekday=4)),
        ("team closes on 12 Dec", ClosesOn(month=12, day=12)),
        ("team closes on the 12th of December", ClosesOn(month=12, day=12)),
        ("team closes Dec 12", ClosesOn(month=12, day=12)),
        ("team closes Dec. 12, 2026", ClosesOn(month=12, day=12, year=2026)),
        ("team closes 2026-12-12", ClosesOn(month=12, day=12, year=2026)),
        ("team monday", ClosesOn(weekday=0)),
    ],
)
def test_a_closing_day_is_read_in_the_ways_people_write_it(typed: str, day: ClosesOn) -> None:
    parsed = parse_command(typed)
    assert isinstance(parsed, StartTeam) and parsed.closes_in is None
    assert parsed.closes_on == day


def test_a_closing_day_keeps_the_other_options() -> None:
    assert parse_command("team closes friday min 4") == StartTeam(
        closes_in=None, min_respondents=4, closes_on=ClosesOn(weekday=4)
    )


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("team closes 30 feb", "as a day"),
        ("team closes 2026-13-01", "as a day"),
        ("team closes in 5 days closes friday", "Say when the run closes once"),
        ("team closes on the 12th", "I did not understand"),
    ],
)
def test_a_day_that_cannot_be_is_refused_with_a_sentence(typed: str, says: str) -> None:
    parsed = parse_command(typed)
    assert isinstance(parsed, Help) and parsed.problem is not None
    assert says in said(parsed.problem)


@pytest.mark.parametrize(
    ("day", "zone", "closes"),
    [
        # The end of the day where the person is, in UTC.
        (ClosesOn(tomorrow=True), "America/New_York", datetime(2026, 11, 4, 4, 59, tzinfo=UTC)),
        (ClosesOn(tomorrow=True), "Asia/Tokyo", datetime(2026, 11, 3, 14, 59, tzinfo=UTC)),
        (ClosesOn(tomorrow=True), None, datetime(2026, 11, 3, 23, 59, tzinfo=UTC)),
        (ClosesOn(tomorrow=True), "Not/AZone", datetime(2026, 11, 3, 23, 59, tzinfo=UTC)),
        # A weekday is the next one, never today: Monday means a week on.
        (ClosesOn(weekday=4), "America/New_York", datetime(2026, 11, 7, 4, 59, tzinfo=UTC)),
        (ClosesOn(weekday=0), None, datetime(2026, 11, 9, 23, 59, tzinfo=UTC)),
        (ClosesOn(month=12, day=12), None, datetime(2026, 12, 12, 23, 59, tzinfo=UTC)),
        (ClosesOn(month=11, day=2), None, datetime(2026, 11, 2, 23, 59, tzinfo=UTC)),
    ],
)
def test_a_closing_day_ends_at_the_end_of_that_day_where_the_person_is(
    day: ClosesOn, zone: str | None, closes: datetime
) -> None:
    assert day.deadline(now=MONDAY, timezone=zone) == closes


def test_in_december_a_january_day_is_next_january() -> None:
    december = datetime(2026, 12, 20, 12, 0, tzinfo=UTC)
    closes = ClosesOn(month=1, day=5).deadline(now=december, timezone=None)
    assert closes == datetime(2027, 1, 5, 23, 59, tzinfo=UTC)


@pytest.mark.parametrize(
    ("day", "says"),
    [
        (ClosesOn(month=11, day=1), "Nov 1, 2026 has passed: pick a later day"),
        (ClosesOn(month=10, day=1, year=2026), "Oct 1, 2026 has passed"),
        (ClosesOn(month=3, day=1, year=2027), "at most 90 days, and Mar 1, 2027 is further away"),
        (ClosesOn(month=2, day=29), "There is no February 29 this year"),
    ],
)
def test_a_day_past_or_beyond_the_longest_run_is_refused_with_a_sentence(
    day: ClosesOn, says: str
) -> None:
    with pytest.raises(BadRequest) as refused:
        day.deadline(now=MONDAY, timezone="America/New_York")
    assert says in said(refused.value.words)


def test_today_within_the_hour_of_its_end_has_passed() -> None:
    late = datetime(2026, 11, 2, 23, 30, tzinfo=UTC)
    with pytest.raises(BadRequest):
        ClosesOn(month=11, day=2).deadline(now=late, timezone=None)
