"""File uploads the way slack_sdk's files_upload_v2 really does them, end to end."""

from __future__ import annotations

import urllib.request

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from standin import SlackStandIn

ANA = "U0ANA"
GENERAL = "C0GENERAL"
CSV = b"dimension,score\nOutcome Definition,1.5\nOnboarding,3.0\n"


@pytest.fixture
def client(standin: SlackStandIn) -> WebClient:
    standin.add_user(ANA, "ana")
    standin.add_channel(GENERAL, "general", [ANA])
    return WebClient(base_url=standin.api_url, token=standin.workspace.bot_token)


def test_files_upload_v2_shares_the_file_into_the_channel(
    standin: SlackStandIn, client: WebClient
) -> None:
    answer = client.files_upload_v2(
        channel=GENERAL,
        content=CSV,
        filename="team-profile.csv",
        title="Team profile",
        initial_comment="Here is the team's profile",
        alt_txt="Scores per dimension",
    )
    shared = answer["file"]
    assert shared["name"] == "team-profile.csv"
    assert shared["title"] == "Team profile"
    assert shared["size"] == len(CSV)
    assert shared["alt_txt"] == "Scores per dimension"
    [stored] = standin.files(GENERAL)
    assert stored.data == CSV
    [message] = standin.messages(GENERAL)
    assert message.text == "Here is the team's profile"
    assert [f["id"] for f in message.files] == [shared["id"]]
    upload_call = standin.calls_to("files.getUploadURLExternal")[0]
    assert upload_call.args["alt_txt"] == "Scores per dimension"  # slack_sdk sends alt_txt
    assert upload_call.args["length"] == str(len(CSV))


def test_upload_into_a_thread_and_into_a_dm(standin: SlackStandIn, client: WebClient) -> None:
    parent = client.chat_postMessage(channel=GENERAL, text="Results")["ts"]
    client.files_upload_v2(channel=GENERAL, thread_ts=parent, content=b"a", filename="a.txt")
    [_, reply] = standin.thread(GENERAL, parent)
    assert reply.files[0]["name"] == "a.txt"
    dm = client.conversations_open(users=ANA)["channel"]["id"]
    client.files_upload_v2(channel=dm, content=b"mine", filename="mine.txt")
    assert standin.dm(ANA)[0].files[0]["name"] == "mine.txt"


def test_url_private_serves_the_bytes_to_the_workspace_token(
    standin: SlackStandIn, client: WebClient
) -> None:
    url = client.files_upload_v2(channel=GENERAL, content=CSV, filename="p.csv")["file"][
        "url_private"
    ]
    local = url.replace("https://files.slack.com", standin.base_url)
    request = urllib.request.Request(
        local, headers={"Authorization": f"Bearer {standin.workspace.bot_token}"}
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        assert response.read() == CSV


def test_upload_must_send_the_announced_length(standin: SlackStandIn, client: WebClient) -> None:
    answer = client.files_getUploadURLExternal(filename="x.txt", length=10)
    request = urllib.request.Request(answer["upload_url"], data=b"short", method="POST")
    with pytest.raises(urllib.error.HTTPError) as excinfo:
        urllib.request.urlopen(request, timeout=5)
    excinfo.value.close()
    assert excinfo.value.code == 400
    assert "announced length=10" in standin.take_violations()[0]


def test_completing_before_uploading_is_refused(standin: SlackStandIn, client: WebClient) -> None:
    file_id = client.files_getUploadURLExternal(filename="x.txt", length=3)["file_id"]
    with pytest.raises(SlackApiError) as excinfo:
        client.files_completeUploadExternal(
            files=[{"id": file_id, "title": "x"}], channel_id=GENERAL
        )
    assert excinfo.value.response["error"] == "file_not_found"
    assert "before its bytes were uploaded" in standin.take_violations()[0]


def test_sharing_where_the_bot_is_not_fails_like_slack(
    standin: SlackStandIn, client: WebClient
) -> None:
    standin.add_channel("C0AWAY", "away", [ANA], include_bot=False)
    with pytest.raises(SlackApiError) as excinfo:
        client.files_upload_v2(channel="C0AWAY", content=b"x", filename="x.txt")
    assert excinfo.value.response["error"] == "not_in_channel"


def test_upload_url_also_takes_a_multipart_form(standin: SlackStandIn, client: WebClient) -> None:
    answer = client.files_getUploadURLExternal(filename="m.csv", length=len(CSV))
    boundary = "sandbox-boundary"
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="filename"; filename="m.csv"\r\n'
            "Content-Type: text/csv\r\n\r\n"
        ).encode()
        + CSV
        + f"\r\n--{boundary}--\r\n".encode()
    )
    request = urllib.request.Request(
        answer["upload_url"],
        data=body,
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        assert response.status == 200
    client.files_completeUploadExternal(files=[{"id": answer["file_id"]}], channel_id=GENERAL)
    assert standin.files(GENERAL)[0].data == CSV
