"""Where roles see it differently, end to end: a team of people who picked their role on
question 1 gets its result split by role only where nobody's answers could be worked out by
subtracting the groups from the team, and each person's own profile says the role they gave."""

from __future__ import annotations

import html
import re
import urllib.request
from typing import Any

import pytest

from bot import ids
from bot.messages.roles import role_label
from scoring import Role, default_framework, score_team
from scoring.numbers import format_score
from standin import SlackDriver, SlackStandIn
from tests.answer_key import page_lines
from tests.e2e.people import (
    JOIN,
    answer_all,
    channel_message,
    profile_on_screen,
    profile_thread,
    question_on_screen,
    seen,
)

FRAMEWORK = default_framework()
IDS = [q.id for q in FRAMEWORK.questions]
CHANNEL = "CROLES"
LEAD = "UROLELEAD"
HEADING = "Where roles see it differently"
L, C, OPS, U = Role.LEADERSHIP, Role.CSM, Role.OPERATIONS, Role.UNDISCLOSED

# Leadership sees most of it at Stage 3, the CSMs at Stage 2, operations in between: every
# dimension has a gap, and the widest are where leadership and the CSMs differ most.
STAGES: dict[Role, list[list[int]]] = {
    L: [[3] * 11 + [4, 4, 3, 3], [3] * 11 + [3, 4, 3, 3], [3, 3, 4, 3] + [3] * 7 + [4, 3, 3, 3]],
    C: [[2] * 11 + [1, 1, 2, 2], [2] * 11 + [2, 1, 2, 2], [2, 2, 1, 2] + [2] * 7 + [2, 2, 2, 2]],
    OPS: [[2, 3] * 7 + [3], [3, 2] * 7 + [2], [3] * 15],
}
STAGES[U] = STAGES[OPS]


def _people(standin: SlackStandIn, count: int) -> list[str]:
    people = [f"UROLE{n}" for n in range(count)]
    standin.add_user(LEAD, "rolelead")
    for person in people:
        standin.add_user(person, person.lower())
    standin.add_channel(CHANNEL, "cs-roles", [LEAD, *people])
    return people


def _take_part_as(
    standin: SlackStandIn, driver: SlackDriver, user: str, role: Role, stages: list[int]
) -> None:
    """Join from the invitation, pick `role` in the select on question 1, answer everything."""
    invitation = channel_message(standin, CHANNEL, JOIN)
    driver.click(user, message=invitation, action_id=ids.JOIN_TEAM)
    first = question_on_screen(standin, user, 1)
    block = next(b for b in first.blocks if b.get("block_id") == "role")
    select: dict[str, Any] = block["accessory"]
    value = next(o["value"] for o in select["options"] if o["text"]["text"] == role_label(role))
    result = driver.click(user, message=first, action_id=ids.ROLE, selected_option=value)
    assert result.status == 200, result.body
    answer_all(standin, driver, user, stages)
    own = profile_on_screen(standin, user)
    assert f"You answered as: {role_label(role)}" in own


def _run(
    standin: SlackStandIn, driver: SlackDriver, roles: dict[Role, int]
) -> tuple[str, str, str, str, Any]:
    """A team run with `roles[r]` people in role r; (profile, full report, page, chart alt text,
    the team result the answers give)."""
    people = iter(_people(standin, sum(roles.values())))
    driver.slash_command(LEAD, ids.COMMAND, "team closes in 5 days", channel_id=CHANNEL)
    members, given = [], []
    for role, count in roles.items():
        for stages in STAGES[role][:count]:
            _take_part_as(standin, driver, next(people), role, stages)
            members.append(dict(zip(IDS, stages, strict=True)))
            given.append(role)
    driver.slash_command(LEAD, ids.COMMAND, "close", channel_id=CHANNEL)
    profile = channel_message(standin, CHANNEL, "Team Outcome Readiness profile")
    text = seen(standin, profile)
    full = profile_thread(standin, CHANNEL, profile)  # its details, then the full report
    chart = standin.wait_for(lambda: standin.files(CHANNEL), description="the chart")[-1]
    found = re.search(r"<(http://127\.0\.0\.1:\d+/reports/[^|>]+)\|Printable report>", text)
    assert found, text
    with urllib.request.urlopen(found.group(1), timeout=10) as response:
        page = page_lines(response.read().decode())
    expected = score_team(FRAMEWORK, members, minimum=3, roles=given)
    return text, full, page, html.unescape(chart.alt_txt or ""), expected


def test_three_groups_of_three_each_shown_with_the_widest_gaps(
    standin: SlackStandIn, driver: SlackDriver
) -> None:
    text, full, page, alt, expected = _run(standin, driver, {L: 3, C: 3, OPS: 3})
    assert [g.role for g in expected.groups] == [L, C, OPS]
    assert expected.gaps, "the answers were chosen to differ by role"
    assert HEADING not in text  # the role groups are in the profile's thread
    for surface in (full, page):
        assert HEADING in surface
        for gap in expected.gaps:
            name = FRAMEWORK.dimension(gap.dimension_id).name
            sentence = (
                f"{role_label(gap.high_role)} puts {name} at Stage {gap.high_stage} "
                f"({format_score(gap.high_mean)}); {role_label(gap.low_role)} at Stage "
                f"{gap.low_stage} ({format_score(gap.low_mean)})"
            )
            assert sentence in surface, surface
    for group in expected.groups:
        label = role_label(group.role)
        line = " · ".join(
            f"{FRAMEWORK.dimension(f.dimension_id).name} Stage {f.stage} ({format_score(f.mean)})"
            for f in group.figures
        )
        assert f"{label} (3): {line}" in full  # full names, as the rest of the thread
        cells = [f"Stage {f.stage} ({format_score(f.mean)})" for f in group.figures]
        assert "\n".join([f"{label} (3)", *cells]) in page
        scores = ", ".join(
            f"{FRAMEWORK.dimension(f.dimension_id).short_name} {format_score(f.mean)}"
            for f in group.figures
        )
        assert f"{label} (3): {scores}" in alt, alt


@pytest.mark.parametrize("third", [OPS, U])
def test_one_group_a_person_short_shows_no_split_at_all(
    standin: SlackStandIn, driver: SlackDriver, third: Role
) -> None:
    """3 leadership, 3 CSMs, 2 in operations (too few for a group) or 2 who prefer not to say:
    as the remainder those two would be the team minus leadership and the CSMs. So no group."""
    text, full, page, alt, expected = _run(standin, driver, {L: 3, C: 3, third: 2})
    assert expected.groups == () and expected.respondents == 8
    for surface in (text, full, page, alt):
        assert HEADING not in surface and "outline per role group" not in surface
        for role in (L, C, third):
            assert role_label(role) not in surface
