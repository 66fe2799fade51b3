"""A closed run shows what it showed: a team snapshot of the first format (framework 2026.1,
written before rules 2) reads back with the first version's judgements, and is shown so.

`snapshot_format_1.json` was written by the code as it stood then (a team of three whose
Outcome Definition mean, 8/3, was Stage 3 under rounding and would be Stage 2 today).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from fractions import Fraction
from pathlib import Path

from bot.messages.profile import team_profile_message
from bot.report.run_result import team_report
from flows.snapshots import team_from_snapshot, team_snapshot
from flows.steps import TeamProfileReady, TeamProgress
from scoring import Agreement, score_team, shipped_framework
from standin import visible_text
from tests.bot.messages.thread import whole_thread
from tests.scoring.builders import answers, everywhere, rules_2_framework

FORMAT_1 = json.loads((Path(__file__).parent / "snapshot_format_1.json").read_text())
FIRST = shipped_framework("2026.1")


def test_a_first_format_snapshot_reads_back_with_the_first_versions_judgements() -> None:
    team = team_from_snapshot(FORMAT_1)
    profile = team.profile
    assert profile.framework_version == "2026.1"
    outcomes = profile.dimension("outcomes")
    assert outcomes.score == Fraction(8, 3) and outcomes.stage == 3  # rounded, as shown then
    assert (profile.score, profile.stage, profile.uncapped_stage) == (Fraction(25, 9), 3, 3)
    assert not profile.capped_by_anchor
    # The place to start was simply the lowest (renewal and expansion tie; renewal comes first).
    assert profile.start_id == "renewal"
    agreements = {s.dimension_id: s.agreement for s in team.dimensions if s is not None}
    assert agreements["renewal"] is Agreement.SPLIT
    assert agreements["outcomes"] is Agreement.ALIGNED
    assert all(not c.withheld and c.unknown == 0 for c in team.coverage)
    # Read back twice, or re-frozen in today's format, it stays the same.
    assert team_from_snapshot(FORMAT_1) == team
    assert team_from_snapshot(team_snapshot(team)) == team


def test_a_first_format_team_profile_is_shown_as_it_was() -> None:
    team = team_from_snapshot(FORMAT_1)
    progress = TeamProgress(
        run_id="r1",
        workspace_id="T1",
        channel_id="C1",
        message_ts="1.1",
        completed=3,
        invited=5,
        min_respondents=3,
        closes_at=None,
        started_by="ULEAD",
    )
    ready = TeamProfileReady(
        progress=progress, team=team, previous=None, closed_at=datetime(2026, 5, 4, tzinfo=UTC)
    )
    text = visible_text(team_profile_message(FIRST, ready).blocks).replace("&amp;", "&")
    assert "Overall: Stage 3 · Make it Matter (2.8 / 4)" in text
    assert "*Outcomes*\n▰▰▰▰▰▱▱▱ 2.7 / 4\nStage 3" in text  # Outcome Definition, as shown then
    assert "nearly" not in text  # the first version's rounding has no "nearly"
    assert "Start with Renewal* — the lowest score" in text
    report = team_report(FIRST, team=team, previous=None, closed_at=ready.closed_at)
    thread = visible_text(whole_thread(report, report_url=None).blocks)
    assert "Aligned: members' stages span at most one stage" in thread


def test_a_snapshot_of_today_keeps_every_judgement_whatever_the_rules_later() -> None:
    framework = rules_2_framework()
    members = [
        {q.id: 3 for q in framework.questions} | answers(framework, outcomes=[2, 2, 3, 3]),
        {q.id: 3 for q in framework.questions} | answers(framework, outcomes=[3, 3, 2, 3]),
        {q.id: 3 for q in framework.questions} | answers(framework, outcomes=[3, 3, 3, 2]),
    ]
    team = score_team(framework, members, minimum=3)
    stored = json.loads(json.dumps(team_snapshot(team)))  # as the database keeps it
    assert stored["format"] == 2
    back = team_from_snapshot(stored)
    assert back == team
    assert back.profile.dimension("outcomes").stage == 2 and back.profile.start_id == "outcomes"
    assert back.minimum == 3


def test_a_snapshot_frozen_before_the_detail_minimum_reads_it_and_hides_detail_below_five() -> None:
    """Format 2 snapshots written before the detail minimum was kept have neither field: they
    read back with five, which only hides what three or four people's run showed."""
    framework = rules_2_framework()
    members = [everywhere(s, framework) for s in (2, 3, 4)]
    team = score_team(framework, members, minimum=3)
    old = team_snapshot(team)
    for key in ("detail_minimum", "membership_change"):
        del old["team"][key]
    read = team_from_snapshot(old)
    assert read == team and read.membership_change == 0
    spread = read.spread("outcomes")
    assert spread is not None and not read.shows_range(spread)
