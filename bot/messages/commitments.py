"""A commitment's follow-through in its owner's DM: the reminder three working days before the
due date (Done, Not yet, Drop), the small "Not yet" modal that asks for a new date, and what
the reminder becomes once answered.

The move may be the team's own words, so it is escaped and shown verbatim: it never pings
anyone or links anywhere. A due date is a day, not an instant, so it is written out as a day
("Friday 12 March") rather than in Slack's date formatting, which would shift it by time zone.
"""

from __future__ import annotations

from datetime import date, timedelta

from slack_sdk.models.blocks import (
    ActionsBlock,
    ButtonElement,
    ConfirmObject,
    ContextBlock,
    DatePickerElement,
    InputBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View

from bot import ids
from bot.inbound.payloads import FollowThroughRef, NewDateMetadata
from bot.messages import Message
from bot.messages.dates import day_in_words
from bot.messages.mrkdwn import escape
from flows.plans import REMIND_WORKING_DAYS, CommitmentReminder, CommitmentView
from storage.models import CommitmentStatus

NOT_YET_DAYS = 7
"""The "Not yet" modal proposes the due date a week later (or a week from today, if later)."""
_WORKING_DAYS = ("zero", "one", "two", "three", "four", "five")


def _move(commitment: CommitmentView) -> str:
    return f"*{escape(commitment.move)}*"


def reminder_message(reminder: CommitmentReminder, *, today: date) -> Message:
    """The owner's one reminder of a due date: what the move is, where, and when it is due."""
    commitment = reminder.commitment
    due = day_in_words(commitment.due_on, today=today)
    text = (
        f"A reminder: you took on a move in <#{reminder.channel_id}>, due *{due}*:\n"
        f">{_move(commitment)}\nIs it done?"
    )
    ref = FollowThroughRef(commitment_id=commitment.id).encode()
    note = (
        "Your answer updates the channel's plan. *Not yet* lets you pick a new date; I'll "
        f"remind you again {_WORKING_DAYS[REMIND_WORKING_DAYS]} working days before it."
    )
    return Message.of(
        f"A reminder: a move you took on in <#{reminder.channel_id}> is due {due}.",
        SectionBlock(text=MarkdownTextObject(text=text, verbatim=True)),
        ActionsBlock(
            block_id="follow_through",
            elements=[
                ButtonElement(
                    text="Done", action_id=ids.COMMITMENT_DONE, style="primary", value=ref
                ),
                ButtonElement(
                    text="Not yet (new date)", action_id=ids.COMMITMENT_NOT_YET, value=ref
                ),
                ButtonElement(
                    text="Drop",
                    action_id=ids.COMMITMENT_DROP,
                    style="danger",
                    value=ref,
                    confirm=ConfirmObject(
                        title="Drop this move?",
                        text="The channel's plan will show it as dropped.",
                        confirm="Drop it",
                        deny="Keep it",
                    ),
                ),
                ButtonElement(text="Stop reminding me", action_id=ids.STOP_REMINDERS, value="stop"),
            ],
        ),
        ContextBlock(elements=[MarkdownTextObject(text=note)]),
    )


def answered_message(
    commitment: CommitmentView, channel_id: str, *, today: date, reminded: bool = False
) -> Message:
    """What the reminder becomes once answered: a line saying what was recorded, with no
    buttons left, so a second click cannot act twice. `reminded`: after a new date, whether
    a reminder of it is still to come."""
    move = _move(commitment)
    if commitment.status is CommitmentStatus.DONE:
        text = f"Marked done: {move} in <#{channel_id}>. The channel's plan shows it."
    elif commitment.status is CommitmentStatus.DROPPED:
        text = f"Dropped: {move} in <#{channel_id}>. The channel's plan shows it as dropped."
    else:
        due = day_in_words(commitment.due_on, today=today)
        later = " I'll remind you again before then." if reminded else ""
        text = f"New date: {move} in <#{channel_id}> is now due *{due}*.{later}"
    return Message.of(text, SectionBlock(text=MarkdownTextObject(text=text, verbatim=True)))


def already_settled(commitment: CommitmentView) -> str:
    """A click on the reminder of a move settled meanwhile (here, in the plan, or by someone
    who may plan): nothing changes."""
    state = "marked done" if commitment.status is CommitmentStatus.DONE else "dropped"
    return f"This move was already {state}, so nothing changed."


def new_date_view(commitment: CommitmentView, metadata: NewDateMetadata, *, today: date) -> View:
    """ "Not yet": one date picker, a week after the due date to start with."""
    proposed = max(commitment.due_on, today) + timedelta(days=NOT_YET_DAYS)
    due = day_in_words(commitment.due_on, today=today)
    return View(
        type="modal",
        callback_id=ids.NEW_DATE_VIEW,
        title="Not yet",
        submit="Save new date",
        close="Cancel",
        private_metadata=metadata.encode(),
        blocks=[
            SectionBlock(
                text=MarkdownTextObject(text=f"{_move(commitment)}\nDue {due}.", verbatim=True)
            ),
            InputBlock(
                block_id=ids.NEW_DATE_BLOCK,
                label=PlainTextObject(text="When will it be done?"),
                hint=PlainTextObject(
                    text="The channel's plan shows the new date, and I'll remind you before it."
                ),
                element=DatePickerElement(
                    action_id=ids.NEW_DATE_PICK, initial_date=proposed.isoformat()
                ),
            ),
        ],
    )
