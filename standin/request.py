"""Reading a Web API request the way Slack does: query string, form body or JSON body.

Slack takes arguments from the query string and an `application/x-www-form-urlencoded` body
(nested values such as `blocks` JSON-encoded as strings), or from an `application/json` body, in
which case the token must come as `Authorization: Bearer` — a `token` field inside JSON is not
accepted. `Args` gives handlers typed access whichever way an argument arrived.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any
from urllib.parse import parse_qsl

from standin.records import Workspace
from standin.state import SlackError, SlackState


@dataclass
class ParsedRequest:
    args: dict[str, Any]
    token: str | None
    is_json: bool


def parse_request(
    *, query: str, headers: Mapping[str, str], body: bytes, content_type: str
) -> ParsedRequest:
    """Arguments and token of one call; raises SlackError for a body Slack could not read."""
    args: dict[str, Any] = dict(parse_qsl(query, keep_blank_values=True))
    media_type = content_type.split(";", 1)[0].strip().lower()
    is_json = media_type == "application/json"
    form_token: str | None = args.get("token")
    if is_json and body:
        try:
            decoded = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise SlackError("invalid_json", violation=True) from None
        if not isinstance(decoded, dict):
            raise SlackError("json_not_object", violation=True)
        args.update(decoded)
    elif media_type == "application/x-www-form-urlencoded" and body:
        form = dict(parse_qsl(body.decode("utf-8", errors="replace"), keep_blank_values=True))
        args.update(form)
        form_token = form.get("token", form_token)
    elif media_type == "multipart/form-data" and body:
        form = _multipart_fields(content_type, body)
        args.update(form)
        form_token = form.get("token", form_token)
    token = bearer_token(headers) or form_token or None
    args.pop("token", None)
    return ParsedRequest(args=args, token=token, is_json=is_json)


def bearer_token(headers: Mapping[str, str]) -> str | None:
    value = headers.get("Authorization") or headers.get("authorization") or ""
    scheme, _, credential = value.partition(" ")
    if scheme.lower() == "bearer" and credential.strip():
        return credential.strip()
    return None


def _multipart_fields(content_type: str, body: bytes) -> dict[str, str]:
    message = BytesParser(policy=HTTP).parsebytes(
        b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body
    )
    fields: dict[str, str] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if isinstance(name, str) and part.get_filename() is None:
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                fields[name] = payload.decode("utf-8", errors="replace")
    return fields


def multipart_file(content_type: str, body: bytes) -> bytes | None:
    """The first file part of a multipart body (an upload URL accepts raw or multipart bytes)."""
    message = BytesParser(policy=HTTP).parsebytes(
        b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body
    )
    for part in message.iter_parts():
        payload = part.get_payload(decode=True)
        if part.get_filename() is not None and isinstance(payload, bytes):
            return payload
    return None


class Args:
    """One call's arguments with Slack's coercions: `"1"`/`"true"` are true, JSON may arrive as
    a string, an empty string counts as absent."""

    def __init__(self, values: Mapping[str, Any]) -> None:
        self._values = dict(values)

    def __contains__(self, name: str) -> bool:
        return self.present(name)

    def present(self, name: str) -> bool:
        value = self._values.get(name)
        return value is not None and value != ""

    def raw(self) -> dict[str, Any]:
        return dict(self._values)

    def string(self, name: str) -> str | None:
        value = self._values.get(name)
        if value is None or value == "":
            return None
        if isinstance(value, str):
            return value
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int | float):
            return str(value)
        return json.dumps(value)

    def flag(self, name: str, default: bool = False) -> bool:
        value = self._values.get(name)
        if value is None or value == "":
            return default
        if isinstance(value, bool):
            return value
        return str(value).strip().lower() in ("1", "true", "yes")

    def number(self, name: str, default: int) -> int:
        value = self._values.get(name)
        if value is None or value == "":
            return default
        try:
            return int(value)
        except (TypeError, ValueError):
            raise SlackError(
                "invalid_arguments", messages=[f"[ERROR] {name} must be an integer"]
            ) from None

    def decoded(self, name: str, *, error: str = "invalid_arguments") -> Any:
        """A structured argument, decoded if it came JSON-encoded in a string."""
        value = self._values.get(name)
        if value is None or value == "":
            return None
        if isinstance(value, str):
            try:
                return json.loads(value)
            except ValueError:
                raise SlackError(
                    error, messages=[f"[ERROR] {name} is not valid JSON"], violation=True
                ) from None
        return value


@dataclass
class CallContext:
    """What a Web API method handler gets: the state (lock held), the caller's workspace, the
    arguments, and this server's own address (for upload URLs)."""

    state: SlackState
    workspace: Workspace
    args: Args
    method: str
    server_url: str
    client_credentials: tuple[str, str] | None = None
    """`Authorization: Basic` client id and secret, which `oauth.v2.access` takes."""


Handler = Callable[[CallContext], dict[str, Any]]
