"""Building the bolt app: the same listeners whether it runs over HTTP or Socket Mode."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from slack_bolt import App, BoltContext, BoltResponse
from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped
from slack_bolt.middleware.authorization import SingleTeamAuthorization
from slack_sdk import WebClient
from slack_sdk.web import SlackResponse

from bot.config import Settings
from bot.context import CONTEXT_KEY, LINKS_KEY
from bot.inbound.deliveries import OncePerDelivery
from bot.inbound.workspace import WORKSPACE_KEY, Installation, TokenOwner, judge
from bot.listeners import register_listeners
from bot.listeners.error_handler import handle_listener_error, report_failure
from bot.listeners.guard import FOLLOW_UPS_KEY
from bot.outbound.installations import OAuthParts
from bot.report.links import ReportLinks
from flows.errors import UserFacingError
from flows.services import Services

logger = logging.getLogger(__name__)

APP_NAME = "app.py"
"""What bolt names its listeners' loggers after: the name it found for itself before (the
file that built the app), kept so that log lines read as they did."""


def build_app(
    settings: Settings,
    services: Services,
    *,
    client: WebClient,
    follow_ups: ThreadPoolExecutor,
    oauth: OAuthParts | None = None,
    auth_test: SlackResponse | None = None,
) -> App:
    """The app; what listeners do after acknowledging runs on `follow_ups`, whose lifetime the
    caller owns (see `bot.listeners.guard`).

    With `oauth`, each request is authorized with its workspace's installation (and the install
    routes are served); without, with the one bot token `client` holds. `auth_test`: Slack's
    answer to the start-up check's `auth.test` for that token, which bolt then need not ask for
    again.
    """
    app = _bolt_app(settings, services, client=client, oauth=oauth, auth_test=auth_test)
    links = ReportLinks.from_settings(settings, clock=services.clock)

    @app.middleware
    def provide_services(context: BoltContext, next: Callable[[], None]) -> None:
        context[CONTEXT_KEY] = services
        context[LINKS_KEY] = links
        context[FOLLOW_UPS_KEY] = follow_ups
        next()

    token_owner = TokenOwner(client) if oauth is None else None

    @app.middleware
    def one_workspace(
        context: BoltContext, body: dict[str, Any], client: WebClient, next: Callable[[], None]
    ) -> BoltResponse | None:
        """Every request is about the workspace it was authorized for, and only that one
        (`bot.inbound.workspace`): one naming another is refused before any work."""
        installation = (
            token_owner.installation() if token_owner else Installation.authorized(context)
        )
        try:
            context[WORKSPACE_KEY] = judge(installation, context, body)
        except UserFacingError as refusal:
            report_failure(refusal, body, client)
            return BoltResponse(status=200, body="")
        next()
        return None

    app.error(handle_listener_error)
    register_listeners(app)
    return app


def _bolt_app(
    settings: Settings,
    services: Services,
    *,
    client: WebClient,
    oauth: OAuthParts | None,
    auth_test: SlackResponse | None,
) -> App:
    signing_secret = settings.slack_signing_secret
    app = App(
        # Named here: without a name bolt takes its caller's file name from `inspect.stack()`,
        # which reads the source of every frame and costs start-up a tenth of a second or more.
        name=APP_NAME,
        # The client holds the bot token (or none, with OAuth); bolt is given no token of its own.
        client=client,
        signing_secret=signing_secret.get_secret_value() if signing_secret else None,
        # The signature is checked once, by `bot.inbound.asgi` before anything of the request
        # is parsed (a 401 as bolt's would be); bolt's own check would only repeat it per click.
        # Socket Mode requests carry no signature (bolt skips them too).
        request_verification_enabled=False,
        # Replays refused and redeliveries absorbed before any work, authorization included.
        before_authorize=OncePerDelivery(services),
        oauth_settings=oauth.settings if oauth else None,
        # An `Authorize` instance (bolt's own, set up for rotation) is what bolt expects with
        # OAuth settings; its annotation only names plain functions.
        authorize=oauth.authorize if oauth else None,  # type: ignore[arg-type]
        # A listener runs on the thread that received the request: it saves (an answer, say),
        # acks and returns, so the HTTP response goes out as soon as the answer is safe; talking
        # to Slack follows on `follow_ups`. (Bolt's own split, process_before_response=False,
        # would run whole listeners on one pool, where an ack can wait behind other people's
        # Web API calls, and polls for each ack.)
        process_before_response=True,
        logger=logging.getLogger("slack_bolt"),
        # Bolt checks the token with its own auth.test unless it is given the start-up check's.
        token_verification_enabled=auth_test is None,
    )
    if auth_test is not None:
        _start_authorization_from(app, auth_test)
    return app


def _start_authorization_from(app: App, auth_test: SlackResponse) -> None:
    """Bolt's one-token authorization, given the `auth.test` answer it would have asked for
    itself. Bolt has no parameter for this, so its middleware is found in the app's list; were
    it not found (another bolt), bolt would ask Slack on the first request instead."""
    for middleware in app._middleware_list:
        if isinstance(middleware, SingleTeamAuthorization):
            middleware.auth_test_result = auth_test


class _TokenUnusedWarning(logging.Filter):
    """Bolt reads SLACK_BOT_TOKEN from the environment by itself and, given our client as well
    (which already holds the token from `Settings`, maybe from .env), warns at every start that
    the token will be unused. True and expected here, so that one line is dropped; every other
    line of bolt's passes."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() != warning_client_prioritized_and_token_skipped()


logging.getLogger("slack_bolt").addFilter(_TokenUnusedWarning())
