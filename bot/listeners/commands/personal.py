"""Sub-commands about the person themself: take it, see their history, delete their data."""

from __future__ import annotations

from bot.listeners.commands.invocation import Invocation
from bot.listeners.commands.results import permalinks_of
from bot.messages import Message
from bot.messages.help import help_message
from bot.messages.privacy import forget_confirmation_message
from bot.messages.schedule import HISTORY_SHOWN, history_message
from bot.outbound import lookups
from flows import conversation, history
from flows.commands import Help


def show_help(run: Invocation, parsed: Help) -> None:
    run.reply(help_message(run.services.framework, unknown=parsed.unknown, problem=parsed.problem))


def take_it(run: Invocation) -> None:
    dm = lookups.dm_channel(run.client, run.user_id)
    step = conversation.begin_individual(
        run.services, workspace_id=run.workspace_id, user_id=run.user_id, channel_id=dm
    )
    run.person.offer_or_ask(dm, step)
    if run.channel_id != dm:
        run.reply(Message(text="I've sent you the assessment in our DM."))


def show_history(run: Invocation) -> None:
    """The newest runs (`HISTORY_SHOWN`), each with a link to its message and a Report button;
    says how many more there are."""
    if run.in_dm:
        past = history.person_history(
            run.services, workspace_id=run.workspace_id, user_id=run.user_id, limit=HISTORY_SHOWN
        )
        total = history.count_finished(
            run.services, workspace_id=run.workspace_id, user_id=run.user_id
        )
    else:
        past = history.channel_history(
            run.services, workspace_id=run.workspace_id, channel_id=run.channel_id
        )
        total = len(past)
    shown = past[:HISTORY_SHOWN]
    permalinks = permalinks_of(run.client, shown)
    message = history_message(
        run.services.framework, shown, team=not run.in_dm, permalinks=permalinks, total=total
    )
    run.reply(message)


def ask_to_forget(run: Invocation) -> None:
    run.reply(forget_confirmation_message())
