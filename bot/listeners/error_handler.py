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

from bot.inbound.slack_ids import is_slack_id, is_web_url
from bot.messages.mrkdwn import said
from flows.errors import UserFacingError

logger = logging.getLogger(__name__)

SLACK_FAILURES = (SlackApiError, OSError)
"""Slack refusing or unreachable (URLError and timeouts are OSErrors)."""

UNEXPECTED = (
    "Sorry — something went wrong on our side and that last step did not go through. "
    "Everything you answered before it is saved; please try again in a moment."
)


SLACK_TROUBLE = (
    "Slack is having trouble right now. What you did is saved, and I'll show you what comes "
    "next as soon as Slack is back."
)


def report_failure(
    error: Exception, body: dict[str, Any], client: WebClient, *, after_ack: bool = False
) -> None:
    """Log the failure and tell the person in words: theirs if it was a refusal, ours if not.

    `after_ack`: the failure came after the request was acknowledged, so what it did is saved;
    if Slack itself failed (down, rate limiting past the client's retries), the step it owed
    is shown later by the timetable (`flows.owed`): a warning, and the person is told so.
    """
    if isinstance(error, UserFacingError):
        logger.info("refused %s: %s", _describe(body), error.log_detail)
        text = said(error.words)
    elif after_ack and isinstance(error, SLACK_FAILURES):
        logger.warning("Slack failed after %s was saved: %s", _describe(body), error)
        text = SLACK_TROUBLE
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
    """Reply only to the person who acted: through the response URL, or else in their DM.

    Best effort, and never raises: it runs while a failure is being handled, so an exception
    here would escape to bolt (a 500 for the request, or a lost follow-up). Not reaching the
    person is logged as a warning; the failure itself was already logged at its own level.
    """
    response_url = _response_url(body)
    user_id = _user_id(body)
    try:
        if response_url:
            sent = WebhookClient(response_url).send(
                text=text, response_type="ephemeral", replace_original=False
            )
            if sent.status_code != 200:
                logger.warning(
                    "could not tell %s about the failure: the response URL answered %s",
                    user_id or "the person",
                    sent.status_code,
                )
            return
        if user_id:
            client.chat_postMessage(channel=user_id, text=text)
    except Exception as error:
        logger.warning(
            "could not tell %s about the failure: %s: %s",
            user_id or "the person",
            type(error).__name__,
            str(error)[:200],
        )


def _response_url(body: dict[str, Any]) -> str | None:
    """Where to answer an interaction or command; None if the body has no usable one."""
    candidates: list[Any] = [body.get("response_url")]
    listed = body.get("response_urls")
    if isinstance(listed, list):
        candidates += [r.get("response_url") for r in listed if isinstance(r, dict)]
    return next((url for url in candidates if is_web_url(url)), None)


def _user_id(body: dict[str, Any]) -> str | None:
    """The person's id if the body carries one that looks like a Slack id: anything else could
    not be messaged, and should not be written to the log as it came."""
    user = body.get("user")
    event = body.get("event")
    candidates = [
        user.get("id") if isinstance(user, dict) else user,
        body.get("user_id"),
        event.get("user") if isinstance(event, dict) else None,
    ]
    return next((found for found in candidates if is_slack_id(found)), None)


def _describe(body: dict[str, Any]) -> str:
    kind = body.get("type") or ("command" if "command" in body else "request")
    team = body.get("team_id")
    where = team if is_slack_id(team) else ""
    return f"{kind!s:.40} from {_user_id(body) or 'unknown user'} in {where}"
