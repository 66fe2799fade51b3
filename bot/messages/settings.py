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
from bot.messages import Message
from bot.messages.text import plural
from flows.workspace_settings import LOWEST_MIN_RESPONDENTS, MAX_RUN_DAYS, Choices, Starters

MINIMUMS = range(LOWEST_MIN_RESPONDENTS, 21)
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


def read_settings(values: Mapping[str, Mapping[str, Any]]) -> tuple[int, int, Starters, list[str]]:
    def picked(block_id: str) -> str:
        selected = (values.get(block_id, {}).get(ids.SETTINGS_CHOICE) or {}).get("selected_option")
        return str((selected or {}).get("value", ""))

    people = (values.get(ids.SETTINGS_PEOPLE, {}).get(ids.SETTINGS_CHOICE) or {}).get(
        "selected_users"
    ) or []
    minimum, days, who = (
        picked(ids.SETTINGS_MINIMUM),
        picked(ids.SETTINGS_DAYS),
        picked(ids.SETTINGS_STARTERS),
    )
    return (
        int(minimum) if minimum.isdigit() else 0,
        int(days) if days.isdigit() else 0,
        Starters(who) if who in {s.value for s in Starters} else Starters.ANYONE,
        [p for p in people if isinstance(p, str)],
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
