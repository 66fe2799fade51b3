"""Crash as Slack accepts: the bot process is killed (SIGKILL) the moment Slack has carried out a
post that matters (a profile's parts, an invitation, a below-minimum notice, a reminder), before
the bot could note it, and started afresh on the same database. The
restarted bot finds the post on screen instead of posting it again, and carries on with what
follows it: each is shown exactly once."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bot import ids
from scoring import default_framework
from standin import Call, SlackDriver, SlackStandIn
from storage.database import Database, sqlite_url
from storage.models import AssessmentRun
from tests.e2e.people import QUESTIONS, channel_message, take_part
from tests.hardening import tally
from tests.hardening.helpers import leases_run_out, wait_nothing_owed
from tests.hardening.killable import SLOWER_LEASE, KillableBot
from tests.hardening.respondents import header

CHANNEL = "CCRASH"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.soak)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """SQLite in CI; PostgreSQL too under `-m soak` (each case restarts the bot: minutes)."""
    if request.param == "sqlite":
        return sqlite_url(tmp_path / "crash.db").render_as_string()
    url: str = request.getfixturevalue("postgres_schema_url")
    return url


@dataclass(frozen=True)
class Post:
    """A post that matters, recognised by the Web API call that makes it."""

    name: str
    method: str
    step: str | None
    """The step its message metadata names (None for a file share)."""
    in_channel: bool
    """Posted in the team's channel (else in a member's DM)."""

    def made_by(self, call: Call) -> bool:
        if call.method != self.method:
            return False
        channel = str(call.args.get("channel") or call.args.get("channel_id") or "")
        if channel.startswith("C") != self.in_channel:
            return False
        return self.step is None or _metadata_step(call.args.get("metadata")) == self.step


def _metadata_step(metadata: object) -> str | None:
    if isinstance(metadata, str):
        metadata = json.loads(metadata)
    payload = metadata.get("event_payload") if isinstance(metadata, dict) else None
    step = payload.get("step") if isinstance(payload, dict) else None
    return step if isinstance(step, str) else None


POSTS = [
    Post("invitation", "chat.postMessage", "invitation", in_channel=True),
    Post("profile", "chat.postMessage", "profile", in_channel=False),
    Post("chart", "files.completeUploadExternal", None, in_channel=False),
    Post("full report", "chat.postMessage", "report", in_channel=False),
    Post("full report, continued", "chat.postMessage", "report-2", in_channel=False),
    Post("team profile", "chat.postMessage", "profile", in_channel=True),
    Post("team chart", "files.completeUploadExternal", None, in_channel=True),
    Post("team details", "chat.postMessage", "report", in_channel=True),
    Post("team full report", "chat.postMessage", "report-2", in_channel=True),
    Post("team full report, continued", "chat.postMessage", "report-3", in_channel=True),
]


def _shown(standin: SlackStandIn, channel: str) -> dict[str, int]:
    """What a reader of `channel` sees, counted: profiles, charts, invitations, and the thread
    (a team's details, the full report's start and its end, and any thread message twice)."""
    everything = standin.messages(channel, include_replies=True)
    replies = [m for m in everything if m.is_reply]
    steps = [_metadata_step(m.metadata) for m in replies]
    return {
        "invitations": sum(header(m) == INVITATION for m in everything),
        "profiles": sum(header(m).startswith(PROFILES) for m in everything),
        "charts": len(standin.files(channel)),
        "details": sum(header(m).startswith(DETAILS) for m in replies),
        "full reports": sum(header(m).startswith(FULL_REPORT) for m in replies),
        "report ends": sum(REPORT_END in standin.visible_text(m) for m in replies),
        "thread messages twice": len(steps) - len(set(steps)),
    }


def _wait_for_full_report(standin: SlackStandIn, channel: str, what: str) -> None:
    """Until the last part of a profile (its full report's last message) is shown in `channel`."""

    def shown() -> bool:
        return _shown(standin, channel)["report ends"] >= 1

    standin.wait_for(shown, timeout=30, description=f"{what}, its chart and its full report")


INVITATION = "Team Outcome Readiness assessment"
PROFILES = ("Your Outcome Readiness profile", "Team Outcome Readiness profile")
FULL_REPORT = "Full report"
DETAILS = "Team profile details"
_LAST = default_framework().dimensions[-1]
REPORT_END = f"*{_LAST.number}. {_LAST.name}*"
"""The last dimension's title: in the full report's last message."""


@pytest.mark.parametrize("post", POSTS, ids=[p.name for p in POSTS])
def test_killed_the_moment_slack_accepts_a_post_it_is_shown_exactly_once(
    standin: SlackStandIn, bot_database: Database, tmp_path: Path, post: Post
) -> None:
    """The bot dies right after Slack carried out its call, before it could note the post; the
    restarted bot (its timetable, once the lease runs out: at once here, `leases_run_out`) finds
    the post on screen instead of posting it again, and carries on with what follows it."""
    database_url = bot_database.url.render_as_string(hide_password=False)
    lead, members = "UCRASHLEAD", [f"UCRASHM{n}" for n in range(3)]
    for user in (lead, *members):
        standin.add_user(user, user.lower())
    standin.add_channel(CHANNEL, "crash-team", [lead, *members])
    bot = KillableBot(standin, database_url, tmp_path / "bot.log", env=SLOWER_LEASE)
    killed = standin.when_accepted(post.made_by, bot.kill)
    driver = bot.start()

    def restart_if_killed() -> SlackDriver:
        if killed.wait(timeout=0.5 if not post.in_channel else 10):
            leases_run_out(bot_database)
            return bot.start()
        return driver

    driver.slash_command(lead, ids.COMMAND, "team min 3", channel_id=CHANNEL)
    if post.name == "invitation":
        driver = restart_if_killed()
    for number, member in enumerate(members):
        take_part(standin, driver, member, CHANNEL, [2] * QUESTIONS)
        if number == 0 and not post.in_channel:
            assert killed.wait(timeout=10), f"the {post.name} was never posted"
            driver = restart_if_killed()
        _wait_for_full_report(standin, standin.dm_channel_id(member), f"{member}'s profile")
    try:
        driver.slash_command(lead, ids.COMMAND, "close", channel_id=CHANNEL)
        if post.in_channel and post.name != "invitation":
            assert killed.wait(timeout=10), f"the {post.name} was never posted"
            driver = restart_if_killed()
        _wait_for_full_report(standin, CHANNEL, "the team profile")
        wait_nothing_owed(bot_database)  # from here on nothing could be posted twice
    finally:
        bot.kill()
    want_channel = {
        "invitations": 1,
        "profiles": 1,
        "charts": 1,
        "details": 1,
        "full reports": 1,
        "report ends": 1,
        "thread messages twice": 0,
    }
    want_dm = {**want_channel, "invitations": 0, "details": 0}
    seen = [_shown(standin, CHANNEL), *(_shown(standin, standin.dm_channel_id(m)) for m in members)]
    wanted = [want_channel] + [want_dm] * len(members)
    tally.record(
        "Crash as Slack accepts",
        tried=1,
        lost=sum(max(w[k] - s[k], 0) for s, w in zip(seen, wanted, strict=True) for k in w),
        duplicated=sum(max(s[k] - w[k], 0) for s, w in zip(seen, wanted, strict=True) for k in w),
        note=f"{post.name} ({'SQLite' if database_url.startswith('sqlite') else 'PostgreSQL'})",
    )
    assert killed.is_set()
    assert seen == wanted


def _step_startswith(prefix: str, *, in_channel: bool) -> Callable[[Call], bool]:
    """A chat.postMessage whose metadata names a step starting `prefix`, in a channel or a DM."""

    def matches(call: Call) -> bool:
        channel = str(call.args.get("channel") or "")
        step = _metadata_step(call.args.get("metadata"))
        return (
            call.method == "chat.postMessage"
            and channel.startswith("C") == in_channel
            and step is not None
            and step.startswith(prefix)
        )

    return matches


def _move_runs(database: Database, **change: timedelta) -> None:
    """Time passes for the open runs (the bot runs on the real clock): each of `change`'s
    columns moved by its amount."""
    with database.session() as session:
        for run in session.scalars(select(AssessmentRun)):
            for column, by in change.items():
                setattr(run, column, getattr(run, column) + by)


def _db_name(database_url: str) -> str:
    return "SQLite" if database_url.startswith("sqlite") else "PostgreSQL"


def test_killed_the_moment_slack_accepts_a_below_minimum_notice_each_channel_gets_one(
    standin: SlackStandIn, bot_database: Database, tmp_path: Path
) -> None:
    """Two channels' runs pass their deadline with too few finished in the same round; the bot
    dies the moment Slack accepted the first notice. The restarted bot finds that one in its
    channel and posts the other's: each channel has its notice, once."""
    database_url = bot_database.url.render_as_string(hide_password=False)
    lead = "UCRASHLEAD"
    standin.add_user(lead, "crash-lead")
    colleagues = ["UCRASHANA", "UCRASHBO"]  # three people: a run the channel could finish
    for colleague in colleagues:
        standin.add_user(colleague, colleague.lower())
    channels = [CHANNEL, "CCRASHTWO"]
    for number, channel in enumerate(channels):
        standin.add_channel(channel, f"crash-team-{number}", [lead, *colleagues])
    bot = KillableBot(standin, database_url, tmp_path / "bot.log")
    killed = standin.when_accepted(_step_startswith("below-minimum", in_channel=True), bot.kill)
    driver = bot.start()
    try:
        for channel in channels:
            driver.slash_command(lead, ids.COMMAND, "team closes in 2 days", channel_id=channel)
            channel_message(standin, channel, "Take the assessment")
        _move_runs(bot_database, closes_at=-timedelta(days=2))  # both deadlines pass at once
        assert killed.wait(timeout=15), "no notice was posted"
        leases_run_out(bot_database)
        bot.start()
        standin.wait_for(
            lambda: all(_notices(standin, c) for c in channels),
            timeout=20,
            description="both channels' notices",
        )
        wait_nothing_owed(bot_database)  # from here on nothing could be posted twice
    finally:
        bot.kill()
    shown = [len(_notices(standin, c)) for c in channels]
    tally.record(
        "Crash as Slack accepts",
        tried=len(channels),
        lost=sum(n == 0 for n in shown),
        duplicated=sum(max(n - 1, 0) for n in shown),
        note=f"below-minimum notice, two channels ({_db_name(database_url)})",
    )
    assert shown == [1, 1]


def _notices(standin: SlackStandIn, channel: str) -> list[str]:
    """The notices in `channel` that its run's deadline passed with too few finished."""
    return [
        text
        for m in standin.messages(channel)
        if "The deadline has passed" in (text := standin.visible_text(m))
    ]


def test_killed_on_the_first_reminder_dm_the_whole_round_is_delivered_once(
    standin: SlackStandIn, bot_database: Database, tmp_path: Path
) -> None:
    """The bot dies the moment Slack accepted the first DM of a reminder round (it used to lose
    the rest: 11 claimed, 0 delivered). After the restart every member has the reminder once."""
    database_url = bot_database.url.render_as_string(hide_password=False)
    lead, members = "UCRASHLEAD", [f"UCRASHM{n:02d}" for n in range(10)]
    for user in (lead, *members):
        standin.add_user(user, user.lower())
    standin.add_channel(CHANNEL, "crash-team", [lead, *members])
    everyone = [lead, *members]
    bot = KillableBot(standin, database_url, tmp_path / "bot.log")
    killed = standin.when_accepted(_step_startswith("reminder-", in_channel=False), bot.kill)
    driver = bot.start()

    def reminders(user: str) -> int:
        return sum("A reminder" in m.text for m in standin.dm(user))

    try:
        driver.slash_command(lead, ids.COMMAND, "team closes in 3 days", channel_id=CHANNEL)
        channel_message(standin, CHANNEL, "Take the assessment")
        _move_runs(bot_database, opened_at=-timedelta(days=4))  # now past half way
        assert killed.wait(timeout=15), "no reminder was sent"
        assert sum(reminders(u) for u in everyone) == 1
        leases_run_out(bot_database)
        bot.start()
        standin.wait_for(
            lambda: all(reminders(u) >= 1 for u in everyone),
            timeout=20,
            description="everyone's reminder",
        )
        wait_nothing_owed(bot_database)  # from here on nothing could be sent twice
    finally:
        bot.kill()
    counts = [reminders(u) for u in everyone]
    tally.record(
        "Crash as Slack accepts",
        tried=len(everyone),
        lost=sum(n == 0 for n in counts),
        duplicated=sum(max(n - 1, 0) for n in counts),
        note=f"a reminder round of {len(everyone)} DMs ({_db_name(database_url)})",
    )
    assert counts == [1] * len(everyone)
