"""Web API calls keep their connection open between calls, as an HTTP/1.1 client does against
Slack, instead of paying a new connection (and, at Slack, a TLS handshake) for every call."""

from __future__ import annotations

import json
import threading
import time
import urllib.request
from collections.abc import Callable

from standin import SlackStandIn
from tests.bot.outbound.clients import client_posting_to

CHANNEL = "CCONNECTIONS"


def _posted(standin: SlackStandIn) -> list[str]:
    return [message.text for message in standin.messages(CHANNEL)]


def _in_a_new_thread(calls: Callable[[], None]) -> None:
    """Run `calls` in a thread of its own: each thread keeps its own connection, so a test
    never finds one kept by an earlier test in the same thread."""
    thread = threading.Thread(target=calls)
    thread.start()
    thread.join()


def test_calls_from_one_thread_share_one_connection(standin: SlackStandIn) -> None:
    client = client_posting_to(standin, CHANNEL)
    before = standin.connections

    def five_posts() -> None:
        for number in range(5):
            client.chat_postMessage(channel=CHANNEL, text=f"post {number}")

    _in_a_new_thread(five_posts)
    assert _posted(standin) == [f"post {number}" for number in range(5)]
    assert standin.connections - before == 1


def test_a_connection_the_server_closed_while_idle_is_replaced_and_nothing_is_posted_twice() -> (
    None
):
    with SlackStandIn(idle_connection_seconds=0.3) as standin:
        client = client_posting_to(standin, CHANNEL)
        before = standin.connections

        def posts_with_a_pause() -> None:
            client.chat_postMessage(channel=CHANNEL, text="before the pause")
            time.sleep(1.0)  # the stand-in closes the idle connection meanwhile
            client.chat_postMessage(channel=CHANNEL, text="after the pause")

        _in_a_new_thread(posts_with_a_pause)
        assert _posted(standin) == ["before the pause", "after the pause"]
        assert standin.connections - before == 2
        assert not standin.violations


def test_a_caller_that_gives_no_timeout_gets_the_default_on_a_kept_connection(
    standin: SlackStandIn,
) -> None:
    client_posting_to(standin, CHANNEL)  # the bot's client: connections are kept from here on
    before = standin.connections
    answers: list[dict[str, object]] = []

    def two_calls_without_a_timeout() -> None:
        for _ in range(2):
            request = urllib.request.Request(
                standin.api_url + "auth.test",
                data=b"",
                headers={"Authorization": f"Bearer {standin.workspace.bot_token}"},
            )
            with urllib.request.urlopen(request) as answer:  # no timeout given
                answers.append(json.loads(answer.read()))

    _in_a_new_thread(two_calls_without_a_timeout)
    assert [answer["ok"] for answer in answers] == [True, True]
    assert standin.connections - before == 1
