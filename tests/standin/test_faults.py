"""Injected rate limits and server errors, and slack_sdk's own retry handlers riding them out."""

from __future__ import annotations

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)

from standin import SlackStandIn

GENERAL = "C0GENERAL"


@pytest.fixture
def channel(standin: SlackStandIn) -> str:
    standin.add_channel(GENERAL, "general")
    return GENERAL


def client_for(standin: SlackStandIn, *handlers: object) -> WebClient:
    return WebClient(
        base_url=standin.api_url,
        token=standin.workspace.bot_token,
        retry_handlers=list(handlers),  # type: ignore[arg-type]
    )


def test_rate_limit_answer_is_slacks(standin: SlackStandIn, channel: str) -> None:
    standin.fail_next(1, retry_after=7)
    with pytest.raises(SlackApiError) as excinfo:
        client_for(standin).chat_postMessage(channel=channel, text="x")
    response = excinfo.value.response
    assert response.status_code == 429
    assert response.headers["Retry-After"] == "7"
    assert response["error"] == "ratelimited"
    assert standin.messages(channel) == []


def test_rate_limit_retry_handler_gets_through(standin: SlackStandIn, channel: str) -> None:
    standin.fail_next(2, retry_after=0)
    client = client_for(standin, RateLimitErrorRetryHandler(max_retry_count=2))
    client.chat_postMessage(channel=channel, text="eventually")
    assert [m.text for m in standin.messages(channel)] == ["eventually"]
    assert [c.status for c in standin.calls_to("chat.postMessage")] == [429, 429, 200]


@pytest.mark.parametrize("status", [500, 503])
def test_server_error_retry_handler_gets_through(
    standin: SlackStandIn, channel: str, status: int
) -> None:
    standin.fail_next(1, status=status)
    client = client_for(standin, ServerErrorRetryHandler(max_retry_count=1))
    client.chat_postMessage(channel=channel, text="after a blip")
    assert [m.text for m in standin.messages(channel)] == ["after a blip"]


def test_502_is_not_retried_by_slack_sdk(standin: SlackStandIn, channel: str) -> None:
    # slack_sdk's ServerErrorRetryHandler retries 500 and 503 only.
    standin.fail_next(1, status=502)
    client = client_for(standin, ServerErrorRetryHandler(max_retry_count=1))
    with pytest.raises(SlackApiError) as excinfo:
        client.chat_postMessage(channel=channel, text="x")
    assert excinfo.value.response.status_code == 502


def test_faults_can_target_one_method(standin: SlackStandIn, channel: str) -> None:
    standin.fail_next(1, method="chat.update", status=500)
    client = client_for(standin)
    ts = client.chat_postMessage(channel=channel, text="first")["ts"]
    with pytest.raises(SlackApiError):
        client.chat_update(channel=channel, ts=ts, text="second")
    client.chat_update(channel=channel, ts=ts, text="third")
    assert standin.messages(channel)[0].text == "third"


def test_fail_next_refuses_a_status_slack_would_not_send(standin: SlackStandIn) -> None:
    with pytest.raises(ValueError, match="429 or a 5xx"):
        standin.fail_next(1, status=404)


def test_an_outage_lasts_its_time_then_calls_go_through(
    standin: SlackStandIn, channel: str
) -> None:
    standin.fail_for(60, status=503)
    standin.fail_for(60, status=429, retry_after=2, method="chat.update")
    client = client_for(standin)
    for _ in range(3):
        with pytest.raises(SlackApiError):
            client.chat_postMessage(channel=channel, text="down")
    assert [c.status for c in standin.calls_to("chat.postMessage")] == [503, 503, 503]
    standin.clock.advance(61)
    client.chat_postMessage(channel=channel, text="back")
    assert [m.text for m in standin.messages(channel)] == ["back"]


def test_slowness_delays_answers_without_holding_up_the_rest(
    standin: SlackStandIn, channel: str
) -> None:
    import time

    standin.slow_down(0.5, for_seconds=30, method="chat.postMessage")
    client = client_for(standin)
    started = time.monotonic()
    client.auth_test()
    assert time.monotonic() - started < 0.4
    started = time.monotonic()
    client.chat_postMessage(channel=channel, text="late")
    assert time.monotonic() - started >= 0.5


def test_a_hook_runs_once_the_moment_a_matching_call_is_carried_out(
    standin: SlackStandIn, channel: str
) -> None:
    """`when_accepted`: for the crash checks, which kill the bot between Slack doing what it
    asked and the bot hearing so."""
    seen_when_run: list[list[str]] = []

    def then() -> None:
        seen_when_run.append([m.text for m in standin.messages(channel)])

    ran = standin.when_accepted(lambda call: call.args.get("text") == "second", then)
    client = client_for(standin)
    client.chat_postMessage(channel=channel, text="first")
    assert not ran.is_set()
    client.chat_postMessage(channel=channel, text="second")
    client.chat_postMessage(channel=channel, text="second")
    assert ran.is_set()
    assert seen_when_run == [["first", "second"]]  # after the post, and only once
