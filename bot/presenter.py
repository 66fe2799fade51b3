"""Showing the conversation's steps in Slack: which Web API calls turn a step into what people see.

Listeners decide *what* happened by calling `flows/`; this module only puts it on screen, so the
same step (say, a finished member) looks the same whether it came from a click or the form.
"""

from __future__ import annotations

import logging

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.messages import Message
from bot.messages.conversation import (
    answered_message,
    moved_on_message,
    question_message,
    resume_offer_message,
)
from bot.messages.profile import profile_message, team_profile_message
from bot.messages.team import invitation_message, need_more_message
from flows import conversation
from flows.services import Services
from flows.steps import (
    Advanced,
    Ask,
    Finished,
    NeedMoreAnswers,
    ResumeOffer,
    TeamProfileReady,
    TeamProgress,
    WentBack,
)

logger = logging.getLogger(__name__)


def dm_channel(client: WebClient, user_id: str) -> str:
    opened = client.conversations_open(users=user_id)
    channel_id: str = opened["channel"]["id"]
    return channel_id


def is_workspace_admin(client: WebClient, user_id: str) -> bool:
    user = client.users_info(user=user_id)["user"]
    return bool(user.get("is_admin") or user.get("is_owner") or user.get("is_primary_owner"))


def post(client: WebClient, channel: str, message: Message, thread_ts: str | None = None) -> str:
    sent = client.chat_postMessage(
        channel=channel, text=message.text, blocks=message.blocks, thread_ts=thread_ts
    )
    ts: str = sent["ts"]
    return ts


def update(client: WebClient, channel: str, ts: str, message: Message) -> None:
    client.chat_update(channel=channel, ts=ts, text=message.text, blocks=message.blocks)


def ask(services: Services, client: WebClient, channel: str, step: Ask) -> None:
    """Post a question as a new message and remember which message shows it."""
    ts = post(client, channel, question_message(step))
    conversation.question_shown(
        services, response_id=step.response_id, question_id=step.question.id, message_ts=ts
    )


def offer_or_ask(
    services: Services, client: WebClient, channel: str, step: Ask | ResumeOffer
) -> None:
    if isinstance(step, ResumeOffer):
        post(client, channel, resume_offer_message(step))
    else:
        ask(services, client, channel, step)


def advanced(
    services: Services, client: WebClient, channel: str, message_ts: str, step: Advanced
) -> None:
    """Collapse the answered question in place, then show what comes next below it."""
    update(client, channel, message_ts, answered_message(step.answered))
    if isinstance(step.next, Ask):
        ask(services, client, channel, step.next)
    else:
        finished(services, client, channel, step.next)


def went_back(services: Services, client: WebClient, channel: str, step: WentBack) -> None:
    if step.leaving_ts is not None:
        if step.leaving is not None:
            update(client, channel, step.leaving_ts, answered_message(step.leaving))
        else:
            client.chat_delete(channel=channel, ts=step.leaving_ts)
    if step.reopen_ts is not None:
        update(client, channel, step.reopen_ts, question_message(step.ask))
        conversation.question_shown(
            services,
            response_id=step.ask.response_id,
            question_id=step.ask.question.id,
            message_ts=step.reopen_ts,
        )
    else:
        ask(services, client, channel, step.ask)


def retire(client: WebClient, channel: str, ts: str | None, note: str) -> None:
    """Turn an old question message into a short note, so its buttons cannot be used again."""
    if ts is None:
        return
    try:
        update(client, channel, ts, moved_on_message(note))
    except SlackApiError as error:
        logger.info("could not retire message %s: %s", ts, error.response.get("error"))


def finished(services: Services, client: WebClient, channel: str, step: Finished) -> None:
    post(client, channel, profile_message(services.framework, step.profile, step.previous))
    if step.team is not None:
        refresh_invitation(client, step.team)


def refresh_invitation(
    client: WebClient, progress: TeamProgress, *, open_: bool = True, note: str = ""
) -> None:
    """Update the invitation's counter. Best effort: the answers are saved whatever happens."""
    if progress.message_ts is None:
        return
    try:
        update(
            client,
            progress.channel_id,
            progress.message_ts,
            invitation_message(progress, open_=open_, note=note),
        )
    except SlackApiError as error:
        logger.warning("could not update invitation %s: %s", progress.run_id, error)


def team_outcome(
    services: Services,
    client: WebClient,
    outcome: TeamProfileReady | NeedMoreAnswers,
    *,
    at_deadline: bool,
) -> None:
    """Post a closed run's team profile to its channel, or say how many answers are missing."""
    if isinstance(outcome, NeedMoreAnswers):
        post(
            client, outcome.progress.channel_id, need_more_message(outcome, at_deadline=at_deadline)
        )
        return
    post(client, outcome.channel_id, team_profile_message(services.framework, outcome))
    refresh_invitation(
        client, outcome.progress, open_=False, note="Closed — the team profile is posted below."
    )
