"""One place that turns a failure inside a listener into a message to the person.

Nobody should see a Slack error banner or wonder whether their answer counted: known refusals
(`UserFacingError`) are explained in their own words, anything else gets an apology that says
what was kept, and both are logged.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt.response import BoltResponse
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient

from flows.errors import UserFacingError

logger = logging.getLogger(__name__)

UNEXPECTED = (
    "Sorry — something went wrong on our side and that last step did not go through. "
    "Everything you answered before it is saved; please try again in a moment."
)


def report_failure(error: Exception, body: dict[str, Any], client: WebClient) -> None:
    """Log the failure and tell the person in words: theirs if it was a refusal, ours if not."""
    if isinstance(error, UserFacingError):
        logger.info("refused %s: %s", _describe(body), error.log_detail)
        text = str(error)
    else:
        logger.error("listener failed on %s", _describe(body), exc_info=error)
        text = UNEXPECTED
    tell_person(body, client, text)


def handle_listener_error(
    error: Exception, body: dict[str, Any], response: BoltResponse | None, client: WebClient
) -> None:
    """Bolt's global error handler, for failures outside our listeners (middleware, parsing)."""
    if response is not None:
        # Acknowledge: Slack would otherwise show the person a generic failure and retry.
        response.status = 200
        response.body = ""
    report_failure(error, body, client)


def tell_person(body: dict[str, Any], client: WebClient, text: str) -> None:
    """Reply only to the person who acted: through the response URL, or else in their DM."""
    response_url = body.get("response_url") or next(
        (r.get("response_url") for r in body.get("response_urls", []) if r.get("response_url")),
        None,
    )
    try:
        if response_url:
            WebhookClient(response_url).send(
                text=text, response_type="ephemeral", replace_original=False
            )
            return
        user_id = _user_id(body)
        if user_id:
            client.chat_postMessage(channel=user_id, text=text)
    except SlackApiError:
        logger.exception("could not tell %s about the failure", _user_id(body) or "the person")


def _user_id(body: dict[str, Any]) -> str | None:
    user = body.get("user")
    found = user.get("id") if isinstance(user, dict) else None
    found = found or body.get("user_id") or (body.get("event") or {}).get("user")
    return found if isinstance(found, str) else None


def _describe(body: dict[str, Any]) -> str:
    kind = body.get("type") or ("command" if "command" in body else "request")
    return f"{kind} from {_user_id(body) or 'unknown user'} in {body.get('team_id') or ''}"
