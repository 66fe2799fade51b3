"""Reading what people type after `/readiness` into a typed request.

Forgiving about wording (`closes in 5 days`, `in 5 days`, `5d`, `min 4`, `minimum 4 people`) and
strict about meaning: anything it cannot read comes back as `Help` quoting the part it did not
understand, rather than being guessed at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flows.calendar_names import MONTHS
from flows.errors import BadRequest
from flows.recurrence import LAST, LONGEST_RUN, Cadence, DayRule, MonthDay, NthWeekday, Recurrence
from flows.sentences import Echo, Typed, Words, words

MAX_DEADLINE = timedelta(days=90)


@dataclass(frozen=True)
class Help:
    unknown: str | None = None
    """What the person typed that we did not understand, to quote it back to them."""
    problem: Words | None = None
    """What was wrong with it and what to type instead, when we can tell."""


@dataclass(frozen=True)
class TakeIt:
    """`/readiness` on its own: the person's own assessment, in their DM."""


SHORTEST_RUN = timedelta(hours=1)


@dataclass(frozen=True)
class ClosesOn:
    """`closes tomorrow`, `closes friday`, `closes on 12 Dec`, `closes 2026-12-12`: a day, as
    typed. Which date that is, and when it ends, depends on the day and timezone of the person
    asking, so it is resolved when the run opens (`deadline`)."""

    tomorrow: bool = False
    weekday: int | None = None
    """0 is Monday: the next such day, never today (a run closing tonight is `closes in 5h`)."""
    month: int | None = None
    day: int | None = None
    year: int | None = None
    """None: the next time that date comes round, if within the longest run."""

    def deadline(self, *, now: datetime, timezone: str | None) -> datetime:
        """The end of that day (23:59) in the person's timezone (UTC if unknown), refused with
        a sentence when it has passed or is further away than a run may stay open."""
        zone = _zone(timezone)
        today = now.astimezone(zone).date()
        if self.tomorrow:
            day = today + timedelta(days=1)
        elif self.weekday is not None:
            day = today + timedelta(days=(self.weekday - today.weekday() - 1) % 7 + 1)
        else:
            assert self.month is not None and self.day is not None
            day = self._date(today)
        closes = datetime.combine(day, END_OF_DAY, tzinfo=zone).astimezone(UTC)
        shown = f"{day:%b} {day.day}, {day.year}"
        if closes < now + SHORTEST_RUN:
            raise BadRequest(
                words(f"{shown} has passed: pick a later day, e.g. ", Typed("closes friday"), "."),
                log_detail=f"closing day {day} is past at {now}",
            )
        if closes > now + MAX_DEADLINE:
            raise BadRequest(
                words(
                    f"A team run can stay open for at most {MAX_DEADLINE.days} days, and {shown} "
                    "is further away: pick an earlier day.",
                ),
                log_detail=f"closing day {day} is too far from {now}",
            )
        return closes

    def _date(self, today: date) -> date:
        assert self.month is not None and self.day is not None
        if self.year is not None:
            return date(self.year, self.month, self.day)
        this_year = _real_date(today.year, self.month, self.day)
        if this_year is not None and this_year >= today:
            return this_year
        # In December, `closes 5 Jan` means next January; a date that has just gone by is
        # refused as passed rather than pushed a year ahead.
        next_year = _real_date(today.year + 1, self.month, self.day)
        if next_year is not None and next_year - today <= MAX_DEADLINE:
            return next_year
        if this_year is None:
            raise BadRequest(
                f"There is no {MONTHS[self.month - 1]} {self.day} this year: pick another day.",
                log_detail=f"no {self.month}/{self.day} in {today.year}",
            )
        return this_year


END_OF_DAY = time(23, 59)


def _zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name) if name else ZoneInfo("UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _real_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


@dataclass(frozen=True)
class StartTeam:
    closes_in: timedelta | None
    min_respondents: int | None
    closes_on: ClosesOn | None = None


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
class History:
    """Past runs: the channel's team runs, or in the DM the person's own."""


@dataclass(frozen=True)
class Results:
    """`results`: in a channel its latest team profile, in the DM the person's own latest."""


@dataclass(frozen=True)
class OpenSettings:
    """Open the workspace settings (admins only)."""


@dataclass(frozen=True)
class ForgetMe:
    """Delete my answers and history (after a confirmation)."""


@dataclass(frozen=True)
class ShowPlan:
    """`plan`: the channel's plan (its moves, owners, due dates), to edit or settle."""


@dataclass(frozen=True)
class Extend:
    by: timedelta


@dataclass(frozen=True)
class ScheduleShow:
    """`schedule` on its own: what this channel's schedule is, if any."""


@dataclass(frozen=True)
class ScheduleOff:
    """`schedule off` (or `stop`, `none`): no more scheduled runs in this channel."""


@dataclass(frozen=True)
class ScheduleSet:
    """`schedule quarterly ...`: open a team run in this channel on `rule`, with these options."""

    rule: Recurrence
    closes_in: timedelta | None = None
    min_respondents: int | None = None


@dataclass(frozen=True)
class Compare:
    """`compare #a #b …`: those channels' latest team profiles side by side (`compare` alone:
    every channel of the person's that has one)."""

    channel_ids: tuple[str, ...] = ()
    unresolved: tuple[str, ...] = ()
    """Words that name no channel Slack marked up (`#name` typed without picking it)."""


Command = (
    Help
    | Compare
    | TakeIt
    | History
    | Results
    | ForgetMe
    | OpenSettings
    | StartTeam
    | Status
    | Close
    | Cancel
    | Extend
    | ScheduleShow
    | ScheduleOff
    | ScheduleSet
    | ShowPlan
)

_UNITS = {
    "h": timedelta(hours=1),
    "hour": timedelta(hours=1),
    "d": timedelta(days=1),
    "day": timedelta(days=1),
    "w": timedelta(weeks=1),
    "week": timedelta(weeks=1),
}
_AMOUNT = r"(\d{1,3})\s*(h|hours?|d|days?|w|weeks?)\b"
"""A length in hours, days or weeks: `5 days`, `36h`, `2w`."""
_DURATION = re.compile(r"(?:closes\s+)?(?:in\s+)?" + _AMOUNT)
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
    if verb == "history" and not rest:
        return History()
    if verb == "results" and not rest:
        return Results()
    if verb == "settings" and not rest:
        return OpenSettings()
    if verb == "forget" and rest.lower() == "me":
        return ForgetMe()
    if verb == "status" and not rest:
        return Status()
    if verb == "close" and not rest:
        return Close()
    if verb == "cancel" and not rest:
        return Cancel()
    if verb == "extend":
        duration = _duration(rest.lower())
        if duration is None:
            return Help(
                unknown=cleaned[:100],
                problem=words("Say how long, e.g. ", Typed("extend 3 days"), "."),
            )
        return Extend(duration)
    if verb == "schedule":
        return _schedule(rest)
    if verb == "plan" and not rest:
        return ShowPlan()
    if verb == "compare":
        return _compare(rest)
    return Help(unknown=cleaned[:100])


_CHANNEL_MENTION = re.compile(r"<#(C[A-Z0-9]{2,31}|G[A-Z0-9]{2,31})(?:\|[^>]{0,100})?>")
MOST_COMPARED = 20
"""More channels than this in one `compare` are not read (a comparison shows six at most)."""


def _compare(rest: str) -> Compare:
    """Channel mentions as Slack escapes them (`<#C123|name>`, or `<#C123>`), in the order
    typed, each once; whatever else was typed is kept to say it named no channel."""
    channel_ids = tuple(dict.fromkeys(_CHANNEL_MENTION.findall(rest)))[:MOST_COMPARED]
    leftover = _CHANNEL_MENTION.sub(" ", rest).replace(",", " ").split()
    unresolved = tuple(word for word in leftover if word.lower() not in {"and", "with", "vs"})
    return Compare(channel_ids=channel_ids, unresolved=unresolved[:MOST_COMPARED])


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
    closes_on = None
    if found := _CLOSES_ON.search(remaining):
        day = _closes_on(found)
        if isinstance(day, Help):
            return day
        closes_on = day
        remaining = remaining.replace(found.group(0), " ")
    if found := _MINIMUM.search(remaining):
        minimum = int(found.group(1))
        remaining = remaining.replace(found.group(0), " ")
    leftover = " ".join(remaining.replace(",", " ").split())
    if closes_in is not None and closes_on is not None:
        return Help(
            unknown=f"team {options}"[:100],
            problem=words(
                "Say when the run closes once: ",
                Typed("closes in 5 days"),
                " or ",
                Typed("closes friday"),
                ".",
            ),
        )
    if leftover:
        return Help(
            unknown=f"team {options}"[:100],
            problem=words(
                "I did not understand ",
                Echo(leftover),
                ". Try ",
                Typed("team closes in 5 days min 4"),
                ".",
            ),
        )
    if closes_in is not None and not timedelta(hours=1) <= closes_in <= MAX_DEADLINE:
        return Help(
            unknown=f"team {options}"[:100],
            problem=words("A team run can stay open between 1 hour and 90 days."),
        )
    return StartTeam(closes_in=closes_in, min_respondents=minimum, closes_on=closes_on)


DEFAULT_SCHEDULE_DAY: DayRule = NthWeekday(nth=1, weekday=0)
DEFAULT_SCHEDULE_AT = time(9, 0)
"""`quarterly` alone means the first Monday at 09:00: the start of the working week at the start
of the month or quarter, when the period's plans are being made and the team is there to answer."""

_SCHEDULE_EXAMPLE = Typed("schedule quarterly on the first Monday at 09:00")
_WEEKDAY_WORDS = {
    **dict.fromkeys(["monday", "mon"], 0),
    **dict.fromkeys(["tuesday", "tues", "tue"], 1),
    **dict.fromkeys(["wednesday", "wed"], 2),
    **dict.fromkeys(["thursday", "thurs", "thur", "thu"], 3),
    **dict.fromkeys(["friday", "fri"], 4),
    **dict.fromkeys(["saturday", "sat"], 5),
    **dict.fromkeys(["sunday", "sun"], 6),
}
_MONTH_WORDS = {
    **{name.lower(): number for number, name in enumerate(MONTHS, start=1)},
    **{name[:3].lower(): number for number, name in enumerate(MONTHS, start=1)},
    "sept": 9,
}


def _alternatives(names: dict[str, int]) -> str:
    return "|".join(sorted(names, key=len, reverse=True))


_MONTH = _alternatives(_MONTH_WORDS)
_ORDINAL_SUFFIX = r"(?:st|nd|rd|th)?"
_CLOSES_ON = re.compile(
    r"(?:\bcloses\s+)?(?:\bon\s+)?(?:\bthe\s+)?\b(?:"
    r"(?P<tomorrow>tomorrow)"
    rf"|(?P<weekday>{_alternatives(_WEEKDAY_WORDS)})"
    rf"|(?P<day_first>\d{{1,2}}){_ORDINAL_SUFFIX}\s+(?:of\s+)?(?P<month_second>{_MONTH})\.?"
    r"(?:,?\s+(?P<year_after_month>\d{4}))?"
    rf"|(?P<month_first>{_MONTH})\.?\s+(?P<day_second>\d{{1,2}}){_ORDINAL_SUFFIX}"
    r"(?:,?\s+(?P<year_after_day>\d{4}))?"
    r"|(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})"
    r")\b"
)
"""The day a team run closes: `closes tomorrow`, `closes friday`, `closes on 12 Dec`,
`closes Dec 12`, `closes December 12, 2026`, `closes 2026-12-12`."""


def _closes_on(found: re.Match[str]) -> ClosesOn | Help:
    if found["tomorrow"]:
        return ClosesOn(tomorrow=True)
    if found["weekday"]:
        return ClosesOn(weekday=_WEEKDAY_WORDS[found["weekday"]])
    if found["year"]:
        year, month, day = int(found["year"]), int(found["month"]), int(found["day"])
    else:
        month = _MONTH_WORDS[found["month_second"] or found["month_first"]]
        day = int(found["day_first"] or found["day_second"])
        written_year = found["year_after_month"] or found["year_after_day"]
        year = int(written_year) if written_year else 0
    # 2024 has every day a calendar can: with no year given, Feb 29 is checked when resolved.
    if not 1 <= month <= 12 or _real_date(year or 2024, month, day) is None:
        return Help(
            unknown=f"team {found.group(0)}"[:100],
            problem=words(
                "I could not read ",
                Echo(found.group(0).strip()),
                " as a day: try ",
                Typed("closes on Dec 12"),
                " or ",
                Typed("closes 2026-12-12"),
                ".",
            ),
        )
    return ClosesOn(month=month, day=day, year=year or None)


_ORDINAL_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "last": LAST}
_ORDINAL = r"first|second|third|fourth|fifth|last|\d{1,2}(?:st|nd|rd|th)"
_CADENCE = re.compile(
    r"\b(?:(?:every|each) (?:quarter|month|3 months|three months)|(?:quarter|month)ly)\b"
)
# The text reaching these has single spaces (see `_cut`), so a space is written as a space.
_DAY = re.compile(
    r"(?:\bon )?(?:the )?(?:"
    rf"(?P<nth>{_ORDINAL}) (?P<weekday>{'|'.join(sorted(_WEEKDAY_WORDS, key=len, reverse=True))})s?"
    r"|(?P<last_day>last day)"
    r"|\bday (?P<day_number>\d{1,2})"
    rf"|(?P<ordinal_day>{_ORDINAL})"
    r"|(?:(?<=\bon )|(?<=\bon the ))(?P<bare_day>\d{1,2})"
    r")(?: of (?:the|each|every) (?P<of>month|quarter))?\b"
)
_TIME = re.compile(
    r"(?:\bat )?(?:(?P<noon>noon|midday)"
    r"|(?P<hour12>\d{1,2})(?::(?P<minute12>\d{2}))? ?(?P<half>[ap])\.?m\.?"
    r"|(?P<hour>\d{1,2}):(?P<minute>\d{2})"
    r"|(?<=\bat )(?P<bare_hour>\d{1,2}))(?![\w:])"
)


class _Unreadable(Exception):
    """One part of a schedule that cannot be read; `words` are what the person is told."""

    def __init__(self, *said: str | Typed | Echo) -> None:
        super().__init__(*said)
        self.words: Words = said


def _schedule(options: str) -> Command:
    text = _cut(options.lower().replace(",", " "))
    if not text:
        return ScheduleShow()
    if text in {"off", "stop", "none"}:
        return ScheduleOff()
    try:
        cadence, text = _take_cadence(text)
        _refuse_closing_day(text)
        day, text = _take_day(text, cadence)
        at, text = _take_time(text)
        closes_in, minimum, text = _take_team_options(text, cadence)
    except _Unreadable as problem:
        return Help(unknown=f"schedule {options}"[:100], problem=problem.words)
    if text:
        return Help(
            unknown=f"schedule {options}"[:100],
            problem=words("I did not understand ", Echo(text), ". Try ", _SCHEDULE_EXAMPLE, "."),
        )
    rule = Recurrence(cadence=cadence, day=day, at=at)
    return ScheduleSet(rule=rule, closes_in=closes_in, min_respondents=minimum)


def _take_cadence(text: str) -> tuple[Cadence, str]:
    found = _CADENCE.search(text)
    if not found:
        raise _Unreadable(
            "I can schedule team runs ",
            Typed("monthly"),
            " or ",
            Typed("quarterly"),
            ", e.g. ",
            _SCHEDULE_EXAMPLE,
            ", or stop them with ",
            Typed("schedule off"),
            ".",
        )
    quarterly = any(word in found.group(0) for word in ("quarter", "3", "three"))
    cadence: Cadence = "quarterly" if quarterly else "monthly"
    return cadence, _cut(text, found)


def _take_day(text: str, cadence: Cadence) -> tuple[DayRule, str]:
    found = _DAY.search(text)
    if not found:
        return DEFAULT_SCHEDULE_DAY, text
    period = cadence.removesuffix("ly")
    if found["of"] and found["of"] != period:
        raise _Unreadable(
            f"A {cadence} schedule counts days within the {period}: say e.g. ",
            Typed(f"{cadence} on the last Friday"),
            ".",
        )
    if found["weekday"]:
        nth = _ordinal(found["nth"])
        if nth not in (1, 2, 3, 4, LAST):
            raise _Unreadable(
                "Every month has a first to fourth and a last of each weekday, but not always a "
                "fifth: say ",
                Typed("first"),
                " to ",
                Typed("fourth"),
                ", or ",
                Typed("last"),
                ", e.g. ",
                Typed(f"{cadence} on the last Monday"),
                ".",
            )
        return NthWeekday(nth=nth, weekday=_WEEKDAY_WORDS[found["weekday"]]), _cut(text, found)
    if found["last_day"]:
        return MonthDay(LAST), _cut(text, found)
    number = found["day_number"] or found["bare_day"]
    day = int(number) if number else _ordinal(found["ordinal_day"])
    if day == LAST or 1 <= day <= 28:
        return MonthDay(day), _cut(text, found)
    if 29 <= day <= 31:
        raise _Unreadable(
            f"Not every month has a day {day}: say ",
            Typed("last day"),
            " for the end of the month (",
            Typed(f"{cadence} on the last day"),
            "), or a day from 1 to 28.",
        )
    raise _Unreadable(f"There is no day {day}: say a day from 1 to 28, or ", Typed("last day"), ".")


def _take_time(text: str) -> tuple[time, str]:
    found = _TIME.search(text)
    if not found:
        return DEFAULT_SCHEDULE_AT, text
    hour, minute = 12, 0  # noon or midday
    if found["hour12"]:
        hour, minute = int(found["hour12"]), int(found["minute12"] or 0)
        # 12am is midnight and 12pm noon; 0am or 13pm is not a time.
        hour = hour % 12 + (12 if found["half"] == "p" else 0) if 1 <= hour <= 12 else -1
    elif found["hour"]:
        hour, minute = int(found["hour"]), int(found["minute"])
    elif found["bare_hour"]:
        hour = int(found["bare_hour"])
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise _Unreadable(
            "I could not read the time ",
            Echo(found.group(0)),
            ": say e.g. ",
            Typed("at 09:00"),
            " or ",
            Typed("at 2:30pm"),
            ".",
        )
    return time(hour, minute), _cut(text, found)


_CLOSES_ON_A_DAY = re.compile(r"\bcloses\s+(?!in\b|" + _AMOUNT + ")")
"""`closes friday`, `closes on 12 dec`: a day, which `team` takes and a schedule cannot."""


def _refuse_closing_day(text: str) -> None:
    """Every run of a schedule stays open as long as the others, so it closes some days after
    it opens, never on a day named once."""
    if _CLOSES_ON_A_DAY.search(text):
        raise _Unreadable(
            "Nothing was changed: a scheduled run closes a number of days after it opens, not "
            "on a day you name. Add e.g. ",
            Typed("closes in 10 days"),
            ".",
        )


def _take_team_options(text: str, cadence: Cadence) -> tuple[timedelta | None, int | None, str]:
    """`closes in 10 days` and `min 4`, read as `team` reads them."""
    closes_in = minimum = None
    if found := _DURATION.search(text):
        closes_in = _to_timedelta(found)
        text = _cut(text, found)
    if found := _MINIMUM.search(text):
        minimum = int(found.group(1))
        text = _cut(text, found)
    longest = LONGEST_RUN[cadence]
    if closes_in is not None and not timedelta(hours=1) <= closes_in <= longest:
        raise _Unreadable(
            f"Each {cadence} run must close before the next one opens: between 1 hour and "
            f"{longest.days} days, e.g. ",
            Typed("closes in 10 days"),
            ".",
        )
    return closes_in, minimum, text


def _ordinal(word: str) -> int:
    """`first`..`fifth`, `last`, or `1st`..`31st` as a number (`LAST` for `last`)."""
    return _ORDINAL_WORDS.get(word) or int(word[:-2])


def _cut(text: str, found: re.Match[str] | None = None) -> str:
    """`text` without what `found` matched, with single spaces, for the next part to read."""
    if found is not None:
        text = f"{text[: found.start()]} {text[found.end() :]}"
    return " ".join(text.split())
