"""A representative team report, written to files a reviewer (or a designer) can open.

The team is made up but plausible: six people who are fairly polished in their motions yet have
not written down what customers need to achieve, so the anchor rule holds their overall stage
down, and who disagree sharply about how healthy accounts are and how renewals go.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from bot.report.chart import radar_png
from bot.report.html import render_html
from bot.report.model import ReportData
from bot.report.run_result import personal_report, team_report
from scoring import Answers, Framework, default_framework, score_individual, score_team

# Per member, per dimension in framework order, the stage of each chosen option in question order:
# outcomes (4 questions), onboarding (2), engagement (3), health (2), renewal (2), expansion (2).
_NOW = (
    ((1, 2, 1, 1), (4, 3), (4, 3, 4), (4, 4), (4, 4), (4, 3)),
    ((1, 1, 2, 1), (3, 4), (3, 4, 4), (2, 2), (2, 2), (3, 4)),
    ((2, 1, 1, 2), (4, 4), (4, 4, 3), (4, 4), (4, 3), (4, 4)),
    ((1, 1, 2, 2), (3, 3), (3, 3, 4), (3, 2), (2, 3), (3, 3)),
    ((2, 2, 1, 1), (4, 3), (4, 3, 3), (4, 4), (4, 4), (4, 3)),
    ((1, 2, 2, 1), (3, 4), (3, 4, 4), (4, 3), (4, 4), (3, 4)),
)
"""Overall 3.11 would be Stage 3; Outcome Definition at 1.42 (Stage 1) holds it at Stage 2."""
_SIX_MONTHS_AGO = (
    ((1, 1, 1, 1), (2, 3), (3, 3, 2), (2, 2), (3, 3), (2, 3)),
    ((1, 1, 2, 1), (2, 2), (2, 3, 3), (1, 2), (1, 2), (2, 2)),
    ((1, 1, 1, 2), (3, 2), (3, 3, 3), (3, 2), (3, 3), (2, 2)),
    ((1, 1, 1, 1), (2, 2), (2, 3, 3), (2, 1), (2, 2), (2, 3)),
    ((2, 1, 1, 1), (3, 2), (3, 3, 2), (2, 3), (3, 3), (3, 2)),
)
SAMPLE_CHANNEL = "cs-team"
SAMPLE_WORKSPACE = "Acme"
"""Names as Slack would give them: the report builds its title from them as the product does."""
SAMPLE_HTML = "sample-team-report.html"
SAMPLE_PNG = "sample-team-chart.png"


def sample_team_report(framework: Framework | None = None) -> ReportData:
    """The sample team's report, built as the bot builds a closed run's (`team_report`), with
    fixed dates so the files only change when the code does."""
    framework = framework or default_framework()
    team = score_team(framework, [_answers(framework, member) for member in _NOW], minimum=3)
    previous = score_team(
        framework, [_answers(framework, member) for member in _SIX_MONTHS_AGO], minimum=3
    )
    return team_report(
        framework,
        team=team,
        previous=previous.profile,
        closed_at=datetime(2026, 11, 28, 14, 5, tzinfo=UTC),
        opened_at=datetime(2026, 11, 14, 9, 30, tzinfo=UTC),
        channel_name=SAMPLE_CHANNEL,
        workspace_name=SAMPLE_WORKSPACE,
    )


def sample_member_report(framework: Framework | None = None) -> ReportData:
    """One member's own report from the sample team's run, as their report link shows it: their
    answers now and six months ago, one comment of their own."""
    framework = framework or default_framework()
    return personal_report(
        framework,
        profile=score_individual(framework, (answers := _answers(framework, _NOW[1]))),
        previous=score_individual(framework, _answers(framework, _SIX_MONTHS_AGO[1])),
        finished_at=datetime(2026, 11, 20, 16, 40, tzinfo=UTC),
        to_its_owner=True,
        answers=answers,
        comments={framework.anchor: "Nobody has asked customers what they need to achieve."},
        channel_name=SAMPLE_CHANNEL,
        workspace_name=SAMPLE_WORKSPACE,
    )


def write_sample(directory: Path) -> list[Path]:
    """Write the sample page and chart into `directory` (created if needed); return their paths."""
    directory.mkdir(parents=True, exist_ok=True)
    data = sample_team_report()
    page = directory / SAMPLE_HTML
    page.write_text(render_html(data), encoding="utf-8")
    chart = directory / SAMPLE_PNG
    chart.write_bytes(radar_png(data))
    return [page, chart]


def _answers(framework: Framework, stages: Sequence[Sequence[int]]) -> Answers:
    chosen: dict[str, int] = {}
    for dimension, picks in zip(framework.dimensions, stages, strict=True):
        questions = framework.questions_in(dimension.id)
        chosen |= {q.id: s for q, s in zip(questions, picks, strict=True)}
    return chosen
