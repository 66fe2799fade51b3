"""Slack ids and response URLs, checked before use."""

from __future__ import annotations

import pytest

from bot.inbound.slack_ids import is_slack_id, is_web_url, slack_id
from flows.errors import BadRequest


@pytest.mark.parametrize("value", ["T0123ABCD", "UANA", "W1", "D0A1B2C3D4", "C" + "9" * 31])
def test_slack_ids(value: str) -> None:
    assert is_slack_id(value)
    assert slack_id(value, "user") == value


@pytest.mark.parametrize(
    "value", [None, "", 5, ["U1"], "u1", "U 1", "U1\n", "U1\u200b", "²", "C" + "9" * 32]
)
def test_not_slack_ids(value: object) -> None:
    assert not is_slack_id(value)
    with pytest.raises(BadRequest, match="nothing was changed"):
        slack_id(value, "user")


@pytest.mark.parametrize(
    ("value", "usable"),
    [
        ("https://hooks.slack.com/actions/T1/1/abc", True),
        ("http://127.0.0.1:8000/response/R1", True),
        ("https://", False),
        ("hooks.slack.com/actions/T1/1/abc", False),
        ("file:///etc/passwd", False),
        ("javascript:alert(1)", False),
        ("http://[::1", False),  # urlsplit raises on this
        ("https://x/" + "a" * 3_000, False),
        (None, False),
        (["https://hooks.slack.com"], False),
    ],
)
def test_response_urls(value: object, usable: bool) -> None:
    assert is_web_url(value) is usable
