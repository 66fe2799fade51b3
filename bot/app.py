"""Building the bolt app: the same listeners whether it runs over HTTP or Socket Mode."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from slack_bolt import App, BoltContext

from bot.errors import handle_listener_error
from bot.listeners import register_listeners
from bot.report_links import ReportLinks
from bot.services import CONTEXT_KEY, LINKS_KEY
from bot.settings import Settings
from bot.web_client import make_web_client
from flows.services import Services

logger = logging.getLogger(__name__)


def build_app(
    settings: Settings, services: Services, *, listener_executor: ThreadPoolExecutor
) -> App:
    """The app; its listeners run on `listener_executor`, whose lifetime the caller owns."""
    signing_secret = settings.slack_signing_secret
    app = App(
        client=make_web_client(settings),
        signing_secret=signing_secret.get_secret_value() if signing_secret else None,
        # Listeners write the answer, then ack, then talk to Slack: the HTTP response goes out
        # as soon as the answer is safe, and the next question follows from the worker thread.
        process_before_response=False,
        listener_executor=listener_executor,
        logger=logging.getLogger("slack_bolt"),
    )

    links = ReportLinks.from_settings(settings)

    @app.middleware
    def provide_services(context: BoltContext, next: Callable[[], None]) -> None:
        context[CONTEXT_KEY] = services
        context[LINKS_KEY] = links
        next()

    app.error(handle_listener_error)
    register_listeners(app)
    return app
