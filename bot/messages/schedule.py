"""Schedule confirmations, reminders and history lists."""

from __future__ import annotations

from datetime import timedelta

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot import ids
from bot.inbound.payloads import TeamRunRef
from bot.messages import Message
from bot.messages.mrkdwn import escape, plural, slack_date
from bot.report.wording import headline
from flows.history import PastRun
from flows.reminders import ReminderKind, ReminderRound
from flows.schedules import ScheduledRunSkipped, ScheduleInfo
from scoring import Framework


def _days(info: ScheduleInfo) -> str:
    return _length(info.run_length)


def _length(length: timedelta) -> str:
    hours = int(length.total_seconds() // 3600)
    return plural(hours // 24, "day") if hours % 24 == 0 else plural(hours, "hour")


def schedule_message(info: ScheduleInfo | None, *, changed_by: str | None = None) -> Message:
    if info is None:
        text = (
            "This channel has no schedule. Set one with `/readiness schedule quarterly` (or "
            "`monthly`, or e.g. `quarterly on the first Monday at 09:00`)."
        )
        return Message.of(text, SectionBlock(text=MarkdownTextObject(text=text)))
    who = f"<@{changed_by}> scheduled" if changed_by else f"Scheduled by <@{info.created_by}>:"
    text = (
        f"{who} a team assessment {info.rule.describe()} ({info.timezone}). The next one opens "
        f"*{info.next_in_words}*, stays open {_days(info)} and needs at least "
        f"{info.min_respondents} answers for a team profile."
    )
    note = "Change it with `/readiness schedule ...`, or stop it with `/readiness schedule off`."
    blocks: list[Block] = [SectionBlock(text=MarkdownTextObject(text=text))]
    if info.shortened_from is not None:
        shortened = (
            f"Each run stays open {_days(info)}, not the workspace's default of "
            f"{_length(info.shortened_from)}: a {info.rule.cadence} run must close before the "
            "next one opens. To choose, add e.g. `closes in 14 days`."
        )
        text = f"{text} {shortened}"
        blocks.append(SectionBlock(text=MarkdownTextObject(text=shortened)))
    blocks.append(ContextBlock(elements=[MarkdownTextObject(text=note)]))
    return Message.of(text, *blocks)


def schedule_off_message(info: ScheduleInfo, user_id: str) -> Message:
    text = f"<@{user_id}> turned off this channel's schedule ({info.rule.describe()})."
    return Message.of(text, SectionBlock(text=MarkdownTextObject(text=text)))


def skipped_message(skipped: ScheduledRunSkipped) -> Message:
    """The slot just passed opened nothing; `skipped.schedule` names the slot after it."""
    text = (
        "The scheduled team assessment is due, but the previous one is still open here "
        f"({skipped.open_run.completed} responded). Close it with `/readiness close` to see its "
        f"profile; the next scheduled one opens {skipped.schedule.next_in_words}."
    )
    return Message.of(text, SectionBlock(text=MarkdownTextObject(text=text)))


def reminder_message(round_: ReminderRound) -> Message:
    progress = round_.progress
    closes = slack_date(progress.closes_at) if progress.closes_at else "soon"
    when = "closes tomorrow" if round_.kind is ReminderKind.LAST_DAY else "is half way through"
    text = (
        f"A reminder: your team's Outcome Readiness assessment in <#{progress.channel_id}> "
        f"{when} (it closes {closes}). Your answers are private, and you can stop and pick up "
        "where you left off."
    )
    value = TeamRunRef(run_id=progress.run_id).encode()
    return Message.of(
        text,
        SectionBlock(text=MarkdownTextObject(text=text)),
        ActionsBlock(
            elements=[
                ButtonElement(
                    text="Take the assessment",
                    action_id=ids.JOIN_TEAM,
                    style="primary",
                    value=value,
                ),
                ButtonElement(text="Stop reminding me", action_id=ids.STOP_REMINDERS, value="stop"),
            ]
        ),
    )


def history_message(framework: Framework, past: list[PastRun], *, team: bool) -> Message:
    if not past:
        text = (
            "No team assessments in this channel yet. Start one with `/readiness team`."
            if team
            else "You have not finished an assessment yet. Type `/readiness` to take one."
        )
        return Message.of(text, SectionBlock(text=MarkdownTextObject(text=text)))
    title = "*Team assessments in this channel*" if team else "*Your assessments*"
    lines = [title]
    for run in past[:20]:
        when = slack_date(run.finished_at or run.opened_at)
        if run.profile is not None and run.profile.stage is not None and run.profile.score:
            result = escape(headline(run.framework or framework, run.profile))
        else:
            result = {"open": "open", "cancelled": "cancelled"}.get(
                run.status.value, "closed without a team profile"
            )
        people = f" · {plural(run.respondents, 'respondent')}" if team else ""
        lines.append(f"• {when}{people} · {result}")
    text = "\n".join(lines)
    return Message.of(text.replace("*", ""), SectionBlock(text=MarkdownTextObject(text=text)))
