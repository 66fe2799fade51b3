"""`readiness runs`, `report` and `export` on a real database, as an operator runs them."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from flows import conversation, team
from flows.services import Services
from flows.steps import TeamProfileReady
from scoring.export import neutralise
from storage.database import Database, sqlite_url
from storage.schema import upgrade
from tests.picks import form_picks

PEOPLE = {"UANA": 2, "UBO": 3, "UCY": 4, "UDI": 3, "UED": 3}
"""Five: enough for the members' range and per-option counts (`scoring.team.DETAIL_MINIMUM`)."""
THREE = {"UANA": 2, "UBO": 3, "UCY": 4}


def readiness(db: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    script = shutil.which("readiness", path=str(Path(sys.executable).parent)) or "readiness"
    return subprocess.run(
        [script, *map(str, args)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "READINESS_SQLITE_PATH": str(db)},
    )


@pytest.fixture
def closed_team_run(tmp_path: Path) -> tuple[Path, str]:
    return _closed_run(tmp_path, PEOPLE)


def _closed_run(tmp_path: Path, people: dict[str, int]) -> tuple[Path, str]:
    path = tmp_path / "readiness.db"
    database = Database(sqlite_url(path))
    upgrade(database.engine)
    services = Services(database=database)
    progress = team.start_team_run(
        services,
        workspace_id="T1",
        channel_id="C1",
        started_by="ULEAD",
        closes_in=None,
        min_respondents=3,
        invited=5,
    )
    for user, stage in people.items():
        ask = team.join_team_run(
            services, workspace_id="T1", user_id=user, run_id=progress.run_id, dm_channel_id=None
        )
        conversation.submit_form(
            services,
            workspace_id="T1",
            user_id=user,
            response_id=ask.response_id,
            answers=form_picks(
                services,
                workspace_id="T1",
                user_id=user,
                response_id=ask.response_id,
                stages=stage,
            ),
        )
    outcome = team.close_team_run(
        services, workspace_id="T1", channel_id="C1", user_id="ULEAD", is_admin=False
    )
    assert isinstance(outcome, TeamProfileReady)
    database.dispose()
    return path, progress.run_id


def test_runs_lists_the_run_to_report_on(closed_team_run: tuple[Path, str]) -> None:
    db, run_id = closed_team_run
    result = readiness(db, "runs")
    assert result.returncode == 0, result.stderr
    assert run_id in result.stdout and "team" in result.stdout and "closed" in result.stdout


def test_csv_export_is_aggregates_only(closed_team_run: tuple[Path, str]) -> None:
    db, run_id = closed_team_run
    result = readiness(db, "export", run_id, "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    overall = rows[0]
    assert (overall["section"], overall["stage_name"], overall["respondents"]) == (
        "overall",
        "Make it Matter",
        "5",
    )
    outcomes = next(r for r in rows if r["id"] == "outcomes")
    assert (outcomes["min"], outcomes["max"], outcomes["agreement"]) == ("2.0", "4.0", "split")
    question = next(r for r in rows if r["id"] == "renewal.motion")
    assert [question[f"stage_{n}"] for n in (1, 2, 3, 4)] == ["0", "1", "3", "1"]
    assert not any(person in result.stdout for person in PEOPLE)


def test_export_of_three_respondents_leaves_out_what_would_give_their_scores(
    tmp_path: Path,
) -> None:
    """The file is forwarded: with three, the mean with the lowest and highest (or the median
    and spread) would be the members' own scores, and counts their own answers."""
    db, run_id = _closed_run(tmp_path, THREE)
    result = readiness(db, "export", run_id, "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    outcomes = next(r for r in rows if r["id"] == "outcomes")
    assert (outcomes["score"], outcomes["agreement"]) == ("3.0", "split")
    for column in ("min", "max", "median", "stdev", "stage_1", "stage_2", "stage_3", "stage_4"):
        assert outcomes[column] == "", column
    assert not [r for r in rows if r["section"] == "question"]


def test_json_export_carries_the_run_and_no_names(closed_team_run: tuple[Path, str]) -> None:
    db, run_id = closed_team_run
    result = readiness(db, "export", run_id, "--format", "json")
    summary = json.loads(result.stdout)
    assert summary["run"] == run_id and summary["respondents"] == 5
    assert not any(person in result.stdout for person in PEOPLE)


def test_report_writes_the_printable_page_and_chart(
    closed_team_run: tuple[Path, str], tmp_path: Path
) -> None:
    db, run_id = closed_team_run
    page, chart = tmp_path / "report.html", tmp_path / "chart.png"
    result = readiness(db, "report", run_id, "--html", page, "--png", chart)
    assert result.returncode == 0, result.stderr
    html = page.read_text()
    assert "Team Outcome Readiness profile" in html and "5 respondents" in html
    assert chart.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


def test_an_unknown_or_open_run_is_refused_in_words(tmp_path: Path) -> None:
    db = tmp_path / "empty.db"
    database = Database(sqlite_url(db))
    upgrade(database.engine)
    database.dispose()
    result = readiness(db, "export", "nope")
    assert result.returncode == 2 and "There is no assessment run nope" in result.stderr


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ('=HYPERLINK("x")', '\'=HYPERLINK("x")'),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@SUM", "'@SUM"),
        ("Renewal", "Renewal"),
        (-0.5, -0.5),
        (None, None),
    ],
)
def test_text_a_spreadsheet_would_run_is_neutralised(value: object, safe: object) -> None:
    assert neutralise(value) == safe
