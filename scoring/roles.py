"""The part of the org a person says they work in, asked before their first question.

Optional: a person may skip the question (no role for that response) or answer "prefer not to
say" (`Role.UNDISCLOSED`), which is a choice of its own but never a group a result is split by.
The values are what storage keeps, so they never change; how a role is named on screen is the
bot's (`bot.messages.roles`).
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    LEADERSHIP = "leadership"
    CSM = "csm"
    ONBOARDING = "onboarding"
    OPERATIONS = "operations"
    SALES = "sales"
    OTHER = "other"
    UNDISCLOSED = "undisclosed"

    @property
    def is_group(self) -> bool:
        """Whether answers given in this role may be told apart from others' as a group:
        "prefer not to say" never is."""
        return self is not Role.UNDISCLOSED


def role_of(value: str | None) -> Role | None:
    """A stored or submitted role value as a role; None for none, or a value that is none of
    ours (a role from a newer version read by an older one counts as not given)."""
    try:
        return None if value is None else Role(value)
    except ValueError:
        return None
