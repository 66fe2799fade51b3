"""The channel's plan in words: the canvas markdown and the message for a channel without our
canvas say the same things, show nothing the team profile does not, keep a move's words as
written, honor a trend shown as stages only, and stay within Block Kit's limits."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.messages.canvas import plan_markdown, plan_message
from flows.plans import CommitmentView, PlanPage, PlanRound
from scoring import TeamProfile, default_framework, score_team
from standin import message_problems, visible_text
from storage.models import MOVE_MAX_LENGTH, CommitmentStatus
from tests.scoring.builders import answers, everywhere

FRAMEWORK = default_framework()
LINK = "https://acme.slack.com/archives/C1/p1700000000000100"


def _team(health: list[int], *, membership_change: int = 0) -> TeamProfile:
    members = [everywhere(2) | answers(health=[stage, stage]) for stage in health]
    return score_team(FRAMEWORK, members, minimum=3, membership_change=membership_change)


def _move(
    number: int, move: str, status: CommitmentStatus, *, run_id: str = "r1"
) -> CommitmentView:
    return CommitmentView(
        id=f"c{number}",
        run_id=run_id,
        position=number,
        dimension_id="health",
        move=move,
        owner_id=f"U{number}",
        due_on=date(2027, 3, 12),
        status=status,
        settled_at=datetime(2027, 3, 1, tzinfo=UTC)
        if status is not CommitmentStatus.OPEN
        else None,
    )


def _page(
    team: TeamProfile,
    previous: TeamProfile | None,
    moves: tuple[CommitmentView, ...],
    carried: tuple[CommitmentView, ...] = (),
) -> PlanPage:
    round_ = PlanRound(
        workspace_id="T1",
        channel_id="C1",
        run_id="r1",
        started_by="ULEAD",
        closed_at=datetime(2027, 1, 11, 15, tzinfo=UTC),
        framework_version=FRAMEWORK.version,
        proposals=(),
        commitments=moves,
        carried=carried,
    )
    return PlanPage(
        plan_id="p1",
        round_=round_,
        team=team,
        previous=previous,
        respondents=team.respondents,
        profile_ts="1700000000.000100",
        canvas_id=None,
        no_canvas=None,
        message_ts=None,
        thread_ts=None,
        lead_id="ULEAD",
        lead_told=False,
        owed=None,
    )


def test_canvas_and_message_show_the_same_plan() -> None:
    page = _page(
        _team([1, 4, 4]),
        _team([1, 1, 2]),
        (
            _move(1, "Agree what a healthy account looks like", CommitmentStatus.DONE),
            _move(2, "Score every account weekly", CommitmentStatus.DROPPED),
            _move(3, "Ask Sales what they watch", CommitmentStatus.OPEN),
        ),
        carried=(_move(4, "Pick one tool", CommitmentStatus.OPEN, run_id="r0"),),
    )
    markdown = plan_markdown(FRAMEWORK, page, profile_link=LINK)
    assert f"[See the team profile]({LINK})" in markdown
    assert "closed Jan 11, 2027, 3 respondents" in markdown
    assert "- [x] Agree what a healthy account looks like — ![](@U1) · done Mar 1, 2027" in markdown
    assert "- [ ] ~~Score every account weekly~~ — ![](@U2) · dropped" in markdown
    assert "- [ ] Ask Sales what they watch — ![](@U3) · due Mar 12, 2027 · " in markdown
    assert "- [ ] Pick one tool — ![](@U4) · due Mar 12, 2027" in markdown
    assert "carried over from an earlier plan" in markdown
    assert "since the previous run" in markdown and "**The team is split on:**" in markdown
    # Three respondents: below the detail minimum, so no counts per option anywhere.
    assert "×" not in markdown

    message = plan_message(FRAMEWORK, page, profile_link=LINK)
    assert message_problems(text=message.text, blocks=message.blocks) == []
    shown = visible_text(message.blocks)
    assert f"<{LINK}|See the team profile>" in shown
    assert ":white_check_mark: Agree what a healthy account looks like — <@U1>" in shown
    assert ":heavy_multiplication_x: ~Score every account weekly~" in shown
    assert "×" not in shown


def test_a_trend_shown_as_stages_only_names_no_change_in_score() -> None:
    page = _page(_team([1, 4, 4], membership_change=1), _team([1, 1, 2]), ())
    markdown = plan_markdown(FRAMEWORK, page, profile_link=None)
    assert "from Stage" in markdown or "same stage" in markdown
    assert "+" not in markdown.split("## Worth discussing")[0].split("## What we")[0]
    assert "Nothing is planned yet." in markdown
    assert "See the team profile" not in markdown


def test_a_moves_words_are_never_markup_and_long_plans_stay_within_block_kit() -> None:
    odd = "# *Bold* [link](https://x.example) <@U9> ~gone~ | 1. `code` " + "x" * MOVE_MAX_LENGTH
    moves = tuple(_move(n, odd, CommitmentStatus.DONE) for n in range(1, 40))
    page = _page(_team([1, 4, 4]), None, moves)
    markdown = plan_markdown(FRAMEWORK, page, profile_link=None)
    assert r"\# \*Bold\* \[link\](https://x.example) <@U9> \~gone\~ \| 1. \`code\`" in markdown
    message = plan_message(FRAMEWORK, page, profile_link=None)
    assert message_problems(text=message.text, blocks=message.blocks) == []
    assert "&lt;@U9&gt;" in visible_text(message.blocks)
