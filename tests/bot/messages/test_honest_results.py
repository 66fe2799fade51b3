"""Results that speak honestly and show no answer key, on every surface they are drawn on: the
profile messages, the full report in the thread, the printable page, the chart's alt text and
the plain text of `readiness score`.

Built with the real scoring on a framework with rules 2, terms and a contradiction rule (the
2026.1 questions, so the tests do not hang on the next version's wording).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from bot.messages.profile import profile_message, team_profile_message
from bot.report import ReportData, render_html
from bot.report.chart import alt_text
from bot.report.plain_text import render_team_profile
from bot.report.run_result import personal_report, team_report
from flows.steps import TeamProfileReady, TeamProgress
from scoring import (
    Answers,
    Framework,
    TeamProfile,
    compare,
    score_individual,
    score_team,
    shipped_framework,
)
from scoring.export import csv_rows, team_summary
from standin import message_problems, visible_text
from tests.answer_key import answer_key_problems, by_count, listed_in_order, page_lines
from tests.bot.messages.thread import whole_thread
from tests.bot.report.builders import visible_text as page_text
from tests.scoring.builders import CONTRADICTION_NOTE, answers, rules_2_framework
from tests.scoring.test_option_order import reversed_options

FRAMEWORK = rules_2_framework()
CLOSED = datetime(2026, 11, 9, tzinfo=UTC)
HEALTH = [q.id for q in FRAMEWORK.questions_in("health")]
PRICE = "renewal.price_basis"


def _member(stage: int, **overrides: int | None) -> dict[str, int | None]:
    chosen: dict[str, int | None] = {q.id: stage for q in FRAMEWORK.questions}
    chosen.update({k.replace("__", "."): v for k, v in overrides.items()})
    return chosen


# Five members, minimum 3. Health scoring: two could answer (the rest did not know), so it is
# withheld. renewal.price_basis: chosen 3, 3, 4, 1, 3, so most-chosen order (Usage evidence 3,
# then Discounts and Outcomes 1 each, The relationship 0) is not stage order.
TEAM = [
    _member(3, health__measures=2, health__early_warning=3, renewal__price_basis=3),
    _member(2, health__measures=4, health__early_warning=None, renewal__price_basis=3),
    _member(3, health__measures=None, health__early_warning=None, renewal__price_basis=4),
    _member(2, health__measures=None, health__early_warning=None, renewal__price_basis=1),
    _member(3, health__measures=None, health__early_warning=None, renewal__price_basis=3),
]


def _seen(blocks: list[dict[str, object]]) -> str:
    text = visible_text(blocks)
    return text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("*", "")


def _team(framework: Framework = FRAMEWORK, members: list[Answers] | None = None) -> TeamProfile:
    return score_team(framework, TEAM if members is None else members, minimum=3)


def _ready(team: TeamProfile, previous: object = None) -> TeamProfileReady:
    progress = TeamProgress(
        run_id="r1",
        workspace_id="T1",
        channel_id="C1",
        message_ts="1.1",
        completed=team.respondents,
        invited=8,
        min_respondents=team.minimum,
        closes_at=CLOSED,
        started_by="ULEAD",
    )
    return TeamProfileReady(
        progress=progress,
        team=team,
        previous=previous,  # type: ignore[arg-type]
        closed_at=CLOSED,
    )


def _team_surfaces(framework: Framework = FRAMEWORK) -> dict[str, str]:
    """Every surface the channel sees of the team's result, as words."""
    team = _team(framework)
    report = team_report(framework, team=team, previous=None, closed_at=CLOSED)
    message = team_profile_message(framework, _ready(team), report_url="https://r.example/t")
    full = whole_thread(report, report_url=None)
    for built in (message, full):
        assert message_problems(text=built.text, blocks=built.blocks) == []
    return {
        "message": _seen(message.blocks),
        "full report": _seen(full.blocks),
        "page": page_lines(render_html(report)),
        "alt text": alt_text(report),
        "plain text": render_team_profile(framework, team),
    }


def _person_report(chosen: Answers, framework: Framework = FRAMEWORK) -> ReportData:
    return personal_report(
        framework,
        profile=score_individual(framework, chosen),
        previous=None,
        finished_at=CLOSED,
        to_its_owner=True,
        answers=chosen,
    )


def _person_surfaces(chosen: Answers, framework: Framework = FRAMEWORK) -> dict[str, str]:
    report = _person_report(chosen, framework)
    message = profile_message(framework, report.profile, None, answers=chosen, report_url=None)
    full = whole_thread(report, report_url=None)
    for built in (message, full):
        assert message_problems(text=built.text, blocks=built.blocks) == []
    return {
        "message": _seen(message.blocks),
        "full report": _seen(full.blocks),
        "page": page_lines(render_html(report)),
        "alt text": alt_text(report),
    }


# ------------------------------------------------------------------ no answer key


def test_no_team_surface_pairs_an_option_with_its_stage() -> None:
    for surface, text in _team_surfaces().items():
        assert answer_key_problems(FRAMEWORK, text) == [], surface


def test_option_counts_are_listed_most_chosen_first_never_in_stage_order() -> None:
    team = _team()
    expected = by_count(FRAMEWORK, team.question(PRICE))
    assert expected == [
        "Usage evidence",
        "Discounts or switching cost",
        "Outcomes the customer has confirmed",
        "The relationship",
    ]
    surfaces = _team_surfaces()
    prompt = FRAMEWORK.question(PRICE).prompt
    # The channel message names no question: its discussion prompts are in the thread.
    assert prompt not in surfaces["message"]
    for surface in ("full report", "page", "plain text"):
        text = surfaces[surface]
        after = text[text.index(prompt) + len(prompt) :]
        shown = listed_in_order(after[:400], expected)
        chosen = [label for label in expected if label != "The relationship"]
        # The page lists every option with its count; the others only the chosen ones.
        assert shown[: len(chosen)] == chosen, surface


def test_the_results_are_the_same_whatever_order_the_file_lists_the_options_in() -> None:
    """Nothing pairs an option with a count by where it stands: a framework whose every question
    lists its options the other way round shows the same words everywhere."""
    flipped = reversed_options(FRAMEWORK)
    assert _team_surfaces(flipped) == _team_surfaces(FRAMEWORK)
    chosen = _member(2, renewal__price_basis=3, outcomes__documentation=1, health__measures=3)
    assert _person_surfaces(chosen, flipped) == _person_surfaces(chosen, FRAMEWORK)
    team, turned = _team(), _team(flipped)
    assert team_summary(FRAMEWORK, team) == team_summary(flipped, turned)
    summary = team_summary(FRAMEWORK, team)
    assert csv_rows(FRAMEWORK, summary) == csv_rows(flipped, team_summary(flipped, turned))


# ------------------------------------------------------------------ don't know, and too few


def test_a_team_says_how_many_did_not_know_and_withholds_a_dimension_too_few_answered() -> None:
    surfaces = _team_surfaces()
    withheld = "Only 2 could answer this; figures are shown from 3."
    gap = "4 members did not know at least one of its questions."
    for surface in ("message", "full report", "page", "plain text"):
        assert withheld in surfaces[surface], surface
        assert gap in surfaces[surface], surface
    assert "Health Scoring: only 2 could answer, fewer than 3; no figure" in surfaces["alt text"]
    # No figure for health scoring anywhere: its line carries the reason, not a score.
    message = surfaces["message"]
    health = message[message.index("Health scoring") :].split("\n")[1]  # its short name
    assert health.startswith("_Only 2 could answer this") and "/ 4" not in health
    team = _team()
    assert team.spread("health") is None and team.profile.dimension("health").score is None
    for question in HEALTH:
        assert not team.shows_question(team.question(question))


def test_a_question_too_few_chose_an_option_for_shows_no_counts() -> None:
    """Health scoring is shown (three could answer its first question), but only one chose an
    option on its second: that question's counts are not shown, nor its "don't know" count
    (with the counts hidden, it would tell the same story)."""
    members = [
        _member(3, health__measures=2, health__early_warning=3),
        _member(2, health__measures=4, health__early_warning=None),
        _member(3, health__measures=3, health__early_warning=None),
        _member(2, health__measures=None, health__early_warning=None),
    ]
    team = _team(members=list(members))
    assert team.spread("health") is not None
    report = team_report(FRAMEWORK, team=team, previous=None, closed_at=CLOSED)
    full = _seen(whole_thread(report, report_url=None).blocks)
    prompt = FRAMEWORK.question("health.early_warning").prompt
    assert f"_{prompt}_ counts not shown: fewer than 5 chose an option" in full
    assert "don't know" not in full.split(prompt)[1].split("\n")[0]
    page = page_lines(render_html(report))
    assert prompt in page and "1 chose an option" not in render_html(report)
    assert "Counts not shown: fewer than 5 chose an option." in page
    for label in (o.label for o in FRAMEWORK.question("health.early_warning").options):
        assert label not in full and label not in page


def test_a_person_is_told_how_many_answers_were_dont_know_and_that_they_are_not_scored() -> None:
    chosen = _member(3, health__measures=None, health__early_warning=None, outcomes__kind=None)
    surfaces = _person_surfaces(chosen)
    note = (
        "You answered “don't know” to 3 questions: they are not scored, so Health Scoring is "
        "not assessed."
    )
    assert note in surfaces["message"] and note in surfaces["page"]
    assert "1 of 4 questions “don't know”, not scored" in surfaces["message"]
    assert "you answered “don't know” to every question" in surfaces["full report"]


# ------------------------------------------------------------------ contradictions


def test_a_personal_profile_points_out_two_answers_that_disagree() -> None:
    chosen = _member(2, outcomes__documentation=1, health__measures=3)
    surfaces = _person_surfaces(chosen)
    for surface in ("message", "page"):
        assert "Two answers that disagree" in surfaces[surface], surface
        assert CONTRADICTION_NOTE in surfaces[surface], surface
    agreeing = _person_surfaces(_member(2, outcomes__documentation=1, health__measures=2))
    assert "disagree" not in agreeing["message"] and "disagree" not in agreeing["page"]


def test_a_team_never_shows_a_contradiction_note() -> None:
    members = [_member(2, outcomes__documentation=1, health__measures=3)] * 3
    team = _team(members=list(members))
    report = team_report(FRAMEWORK, team=team, previous=None, closed_at=CLOSED)
    texts = [
        _seen(team_profile_message(FRAMEWORK, _ready(team)).blocks),
        _seen(whole_thread(report, report_url=None).blocks),
        page_text(render_html(report)),
    ]
    for text in texts:
        assert CONTRADICTION_NOTE not in text and "disagree" not in text
    with pytest.raises(ValueError, match="never carries one person's answers"):
        ReportData(
            framework=FRAMEWORK,
            title="t",
            subtitle="s",
            generated_at=CLOSED,
            profile=team.profile,
            team=team,
            answers=members[0],
        )


# ------------------------------------------------------------------ terms


def test_the_report_defines_desired_outcome_in_a_glossary() -> None:
    surfaces = _person_surfaces(_member(2))
    for surface in ("full report", "page"):
        text = surfaces[surface]
        assert "Words this report uses" in text, surface
        for term_id in ("desired_outcome", "required_outcome", "appropriate_experience"):
            term = FRAMEWORK.term(term_id)
            assert term.name in text and term.meaning in text, (surface, term_id)


def test_a_framework_without_terms_shows_no_glossary() -> None:
    first = shipped_framework("2026.1")
    chosen = {q.id: 2 for q in first.questions}
    surfaces = _person_surfaces(chosen, first)
    assert all("Words this report uses" not in text for text in surfaces.values())


def test_a_term_an_option_names_is_explained_where_it_applies() -> None:
    cohort = FRAMEWORK.term("middle_cohort")
    chose_it = _person_surfaces(_member(2, renewal__price_basis=3))
    for surface in ("full report", "page"):
        assert cohort.meaning in chose_it[surface], surface
    did_not = _person_surfaces(_member(2, renewal__price_basis=4))
    assert all(cohort.meaning not in text for text in did_not.values())
    # A team's report: when someone chose it and the question's counts are shown.
    assert cohort.meaning in _team_surfaces()["page"]
    too_few = [_member(2, renewal__price_basis=3)] + [_member(2, renewal__price_basis=None)] * 2
    team = _team(members=list(too_few))
    assert not team.shows_question(team.question(PRICE))
    report = team_report(FRAMEWORK, team=team, previous=None, closed_at=CLOSED)
    assert cohort.meaning not in page_text(render_html(report))
    assert cohort.meaning not in _seen(whole_thread(report, report_url=None).blocks)


# ------------------------------------------------------------ the header, the start, the trend


def test_the_header_names_the_cap_and_the_start_says_why() -> None:
    chosen = _member(4) | answers(FRAMEWORK, outcomes=[1, 2, 1, 2], expansion=[1, 1])
    surfaces = _person_surfaces(chosen)
    message = surfaces["message"]
    assert (
        "Overall: Stage 2 · Make it Stick — held one stage above Outcome Definition & Success "
        "Planning (Stage 1); the score alone (3.1 / 4) would be Stage 3" in message
    )
    assert (
        "Start with Outcome Definition & Success Planning — it is below Stage 3, and every "
        "other move builds on documented outcomes." in message
    )
    assert (
        "Start with Outcome Definition & Success Planning\n1.5 / 4, Stage 1 · Make it Work: it is "
        "below Stage 3, and every other move builds on documented outcomes." in surfaces["page"]
    )


def test_a_trend_across_framework_versions_says_the_questions_changed() -> None:
    first = shipped_framework("2026.1")
    earlier = score_team(first, [{q.id: 2 for q in first.questions}] * 3)
    team = _team()
    trend = compare(earlier.profile, team.profile)
    assert trend.questions_changed
    ready = _ready(team, previous=earlier.profile)
    message = _seen(team_profile_message(FRAMEWORK, ready).blocks)
    report = team_report(FRAMEWORK, team=team, previous=earlier.profile, closed_at=CLOSED)
    page = page_text(render_html(report))
    for text in (message, page):
        assert "The questions changed between these two runs" in text
    assert "The questions changed between the two runs." in alt_text(report)
    same = score_team(FRAMEWORK, [_member(2)] * 3, minimum=3)
    unchanged = page_text(
        render_html(team_report(FRAMEWORK, team=team, previous=same.profile, closed_at=CLOSED))
    )
    assert "questions changed" not in unchanged


def test_the_admin_export_keeps_stages_and_says_who_could_answer() -> None:
    summary = team_summary(FRAMEWORK, _team())
    health = next(d for d in summary["dimensions"] if d["id"] == "health")
    assert health["withheld"] and health["members_answered"] == 2
    assert health["members_dont_know"] == 4 and health["score"] is None
    price = next(q for q in summary["questions"] if q["id"] == PRICE)
    assert price["answers_per_stage"] == [1, 0, 3, 1]  # the admin's export may name stages
    assert json.loads(json.dumps(summary)) == summary
