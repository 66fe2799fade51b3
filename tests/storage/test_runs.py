from __future__ import annotations

import pytest

from storage.database import Database
from storage.errors import ChannelHasOpenRun, RunNotOpen
from storage.models import RunStatus
from storage.runs import close_run, get_run, open_team_run_in_channel, team_result
from tests.storage.helpers import at, team_run


def test_one_open_team_run_per_channel(database: Database) -> None:
    with database.session() as s:
        first = team_run(s)
    with database.session() as s, pytest.raises(ChannelHasOpenRun) as refused:
        team_run(s)
    assert refused.value.run_id == first.id
    with database.session() as s:
        team_run(s, channel_id="C2")  # another channel is fine
        team_run(s, workspace_id="T2")  # and so is the same channel id in another workspace
        close_run(s, workspace_id="T1", run_id=first.id, now=at(10))
        team_run(s)  # once closed, the channel can start again


def test_close_freezes_the_team_snapshot_and_cannot_happen_twice(database: Database) -> None:
    snapshot = {"overall": {"stage": 2}, "respondents": 4}
    with database.session() as s:
        run = team_run(s)
        close_run(s, workspace_id="T1", run_id=run.id, now=at(30), snapshot=snapshot, respondents=4)
    with database.session() as s, pytest.raises(RunNotOpen):
        close_run(s, workspace_id="T1", run_id=run.id, now=at(31), snapshot={}, respondents=0)
    with database.session() as s:
        stored = team_result(s, workspace_id="T1", run_id=run.id)
        assert stored is not None
        assert (stored.snapshot, stored.respondents) == (snapshot, 4)
        closed = get_run(s, workspace_id="T1", run_id=run.id)
        assert (closed.status, closed.closed_at) == (RunStatus.CLOSED, at(30))
        assert open_team_run_in_channel(s, workspace_id="T1", channel_id="C1") is None
        assert team_result(s, workspace_id="T2", run_id=run.id) is None
