"""Installing the app through OAuth, as Slack runs it: the consent page and `oauth.v2.access`.

A person signed in to a workspace (`SlackStandIn.sign_in`, Slack's `d` cookie) opens the app's
install link; `/oauth/v2/authorize` checks the app's client id, the redirect URL and the scopes
against what the app registered (`SlackStandIn.register_oauth_app`) and sends the browser back
to the app with a one-time code, or with `error=access_denied` if they decline. The app then
exchanges the code with `oauth.v2.access` for the workspace's bot token. With token rotation on,
that token expires (`token_expired` after) and comes with a refresh token, which
`oauth.v2.access` with `grant_type=refresh_token` swaps for a new pair, spending the old one.
"""

from __future__ import annotations

import base64
import binascii
import html
import secrets
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl, urlencode

from standin.records import OAuthApp, OAuthCode, Workspace
from standin.request import CallContext, Handler
from standin.state import SlackError, SlackState

AUTHORIZE_PATH = "/oauth/v2/authorize"
SESSION_COOKIE = "d"
CODE_LIFETIME = 600.0


def basic_credentials(headers: Mapping[str, str]) -> tuple[str, str] | None:
    """(client id, client secret) from `Authorization: Basic`, as slack_sdk sends them."""
    value = headers.get("Authorization") or headers.get("authorization") or ""
    scheme, _, encoded = value.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    client_id, sep, client_secret = decoded.partition(":")
    return (client_id, client_secret) if sep else None


# ----------------------------------------------------------------- the consent page


def authorize(
    state: SlackState, query: str, headers: Mapping[str, str]
) -> tuple[int, dict[str, str], str]:
    """Answer `GET /oauth/v2/authorize`: (status, headers, HTML body). The caller holds the lock."""
    params = dict(parse_qsl(query, keep_blank_values=True))
    app = state.oauth_app
    if app is None or params.get("client_id") != app.client_id:
        state.violation(f"the install link names client_id {params.get('client_id')!r}")
        return _page(400, "Invalid client_id parameter")
    redirect_uri = params.get("redirect_uri") or None
    if redirect_uri is not None and redirect_uri not in app.redirect_urls:
        state.violation(f"redirect_uri {redirect_uri!r} is not one of {app.redirect_urls}")
        return _page(400, "redirect_uri did not match any configured URIs")
    target = redirect_uri or (app.redirect_urls[0] if app.redirect_urls else None)
    if target is None:
        state.violation("no redirect_uri given and none registered for the app")
        return _page(400, "No redirect URL is configured for this app")
    scopes = [s for s in params.get("scope", "").split(",") if s]
    unknown = sorted(set(scopes) - set(app.scopes))
    if unknown:
        state.violation(f"the install link asks for scopes the app does not declare: {unknown}")
        return _page(400, f"Invalid permissions requested: {', '.join(unknown)}")
    signed_in = state.sessions.get(_cookie(headers, SESSION_COOKIE) or "")
    if signed_in is None:
        return _page(401, "Sign in to your Slack workspace to continue")
    team_id, user_id = signed_in
    back: dict[str, str] = {}
    if params.get("decision") == "deny":
        back["error"] = "access_denied"
    else:
        code = f"{secrets.randbelow(10**12)}.{secrets.randbelow(10**13)}.{secrets.token_hex(32)}"
        state.oauth_codes[code] = OAuthCode(
            code=code,
            team_id=team_id,
            user_id=user_id,
            scopes=scopes,
            redirect_uri=redirect_uri,
            issued_at=state.clock.now(),
        )
        back["code"] = code
    if "state" in params:
        back["state"] = params["state"]
    separator = "&" if "?" in target else "?"
    return 302, {"Location": f"{target}{separator}{urlencode(back)}"}, ""


def _page(status: int, text: str) -> tuple[int, dict[str, str], str]:
    body = f"<!doctype html><title>Slack</title><p>{html.escape(text)}</p>"
    return status, {"Content-Type": "text/html; charset=utf-8"}, body


def _cookie(headers: Mapping[str, str], name: str) -> str | None:
    raw = headers.get("Cookie") or headers.get("cookie") or ""
    for part in raw.split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value
    return None


# ----------------------------------------------------------------- oauth.v2.access


def oauth_v2_access(ctx: CallContext) -> dict[str, Any]:
    app = _check_client(ctx)
    if ctx.args.string("grant_type") == "refresh_token":
        return _refresh(ctx, app)
    grant_type = ctx.args.string("grant_type")
    if grant_type not in (None, "authorization_code"):
        raise SlackError("invalid_grant_type")
    state = ctx.state
    code = state.oauth_codes.get(ctx.args.string("code") or "")
    if code is None:
        raise SlackError("invalid_code")
    if code.used:
        raise SlackError("code_already_used")
    if state.clock.now() - code.issued_at > CODE_LIFETIME:
        raise SlackError("invalid_code")
    if code.redirect_uri is not None and ctx.args.string("redirect_uri") != code.redirect_uri:
        raise SlackError("bad_redirect_uri")
    code.used = True
    workspace = state.workspace(code.team_id)
    return {
        **_installed(state, app, workspace, code.scopes),
        "authed_user": {"id": code.user_id},
    }


def _refresh(ctx: CallContext, app: OAuthApp) -> dict[str, Any]:
    state = ctx.state
    if not app.token_rotation:
        raise SlackError("token_rotation_not_enabled")
    team_id = state.refresh_tokens.pop(ctx.args.string("refresh_token") or "", None)
    if team_id is None:
        raise SlackError("invalid_refresh_token")
    return _installed(state, app, state.workspace(team_id), app.scopes)


def _installed(
    state: SlackState, app: OAuthApp, workspace: Workspace, scopes: list[str]
) -> dict[str, Any]:
    """What `oauth.v2.access` answers for a bot installed in `workspace`, with a new token."""
    return {
        "app_id": workspace.app_id,
        "scope": ",".join(scopes),
        "token_type": "bot",
        "bot_user_id": workspace.bot_user_id,
        "team": {"id": workspace.team_id, "name": workspace.team_name},
        "enterprise": None,
        "is_enterprise_install": False,
        **_issue_token(state, app, workspace),
    }


def _issue_token(state: SlackState, app: OAuthApp, workspace: Workspace) -> dict[str, Any]:
    if not app.token_rotation:
        token = state.ids.bot_token()
        state.tokens[token] = workspace.team_id
        return {"access_token": token}
    token = "xoxe." + state.ids.bot_token()
    refresh = f"xoxe-1-{state.ids.secret(60)}"
    state.tokens[token] = workspace.team_id
    state.token_expiry[token] = state.clock.now() + app.token_lifetime
    state.refresh_tokens[refresh] = workspace.team_id
    return {"access_token": token, "expires_in": int(app.token_lifetime), "refresh_token": refresh}


def _check_client(ctx: CallContext) -> OAuthApp:
    app = ctx.state.oauth_app
    client_id, client_secret = ctx.client_credentials or (
        ctx.args.string("client_id"),
        ctx.args.string("client_secret"),
    )
    if app is None or client_id != app.client_id:
        raise SlackError("invalid_client_id")
    if client_secret != app.client_secret:
        raise SlackError("bad_client_secret")
    return app


HANDLERS: dict[str, Handler] = {"oauth.v2.access": oauth_v2_access}
