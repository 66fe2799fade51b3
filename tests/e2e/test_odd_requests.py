"""Requests Slack would not send, signed as Slack signs: refused with a 400 or a word to the
person, never a 500 or a failure of ours, and nothing changed. Each was found by the fuzz
(tests/hardening/test_fuzz.py), which tries thousands more."""

from __future__ import annotations

import json
import logging
from urllib.parse import urlencode

import pytest

from bot import ids
from bot.run_modes.local import LocalBot
from standin import SlackDriver, SlackStandIn
from tests.bot_fixtures import Team
from tests.hardening.state import digest

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
_CLICK = {"type": "block_actions", "team": {"id": "T1"}, "actions": [{"action_id": ids.START}]}
_COMMAND = {"team_id": "T1", "channel_id": "C1", "user_id": "U1", "command": ids.COMMAND}


def _event(event: dict[str, object]) -> dict[str, object]:
    return {"type": "event_callback", "team_id": "T1", "event_id": "Ev1", "event": event}


def _payload(payload: object) -> bytes:
    return urlencode({"payload": json.dumps(payload)}).encode()


def _errors(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage()[:200] for r in caplog.records if r.levelno >= logging.ERROR]


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b'{"type": ', "application/json"),
        (_payload([]), FORM),
        (b"[]", "application/json"),
        (_payload({"type": "view_closed", "view": None}), FORM),
        (_payload({"type": "view_submission", "view": {"callback_id": None}}), FORM),
        (_payload({"type": "block_actions", "actions": [], "user": {"id": "UANA"}}), FORM),
        (_payload({"type": "block_actions", "actions": [5]}), FORM),
        (b'{"type": "event_callback", "event": "app_home_opened"}', "application/json"),
        (_payload({"type": "block_actions", "team": 5, "actions": [{"action_id": "x"}]}), FORM),
        (_payload({"type": "shortcut", "authorizations": [{"team_id": ["T1"]}]}), FORM),
        (_payload({**_CLICK, "user": {"id": ["UANA"], "team_id": "T1"}}), FORM),
        (_payload({**_CLICK, "user": {"id": 7, "team_id": "T1"}}), FORM),
        (json.dumps({**_COMMAND, "text": 5}).encode(), "application/json"),
        (json.dumps({**_COMMAND, "user_id": ["U1"]}).encode(), "application/json"),
        (json.dumps(_event({"type": "message", "user": ["U1"], "channel": "D1"})).encode(), JSON),
    ],
    ids=[
        "not-json",
        "payload-a-list",
        "json-a-list",
        "view-null",
        "view-without-callback-id",
        "no-actions",
        "action-not-an-object",
        "event-a-string",
        "team-a-number",
        "team-id-a-list",
        "user-id-a-list",
        "user-id-a-number",
        "command-text-a-number",
        "command-user-a-list",
        "event-user-a-list",
    ],
)
def test_bodies_bolt_cannot_read_get_400_and_change_nothing(
    bot: LocalBot,
    driver: SlackDriver,
    standin: SlackStandIn,
    caplog: pytest.LogCaptureFixture,
    body: bytes,
    content_type: str,
) -> None:
    before = digest(bot.running.services.database)
    result = driver.send(body, content_type)
    assert result.status == 400
    assert digest(bot.running.services.database) == before
    assert [c.method for c in standin.calls if c.method != "auth.test"] == []
    assert _errors(caplog) == []


def test_a_body_that_is_not_utf8_was_not_signed_by_slack(
    bot: LocalBot, driver: SlackDriver, standin: SlackStandIn
) -> None:
    """Slack signs text: bytes that do not decode cannot carry its signature (401)."""
    before = digest(bot.running.services.database)
    assert driver.send(b"payload=\xff\xfe", FORM).status == 401
    assert digest(bot.running.services.database) == before
    assert [c.method for c in standin.calls if c.method != "auth.test"] == []


def _click(standin: SlackStandIn, user: str, action_id: str, **fields: object) -> dict[str, object]:
    workspace = standin.workspace
    payload: dict[str, object] = {
        "type": "block_actions",
        "user": {"id": user, "team_id": workspace.team_id},
        "team": {"id": workspace.team_id, "domain": workspace.domain},
        "api_app_id": workspace.app_id,
        "container": {"type": "message", "channel_id": standin.dm_channel_id(user)},
        "trigger_id": standin.issue_trigger(user),
        "actions": [{"type": "button", "action_id": action_id, "action_ts": "1.2"}],
    }
    payload.update(fields)
    return payload


def test_a_click_without_a_response_url_is_refused_and_the_person_told_in_their_dm(
    bot: LocalBot,
    driver: SlackDriver,
    standin: SlackStandIn,
    team: Team,
    caplog: pytest.LogCaptureFixture,
) -> None:
    user = team.members[0]
    before = digest(bot.running.services.database)
    result = driver.send(_payload(_click(standin, user, ids.STOP_REMINDERS)), FORM)
    assert result.status == 200
    told = standin.wait_for(lambda: standin.dm(user), description="a word in the DM")
    assert "nothing was changed" in standin.visible_text(told[-1])
    assert digest(bot.running.services.database) == before  # no opt-out stored
    assert _errors(caplog) == []


@pytest.mark.parametrize("user", ["<!channel>", "U" * 100_000, "uana", ""], ids=lambda u: u[:12])
def test_a_click_from_no_one_is_refused_before_anything_is_stored(
    bot: LocalBot,
    driver: SlackDriver,
    standin: SlackStandIn,
    team: Team,
    caplog: pytest.LogCaptureFixture,
    user: object,
) -> None:
    click = _click(standin, team.members[0], ids.STOP_REMINDERS)
    click["user"] = {"id": user, "team_id": standin.workspace.team_id}
    click["response_url"] = standin.issue_response_url(
        channel_id=standin.dm_channel_id(team.members[0]), user_id=team.members[0]
    )
    before = digest(bot.running.services.database)
    result = driver.send(_payload(click), FORM)
    assert result.status == 200
    told = standin.wait_for(lambda: standin.ephemerals(team.members[0]), description="a reply")
    assert "nothing was changed" in standin.visible_text(told[-1])
    assert digest(bot.running.services.database) == before
    assert _errors(caplog) == []


@pytest.mark.parametrize(
    ("field", "value"),
    [("team_id", ""), ("user_id", "<!channel>"), ("channel_id", "x" * 40), ("user_id", None)],
)
def test_a_command_without_usable_ids_is_refused_in_words(
    bot: LocalBot,
    driver: SlackDriver,
    standin: SlackStandIn,
    team: Team,
    caplog: pytest.LogCaptureFixture,
    field: str,
    value: object,
) -> None:
    workspace = standin.workspace
    command: dict[str, object] = {
        "team_id": workspace.team_id,
        "channel_id": team.channel,
        "user_id": team.lead,
        "command": ids.COMMAND,
        "text": "team",
        "api_app_id": workspace.app_id,
        "response_url": standin.issue_response_url(channel_id=team.channel, user_id=team.lead),
        "trigger_id": standin.issue_trigger(team.lead),
        field: value,
    }
    before = digest(bot.running.services.database)
    result = driver.send(
        urlencode({k: v for k, v in command.items() if v is not None}).encode(), FORM
    )
    assert result.status == 200
    told = standin.wait_for(lambda: standin.ephemerals(team.lead), description="a reply")
    assert "nothing was changed" in standin.visible_text(told[-1])
    assert standin.messages(team.channel) == []  # no team run was announced
    assert digest(bot.running.services.database) == before
    assert _errors(caplog) == []


@pytest.mark.parametrize(
    "event",
    [
        {"type": "message", "channel_type": "im", "text": "hi", "ts": "1.2"},
        {"type": "message", "channel_type": "im", "user": "", "channel": "D1", "ts": "1.2"},
        {"type": "app_home_opened", "tab": "home", "event_ts": "1.2"},
        {"type": "app_home_opened", "tab": "home", "user": "", "event_ts": "1.2"},
        {"type": "tokens_revoked", "tokens": "all of them", "event_ts": "1.2"},
        {"type": "tokens_revoked", "tokens": {"bot": 5, "oauth": [None]}, "event_ts": "1.2"},
    ],
    ids=[
        "dm-without-user",
        "dm-user-empty",
        "home-without-user",
        "home-empty-user",
        "tokens-a-string",
        "tokens-odd-lists",
    ],
)
def test_odd_events_are_acknowledged_and_change_nothing(
    bot: LocalBot,
    driver: SlackDriver,
    standin: SlackStandIn,
    team: Team,
    caplog: pytest.LogCaptureFixture,
    event: dict[str, object],
) -> None:
    before = digest(bot.running.services.database)
    result = driver.send_event(event)
    assert result.status == 200
    assert digest(bot.running.services.database) == before
    assert [c.method for c in standin.calls if c.method != "auth.test"] == []
    assert _errors(caplog) == []
