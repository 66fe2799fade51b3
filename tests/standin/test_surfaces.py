"""`recorded_surfaces`: everything the stand-in recorded, and who could see each piece."""

from __future__ import annotations

import pytest
from slack_sdk import WebClient

from standin import SlackStandIn
from standin.surfaces import Surface, recorded_surfaces

ANA, BO, CY = "U0ANA", "U0BO", "U0CY"
GENERAL = "C0GENERAL"


@pytest.fixture
def client(standin: SlackStandIn) -> WebClient:
    for user in (ANA, BO, CY):
        standin.add_user(user, user[2:].lower())
    standin.add_channel(GENERAL, "general", [ANA, BO])
    return WebClient(base_url=standin.api_url, token=standin.workspace.bot_token)


def _home(text: str) -> dict[str, object]:
    section = {"type": "section", "text": {"type": "mrkdwn", "text": text}}
    return {"type": "home", "blocks": [section]}


def _find(surfaces: list[Surface], kind: str, words: str) -> Surface:
    return next(s for s in surfaces if s.kind == kind and words in s.text)


def test_messages_with_their_earlier_versions_threads_and_deleted_ones(
    standin: SlackStandIn, client: WebClient
) -> None:
    parent = client.chat_postMessage(channel=GENERAL, text="first words")["ts"]
    client.chat_update(channel=GENERAL, ts=parent, text="second words")
    client.chat_postMessage(channel=GENERAL, text="in the thread", thread_ts=parent)
    gone = client.chat_postMessage(channel=GENERAL, text="soon deleted")["ts"]
    client.chat_delete(channel=GENERAL, ts=gone)
    client.chat_postMessage(channel=CY, text="only for Cy")

    surfaces = recorded_surfaces(standin)
    both = frozenset({ANA, BO})  # the bot is a member too, but never a viewer
    assert _find(surfaces, "message version", "first words").viewers == both
    assert _find(surfaces, "message", "second words").ref == parent
    reply = _find(surfaces, "message", "in the thread")
    assert reply.thread_ts == parent and reply.viewers == both
    assert _find(surfaces, "message", "soon deleted").viewers == both
    assert _find(surfaces, "message", "only for Cy").viewers == {CY}


def test_ephemerals_views_and_files_with_their_one_viewer_or_their_channels(
    standin: SlackStandIn, client: WebClient
) -> None:
    client.chat_postEphemeral(channel=GENERAL, user=BO, text="just for Bo")
    client.views_publish(user_id=ANA, view=_home("Ana's first home"))
    client.views_publish(user_id=ANA, view=_home("Ana's second home"))
    modal = {
        "type": "modal",
        "title": {"type": "plain_text", "text": "Bo's modal"},
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "inside"}}],
    }
    client.views_open(trigger_id=standin.issue_trigger(BO), view=modal)
    client.files_upload_v2(
        channel=GENERAL, content=b"x", filename="shared.png", title="Shared", alt_txt="alt words"
    )
    dm = client.conversations_open(users=CY)["channel"]["id"]
    client.files_upload_v2(channel=dm, content=b"y", filename="mine.png", title="Cy's own")

    surfaces = recorded_surfaces(standin)
    assert _find(surfaces, "ephemeral", "just for Bo").viewers == {BO}
    assert _find(surfaces, "home", "Ana's second home").viewers == {ANA}
    assert _find(surfaces, "home as sent", "Ana's first home").viewers == {ANA}
    assert _find(surfaces, "modal", "Bo's modal").viewers == {BO}
    assert _find(surfaces, "modal as sent", "inside").viewers == {BO}
    shared = _find(surfaces, "file", "Shared")
    assert "alt words" in shared.text and shared.viewers == {ANA, BO}
    assert _find(surfaces, "file", "Cy's own").viewers == {CY}
    # The messages sharing the files show their titles to the same people.
    assert _find(surfaces, "message", "Shared").viewers == {ANA, BO}


def test_it_changes_nothing(standin: SlackStandIn, client: WebClient) -> None:
    client.chat_postMessage(channel=GENERAL, text="hello")
    before = standin.messages(GENERAL), len(standin.calls)
    recorded_surfaces(standin)
    assert (standin.messages(GENERAL), len(standin.calls)) == before
