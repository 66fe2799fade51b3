"""Telling the person about a failure: best effort, never a second failure.

Found by the fuzz (tests/hardening/test_fuzz.py): with a response URL that was not a URL, or a
body whose `event` was a string, `tell_person` raised while a refusal was being reported, and the
exception escaped to bolt; a user id that was not an id was messaged (and logged) as it came.
"""

from __future__ import annotations

import logging
from typing import Any

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web import SlackResponse

from bot.listeners.error_handler import SLACK_TROUBLE, UNEXPECTED, report_failure, tell_person
from flows.errors import BadRequest


def slack_error(error: str, *, status: int) -> SlackApiError:
    """What slack_sdk raises when chat.postMessage answers `error` with HTTP `status`."""
    response = SlackResponse(
        client=None,
        http_verb="POST",
        api_url="chat.postMessage",
        req_args={},
        data={"ok": False, "error": error},
        headers={},
        status_code=status,
    )
    return SlackApiError(error, response)  # type: ignore[no-untyped-call]


class Client:
    """Records messages; `fail` makes chat.postMessage answer as Slack does for a bad channel."""

    def __init__(self, *, fail: bool = False) -> None:
        self.posted: list[dict[str, Any]] = []
        self.fail = fail

    def chat_postMessage(self, **kwargs: Any) -> None:
        if self.fail:
            raise slack_error("channel_not_found", status=200)
        self.posted.append(kwargs)


@pytest.mark.parametrize(
    "body",
    [
        {"user": {"id": "UANA"}, "response_url": "https://"},
        {"user": {"id": "UANA"}, "response_url": "not a url"},
        {"user": {"id": "UANA"}, "response_url": ["https://x"]},
        {"user": {"id": "UANA"}, "response_urls": "https://x"},
        {"user": {"id": "UANA"}, "response_urls": [None, 5, {"response_url": 7}]},
    ],
)
def test_an_unusable_response_url_falls_back_to_the_dm(body: dict[str, Any]) -> None:
    client = Client()
    tell_person(body, client, "Sorry")  # type: ignore[arg-type]
    assert client.posted == [{"channel": "UANA", "text": "Sorry"}]


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"event": "message"},
        {"event": {"user": ["UANA"]}},
        {"user": "<!channel>"},
        {"user": {"id": "U" * 100_000}},
        {"user_id": 5},
        {"user": None, "user_id": "uana"},
    ],
)
def test_nobody_is_messaged_without_a_real_user_id(body: dict[str, Any]) -> None:
    client = Client()
    tell_person(body, client, "Sorry")  # type: ignore[arg-type]
    assert client.posted == []


def test_not_reaching_the_person_is_a_warning_not_a_second_failure(
    caplog: pytest.LogCaptureFixture,
) -> None:
    body: dict[str, Any] = {"user": {"id": "UGONE"}}
    refusal = BadRequest("No.", log_detail="testing")
    with caplog.at_level(logging.INFO, logger="bot.listeners.error_handler"):
        report_failure(refusal, body, Client(fail=True))  # type: ignore[arg-type]
        # Nothing listens on port 9: the response URL cannot be reached.
        tell_person({"response_url": "http://127.0.0.1:9/r"}, Client(), "x")  # type: ignore[arg-type]
    logged = [
        (r.levelname, r.getMessage())
        for r in caplog.records
        if r.name == "bot.listeners.error_handler"
    ]
    assert [level for level, _ in logged] == ["INFO", "WARNING", "WARNING"]
    assert logged[1][1].startswith("could not tell UGONE about the failure: SlackApiError")
    assert logged[2][1].startswith("could not tell the person about the failure: URLError")


def test_the_log_line_names_the_request_without_repeating_what_it_carried(
    caplog: pytest.LogCaptureFixture,
) -> None:
    body = {"type": "x" * 10_000, "team_id": ["T1"], "user": {"id": "y" * 10_000}}
    with caplog.at_level(logging.INFO, logger="bot.listeners.error_handler"):
        report_failure(BadRequest("No."), body, Client())  # type: ignore[arg-type]
    assert len(caplog.records[-1].getMessage()) < 200


def test_slack_failing_after_the_ack_says_what_was_kept(
    caplog: pytest.LogCaptureFixture,
) -> None:
    client = Client()
    body: dict[str, Any] = {"user": {"id": "UANA"}}
    report_failure(slack_error("service_unavailable", status=503), body, client, after_ack=True)  # type: ignore[arg-type]
    assert client.posted == [{"channel": "UANA", "text": SLACK_TROUBLE}]
    assert [r.levelno for r in caplog.records] == [logging.WARNING]
    # Before the ack nothing was saved, so the apology says so; and it is an error of ours.
    report_failure(slack_error("service_unavailable", status=503), body, client)  # type: ignore[arg-type]
    assert client.posted[-1]["text"] == UNEXPECTED
    assert caplog.records[-1].levelno == logging.ERROR
