"""Reading who acted and where: a payload without usable ids is refused, whatever it holds.

Found by the fuzz (tests/hardening/test_fuzz.py): a click whose `user.id` was a list, 100,000
characters or missing raised a KeyError/TypeError inside the listener (logged as a failure of
ours), or was stored as it came (a "stop reminding me" for user `<!channel> <!channel> ...`).
"""

from __future__ import annotations

from typing import Any

import pytest
from slack_bolt import BoltContext

from bot.inbound.workspace import WORKSPACE_KEY
from bot.listeners.body import modal_trigger, view_values, where, who
from flows.errors import BadRequest

USER = {"id": "UANA", "team_id": "T1"}


AUTHORIZED = BoltContext({WORKSPACE_KEY: "T1"})
"""A request judged to be about workspace T1 (`bot.inbound.workspace`)."""


def test_who_reads_the_user_and_the_authorized_workspace_never_the_users_home() -> None:
    assert who({"user": USER}, AUTHORIZED) == ("T1", "UANA")
    assert who({"user": {"id": "UANA"}, "team": {"id": "T2"}}, AUTHORIZED) == ("T1", "UANA")
    shared_channel = {"user": {"id": "UOTHER", "team_id": "T9"}, "team": {"id": "T1"}}
    assert who(shared_channel, AUTHORIZED) == ("T1", "UOTHER")


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"user": None},
        {"user": "UANA"},
        {"user": ["UANA"]},
        {"user": {"team_id": "T1"}},
        {"user": {"id": 7, "team_id": "T1"}},
        {"user": {"id": ["UANA"], "team_id": "T1"}},
        {"user": {"id": "", "team_id": "T1"}},
        {"user": {"id": "U" * 100_000, "team_id": "T1"}},
        {"user": {"id": "<!channel>", "team_id": "T1"}},
        {"user": {"id": "uana", "team_id": "T1"}},
        {"user": {"id": "UANA\u202e", "team_id": "T1"}},
    ],
)
def test_who_refuses_a_payload_without_usable_ids(body: dict[str, Any]) -> None:
    with pytest.raises(BadRequest) as refused:
        who(body, AUTHORIZED)
    assert "nothing was changed" in str(refused.value)
    assert len(refused.value.log_detail) < 120  # the log line does not carry the payload


def test_where_reads_the_clicked_message() -> None:
    container = {"channel_id": "D1", "message_ts": "1.2"}
    assert where({"container": container}) == ("D1", "1.2")
    assert where({"container": {}, "channel": {"id": "C1"}}) == ("C1", None)
    assert where({"container": {"channel_id": "D1", "message_ts": 5}}) == ("D1", None)


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"container": None, "channel": None},
        {"container": "D1"},
        {"container": {"channel_id": 5}},
        {"container": {"channel_id": ["D1"]}},
        {"channel": "C1"},
        {"channel": {"id": "c1"}},
    ],
)
def test_where_refuses_a_click_without_a_channel(body: dict[str, Any]) -> None:
    with pytest.raises(BadRequest):
        where(body)


@pytest.mark.parametrize("trigger", [None, "", 5, ["1.2.3"]])
def test_a_modal_needs_a_trigger_id(trigger: object) -> None:
    with pytest.raises(BadRequest):
        modal_trigger({"trigger_id": trigger})
    assert modal_trigger({"trigger_id": "1.2.abc"}) == "1.2.abc"


@pytest.mark.parametrize(
    "view",
    [{}, {"state": None}, {"state": "x"}, {"state": {"values": None}}, {"state": {"values": []}}],
)
def test_a_submission_without_state_values_reads_as_nothing_chosen(view: dict[str, Any]) -> None:
    assert view_values(view) == {}
