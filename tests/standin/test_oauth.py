"""The stand-in installs apps as Slack does: consent page, one-time codes, rotating tokens."""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from standin import SlackStandIn
from standin.browser import Browser
from standin.oauth import CODE_LIFETIME, SESSION_COOKIE

REDIRECT = "https://readiness.example.com/slack/oauth_redirect"
SCOPES = ["chat:write", "commands"]


@pytest.fixture
def app_client(standin: SlackStandIn) -> WebClient:
    standin.add_user("UINSTALLER", "installer", is_admin=True)
    return WebClient(base_url=standin.api_url)


def _consent(
    standin: SlackStandIn, *, scope: str = "chat:write", redirect: str = REDIRECT, **extra: str
) -> tuple[int, dict[str, list[str]], str]:
    """A signed-in person opens the consent link; (status, redirect query, page body)."""
    app = standin.state.oauth_app
    assert app is not None
    browser = Browser()
    browser.set_cookie(standin.base_url, SESSION_COOKIE, standin.sign_in("UINSTALLER"))
    query = {"client_id": app.client_id, "scope": scope, "redirect_uri": redirect, **extra}
    page = browser.get(f"{standin.authorize_url}?{urlencode(query)}")
    location = page.location or ""
    return page.status, parse_qs(urlsplit(location).query), page.body


def _exchange(standin: SlackStandIn, client: WebClient, code: str) -> dict[str, object]:
    app = standin.state.oauth_app
    assert app is not None
    answer = client.oauth_v2_access(
        client_id=app.client_id, client_secret=app.client_secret, code=code, redirect_uri=REDIRECT
    )
    return answer.data  # type: ignore[return-value]


def test_a_consent_code_becomes_a_rotating_bot_token_once(
    standin: SlackStandIn, app_client: WebClient
) -> None:
    standin.register_oauth_app(redirect_urls=[REDIRECT], scopes=SCOPES)
    status, back, _ = _consent(standin, state="s-123")
    assert status == 302 and back["state"] == ["s-123"]
    answer = _exchange(standin, app_client, back["code"][0])
    assert answer["team"] == {"id": standin.workspace.team_id, "name": "Sandbox Co"}
    assert answer["authed_user"] == {"id": "UINSTALLER"}
    assert answer["scope"] == "chat:write" and answer["token_type"] == "bot"
    assert answer["expires_in"] == 12 * 3600
    token = str(answer["access_token"])
    assert token.startswith("xoxe.xoxb-")
    assert WebClient(base_url=standin.api_url, token=token).auth_test()["team_id"] == (
        standin.workspace.team_id
    )
    with pytest.raises(SlackApiError, match="code_already_used"):
        _exchange(standin, app_client, back["code"][0])
    assert standin.violations == []


def test_refreshing_spends_the_refresh_token_and_old_tokens_expire(
    standin: SlackStandIn, app_client: WebClient
) -> None:
    app = standin.register_oauth_app(redirect_urls=[REDIRECT], scopes=SCOPES)
    _, back, _ = _consent(standin)
    first = _exchange(standin, app_client, back["code"][0])
    refreshed = app_client.oauth_v2_access(
        client_id=app.client_id,
        client_secret=app.client_secret,
        grant_type="refresh_token",
        refresh_token=str(first["refresh_token"]),
    )
    assert refreshed["access_token"] != first["access_token"]
    assert refreshed["refresh_token"] != first["refresh_token"]
    with pytest.raises(SlackApiError, match="invalid_refresh_token"):
        app_client.oauth_v2_access(
            client_id=app.client_id,
            client_secret=app.client_secret,
            grant_type="refresh_token",
            refresh_token=str(first["refresh_token"]),
        )
    standin.clock.advance(12 * 3600 + 1)
    with pytest.raises(SlackApiError, match="token_expired"):
        WebClient(base_url=standin.api_url, token=str(first["access_token"])).auth_test()
    assert standin.violations == []


def test_wrong_credentials_and_stale_codes_are_refused(
    standin: SlackStandIn, app_client: WebClient
) -> None:
    app = standin.register_oauth_app(redirect_urls=[REDIRECT], scopes=SCOPES)
    _, back, _ = _consent(standin)
    code = back["code"][0]
    with pytest.raises(SlackApiError, match="bad_client_secret"):
        app_client.oauth_v2_access(client_id=app.client_id, client_secret="nope", code=code)
    with pytest.raises(SlackApiError, match="invalid_client_id"):
        app_client.oauth_v2_access(client_id="1.2", client_secret=app.client_secret, code=code)
    with pytest.raises(SlackApiError, match="bad_redirect_uri"):
        app_client.oauth_v2_access(
            client_id=app.client_id,
            client_secret=app.client_secret,
            code=code,
            redirect_uri="https://elsewhere.example.com/",
        )
    standin.clock.advance(CODE_LIFETIME + 1)
    with pytest.raises(SlackApiError, match="invalid_code"):
        _exchange(standin, app_client, code)


def test_the_consent_page_checks_the_link_and_may_be_declined(
    standin: SlackStandIn, app_client: WebClient
) -> None:
    standin.register_oauth_app(redirect_urls=[REDIRECT], scopes=SCOPES)
    status, back, _ = _consent(standin, decision="deny", state="s-9")
    assert status == 302 and back == {"error": ["access_denied"], "state": ["s-9"]}
    status, _, body = _consent(standin, redirect="https://evil.example.com/cb")
    assert status == 400 and "redirect_uri" in body
    status, _, body = _consent(standin, scope="admin")
    assert status == 400 and "admin" in body
    assert len(standin.take_violations()) == 2  # the bot's install link would be at fault
