"""`/readiness results` and history as a reader sees them: built from real scores, checked
against Slack's Block Kit limits by the same checker the stand-in uses."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from bot import ids
from bot.inbound.payloads import ReportRef
from bot.messages import Message
from bot.messages.results import (
    NOT_A_MEMBER,
    channel_results_message,
    expiry_words,
    own_results_message,
    report_link_message,
)
from bot.messages.schedule import HISTORY_SHOWN, history_message
from bot.report.links import Link
from flows.commands import Help, Results, parse_command
from flows.errors import BadRequest
from flows.history import PastRun, PostedAt
from flows.results import ChannelResults
from flows.steps import TeamProfileReady, TeamProgress
from scoring import default_framework, score_individual, score_team
from standin import message_problems, visible_text
from storage.models import RunKind, RunStatus

FRAMEWORK = default_framework()
IDS = [q.id for q in FRAMEWORK.questions]
CLOSED = datetime(2027, 3, 25, 9, tzinfo=UTC)
LINK = Link(url="https://bot.example/reports/abc", expires_at=datetime(2027, 3, 26, 9, tzinfo=UTC))


def _seen(message: Message) -> str:
    assert not message_problems(text=message.text, blocks=message.blocks)
    return visible_text(message.blocks).replace("&amp;", "&")


def _own(run_id: str, stage: int, *, kind: RunKind, days_ago: int = 0) -> PastRun:
    return PastRun(
        run_id=run_id,
        kind=kind,
        status=RunStatus.CLOSED,
        channel_id="CTEAM" if kind is RunKind.TEAM else "D1",
        opened_at=CLOSED - timedelta(days=days_ago),
        finished_at=CLOSED - timedelta(days=days_ago),
        respondents=1,
        profile=score_individual(FRAMEWORK, dict.fromkeys(IDS, stage)),
        posted=PostedAt("D1", "1.1"),
    )


def _team_results(previous_stage: int | None) -> ChannelResults:
    team = score_team(FRAMEWORK, [dict.fromkeys(IDS, s) for s in (2, 3, 3)], minimum=3)
    previous = (
        None
        if previous_stage is None
        else score_individual(FRAMEWORK, dict.fromkeys(IDS, previous_stage))
    )
    progress = TeamProgress(
        run_id="r1",
        workspace_id="T1",
        channel_id="CTEAM",
        message_ts="1.1",
        completed=3,
        invited=8,
        min_respondents=3,
        closes_at=CLOSED,
        started_by="ULEAD",
    )
    ready = TeamProfileReady(progress=progress, team=team, previous=previous, closed_at=CLOSED)
    return ChannelResults(ready=ready, framework=FRAMEWORK, posted=PostedAt("CTEAM", "1.1"))


def test_a_link_says_until_when_it_opens() -> None:
    assert expiry_words(LINK) == "opens until Mar 26, 2027"
    text = _seen(report_link_message(LINK, own=True))
    assert "your own report" in text and "opens until Mar 26, 2027" in text


def test_channel_results_show_each_dimension_the_trend_and_both_links() -> None:
    results = _team_results(previous_stage=2)
    text = _seen(
        channel_results_message(results, permalink="https://x.slack.com/archives/C/p1", link=LINK)
    )
    assert "Latest team profile in <#CTEAM>" in text and "3 respondents" in text
    for dimension in FRAMEWORK.dimensions:
        assert dimension.name in text
    assert "↑" in text, "the change since the previous run, as the posted profile says it"
    assert "Posted profile" in text and "Printable report" in text and "Mar 26, 2027" in text


def test_a_first_team_profile_says_there_is_nothing_to_compare_and_no_link_says_where() -> None:
    text = _seen(channel_results_message(_team_results(None), permalink=None, link=None))
    assert "No earlier team profile here to compare with." in text
    assert "Posted profile" not in text
    assert "full report is in the thread" in text


def test_own_results_name_a_team_run_by_its_channel() -> None:
    text = _seen(
        own_results_message(FRAMEWORK, _own("r1", 3, kind=RunKind.TEAM), permalink=None, link=LINK)
    )
    assert "Your latest profile" in text and "team run in <#CTEAM>" in text
    assert "respondent" not in text


def test_history_links_each_entry_and_offers_a_report_for_each_result() -> None:
    past = [
        _own(f"r{n}", 2, kind=RunKind.TEAM if n % 2 else RunKind.INDIVIDUAL, days_ago=n)
        for n in range(12)
    ]
    message = history_message(
        FRAMEWORK, past, team=False, permalinks={"r1": "https://x.slack.com/p1"}, total=12
    )
    text = _seen(message)
    assert f"Showing the newest {HISTORY_SHOWN} of 12." in text
    assert text.count("team run in <#CTEAM>") == 5
    assert "<https://x.slack.com/p1|Message>" in json.dumps(message.blocks)
    buttons = [
        block["accessory"] for block in message.blocks if isinstance(block.get("accessory"), dict)
    ]
    assert len(buttons) == HISTORY_SHOWN
    assert all(b["action_id"] == ids.REPORT_LINK for b in buttons)
    assert ReportRef.decode(buttons[1]["value"]) == ReportRef(run_id="r1", of="own")


def test_the_refusal_is_one_plain_sentence() -> None:
    assert NOT_A_MEMBER.count(".") == 1 and "<" not in NOT_A_MEMBER


def test_a_report_button_carries_only_a_run_and_whose() -> None:
    for raw in ('{"run":"r1","of":"theirs"}', '{"run":"r1"}', '{"run":"r1","of":"own","u":"U2"}'):
        with pytest.raises(BadRequest):
            ReportRef.decode(raw)


def test_results_is_a_command_of_its_own() -> None:
    assert parse_command("results") == Results()
    assert parse_command("RESULTS") == Results()
    assert isinstance(parse_command("results now"), Help)
