"""The Web API front door: every `/api/<method>` call is read, checked and answered here.

Slack answers errors with HTTP 200 and `{"ok": false, "error": ...}`; rate limits with 429 and
`Retry-After`. Before a method runs, the call is checked against Slack's published contract:
the methods of Slack's OpenAPI description (`contract.py`, from 2020) and, for the current methods
Slack's SDK types describe, their arguments field by field (`schema_check.py`). An unknown method,
a retired one, a missing token, a missing, misspelt or mistyped argument is answered as Slack
would and recorded as a violation, which fails the test that caused it; the method itself then
checks blocks and views against Slack's Block Kit types (`content.py`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from standin import (
    api_apps,
    api_canvases,
    api_chat,
    api_directory,
    api_files,
    api_pins,
    api_views,
    oauth,
)
from standin.contract import method_table
from standin.records import JSON, AcceptHook, Call, Fault
from standin.request import Args, CallContext, Handler, ParsedRequest, parse_request
from standin.schema_check import argument_problems, dotted, methods_with_schema
from standin.state import SlackError, SlackState

HANDLERS: dict[str, Handler] = {
    **api_apps.HANDLERS,
    **api_directory.HANDLERS,
    **api_chat.HANDLERS,
    **api_views.HANDLERS,
    **api_files.HANDLERS,
    **api_canvases.HANDLERS,
    **api_pins.HANDLERS,
    **oauth.HANDLERS,
}

# What Slack answers when a required argument is missing, where it is not `invalid_arguments`.
MISSING_ARGUMENT_ERRORS = {
    ("chat.postMessage", "channel"): "channel_not_found",
    ("chat.postEphemeral", "channel"): "channel_not_found",
    ("chat.postEphemeral", "user"): "user_not_found",
    ("chat.update", "channel"): "channel_not_found",
    ("chat.update", "ts"): "message_not_found",
    ("views.open", "trigger_id"): "invalid_trigger_id",
    ("views.push", "trigger_id"): "invalid_trigger_id",
    ("views.publish", "user_id"): "user_not_found",
    # A message with neither text nor blocks nor attachments.
    ("chat.postMessage", "text"): "no_text",
    ("chat.postEphemeral", "text"): "no_text",
    ("chat.update", "text"): "no_text",
}

APP_TOKEN_METHODS = frozenset({"apps.connections.open"})
"""Methods that take only an app-level token."""

SERVER_ERRORS = {500: "internal_error", 503: "service_unavailable"}


@dataclass
class HttpAnswer:
    status: int
    headers: dict[str, str]
    body: bytes


def json_answer(status: int, payload: JSON, headers: Mapping[str, str] | None = None) -> HttpAnswer:
    return HttpAnswer(
        status=status,
        headers={"Content-Type": "application/json; charset=utf-8", **(headers or {})},
        body=json.dumps(payload).encode("utf-8"),
    )


def handle_api_call(
    state: SlackState,
    *,
    method: str,
    query: str,
    headers: Mapping[str, str],
    body: bytes,
    content_type: str,
    server_url: str,
) -> HttpAnswer:
    """Answer one Web API call; takes the state lock for the whole call. A hook waiting for this
    call (`SlackStandIn.when_accepted`) runs once the call has been carried out, before the
    answer is sent."""
    hook: AcceptHook | None = None
    call, answer = _answer_call(
        state,
        method=method,
        query=query,
        headers=headers,
        body=body,
        content_type=content_type,
        server_url=server_url,
    )
    with state.lock:
        if answer.status == 200 and call.error is None:
            hook = next((h for h in state.accept_hooks if h.matches(call)), None)
            if hook is not None:
                state.accept_hooks.remove(hook)
    if hook is not None:
        hook.then()
        hook.ran.set()
    return answer


def _answer_call(
    state: SlackState,
    *,
    method: str,
    query: str,
    headers: Mapping[str, str],
    body: bytes,
    content_type: str,
    server_url: str,
) -> tuple[Call, HttpAnswer]:
    with state.lock:
        call = Call(method=method, args={}, at=state.clock.now(), team_id=None)
        state.calls.append(call)
        request_id = {"X-Slack-Req-Id": state.ids.secret(32).lower()}
        try:
            parsed = parse_request(
                query=query, headers=headers, body=body, content_type=content_type
            )
            call.args = parsed.args
            call.team_id = state.tokens.get(parsed.token or "") or state.app_tokens.get(
                parsed.token or ""
            )
            fault = _take_fault(state, method)
            if fault is not None:
                call.status, call.error = fault.status, "injected"
                return call, _fault_answer(fault, request_id)
            result = _dispatch(state, method, parsed, server_url, oauth.basic_credentials(headers))
        except SlackError as error:
            call.error = error.error
            if error.violation:
                state.violation(f"{method}: {error.describe()} (sent: {_sent(call.args)})")
            answer: JSON = {"ok": False, "error": error.error}
            if error.messages:
                answer["response_metadata"] = {"messages": error.messages}
            return call, json_answer(200, answer, request_id)
        return call, json_answer(200, {"ok": True, **result}, request_id)


def _sent(args: Mapping[str, Any]) -> str:
    """The call's arguments, shortened, for a violation message: enough to find the caller."""
    shown = {
        name: value if len(str(value)) <= 60 else f"{str(value)[:57]}..."
        for name, value in args.items()
    }
    return repr(shown) if shown else "no arguments"


def _dispatch(
    state: SlackState,
    method: str,
    parsed: ParsedRequest,
    server_url: str,
    client_credentials: tuple[str, str] | None,
) -> dict[str, Any]:
    table = method_table()
    if method in table.retired:
        raise SlackError("method_deprecated", violation=True, detail=table.retired[method])
    spec = table.get(method)
    has_schema = method in methods_with_schema()
    handler = HANDLERS.get(method)
    if spec is None and not has_schema:
        raise SlackError(
            "unknown_method", violation=True, detail=f"{method} is not a Slack Web API method"
        )
    workspace = state.workspace()
    # Every method Slack's SDK types describe takes a token.
    if spec is None or spec.takes_token:
        if not parsed.token:
            detail = "no token: send it as `Authorization: Bearer`"
            if parsed.is_json:
                detail += " (a token inside a JSON body is not read)"
            raise SlackError("not_authed", violation=True, detail=detail)
        if parsed.token in state.revoked_tokens:
            raise SlackError("token_revoked")
        team_id = _team_of_token(state, method, parsed.token)
        if team_id is None:
            raise SlackError("invalid_auth")
        expires_at = state.token_expiry.get(parsed.token)
        if expires_at is not None and state.clock.now() >= expires_at:
            raise SlackError("token_expired")
        workspace = state.workspace(team_id)
    args = Args(parsed.args)
    missing = [name for name in (spec.required if spec else ()) if not args.present(name)]
    if missing:
        raise SlackError(
            MISSING_ARGUMENT_ERRORS.get((method, missing[0]), "invalid_arguments"),
            messages=[f"[ERROR] missing required field: {name}" for name in missing],
            violation=True,
        )
    problems = argument_problems(method, parsed.args)
    if problems:
        missing_names = [
            problem.pointer.lstrip("/")
            for problem in problems
            if problem.message.startswith("missing required field")
        ]
        raise SlackError(
            next(
                (
                    MISSING_ARGUMENT_ERRORS[(method, name)]
                    for name in missing_names
                    if (method, name) in MISSING_ARGUMENT_ERRORS
                ),
                "invalid_arguments",
            ),
            messages=[str(problem) for problem in problems],
            violation=True,
            detail="at " + ", ".join(dotted(problem.pointer) for problem in problems),
        )
    if handler is None:
        raise SlackError(
            "not_modelled",
            violation=True,
            detail=f"{method} is a real Slack method the stand-in does not model; "
            "add it to standin if the bot needs it",
        )
    context = CallContext(
        state=state,
        workspace=workspace,
        args=args,
        method=method,
        server_url=server_url,
        client_credentials=client_credentials,
    )
    return handler(context)


def _team_of_token(state: SlackState, method: str, token: str) -> str | None:
    """The workspace of a token fit for `method`, None for an unknown one. App-level tokens
    (`xapp-`) open Socket Mode connections and do nothing else; those methods take no other."""
    if token in state.app_tokens:
        if method not in APP_TOKEN_METHODS:
            raise SlackError(
                "not_allowed_token_type",
                violation=True,
                detail=f"{method} was called with the app-level token (xapp-); use the bot token",
            )
        return state.app_tokens[token]
    team_id = state.tokens.get(token)
    if team_id is not None and method in APP_TOKEN_METHODS:
        raise SlackError(
            "not_allowed_token_type",
            violation=True,
            detail=f"{method} takes the app-level token (xapp-...), not a bot token",
        )
    return team_id


def _take_fault(state: SlackState, method: str) -> Fault | None:
    now = state.clock.now()
    for fault in list(state.faults):
        if fault.until is not None:
            if now >= fault.until:
                state.faults.remove(fault)
            elif fault.method in (None, method):
                return fault
            continue
        if fault.method in (None, method):
            fault.remaining -= 1
            if fault.remaining <= 0:
                state.faults.remove(fault)
            return fault
    return None


def delay_for(state: SlackState, method: str) -> float:
    """How late to answer this call (the caller sleeps without holding the lock)."""
    now = state.clock.now()
    state.slowness[:] = [s for s in state.slowness if s.until > now]
    return max((s.seconds for s in state.slowness if s.method in (None, method)), default=0.0)


def _fault_answer(fault: Fault, headers: dict[str, str]) -> HttpAnswer:
    if fault.status == 429:
        return json_answer(
            429,
            {"ok": False, "error": "ratelimited"},
            {**headers, "Retry-After": str(fault.retry_after)},
        )
    if fault.status in SERVER_ERRORS:
        return json_answer(
            fault.status, {"ok": False, "error": SERVER_ERRORS[fault.status]}, headers
        )
    # A gateway in front of Slack answers with its own HTML page, not the API's JSON.
    return HttpAnswer(
        status=fault.status,
        headers={"Content-Type": "text/html; charset=utf-8", **headers},
        body=f"<html><body><h1>{fault.status}</h1></body></html>".encode(),
    )
