"""The messages people read: one bar formula wherever a score is drawn, wording per subject (a
person's profile never speaks of "the team"), a closed invitation, and the thread's header."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from fractions import Fraction

import pytest

from bot.messages.full_report import thread_messages
from bot.messages.mrkdwn import meter
from bot.messages.profile import profile_message
from bot.messages.team import invitation_message
from bot.report.plain_text import bar as plain_bar
from bot.report.run_result import personal_report, team_report
from bot.report.view import bar_width
from flows.steps import TeamProgress
from scoring import default_framework, score_individual, score_team, shipped_framework
from standin import message_problems, visible_text

FRAMEWORK = default_framework()
WHEN = datetime(2026, 12, 7, 9, tzinfo=UTC)


@pytest.mark.parametrize("score", ["1", "2", "2.5", "3", "4"])
def test_a_score_fills_the_same_share_in_slack_on_the_page_and_in_the_terminal(
    score: str,
) -> None:
    value = Fraction(score)
    slack = meter(value, 8).count("▰") / 8
    page = float(bar_width(value).removesuffix("%")) / 100
    terminal = plain_bar(value, 8).count("█") / 8
    assert slack == page == terminal == float(value) / 4  # "2.0 / 4" fills half


def test_a_persons_profile_says_your_team_where_a_framework_says_the_team() -> None:
    old = shipped_framework("2026.1")
    stage_two = old.stage(2).summary
    assert stage_two.startswith("The team ")
    profile = score_individual(old, {q.id: 2 for q in old.questions})
    text = visible_text(profile_message(old, profile, None).blocks)
    assert "The team" not in text and "the team" not in text
    assert "Your team has outgrown pure firefighting" in text


def test_the_thread_header_speaks_to_its_reader() -> None:
    members = [{q.id: stage for q in FRAMEWORK.questions} for stage in (2, 3, 3)]
    team = score_team(FRAMEWORK, members)
    report = team_report(FRAMEWORK, team=team, previous=None, closed_at=WHEN)
    team_thread = [visible_text(m.blocks) for m in thread_messages(report, report_url=None)]
    assert team_thread[0].startswith("Team profile details")
    assert not any("for you" in text for text in team_thread)
    person = personal_report(
        FRAMEWORK,
        profile=score_individual(FRAMEWORK, members[0]),
        previous=None,
        finished_at=WHEN,
        to_its_owner=True,
    )
    own = thread_messages(person, report_url=None)
    assert visible_text(own[0].blocks).startswith("Full report: what each stage means for you")
    for message in thread_messages(report, report_url="https://r.example/x") + own:
        assert message_problems(text=message.text, blocks=message.blocks) == []
        assert len(visible_text(message.blocks)) <= 3000


def test_a_closed_invitation_says_closed_not_its_deadline() -> None:
    progress = TeamProgress(
        run_id="r1",
        workspace_id="T1",
        channel_id="C1",
        message_ts="1.1",
        completed=3,
        invited=7,
        min_respondents=3,
        closes_at=WHEN,
        started_by="ULEAD",
    )
    open_text = visible_text(invitation_message(FRAMEWORK, progress).blocks)
    assert "Closes" in open_text and "Take the assessment" in open_text
    closed = invitation_message(FRAMEWORK, replace(progress), open_=False, note="Closed early.")
    closed_text = visible_text(closed.blocks)
    assert "Closes" not in closed_text and "Closed · *3 of 7 responded*" in closed_text
    assert "Take the assessment" not in closed_text
