"""One workspace per request (`bot.inbound.workspace`), with one bot token: a request that
names a workspace or an enterprise other than the token's is refused in words before any work
(nothing stored, nothing posted), while a member of a shared channel from another workspace
(Slack Connect) takes part in the channel's team run like anyone, stored under the run's
workspace. Two workspaces installed through OAuth: tests/e2e/test_oauth_installs.py."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select

from bot import ids
from bot.run_modes.local import LocalBot
from scoring import default_framework
from standin import SlackDriver, SlackStandIn
from storage.models import AssessmentRun, Response
from tests.bot_fixtures import Team
from tests.e2e.people import channel_message, take_part
from tests.hardening import tally
from tests.hardening.helpers import wait_quiet
from tests.hardening.sizes import quick_and_full
from tests.hardening.state import digest

QUESTIONS = len(default_framework().questions)
ELSEWHERE, ELSEWHERE_ORG = "T0ELSEWHERE", "E0ELSEWHERE"
NOT_INSTALLED = "This app is not installed in your workspace, so nothing was done."


@dataclass(frozen=True)
class Case:
    name: str
    who: str | None
    act: Callable[[], object]


def _told(standin: SlackStandIn, user: str) -> list[str]:
    """What the bot has said to the person privately so far."""
    bot_user = standin.workspace.bot_user_id
    dm = [m for m in standin.dm(user) if m.user == bot_user]
    return [standin.visible_text(e) for e in standin.ephemerals(user)] + [
        standin.visible_text(m) for m in dm
    ]


def _fields(**changes: str) -> Callable[[dict[str, Any]], None]:
    return lambda fields: fields.update(changes)


def _interaction(
    team: str, *, user_team: str | None = None, enterprise: str | None = None
) -> Callable[[dict[str, Any]], None]:
    def edit(payload: dict[str, Any]) -> None:
        payload["team"] = {"id": team, "domain": "elsewhere"}
        if user_team is not None:
            payload["user"]["team_id"] = user_team
        if enterprise is not None:
            payload["enterprise"] = {"id": enterprise, "name": "Elsewhere Org"}

    return edit


def _uninstall_naming(team: str) -> Callable[[dict[str, Any]], None]:
    def edit(payload: dict[str, Any]) -> None:
        payload["team_id"] = payload["context_team_id"] = team
        payload["authorizations"][0]["team_id"] = team

    return edit


def _command_cases(driver: SlackDriver, team: Team) -> list[Case]:
    def team_run(**fields: str) -> Callable[[], object]:
        forged = driver.tampered(_fields(**fields))
        return lambda: forged.slash_command(team.lead, ids.COMMAND, "team", channel_id=team.channel)

    return [
        Case(
            "/readiness team naming another workspace and an org",
            team.lead,
            team_run(team_id=ELSEWHERE, enterprise_id=ELSEWHERE_ORG),
        ),
        Case("/readiness team naming another workspace", team.lead, team_run(team_id=ELSEWHERE)),
        Case("/readiness team naming an org not ours", team.lead, team_run(enterprise_id="E0X")),
    ]


def _click_cases(standin: SlackStandIn, driver: SlackDriver, team: Team) -> list[Case]:
    invitation = channel_message(standin, team.channel, "Take the assessment")
    ana = team.members[0]
    ours = standin.workspace.team_id

    def join(edit: Callable[[dict[str, Any]], None]) -> Callable[[], object]:
        forged = driver.tampered(edit)
        return lambda: forged.click(ana, message=invitation, action_id=ids.JOIN_TEAM)

    def uninstall() -> object:
        event = {"type": "app_uninstalled", "event_ts": "1700000000.000100"}
        return driver.tampered(_uninstall_naming(ELSEWHERE)).send_event(event)

    return [
        Case("a click from another workspace", ana, join(_interaction(ELSEWHERE, user_team=ours))),
        Case(
            "a click from another workspace and org",
            ana,
            join(_interaction(ELSEWHERE, enterprise=ELSEWHERE_ORG)),
        ),
        Case("a click naming an org not ours", ana, join(_interaction(ours, enterprise="E0X"))),
        Case("app_uninstalled naming another workspace", None, uninstall),
    ]


@pytest.mark.parametrize("rounds", quick_and_full(1, 10))
def test_requests_naming_another_workspace_are_refused_before_any_work(
    standin: SlackStandIn,
    driver: SlackDriver,
    team: Team,
    bot: LocalBot,
    caplog: pytest.LogCaptureFixture,
    rounds: int,
) -> None:
    database = bot.running.services.database
    caplog.set_level(logging.INFO, logger="bot.listeners.error_handler")
    cases = _command_cases(driver, team)
    tried = refused = 0
    failures: list[str] = []

    def attempt(case: Case) -> None:
        nonlocal tried, refused
        wait_quiet(standin)
        before, posted, logged = (
            digest(database),
            standin.messages(team.channel),
            len(caplog.records),
        )
        told = _told(standin, case.who) if case.who else []
        case.act()
        wait_quiet(standin)
        tried += 1
        refusals = [r for r in caplog.records[logged:] if r.getMessage().startswith("refused")]
        now_told = _told(standin, case.who)[len(told) :] if case.who else [NOT_INSTALLED]
        unchanged = digest(database) == before and standin.messages(team.channel) == posted
        if unchanged and refusals and now_told == [NOT_INSTALLED]:
            refused += 1
        else:
            failures.append(
                f"{case.name}: changed={digest(database) != before}, told={now_told}, "
                f"logged={len(refusals)}"
            )

    for case in cases:
        attempt(case)
    # Nothing of those: the channel has no run, so the lead can start one, and the clicks
    # below have a genuine invitation to forge.
    driver.slash_command(team.lead, ids.COMMAND, "team", channel_id=team.channel)
    driver_cases_after_run = _click_cases(standin, driver, team)
    for _ in range(rounds):
        for case in driver_cases_after_run:
            attempt(case)
    with database.session() as session:
        workspaces = set(session.scalars(select(AssessmentRun.workspace_id)))
    tally.record(
        "Workspaces",
        tried=tried,
        refused=refused,
        leaked=len(workspaces - {standin.workspace.team_id}),
        note=f"{len(cases) + len(driver_cases_after_run)} kinds with one bot token: commands, "
        "clicks and an uninstall naming another workspace or org",
    )
    assert not failures, failures
    assert workspaces == {standin.workspace.team_id}


def test_a_shared_channel_member_from_another_workspace_takes_part_and_is_counted(
    standin: SlackStandIn, driver: SlackDriver, team: Team, bot: LocalBot
) -> None:
    partner = standin.add_workspace(team_name="Partner Co", domain="partner-co")
    standin.add_user("UPARTNER", "pat", real_name="Pat Partner", workspace=partner)
    standin.connect_members(team.channel, "UPARTNER")
    driver.slash_command(team.lead, ids.COMMAND, "team", channel_id=team.channel)
    ana, bo = team.members[:2]
    take_part(standin, driver, "UPARTNER", team.channel, [4] * QUESTIONS)
    for user in (ana, bo):
        take_part(standin, driver, user, team.channel, [2] * QUESTIONS)

    driver.slash_command(team.lead, ids.COMMAND, "close", channel_id=team.channel)
    profile = standin.visible_text(
        channel_message(standin, team.channel, "Team Outcome Readiness profile")
    )
    assert "3 respondents" in profile
    partner_dm = [standin.visible_text(m) for m in standin.dm("UPARTNER")]
    assert not any("no longer exists" in text for text in partner_dm)
    with bot.running.services.database.session() as session:
        stored = session.execute(
            select(Response.workspace_id, AssessmentRun.workspace_id)
            .join(AssessmentRun, Response.run_id == AssessmentRun.id)
            .where(Response.user_id == "UPARTNER")
        ).all()
        workspaces = set(session.scalars(select(AssessmentRun.workspace_id)))
    ours = standin.workspace.team_id
    assert stored == [(ours, ours)]  # under the run's workspace, not the partner's own
    assert workspaces == {ours}
