"""`readiness demo`: the whole product, end to end, with no Slack account and no tokens.

It starts the Slack stand-in and the real HTTP bot on the embedded SQLite default, then six
simulated colleagues take a team run by clicking through their DMs exactly as people would
(signed requests to the bot's real endpoint), the lead closes it and plans three next moves
from the team profile, and the channel and its canvas are printed as a person would read them.
"""

from __future__ import annotations

import logging
import re
import secrets
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
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
from bot.run_modes.local import local_bot
from flows.reports import run_result
from flows.services import Services
from scoring import Framework, Role
from standin import Ephemeral, Message, SlackDriver, SlackStandIn, visible_text
from storage import runs
from storage.database import Database
from storage.schema import upgrade


@dataclass(frozen=True)
class Colleague:
    user_id: str
    name: str
    title: str
    part_of_org: Role | None
    """What they pick in the role select on question 1."""
    answers: Sequence[int]
    """The stage of the option they pick for each question, in order; `picks` repeats them when
    the framework has more questions than are listed here."""

    def picks(self, questions: int) -> list[int]:
        """Their pick for each of the framework's `questions`, in order."""
        return [self.answers[i % len(self.answers)] for i in range(questions)]


LEAD = Colleague("UDEMOLEAD", "Priya Raman", "VP Customer Success", Role.LEADERSHIP, ())
# A team that documents goals but rarely uses them, and that disagrees about renewals and
# health: the shape most CS teams between Stage 2 and Stage 3 have. Its three leaders see the
# customer engagement further along than the three who run the accounts: the split by role
# shows where.
TEAM = (
    Colleague(
        "UDEMOAMAL",
        "Amal Haddad",
        "CS Director",
        Role.LEADERSHIP,
        [2, 2, 3, 2, 3, 2, 3, 3, 2, 3, 2, 3, 3, 2, 2],
    ),
    Colleague(
        "UDEMOBEN",
        "Ben Okafor",
        "Senior CSM",
        Role.CSM,
        [2, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 2, 1],
    ),
    Colleague(
        "UDEMOCARM",
        "Carmen Ruiz",
        "CSM",
        Role.CSM,
        [2, 2, 2, 2, 3, 3, 2, 3, 2, 2, 1, 2, 2, 2, 2],
    ),
    Colleague(
        "UDEMODEV",
        "Dev Patel",
        "Director of Onboarding",
        Role.LEADERSHIP,
        [3, 2, 3, 2, 3, 3, 3, 3, 3, 3, 2, 4, 3, 3, 2],
    ),
    Colleague(
        "UDEMOELLA",
        "Ella Novak",
        "Head of CS Operations",
        Role.LEADERSHIP,
        [2, 2, 2, 3, 2, 2, 3, 3, 3, 3, 3, 2, 2, 2, 2],
    ),
    Colleague(
        "UDEMOFINN",
        "Finn Larsen",
        "Account Manager",
        Role.CSM,
        [1, 2, 2, 2, 2, 2, 2, 2, 1, 2, 1, 1, 2, 3, 2],
    ),
)
CHANNEL = "CDEMOCSTEAM"
CHANNEL_NAME = "cs-team"


def run_demo(settings: Settings, out: TextIO, *, output: Path) -> int:
    started = time.monotonic()
    logging.basicConfig(level=logging.WARNING)
    database = Database(settings.database)
    upgrade(database.engine)  # the first run creates the SQLite file
    where = database.url.render_as_string(hide_password=True)
    print(f"Database: {where}", file=out)

    with SlackStandIn(team_name="Acme Analytics", domain="acme-analytics") as slack:
        names = _arrange(slack)
        signing_secret = secrets.token_hex(16)
        demo_settings = settings.model_copy(
            update={
                "slack_bot_token": SecretStr(slack.workspace.bot_token),
                "slack_signing_secret": SecretStr(signing_secret),
                "slack_api_url": slack.api_url,
            }
        )
        services = Services(database=database)
        with local_bot(demo_settings, services) as bot:
            print(f"Slack stand-in: {slack.base_url} · bot: {bot.events_url}", file=out)
            driver = SlackDriver(slack, bot.events_url, signing_secret)
            _team_run(slack, driver, out, framework=services.framework)
            _plan_next_moves(slack, driver, out)
            later = _results_any_time(slack, driver, out)
            written = _write_report(services, slack, output)
        print(f"\n#cs-team, as the team sees it\n{'═' * 72}", file=out)
        for message in slack.messages(CHANNEL):
            print(_as_read(slack, message, names), file=out)
            if message.text.startswith("Team profile ("):
                # Its details are in its thread (the full report follows them there).
                details = slack.thread(CHANNEL, message.ts)[1:2]
                for reply in details:
                    print(f"  ↳ in its thread:\n{_as_read(slack, reply, names)}", file=out)
            print("─" * 72, file=out)
        canvas = slack.canvas(CHANNEL)
        if canvas is not None:
            print(f"\nThe channel's canvas, kept current by the bot\n{'═' * 72}", file=out)
            shown = _MENTION_IN_CANVAS.sub(lambda m: "@" + names.get(m[1], m[1]), canvas.markdown)
            print(shown, file=out)
            (output / "canvas.md").write_text(canvas.markdown, encoding="utf-8")
            written.append((output / "canvas.md").resolve())
        member = TEAM[0]
        profile = next(m for m in reversed(slack.dm(member.user_id)) if "profile" in m.text)
        print(f"\nAnd privately, in {member.name}'s DM with the bot:\n{'═' * 72}", file=out)
        print(_as_read(slack, profile, names), file=out)
        for title, reply in later:
            print(f"\n{title}\n{'═' * 72}", file=out)
            print(_as_read(slack, reply, names), file=out)
        if slack.violations:
            print("\nThe stand-in saw calls real Slack would refuse:", file=out)
            for violation in slack.violations:
                print(f"  - {violation}", file=out)
            return 1
    database.dispose()
    print("\nThe team's report, to open or print, and its plan:", file=out)
    for path in written:
        print(f"  {path}", file=out)
    print(f"\nDone in {time.monotonic() - started:.1f} s. Nothing left Slack's stand-in.", file=out)
    return 0


def _write_report(services: Services, slack: SlackStandIn, output: Path) -> list[Path]:
    """The printable report of the run just closed, and the chart exactly as Slack received it."""
    workspace_id = slack.workspace.team_id
    with services.database.session() as session:
        run = runs.runs_in_channel(session, workspace_id=workspace_id, channel_id=CHANNEL)[0]
        run_id = run.id
    result = run_result(services, run_id=run_id, workspace_id=workspace_id)
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


def _team_run(
    slack: SlackStandIn, driver: SlackDriver, out: TextIO, *, framework: Framework
) -> None:
    questions = len(framework.questions)
    print(f"\n{LEAD.name} types: /readiness team closes in 5 days", file=out)
    driver.slash_command(LEAD.user_id, "/readiness", "team closes in 5 days", channel_id=CHANNEL)
    invitation = _wait_for_message(slack, CHANNEL, "Take the assessment")
    for colleague in TEAM:
        driver.click(colleague.user_id, message=invitation, action_id=ids.JOIN_TEAM)
        for number, stage in enumerate(colleague.picks(questions), start=1):
            question = question_on_screen(slack, colleague.user_id, number, questions, timeout=15)
            if number == 1 and colleague.part_of_org is not None:
                choose_role(driver, colleague.user_id, question, role_label(colleague.part_of_org))
            pick(driver, colleague.user_id, question, stage, framework=framework)
        slack.wait_for(
            partial(_has_profile, slack, colleague.user_id),
            description=f"{colleague.name}'s profile",
        )
        print(
            f"  {colleague.name} ({colleague.title}) answered {questions} questions in their DM",
            file=out,
        )
    print(f"{LEAD.name} types: /readiness close", file=out)
    driver.slash_command(LEAD.user_id, "/readiness", "close", channel_id=CHANNEL)
    _wait_for_message(slack, CHANNEL, "Team Outcome Readiness profile")


PLANNED = ((0, "A · ", 21), (1, "B · ", 35), (2, "C · ", 49))
"""The lead's three lines: the proposal picked (by its letter), and the days until it is due.
The owners are the first three colleagues."""


def _plan_next_moves(slack: SlackStandIn, driver: SlackDriver, out: TextIO) -> None:
    """The lead clicks Plan next moves under the team profile, picks three of the proposed
    moves, gives each an owner and a date, and saves: the channel's canvas shows the plan."""
    profile = _wait_for_message(slack, CHANNEL, "Team Outcome Readiness profile")
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


def _has_profile(slack: SlackStandIn, user_id: str) -> bool:
    return any("profile" in m.text for m in slack.dm(user_id))


def _wait_for_message(slack: SlackStandIn, channel: str, words: str) -> Message:
    return slack.wait_for(
        lambda: next((m for m in slack.messages(channel) if words in visible_text(m)), None),
        timeout=15,
        description=f"a message with {words!r}",
    )


_MENTION = re.compile(r"<@([A-Z0-9]+)>")
_CHANNEL_MENTION = re.compile(r"<#([A-Z0-9]+)(?:\|[^>]*)?>")
_MENTION_IN_CANVAS = re.compile(r"!\[\]\(@([A-Z0-9]+)\)")
_DATE = re.compile(r"<!date\^\d+\^[^|]*\|([^>]*)>")
_LINK = re.compile(r"<(https?://[^|>]+)\|([^>]+)>")
_ITALIC = re.compile(r"(?<![\w])_(.+?)_(?![\w])")


def _as_read(slack: SlackStandIn, message: Message | Ephemeral, names: dict[str, str]) -> str:
    """Slack's markup rendered roughly as the Slack client shows it, for a terminal."""
    text = visible_text(message)
    text = _MENTION.sub(lambda m: "@" + names.get(m.group(1), m.group(1)), text)
    text = _CHANNEL_MENTION.sub(f"#{CHANNEL_NAME}", text)
    text = _DATE.sub(lambda m: m.group(1), text)
    text = _LINK.sub(lambda m: f"{m.group(2)} ({m.group(1)})", text)
    text = _ITALIC.sub(lambda m: m.group(1), text).replace("*", "").replace("`", "")
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
