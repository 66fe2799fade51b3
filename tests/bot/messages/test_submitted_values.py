"""Reading what a modal submission carries: only our own options count as a choice.

Found by the fuzz (tests/hardening/test_fuzz.py): an option value of `"²"` passed `str.isdigit`
and then made `int()` raise inside the listener; a settings submission whose state was not a
mapping raised too. Slack only sends our options, so anything else reads as nothing chosen and
is answered like any missing choice.
"""

from __future__ import annotations

from typing import Any

import pytest

from bot import ids
from bot.messages.form import form_answers, not_our_options
from bot.messages.mrkdwn import option_number
from bot.messages.workspace_settings import read_settings
from flows.steps import DONT_KNOW, ShownStage
from flows.workspace_settings import Starters


@pytest.mark.parametrize(
    ("value", "number"),
    [("1", 1), ("60", 60), ("0", 0), ("²", None), ("٣", None), ("\uff13", None), ("-1", None),
     ("1.5", None), ("", None), ("9" * 5_000, None), (None, None), (3, None), ("01", None),
     (" 3", None), ("+2", None), ("3 ", None), ("3\n", None), ("00", None)],
)  # fmt: skip
def test_option_numbers(value: object, number: int | None) -> None:
    assert option_number(value) == number


def _form(value: object) -> dict[str, Any]:
    return {f"{ids.FORM_BLOCK_PREFIX}q1": {ids.FORM_CHOICE: {"selected_option": {"value": value}}}}


def test_form_answers_read_our_options_and_nothing_else() -> None:
    """Letters as shown, don't know, and (a form opened before options were shuffled) the stage
    of the option it showed; nothing else."""
    assert form_answers(_form("C")) == {"q1": "C"}
    assert form_answers(_form("dont_know")) == {"q1": DONT_KNOW}
    assert form_answers(_form("3")) == {"q1": ShownStage(3)}
    for odd in ("²", "c", "E", "AB", "A ", "dont know", "", 3):
        assert form_answers(_form(odd)) == {"q1": None}
    assert form_answers(_form("²")) == {"q1": None}
    assert form_answers({"q:q1": None, "q:q2": {"choice": "3"}, "other": 5}) == {"q2": None}


def _settings(minimum: object, days: object, who: object, people: object) -> dict[str, Any]:
    def picked(value: object) -> dict[str, Any]:
        return {ids.SETTINGS_CHOICE: {"selected_option": {"value": value}}}

    return {
        ids.SETTINGS_MINIMUM: picked(minimum),
        ids.SETTINGS_DAYS: picked(days),
        ids.SETTINGS_STARTERS: picked(who),
        ids.SETTINGS_PEOPLE: {ids.SETTINGS_CHOICE: {"selected_users": people}},
    }


def test_settings_read_our_options() -> None:
    chosen = read_settings(_settings("4", "10", "admins", ["UANA", "UBO"]))
    assert chosen == (4, 10, Starters.ADMINS, ["UANA", "UBO"])


@pytest.mark.parametrize(
    "values",
    [
        _settings("²", "٣", ["admins"], "UANA"),
        _settings(None, 10**30, {"a": 1}, [None, 5, "<!channel>", "u1"]),
        {ids.SETTINGS_MINIMUM: "4", ids.SETTINGS_DAYS: [], ids.SETTINGS_PEOPLE: None},
        {ids.SETTINGS_MINIMUM: {ids.SETTINGS_CHOICE: {"selected_option": "4"}}},
        {},
    ],
)
def test_settings_that_are_not_our_options_read_as_nothing_chosen(values: dict[str, Any]) -> None:
    assert read_settings(values) == (0, 0, Starters.ANYONE, [])


def test_form_picks_that_are_not_our_options_are_named_for_the_log() -> None:
    assert form_answers(_form("01")) == {"q1": None}
    assert not_our_options(_form("01")) == ["q1"]
    assert not_our_options(_form(2)) == ["q1"]
    assert not_our_options(_form("2")) == not_our_options(_form(None)) == []
