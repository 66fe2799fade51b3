"""Response URLs through slack_sdk's WebhookClient, which bolt's respond() uses."""

from __future__ import annotations

import pytest
from slack_sdk import WebClient
from slack_sdk.webhook import WebhookClient

from standin import SlackStandIn, visible_text

ANA, BO = "U0ANA", "U0BO"
GENERAL = "C0GENERAL"
BUTTON_BLOCKS = [
    {
        "type": "actions",
        "block_id": "b",
        "elements": [
            {
                "type": "button",
                "action_id": "go",
                "text": {"type": "plain_text", "text": "Go"},
            }
        ],
    }
]


@pytest.fixture
def client(standin: SlackStandIn) -> WebClient:
    standin.add_user(ANA, "ana")
    standin.add_user(BO, "bo")
    standin.add_channel(GENERAL, "general", [ANA, BO])
    return WebClient(base_url=standin.api_url, token=standin.workspace.bot_token)


def test_default_is_an_ephemeral_reply(standin: SlackStandIn, client: WebClient) -> None:
    url = standin.issue_response_url(channel_id=GENERAL, user_id=ANA)
    answer = WebhookClient(url).send(text="Only you can see this")
    assert answer.status_code == 200
    assert [e.text for e in standin.ephemerals(ANA, GENERAL)] == ["Only you can see this"]
    assert standin.ephemerals(BO) == []
    assert standin.messages(GENERAL) == []


def test_in_channel_reply_reaches_everyone_even_without_the_bot_there(
    standin: SlackStandIn, client: WebClient
) -> None:
    standin.add_channel("C0AWAY", "away", [ANA], include_bot=False)
    url = standin.issue_response_url(channel_id="C0AWAY", user_id=ANA)
    WebhookClient(url).send(text="Team run started", response_type="in_channel")
    [message] = standin.messages("C0AWAY")
    assert message.user == standin.workspace.bot_user_id


def test_replace_and_delete_the_clicked_message(standin: SlackStandIn, client: WebClient) -> None:
    ts = client.chat_postMessage(channel=GENERAL, text="Pick", blocks=BUTTON_BLOCKS)["ts"]
    url = standin.issue_response_url(channel_id=GENERAL, user_id=ANA, source_ts=ts)
    webhook = WebhookClient(url)
    webhook.send(text="Picked", replace_original=True)
    [message] = standin.messages(GENERAL)
    assert (message.ts, message.text, message.blocks) == (ts, "Picked", [])
    webhook.send(delete_original=True)
    assert standin.messages(GENERAL) == []


def test_replace_an_ephemeral_source(standin: SlackStandIn, client: WebClient) -> None:
    ts = client.chat_postEphemeral(channel=GENERAL, user=ANA, text="Pick", blocks=BUTTON_BLOCKS)[
        "message_ts"
    ]
    url = standin.issue_response_url(
        channel_id=GENERAL, user_id=ANA, source_ts=ts, source_is_ephemeral=True
    )
    WebhookClient(url).send(text="Thanks", replace_original=True)
    [ephemeral] = standin.ephemerals(ANA)
    assert (ephemeral.ts, visible_text(ephemeral)) == (ts, "Thanks")
    assert [v.text for v in ephemeral.edits] == ["Pick"]


def test_thread_ts(standin: SlackStandIn, client: WebClient) -> None:
    parent = client.chat_postMessage(channel=GENERAL, text="Run")["ts"]
    url = standin.issue_response_url(channel_id=GENERAL, user_id=ANA)
    WebhookClient(url).send_dict(
        {"text": "In the thread", "response_type": "in_channel", "thread_ts": parent}
    )
    assert [m.text for m in standin.thread(GENERAL, parent)] == ["Run", "In the thread"]


def test_five_uses_then_refused(standin: SlackStandIn, client: WebClient) -> None:
    webhook = WebhookClient(standin.issue_response_url(channel_id=GENERAL, user_id=ANA))
    for n in range(5):
        assert webhook.send(text=f"reply {n}").status_code == 200
    refused = webhook.send(text="sixth")
    assert refused.status_code == 404
    assert "used_url" in refused.body
    assert "more than 5 times" in standin.take_violations()[0]
    assert len(standin.ephemerals(ANA)) == 5


def test_thirty_minutes_then_expired(standin: SlackStandIn, client: WebClient) -> None:
    webhook = WebhookClient(standin.issue_response_url(channel_id=GENERAL, user_id=ANA))
    standin.clock.advance(29 * 60)
    assert webhook.send(text="just in time").status_code == 200
    standin.clock.advance(2 * 60)
    assert webhook.send(text="too late").status_code == 404
    assert "after 30 minutes" in standin.take_violations()[0]


def test_block_kit_limits_apply(standin: SlackStandIn, client: WebClient) -> None:
    webhook = WebhookClient(standin.issue_response_url(channel_id=GENERAL, user_id=ANA))
    header = {"type": "header", "text": {"type": "plain_text", "text": "x" * 151}}
    answer = webhook.send(text="t", blocks=[header])
    assert answer.status_code == 400
    assert "invalid_blocks" in answer.body
    [violation] = standin.take_violations()
    assert "/blocks/0/text/text" in violation
    assert standin.ephemerals(ANA) == []
