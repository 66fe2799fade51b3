"""OAuth installs with `readiness serve` as its own process: the bot killed the moment Slack
answered a token refresh, and the log of an install at DEBUG.

Slack spends a refresh token when it answers the refresh (the stand-in plays them single-use), so
a bot killed before it stored the answer holds a spent refresh token; its stored access token
still works until it expires, and the bot goes on with it rather than telling anyone to
reinstall.

The stored token's end comes without waiting for it: the bot counts a token with less than
`READINESS_TOKEN_EXPIRY_MARGIN_SECONDS` left as expired, so the bot started again with a margin
longer than the token's whole lifetime finds it expired, as it would ten minutes later."""

from __future__ import annotations

import contextlib
import http.client
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from bot import ids
from bot.slack_app import bot_scopes
from standin import Call, SlackDriver, SlackStandIn
from standin.records import OAuthApp
from storage.database import Database, sqlite_url
from storage.token_cipher import TokenCipher
from tests.bot_fixtures import SIGNING_SECRET
from tests.e2e.bot_process import bot_process
from tests.e2e.people import command_reply

LEAD, CHANNEL = "UREFRESHLEAD", "CREFRESH"
TOKEN_KEY = TokenCipher.new_key()
LIFETIME = 600
"""Seconds a token lives: under the bot's refresh window (six hours), so every request refreshes
it, and long enough that a slow machine cannot see it expire before the test means it to."""
REINSTALL = "reinstall"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.soak)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The stored token must be found and used on either database: SQLite in CI, PostgreSQL
    too under `-m soak` (each test starts `readiness serve` up to three times, seconds each)."""
    if request.param == "sqlite":
        return sqlite_url(tmp_path / "refresh.db").render_as_string()
    url: str = request.getfixturevalue("postgres_schema_url")
    return url


class OAuthBot:
    """`readiness serve` with OAuth installs on the test's database, started and killed at will."""

    def __init__(self, standin: SlackStandIn, app: OAuthApp, database: Database, log: Path):
        self._standin = standin
        self._app = app
        self._database_url = database.url.render_as_string(hide_password=False)
        self.log = log
        self._running = ExitStack()

    def start(self, log_level: str = "INFO", expiry_margin: float | None = None) -> SlackDriver:
        """`expiry_margin`: the bot's `READINESS_TOKEN_EXPIRY_MARGIN_SECONDS` (default 15 s)."""
        margin = (
            {}
            if expiry_margin is None
            else {"READINESS_TOKEN_EXPIRY_MARGIN_SECONDS": str(expiry_margin)}
        )
        url, _ = self._running.enter_context(
            bot_process(
                self._standin,
                database_url=self._database_url,
                signing_secret=SIGNING_SECRET,
                log=self.log,
                extra_env={
                    "SLACK_CLIENT_ID": self._app.client_id,
                    "SLACK_CLIENT_SECRET": self._app.client_secret,
                    "SLACK_AUTHORIZE_URL": self._standin.authorize_url,
                    "READINESS_TOKEN_KEY": TOKEN_KEY,
                    "LOG_LEVEL": log_level,
                    **margin,
                },
                unset=("SLACK_BOT_TOKEN",),
            )
        )
        self._standin.allow_redirect_url(
            url.removesuffix("/slack/events") + "/slack/oauth_redirect"
        )
        return SlackDriver(self._standin, url, SIGNING_SECRET)

    def kill(self) -> None:
        self._running.close()


@pytest.fixture
def oauth_bot(standin: SlackStandIn, bot_database: Database, tmp_path: Path) -> Iterator[OAuthBot]:
    app = standin.register_oauth_app(redirect_urls=[], scopes=bot_scopes(), token_lifetime=LIFETIME)
    standin.add_user(LEAD, "refresh-lead", is_admin=True)
    standin.add_channel(CHANNEL, "refresh-team", [LEAD])
    bot = OAuthBot(standin, app, bot_database, tmp_path / "bot.log")
    try:
        yield bot
    finally:
        bot.kill()


def _is_refresh(call: Call) -> bool:
    return call.method == "oauth.v2.access" and call.args.get("grant_type") == "refresh_token"


def _status(standin: SlackStandIn, driver: SlackDriver) -> str:
    return command_reply(standin, driver, LEAD, "status", channel=CHANNEL)


def test_killed_right_after_slack_answers_a_refresh_the_workspace_keeps_working(
    standin: SlackStandIn, oauth_bot: OAuthBot
) -> None:
    driver = oauth_bot.start()
    page = driver.install_app(LEAD)
    assert "Thank you!" in page.body
    killed = standin.when_accepted(_is_refresh, oauth_bot.kill)
    # The bot refreshes before acting on the command, and dies as Slack answers (the connection
    # dies with it).
    with contextlib.suppress(OSError, http.client.HTTPException):
        driver.slash_command(LEAD, ids.COMMAND, "status", channel_id=CHANNEL)
    assert killed.wait(timeout=20), "the bot never refreshed its token"
    assert standin.calls_to("oauth.v2.access")[-1].error is None  # Slack spent the refresh token

    driver = oauth_bot.start()
    # The stored token has minutes left: each command works on it, nobody is told to
    # reinstall, and the refused refresh is a warning in the log.
    for _ in range(3):
        reply = _status(standin, driver)
        assert "no open team assessment" in reply and REINSTALL not in reply
    refused = [c for c in standin.calls if _is_refresh(c) and c.error == "invalid_refresh_token"]
    assert len(refused) == 1  # tried once, then the stored token serves until a retry is due
    log = oauth_bot.log.read_text()
    assert "could not refresh the bot token" in log and "going on with the stored token" in log
    assert "must install the app again" not in log

    # Once the stored token has expired and the refresh is still refused, the person is told:
    # the bot started again counts any token with less than its whole lifetime left as expired.
    oauth_bot.kill()
    driver = oauth_bot.start(expiry_margin=LIFETIME)
    driver.slash_command(LEAD, ids.COMMAND, "status", channel_id=CHANNEL)
    standin.wait_for(
        lambda: next((e for e in standin.ephemerals(LEAD) if REINSTALL in e.text), None),
        description="the message to reinstall",
    )
    assert "must install the app again" in oauth_bot.log.read_text()
    refused = [c for c in standin.calls if _is_refresh(c) and c.error == "invalid_refresh_token"]
    assert len(refused) == 2  # tried again at once, as the stored token can no longer serve


def test_no_oauth_code_or_token_in_the_log_at_debug(
    standin: SlackStandIn, oauth_bot: OAuthBot
) -> None:
    """An install, a command and a token refresh, all logged at DEBUG: neither the consent code,
    nor any token or refresh token, nor the client secret or token key appear."""
    driver = oauth_bot.start(log_level="DEBUG")
    assert "Thank you!" in driver.install_app(LEAD).body
    assert "no open team assessment" in _status(standin, driver)  # refreshes the token first
    assert [c for c in standin.calls if _is_refresh(c) and c.error is None]
    oauth_bot.kill()
    with standin.state.lock:
        codes = list(standin.state.oauth_codes)
        tokens = list(standin.state.tokens) + list(standin.state.refresh_tokens)
    spent = [str(c.args["refresh_token"]) for c in standin.calls if _is_refresh(c)]
    log = oauth_bot.log.read_text()
    assert "oauth.v2.access" in log and "Handling an OAuth callback" in log  # DEBUG was on
    secrets = [*codes, *tokens, *spent, oauth_bot_secret(standin), TOKEN_KEY]
    leaked = [s for s in secrets if s in log]
    assert codes and tokens and spent and not leaked, leaked


def oauth_bot_secret(standin: SlackStandIn) -> str:
    with standin.state.lock:
        app = standin.state.oauth_app
    assert app is not None
    return app.client_secret
