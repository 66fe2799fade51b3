"""The shape gate in front of bolt: bodies Slack never sends, which bolt would raise on (and the
server answer 500), are named; Slack's own shapes pass.

Found by the fuzz (tests/hardening/test_fuzz.py): `{"type": "view_closed", "view": null}`,
`block_actions` with `actions: []`, an `event` that is a string, `team: 5` each made bolt raise
while choosing a listener, before any of ours ran.
"""

from __future__ import annotations

from typing import Any

import pytest

from bot.inbound.request_shapes import (
    MAX_NESTING,
    context_problem,
    nesting_problem,
    shape_problem,
)
from standin import app_payloads as payloads
from standin.records import Channel, User, Workspace

WORKSPACE = Workspace(
    team_id="T1",
    team_name="Example",
    domain="example",
    app_id="A1",
    bot_user_id="UBOT",
    bot_id="B1",
    bot_token="xoxb-1",
    bot_name="readiness",
    verification_token="v",
)
USER = User(id="UANA", team_id="T1", name="ana", real_name="Ana", tz="Europe/London")
CHANNEL = Channel(id="C1", team_id="T1", name="team", members=["UANA"], created=1)


def _slacks_own() -> list[Any]:
    click = payloads.block_actions(
        WORKSPACE,
        USER,
        actions=[{"type": "button", "action_id": "a", "block_id": "b", "action_ts": "1.2"}],
        trigger_id="1.2.abc",
        state={},
        container={"type": "message", "message_ts": "1.2", "channel_id": "C1"},
        channel=CHANNEL,
        message={"ts": "1.2", "text": "hi"},
        response_url="https://hooks.slack.com/actions/T1/1/abc",
    )
    submission = payloads.view_submission(
        WORKSPACE, USER, view={"id": "V1", "callback_id": "form", "state": {}}, trigger_id="1.2.a"
    )
    closed = payloads.view_closed(
        WORKSPACE, USER, view={"id": "V1", "callback_id": "form"}, is_cleared=False
    )
    event = payloads.event_envelope(
        WORKSPACE,
        payloads.app_home_opened("UANA", "D1", tab="home", event_ts="1.2", view=None),
        event_id="Ev1",
        event_time=1,
        context="4-x",
    )
    command = payloads.slash_command(
        WORKSPACE,
        USER,
        CHANNEL,
        command="/readiness",
        text="team",
        response_url="https://hooks.slack.com/commands/T1/1/abc",
        trigger_id="1.2.abc",
    )
    org_wide = {**click, "team": None, "enterprise": {"id": "E1", "name": "org"}}
    return [
        click,
        submission,
        closed,
        event,
        command,
        org_wide,
        payloads.url_verification(WORKSPACE, "challenge"),
        {"ssl_check": "1", "token": "v"},
        {},
    ]


@pytest.mark.parametrize("body", _slacks_own())
def test_slacks_own_shapes_pass(body: Any) -> None:
    assert shape_problem(body) is None


@pytest.mark.parametrize(
    "body",
    [
        [],
        "payload",
        None,
        {"type": 5},
        {"type": "view_closed", "view": None},
        {"type": "view_submission", "view": {"callback_id": None}},
        {"type": "view_submission", "view": "V1"},
        {"type": "block_actions", "actions": []},
        {"type": "block_actions", "actions": {"0": {"action_id": "a"}}},
        {"type": "block_actions", "actions": ["a"]},
        {"type": "block_actions", "actions": [{"action_id": 5}]},
        {"type": "event_callback", "event": "app_home_opened"},
        {"type": "event_callback", "event": {"type": None}},
        {"type": "event_callback", "event": {"type": "message", "message": "x"}},
        {"type": "event_callback", "event": {"type": "message", "user": 5}},
        {"team": 5},
        {"team": {"id": 5}},
        {"enterprise": True},
        {"user": "UANA", "type": "block_actions"},
        {"authorizations": 5},
        {"authorizations": [None]},
        {"response_url": ["https://x"]},
        {"command": "/readiness", "text": None},
        {"command": "/readiness", "user_id": ["UANA"]},
        {"type": "url_verification", "challenge": 5},
        {"enterprise_id": 5},
    ],
)
def test_bodies_slack_never_sends_are_named(body: Any) -> None:
    assert shape_problem(body) is not None


def test_ids_bolt_reads_into_its_context_are_text() -> None:
    assert context_problem({"team_id": "T1", "user_id": "U1", "channel_id": None}) is None
    assert context_problem({"team_id": 5}) == "the request's team_id is a int, not text"
    assert context_problem({"user_id": {"id": "U1"}}) is not None


def test_a_body_nested_deeper_than_slack_nests_is_refused() -> None:
    """Checked without recursion: a body the parser read just below the interpreter's limit
    would fail later, in whatever walks it recursively."""
    deep: object = 1
    for _ in range(MAX_NESTING):
        deep = [deep]
    assert nesting_problem({"blocks": deep}) == f"the body nests deeper than {MAX_NESTING} levels"
    assert nesting_problem({"blocks": deep[0]}) is None  # type: ignore[index]
    for _ in range(100_000):
        deep = {"a": deep}
    assert nesting_problem(deep) is not None
