"""The workspace settings modal, opened by `/readiness settings` (admins only)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    InputBlock,
    MarkdownTextObject,
    Option,
    PlainTextObject,
    RadioButtonsElement,
    StaticSelectElement,
    UserMultiSelectElement,
)
from slack_sdk.models.views import View

from bot import ids
from bot.inbound.slack_ids import is_slack_id
from bot.messages import Message
from bot.messages.mrkdwn import option_number, plural
from flows.workspace_settings import (
    HIGHEST_MIN_RESPONDENTS,
    LOWEST_MIN_RESPONDENTS,
    MAX_RUN_DAYS,
    Choices,
    Starters,
)

MINIMUMS = range(LOWEST_MIN_RESPONDENTS, HIGHEST_MIN_RESPONDENTS + 1)
DAYS = (1, 2, 3, 5, 7, 10, 14, 21, 30, 45, MAX_RUN_DAYS)
STARTERS = {
    Starters.ANYONE: "Anyone in the workspace",
    Starters.ADMINS: "Workspace admins and the people named below",
}


def settings_view(chosen: Choices) -> View:
    minimums = [Option(value=str(n), text=plural(n, "respondent")) for n in MINIMUMS]
    days = [Option(value=str(n), text=plural(n, "day")) for n in DAYS]
    if chosen.default_run_days not in DAYS:
        days.append(
            Option(value=str(chosen.default_run_days), text=plural(chosen.default_run_days, "day"))
        )
    who = [Option(value=kind.value, text=label) for kind, label in STARTERS.items()]
    blocks: list[Block] = [
        InputBlock(
            block_id=ids.SETTINGS_MINIMUM,
            label=PlainTextObject(text="Minimum respondents for a team profile"),
            hint=PlainTextObject(
                text="Never below 3: with fewer, an average gives away each person's answers."
            ),
            element=StaticSelectElement(
                action_id=ids.SETTINGS_CHOICE,
                options=minimums,
                initial_option=next(o for o in minimums if o.value == str(chosen.min_respondents)),
            ),
        ),
        InputBlock(
            block_id=ids.SETTINGS_DAYS,
            label=PlainTextObject(text="Team runs stay open for"),
            hint=PlainTextObject(text="Unless whoever starts one says otherwise."),
            element=StaticSelectElement(
                action_id=ids.SETTINGS_CHOICE,
                options=days,
                initial_option=next(o for o in days if o.value == str(chosen.default_run_days)),
            ),
        ),
        InputBlock(
            block_id=ids.SETTINGS_STARTERS,
            label=PlainTextObject(text="Who may start team runs and schedules"),
            element=RadioButtonsElement(
                action_id=ids.SETTINGS_CHOICE,
                options=who,
                initial_option=next(o for o in who if o.value == chosen.starters.value),
            ),
        ),
        InputBlock(
            block_id=ids.SETTINGS_PEOPLE,
            label=PlainTextObject(text="Also allowed, when restricted to admins"),
            optional=True,
            element=UserMultiSelectElement(
                action_id=ids.SETTINGS_CHOICE,
                placeholder="Pick people",
                initial_users=list(chosen.allowed_starters) or None,
            ),
        ),
        ContextBlock(
            elements=[MarkdownTextObject(text="Changes apply to runs started from now on.")]
        ),
    ]
    return View(
        type="modal",
        callback_id=ids.SETTINGS_VIEW,
        title="Readiness settings",
        submit="Save",
        close="Cancel",
        blocks=blocks,
    )


def read_settings(values: Mapping[str, Any]) -> tuple[int, int, Starters, list[str]]:
    """What the admin chose. A value that is none of the modal's options (Slack only sends
    those) reads as nothing chosen, which `save_choices` refuses with its reason."""

    def entry(block_id: str) -> Mapping[str, Any]:
        block = values.get(block_id)
        found = block.get(ids.SETTINGS_CHOICE) if isinstance(block, Mapping) else None
        return found if isinstance(found, Mapping) else {}

    def picked(block_id: str) -> object:
        selected = entry(block_id).get("selected_option")
        return selected.get("value") if isinstance(selected, Mapping) else None

    people = entry(ids.SETTINGS_PEOPLE).get("selected_users")
    who = picked(ids.SETTINGS_STARTERS)
    starters = next((s for s in Starters if s.value == who), Starters.ANYONE)
    return (
        option_number(picked(ids.SETTINGS_MINIMUM)) or 0,
        option_number(picked(ids.SETTINGS_DAYS)) or 0,
        starters,
        [p for p in people if is_slack_id(p)] if isinstance(people, list) else [],
    )


def saved_message(chosen: Choices) -> Message:
    who = STARTERS[chosen.starters]
    if chosen.starters is Starters.ADMINS and chosen.allowed_starters:
        who += ": " + ", ".join(f"<@{u}>" for u in chosen.allowed_starters)
    text = (
        "Outcome Readiness settings saved: team profiles need at least "
        f"{plural(chosen.min_respondents, 'respondent')}, team runs stay open "
        f"{plural(chosen.default_run_days, 'day')} by default, and team runs and schedules can "
        f"be started by {who[0].lower() + who[1:]}."
    )
    return Message.of(text, ContextBlock(elements=[MarkdownTextObject(text=text)]))
