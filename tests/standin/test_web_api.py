"""The stand-in's Web API through slack_sdk's real WebClient: shapes, state and Slack's errors."""

from __future__ import annotations

import json
import socket
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from standin import SlackStandIn, visible_text

ANA, BO, CY = "U0ANA", "U0BO", "U0CY"
GENERAL, SECRET, ELSEWHERE = "C0GENERAL", "C0SECRET", "C0ELSEWHERE"

BUTTONS: list[dict[str, Any]] = [
    {"type": "section", "text": {"type": "mrkdwn", "text": "*Ready?*"}},
    {
        "type": "actions",
        "block_id": "choices",
        "elements": [
            {
                "type": "button",
                "action_id": "start",
                "text": {"type": "plain_text", "text": "Start"},
                "value": "go",
            }
        ],
    },
]


@pytest.fixture
def client(standin: SlackStandIn) -> WebClient:
    standin.add_user(ANA, "ana", real_name="Ana Lima", tz="Europe/Lisbon", is_admin=True)
    standin.add_user(BO, "bo", tz="America/New_York")
    standin.add_user(CY, "cy")
    standin.add_channel(GENERAL, "general", [ANA, BO])
    standin.add_channel(SECRET, "secret", [ANA], is_private=True, include_bot=False)
    standin.add_channel(ELSEWHERE, "elsewhere", [ANA], include_bot=False)
    return WebClient(base_url=standin.api_url, token=standin.workspace.bot_token)


def api_error(excinfo: pytest.ExceptionInfo[SlackApiError]) -> str:
    return str(excinfo.value.response["error"])


def test_auth_test_describes_the_bot(standin: SlackStandIn, client: WebClient) -> None:
    answer = client.auth_test()
    workspace = standin.workspace
    assert answer["user_id"] == workspace.bot_user_id
    assert answer["bot_id"] == workspace.bot_id
    assert answer["team_id"] == workspace.team_id
    assert answer["url"] == f"https://{workspace.domain}.slack.com/"


def test_post_message_answers_with_slacks_shape_and_appears_in_the_channel(
    standin: SlackStandIn, client: WebClient
) -> None:
    answer = client.chat_postMessage(channel=GENERAL, text="Ready?", blocks=BUTTONS)
    assert answer["channel"] == GENERAL
    message = answer["message"]
    assert message["ts"] == answer["ts"]
    assert message["user"] == standin.workspace.bot_user_id
    assert message["bot_id"] == standin.workspace.bot_id
    assert message["blocks"][0]["block_id"]  # Slack gives every block an id
    assert message["blocks"][1]["block_id"] == "choices"
    [seen] = standin.messages(GENERAL)
    assert seen.ts == answer["ts"]
    assert visible_text(seen) == "*Ready?*\nStart"


def test_timestamps_are_unique_and_increasing(client: WebClient) -> None:
    stamps = [client.chat_postMessage(channel=GENERAL, text=str(n))["ts"] for n in range(20)]
    assert stamps == sorted(set(stamps), key=float)


def test_a_user_id_as_channel_means_the_bots_dm_with_them(
    standin: SlackStandIn, client: WebClient
) -> None:
    answer = client.chat_postMessage(channel=ANA, text="Hello Ana")
    assert answer["channel"].startswith("D")
    assert answer["channel"] == standin.dm_channel_id(ANA)
    assert [m.text for m in standin.dm(ANA)] == ["Hello Ana"]


def test_conversations_open_gives_the_same_dm_every_time(
    standin: SlackStandIn, client: WebClient
) -> None:
    first = client.conversations_open(users=BO)
    second = client.conversations_open(users=[BO])
    assert first["channel"]["id"] == second["channel"]["id"]
    assert first["channel"]["id"].startswith("D")
    assert "already_open" not in first.data
    assert second["already_open"] is True
    full = client.conversations_open(users=BO, return_im=True)["channel"]
    assert full["is_im"] is True
    assert full["user"] == BO


def test_update_edits_in_place_and_keeps_history(standin: SlackStandIn, client: WebClient) -> None:
    ts = client.chat_postMessage(channel=GENERAL, text="Ready?", blocks=BUTTONS)["ts"]
    answer = client.chat_update(channel=GENERAL, ts=ts, text="Started")
    assert answer["ts"] == ts
    assert answer["message"]["edited"]["user"] == standin.workspace.bot_user_id
    [seen] = standin.messages(GENERAL)
    assert seen.text == "Started"
    assert seen.blocks  # blocks are kept unless blocks are sent
    assert [version.text for version in seen.edits] == ["Ready?"]
    client.chat_update(channel=GENERAL, ts=ts, text="Done", blocks=[])
    assert standin.messages(GENERAL)[0].blocks == []


def test_delete_removes_the_message(standin: SlackStandIn, client: WebClient) -> None:
    ts = client.chat_postMessage(channel=GENERAL, text="oops")["ts"]
    assert client.chat_delete(channel=GENERAL, ts=ts)["ts"] == ts
    assert standin.messages(GENERAL) == []
    with pytest.raises(SlackApiError) as excinfo:
        client.chat_update(channel=GENERAL, ts=ts, text="again")
    assert api_error(excinfo) == "message_not_found"


def test_threads(standin: SlackStandIn, client: WebClient) -> None:
    parent = client.chat_postMessage(channel=GENERAL, text="Team run started")["ts"]
    client.chat_postMessage(channel=GENERAL, text="1 of 3 answered", thread_ts=parent)
    client.chat_postMessage(channel=GENERAL, text="2 of 3 answered", thread_ts=parent)
    assert [m.text for m in standin.messages(GENERAL)] == ["Team run started"]
    thread = standin.thread(GENERAL, parent)
    assert [m.text for m in thread] == ["Team run started", "1 of 3 answered", "2 of 3 answered"]
    assert all(m.thread_ts == parent for m in thread[1:])


def test_ephemeral_messages_are_seen_by_one_member(
    standin: SlackStandIn, client: WebClient
) -> None:
    answer = client.chat_postEphemeral(channel=GENERAL, user=BO, text="Only for you")
    [ephemeral] = standin.ephemerals(BO, GENERAL)
    assert ephemeral.ts == answer["message_ts"]
    assert ephemeral.text == "Only for you"
    assert standin.ephemerals(ANA) == []
    assert standin.messages(GENERAL) == []


def test_ephemeral_in_a_dm_counts_the_dm_members(standin: SlackStandIn, client: WebClient) -> None:
    dm = client.conversations_open(users=CY)["channel"]["id"]
    client.chat_postEphemeral(channel=dm, user=CY, text="psst")
    assert [e.text for e in standin.ephemerals(CY, dm)] == ["psst"]


def test_users_info_has_time_zone_and_roles(client: WebClient) -> None:
    ana = client.users_info(user=ANA)["user"]
    assert ana["tz"] == "Europe/Lisbon"
    assert ana["tz_label"] in ("Western European Time", "Western European Summer Time")
    assert ana["tz_offset"] in (0, 3600)
    assert ana["is_admin"] is True
    assert ana["is_owner"] is False
    assert ana["profile"]["real_name"] == "Ana Lima"
    bo = client.users_info(user=BO)["user"]
    assert bo["tz_offset"] in (-5 * 3600, -4 * 3600)


def test_conversations_info(standin: SlackStandIn, client: WebClient) -> None:
    info = client.conversations_info(channel=GENERAL)["channel"]
    assert info["id"] == GENERAL
    assert info["name"] == "general"
    assert info["is_member"] is True
    assert info["is_private"] is False
    outside = client.conversations_info(channel=ELSEWHERE)["channel"]
    assert outside["is_member"] is False


def test_members_are_paginated_with_cursors(standin: SlackStandIn, client: WebClient) -> None:
    people = [f"U0P{n:03d}" for n in range(7)]
    for user_id in people:
        standin.add_user(user_id, user_id.lower())
    standin.add_channel("C0BIG", "big", people)
    first = client.conversations_members(channel="C0BIG", limit=3)
    assert first["members"] == people[:3]
    assert first["response_metadata"]["next_cursor"]
    seen = [
        member
        for page in client.conversations_members(channel="C0BIG", limit=3)
        for member in page["members"]
    ]
    assert seen == [*people, standin.workspace.bot_user_id]
    with pytest.raises(SlackApiError) as excinfo:
        client.conversations_members(channel="C0BIG", cursor="bm90LWEtY3Vyc29y")
    assert api_error(excinfo) == "invalid_cursor"


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda c: c.chat_postMessage(channel="C0NOPE", text="x"), "channel_not_found"),
        (lambda c: c.chat_postMessage(channel=SECRET, text="x"), "channel_not_found"),
        (lambda c: c.chat_postMessage(channel=ELSEWHERE, text="x"), "not_in_channel"),
        (lambda c: c.chat_postMessage(channel="U0NOBODY", text="x"), "channel_not_found"),
        (lambda c: c.chat_postEphemeral(channel=GENERAL, user=CY, text="x"), "user_not_in_channel"),
        (
            lambda c: c.chat_postEphemeral(channel=GENERAL, user="U0NOBODY", text="x"),
            "user_not_found",
        ),
        (lambda c: c.chat_update(channel=GENERAL, ts="1.000001", text="x"), "message_not_found"),
        (lambda c: c.chat_delete(channel=GENERAL, ts="1.000001"), "message_not_found"),
        (lambda c: c.users_info(user="U0NOBODY"), "user_not_found"),
        (lambda c: c.conversations_info(channel=SECRET), "channel_not_found"),
        (lambda c: c.conversations_open(users="U0NOBODY"), "user_not_found"),
    ],
)
def test_slacks_errors_for_situations_the_bot_must_handle(
    standin: SlackStandIn, client: WebClient, call: object, error: str
) -> None:
    assert callable(call)
    with pytest.raises(SlackApiError) as excinfo:
        call(client)
    assert excinfo.value.response.status_code == 200
    assert api_error(excinfo) == error
    assert standin.violations == []  # a situation, not a broken contract


def test_only_the_bots_own_messages_can_be_edited(standin: SlackStandIn, client: WebClient) -> None:
    driver_side_dm = standin.dm_channel_id(ANA)
    with standin.state.lock:
        workspace = standin.workspace
        channel = standin.state.channels[driver_side_dm]
        theirs = standin.state.post_message(workspace, channel, user=ANA, text="mine", by_bot=False)
    with pytest.raises(SlackApiError) as excinfo:
        client.chat_update(channel=driver_side_dm, ts=theirs.ts, text="changed")
    assert api_error(excinfo) == "cant_update_message"


def test_no_text_is_a_violation(standin: SlackStandIn, client: WebClient) -> None:
    with pytest.raises(SlackApiError) as excinfo:
        client.api_call("chat.postMessage", json={"channel": GENERAL, "text": ""})
    assert api_error(excinfo) == "no_text"
    assert len(standin.take_violations()) == 1


def test_too_many_blocks_is_invalid_blocks_and_a_violation(
    standin: SlackStandIn, client: WebClient
) -> None:
    blocks = [{"type": "divider"}] * 51
    with pytest.raises(SlackApiError) as excinfo:
        client.chat_postMessage(channel=GENERAL, text="many", blocks=blocks)
    assert api_error(excinfo) == "invalid_blocks"
    assert excinfo.value.response["response_metadata"]["messages"] == [
        "[ERROR] must provide at most 50 items [json-pointer:/blocks]"
    ]
    [violation] = standin.take_violations()
    assert violation.startswith("chat.postMessage: invalid_blocks")
    assert standin.messages(GENERAL) == []


def test_a_76_character_button_is_refused(standin: SlackStandIn, client: WebClient) -> None:
    button = {
        "type": "button",
        "action_id": "long",
        "text": {"type": "plain_text", "text": "x" * 76},
    }
    blocks = [{"type": "actions", "elements": [button]}]
    with pytest.raises(SlackApiError) as excinfo:
        client.chat_postEphemeral(channel=GENERAL, user=ANA, text="t", blocks=blocks)
    assert api_error(excinfo) == "invalid_blocks"
    assert "[json-pointer:/blocks/0/elements/0/text/text]" in standin.take_violations()[0]
    button["text"] = {"type": "plain_text", "text": "x" * 75}
    client.chat_postEphemeral(channel=GENERAL, user=ANA, text="t", blocks=blocks)


def test_text_over_40000_characters_is_msg_too_long(
    standin: SlackStandIn, client: WebClient
) -> None:
    with pytest.raises(SlackApiError) as excinfo:
        client.chat_postMessage(channel=GENERAL, text="x" * 40_001)
    assert api_error(excinfo) == "msg_too_long"
    assert standin.take_violations()


def test_missing_required_argument_is_a_violation(standin: SlackStandIn, client: WebClient) -> None:
    with pytest.raises(SlackApiError) as excinfo:
        client.api_call("chat.postEphemeral", json={"channel": GENERAL, "text": "x"})
    assert api_error(excinfo) == "user_not_found"
    assert excinfo.value.response["response_metadata"]["messages"] == [
        "[ERROR] missing required field: user"
    ]
    [violation] = standin.take_violations()
    assert "missing required field: user" in violation


def test_unknown_method_is_a_violation(standin: SlackStandIn, client: WebClient) -> None:
    with pytest.raises(SlackApiError) as excinfo:
        client.api_call("chat.postMesage", json={"channel": GENERAL, "text": "typo"})
    assert api_error(excinfo) == "unknown_method"
    [violation] = standin.take_violations()
    assert "chat.postMesage" in violation


def test_retired_files_upload_is_refused(standin: SlackStandIn, client: WebClient) -> None:
    with pytest.raises(SlackApiError) as excinfo:
        client.api_call("files.upload", data={"channels": GENERAL, "content": "x"})
    assert api_error(excinfo) == "method_deprecated"
    assert "files_upload_v2" in standin.take_violations()[0]


def test_a_real_method_the_stand_in_does_not_model_fails_loudly(
    standin: SlackStandIn, client: WebClient
) -> None:
    with pytest.raises(SlackApiError) as excinfo:
        client.reactions_add(channel=GENERAL, timestamp="1.000001", name="tada")
    assert api_error(excinfo) == "not_modelled"
    assert "reactions.add" in standin.take_violations()[0]


def test_tokens(standin: SlackStandIn, client: WebClient) -> None:
    with pytest.raises(SlackApiError) as excinfo:
        WebClient(base_url=standin.api_url).auth_test()
    assert api_error(excinfo) == "not_authed"
    assert len(standin.take_violations()) == 1
    with pytest.raises(SlackApiError) as excinfo:
        WebClient(base_url=standin.api_url, token="xoxb-1-2-unknown").auth_test()
    assert api_error(excinfo) == "invalid_auth"
    standin.revoke_tokens()
    with pytest.raises(SlackApiError) as excinfo:
        client.auth_test()
    assert api_error(excinfo) == "token_revoked"
    assert standin.violations == []


def raw_post(url: str, body: bytes, headers: dict[str, str]) -> dict[str, object]:
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    with urllib.request.urlopen(request, timeout=5) as response:
        answer: dict[str, object] = json.loads(response.read())
    return answer


def test_form_encoded_calls_with_token_argument_and_json_encoded_blocks(
    standin: SlackStandIn, client: WebClient
) -> None:
    body = urlencode(
        {
            "token": standin.workspace.bot_token,
            "channel": GENERAL,
            "text": "form",
            "blocks": json.dumps(BUTTONS),
        }
    ).encode()
    answer = raw_post(
        standin.api_url + "chat.postMessage",
        body,
        {"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert answer["ok"] is True
    assert visible_text(standin.messages(GENERAL)[0]) == "*Ready?*\nStart"


def test_query_string_arguments(standin: SlackStandIn, client: WebClient) -> None:
    url = f"{standin.api_url}users.info?user={ANA}"
    request = urllib.request.Request(
        url, headers={"Authorization": f"Bearer {standin.workspace.bot_token}"}
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        assert json.loads(response.read())["user"]["id"] == ANA


def test_a_token_inside_a_json_body_is_not_read(standin: SlackStandIn, client: WebClient) -> None:
    body = json.dumps({"token": standin.workspace.bot_token, "channel": GENERAL, "text": "x"})
    answer = raw_post(
        standin.api_url + "chat.postMessage", body.encode(), {"Content-Type": "application/json"}
    )
    assert answer == {"ok": False, "error": "not_authed"}
    assert "JSON body" in standin.take_violations()[0]


def test_calls_are_logged_without_the_token(standin: SlackStandIn, client: WebClient) -> None:
    client.chat_postMessage(channel=GENERAL, text="logged")
    [call] = standin.calls_to("chat.postMessage")
    assert call.args == {"channel": GENERAL, "text": "logged"}
    assert call.team_id == standin.workspace.team_id
    assert standin.workspace.bot_token not in json.dumps([c.args for c in standin.calls])


def test_second_workspace_has_its_own_token_and_directory(standin: SlackStandIn) -> None:
    other = standin.add_workspace(team_name="Other Co", domain="other-co")
    standin.add_user("U0OTHER", "olu", workspace=other)
    standin.add_channel("C0OTHER", "other", ["U0OTHER"], workspace=other)
    other_client = WebClient(base_url=standin.api_url, token=other.bot_token)
    assert other_client.auth_test()["team_id"] == other.team_id
    other_client.chat_postMessage(channel="C0OTHER", text="hi")
    with pytest.raises(SlackApiError) as excinfo:
        other_client.conversations_info(channel=GENERAL)
    assert api_error(excinfo) == "channel_not_found"
    with pytest.raises(SlackApiError) as excinfo:
        other_client.users_info(user=ANA)
    assert api_error(excinfo) == "user_not_found"
    assert standin.dm("U0OTHER", workspace=other) == []


def test_wait_for_returns_the_value_or_explains_the_timeout(
    standin: SlackStandIn, client: WebClient
) -> None:
    client.chat_postMessage(channel=GENERAL, text="here")
    assert standin.wait_for(lambda: standin.messages(GENERAL)[0]).text == "here"
    with pytest.raises(AssertionError, match="waiting for a reply to Bo"):
        standin.wait_for(lambda: standin.dm(BO)[0], timeout=0.1, description="a reply to Bo")


def test_many_threads_at_once(standin: SlackStandIn, client: WebClient) -> None:
    def post(worker: int) -> list[str]:
        return [
            client.chat_postMessage(channel=GENERAL, text=f"{worker}-{n}")["ts"] for n in range(10)
        ]

    with ThreadPoolExecutor(max_workers=8) as pool:
        stamps = [ts for batch in pool.map(post, range(8)) for ts in batch]
    assert len(set(stamps)) == 80
    assert len(standin.messages(GENERAL)) == 80
    assert [m.ts for m in standin.messages(GENERAL)] == sorted(stamps, key=float)


def test_history_pages_newest_first_and_shows_metadata_only_when_asked(
    standin: SlackStandIn, client: WebClient
) -> None:
    dm = client.conversations_open(users=ANA)["channel"]["id"]
    marker = {"event_type": "step", "event_payload": {"n": 1}}
    posted = [
        client.chat_postMessage(channel=dm, text=f"m{n}", metadata=marker if n == 2 else None)["ts"]
        for n in range(1, 6)
    ]
    client.chat_postMessage(channel=dm, text="reply", thread_ts=posted[0])
    first = client.conversations_history(channel=dm, limit=2)
    assert [m["text"] for m in first["messages"]] == ["m5", "m4"] and first["has_more"]
    rest = client.conversations_history(
        channel=dm, limit=10, cursor=first["response_metadata"]["next_cursor"]
    )
    assert [m["text"] for m in rest["messages"]] == ["m3", "m2", "m1"]  # no thread replies
    assert not rest["has_more"] and "metadata" not in rest["messages"][1]
    with_metadata = client.conversations_history(
        channel=dm, oldest=posted[0], include_all_metadata=True
    )
    assert [m["text"] for m in with_metadata["messages"]] == ["m5", "m4", "m3", "m2"]
    assert with_metadata["messages"][-1]["metadata"] == marker
    with pytest.raises(SlackApiError) as excinfo:
        client.conversations_history(channel=SECRET)
    assert api_error(excinfo) == "channel_not_found"
    assert standin.violations == []


def test_a_caller_killed_mid_request_changes_nothing(
    standin: SlackStandIn, client: WebClient
) -> None:
    """A bot process SIGKILLed while sending: Slack never sees a whole request, so acts on none;
    the stand-in neither records a call nor blames the bot for the missing arguments."""
    host, port = urlsplit(standin.base_url).netloc.split(":")
    body = urlencode({"channel": GENERAL, "text": "half of a message that never arrives"})
    with socket.create_connection((host, int(port))) as sock:
        sock.sendall(
            b"POST /api/chat.postMessage HTTP/1.1\r\n"
            + f"Host: {host}\r\nAuthorization: Bearer {standin.workspace.bot_token}\r\n".encode()
            + b"Content-Type: application/x-www-form-urlencoded\r\n"
            + f"Content-Length: {len(body)}\r\n\r\n".encode()
            + body[: len(body) // 2].encode()
        )
    client.chat_postMessage(channel=GENERAL, text="a whole one")  # answered after the other
    assert [m.text for m in standin.messages(GENERAL)] == ["a whole one"]
    assert [c.method for c in standin.calls] == ["chat.postMessage"]
    assert standin.violations == []


def test_replies_give_the_thread_parent_first_with_metadata_only_when_asked(
    standin: SlackStandIn, client: WebClient
) -> None:
    parent = client.chat_postMessage(channel=GENERAL, text="Team profile")["ts"]
    marker = {"event_type": "step", "event_payload": {"n": 2}}
    client.chat_postMessage(channel=GENERAL, text="elsewhere")
    client.chat_postMessage(channel=GENERAL, text="Full report", thread_ts=parent, metadata=marker)
    client.chat_postMessage(channel=GENERAL, text="second reply", thread_ts=parent)
    plain = client.conversations_replies(channel=GENERAL, ts=parent)
    assert [m["text"] for m in plain["messages"]] == ["Team profile", "Full report", "second reply"]
    assert "metadata" not in plain["messages"][1]
    paged = client.conversations_replies(
        channel=GENERAL, ts=parent, limit=2, include_all_metadata=True
    )
    assert [m["text"] for m in paged["messages"]] == ["Team profile", "Full report"]
    assert paged["has_more"] and paged["messages"][1]["metadata"] == marker
    with pytest.raises(SlackApiError) as excinfo:
        client.conversations_replies(channel=GENERAL, ts="1.000001")
    assert api_error(excinfo) == "thread_not_found"
