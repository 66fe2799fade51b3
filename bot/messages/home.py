"""The App Home tab: start the assessment, and see your latest profile.

Built as plain dicts (`bot.messages.blocks`): the home is published again after every finished
assessment, and slack_sdk's model classes cost several milliseconds of CPU for it."""

from __future__ import annotations

from collections.abc import Sequence

from bot import ids
from bot.messages.blocks import Json, actions, button, context, divider, header, section
from bot.messages.mrkdwn import escape, in_words, meter, plural, slack_date, time_to_complete
from bot.messages.schedule import HISTORY_SHOWN, history_line, own_origin
from bot.report.wording import headline, score_text
from flows.history import PastRun, StartedRun
from scoring import Framework


def home_view(
    framework: Framework,
    history: list[PastRun],
    started: list[StartedRun],
    *,
    teams: Sequence[Json] = (),
) -> Json:
    """The person's own latest profile and history, the team runs they started, and `teams`
    (their channels' latest team profiles, `bot.messages.overview.teams_section`): the view
    to publish, as Slack's JSON takes it."""
    blocks: list[Json] = [
        header("Outcome Readiness"),
        section(
            "Find out where your Customer Success motion sits on the maturity curve: "
            f"{len(framework.questions)} questions over "
            f"{in_words(len(framework.dimensions))} dimensions, "
            f"{time_to_complete(framework)}. Your answers are "
            "private to you."
        ),
        actions(button("Take the assessment", action_id=ids.START, style="primary", value="home")),
        context("Run it with your team: type `/readiness team` in your team's channel."),
    ]
    if history and history[0].profile is not None and history[0].finished_at is not None:
        profile, when = history[0].profile, history[0].finished_at
        taken_with = history[0].framework or framework
        blocks.append(divider())
        overall = escape(headline(taken_with, profile)) if profile.stage else "not assessed"
        where = own_origin(history[0])
        lines = [f"*Your latest profile* ({slack_date(when)}{where}): *{overall}*"]
        for result in profile.dimensions:
            name = escape(taken_with.dimension(result.dimension_id).name)
            lines.append(f"{meter(result.score)} {score_text(result.score)} · {name}")
        blocks.append(section("\n".join(lines)))
    if len(history) > 1:
        earlier = [history_line(framework, run, team=False) for run in history[1:HISTORY_SHOWN]]
        text = "\n".join(["*Earlier*", *earlier])
        blocks.append(section(text))
    if started:
        blocks.append(divider())
        lines = ["*Team assessments you started*"]
        for run in started:
            state = (
                f"open · {plural(run.respondents, 'person', 'people')} responded so far"
                if run.status.value == "open"
                else run.status.value
            )
            lines.append(f"• <#{run.channel_id}> · {slack_date(run.opened_at)} · {state}")
        blocks.append(section("\n".join(lines)))
    blocks += teams
    return {"type": "home", "blocks": blocks}
