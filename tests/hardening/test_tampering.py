"""Tampering: button values and modal metadata that point at another person's response,
another workspace's run, a run that has ended, a question that does not exist or an option
out of range are refused — the person is told in words, a line is logged, nothing changes."""

from __future__ import annotations

import contextlib
import copy
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from bot import ids
from bot.inbound.payloads import FormMetadata, PickValue, QuestionRef, ResponseRef
from bot.run_modes import answering
from bot.run_modes.local import LocalBot
from scoring import default_framework
from standin import Message, SlackDriver, SlackStandIn, View
from storage.database import Database
from tests.bot_fixtures import Team
from tests.e2e.people import answer_all, channel_message, question_on_screen
from tests.hardening import tally
from tests.hardening.helpers import option_block, wait_quiet, with_pick_value
from tests.hardening.sizes import quick_and_full
from tests.hardening.state import count, digest

QUESTIONS = default_framework().questions
REFUSAL_TIMEOUT = 15.0
"""Seconds to wait for a refusal to be told and logged: generous, as only a failure waits it."""
FORM_TRIES = 3
NOTHING_OWED = "SELECT count(*) FROM response WHERE show_due_at IS NOT NULL"


@dataclass(frozen=True)
class Case:
    name: str
    who: str
    act: Callable[[], object]


def _told(standin: SlackStandIn, user: str) -> int:
    """Everything the bot has said to the person privately so far."""
    dm = [m for m in standin.dm(user) if m.user == standin.workspace.bot_user_id]
    return len(standin.ephemerals(user)) + len(dm)


def _refusals(caplog: pytest.LogCaptureFixture, logged: int) -> list[logging.LogRecord]:
    return [r for r in caplog.records[logged:] if r.getMessage().startswith("refused")]


def _wait_for_refusal(
    standin: SlackStandIn, caplog: pytest.LogCaptureFixture, who: str, *, told: int, logged: int
) -> None:
    """Until the person has been told and the refusal logged, or `REFUSAL_TIMEOUT` passed (the
    test then reports what was missing). The bot tells them after its ack, on another thread:
    on a busy machine that can come later than `wait_quiet`'s moment of silence, which alone
    would take "not told yet" for "never told"."""
    with contextlib.suppress(AssertionError):
        standin.wait_for(
            lambda: _told(standin, who) > told and _refusals(caplog, logged),
            timeout=REFUSAL_TIMEOUT,
        )


def _open_form(standin: SlackStandIn, driver: SlackDriver, user: str, question: Message) -> View:
    """The form, opened from the question's button. Slack's trigger id lives 3 s: on a starved
    machine the bot can be too late to open it (`expired_trigger_id`), and the person, told
    something went wrong, clicks again; so does this, a few times."""
    for _ in range(FORM_TRIES - 1):
        driver.click(user, message=question, action_id=ids.OPEN_FORM)
        with contextlib.suppress(AssertionError):
            return standin.wait_for(lambda: standin.open_views(user), timeout=5)[-1]
    driver.click(user, message=question, action_id=ids.OPEN_FORM)
    return standin.wait_for(lambda: standin.open_views(user), timeout=REFUSAL_TIMEOUT)[-1]


def _pick(driver: SlackDriver, user: str, message: Message, stage: int = 2) -> Callable[[], object]:
    return lambda: driver.click(
        user,
        message=message,
        action_id=ids.PICK,
        block_id=option_block(message, stage),
        as_seen=True,
    )


def _response_of(message: Message) -> str:
    for block in message.blocks:
        accessory = block.get("accessory") or {}
        if accessory.get("action_id") == ids.PICK:
            return PickValue.decode(accessory["value"]).response_id
    raise AssertionError("not a question message")


def _cases(
    standin: SlackStandIn, driver: SlackDriver, team: Team, database: Database
) -> list[Case]:
    """A team run under way (two members part-way) and an individual run finished; then every
    way a payload could point somewhere it must not."""
    ana, bo, cy = team.members[:3]
    driver.slash_command(team.lead, ids.COMMAND, "team", channel_id=team.channel)
    invitation = channel_message(standin, team.channel, "Take the assessment")
    for user in (ana, bo):
        driver.click(user, message=invitation, action_id=ids.JOIN_TEAM)
        answer_all(standin, driver, user, [2, 3])
    ana_q3 = question_on_screen(standin, ana, 3)
    bo_q3 = question_on_screen(standin, bo, 3)
    bo_response = _response_of(bo_q3)
    cy_dm = standin.dm_channel_id(cy)
    driver.slash_command(cy, ids.COMMAND, channel_id=cy_dm)
    cy_q1 = question_on_screen(standin, cy, 1)
    answer_all(standin, driver, cy, [3] * len(QUESTIONS))
    # Cy's profile comes in parts (a chart to draw between them), each recorded as shown once
    # posted: wait until nothing is owed, or a late record lands in the first case's digest.
    standin.wait_for(
        lambda: count(database, NOTHING_OWED) == 0, timeout=30, description="nothing owed"
    )
    wait_quiet(standin)

    elsewhere = standin.add_workspace(team_name="Elsewhere Inc", domain="elsewhere")
    standin.add_user("UOUTSIDER", "outsider", workspace=elsewhere)
    standin.add_channel("COUTSIDE", "outside", ["UOUTSIDER"], workspace=elsewhere)
    outside = SlackDriver(standin, driver.bot_url, driver.signing_secret)
    outside.workspace = elsewhere
    foreign_invitation = Message(
        **{**copy.deepcopy(invitation).__dict__, "channel": "COUTSIDE", "team": elsewhere.team_id}
    )
    foreign_question = Message(
        **{
            **copy.deepcopy(ana_q3).__dict__,
            "channel": standin.dm_channel_id("UOUTSIDER", workspace=elsewhere),
            "team": elsewhere.team_id,
        }
    )

    def form_for_someone_else() -> object:
        view = _open_form(standin, driver, ana, ana_q3)
        with standin.state.lock:  # what a tampering client would send back
            standin.state.views[view.id].data["private_metadata"] = FormMetadata(
                response_id=bo_response
            ).encode()
        picks = answering.form_picks(view, [4] * len(QUESTIONS))
        return driver.submit_view(ana, view.id, picks)

    def click(user: str, message: Message, action_id: str) -> Callable[[], object]:
        return lambda: driver.click(user, message=message, action_id=action_id, as_seen=True)

    return [
        Case("pick for another's response", ana, _pick(driver, ana, _with(ana_q3, r=bo_response))),
        Case(
            "back on another's response", ana, click(ana, _retarget(ana_q3, bo_response), ids.BACK)
        ),
        Case(
            "continue another's response",
            ana,
            click(ana, _continue_button(ana_q3, bo_response), ids.CONTINUE),
        ),
        Case("unknown question", ana, _pick(driver, ana, _with(ana_q3, q="outcomes.nothing"))),
        Case("option E of A-D", ana, _pick(driver, ana, _with(ana_q3, c="E"))),
        # Buttons from before options were shuffled carry a stage: one out of range is refused.
        Case("option 7 of 4", ana, _pick(driver, ana, _with(ana_q3, c=None, s=7))),
        Case("option 0", ana, _pick(driver, ana, _with(ana_q3, c=None, s=0))),
        Case("option -1", ana, _pick(driver, ana, _with(ana_q3, c=None, s=-1))),
        Case("a value that is not ours", ana, _pick(driver, ana, _raw_value(ana_q3, '{"r":1}'))),
        Case("a run that has ended", cy, _pick(driver, cy, cy_q1)),
        Case(
            "another workspace's run",
            "UOUTSIDER",
            lambda: outside.click(
                "UOUTSIDER", message=foreign_invitation, action_id=ids.JOIN_TEAM, as_seen=True
            ),
        ),
        Case(
            "another workspace's response",
            "UOUTSIDER",
            lambda: outside.click(
                "UOUTSIDER",
                message=foreign_question,
                action_id=ids.PICK,
                block_id=option_block(foreign_question, 1),
                as_seen=True,
            ),
        ),
        Case("modal metadata for another's response", ana, form_for_someone_else),
    ]


def _with(message: Message, **changes: Any) -> Message:
    return with_pick_value(message, lambda pick: pick.update(changes))


def _raw_value(message: Message, raw: str) -> Message:
    forged = copy.deepcopy(message)
    for block in forged.blocks:
        accessory = block.get("accessory") or {}
        if accessory.get("action_id") == ids.PICK:
            accessory["value"] = raw
    return forged


def _retarget(message: Message, response_id: str) -> Message:
    """The message's Back button pointing at `response_id`."""
    forged = copy.deepcopy(message)
    for block in forged.blocks:
        for element in block.get("elements") or []:
            if element.get("action_id") == ids.BACK:
                ref = QuestionRef.decode(element["value"])
                element["value"] = QuestionRef(
                    response_id=response_id, question_id=ref.question_id
                ).encode()
    return forged


def _continue_button(message: Message, response_id: str) -> Message:
    """A "Continue" button (as on a resume offer) carrying `response_id`."""
    forged = copy.deepcopy(message)
    forged.blocks.append(
        {
            "type": "actions",
            "block_id": "forged_continue",
            "elements": [
                {
                    "type": "button",
                    "action_id": ids.CONTINUE,
                    "text": {"type": "plain_text", "text": "Continue"},
                    "value": ResponseRef(response_id=response_id).encode(),
                }
            ],
        }
    )
    return forged


@pytest.mark.parametrize("rounds", quick_and_full(1, 10))
def test_tampered_payloads_are_refused_in_words_and_change_nothing(
    standin: SlackStandIn,
    driver: SlackDriver,
    team: Team,
    bot: LocalBot,
    caplog: pytest.LogCaptureFixture,
    rounds: int,
) -> None:
    database = bot.running.services.database
    cases = _cases(standin, driver, team, database)
    caplog.set_level(logging.INFO, logger="bot.listeners.error_handler")
    tried = refused = 0
    failures: list[str] = []
    for _ in range(rounds):
        for case in cases:
            wait_quiet(standin)
            before, told, logged = digest(database), _told(standin, case.who), len(caplog.records)
            case.act()
            _wait_for_refusal(standin, caplog, case.who, told=told, logged=logged)
            wait_quiet(standin)  # and then nothing more: a change would show in the digest
            tried += 1
            refusals = _refusals(caplog, logged)
            ok = digest(database) == before and _told(standin, case.who) > told and refusals
            if ok:
                refused += 1
            else:
                failures.append(
                    f"{case.name}: changed={digest(database) != before}, "
                    f"told={_told(standin, case.who) - told}, logged={len(refusals)}"
                )
    tally.record(
        "Tampering",
        tried=tried,
        refused=refused,
        note=f"{len(cases)} kinds × {rounds}: other people's responses, another workspace, "
        "an ended run, unknown question, options out of range, modal metadata",
    )
    assert not failures, failures
