"""Authorization of plans: where admins have said who may start runs, someone not named (and
not the run's starter) who clicks Plan next moves is refused and sees no modal; a plan modal
they were never shown, submitted anyway, is refused beside the field and saves nothing; Done or
Drop on someone else's move, or on a move of another workspace, is refused and changes
nothing."""

from __future__ import annotations

import copy
import logging

import pytest
from sqlalchemy import select

from bot import ids
from bot.inbound.payloads import PlanMoveRef
from bot.run_modes.local import LocalBot
from standin import SlackDriver, SlackStandIn
from storage.models import Commitment
from tests.bot_fixtures import Team
from tests.e2e.people import latest_ephemeral
from tests.e2e.planning import closed_team_run, line_blocks, open_plan, option_value
from tests.hardening.helpers import wait_quiet
from tests.hardening.state import digest


def _forged_copy(standin: SlackStandIn, view_id: str, user: str) -> str:
    """The plan modal as the lead has it, on `user`'s screen: what a client that crafts its
    own view_submission would send."""
    with standin.state.lock:
        record = copy.deepcopy(standin.state.views[view_id])
        record.id, record.user_id = standin.state.ids.new("V"), user
        standin.state.views[record.id] = record
        standin.state.modal_stack(record.team_id, user).append(record.id)
    return record.id


def test_someone_not_allowed_cannot_plan_nor_settle_anothers_move(
    standin: SlackStandIn,
    driver: SlackDriver,
    team: Team,
    bot: LocalBot,
    caplog: pytest.LogCaptureFixture,
) -> None:
    database = bot.running.services.database
    outsider = team.members[3]  # in the channel, did not answer, not named, not the starter
    profile = closed_team_run(standin, driver, team)
    driver.slash_command(team.admin, ids.COMMAND, "settings", channel_id=team.channel)
    settings = standin.wait_for(lambda: standin.open_views(team.admin))[-1]
    driver.submit_view(
        team.admin,
        settings.id,
        {
            ids.SETTINGS_MINIMUM: {ids.SETTINGS_CHOICE: "3"},
            ids.SETTINGS_DAYS: {ids.SETTINGS_CHOICE: "7"},
            ids.SETTINGS_STARTERS: {ids.SETTINGS_CHOICE: "admins"},
            ids.SETTINGS_PEOPLE: {ids.SETTINGS_CHOICE: [team.members[0]]},
        },
    )
    _, lead_view = open_plan(standin, driver, team.lead, message=profile)
    assert lead_view is not None
    forged = _forged_copy(standin, lead_view.id, outsider)
    wait_quiet(standin)
    caplog.set_level(logging.INFO)

    # The click: refused in words, no modal.
    before, ephemerals = digest(database), len(standin.ephemerals(outsider, team.channel))
    clicked, view = open_plan(standin, driver, outsider, message=profile)
    assert clicked.status == 200 and view is None
    said = latest_ephemeral(standin, outsider, team.channel, after=ephemerals)
    assert "Only <@ULEAD>, workspace admins and the people they named" in said
    # The forged submission: refused beside the field, nothing saved.
    line = line_blocks(lead_view, 0)
    result = driver.submit_view(
        outsider,
        forged,
        {
            line["move"]: {ids.PLAN_CHOICE: option_value(lead_view, "A ·")},
            line["owner"]: {ids.PLAN_CHOICE: outsider},
            line["due"]: {ids.PLAN_CHOICE: "2026-11-20"},
        },
    )
    assert isinstance(result.json, dict) and result.json["response_action"] == "errors"
    assert "Only <@ULEAD>" in result.json["errors"][line["move"]]
    wait_quiet(standin)
    assert digest(database) == before
    assert any(r.getMessage().startswith("refused plan") for r in caplog.records)

    # The lead plans one move, owned by a member; the outsider's Done and Drop are refused.
    driver.close_view(outsider, forged)
    saved = driver.submit_view(
        team.lead,
        lead_view.id,
        {
            line["move"]: {ids.PLAN_CHOICE: option_value(lead_view, "A ·")},
            line["owner"]: {ids.PLAN_CHOICE: team.members[1]},
            line["due"]: {ids.PLAN_CHOICE: "2026-11-20"},
        },
    )
    assert saved.status == 200 and not standin.open_views(team.lead), saved.body
    wait_quiet(standin)
    with database.session() as session:
        mine = session.scalars(select(Commitment)).one().id
    before_plan = len(standin.ephemerals(outsider, team.channel))
    driver.slash_command(outsider, ids.COMMAND, "plan", channel_id=team.channel)
    latest_ephemeral(standin, outsider, team.channel, after=before_plan)
    shown = standin.ephemerals(outsider, team.channel)[-1]
    wait_quiet(standin)
    for action_id, value in (
        (ids.PLAN_DONE, PlanMoveRef(commitment_id=mine).encode()),
        (ids.PLAN_DROP, PlanMoveRef(commitment_id=mine).encode()),
        # A forged value: a move of another workspace (or none at all) is refused the same.
        (ids.PLAN_DONE, PlanMoveRef(commitment_id="0" * 32).encode()),
    ):
        before, count = digest(database), len(standin.ephemerals(outsider, team.channel))
        if value.endswith('0"}'):
            standin_shown = copy.deepcopy(shown)
            for block in standin_shown.blocks:
                for element in block.get("elements") or []:
                    if isinstance(element, dict) and element.get("value"):
                        element["value"] = value
            clicked = driver.click(
                outsider, message=standin_shown, action_id=action_id, as_seen=True
            )
        else:
            clicked = driver.click(outsider, message=shown, action_id=action_id, value=value)
        assert clicked.status == 200
        said = latest_ephemeral(standin, outsider, team.channel, after=count)
        wait_quiet(standin)
        assert digest(database) == before, action_id
        assert "Only the move's owner" in said or "not in this channel's plan" in said, said
