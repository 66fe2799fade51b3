"""`readiness demo`: the whole product, end to end, with no Slack account and no tokens.

It starts the Slack stand-in and the real HTTP bot (with `--socket`, the bot in Socket Mode
connected to the stand-in's websocket) on a database of its own in a temporary directory (never
the configured one: a first look must not leave a fake workspace in the real database, nor create
the user's data directory), deleted at the end. Six simulated colleagues take
a team run by clicking through their DMs exactly as people would (signed requests to the bot's
real endpoint), once "last quarter" and once now, so the profile shows a trend; the lead closes
it and plans three next moves, and the channel and its canvas are printed as a person would read
them. The answers are chosen so the profile tells the story most CS teams live: everything moved
up but the outcomes themselves, which hold the overall stage back (the anchor cap), and leaders
and account managers disagree about renewals (a split dimension).
"""

from __future__ import annotations

import logging
import os
import re
import secrets
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import TextIO

from pydantic import SecretStr

from bot import ids
from bot.config import Settings
from bot.messages.roles import role_label
from bot.report.html import render_html
from bot.report.run_result import report_data
from bot.run_modes.answering import choose_role, pick, question_on_screen
from bot.run_modes.local import local_bot, local_socket_bot
from flows.reports import RunResult, run_result
from flows.services import Services, utc_now
from scoring import Agreement, Framework, Role
from standin import Ephemeral, Message, SlackDriver, SlackStandIn, visible_text
from standin.socket_transport import SocketTransport
from storage import runs
from storage.database import Database, sqlite_url
from storage.schema import upgrade

README_NEXT_STEP = 'README.md, "Install it in your Slack workspace"'
"""Where the demo sends a reader who wants the real thing."""


@dataclass(frozen=True)
class Colleague:
    user_id: str
    name: str
    title: str
    part_of_org: Role | None
    """What they pick in the role select on question 1."""
    answers: Sequence[int]
    """The stage of the option they pick for each question, in the framework's order; `picks`
    repeats them when the framework has more questions than are listed here."""

    def picks(self, questions: int) -> list[int]:
        """Their pick for each of the framework's `questions`, in order."""
        return [self.answers[i % len(self.answers)] for i in range(questions)]


LEAD = Colleague("UDEMOLEAD", "Priya Raman", "VP Customer Success", Role.LEADERSHIP, ())
# In the framework's order: Outcome Definition (4 questions, the anchor), Onboarding (2),
# Engagement (3), Health Scoring (2), Renewal (2), Expansion (2). A team whose motions are at
# Stage 3 while nobody writes down what customers need to achieve (Outcome Definition at Stage
# 1): the overall stage is held at 2. Its three leaders see renewals at Stage 4, the three who
# run the accounts at Stage 2: the team is split there, and the split by role shows it.
TEAM = (
    Colleague(
        "UDEMOAMAL",
        "Amal Haddad",
        "CS Director",
        Role.LEADERSHIP,
        [2, 2, 1, 2, 4, 4, 4, 3, 4, 4, 3, 4, 4, 4, 3],
    ),
    Colleague(
        "UDEMOBEN",
        "Ben Okafor",
        "Senior CSM",
        Role.CSM,
        [2, 1, 2, 2, 3, 4, 3, 3, 3, 3, 3, 2, 2, 3, 3],
    ),
    Colleague(
        "UDEMOCARM",
        "Carmen Ruiz",
        "CSM",
        Role.CSM,
        [1, 2, 2, 2, 3, 3, 3, 4, 3, 3, 3, 2, 2, 3, 4],
    ),
    Colleague(
        "UDEMODEV",
        "Dev Patel",
        "Director of Onboarding",
        Role.LEADERSHIP,
        [2, 2, 2, 1, 4, 4, 4, 4, 3, 4, 3, 4, 4, 4, 4],
    ),
    Colleague(
        "UDEMOELLA",
        "Ella Novak",
        "Head of CS Operations",
        Role.LEADERSHIP,
        [2, 1, 2, 2, 4, 3, 3, 4, 4, 3, 4, 4, 3, 3, 4],
    ),
    Colleague(
        "UDEMOFINN",
        "Finn Larsen",
        "Account Manager",
        Role.CSM,
        [2, 2, 1, 2, 3, 3, 3, 3, 3, 3, 3, 2, 2, 3, 3],
    ),
)
OUTCOME_QUESTIONS = 4
"""The first four questions are Outcome Definition's, which did not move since last quarter."""
QUARTER = timedelta(days=91)
CHANNEL = "CDEMOCSTEAM"
CHANNEL_NAME = "cs-team"
RULE = "═" * 72


def last_quarter(colleague: Colleague) -> list[int]:
    """What a colleague picked a quarter ago: a stage lower everywhere but Outcome Definition."""
    return [
        stage if i < OUTCOME_QUESTIONS else max(1, stage - 1)
        for i, stage in enumerate(colleague.answers)
    ]


class DemoCalendar:
    """The bot's clock, set a quarter back for last quarter's run and then brought to today."""

    def __init__(self) -> None:
        self.back = timedelta(0)

    def __call__(self) -> datetime:
        return utc_now() - self.back


def run_demo(settings: Settings, out: TextIO, *, output: Path, socket_mode: bool = False) -> int:
    started = time.monotonic()
    logging.basicConfig(level=logging.WARNING)
    _introduce(out, output, socket_mode=socket_mode)
    with (
        tempfile.TemporaryDirectory(prefix="readiness-demo-") as scratch,
        _charts_cache_in(Path(scratch)),
    ):
        database = Database(sqlite_url(Path(scratch) / "demo.db"))
        try:
            upgrade(database.engine)
            status, written = _play(settings, database, out, output=output, socket_mode=socket_mode)
        finally:
            database.dispose()
    if status:
        return status
    print("\nWritten for you to keep (the pretend Slack and its database are gone):", file=out)
    for path in written:
        print(f"  {path}", file=out)
    print(
        f"\nDone in {time.monotonic() - started:.0f} s. Next: install it in your own Slack "
        f"workspace ({README_NEXT_STEP}).",
        file=out,
    )
    return 0


@contextmanager
def _charts_cache_in(scratch: Path) -> Iterator[None]:
    """Matplotlib keeps its font cache in the user's cache directory; a first look at the
    product should leave nothing in the user's directories, so the demo's charts use the
    scratch directory (unless matplotlib is already loaded or told where to cache)."""
    if "MPLCONFIGDIR" in os.environ or "matplotlib" in sys.modules:
        yield
        return
    os.environ["MPLCONFIGDIR"] = str(scratch / "matplotlib")
    try:
        yield
    finally:
        del os.environ["MPLCONFIGDIR"]


def _introduce(out: TextIO, output: Path, *, socket_mode: bool) -> None:
    how = (
        "The bot runs in Socket Mode: every click reaches it down the websocket it opened."
        if socket_mode
        else "The bot runs in HTTP mode: every click reaches it as a signed request."
    )
    print(
        "Outcome Readiness, rehearsed on this computer\n"
        f"{RULE}\n"
        "Acme Analytics' customer success team checks every quarter how well it defines, delivers\n"
        "and proves the outcomes its customers buy. Priya Raman (VP Customer Success) starts the\n"
        "assessment in #cs-team; six colleagues each answer 15 questions privately, in a direct\n"
        "message with the bot; the channel sees only the team's profile. They did it last quarter\n"
        "too, so this quarter's profile shows what changed.\n\n"
        "Nothing here is real: a pretend Slack runs on this computer, the colleagues click their\n"
        "answers in it, nothing is sent anywhere, and all of it is deleted at the end except the\n"
        f"team's printable report, written to {output}/.\n{how}",
        file=out,
    )


def _play(
    settings: Settings, database: Database, out: TextIO, *, output: Path, socket_mode: bool
) -> tuple[int, list[Path]]:
    """Both quarters' runs, then what the channel, the canvas and one member see."""
    calendar = DemoCalendar()
    with SlackStandIn(team_name="Acme Analytics", domain="acme-analytics") as slack:
        names = _arrange(slack)
        signing_secret = secrets.token_hex(16)
        demo_settings = settings.model_copy(
            update={
                "slack_bot_token": SecretStr(slack.workspace.bot_token),
                "slack_signing_secret": SecretStr(signing_secret),
                "slack_api_url": slack.api_url,
                "slack_client_id": None,
                "slack_client_secret": None,
                "database_url": None,
                "public_url": None,
            }
        )
        services = Services(database=database, clock=calendar)
        with _bot_and_driver(slack, demo_settings, services, socket_mode=socket_mode) as driver:
            calendar.back = QUARTER
            print(f"\nLast quarter ({calendar():%B %Y})\n{RULE}", file=out)
            _team_run(slack, driver, out, framework=services.framework, quarter=last_quarter)
            calendar.back = timedelta(0)
            print(f"\nThis quarter ({calendar():%B %Y})\n{RULE}", file=out)
            first_message = len(slack.messages(CHANNEL))
            _team_run(slack, driver, out, framework=services.framework, show_question=True)
            _plan_next_moves(slack, driver, out, after=first_message)
            later = _results_any_time(slack, driver, out)
            result = _latest_result(services, slack)
            written = _write_report(result, slack, output)
        print(f"\n#cs-team this quarter, as the team sees it\n{RULE}", file=out)
        for message in slack.messages(CHANNEL)[first_message:]:
            print(_as_read(slack, message, names), file=out)
            if message.text.startswith("Team profile ("):
                # Its details are in its thread (the full report follows them there).
                for detail in slack.thread(CHANNEL, message.ts)[1:2]:
                    print(f"  ↳ in its thread:\n{_as_read(slack, detail, names)}", file=out)
            print("─" * 72, file=out)
        canvas = slack.canvas(CHANNEL)
        if canvas is not None:
            print(f"\nThe channel's canvas, kept current by the bot\n{RULE}", file=out)
            shown = _MENTION_IN_CANVAS.sub(lambda m: "@" + names.get(m[1], m[1]), canvas.markdown)
            print(_MARKDOWN_LINK.sub(r"\1", shown), file=out)
            (output / "canvas.md").write_text(canvas.markdown, encoding="utf-8")
            written.append((output / "canvas.md").resolve())
        member = TEAM[0]
        profile = next(m for m in reversed(slack.dm(member.user_id)) if "profile" in m.text)
        print(f"\nAnd privately, in {member.name}'s DM with the bot:\n{RULE}", file=out)
        print(_as_read(slack, profile, names), file=out)
        for title, reply in later:
            print(f"\n{title}\n{RULE}", file=out)
            print(_as_read(slack, reply, names), file=out)
        print(f"\nWhat this quarter's profile says\n{RULE}", file=out)
        for line in story(result):
            print(f"• {line}", file=out)
        if slack.violations:
            print("\nThe pretend Slack saw calls real Slack would refuse:", file=out)
            for violation in slack.violations:
                print(f"  - {violation}", file=out)
            return 1, written
    return 0, written


@contextmanager
def _bot_and_driver(
    slack: SlackStandIn, settings: Settings, services: Services, *, socket_mode: bool
) -> Iterator[SlackDriver]:
    """The bot running, and Slack's side of the conversation with it: signed POSTs to its
    request URL, or envelopes down the Socket Mode connection it opened."""
    if socket_mode:
        socket_settings = settings.model_copy(
            update={
                "slack_app_token": SecretStr(slack.workspace.app_token),
                "slack_signing_secret": None,
            }
        )
        with local_socket_bot(socket_settings, services):
            transport = SocketTransport(slack.socket_mode, slack.workspace.team_id)
            yield SlackDriver(slack, transport=transport)
        return
    assert settings.slack_signing_secret is not None
    with local_bot(settings, services) as bot:
        yield SlackDriver(slack, bot.events_url, settings.slack_signing_secret.get_secret_value())


def story(result: RunResult) -> list[str]:
    """The three things the demo's team profile shows, in a sentence each, from the result
    itself: the change since last quarter, the anchor cap, and where the team is split."""
    framework, profile = result.framework, result.profile
    lines = []
    if result.previous is not None and result.previous.score is not None and profile.score:
        lines.append(
            f"Since last quarter the team's score went from {float(result.previous.score):.1f} "
            f"to {float(profile.score):.1f} / 4: every dimension but "
            f"{framework.anchor_dimension.name} moved up."
        )
    if profile.capped_by_anchor and profile.stage is not None:
        lines.append(
            f"The scores alone would put the team at Stage {profile.uncapped_stage}, but the "
            f"overall stage is never more than one above {framework.anchor_dimension.name} "
            f"(Stage {profile.anchor.stage}): the team is at Stage {profile.stage}, and that is "
            "where to start."
        )
    if result.team is not None:
        split = [
            framework.dimension(d.dimension_id).name
            for d in profile.dimensions
            if (spread := result.team.spread(d.dimension_id)) is not None
            and spread.agreement is Agreement.SPLIT
        ]
        if split:
            lines.append(
                f"The team is split on {', '.join(split)}: leaders see it further along than "
                "the people who run the accounts. Worth a conversation."
            )
    return lines


def _latest_result(services: Services, slack: SlackStandIn) -> RunResult:
    workspace_id = slack.workspace.team_id
    with services.database.session() as session:
        run_id = runs.runs_in_channel(session, workspace_id=workspace_id, channel_id=CHANNEL)[0].id
    return run_result(services, run_id=run_id, workspace_id=workspace_id)


def _write_report(result: RunResult, slack: SlackStandIn, output: Path) -> list[Path]:
    """The printable report of the run just closed, and the chart exactly as Slack received it."""
    output.mkdir(parents=True, exist_ok=True)
    html_path = output / "team-report.html"
    html_path.write_text(render_html(report_data(result)), encoding="utf-8")
    chart_path = output / "team-chart.png"
    uploaded = [f for f in slack.files(CHANNEL) if f.name.endswith(".png")]
    chart_path.write_bytes(uploaded[-1].data or b"")
    return [html_path.resolve(), chart_path.resolve()]


def _arrange(slack: SlackStandIn) -> dict[str, str]:
    people = [LEAD, *TEAM]
    for person in people:
        slack.add_user(person.user_id, person.name.split()[0].lower(), real_name=person.name)
    slack.add_channel(CHANNEL, CHANNEL_NAME, [p.user_id for p in people])
    return {p.user_id: p.name for p in people}


def _this_quarter(colleague: Colleague) -> list[int]:
    return list(colleague.answers)


def _team_run(
    slack: SlackStandIn,
    driver: SlackDriver,
    out: TextIO,
    *,
    framework: Framework,
    quarter: Callable[[Colleague], list[int]] = _this_quarter,
    show_question: bool = False,
) -> None:
    """One team run from the lead's command to the team profile in the channel; with
    `show_question`, the first colleague's first question is printed as they see it."""
    questions = len(framework.questions)
    after = len(slack.messages(CHANNEL))
    print(f"{LEAD.name} types: /readiness team closes in 5 days", file=out)
    driver.slash_command(LEAD.user_id, "/readiness", "team closes in 5 days", channel_id=CHANNEL)
    invitation = _wait_for_channel(
        slack, lambda m: "Take the assessment" in visible_text(m), "the invitation", after=after
    )
    for colleague in TEAM:
        profiles = _profiles(slack, colleague.user_id)
        driver.click(colleague.user_id, message=invitation, action_id=ids.JOIN_TEAM)
        picks = quarter(colleague)
        for number in range(1, questions + 1):
            question = question_on_screen(slack, colleague.user_id, number, questions, timeout=15)
            if show_question and number == 2 and colleague is TEAM[0]:
                print(
                    f"\n  What {colleague.name} sees in her DM with the bot (each person sees the "
                    "options in an order of their own):\n",
                    file=out,
                )
                shown = _as_read(slack, question, {})
                print("\n".join(f"  │ {line}" for line in shown.splitlines()) + "\n", file=out)
            if number == 1 and colleague.part_of_org is not None:
                choose_role(driver, colleague.user_id, question, role_label(colleague.part_of_org))
            pick(
                driver,
                colleague.user_id,
                question,
                picks[(number - 1) % len(picks)],
                framework=framework,
            )
        slack.wait_for(
            partial(_has_new_profile, slack, colleague.user_id, profiles),
            description=f"{colleague.name}'s profile",
        )
        print(
            f"  {colleague.name} ({colleague.title}) answered {questions} questions in their DM",
            file=out,
        )
    print(f"{LEAD.name} types: /readiness close", file=out)
    driver.slash_command(LEAD.user_id, "/readiness", "close", channel_id=CHANNEL)
    # The next run starts once the channel shows all of this one: the profile and its chart.
    _wait_for_channel(slack, _is_team_profile, "the team profile", after=after)
    _wait_for_channel(slack, lambda m: bool(m.files), "the team's chart", after=after)


PLANNED = ((0, "A · ", 21), (1, "B · ", 35), (2, "C · ", 49))
"""The lead's three lines: the proposal picked (by its letter), and the days until it is due.
The owners are the first three colleagues."""


def _plan_next_moves(slack: SlackStandIn, driver: SlackDriver, out: TextIO, *, after: int) -> None:
    """The lead clicks Plan next moves under the team profile, picks three of the proposed
    moves, gives each an owner and a date, and saves: the channel's canvas shows the plan."""
    profile = _wait_for_channel(slack, _is_team_profile, "the team profile", after=after)
    print(f"{LEAD.name} clicks Plan next moves and commits to three, each with an owner", file=out)
    driver.click(LEAD.user_id, message=profile, action_id=ids.PLAN_OPEN)
    view = slack.wait_for(
        lambda: slack.open_views(LEAD.user_id)[-1:] or None, description="the plan modal"
    )[0]
    blocks = {str(b.get("block_id", "")): b for b in view.blocks}
    values: dict[str, dict[str, str]] = {}
    for (line, letter, days), owner in zip(PLANNED, TEAM, strict=False):
        ids_of = {
            part: next(b for b in blocks if b.startswith(f"{ids.PLAN_LINE_PREFIX}{line}:{part}"))
            for part in (ids.PLAN_MOVE, ids.PLAN_OWNER, ids.PLAN_DUE)
        }
        options = blocks[ids_of[ids.PLAN_MOVE]]["element"]["options"]
        move = next(o["value"] for o in options if o["text"]["text"].startswith(letter))
        values[ids_of[ids.PLAN_MOVE]] = {ids.PLAN_CHOICE: move}
        values[ids_of[ids.PLAN_OWNER]] = {ids.PLAN_CHOICE: owner.user_id}
        due = date.today() + timedelta(days=days)
        values[ids_of[ids.PLAN_DUE]] = {ids.PLAN_CHOICE: due.isoformat()}
    driver.submit_view(LEAD.user_id, view.id, values)
    slack.wait_for(lambda: slack.canvas(CHANNEL), timeout=15, description="the channel canvas")


def _results_any_time(
    slack: SlackStandIn, driver: SlackDriver, out: TextIO
) -> list[tuple[str, Ephemeral]]:
    """Weeks later, nobody scrolls back: a member asks for the team's results in the channel,
    and for their own history in their DM (each reply only they see)."""
    member = TEAM[1]
    dm = slack.dm_channel_id(member.user_id)
    asked: list[tuple[str, Ephemeral]] = []
    for text, channel, title in (
        ("results", CHANNEL, f"Later, {member.name} types /readiness results in #cs-team"),
        ("history", dm, "And /readiness history in their DM with the bot"),
    ):
        print(f"{member.name} types: /readiness {text}", file=out)
        before = len(slack.ephemerals(member.user_id, channel))
        driver.slash_command(member.user_id, "/readiness", text, channel_id=channel)
        reply = _wait_for_reply(slack, member.user_id, channel, before)
        asked.append((f"{title} (only they see it)", reply))
    return asked


def _wait_for_reply(slack: SlackStandIn, user_id: str, channel: str, before: int) -> Ephemeral:
    """The newest private reply to `user_id` in `channel` once there are more than `before`."""
    return slack.wait_for(
        lambda: slack.ephemerals(user_id, channel)[before:] or None,
        timeout=15,
        description=f"a reply to {user_id} in {channel}",
    )[-1]


def _profiles(slack: SlackStandIn, user_id: str) -> int:
    """How many profiles `user_id`'s DM shows: one more once they finish a run."""
    return sum("profile" in m.text for m in slack.dm(user_id))


def _has_new_profile(slack: SlackStandIn, user_id: str, before: int) -> bool:
    return _profiles(slack, user_id) > before


def _is_team_profile(message: Message) -> bool:
    """The team profile is the message with Plan next moves under it."""
    return any(
        element.get("action_id") == ids.PLAN_OPEN
        for block in message.blocks
        for element in block.get("elements") or []
    )


def _wait_for_channel(
    slack: SlackStandIn, wanted: Callable[[Message], bool], description: str, *, after: int
) -> Message:
    """The first message in the channel that is `wanted`, among those after the first `after`."""
    return slack.wait_for(
        lambda: next((m for m in slack.messages(CHANNEL)[after:] if wanted(m)), None),
        timeout=15,
        description=description,
    )


_MENTION = re.compile(r"<@([A-Z0-9]+)>")
_CHANNEL_MENTION = re.compile(r"<#([A-Z0-9]+)(?:\|[^>]*)?>")
_MENTION_IN_CANVAS = re.compile(r"!\[\]\(@([A-Z0-9]+)\)")
_MARKDOWN_LINK = re.compile(r"\[([^\]]+)\]\(https?://[^)]+\)")
_DATE = re.compile(r"<!date\^\d+\^[^|]*\|([^>]*)>")
_LINK = re.compile(r"<https?://[^|>]+\|([^>]+)>")
_ITALIC = re.compile(r"(?<![\w])_(.+?)_(?![\w])")


def _as_read(slack: SlackStandIn, message: Message | Ephemeral, names: dict[str, str]) -> str:
    """Slack's markup rendered roughly as the Slack client shows it, for a terminal. Links show
    their words only: their addresses belong to the pretend Slack and die with the demo."""
    text = visible_text(message)
    text = _MENTION.sub(lambda m: "@" + names.get(m.group(1), m.group(1)), text)
    text = _CHANNEL_MENTION.sub(f"#{CHANNEL_NAME}", text)
    text = _DATE.sub(lambda m: m.group(1), text)
    text = _LINK.sub(lambda m: m.group(1), text)
    text = _ITALIC.sub(lambda m: m.group(1), text).replace("*", "").replace("`", "")
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
