"""Planning next moves from a team profile, through the HTTP bot and the stand-in: the lead
opens the plan from the profile, sees the proposed moves, commits to three with owners and due
dates, and `/readiness plan` shows them; what cannot be kept is said beside the field and
nothing is saved; a line emptied drops its move; an owner marks theirs done."""

from __future__ import annotations

from sqlalchemy import select

from bot import ids
from bot.inbound.payloads import PlanMoveRef
from scoring import default_framework
from standin import SlackDriver, SlackStandIn
from storage.database import Database
from storage.models import Commitment, CommitmentStatus
from tests.bot_fixtures import Team
from tests.e2e.people import command_reply, dm_texts, seen
from tests.e2e.planning import (
    PLAN,
    closed_team_run,
    line_blocks,
    open_plan,
    option_labels,
    submit_plan,
)

FRAMEWORK = default_framework()
OWN_WORDS = "Share the team profile at the next all-hands."
RENEWAL_WORDS = "Call every renewal ninety days out."


def _commitments(database: Database) -> list[Commitment]:
    with database.session() as session:
        rows = session.scalars(select(Commitment).order_by(Commitment.position)).all()
        session.expunge_all()
        return list(rows)


def _plan_three(standin: SlackStandIn, driver: SlackDriver, team: Team) -> None:
    """The lead plans three moves from the closed run's profile."""
    profile = closed_team_run(standin, driver, team)
    clicked, view = open_plan(standin, driver, team.lead, message=profile)
    assert clicked.status == 200 and view is not None
    saved = submit_plan(
        driver,
        team.lead,
        view,
        {
            0: {"move": "A ·", "owner": team.members[0], "due": "2026-11-20"},
            1: {
                "move": "Our own move on Renewal Motion",
                "words": RENEWAL_WORDS,
                "owner": team.members[1],
                "due": "2026-12-04",
            },
            2: {
                "move": "Our own move (no dimension)",
                "words": OWN_WORDS,
                "owner": team.lead,
                "due": "2026-12-18",
            },
        },
    )
    assert saved.status == 200, saved.body
    assert not standin.open_views(team.lead), "the modal closes once the plan is saved"


def test_the_lead_plans_three_moves_from_the_profile_and_the_channel_sees_them(
    standin: SlackStandIn, driver: SlackDriver, team: Team, bot_database: Database
) -> None:
    profile = closed_team_run(standin, driver, team)
    assert PLAN in standin.visible_text(profile)
    clicked, view = open_plan(standin, driver, team.lead, message=profile)
    assert clicked.status == 200 and view is not None
    shown = seen(standin, view)
    # The proposals in full, lettered, with the dimension and why each is proposed.
    assert "Proposed moves" in shown
    assert "place to start" in shown and "the team is split here" in shown
    renewal = FRAMEWORK.dimension("renewal")
    assert renewal.name in shown
    first_renewal_move = renewal.stage(2).next_moves[0]
    assert first_renewal_move in shown or renewal.stage(3).next_moves[0] in shown
    labels = option_labels(view)
    assert labels[0].startswith("A · ") and all(len(label) <= 75 for label in labels)
    assert "Our own move on Renewal Motion" in labels and "Our own move (no dimension)" in labels
    assert len([b for b in view.blocks if b.get("block_id", "").endswith(":owner")]) == 3

    saved = submit_plan(
        driver,
        team.lead,
        view,
        {
            0: {"move": "A ·", "owner": team.members[0], "due": "2026-11-20"},
            1: {
                "move": "Our own move on Renewal Motion",
                "words": RENEWAL_WORDS,
                "owner": team.members[1],
                "due": "2026-12-04",
            },
            2: {
                "move": "Our own move (no dimension)",
                "words": OWN_WORDS,
                "owner": team.lead,
                "due": "2026-12-18",
            },
        },
    )
    assert saved.status == 200, saved.body
    assert not standin.open_views(team.lead)
    standin.wait_for(
        lambda: any("Saved: three moves" in t for t in dm_texts(standin, team.lead)),
        description="the lead's confirmation",
    )

    plan = command_reply(standin, driver, team.members[2], "plan", channel=team.channel)
    assert RENEWAL_WORDS in plan and OWN_WORDS in plan
    assert f"owner <@{team.members[0]}>" in plan and "due Fri, Nov 20, 2026" in plan
    assert f"owner <@{team.lead}>" in plan and "due Fri, Dec 18, 2026" in plan
    assert plan.count(" · open") == 3
    assert "Edit plan" in plan
    rows = _commitments(bot_database)
    assert [r.dimension_id for r in rows][1:] == ["renewal", None]
    # The proposal picked with nothing typed is the move, word for word.
    assert rows[0].move in shown


def test_what_cannot_be_kept_is_said_beside_the_field_and_nothing_is_saved(
    standin: SlackStandIn, driver: SlackDriver, team: Team, bot_database: Database
) -> None:
    standin.add_user("UOUTSIDE", "outside")
    profile = closed_team_run(standin, driver, team)
    _, view = open_plan(standin, driver, team.lead, message=profile)
    assert view is not None
    result = submit_plan(
        driver,
        team.lead,
        view,
        {
            0: {"move": "A ·", "due": "2026-11-20"},
            1: {"move": "B ·", "owner": team.members[0], "due": "2026-10-01"},
            2: {"move": "A ·", "owner": "UOUTSIDE", "due": "2026-11-27"},
        },
    )
    assert result.status == 200, result.body
    assert isinstance(result.json, dict) and result.json["response_action"] == "errors"
    on_screen = standin.open_views(team.lead)[-1]
    assert on_screen.id == view.id, "the modal stays open, with what to fix"
    assert on_screen.errors == {
        line_blocks(view, 0)["owner"]: "Pick who sees this move through.",
        line_blocks(view, 1)["due"]: "Pick a date after today.",
        line_blocks(view, 2)["owner"]: "Pick someone in this channel: the plan is theirs.",
    }
    assert _commitments(bot_database) == []


def test_editing_the_plan_and_emptying_a_line_drops_its_move(
    standin: SlackStandIn, driver: SlackDriver, team: Team, bot_database: Database
) -> None:
    _plan_three(standin, driver, team)
    before = len(standin.ephemerals(team.lead, team.channel))
    command_reply(standin, driver, team.lead, "plan", channel=team.channel)
    shown = standin.ephemerals(team.lead, team.channel)[before]
    clicked, view = open_plan(standin, driver, team.lead, message=shown, action_id=ids.PLAN_EDIT)
    assert clicked.status == 200 and view is not None
    rows = _commitments(bot_database)
    # Each line shows its commitment, prefilled.
    assert [line_blocks(view, n)["move"].endswith(f":{rows[n].id}") for n in range(3)] == [True] * 3
    prefilled = [
        b["element"].get("initial_value") or b["element"].get("initial_user")
        for b in view.blocks
        if b.get("type") == "input"
    ]
    assert RENEWAL_WORDS in prefilled and OWN_WORDS in prefilled and team.members[1] in prefilled
    saved = submit_plan(
        driver, team.lead, view, {1: {"move": "Drop this move"}, 2: {"due": "2027-01-08"}}
    )
    assert saved.status == 200, saved.body
    after = {r.id: r for r in _commitments(bot_database)}
    assert after[rows[1].id].status is CommitmentStatus.DROPPED
    assert after[rows[0].id].status is CommitmentStatus.OPEN
    assert str(after[rows[2].id].due_on) == "2027-01-08"
    plan = command_reply(standin, driver, team.lead, "plan", channel=team.channel)
    assert plan.count(" · open") == 2 and plan.count(" · dropped") == 1


def test_the_owner_marks_their_move_done_and_the_plan_shown_changes(
    standin: SlackStandIn, driver: SlackDriver, team: Team, bot_database: Database
) -> None:
    _plan_three(standin, driver, team)
    owner = team.members[0]
    first = _commitments(bot_database)[0]
    command_reply(standin, driver, owner, "plan", channel=team.channel)
    shown = standin.ephemerals(owner, team.channel)[-1]
    clicked = driver.click(
        owner,
        message=shown,
        action_id=ids.PLAN_DONE,
        value=PlanMoveRef(commitment_id=first.id).encode(),
    )
    assert clicked.status == 200, clicked.body
    standin.wait_for(
        lambda: " · done" in standin.visible_text(standin.ephemerals(owner, team.channel)[-1]),
        description="the plan shown again, with the move done",
    )
    assert _commitments(bot_database)[0].status is CommitmentStatus.DONE


def test_the_plan_lives_in_a_channel_and_needs_a_team_profile(
    standin: SlackStandIn, driver: SlackDriver, team: Team
) -> None:
    lead = team.lead
    in_dm = command_reply(standin, driver, lead, "plan", channel=standin.dm_channel_id(lead))
    assert "A plan lives in a channel" in in_dm
    none_yet = command_reply(standin, driver, lead, "plan", channel=team.channel)
    assert "no team profile to plan from yet" in none_yet
