"""Fuzz: every shape of request Slack could send the bot, and many it would not.

Hypothesis builds interaction payloads (`block_actions`, `view_submission`, ...), slash commands,
Events API envelopes and plain broken bodies (empty, not JSON, not UTF-8, huge, larger than the
bot reads, nested hundreds of levels deep, odd Unicode, wrong types, missing fields, our real
action ids with garbage values, stages that are not integers) and sends each to the real HTTP
bot, signed as Slack signs, so it gets past the signature check. For every case:

- the answer is never a 5xx, and nothing is logged at ERROR (no listener failed, no middleware);
- a case the bot can tell is wrong (by its shape, or because it points at nothing of the
  person's) changes nothing it keeps: `state.digest` before and after is the same;
- the stand-in saw nothing Slack would refuse (the `standin` fixture checks at teardown).

Cases are valid or not by construction. A *legal* case is well formed, from a person with a
Slack id, pointing at their own things (a command with any text, a click on their own response):
it may change state, and must still never fail. Anything else is *invalid*. The bot cannot tell
a well-formed id of someone it has never met from a newcomer's, so those cases count as legal.

One thing is left out on purpose: a Back click on a message that no longer exists.
`Presenter.went_back` deletes the clicked message without the best-effort handling the other
retirements have, so that click logs a failure (the question is owed and shown later anyway).
Reported rather than fixed here; clicks are made on the message that shows the question.

The quick size runs in CI, derandomized; the full one (`pytest -m soak`) runs 10,000 cases from
a fresh seed each time, and prints the seed of a failure to reproduce it.
"""

from __future__ import annotations

import itertools
import json
import logging
import os
import re
import socket
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

import bot as bot_package
import flows
import storage
from bot import ids
from bot.inbound.asgi import EVENTS_PATH, MAX_BODY_BYTES
from bot.inbound.payloads import FormMetadata, PickValue, QuestionRef, ResponseRef, TeamRunRef
from bot.inbound.request_shapes import MAX_NESTING
from bot.run_modes.local import LocalBot
from scoring import default_framework
from standin import SlackDriver, SlackStandIn
from standin.response_urls import RESPONSE_PATH
from standin.signing import signature_headers
from storage.database import Database
from tests.bot_fixtures import SIGNING_SECRET, Team
from tests.e2e.people import channel_message, question_on_screen
from tests.hardening import tally
from tests.hardening.helpers import option_block, wait_quiet, with_pick_value
from tests.hardening.sizes import quick_and_full
from tests.hardening.state import digest, table_counts

FRAMEWORK = default_framework()
QUESTION_IDS = [q.id for q in FRAMEWORK.questions]
OUTSIDER = "UOUTSIDER"
"""A real person of the workspace who is not in the team's channel."""
OTHER_TEAM = "TOTHERTEAM1"
FORM = "application/x-www-form-urlencoded"
JSON_TYPE = "application/json"
KINDS = {"interaction": "interactions", "command": "commands", "event": "events",
         "malformed": "malformed bodies"}  # fmt: skip

WATCHED_LOGGERS = ("bot", "flows", "storage", "slack_bolt", "slack_sdk", "uvicorn")
"""Refusals are logged at INFO by `bot` and `flows` (captured to tell when the bot is quiet);
anything at ERROR, from any logger, fails the case."""

# ---------------------------------------------------------------------------------------------
# Placeholders: what must be fresh when a case is sent (Slack issues these per request).


@dataclass(frozen=True)
class Fresh:
    """Filled in when the case is sent: a trigger id, a response URL, an event id, the ts of
    the message showing a response's current question."""

    kind: str
    channel: str = ""
    user: str = ""
    response: str = ""


@dataclass(frozen=True)
class _Missing:
    """A field left out altogether."""


MISSING = _Missing()


# ---------------------------------------------------------------------------------------------
# Text and JSON: odd, huge and wrong.

ODD_PIECES = [
    "\x00",
    "\u200f",  # right-to-left mark
    "\u202e",  # right-to-left override
    "\u200b",  # zero width space
    "\ufeff",  # byte order mark
    "e\u0301",  # combining acute
    "\u0301\u0301\u0301",
    "👩‍👩‍👧‍👦",
    "🏳️‍🌈",
    "\U0010fffd",
    "²",  # a digit to str.isdigit, not to int()
    "٣",  # Arabic-Indic three
    "\uff13",  # fullwidth three
    "<!channel>",
    "<@ULEAD>",
    "<#CTEAM>",
    "&amp;&lt;&gt;",
    "*_~`",
    "```",
    "\n\n\t",
    "%00",
    "{}",
    '{"r":',
    "null",
    "'; DROP TABLE response; --",
]
JSON_ONLY_PIECES = ["\ud800", "a\udfffb"]
"""Lone surrogates: impossible in UTF-8, but fair in JSON text as escapes (`"\\ud800"`)."""


def _huge() -> st.SearchStrategy[str]:
    return st.builds(
        lambda piece, n: piece * n,
        st.sampled_from(["x", "é", "👍", "\u202e", "<!channel> ", "closes in 5 days "]),
        st.sampled_from([101, 3_001, 40_000, 100_000]),
    )


ODD_TEXT: st.SearchStrategy[str] = st.one_of(
    st.text(st.characters(codec="utf-8"), max_size=30),
    st.lists(st.sampled_from(ODD_PIECES), min_size=1, max_size=4).map("".join),
    st.lists(st.characters(codec="utf-8") | st.sampled_from(ODD_PIECES), max_size=12).map("".join),
)
TEXT: st.SearchStrategy[str] = st.one_of(ODD_TEXT, ODD_TEXT, ODD_TEXT, _huge())
JSON_TEXT: st.SearchStrategy[str] = st.one_of(
    TEXT, st.lists(st.sampled_from(JSON_ONLY_PIECES + ODD_PIECES), max_size=3).map("".join)
)
JSON_SCALAR: st.SearchStrategy[Any] = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(),
    JSON_TEXT,
)
JSON_VALUE: st.SearchStrategy[Any] = st.recursive(
    JSON_SCALAR,
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.one_of(ODD_TEXT, st.sampled_from(["id", "type", "value"])), children)
    ),
    max_leaves=6,
)
NOT_A_STRING: st.SearchStrategy[Any] = JSON_VALUE.filter(lambda v: not isinstance(v, str))
NOT_A_DICT: st.SearchStrategy[Any] = JSON_VALUE.filter(lambda v: not isinstance(v, dict))
NOT_AN_ID: st.SearchStrategy[Any] = st.one_of(
    st.just(""),
    st.just(MISSING),
    NOT_A_STRING,
    ODD_TEXT.filter(lambda s: not _is_id(s)),
    _huge(),
)
"""Anything a Slack id (`U0123ABC`) is not."""


# ---------------------------------------------------------------------------------------------
# The world the fuzz acts in.


@dataclass(repr=False)
class World:
    standin: SlackStandIn
    database: Database
    team_id: str
    channel: str
    members: tuple[str, ...]
    admin: str
    dms: dict[str, str]
    run_id: str
    owners: dict[str, str]
    """The responses there were at the start, and whose they are."""

    @property
    def response_ids(self) -> tuple[str, ...]:
        return tuple(self.owners)

    def __repr__(self) -> str:
        return "World()"

    @property
    def people(self) -> tuple[str, ...]:
        return (*self.members, OUTSIDER)


def _set_up(standin: SlackStandIn, driver: SlackDriver, team: Team, bot: LocalBot) -> World:
    """A channel with an open team run, one member half-way through it, one person half-way
    through their own assessment: things for odd requests to point at (and not change)."""
    standin.add_user(OUTSIDER, "outsider")
    driver.slash_command(team.lead, ids.COMMAND, "team", channel_id=team.channel)
    invitation = channel_message(standin, team.channel, "Team Outcome Readiness assessment")
    member, loner = team.members[0], team.members[1]
    driver.click(member, message=invitation, action_id=ids.JOIN_TEAM)
    first = question_on_screen(standin, member, 1)
    driver.click(member, message=first, action_id=ids.PICK, block_id=option_block(first, 2))
    question_on_screen(standin, member, 2)
    driver.slash_command(loner, ids.COMMAND, "", channel_id=team.channel)
    first = question_on_screen(standin, loner, 1)
    driver.click(loner, message=first, action_id=ids.PICK, block_id=option_block(first, 3))
    question_on_screen(standin, loner, 2)
    database = bot.running.services.database
    with database.engine.connect() as connection:
        run_id = connection.execute(
            text("SELECT id FROM assessment_run WHERE kind = 'team'")
        ).scalar()
        responses = connection.execute(text("SELECT id, user_id FROM response ORDER BY id"))
        owners = {str(r): str(u) for r, u in responses}
    assert run_id and len(owners) == 2
    people = (team.lead, team.admin, *team.members)
    return World(
        standin=standin,
        database=database,
        team_id=standin.workspace.team_id,
        channel=team.channel,
        members=people,
        admin=team.admin,
        dms={p: standin.dm_channel_id(p) for p in (*people, OUTSIDER)},
        run_id=str(run_id),
        owners=owners,
    )


# ---------------------------------------------------------------------------------------------
# One case.


@dataclass(repr=False)
class Case:
    """One request: its body before fresh values are filled in, and how to judge it."""

    kind: str  # interaction, command, event, malformed
    what: str
    body: Any
    encoding: str  # "payload" (form payload=<json>), "form", "json", "raw"
    content_type: str
    broken: list[str] = field(default_factory=list)
    """Why the bot can tell this case is wrong without asking Slack; empty if it cannot."""
    actor: tuple[Any, Any] | None = None
    """(workspace, user) the case claims to come from, when well formed."""
    owns: list[tuple[str, str]] = field(default_factory=list)
    """What the case points at, as (kind, id): legal only with the actor's own `response`, a
    `run` of their workspace; a `question` or `stage` that does not exist, or a settings change
    by someone who is not an `admin`, never is (see `legal`)."""

    def describe(self, limit: int = 600) -> str:
        shown = repr(self.body)
        if len(shown) > limit:
            shown = shown[:limit] + f"... ({len(shown):,} chars)"
        return f"{self.kind} {self.what} broken={self.broken} owns={self.owns}: {shown}"

    def __repr__(self) -> str:
        """Short: hypothesis prints the failing case, and a body can be 100 KB."""
        return f"Case({self.describe(400)!r})"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """What hypothesis' pretty printer uses (rather than the dataclass' fields)."""
        printer.text(repr(self))


class Draw:
    """Hypothesis' `draw`, with helpers for fields that are right, or now and then wrong.

    Half the cases are clean (shaped as Slack shapes them, whatever their text). In the other
    half one field, chosen at random, goes wrong, and each of the others with small odds: so
    the bot's checks are reached one at a time, each often, rather than all at once.
    """

    def __init__(self, draw: Callable[[st.SearchStrategy[Any]], Any], case: Case) -> None:
        self.draw = draw
        self.case = case
        self.clean = draw(st.booleans())
        self.target = -1 if self.clean else draw(st.integers(0, 11))
        self.fields = 0

    def __call__(self, strategy: st.SearchStrategy[Any]) -> Any:
        return self.draw(strategy)

    def either(
        self,
        right: Any,
        wrong: st.SearchStrategy[Any],
        why: str,
        *,
        one_in: int = 5,
        matters: bool = True,
    ) -> Any:
        """`right`, or in a corrupt case something from `wrong` (this field's turn, or odds of
        one in 3 × `one_in`), noted as broken when the bot has to notice (`matters`)."""
        turn, self.fields = self.fields, self.fields + 1
        if self.clean:
            return right
        if turn != self.target and self.draw(st.integers(0, 3 * one_in - 1)) != 0:
            return right
        if matters:
            self.case.broken.append(why)
        return self.draw(wrong)

    def mostly(
        self, usual: st.SearchStrategy[Any], odd: st.SearchStrategy[Any], *, in_ten: int = 8
    ) -> Any:
        """From `usual` `in_ten` times in ten, else from `odd` (hypothesis' `one_of` does not
        keep to its branches' proportions)."""
        return self.draw(usual if self.draw(st.integers(0, 9)) < in_ten else odd)

    def dropped(self, fields: Mapping[str, Any]) -> list[str]:
        """Fields to leave out (none in a clean case)."""
        if self.clean:
            return []
        keys: list[str] = self.draw(st.lists(st.sampled_from(sorted(fields)), max_size=2))
        return list(dict.fromkeys(keys))


def _dict(**fields: Any) -> dict[str, Any]:
    return {k: v for k, v in fields.items() if v is not MISSING}


def _slack_id(prefix: str) -> st.SearchStrategy[str]:
    return st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=6, max_size=10).map(
        lambda s: prefix + s
    )


def _actor(d: Draw, world: World, owner: str | None = None) -> tuple[str, str]:
    """(workspace, user): mostly ours, sometimes another workspace's; often the `owner` of
    what the case points at, so that clean cases are often legal."""
    people = st.sampled_from(world.people)
    user = d.mostly(st.just(owner), people, in_ten=7) if owner else d(people)
    team = d(st.sampled_from([world.team_id] * 6 + [OTHER_TEAM]))
    return team, user


def _user_ref(d: Draw, team: str, user: str) -> Any:
    """The `user` of an interaction; whether the bot can read who acted is judged on the whole
    payload (`_who_broken`), since `team` can stand in for `user.team_id`."""
    good = {"id": user, "username": user.lower(), "name": user.lower(), "team_id": team}
    bad = st.one_of(
        NOT_A_DICT,
        st.builds(lambda i: {**good, "id": i}, NOT_AN_ID),
        st.just({k: v for k, v in good.items() if k != "id"}),
        st.builds(lambda t: {**good, "team_id": t}, NOT_AN_ID),
    )
    return d.either(good, bad, "user", matters=False)


def _team_ref(d: Draw, team: str) -> Any:
    good = {"id": team, "domain": "example"}
    bad = st.one_of(NOT_A_DICT, st.builds(lambda i: {"id": i}, NOT_AN_ID))
    return d.either(good, bad, "team", matters=False)


def _present(mapping: Mapping[str, Any], key: str) -> Any:
    """`mapping.get(key)`, with a field drawn as MISSING read as absent (as it will be sent)."""
    value = mapping.get(key)
    return None if value is MISSING else value


def _who_broken(body: Mapping[str, Any]) -> str | None:
    """Why the payload names no usable (workspace, user), read as `bot.listeners.body.who`
    must read it (`user.team_id`, else `team`); None if it does."""
    user = _present(body, "user")
    if not isinstance(user, dict):
        return "no user"
    if not _is_id(_present(user, "id")):
        return "no user id"
    workspace = _present(user, "team_id")
    if not workspace:
        team = _present(body, "team")
        workspace = _present(team, "id") if isinstance(team, dict) else team
    return None if _is_id(workspace) else "no workspace"


def _where_broken(body: Mapping[str, Any]) -> str | None:
    """Why a click names no usable channel (`container.channel_id`, else `channel.id`)."""
    container = _present(body, "container")
    channel = _present(body, "channel")
    found = _present(container, "channel_id") if isinstance(container, dict) else None
    found = found or (_present(channel, "id") if isinstance(channel, dict) else None)
    return None if _is_id(found) else "no channel"


def _is_id(value: Any) -> bool:
    """A Slack id, by Slack's definition (upper-case letters and digits), written out here
    rather than taken from the bot."""
    return isinstance(value, str) and re.fullmatch(r"[A-Z0-9]{1,32}", value) is not None


def _url_broken(value: Any) -> bool:
    """Whether a response URL is no http(s) URL with a host (a fresh one from the stand-in is)."""
    return not isinstance(value, Fresh) and not _usable_url(value)


def _usable_url(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def _container(d: Draw, world: World, user: str, response: str | None) -> tuple[Any, Any]:
    """(container, channel) of a click in the person's DM, on the message showing `response`'s
    current question if it has one (never on one that does not exist: see the module's doc)."""
    dm = world.dms[user]
    ts = Fresh("message_ts", channel=dm, response=response or "")
    good = {"type": "message", "message_ts": ts, "channel_id": dm, "is_ephemeral": False}
    container = d.either(
        good,
        st.one_of(
            NOT_A_DICT,
            st.builds(lambda c: {**good, "channel_id": c}, NOT_AN_ID),
            st.builds(lambda t: {**good, "message_ts": t}, NOT_A_STRING),
        ),
        "container",
        matters=False,
    )
    channel = d.either({"id": dm, "name": "directmessage"}, JSON_VALUE, "channel", matters=False)
    return container, channel


def _ref_ids(d: Draw, world: World, kind: str) -> str:
    """A response or run id: mostly one there is, else one there is not or no id at all."""
    known = world.response_ids if kind == "response" else (world.run_id,)
    unknown = st.one_of(_slack_id("R").map(str.lower), ODD_TEXT)
    found: str = d.mostly(st.sampled_from(known), unknown)
    return found


# What each of our actions reads from a click: a click lacking it must be refused.
VALUE_ACTIONS = {
    ids.CONTINUE: "response",
    ids.OPEN_FORM: "response",
    ids.PICK: "pick",
    ids.BACK: "question",
    ids.JOIN_TEAM: "run",
    ids.JOIN_TEAM_FORM: "run",
}
TEAM_RUN_CONTROLS = {ids.TEAM_CLOSE, ids.TEAM_EXTEND, ids.TEAM_CANCEL}
CHANNEL_ACTIONS = {ids.CONTINUE, ids.RESTART, ids.PICK, ids.BACK, *TEAM_RUN_CONTROLS}
TRIGGER_ACTIONS = {ids.OPEN_FORM, ids.JOIN_TEAM_FORM, ids.OVERVIEW_COMPARE}
WHO_ACTIONS = set(ids.ACTIONS) - {ids.FORGET_CANCEL}
RESPOND_ACTIONS = {
    ids.FORGET_CONFIRM,
    ids.FORGET_CANCEL,
    ids.STOP_REMINDERS,
    ids.JOIN_TEAM,
    ids.TEAM_KEEP_WAITING,
    *TEAM_RUN_CONTROLS,
}


def _action_value(d: Draw, world: World, action_id: str) -> tuple[Any, str | None]:
    """What the clicked button carries (one of our refs, mostly well formed), and who owns
    the response it points at, if anyone."""
    kind = VALUE_ACTIONS.get(action_id)
    owner = None
    if kind is None:
        return d(st.one_of(st.just(MISSING), JSON_VALUE)), None
    if kind == "run":
        run = _ref_ids(d, world, "run")
        d.case.owns.append(("run", run))
        good = TeamRunRef(run_id=run).encode() if _is_ref(run) else "x"
    else:
        response = _ref_ids(d, world, "response")
        owner = world.owners.get(response)
        d.case.owns.append(("response", response))
        question = d.mostly(st.sampled_from(QUESTION_IDS), ODD_TEXT, in_ten=9)
        if question not in QUESTION_IDS and kind in ("pick", "question"):
            d.case.owns.append(("question", question))
        if not _is_ref(response) or not _is_ref(question):
            good = "x"
        elif kind == "response":
            good = ResponseRef(response_id=response).encode()
        elif kind == "question":
            good = QuestionRef(response_id=response, question_id=question).encode()
        elif d.mostly(st.just(True), st.just(False), in_ten=7):
            # What our buttons carry: the letter as shown, or don't know.
            choice = d.mostly(st.sampled_from(CHOICES), st.sampled_from(ODD_CHOICES), in_ten=9)
            if choice in CHOICES:
                good = PickValue(response_id=response, question_id=question, choice=choice).encode()
            else:  # none of ours: refused, whatever it is
                d.case.broken.append(f"choice {choice!r}")
                value = {"r": response, "q": question, "c": choice}
                return json.dumps(value, separators=(",", ":")), owner
        else:
            # What buttons posted before options were shuffled carry: the stage they showed.
            stage = d.mostly(st.integers(-2, 6), st.sampled_from(ODD_STAGES), in_ten=9)
            if isinstance(stage, int) and not isinstance(stage, bool):
                if not 1 <= stage <= 4:
                    d.case.owns.append(("stage", str(stage)))
                good = PickValue(response_id=response, question_id=question, stage=stage).encode()
            else:  # what we never write: refused however it reads to a lax parser
                d.case.broken.append(f"stage {stage!r}")
                value = {"r": response, "q": question, "s": stage}
                return json.dumps(value, separators=(",", ":")), owner
    if good == "x":
        d.case.broken.append("value")
        return good, owner
    wrong = st.one_of(st.just(MISSING), NOT_A_STRING, TEXT, st.just(good[:-1]), st.just(good + "x"))
    return d.either(good, wrong, "value"), owner


CHOICES = ["A", "B", "C", "D", "dont_know"]
ODD_CHOICES: list[Any] = ["E", "a", "", "AB", " A", "dont know", "DONT_KNOW", 1, None, ["A"]]
"""Picks that are none of our buttons' values: each is refused."""
ODD_STAGES: list[Any] = ["2", "01", " 3", "+2", 2.0, True, False, None, "1e0", 1.5, [2]]
"""Stages as a lax parser would read them: each is refused (only the integers 1-4 are stages)."""


def _is_ref(value: str) -> bool:
    """Whether our button values can carry `value` as an id (`bot.inbound.payloads.Id`)."""
    return re.fullmatch(r"[A-Za-z0-9_.-]{1,64}", value) is not None


def _response_url(d: Draw, world: World, channel: str, user: str) -> Any:
    """A fresh response URL, or not: one that goes nowhere on the stand-in is still a URL the
    bot may use; one that is no URL at all is refused by the listeners that need one."""
    good = Fresh("response_url", channel=channel, user=user)
    bad = st.one_of(
        st.just(MISSING),
        NOT_A_STRING,
        ODD_TEXT,
        st.just(f"{world.standin.base_url}{RESPONSE_PATH}NOSUCHURL"),
        st.just("https://"),
    )
    return d.either(good, bad, "response_url", one_in=8, matters=False)


def _trigger(d: Draw, user: str, matters: bool) -> Any:
    return d.either(
        Fresh("trigger", user=user),
        st.one_of(st.just(MISSING), NOT_A_STRING, st.just("")),
        "trigger_id",
        matters=matters,
        one_in=6,
    )


@st.composite
def block_actions(draw: Any, world: World) -> Case:
    case = Case("interaction", "", None, "payload", FORM)
    d = Draw(draw, case)
    action_id = d.mostly(
        st.sampled_from(ids.ACTIONS), st.one_of(ODD_TEXT, st.just("unknown_action")), in_ten=9
    )
    case.what = f"block_actions {action_id[:40]!r}"
    known = action_id in ids.ACTIONS
    if not known:
        case.broken.append("unknown action")
    value, owner = _action_value(d, world, action_id)
    team, user = _actor(d, world, owner)
    case.actor = (team, user)
    response = next((ref for kind, ref in case.owns if kind == "response"), None)
    container, channel = _container(d, world, user, response)
    action = _dict(
        type="button",
        block_id=d(st.one_of(st.just("b1"), ODD_TEXT)),
        action_id=action_id,
        value=value,
        text={"type": "plain_text", "text": "Go"},
        action_ts=f"{int(time.time())}.000100",
    )
    # Two actions in one click: Slack sends one; bolt (and so the bot) reads the first.
    actions = d.either([action], st.just([action, action]), "two actions", matters=False)
    actions = d.either(
        actions,
        st.one_of(
            st.just([]),
            NOT_A_DICT.map(lambda v: [v]),
            st.just(action).map(lambda a: {"0": a}),
        ),
        "actions",
        one_in=10,
    )
    body = _dict(
        type=d.either("block_actions", NOT_A_STRING, "type", one_in=20),
        user=_user_ref(d, team, user),
        api_app_id=world.standin.workspace.app_id,
        token="verification-token",
        container=container,
        trigger_id=_trigger(d, user, matters=action_id in TRIGGER_ACTIONS),
        team=_team_ref(d, team),
        enterprise=None,
        is_enterprise_install=False,
        channel=channel,
        state=d.either({"values": {}}, JSON_VALUE, "state", matters=False),
        response_url=_response_url(d, world, world.dms[user], user),
        actions=actions,
    )
    for key in d.dropped(body):
        # Fields left out: only those the listener reads make the case wrong (here and below).
        del body[key]
        if key in ("type", "actions") or (key == "trigger_id" and action_id in TRIGGER_ACTIONS):
            case.broken.append(f"no {key}")
    if action_id in WHO_ACTIONS and (problem := _who_broken(body)):
        case.broken.append(problem)
    if action_id in CHANNEL_ACTIONS and (problem := _where_broken(body)):
        case.broken.append(problem)
    if action_id in RESPOND_ACTIONS and _url_broken(body.get("response_url", MISSING)):
        case.broken.append("no response URL")
    case.body = body
    return case


@st.composite
def view_submission(draw: Any, world: World) -> Case:
    case = Case("interaction", "", None, "payload", FORM)
    d = Draw(draw, case)
    callback = d.mostly(st.sampled_from([ids.FORM_VIEW, ids.SETTINGS_VIEW]), ODD_TEXT, in_ten=9)
    case.what = f"view_submission {callback[:40]!r}"
    response = _ref_ids(d, world, "response")
    owner = world.owners.get(response) if callback == ids.FORM_VIEW else world.admin
    team, user = _actor(d, world, owner)
    case.actor = (team, user)
    if callback == ids.FORM_VIEW:
        case.owns.append(("response", response))
        good = FormMetadata(response_id=response).encode() if _is_ref(response) else None
        if good is None:
            case.broken.append("metadata")
            metadata: Any = response
        else:
            metadata = d.either(good, st.one_of(NOT_A_STRING, TEXT, st.just(MISSING)), "metadata")
        values = d.either(d(_form_values()), JSON_VALUE, "values", matters=False)
    elif callback == ids.SETTINGS_VIEW:
        metadata = d.either("", JSON_VALUE, "metadata", matters=False)
        values = d.either(d(_settings_values()), JSON_VALUE, "values", matters=False)
        if user != world.admin:
            case.owns.append(("admin", user))
    else:
        case.broken.append("unknown view")
        metadata = d(JSON_VALUE)
        values = d(JSON_VALUE)
    state = d.either({"values": values}, NOT_A_DICT, "state", one_in=10, matters=False)
    view = _dict(
        id="V" + "0" * 10,
        team_id=team,
        type="modal",
        callback_id=callback,
        private_metadata=metadata,
        state=state,
        hash="1700000000.abcdef",
        blocks=d.either([], JSON_VALUE, "blocks", matters=False),
    )
    body = _dict(
        type="view_submission",
        team=_team_ref(d, team),
        user=_user_ref(d, team, user),
        api_app_id=world.standin.workspace.app_id,
        token="verification-token",
        trigger_id=_trigger(d, user, matters=False),
        view=d.either(view, NOT_A_DICT, "view", one_in=12),
        response_urls=d.either([], JSON_VALUE, "response_urls", matters=False),
        is_enterprise_install=False,
    )
    if callback in (ids.FORM_VIEW, ids.SETTINGS_VIEW) and (problem := _who_broken(body)):
        case.broken.append(problem)
    case.body = body
    return case


def _form_values() -> st.SearchStrategy[Any]:
    def entry(value: Any) -> dict[str, Any]:
        return {ids.FORM_CHOICE: {"type": "radio_buttons", "selected_option": {"value": value}}}

    choice = st.one_of(st.sampled_from(["1", "2", "3", "4"]), ODD_TEXT, JSON_VALUE)
    question = st.one_of(st.sampled_from(QUESTION_IDS), ODD_TEXT)
    return st.dictionaries(
        st.builds(lambda q: ids.FORM_BLOCK_PREFIX + q, question), choice.map(entry), max_size=16
    )


def _settings_values() -> st.SearchStrategy[Any]:
    def picked(value: Any) -> dict[str, Any]:
        return {ids.SETTINGS_CHOICE: {"type": "static_select", "selected_option": {"value": value}}}

    number = st.one_of(st.sampled_from(["3", "5", "14", "0", "-1", "99999999999999999999"]), TEXT)
    return st.fixed_dictionaries(
        {
            ids.SETTINGS_MINIMUM: number.map(picked),
            ids.SETTINGS_DAYS: number.map(picked),
            ids.SETTINGS_STARTERS: st.one_of(st.sampled_from(["anyone", "admins"]), TEXT).map(
                picked
            ),
            ids.SETTINGS_PEOPLE: st.one_of(
                st.lists(st.one_of(st.sampled_from(["UANA", "UBO"]), JSON_VALUE), max_size=3),
                JSON_VALUE,
            ).map(lambda users: {ids.SETTINGS_CHOICE: {"selected_users": users}}),
        }
    )


@st.composite
def other_interaction(draw: Any, world: World) -> Case:
    """Interaction types the bot has no listener for, or no type at all."""
    case = Case("interaction", "other", None, "payload", FORM, broken=["not ours"])
    d = Draw(draw, case)
    kind = d(
        st.one_of(
            st.sampled_from(
                ["view_closed", "shortcut", "message_action", "block_suggestion", "interactive"]
            ),
            NOT_A_STRING,
            ODD_TEXT,
        )
    )
    case.what = f"interaction {str(kind)[:40]!r}"
    team, user = _actor(d, world)
    body = d(st.dictionaries(ODD_TEXT, JSON_VALUE, max_size=4))
    body.update(
        type=kind,
        user={"id": user, "team_id": team},
        team={"id": team},
        callback_id=d(st.one_of(st.sampled_from([ids.FORM_VIEW, ids.SETTINGS_VIEW]), ODD_TEXT)),
        trigger_id=Fresh("trigger", user=user),
        view=d(JSON_VALUE),
    )
    case.body = body
    return case


SUB_COMMANDS = [
    "",
    "help",
    "?",
    "me",
    "team",
    "team closes in 5 days min 3",
    "team in 9999 days",
    "status",
    "close",
    "cancel",
    "extend 3 days",
    "extend forever",
    "history",
    "settings",
    "forget me",
    "schedule",
    "schedule quarterly",
    "schedule monthly on the last friday at 2:30pm closes in 10 days min 4",
    "schedule off",
    "schedule quarterly on the 31st",
]


@st.composite
def slash_command(draw: Any, world: World) -> Case:
    case = Case("command", "", None, "form", FORM)
    d = Draw(draw, case)
    user = d(st.sampled_from(world.people))
    in_dm = user == OUTSIDER or d(st.booleans())
    channel = world.dms[user] if in_dm else world.channel
    words = d(
        st.one_of(
            st.sampled_from(SUB_COMMANDS),
            st.tuples(st.sampled_from(SUB_COMMANDS), TEXT).map(" ".join),
            TEXT,
        )
    )
    case.what = f"/readiness {words[:40]!r}"
    command = d.either(ids.COMMAND, st.one_of(ODD_TEXT, st.just("/other")), "command", one_in=12)
    fields = {
        "token": "verification-token",
        "team_id": d.either(world.team_id, NOT_AN_ID, "team_id", one_in=12, matters=False),
        "team_domain": "example",
        "channel_id": d.either(channel, NOT_AN_ID, "channel_id", one_in=12, matters=False),
        "channel_name": "directmessage" if in_dm else "cs-team",
        "user_id": d.either(user, NOT_AN_ID, "user_id", one_in=12, matters=False),
        "user_name": user.lower(),
        "command": command,
        "text": words,
        "api_app_id": world.standin.workspace.app_id,
        "is_enterprise_install": "false",
        "response_url": _response_url(d, world, channel, user),
        "trigger_id": Fresh("trigger", user=user),
    }
    case.actor = (world.team_id, user)
    encoding = "form"
    if d(st.integers(0, 9)) == 0:
        # Sent as JSON, where fields can be of any type; bolt reads it the same.
        encoding = "json"
        if not d.clean:
            for key in d(st.lists(st.sampled_from(["text", "user_id", "channel_id", "team_id"]))):
                fields[key] = d(NOT_A_STRING)
    fields = {k: v for k, v in fields.items() if v is not MISSING}
    for key in d.dropped(fields):
        del fields[key]
        if key == "command":
            case.broken.append("no command")
    if encoding == "form":
        # Form fields are text: whatever was drawn is sent as its text.
        fields = {k: v if isinstance(v, str | Fresh) else json.dumps(v) for k, v in fields.items()}
    # What `/readiness` reads (`Invocation.check`), judged on what is sent.
    for key in ("team_id", "user_id", "channel_id"):
        if not _is_id(fields.get(key)):
            case.broken.append(f"bad {key}")
    if not isinstance(fields.get("text", ""), str):
        case.broken.append("bad text")
    if _url_broken(fields.get("response_url", MISSING)):
        case.broken.append("no response URL")
    case.broken = list(dict.fromkeys(case.broken))
    case.body = fields
    case.encoding = encoding
    case.content_type = JSON_TYPE if encoding == "json" else FORM
    return case


@st.composite
def event(draw: Any, world: World) -> Case:
    case = Case("event", "", None, "json", JSON_TYPE)
    d = Draw(draw, case)
    user = d(st.sampled_from(world.people))
    kind = d(
        st.sampled_from(
            [
                "message",
                "message",
                "app_home_opened",
                "app_home_opened",
                "app_uninstalled",
                "tokens_revoked",
                "reaction_added",
                "member_joined_channel",
                "other",
            ]
        )
    )
    case.what = f"event {kind}"
    ts = f"{int(time.time())}.{d(st.integers(0, 999_999)):06d}"
    team = world.team_id
    if kind == "message":
        event_body: Any = _dict(
            type="message",
            channel_type=d.either("im", ODD_TEXT, "channel_type", one_in=8, matters=False),
            user=d.either(user, NOT_AN_ID, "user"),
            text=d(TEXT),
            ts=ts,
            channel=d.either(world.dms[user], NOT_AN_ID, "channel"),
            event_ts=ts,
            subtype=d.either(
                MISSING, st.one_of(st.just("message_changed"), JSON_VALUE), "", matters=False
            ),
            bot_id=d.either(MISSING, JSON_VALUE, "", matters=False),
            blocks=d.either([], JSON_VALUE, "blocks", matters=False),
        )
        if event_body.get("subtype") or event_body.get("bot_id"):
            case.broken.append("not someone talking")  # ignored by design
    elif kind == "app_home_opened":
        tab = d.mostly(st.sampled_from(["home", "messages"]), JSON_VALUE)
        event_body = _dict(
            type="app_home_opened",
            user=d.either(user, NOT_AN_ID, "user", matters=tab == "home"),
            channel=world.dms[user],
            tab=tab,
            event_ts=ts,
            view=d.either(MISSING, JSON_VALUE, "view", matters=False),
        )
    elif kind == "app_uninstalled":
        # Only ever for a workspace with nothing in it here: ours would lose the fuzz's world.
        team = d(st.one_of(st.just(OTHER_TEAM), NOT_AN_ID))
        event_body = {"type": "app_uninstalled", "event_ts": ts}
        case.broken.append("another workspace")
    elif kind == "tokens_revoked":
        tokens = d(
            st.one_of(
                st.fixed_dictionaries(
                    {"oauth": st.lists(ODD_TEXT, max_size=2), "bot": st.lists(ODD_TEXT, max_size=2)}
                ),
                JSON_VALUE,
            )
        )
        team = d(st.one_of(st.just(OTHER_TEAM), NOT_AN_ID))
        event_body = {"type": "tokens_revoked", "tokens": tokens, "event_ts": ts}
        case.broken.append("another workspace")
    else:
        event_body = d(st.dictionaries(ODD_TEXT, JSON_VALUE, max_size=4))
        event_body["type"] = kind if kind != "other" else d(JSON_VALUE)
        case.broken.append("not subscribed")
    event_body = d.either(event_body, NOT_A_DICT, "event", one_in=15)
    envelope = _dict(
        token="verification-token",
        team_id=d.either(team, NOT_AN_ID, "team_id", one_in=12),
        api_app_id=world.standin.workspace.app_id,
        event=event_body,
        type=d.either("event_callback", JSON_VALUE, "type", one_in=20),
        event_id=Fresh("event_id"),
        event_time=d.either(int(time.time()), JSON_VALUE, "event_time", matters=False),
        authorizations=d.either(
            [{"team_id": team, "user_id": world.standin.workspace.bot_user_id, "is_bot": True}],
            JSON_VALUE,
            "authorizations",
            matters=False,
        ),
        is_ext_shared_channel=False,
        event_context="4-xyz",
    )
    case.actor = (team, user)
    case.body = envelope
    return case


@st.composite
def malformed(draw: Any, world: World) -> Case:
    """Bodies that are not a Slack request at all."""
    kind = draw(
        st.sampled_from(
            [
                "empty",
                "bytes",
                "not json",
                "payload not json",
                "payload not an object",
                "json not an object",
                "not utf-8",
                "surrogates",
                "huge",
                "url_verification",
                "nested",
                "oversized",
            ]
        )
    )
    content_type = draw(
        st.sampled_from(
            [FORM, JSON_TYPE, "", "text/plain", "application/octet-stream", "multipart/form-data"]
        )
    )
    raw: bytes
    if kind == "empty":
        raw = b""
    elif kind == "bytes":
        raw = draw(st.binary(max_size=200))
    elif kind == "not json":
        raw = draw(st.sampled_from(["{", '{"type": }', "{'a': 1}", "[1,", "{}}"])).encode()
        raw += draw(ODD_TEXT).encode()
    elif kind == "payload not json":
        not_json = draw(ODD_TEXT.filter(lambda s: not s.startswith("{")))
        raw = urlencode({"payload": not_json}).encode()
    elif kind == "payload not an object":
        raw = urlencode({"payload": json.dumps(draw(NOT_A_DICT))}).encode()
    elif kind == "json not an object":
        raw = json.dumps(draw(NOT_A_DICT)).encode()
    elif kind == "not utf-8":
        raw = b"payload=" + draw(st.sampled_from([b"\xff\xfe", b"{\x80}", b"%FF%FE", b"\xc3("]))
    elif kind == "surrogates":
        shape = {"type": "block_actions", "user": {"id": "\ud800"}, "actions": []}
        raw = json.dumps(shape, ensure_ascii=False).encode("utf-8", "surrogatepass")
        raw = draw(st.sampled_from([raw, b"payload=" + raw]))
    elif kind == "huge":
        raw = (b"payload=" if content_type == FORM else b"") + b"{" + b" " * 1_000_000 + b"}"
    elif kind == "nested":
        raw = _nested(draw(st.sampled_from(NESTINGS)), draw(st.sampled_from(NESTED_SHAPES)))
    elif kind == "oversized":
        filler = draw(st.sampled_from([b"x", b"[", b"%7B"]))
        raw = b"payload=" + filler * (MAX_BODY_BYTES // len(filler) + 1)
    else:
        challenge = draw(st.one_of(ODD_TEXT, NOT_A_STRING))
        raw = json.dumps({"type": "url_verification", "challenge": challenge}).encode()
    return Case("malformed", kind, raw, "raw", content_type, broken=[kind])


NESTINGS = [MAX_NESTING + 1, 500, 970, 1_000, 5_000, 100_000]
"""Depths past what Slack sends (about a dozen): ~970 made the parser's neighbours in the bot
run out of stack; past ~1,000 the parser itself does."""
NESTED_SHAPES = ["blocks", "payload blocks", "event", "objects", "bare"]


def _nested(depth: int, shape: str) -> bytes:
    """A Slack-like body with `depth` levels of nesting somewhere inside it."""
    lists = "[" * depth + "]" * depth
    if shape == "objects":
        inner = '{"a":' * depth + "1" + "}" * depth
        return (
            '{"type":"block_actions","actions":[{"action_id":"x","value":' + inner + "}]}"
        ).encode()
    if shape == "bare":
        return lists.encode()
    if shape == "event":
        body = '{"type":"event_callback","event_id":"EvDEEP","event":{"type":"message","blocks":'
        return (body + lists + "}}").encode()
    body = '{"type":"block_actions","actions":[{"action_id":"pick"}],"blocks":' + lists + "}"
    return (urlencode({"payload": body}) if shape == "payload blocks" else body).encode()


def cases(world: World) -> st.SearchStrategy[Case]:
    """Cases in about these proportions, out of 20 (hypothesis' `one_of` and `sampled_from`
    do not keep to proportions: they lean to what they can shrink to)."""
    mix = [
        (6, block_actions(world)),
        (2, view_submission(world)),
        (1, other_interaction(world)),
        (5, slash_command(world)),
        (3, event(world)),
        (3, malformed(world)),
    ]
    slots = [strategy for weight, strategy in mix for _ in range(weight)]

    @st.composite
    def one_case(draw: Any) -> Case:
        case: Case = draw(slots[draw(st.integers(0, len(slots) - 1))])
        return case

    return one_case()


# ---------------------------------------------------------------------------------------------
# Sending a case and judging the outcome.


class Sender:
    """Turns a case into the bytes Slack would POST, with fresh trigger ids, response URLs and
    event ids (each is good once, as Slack's are)."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.events = itertools.count(1)

    def fill(self, value: Any) -> Any:
        if isinstance(value, Fresh):
            standin = self.world.standin
            if value.kind == "trigger":
                return standin.issue_trigger(value.user or OUTSIDER)
            if value.kind == "event_id":
                return f"EvFUZZ{next(self.events):08d}"
            if value.kind == "message_ts":
                return self.message_ts(value)
            return standin.issue_response_url(channel_id=value.channel, user_id=value.user)
        if isinstance(value, dict):
            return {k: self.fill(v) for k, v in value.items() if v is not MISSING}
        if isinstance(value, list):
            return [self.fill(v) for v in value if v is not MISSING]
        return value

    def message_ts(self, wanted: Fresh) -> str:
        """The message showing the response's question, else the newest message in the DM."""
        with self.world.database.engine.connect() as connection:
            shown = connection.execute(
                text("SELECT message_ts FROM response WHERE id = :id"), {"id": wanted.response}
            ).scalar()
        if shown:
            return str(shown)
        timeline = self.world.standin.messages(wanted.channel)
        return timeline[-1].ts if timeline else "1700000000.000100"

    def body(self, case: Case) -> bytes:
        if case.encoding == "raw":
            assert isinstance(case.body, bytes)
            return case.body
        filled = self.fill(case.body)
        if case.encoding == "payload":
            return urlencode({"payload": json.dumps(filled)}).encode()
        if case.encoding == "form":
            return urlencode(filled).encode()
        return json.dumps(filled).encode()


def legal(case: Case, world: World) -> bool:
    """Whether the bot may act on the case: well formed, and pointing only at the actor's own
    things. Ownership is looked up now: a response can have been deleted by a legal "forget
    me" since the case was drawn."""
    if case.broken:
        return False
    if not case.owns:
        return True
    assert case.actor is not None
    team, user = case.actor
    with world.database.engine.connect() as connection:
        for kind, ref in case.owns:
            if kind in ("question", "stage", "admin"):
                return False
            if kind == "response":
                found = connection.execute(
                    text("SELECT workspace_id, user_id FROM response WHERE id = :id"), {"id": ref}
                ).first()
                if found is None or tuple(found) != (team, user):
                    return False
            if kind == "run":
                found = connection.execute(
                    text("SELECT workspace_id FROM assessment_run WHERE id = :id"), {"id": ref}
                ).first()
                if found is None or found[0] != team:
                    return False
    return True


OUR_CODE = tuple(
    str(Path(package.__path__[0])) + os.sep for package in (bot_package, flows, storage)
)
FOLLOW_UP_THREADS = "follow-up"
"""`bot.run_modes.start` names the follow-up threads so."""


def follow_ups_running() -> bool:
    """Whether a follow-up thread is running the bot's code (an idle one waits in the
    standard library for its next task). The answer to a request goes out before its
    follow-ups are done, and a case must be judged after them."""
    frames = sys._current_frames()
    for thread in threading.enumerate():
        if not thread.name.startswith(FOLLOW_UP_THREADS) or thread.ident is None:
            continue
        frame = frames.get(thread.ident)
        while frame is not None:
            if frame.f_code.co_filename.startswith(OUR_CODE):
                return True
            frame = frame.f_back
    return False


def wait_until_quiet(
    standin: SlackStandIn, logged: list[Any], *, quiet: float = 0.02, timeout: float = 10.0
) -> None:
    """Until for `quiet` seconds no follow-up has run and the bot has neither called Slack nor
    logged anything: what the case set off is done, so what it changed or logged is put down
    to it and not to the next one."""
    calls = standin.state.calls  # read-only: the length of the live list

    def activity() -> tuple[int, int]:
        return len(calls), len(logged)

    last, since = activity(), time.monotonic()
    deadline = since + timeout
    while time.monotonic() - since < quiet:
        time.sleep(0.002)
        now = activity()
        if now != last or follow_ups_running():
            last, since = now, time.monotonic()
        if time.monotonic() > deadline:
            raise AssertionError("the bot was still busy 10 s after one request")


@dataclass
class Figures:
    statuses: Counter[int] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)
    legal: int = 0
    changed: int = 0
    """Legal cases that changed what the bot keeps (an answer saved, a run started)."""
    refused: int = 0
    """Invalid cases turned away: a 4xx, or acknowledged with nothing changed."""
    problems: list[str] = field(default_factory=list)


@pytest.fixture
def errors_logged(caplog: pytest.LogCaptureFixture) -> Iterator[list[logging.LogRecord]]:
    """Every WARNING and above from any logger, and the bot's refusals (INFO), in `caplog`;
    uvicorn's own records do not propagate, so its logger is watched directly. The list holds
    the ERROR ones."""
    caplog.set_level(logging.WARNING)
    for name in WATCHED_LOGGERS:
        caplog.set_level(logging.INFO if name in ("bot", "flows") else logging.WARNING, name)
    uvicorn_logger = logging.getLogger("uvicorn")
    uvicorn_logger.addHandler(caplog.handler)
    errors: list[logging.LogRecord] = []

    class Errors(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            errors.append(record)

    watcher = Errors(logging.ERROR)
    logging.getLogger().addHandler(watcher)
    uvicorn_logger.addHandler(watcher)
    try:
        yield errors
    finally:
        logging.getLogger().removeHandler(watcher)
        uvicorn_logger.removeHandler(watcher)
        uvicorn_logger.removeHandler(caplog.handler)


def _shown(record: logging.LogRecord) -> str:
    shown = f"{record.name} {record.levelname}: {record.getMessage()[:300]}"
    if record.exc_info and record.exc_info[1] is not None:
        error = record.exc_info[1]
        shown += f" [{type(error).__name__}: {str(error)[:300]}]"
    return shown


@pytest.mark.parametrize("size", quick_and_full(300, 10_000))
def test_no_request_slack_could_send_or_not_fails_the_bot_or_changes_what_it_should_not(
    size: int,
    standin: SlackStandIn,
    team: Team,
    bot: LocalBot,
    driver: SlackDriver,
    errors_logged: list[logging.LogRecord],
    caplog: pytest.LogCaptureFixture,
) -> None:
    world = _set_up(standin, driver, team, bot)
    sender = Sender(world)
    figures = Figures()
    full = size > 1_000
    started = time.monotonic()

    @settings(
        max_examples=size,
        deadline=None,
        derandomize=not full,
        database=None,
        print_blob=True,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.filter_too_much,
            HealthCheck.large_base_example,
        ],
    )
    @given(case=cases(world))
    def one(case: Case) -> None:
        is_legal = legal(case, world)
        before, counts = digest(world.database), table_counts(world.database)
        errors_before = len(errors_logged)
        raw = sender.body(case)
        if len(raw) > MAX_BODY_BYTES:  # answered before it is all sent: see `_post_raw`
            head = _signed_head(raw, case.content_type)
            answer, _ = _post_raw(bot.base_url, head, _in_pieces(raw))
            status, shown = _status(answer), answer
        else:
            result = driver.send(raw, case.content_type)
            status, shown = result.status, result.body[:200]
        wait_until_quiet(standin, caplog.records)
        changed = digest(world.database) != before
        figures.kinds[case.kind] += 1
        figures.statuses[status] += 1
        problems: list[str] = []
        if status >= 500 or status == 0:
            problems.append(f"answered {status}: {shown!r}")
        if len(errors_logged) > errors_before:
            problems += [_shown(r) for r in errors_logged[errors_before:][:3]]
        if is_legal:
            figures.legal += 1
            figures.changed += changed
        elif changed:
            now = table_counts(world.database)
            rows = {name: (n, now[name]) for name, n in counts.items() if now[name] != n}
            problems.append(f"an invalid request changed what the bot keeps (rows: {rows})")
        else:
            figures.refused += 1
        if standin.violations:
            problems.append(f"the stand-in saw: {standin.violations[:3]}")
        if problems:
            figures.problems.append(f"{case.describe()}\n  " + "\n  ".join(problems))
        assert not problems, figures.problems[-1]

    try:
        one()
    finally:
        elapsed = time.monotonic() - started
        tried = sum(figures.kinds.values())
        kinds = ", ".join(f"{figures.kinds[k]:,} {label}" for k, label in KINDS.items())
        statuses = ", ".join(f"{n:,}×{s}" for s, n in sorted(figures.statuses.items()))
        outcome = "no 5xx, no unhandled exception" if not figures.problems else "FAILED"
        tally.record(
            "Fuzz",
            tried=tried,
            refused=figures.refused,
            note=(
                f"{tried:,} cases: {kinds}; {figures.legal:,} legal ({figures.changed:,} changed "
                f"state), every other one changed nothing; answers {statuses}; {outcome} "
                f"({elapsed:.0f} s)"
            ),
        )
    assert tried >= size * 0.9, f"hypothesis ran only {tried:,} of {size:,} cases"


# ---------------------------------------------------------------------------------------------
# Nested, oversized and oddly typed bodies, one by one: each refused with a 4xx or in words,
# nothing changed, nothing logged at ERROR.


@pytest.mark.parametrize("shape", NESTED_SHAPES)
@pytest.mark.parametrize("depth", NESTINGS)
def test_a_deeply_nested_body_is_refused_400_and_changes_nothing(
    depth: int,
    shape: str,
    standin: SlackStandIn,
    team: Team,
    bot: LocalBot,
    driver: SlackDriver,
    errors_logged: list[logging.LogRecord],
) -> None:
    database = bot.running.services.database
    before = digest(database)
    content_type = FORM if shape == "payload blocks" else JSON_TYPE
    result = driver.send(_nested(depth, shape), content_type)
    wait_quiet(standin)
    tally.record("Fuzz", tried=1, refused=int(result.status == 400))
    assert result.status == 400, result.body[:200]
    assert digest(database) == before
    assert not errors_logged, [_shown(r) for r in errors_logged]


def _post_raw(base_url: str, head: dict[str, str], pieces: Iterable[bytes]) -> tuple[str, int]:
    """POST to the bot's events URL over a plain socket, sending `pieces` of the body one after
    another and stopping if the bot closes the connection, then read the answer: (status line,
    body bytes sent). A client library would fail on the closed connection instead of reading
    the answer the bot sent before closing."""
    host, port = urlsplit(base_url).hostname, urlsplit(base_url).port
    assert host and port
    lines = [f"POST {EVENTS_PATH} HTTP/1.1", f"Host: {host}:{port}"]
    lines += [f"{name}: {value}" for name, value in head.items()]
    sent = 0
    with socket.create_connection((host, port), timeout=10) as connection:
        connection.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        try:
            for piece in pieces:
                connection.sendall(piece)
                sent += len(piece)
        except OSError:
            pass  # the bot answered and closed: what follows reads its answer
        answer = connection.makefile("rb").readline().decode("latin-1").strip()
    return answer, sent


def _status(answer: str) -> int:
    """The status code of an HTTP status line (0 if there was no answer)."""
    parts = answer.split()
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0


def _in_pieces(body: bytes, size: int = 65_536) -> Iterator[bytes]:
    return (body[at : at + size] for at in range(0, len(body), size))


def _signed_head(body: bytes, content_type: str) -> dict[str, str]:
    secret = SIGNING_SECRET
    return {
        "Content-Type": content_type,
        "Content-Length": str(len(body)),
        **signature_headers(secret, int(time.time()), body),
    }


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_an_unsigned_oversized_body_is_refused_413_before_it_is_sent_whole(
    chunked: bool,
    standin: SlackStandIn,
    team: Team,
    bot: LocalBot,
    errors_logged: list[logging.LogRecord],
) -> None:
    """10 MB announced by its Content-Length: the bot answers 413 when only the first 64 KB
    have been sent, so it neither read nor waited for the rest. Chunked (no length given): the
    bot counts what arrives and answers once past its limit, though the body never ends."""
    database = bot.running.services.database
    before = digest(database)
    ten_mb = 10 * 1024 * 1024
    head = {"Content-Type": FORM}
    piece = b"x" * 65_536
    if chunked:
        head["Transfer-Encoding"] = "chunked"
        framed = b"%x\r\n%s\r\n" % (len(piece), piece)
        pieces = [framed] * (MAX_BODY_BYTES // len(piece) + 4)  # no last chunk: never ends
    else:
        head["Content-Length"] = str(ten_mb)
        pieces = [piece]
    answer, sent = _post_raw(bot.base_url, head, pieces)
    tally.record("Fuzz", tried=1, refused=int(_status(answer) == 413))
    assert _status(answer) == 413, answer
    assert sent < ten_mb, "answered before the client had sent the body"
    assert digest(database) == before
    assert not errors_logged, [_shown(r) for r in errors_logged]


def test_a_signed_oversized_command_is_refused_413_and_changes_nothing(
    standin: SlackStandIn,
    team: Team,
    bot: LocalBot,
    driver: SlackDriver,
    errors_logged: list[logging.LogRecord],
) -> None:
    """Signed as Slack signs, a command whose text is past the limit (Slack never sends one
    that big): refused unread, nothing started, nobody told anything."""
    database = bot.running.services.database
    before = digest(database)
    fields = {
        "team_id": standin.workspace.team_id,
        "channel_id": team.channel,
        "user_id": team.lead,
        "command": ids.COMMAND,
        "text": "team " + "x" * MAX_BODY_BYTES,
        "response_url": standin.issue_response_url(channel_id=team.channel, user_id=team.lead),
        "trigger_id": standin.issue_trigger(team.lead),
    }
    body = urlencode(fields).encode()
    answer, _ = _post_raw(bot.base_url, _signed_head(body, FORM), _in_pieces(body))
    wait_quiet(standin)
    tally.record("Fuzz", tried=1, refused=int(_status(answer) == 413))
    assert _status(answer) == 413, answer
    assert digest(database) == before
    assert standin.messages(team.channel) == [] and standin.ephemerals(team.lead) == []
    assert not errors_logged, [_shown(r) for r in errors_logged]

    # The same command within the limit starts a run: the limit is what refused it.
    driver.slash_command(team.lead, ids.COMMAND, "team", channel_id=team.channel)
    channel_message(standin, team.channel, "Team Outcome Readiness assessment")


@pytest.mark.parametrize("stage", [*ODD_STAGES, 0, 5, -1], ids=repr)
def test_a_stage_that_is_not_an_exact_integer_1_to_4_is_refused_in_words(
    stage: Any,
    standin: SlackStandIn,
    team: Team,
    bot: LocalBot,
    driver: SlackDriver,
    caplog: pytest.LogCaptureFixture,
    errors_logged: list[logging.LogRecord],
) -> None:
    """A click whose button carries a stage we never wrote (`"2"`, `true`, `2.0`, ...), as a
    client that edits payloads would send it: the person is told nothing was saved, a line is
    logged, the question stays where it was and no answer is stored."""
    caplog.set_level(logging.INFO, logger="bot.listeners.error_handler")
    user = team.members[0]
    dm = standin.dm_channel_id(user)
    driver.slash_command(user, ids.COMMAND, "", channel_id=dm)
    question = question_on_screen(standin, user, 1)
    wait_quiet(standin)
    database = bot.running.services.database
    before = digest(database)
    ephemerals, dms = len(standin.ephemerals(user)), len(standin.dm(user))
    logged = len(caplog.records)
    # A button from before options were shuffled, which carried the stage.
    forged = with_pick_value(question, lambda value: value.update(c=None, s=stage))
    result = driver.click(
        user, message=forged, action_id=ids.PICK, block_id=option_block(question, 2), as_seen=True
    )
    wait_quiet(standin)
    said = [standin.visible_text(m) for m in standin.ephemerals(user)[ephemerals:]]
    said += [standin.visible_text(m) for m in standin.dm(user)[dms:]]
    refusals = [r for r in caplog.records[logged:] if r.getMessage().startswith("refused")]
    tally.record("Fuzz", tried=1, refused=int(digest(database) == before and bool(refusals)))
    assert result.status == 200  # acknowledged, so Slack shows no error banner: the words do
    assert len(said) == 1, said
    assert "nothing was changed" in said[0] or "nothing was saved" in said[0], said[0]
    assert refusals, "a line is logged"
    assert digest(database) == before
    assert not errors_logged, [_shown(r) for r in errors_logged]
