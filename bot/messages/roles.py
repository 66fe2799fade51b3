"""The role question: how each part of the org is named, and the select it is asked with."""

from __future__ import annotations

from collections.abc import Callable

from bot.inbound.payloads import SKIP_ROLE
from bot.messages.blocks import Json, option, plain, static_select
from flows.steps import RoleOffer
from scoring import Role

ROLE_LABELS: dict[Role, str] = {
    Role.LEADERSHIP: "CS leadership",
    Role.CSM: "CSM / account management",
    Role.ONBOARDING: "Onboarding / implementation",
    Role.OPERATIONS: "CS operations",
    Role.SALES: "Sales / solutions",
    Role.OTHER: "Other",
    Role.UNDISCLOSED: "Prefer not to say",
}
SKIP_WORDS = "Skip: no role this time"
ROLE_QUESTION = "Which part of the org do you work in?"
ROLE_NOTE = "Optional. Only you see the role you give; you can change it now or on your next run."


def role_label(role: Role) -> str:
    return ROLE_LABELS[role]


def role_select(
    offer: RoleOffer, *, action_id: str, value: Callable[[str], str] = lambda choice: choice
) -> Json:
    """One option per role (the remembered one named "Same as last time"), then Skip; the
    role the response is given as now is selected. `value` turns a choice (a role's value, or
    `SKIP_ROLE`) into what the option carries."""
    options = {
        role: option(
            f"Same as last time: {label}" if role is offer.remembered else label,
            value(role.value),
        )
        for role, label in ROLE_LABELS.items()
    }
    skip = option(SKIP_WORDS, value(SKIP_ROLE))
    return static_select(
        action_id=action_id,
        placeholder=plain("Choose (optional)"),
        options=[*options.values(), skip],
        initial_option=None if offer.current is None else options[offer.current],
    )
