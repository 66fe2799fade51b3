"""Team run messages in the channel: the invitation and its counter, status, and endings."""

from __future__ import annotations

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ConfirmObject,
    ContextBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot import ids
from bot.inbound.payloads import TeamRunExtension, TeamRunRef
from bot.messages import Message
from bot.messages.mrkdwn import escape, plural, slack_date, time_to_complete
from bot.report.commitments import cut, status_text
from flows.plans import RoundReview
from flows.steps import NeedMoreAnswers, TeamProgress
from scoring import Framework


def _counter(progress: TeamProgress) -> str:
    if progress.invited:
        return f"{progress.completed} of {progress.invited} responded"
    return f"{plural(progress.completed, 'person', 'people')} responded"


def invitation_message(
    framework: Framework, progress: TeamProgress, *, open_: bool = True, note: str = ""
) -> Message:
    if not open_:
        # A closed run's deadline is past: "Closes Mon, Dec 7" would read as still open.
        closes = "Closed"
    elif progress.closes_at:
        closes = f"Closes {slack_date(progress.closes_at)}"
    else:
        closes = "No deadline set"
    blocks: list[Block] = [
        HeaderBlock(text="Team Outcome Readiness assessment"),
        SectionBlock(
            text=MarkdownTextObject(
                text=(
                    f"<@{progress.started_by}> started a team assessment for this channel: "
                    f"{len(framework.questions)} questions on how we define, deliver and prove "
                    f"customer outcomes — {time_to_complete(framework)}. Your answers stay "
                    "private: the channel sees only the team "
                    f"profile, once at least {progress.min_respondents} people have answered."
                )
            )
        ),
    ]
    blocks += last_round_blocks(progress.review)
    blocks.append(
        ContextBlock(elements=[MarkdownTextObject(text=f"{closes} · *{_counter(progress)}*")])
    )
    if open_:
        value = TeamRunRef(run_id=progress.run_id).encode()
        blocks.append(
            ActionsBlock(
                block_id="team_invitation",
                elements=[
                    ButtonElement(
                        text="Take the assessment",
                        action_id=ids.JOIN_TEAM,
                        style="primary",
                        value=value,
                    ),
                    ButtonElement(
                        text="Answer all at once", action_id=ids.JOIN_TEAM_FORM, value=value
                    ),
                ],
            )
        )
    if note:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=note)]))
    return Message.of(f"Team Outcome Readiness assessment · {_counter(progress)}", *blocks)


INVITATION_MOVE_LENGTH = 120
"""A move is cut to this in the invitation (the channel's plan has it whole)."""
INVITATION_MOVES = 6
"""At most this many of last round's commitments are listed; the rest are counted."""


def last_round_blocks(review: RoundReview | None) -> list[Block]:
    """Last round's commitments and what became of them, so the run starts from the plan:
    "✓ Done — <move> (<@owner>)", "Open, due 12 March 2027 — …", "Dropped — …"."""
    if review is None or not review.commitments:
        return []
    lines = ["*Last round you committed to:*"]
    for commitment in review.commitments[:INVITATION_MOVES]:
        line = (
            f"• {status_text(commitment)} — {escape(cut(commitment.move, INVITATION_MOVE_LENGTH))}"
        )
        if commitment.owner_id is not None:
            line += f" (<@{commitment.owner_id}>)"
        lines.append(line)
    if (more := len(review.commitments) - INVITATION_MOVES) > 0:
        lines.append(f"…and {more} more: the channel's plan has them all.")
    return [SectionBlock(text=MarkdownTextObject(text="\n".join(lines)))]


def status_message(progress: TeamProgress | None, *, may_manage: bool = False) -> Message:
    """How the channel's open run stands, to whoever asked, with the buttons they may use
    (`may_manage`: they started it or are an admin), or who may."""
    if progress is None:
        text = "There is no open team assessment in this channel. Start one with `/readiness team`."
        return Message.of(text, SectionBlock(text=MarkdownTextObject(text=text)))
    closes = f"closes {slack_date(progress.closes_at)}" if progress.closes_at else "no deadline"
    short = max(progress.min_respondents - progress.completed, 0)
    needs = (
        f"It needs {plural(short, 'more answer')} before a team profile can be shown."
        if short
        else "Enough people have answered for a team profile."
    )
    text = (
        f"Team assessment started by <@{progress.started_by}>: *{_counter(progress)}*, "
        f"{closes}. {needs}"
    )
    blocks: list[Block] = [SectionBlock(text=MarkdownTextObject(text=text))]
    if may_manage:
        blocks.append(run_controls(progress, close=not short))
    else:
        blocks.append(_who_may(progress, "close, extend or cancel it"))
    return Message.of(text, *blocks)


def too_early_message(outcome: NeedMoreAnswers) -> Message:
    """The answer to a `/readiness close` before enough have finished: only to the person who
    typed it (the channel sees nothing), with what they can do instead."""
    progress = outcome.progress
    closes = (
        f"It stays open until {slack_date(progress.closes_at)}"
        if progress.closes_at
        else "It stays open"
    )
    text = (
        f"Not yet: {plural(progress.completed, 'person has', 'people have')} finished the team "
        f"assessment, and a team profile needs at least {progress.min_respondents}, so it needs "
        f"{plural(outcome.needed, 'more answer')}. Nothing was posted in the channel. {closes}: "
        "give people more time, cancel the run, or keep waiting."
    )
    return Message.of(
        text,
        SectionBlock(text=MarkdownTextObject(text=text)),
        run_controls(progress, close=False, keep_waiting=True),
    )


def need_more_message(outcome: NeedMoreAnswers) -> Message:
    """The channel's notice when a run's deadline passed with too few answers: the run stays
    open without a deadline, so its starter must act, with the buttons to do it."""
    progress = outcome.progress
    if outcome.needed == 0:
        # Shown late (Slack was down at the deadline), by when enough had finished after all.
        text = (
            "The deadline passed before enough people had finished the team assessment; "
            f"{plural(progress.completed, 'person has', 'people have')} by now, enough for a team "
            f"profile. The run stays open until <@{progress.started_by}> closes it."
        )
        controls = run_controls(progress, close=True)
    else:
        text = (
            "The deadline has passed, but only "
            f"{plural(progress.completed, 'person has', 'people have')} finished the team "
            f"assessment; a team profile needs at least {progress.min_respondents}, so it needs "
            f"{plural(outcome.needed, 'more answer')}. The run stays open until "
            f"<@{progress.started_by}> extends or cancels it."
        )
        controls = run_controls(progress, close=False)
    return Message.of(
        text,
        SectionBlock(text=MarkdownTextObject(text=text)),
        controls,
        _who_may(progress, "use these buttons"),
    )


EXTENSION_DAYS = 3
"""What the Extend button adds (`/readiness extend` takes any other length)."""


def run_controls(progress: TeamProgress, *, close: bool, keep_waiting: bool = False) -> Block:
    """Buttons for an open run: close (when enough have answered), extend, cancel, and on an
    early close's answer, keep waiting. Whoever clicks is checked again at the click."""
    ref = TeamRunRef(run_id=progress.run_id).encode()
    buttons: list[ButtonElement] = []
    if close:
        buttons.append(
            ButtonElement(
                text="Close and post the team profile",
                action_id=ids.TEAM_CLOSE,
                style="primary",
                value=ref,
            )
        )
    buttons.append(
        ButtonElement(
            text=f"Extend {plural(EXTENSION_DAYS, 'day')}",
            action_id=ids.TEAM_EXTEND,
            value=TeamRunExtension(run_id=progress.run_id, days=EXTENSION_DAYS).encode(),
        )
    )
    buttons.append(
        ButtonElement(
            text="Cancel the run",
            action_id=ids.TEAM_CANCEL,
            style="danger",
            value=ref,
            confirm=ConfirmObject(
                title="Cancel the team assessment?",
                text="No team profile will be posted, and the answers given so far stay private.",
                confirm="Cancel the run",
                deny="Keep it open",
            ),
        )
    )
    if keep_waiting:
        buttons.append(
            ButtonElement(text="Keep waiting", action_id=ids.TEAM_KEEP_WAITING, value=ref)
        )
    return ActionsBlock(block_id="team_run_controls", elements=buttons)


def _who_may(progress: TeamProgress, what: str) -> Block:
    return ContextBlock(
        elements=[
            MarkdownTextObject(
                text=(
                    f"Only <@{progress.started_by}>, who started it, or a workspace admin can "
                    f"{what}."
                )
            )
        ]
    )


def closed_message() -> Message:
    """The private answer to a Close button once the team profile is in the channel."""
    text = "Closed: the team profile is posted in the channel."
    return Message.of(text, SectionBlock(text=MarkdownTextObject(text=text)))


def kept_waiting_message() -> Message:
    text = "The team assessment stays open; nothing was changed."
    return Message.of(text, SectionBlock(text=MarkdownTextObject(text=text)))


def cancelled_message(progress: TeamProgress, user_id: str) -> Message:
    text = f"<@{user_id}> cancelled the team assessment. No team profile will be posted."
    return Message.of(text, SectionBlock(text=MarkdownTextObject(text=text)))


def extended_message(progress: TeamProgress, user_id: str) -> Message:
    assert progress.closes_at is not None
    text = (
        f"<@{user_id}> extended the team assessment: it now closes "
        f"{slack_date(progress.closes_at)} ({_counter(progress)} so far)."
    )
    return Message.of(text, SectionBlock(text=MarkdownTextObject(text=text)))
