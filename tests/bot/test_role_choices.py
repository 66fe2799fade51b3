"""The role select carries exactly the roles scoring knows, plus Skip, and names every one."""

from __future__ import annotations

from typing import get_args

from bot.inbound.payloads import SKIP_ROLE, RoleChoice, RolePick
from bot.messages.roles import ROLE_LABELS
from scoring import Role


def test_the_select_carries_every_role_and_skip_and_names_every_role() -> None:
    assert set(get_args(RoleChoice)) == {role.value for role in Role} | {SKIP_ROLE}
    assert set(ROLE_LABELS) == set(Role)


def test_a_pick_reads_back_as_its_role_or_none_for_skip() -> None:
    assert RolePick.decode('{"r":"abc","o":"csm"}').role is Role.CSM
    assert RolePick.decode('{"r":"abc","o":"skip"}').role is None
