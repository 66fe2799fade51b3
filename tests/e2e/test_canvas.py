"""The channel's plan on screen, through the HTTP bot and the stand-in: the first plan makes the
channel canvas (the team's latest profile in words, a link to the profile message, the
commitments as a checklist), each change and each new team profile rewrites it, and a channel
that cannot have our canvas gets the plan as a pinned message in the profile's thread, with the
lead told once why.

The plan modal is not part of this test: plans are saved through `flows.plans.save_plan`, as
the modal's submission does, and the bot's timetable shows them (or a team run's close does)."""

from __future__ import annotations

import re
from datetime import date
from functools import partial

from bot.run_modes.local import LocalBot
from flows import plans
from scoring import default_framework
from standin import SlackDriver, SlackStandIn
from standin.records import Canvas, Message
from storage.models import CommitmentStatus
from tests.bot_fixtures import Team
from tests.clock import Clock
from tests.e2e.people import QUESTIONS, dm_texts, seen, start_team_run, take_part, wait_closed
from tests.hardening.helpers import wait_quiet

FRAMEWORK = default_framework()
FIRST, SECOND, THIRD = FRAMEWORK.dimensions[:3]
PROFILE = "Team Outcome Readiness profile · "
PLAN_HEADER = "Outcome Readiness plan"
PERMALINK = re.compile(r"\(https://sandbox-co\.slack\.com/archives/CTEAM/p(\d+)\)")
MOVES = (
    ("Write down the outcome each top customer bought us for", FIRST.id, date(2026, 12, 4)),
    ("Agree on three health signals with Sales", SECOND.id, date(2026, 12, 11)),
    ("Review *every* renewal risk [weekly]", None, date(2027, 1, 15)),
)
NO_CANVAS_DM = "so the plan for"


def _profiles(standin: SlackStandIn, team: Team) -> list[Message]:
    return [
        m
        for m in standin.messages(team.channel)
        if standin.visible_text(m).startswith(PROFILE) and "Overall:" in standin.visible_text(m)
    ]


def _team_run(standin: SlackStandIn, driver: SlackDriver, team: Team, lows: int) -> Message:
    """A team run three members take (`lows` of them at Stage 1, the rest apart), closed by the
    lead: its team profile message."""
    before = len(_profiles(standin, team))
    invitation = start_team_run(standin, driver, team.lead, team.channel, "team min 3")
    for index, user in enumerate(team.members[:3]):
        stage = 1 if index < lows else 2 + index
        take_part(standin, driver, user, team.channel, [min(stage, 4)] * QUESTIONS)
    driver.slash_command(team.lead, "/readiness", "close", channel_id=team.channel)
    found = standin.wait_for(
        lambda: _profiles(standin, team)[before:] or None, description="the team profile"
    )

    # The tests move the clock next: moving it past a lease the close still holds would let
    # the timetable show the plan a second time.
    wait_closed(standin, invitation)
    wait_quiet(standin)
    return found[-1]


def _plan(standin: SlackStandIn, bot: LocalBot, team: Team, count: int = 3) -> plans.PlanRound:
    """The lead plans `count` moves, each owned by a member (as the plan modal saves them)."""
    services = bot.running.services
    workspace = standin.workspace.team_id
    round_ = plans.current_round(services, workspace_id=workspace, channel_id=team.channel)
    lines = [
        plans.MoveInput(move=move, dimension_id=dimension, owner_id=owner, due_on=due)
        for (move, dimension, due), owner in zip(MOVES[:count], team.members, strict=False)
    ]
    return plans.save_plan(
        services,
        workspace_id=workspace,
        channel_id=team.channel,
        run_id=round_.run_id,
        user_id=team.lead,
        is_admin=False,
        lines=lines,
        zone="America/New_York",
    )


def _settle(
    standin: SlackStandIn,
    bot: LocalBot,
    team: Team,
    clock: Clock,
    commitment_id: str,
    status: CommitmentStatus,
) -> None:
    clock.advance(seconds=1)  # time moves between changes, as it does outside a test
    plans.settle(
        bot.running.services,
        workspace_id=standin.workspace.team_id,
        commitment_id=commitment_id,
        user_id=team.lead,
        is_admin=False,
        status=status,
    )


def _canvas_saying(standin: SlackStandIn, team: Team, words: str, clock: Clock) -> Canvas:
    """The channel's canvas once it says `words`, the clock moved past the time a listener
    has to show the plan (so the bot's timetable shows what is owed), again if need be."""

    shown = partial(_canvas_with, standin, team, words)
    for _ in range(3):
        clock.advance(minutes=3)
        try:
            return standin.wait_for(shown, description=f"the canvas saying {words!r}")
        except AssertionError:
            continue
    return standin.wait_for(shown, description=f"the canvas saying {words!r}")


def _canvas_with(standin: SlackStandIn, team: Team, words: str) -> Canvas | None:
    canvas = standin.canvas(team.channel)
    return canvas if canvas is not None and words in canvas.markdown else None


def _edited(standin: SlackStandIn, team: Team, ts: str) -> Message | None:
    message = standin.message(team.channel, ts)
    return message if message is not None and message.edits else None


def _plan_message(standin: SlackStandIn, team: Team, profile: Message) -> Message:
    return standin.wait_for(
        lambda: next(
            (
                m
                for m in standin.thread(team.channel, profile.ts)[1:]
                if standin.visible_text(m).startswith(PLAN_HEADER)
            ),
            None,
        ),
        description="the plan in the profile's thread",
    )


def test_the_first_plan_makes_the_channel_canvas_and_each_change_rewrites_it(
    standin: SlackStandIn, driver: SlackDriver, team: Team, bot: LocalBot, clock: Clock
) -> None:
    profile = _team_run(standin, driver, team, lows=1)
    assert standin.canvas(team.channel) is None, "no plan, no canvas"
    made = _plan(standin, bot, team)

    canvas = _canvas_saying(standin, team, "## What we committed to", clock)
    assert canvas.title == PLAN_HEADER
    assert canvas.created_by == standin.workspace.bot_user_id
    text = canvas.markdown
    assert "## Where we stand" in text
    assert "3 respondents" in text and "Nov 2, 2026" in text
    assert "**Overall:** Stage " in text
    for dimension in FRAMEWORK.dimensions:
        assert f"- **{dimension.name}**: Stage " in text
    assert "**The team is split on:**" in text
    link = PERMALINK.search(text)
    assert link and link.group(1) == profile.ts.replace(".", ""), "links the profile message"
    # The commitments as a checklist, each with its owner (a canvas mention) and due date.
    uana, ubo, ucy = team.members[:3]
    assert f"- [ ] {MOVES[0][0]} — ![](@{uana}) · due Dec 4, 2026 · {FIRST.short_name}" in text
    assert f"- [ ] {MOVES[1][0]} — ![](@{ubo}) · due Dec 11, 2026 · {SECOND.short_name}" in text
    # A move's own words are never markup.
    assert (
        rf"- [ ] Review \*every\* renewal risk \[weekly\] — ![](@{ucy}) · due Jan 15, 2027" in text
    )
    # Privacy: with three respondents no per-option counts, and nobody's answers or comments.
    assert "×" not in text

    first, second, _ = made.commitments
    _settle(standin, bot, team, clock, first.id, CommitmentStatus.DONE)
    _settle(standin, bot, team, clock, second.id, CommitmentStatus.DROPPED)
    canvas = _canvas_saying(standin, team, f"- [x] {MOVES[0][0]}", clock)
    assert f"- [ ] ~~{MOVES[1][0]}~~ — ![](@{ubo}) · dropped" in canvas.markdown
    assert canvas.id == standin.canvas(team.channel).id  # type: ignore[union-attr]
    operations = [v.operation for v in canvas.history]
    assert operations[0] == "create" and "replace" in operations[1:]


def test_a_new_team_profile_rewrites_the_canvas_at_once_with_the_trend(
    standin: SlackStandIn, driver: SlackDriver, team: Team, bot: LocalBot, clock: Clock
) -> None:
    _team_run(standin, driver, team, lows=2)
    _plan(standin, bot, team, count=1)
    _canvas_saying(standin, team, MOVES[0][0], clock)

    clock.advance(days=90)
    second = _team_run(standin, driver, team, lows=0)
    # No clock move: the close itself shows the new profile in the canvas.
    canvas = standin.wait_for(
        partial(_canvas_with, standin, team, "since the previous run"),
        description="the canvas with the second profile",
    )
    text = canvas.markdown
    link = PERMALINK.search(text)
    assert link and link.group(1) == second.ts.replace(".", "")
    assert "From the team run that closed Jan 31, 2027, 3 respondents." in text
    assert "↑" in text, "the team moved up since the previous run"
    assert f"- [ ] {MOVES[0][0]} — ![](@{team.members[0]}) · due Dec 4, 2026" in text
    assert "carried over from an earlier plan" in text


def test_a_channel_with_someone_elses_canvas_gets_a_pinned_plan_message_and_the_lead_is_told_once(
    standin: SlackStandIn, driver: SlackDriver, team: Team, bot: LocalBot, clock: Clock
) -> None:
    theirs = standin.add_channel_canvas(team.channel, "Our team norms", team.admin)
    profile = _team_run(standin, driver, team, lows=1)
    made = _plan(standin, bot, team, count=2)
    clock.advance(minutes=3)

    message = _plan_message(standin, team, profile)
    shown = seen(standin, message)
    assert f"{MOVES[0][0]} — <@{team.members[0]}> · due Dec 4, 2026" in shown
    assert "Where we stand" in shown and "What we committed to" in shown
    standin.wait_for(
        lambda: standin.pinned(team.channel) == [message.ts] or None, description="the pin"
    )
    told = standin.wait_for(
        lambda: [t for t in dm_texts(standin, team.lead) if NO_CANVAS_DM in t] or None,
        description="the lead told why there is no canvas",
    )
    assert "already has a canvas that the app did not make" in told[0]
    canvas = standin.canvas(team.channel)
    assert canvas is not None and canvas.id == theirs.id and canvas.markdown == "Our team norms"

    _settle(standin, bot, team, clock, made.commitments[0].id, CommitmentStatus.DONE)
    clock.advance(minutes=3)

    def done_shown() -> Message | None:
        # Waited for by what it says: the message may have been rewritten (the same) before.
        edited = _edited(standin, team, message.ts)
        return edited if edited and ":white_check_mark:" in seen(standin, edited) else None

    updated = standin.wait_for(
        done_shown, description="the plan message updated in place, the move done"
    )
    assert updated.ts == message.ts
    assert len(_plan_messages(standin, team, profile)) == 1
    assert standin.pinned(team.channel) == [message.ts]
    assert len([t for t in dm_texts(standin, team.lead) if NO_CANVAS_DM in t]) == 1


def _plan_messages(standin: SlackStandIn, team: Team, profile: Message) -> list[Message]:
    return [
        m
        for m in standin.thread(team.channel, profile.ts)[1:]
        if standin.visible_text(m).startswith(PLAN_HEADER)
    ]


def test_a_workspace_without_channel_canvases_gets_the_plan_as_a_message(
    standin: SlackStandIn, driver: SlackDriver, team: Team, bot: LocalBot, clock: Clock
) -> None:
    standin.switch_off_canvases(free_plan=True)
    profile = _team_run(standin, driver, team, lows=1)
    _plan(standin, bot, team, count=1)
    clock.advance(minutes=3)

    message = _plan_message(standin, team, profile)
    standin.wait_for(
        lambda: standin.pinned(team.channel) == [message.ts] or None, description="the pin"
    )
    told = standin.wait_for(
        lambda: [t for t in dm_texts(standin, team.lead) if NO_CANVAS_DM in t] or None,
        description="the lead told why there is no canvas",
    )
    assert "plan does not include channel canvases" in told[0]
    assert standin.canvas(team.channel) is None

    # Once the workspace can have canvases, the next change moves the plan into one.
    standin.switch_on_canvases()
    _plan(standin, bot, team, count=1)  # a second move (the first stays)
    canvas = _canvas_saying(standin, team, MOVES[0][0], clock)
    assert canvas.created_by == standin.workspace.bot_user_id
    moved = standin.wait_for(
        partial(_edited, standin, team, message.ts),
        description="the plan message says where the plan went",
    )
    assert "now lives in the" in seen(standin, moved)


def test_a_deleted_canvas_is_made_again_at_the_next_change(
    standin: SlackStandIn, driver: SlackDriver, team: Team, bot: LocalBot, clock: Clock
) -> None:
    _team_run(standin, driver, team, lows=1)
    made = _plan(standin, bot, team, count=2)
    first = _canvas_saying(standin, team, MOVES[1][0], clock)
    standin.remove_channel_canvas(team.channel)

    _settle(standin, bot, team, clock, made.commitments[0].id, CommitmentStatus.DONE)
    again = _canvas_saying(standin, team, f"- [x] {MOVES[0][0]}", clock)
    assert again.id != first.id and again.created_by == standin.workspace.bot_user_id


def test_a_rewrite_slack_refuses_is_owed_and_shown_later(
    standin: SlackStandIn, driver: SlackDriver, team: Team, bot: LocalBot, clock: Clock
) -> None:
    _team_run(standin, driver, team, lows=1)
    made = _plan(standin, bot, team, count=2)
    _canvas_saying(standin, team, MOVES[1][0], clock)

    # Slack answers 503 to this rewrite, and to each retry of it.
    standin.fail_next(4, status=503, method="canvases.edit")
    _settle(standin, bot, team, clock, made.commitments[1].id, CommitmentStatus.DONE)
    clock.advance(minutes=3)
    standin.wait_for(
        lambda: len(_refused_edits(standin)) == 4 or None,
        timeout=15,
        description="Slack refusing the rewrite and its retries",
    )
    canvas = standin.canvas(team.channel)
    assert canvas is not None and f"- [x] {MOVES[1][0]}" not in canvas.markdown

    # Slack is back: the rewrite is still owed, and a later round of the timetable shows it.
    canvas = _canvas_saying(standin, team, f"- [x] {MOVES[1][0]}", clock)
    assert f"- [ ] {MOVES[0][0]}" in canvas.markdown


def _refused_edits(standin: SlackStandIn) -> list[object]:
    return [c for c in standin.calls if c.method == "canvases.edit" and c.error == "injected"]
