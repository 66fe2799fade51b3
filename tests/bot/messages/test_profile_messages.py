"""The profile messages as a reader sees them: built from real scores, checked against Slack's
Block Kit limits by the same checker the stand-in uses."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.messages.profile import profile_message, team_profile_message
from bot.report.model import ReportData
from bot.report.run_result import personal_report, team_report
from flows.steps import TeamProfileReady, TeamProgress
from scoring import (
    Answers,
    Profile,
    TeamProfile,
    compare,
    default_framework,
    score_individual,
    score_team,
)
from standin import message_problems, visible_text
from tests.bot.messages.thread import whole_thread
from tests.scoring.builders import answers, everywhere

FRAMEWORK = default_framework()
CLOSED = datetime(2026, 11, 9, tzinfo=UTC)
IDS = [q.id for q in FRAMEWORK.questions]


def _seen(blocks: list[dict[str, object]]) -> str:
    text = visible_text(blocks)
    text = text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    return text.replace("*", "")  # bold markers render as bold, not as stars


def _team_report(team: TeamProfile) -> ReportData:
    return team_report(FRAMEWORK, team=team, previous=None, closed_at=CLOSED)


def _person_report(profile: Profile, chosen: Answers | None = None) -> ReportData:
    return personal_report(
        FRAMEWORK,
        profile=profile,
        previous=None,
        finished_at=CLOSED,
        to_its_owner=True,
        answers=chosen,
    )


def _ready(members: list[dict[str, int]], previous: object = None) -> TeamProfileReady:
    progress = TeamProgress(
        run_id="r1",
        workspace_id="T1",
        channel_id="C1",
        message_ts="1.1",
        completed=len(members),
        invited=8,
        min_respondents=3,
        closes_at=datetime(2026, 11, 9, tzinfo=UTC),
        started_by="ULEAD",
    )
    return TeamProfileReady(
        progress=progress,
        team=score_team(FRAMEWORK, members),
        previous=None,
        closed_at=datetime(2026, 11, 9, tzinfo=UTC),
    )


def test_individual_profile_shows_stages_scores_bars_and_where_to_start() -> None:
    profile = score_individual(
        FRAMEWORK,
        answers(
            outcomes=[1, 2, 1, 2],
            onboarding=[3, 4],
            engagement=[3, 4, 3],
            health=[4, 3],
            renewal=[4, 4],
            expansion=[3, 2],
        ),
    )
    message = profile_message(FRAMEWORK, profile, None, report_url="https://r.example/x")
    assert message_problems(text=message.text, blocks=message.blocks) == []
    seen = _seen(message.blocks)
    # The anchor's cap is named in the header's own line, beside the score it overrides.
    assert (
        "Overall: Stage 2 · Make it Stick — held one stage above Outcome Definition & Success "
        "Planning (Stage 1); the score alone (3.1 / 4) would be Stage 3\n" in seen
    )
    assert "1.5 / 4 · Stage 1 · Make it Work" in seen
    assert "3.3 / 4 · Stage 3 · Make it Matter" in seen
    assert "▰" in seen and "▱" in seen
    assert (
        "Start with Outcome Definition & Success Planning — it is below Stage 3, and every "
        "other move builds on documented outcomes." in seen
    )
    for move in FRAMEWORK.dimension("outcomes").stage(1).next_moves:
        assert move in seen
    assert "Printable report" in seen
    assert message.text.startswith("Your profile: Stage 2 · Make it Stick — held")  # notifications


def test_team_profile_shows_agreement_respondents_and_discussion_prompts() -> None:
    members = [
        everywhere(2) | {"renewal.price_basis": 1, "renewal.motion": 1},
        everywhere(2) | {"renewal.price_basis": 4, "renewal.motion": 4},
        everywhere(3) | {"renewal.price_basis": 2, "renewal.motion": 2},
        everywhere(3) | {"renewal.price_basis": 3, "renewal.motion": 3},
        everywhere(2) | {"renewal.price_basis": 1, "renewal.motion": 1},
    ]
    message = team_profile_message(FRAMEWORK, _ready(members))
    assert message_problems(text=message.text, blocks=message.blocks) == []
    seen = _seen(message.blocks)
    assert "Team Outcome Readiness profile · 5 respondents" in seen
    assert "Split: Renewal" in seen
    assert "nobody's answers are shown" in seen
    # Agreement and the discussion prompts are in the thread, by the dimensions' full names.
    thread = _seen(
        whole_thread(_team_report(score_team(FRAMEWORK, members)), report_url=None).blocks
    )
    assert "The team is split on: Renewal Motion" in thread
    assert (
        "The team agrees on: Outcome Definition & Success Planning, Onboarding, Customer "
        "Engagement Model, Health Scoring, Expansion Motion" in thread
    )
    assert FRAMEWORK.question("renewal.price_basis").prompt in thread
    assert FRAMEWORK.question("renewal.price_basis").prompt not in seen
    # Counts by option, most chosen first, never with a stage: two chose one, one each the rest.
    price = FRAMEWORK.question("renewal.price_basis")
    rest = sorted((price.option(stage).label for stage in (2, 3, 4)), key=str.casefold)
    shown = [f"2 × {price.option(1).label}"] + [f"1 × {label}" for label in rest]
    assert ", ".join(shown) in thread


def test_full_report_gives_now_next_and_moves_for_every_dimension() -> None:
    members = [everywhere(2), everywhere(3), everywhere(2), everywhere(3), everywhere(2)]
    team = score_team(FRAMEWORK, members)
    message = whole_thread(_team_report(team), report_url=None)
    assert message_problems(text=message.text, blocks=message.blocks) == []
    seen = _seen(message.blocks)
    for dimension in FRAMEWORK.dimensions:
        result = team.profile.dimension(dimension.id)
        assert result.stage is not None
        assert dimension.stage(result.stage).looks_like in seen
        assert dimension.stage(result.stage + 1).looks_like in seen
        for move in dimension.stage(result.stage).next_moves:
            assert move in seen
    assert "3 × " in seen and "2 × " in seen  # the answer distribution, counts only


def test_stage_four_says_how_to_keep_it() -> None:
    profile = score_individual(FRAMEWORK, everywhere(4))
    seen = _seen(whole_thread(_person_report(profile), report_url=None).blocks)
    assert "To keep it there" in seen and "Moves to get there" not in seen


def test_a_change_reads_the_same_in_slack_as_in_the_printable_report() -> None:
    """A quarter-point rise is "+0.3" everywhere: the Slack line once printed a float's "+0.2"
    while the page rounded half away from zero."""
    kept = answers(onboarding=[3, 3], engagement=[3, 3, 3], health=[3, 3], renewal=[3, 3])
    earlier = score_individual(FRAMEWORK, answers(outcomes=[1, 2, 1, 2]) | kept)
    later = score_individual(FRAMEWORK, answers(outcomes=[1, 2, 2, 2]) | kept)
    message = profile_message(FRAMEWORK, later, compare(earlier, later), report_url=None)
    outcomes_line = next(line for line in _seen(message.blocks).splitlines() if "1.8 / 4" in line)
    assert outcomes_line.endswith("· ↑ +0.3")
