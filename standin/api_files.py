"""Slack's current file upload: files.getUploadURLExternal, a POST of the bytes to the URL it
returns, then files.completeUploadExternal to share the file into a conversation.

This is the flow slack_sdk's `WebClient.files_upload_v2` drives. The upload URL lives on this same
server; the bytes must be exactly the `length` announced, and sharing posts a message with
`files` into the channel (in the thread, with `initial_comment` as its text), as Slack does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from standin.api_chat import post_target
from standin.content import message_content
from standin.records import StoredFile
from standin.request import CallContext, Handler, multipart_file
from standin.shapes import file_object
from standin.state import SlackError, SlackState

MAX_ALT_TXT = 1000
UPLOAD_PATH = "/upload/v1/"
DOWNLOAD_PATH = "/files-pri/"


def get_upload_url(ctx: CallContext) -> dict[str, Any]:
    length = ctx.args.number("length", 0)
    if length <= 0:
        raise SlackError("missing_argument", messages=["[ERROR] length must be more than 0"])
    alt_txt = ctx.args.string("alt_txt")
    if alt_txt is not None and len(alt_txt) > MAX_ALT_TXT:
        raise SlackError("alt_txt_too_large", violation=True)
    filename = ctx.args.string("filename") or ""
    stored = StoredFile(
        id=ctx.state.ids.new("F"),
        team_id=ctx.workspace.team_id,
        user=ctx.workspace.bot_user_id,
        name=filename,
        title=filename,
        length=length,
        created=int(ctx.state.clock.now()),
        alt_txt=alt_txt,
        snippet_type=ctx.args.string("snippet_type"),
    )
    key = f"{ctx.state.ids.secret(16)}-{stored.id}"
    ctx.state.files[stored.id] = stored
    ctx.state.upload_keys[key] = stored.id
    return {"upload_url": f"{ctx.server_url}{UPLOAD_PATH}{key}", "file_id": stored.id}


@dataclass
class UploadAnswer:
    status: int
    text: str


def receive_upload(state: SlackState, key: str, content_type: str, body: bytes) -> UploadAnswer:
    """The POST of a file's bytes to its upload URL: raw bytes, or a multipart form's file."""
    file_id = state.upload_keys.get(key)
    if file_id is None:
        return UploadAnswer(404, "not found")
    stored = state.files[file_id]
    data = body
    if content_type.lower().startswith("multipart/form-data"):
        data = multipart_file(content_type, body) or b""
    if len(data) != stored.length:
        state.violation(
            f"upload of {stored.name!r} sent {len(data)} bytes after files.getUploadURLExternal "
            f"announced length={stored.length}"
        )
        return UploadAnswer(400, "length mismatch")
    stored.data = data
    return UploadAnswer(200, f"OK - {len(data)}")


def complete_upload(ctx: CallContext) -> dict[str, Any]:
    args = ctx.args
    items = args.decoded("files")
    if not isinstance(items, list) or not items:
        raise SlackError(
            "invalid_arguments",
            messages=["[ERROR] files must be a non-empty array"],
            violation=True,
        )
    uploads: list[StoredFile] = []
    for item in items:
        stored = ctx.state.files.get(item.get("id", "")) if isinstance(item, dict) else None
        if stored is None or stored.team_id != ctx.workspace.team_id or stored.completed:
            raise SlackError("file_not_found")
        if stored.data is None:
            raise SlackError(
                "file_not_found",
                violation=True,
                detail=f"{stored.id}: completed before its bytes were uploaded",
            )
        title = item.get("title")
        if isinstance(title, str) and title:
            stored.title = title
        uploads.append(stored)
    targets = [args.string("channel_id")] if args.present("channel_id") else []
    targets += [c.strip() for c in (args.string("channels") or "").split(",") if c.strip()]
    thread_ts = args.string("thread_ts")
    if thread_ts is not None and len(targets) != 1:
        raise SlackError(
            "invalid_arguments",
            messages=["[ERROR] thread_ts needs exactly one channel"],
            violation=True,
        )
    channels = [post_target(ctx, target) for target in targets]
    comment = args.string("initial_comment")
    content = message_content(
        text=comment,
        blocks=None if comment else args.decoded("blocks", error="invalid_blocks_format"),
        require_content=False,
    )
    for stored in uploads:
        stored.completed = True
    for channel in channels:
        for stored in uploads:
            stored.channels.append(channel.id)
        ctx.state.post_message(
            ctx.workspace,
            channel,
            user=ctx.workspace.bot_user_id,
            text=content.text,
            blocks=content.blocks,
            thread_ts=thread_ts,
            files=[file_object(stored, ctx.workspace) for stored in uploads],
        )
    return {"files": [file_object(stored, ctx.workspace) for stored in uploads]}


def serve_download(state: SlackState, path: str, token: str | None) -> tuple[int, bytes]:
    """`url_private`: the bytes, to a caller with a token of the file's workspace."""
    name_part = path[len(DOWNLOAD_PATH) :].split("/", 1)[0]
    _, _, file_id = name_part.partition("-")
    stored = state.files.get(file_id)
    team_id = state.tokens.get(token or "")
    if stored is None or stored.data is None or not stored.completed:
        return 404, b"not found"
    if team_id != stored.team_id or token in state.revoked_tokens:
        return 403, b"forbidden"
    return 200, stored.data


HANDLERS: dict[str, Handler] = {
    "files.getUploadURLExternal": get_upload_url,
    "files.completeUploadExternal": complete_upload,
}
