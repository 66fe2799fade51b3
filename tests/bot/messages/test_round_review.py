"""Last round's commitments as the next run shows them: the invitation's list, and the team
profile's sentence relating the moves to the change, checked against Block Kit's limits."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.messages.profile import team_profile_message
from bot.messages.team import invitation_message
from bot.report.commitments import cut, outcomes, relation_sentences
from bot.report.html import render_html
from bot.report.run_result import team_report
from flows.plans import CommitmentView, RoundReview
from flows.steps import TeamProfileReady, TeamProgress
from scoring import TeamProfile, compare, default_framework, score_team
from standin import message_problems, visible_text
from storage.models import MOVE_MAX_LENGTH, CommitmentStatus
from tests.bot.messages.thread import whole_thread
from tests.scoring.builders import answers, everywhere

FRAMEWORK = default_framework()
CLOSED = datetime(2027, 4, 12, tzinfo=UTC)
DONE, OPEN, DROPPED = CommitmentStatus.DONE, CommitmentStatus.OPEN, CommitmentStatus.DROPPED


def _commitment(
    status: CommitmentStatus,
    dimension_id: str | None = "health",
    move: str = "Agree what a healthy account looks like",
    owner_id: str | None = "UANA",
    number: int = 1,
) -> CommitmentView:
    return CommitmentView(
        id=f"c{number}",
        run_id="r0",
        position=number,
        dimension_id=dimension_id,
        move=move,
        owner_id=owner_id,
        due_on=date(2027, 3, 12),
        status=status,
        settled_at=None,
    )


def _review(*commitments: CommitmentView) -> RoundReview:
    numbered = tuple(
        CommitmentView(**{**vars(c), "id": f"c{n}", "position": n})
        for n, c in enumerate(commitments, start=1)
    )
    return RoundReview("r0", datetime(2027, 1, 11, tzinfo=UTC), numbered)


def _team(health: list[int], *, membership_change: int = 0) -> TeamProfile:
    members = [everywhere(2) | answers(health=[stage, stage]) for stage in health]
    return score_team(FRAMEWORK, members, minimum=3, membership_change=membership_change)


def _progress(review: RoundReview | None) -> TeamProgress:
    return TeamProgress(
        run_id="r1",
        workspace_id="T1",
        channel_id="C1",
        message_ts="1.1",
        completed=2,
        invited=7,
        min_respondents=3,
        closes_at=CLOSED,
        started_by="ULEAD",
        review=review,
    )


def _ready(team: TeamProfile, before: TeamProfile, review: RoundReview | None) -> TeamProfileReady:
    return TeamProfileReady(
        progress=_progress(None),
        team=team,
        previous=before.profile,
        closed_at=CLOSED,
        review=review,
    )


def _seen(blocks: list[dict[str, object]]) -> str:
    text = visible_text(blocks).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    return text.replace("*", "")


def _sentences(team: TeamProfile, before: TeamProfile, review: RoundReview) -> tuple[str, ...]:
    trend = compare(before.profile, team.profile, stages_only=team.trend_stages_only)
    return relation_sentences(FRAMEWORK, review, team, trend)


def test_the_invitation_lists_last_rounds_commitments_with_what_became_of_them() -> None:
    review = _review(
        _commitment(DONE, owner_id="UANA"),
        _commitment(OPEN, "renewal", "Start renewal talks 120 days out", owner_id="UBO"),
        _commitment(DROPPED, None, "Write a <b>playbook</b> & share it", owner_id=None),
    )
    message = invitation_message(FRAMEWORK, _progress(review))
    assert message_problems(text=message.text, blocks=message.blocks) == []
    seen = _seen(message.blocks)
    assert "Last round you committed to:" in seen
    assert "✓ Done — Agree what a healthy account looks like (<@UANA>)" in seen
    assert "Open, due Mar 12, 2027 — Start renewal talks 120 days out (<@UBO>)" in seen
    assert "Dropped — Write a <b>playbook</b> & share it\n" in seen + "\n"
    assert "Take the assessment" in seen

    without = _seen(invitation_message(FRAMEWORK, _progress(None)).blocks)
    assert "committed" not in without


def test_long_moves_and_many_commitments_stay_within_block_kit_limits() -> None:
    long_move = ("Rebuild the health score from product usage and outcomes " * 6)[:MOVE_MAX_LENGTH]
    review = _review(*[_commitment(DROPPED, move=long_move) for _ in range(9)])
    message = invitation_message(FRAMEWORK, _progress(review))
    assert message_problems(text=message.text, blocks=message.blocks) == []
    seen = _seen(message.blocks)
    assert long_move not in seen and "…" in seen
    assert "…and 3 more: the channel's plan has them all." in seen
    assert len(cut(long_move, 120)) <= 120

    ready = _ready(_team([3, 3, 3]), _team([2, 2, 2]), review)
    full = whole_thread(
        team_report(
            FRAMEWORK, team=ready.team, previous=ready.previous, closed_at=CLOSED, review=review
        ),
        report_url=None,
    )
    assert message_problems(text=full.text, blocks=full.blocks) == []
    assert long_move in _seen(full.blocks)  # the report has the moves whole


def test_the_sentence_counts_the_moves_and_says_what_became_of_them() -> None:
    before, after = _team([2, 2, 2]), _team([3, 2, 2])
    both = _review(_commitment(DONE), _commitment(DONE))
    assert _sentences(after, before, both) == (
        "You committed to two Health Scoring moves (both done); Health Scoring went from "
        "Stage 2 (2.0) to Stage 2 (2.3).",
    )
    one = _review(_commitment(OPEN))
    assert _sentences(after, before, one)[0].startswith(
        "You committed to one Health Scoring move (open);"
    )
    none_done = _review(_commitment(OPEN), _commitment(OPEN), _commitment(OPEN))
    assert "(none done yet)" in _sentences(after, before, none_done)[0]
    all_three = _review(_commitment(DONE), _commitment(DONE), _commitment(DONE))
    assert "three Health Scoring moves (all three done)" in _sentences(after, before, all_three)[0]
    mixed = _review(_commitment(DONE), _commitment(OPEN), _commitment(DROPPED))
    assert "(one done, one open, one dropped)" in _sentences(after, before, mixed)[0]
    assert outcomes([_commitment(OPEN), _commitment(DROPPED)]) == "one open, one dropped"
    assert outcomes([_commitment(DROPPED), _commitment(DROPPED)]) == "both dropped"


def test_dimensions_in_framework_order_then_the_teams_own_moves() -> None:
    before, after = _team([2, 2, 2]), _team([3, 3, 3])
    review = _review(
        _commitment(OPEN, None, "Our own idea"),
        _commitment(DONE, "health"),
        _commitment(DONE, "outcomes"),
    )
    said = _sentences(after, before, review)
    assert said == (
        "You committed to one Outcome Definition & Success Planning move (done); Outcome "
        "Definition & Success Planning stayed at Stage 2 (2.0).",
        "You committed to one Health Scoring move (done); Health Scoring went from Stage 2 "
        "(2.0) to Stage 3 (3.0).",
        "You also committed to one move of your own (open).",
    )
    only_own = _review(_commitment(OPEN, None), _commitment(DONE, None))
    assert _sentences(after, before, only_own) == (
        "You committed to two moves of your own (one done, one open).",
    )


def test_a_trend_shown_as_stages_only_names_no_scores() -> None:
    before = _team([2, 2, 2])
    after = _team([3, 3, 3, 3], membership_change=1)  # one joined: fewer than the minimum
    assert after.trend_stages_only
    said = _sentences(after, before, _review(_commitment(DONE)))
    assert said == (
        "You committed to one Health Scoring move (done); Health Scoring went from Stage 2 to "
        "Stage 3.",
    )


def test_a_dimension_withheld_this_run_could_not_be_compared() -> None:
    before = _team([2, 2, 2])
    members = [everywhere(2)] * 2 + [
        {q: s for q, s in everywhere(2).items() if not q.startswith("health.")}
    ] * 2
    after = score_team(FRAMEWORK, members, minimum=3)
    assert after.spread("health") is None
    said = _sentences(after, before, _review(_commitment(DONE)))
    assert said == (
        "You committed to one Health Scoring move (done); Health Scoring could not be "
        "compared: too few could answer it this time.",
    )


def test_the_team_profile_relates_the_moves_to_the_change_and_the_page_lists_them() -> None:
    review = _review(_commitment(DONE), _commitment(OPEN, "renewal", "Start renewal talks"))
    ready = _ready(_team([3, 3, 3]), _team([2, 2, 2]), review)
    message = team_profile_message(FRAMEWORK, ready)
    assert message_problems(text=message.text, blocks=message.blocks) == []
    seen = _seen(message.blocks)
    assert "committed" not in seen  # what the channel committed to is in the thread

    report = team_report(
        FRAMEWORK, team=ready.team, previous=ready.previous, closed_at=CLOSED, review=review
    )
    full = _seen(whole_thread(report, report_url=None).blocks)
    assert (
        "You committed to one Health Scoring move (done); Health Scoring went from Stage 2 "
        "(2.0) to Stage 3 (3.0)." in full
    )
    assert "You committed to one Renewal Motion move (open); Renewal Motion stayed at" in full
    assert "What we committed to" in full
    assert "Start renewal talks — _Renewal Motion_ · Open, due Mar 12, 2027 · <@UANA>" in full

    page = render_html(report)
    assert "What we committed to" in page
    assert "Start renewal talks" in page and "Open, due Mar 12, 2027" in page
    assert "UANA" not in page  # the page is read outside Slack: no member ids

    plain = _ready(_team([3, 3, 3]), _team([2, 2, 2]), None)
    assert "committed" not in _seen(team_profile_message(FRAMEWORK, plain).blocks)
    assert "What we committed to" not in render_html(
        team_report(FRAMEWORK, team=plain.team, previous=plain.previous, closed_at=CLOSED)
    )
