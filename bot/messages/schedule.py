"""Schedule confirmations, reminders and history lists."""

from __future__ import annotations

from collections.abc import Mapping
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
from bot.inbound.payloads import ReportRef, TeamRunRef
from bot.messages import Message
from bot.messages.mrkdwn import escape, plural, slack_date
from bot.report.wording import headline
from flows.history import PastRun
from flows.reminders import ReminderKind, ReminderRound
from flows.schedules import ScheduledRunSkipped, ScheduledRunTooSmall, ScheduleInfo
from scoring import Framework
from storage.models import RunKind


def _days(info: ScheduleInfo) -> str:
    return _length(info.run_length)


def _length(length: timedelta) -> str:
    hours = int(length.total_seconds() // 3600)
    return plural(hours // 24, "day") if hours % 24 == 0 else plural(hours, "hour")


def schedule_message(
    info: ScheduleInfo | None, *, changed_by: str | None = None, members: int | None = None
) -> Message:
    """The channel's schedule, or how to set one. `members`: the people in the channel besides
    the bot when it was just set, to warn if they are too few for its runs."""
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
    notes: list[str] = []
    if info.shortened_from is not None:
        notes.append(
            f"Each run stays open {_days(info)}, not the workspace's default of "
            f"{_length(info.shortened_from)}: a {info.rule.cadence} run must close before the "
            "next one opens. To choose, add e.g. `closes in 14 days`."
        )
    if members is not None and (missing := info.missing_people(members)):
        notes.append(
            f"This channel has only {plural(members, 'person', 'people')} besides me today: "
            f"invite {_more_people(missing)} before then, or that run will be skipped."
        )
    for said in notes:
        text = f"{text} {said}"
        blocks.append(SectionBlock(text=MarkdownTextObject(text=said)))
    blocks.append(ContextBlock(elements=[MarkdownTextObject(text=note)]))
    return Message.of(text, *blocks)


def schedule_off_message(info: ScheduleInfo, user_id: str) -> Message:
    text = f"<@{user_id}> turned off this channel's schedule ({info.rule.describe()})."
    return Message.of(text, SectionBlock(text=MarkdownTextObject(text=text)))


def skip_notice_message(skipped: ScheduledRunSkipped | ScheduledRunTooSmall) -> Message:
    """Why the slot just passed opened nothing, and what to do before the next."""
    if isinstance(skipped, ScheduledRunSkipped):
        return skipped_message(skipped)
    return too_small_message(skipped)


def skipped_message(skipped: ScheduledRunSkipped) -> Message:
    """The slot just passed opened nothing; `skipped.schedule` names the slot after it."""
    text = (
        "The scheduled team assessment is due, but the previous one is still open here "
        f"({skipped.open_run.completed} responded). Close it with `/readiness close` to see its "
        f"profile; the next scheduled one opens {skipped.schedule.next_in_words}."
    )
    return Message.of(text, SectionBlock(text=MarkdownTextObject(text=text)))


def too_small_message(skipped: ScheduledRunTooSmall) -> Message:
    """The slot just passed opened nothing, as the channel has too few people for a profile;
    `skipped.schedule` names the slot after it. Said in the channel, where the people who could
    invite more are."""
    schedule = skipped.schedule
    text = (
        "The scheduled team assessment is due, but this channel has only "
        f"{plural(skipped.members, 'person', 'people')} besides me and a team profile needs at "
        f"least {schedule.min_respondents}, so this one was skipped. "
        f"Invite {_more_people(schedule.missing_people(skipped.members))} before the next one, "
        f"which opens {schedule.next_in_words}."
    )
    return Message.of(text, SectionBlock(text=MarkdownTextObject(text=text)))


def _more_people(missing: int) -> str:
    """Whom to invite: "at least 1 more person (`/invite @name`)" (at least: each of them must
    also answer)."""
    return f"at least {plural(missing, 'more person', 'more people')} (`/invite @name`)"


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


HISTORY_SHOWN = 10
"""History lists the newest ten: each entry asks Slack for its message's link."""


def history_message(
    framework: Framework,
    past: list[PastRun],
    *,
    team: bool,
    permalinks: Mapping[str, str] | None = None,
    total: int | None = None,
) -> Message:
    """Past runs, newest first, each with a link to its message (`permalinks`, by run id) and,
    when it has a result, a Report button; `total` runs exist in all (more than are shown)."""
    if not past:
        text = (
            "No team assessments in this channel yet. Start one with `/readiness team`."
            if team
            else "You have not finished an assessment yet. Type `/readiness` to take one."
        )
        return Message.of(text, SectionBlock(text=MarkdownTextObject(text=text)))
    title = "*Team assessments in this channel*" if team else "*Your assessments*"
    shown = past[:HISTORY_SHOWN]
    blocks: list[Block] = [SectionBlock(text=MarkdownTextObject(text=title))]
    lines = [title.replace("*", "")]
    for run in shown:
        line = history_line(framework, run, team=team)
        if permalinks and run.run_id in permalinks:
            line += f" · <{permalinks[run.run_id]}|Message>"
        lines.append(line)
        button = None
        if run.profile is not None:
            value = ReportRef(run_id=run.run_id, of="team" if team else "own").encode()
            button = ButtonElement(text="Report", action_id=ids.REPORT_LINK, value=value)
        blocks.append(SectionBlock(text=MarkdownTextObject(text=line), accessory=button))
    everything = max(total or 0, len(past))
    if everything > len(shown):
        more = f"Showing the newest {len(shown)} of {everything}."
        lines.append(more)
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=more)]))
    return Message.of("\n".join(lines), *blocks)


def history_line(framework: Framework, run: PastRun, *, team: bool) -> str:
    """One past run: when, how many answered (a team's) or where (a person's own answers in a
    team run), and its result."""
    when = slack_date(run.finished_at or run.opened_at)
    if run.profile is not None and run.profile.stage is not None and run.profile.score:
        result = escape(headline(run.framework or framework, run.profile))
    else:
        result = {"open": "open", "cancelled": "cancelled"}.get(
            run.status.value, "closed without a team profile"
        )
    where = f" · {plural(run.respondents, 'respondent')}" if team else own_origin(run)
    return f"• {when}{where} · {result}"


def own_origin(run: PastRun) -> str:
    """ " · team run in #channel" for a person's own answers in a team run; "" for their own
    assessment."""
    return f" · team run in <#{run.channel_id}>" if run.kind is RunKind.TEAM else ""
