"""What a team lead does to plan, in the stand-in: close a team run, open the plan modal from
its profile, fill in lines as a person would (by what the options say), and submit."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot import ids
from standin import DriverResult, SlackDriver, SlackStandIn
from standin.records import Ephemeral, Message, View
from tests.bot_fixtures import Team
from tests.e2e.people import channel_message, start_team_run, take_part, wait_closed

ANSWERS = (
    [2] * 11 + [1, 1, 2, 2],
    [3] * 11 + [4, 4, 3, 3],
    [2] * 11 + [2, 3, 2, 2],
)
"""Three members whose answers split the team on Renewal Motion."""
PROFILE = "Team Outcome Readiness profile"
PLAN = "Plan next moves"


def closed_team_run(standin: SlackStandIn, driver: SlackDriver, team: Team) -> Message:
    """The lead runs a team assessment three members take; closed, its profile message."""
    invitation = start_team_run(standin, driver, team.lead, team.channel, "team min 3")
    for user, stages in zip(team.members, ANSWERS, strict=False):
        take_part(standin, driver, user, team.channel, stages)
    driver.slash_command(team.lead, ids.COMMAND, "close", channel_id=team.channel)
    profile = channel_message(standin, team.channel, PROFILE)
    wait_closed(standin, invitation)
    return profile


def open_plan(
    standin: SlackStandIn,
    driver: SlackDriver,
    user: str,
    *,
    message: Message | Ephemeral,
    action_id: str = ids.PLAN_OPEN,
) -> tuple[DriverResult, View | None]:
    """`user` clicks Plan next moves (or Edit plan): the modal it opened for them, if any."""
    before = len(standin.open_views(user))
    clicked = driver.click(user, message=message, action_id=action_id)
    opened = standin.open_views(user)[before:]
    return clicked, opened[-1] if opened else None


def line_blocks(view: View, line: int) -> dict[str, str]:
    """The block ids of line `line` (from 0): {"move": ..., "words": ..., ...}."""
    prefix = f"{ids.PLAN_LINE_PREFIX}{line}:"
    found = {}
    for block in view.blocks:
        block_id = str(block.get("block_id", ""))
        if block_id.startswith(prefix):
            found[block_id.removeprefix(prefix).split(":")[0]] = block_id
    return found


def option_value(view: View, label_start: str, line: int = 0) -> str:
    """The value of the move option whose text starts with `label_start`."""
    block_id = line_blocks(view, line)[ids.PLAN_MOVE]
    block = next(b for b in view.blocks if b.get("block_id") == block_id)
    for option in block["element"]["options"]:
        if option["text"]["text"].startswith(label_start):
            return str(option["value"])
    raise AssertionError(f"no option {label_start!r} in line {line}")


def option_labels(view: View, line: int = 0) -> list[str]:
    block_id = line_blocks(view, line)[ids.PLAN_MOVE]
    block = next(b for b in view.blocks if b.get("block_id") == block_id)
    return [str(o["text"]["text"]) for o in block["element"]["options"]]


def submit_plan(
    driver: SlackDriver, user: str, view: View, lines: Mapping[int, Mapping[str, Any]]
) -> DriverResult:
    """Fill in lines ({line: {"move": option label start, "words", "owner", "due"}}) and save."""
    values: dict[str, dict[str, Any]] = {}
    for line, said in lines.items():
        blocks = line_blocks(view, line)
        for part, chosen in said.items():
            if part == ids.PLAN_MOVE and chosen is not None:
                chosen = option_value(view, chosen, line)
            values[blocks[part]] = {ids.PLAN_CHOICE: chosen}
    return driver.submit_view(user, view.id, values)
