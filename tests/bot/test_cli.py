"""The `readiness` command as a user runs it: the installed console script, in a subprocess."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from scoring import default_framework

FRAMEWORK = default_framework()
IDS = [q.id for q in FRAMEWORK.questions]
CHECKOUT = Path(__file__).resolve().parents[2]


def this_checkout(env: dict[str, str] | None = None) -> dict[str, str]:
    """`env` (default: this process's) with this checkout's code first on the path, so the
    console script runs the code under test wherever its environment was installed from."""
    return {**(os.environ if env is None else env), "PYTHONPATH": str(CHECKOUT)}


def readiness(*args: str | Path) -> subprocess.CompletedProcess[str]:
    script = shutil.which("readiness", path=str(Path(sys.executable).parent))
    assert script, "the readiness console script is not installed in this environment"
    return subprocess.run(
        [script, *map(str, args)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env=this_checkout(),
    )


def test_framework_prints_every_stage_dimension_and_question() -> None:
    result = readiness("framework")
    assert result.returncode == 0, result.stderr
    for stage in FRAMEWORK.stages:
        assert stage.name in result.stdout
    for dimension in FRAMEWORK.dimensions:
        assert dimension.name in result.stdout
    for number, question in enumerate(FRAMEWORK.questions, start=1):
        assert f"Q{number} [{question.id}]" in result.stdout
    questions, dimensions = len(FRAMEWORK.questions), len(FRAMEWORK.dimensions)
    assert f"{questions} questions over {dimensions} dimensions." in result.stdout


def test_framework_json_is_the_framework() -> None:
    result = readiness("framework", "--json")
    assert result.returncode == 0, result.stderr
    assert type(FRAMEWORK).model_validate_json(result.stdout) == FRAMEWORK


def test_framework_refuses_a_broken_file_naming_the_entry(tmp_path: Path) -> None:
    broken = tmp_path / "framework.toml"
    shipped = Path(__file__).parents[2] / "scoring" / "frameworks" / "2026.1.toml"
    broken.write_text(shipped.read_text().replace('dimension = "health"', 'dimension = "hr"', 1))
    result = readiness("framework", "--framework", broken)
    assert result.returncode == 2
    assert "question 'health.measures' names unknown dimension 'hr'" in result.stderr


def _team_csv(tmp_path: Path) -> Path:
    rows = [
        ["ana", *["2"] * 15],
        ["bo", *["3"] * 11, "1", "1", "3", "3"],  # renewal at 1: split from ana and cy
        ["cy", *["2"] * 11, "4", "4", "2", "2"],
    ]
    path = tmp_path / "team.csv"
    path.write_text("\n".join(",".join(r) for r in [["respondent", *IDS], *rows]) + "\n")
    return path


@dataclass(frozen=True)
class Ran:
    status: int
    stdout: str
    stderr: str


@pytest.fixture
def score(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Callable[..., Ran]:
    """`readiness score ...` in this process (a subprocess would run the installed copy of the
    code), with `stdin` as the bytes piped in."""
    from bot.cli import main

    def run(*args: str | Path, stdin: bytes = b"") -> Ran:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
        status = main(["score", *map(str, args)])
        captured = capsys.readouterr()
        return Ran(status, captured.out, captured.err)

    return run


def test_score_prints_the_team_profile(tmp_path: Path, score: Callable[..., Ran]) -> None:
    result = score(_team_csv(tmp_path))
    assert result.status == 0, result.stderr
    out = result.stdout
    assert "Team profile · 3 respondents" in out
    assert "Overall: Stage 2 · Make it Stick" in out
    renewal_line = next(line for line in out.splitlines() if "Renewal Motion" in line)
    assert "2.3 / 4" in renewal_line and "split" in renewal_line
    assert "Where the team disagrees most" in out
    assert FRAMEWORK.question("renewal.price_basis").prompt[:40] in out
    assert result.stderr == ""  # a complete UTF-8 file: nothing to note


def test_score_json_has_team_statistics_and_no_names(
    tmp_path: Path, score: Callable[..., Ran]
) -> None:
    result = score(_team_csv(tmp_path), "--json")
    assert result.status == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["respondents"] == 3
    assert summary["overall"]["stage_name"] == "Make it Stick"
    renewal = next(d for d in summary["dimensions"] if d["id"] == "renewal")
    assert renewal["agreement"] == "split"
    # Three: the mean with the lowest and highest would be their scores (shown from five).
    assert not {"min", "max", "median", "stdev"} & set(renewal) and summary["questions"] == []
    assert summary["discussion_prompts"][0] in {"renewal.price_basis", "renewal.motion"}
    assert not {"ana", "bo", "cy"} & set(result.stdout.replace('"', " ").split())


def test_score_takes_an_empty_cell_as_not_answered(
    tmp_path: Path, score: Callable[..., Ran]
) -> None:
    """Answers collected elsewhere have gaps; a gap is not scored and is counted as not known."""
    renewal = [q.id for q in FRAMEWORK.questions_in("renewal")]
    rows = [
        [name, *("" if name == "cy" and qid in renewal else "3" for qid in IDS)]
        for name in ("ana", "bo", "cy")
    ]
    path = tmp_path / "gaps.csv"
    path.write_text("\n".join(",".join(r) for r in [["respondent", *IDS], *rows]) + "\n")
    result = score(path, "--json")
    assert result.status == 0, result.stderr
    dimension = next(d for d in json.loads(result.stdout)["dimensions"] if d["id"] == "renewal")
    assert (dimension["members_answered"], dimension["respondents"]) == (2, 2)
    assert dimension["score"] == 3.0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("respondent,renewal.motion\nana,7\n", "row 2 (ana), column 'renewal.motion': '7'"),
        ("name;renewal.motion\nana;2\nBo Berg;x\n", "row 3 (Bo Berg), column 'renewal.motion'"),
        ("respondent,renewal.motoin\nana,2\n", "column 'renewal.motoin' is not a question id"),
    ],
)
def test_score_reports_bad_rows_by_respondent_and_scores_nothing(
    tmp_path: Path, score: Callable[..., Ran], content: str, message: str
) -> None:
    path = tmp_path / "answers.csv"
    path.write_text(content)
    result = score(path)
    assert result.status == 2
    assert f"readiness: {path}: " in result.stderr and message in result.stderr
    assert result.stdout == ""


def test_score_says_when_the_file_is_missing(tmp_path: Path, score: Callable[..., Ran]) -> None:
    result = score(tmp_path / "nope.csv")
    assert result.status == 2
    assert (
        result.stderr
        == f"readiness: cannot read {tmp_path / 'nope.csv'}: No such file or directory\n"
    )


def test_score_reads_a_semicolon_windows_1252_file_from_stdin_with_a_note(
    score: Callable[..., Ran],
) -> None:
    """Excel on a European Windows PC saves "CSV" as semicolons in Windows-1252."""
    rows = [
        ["Name", *(qid.upper() for qid in IDS)],
        *([n, *["2"] * 15] for n in ("Zoë", "Léa", "Jürgen")),
    ]
    data = "\r\n".join(";".join(r) for r in rows).encode("cp1252")
    result = score("-", stdin=data)
    assert result.status == 0, result.stderr
    assert "Team profile · 3 respondents" in result.stdout
    assert "Overall: Stage 2 · Make it Stick" in result.stdout
    assert result.stderr == (
        "readiness: note: read as Windows-1252, not UTF-8: check that names with accents look "
        "right\n"
    )


def test_score_refuses_a_workbook_in_one_line(tmp_path: Path, score: Callable[..., Ran]) -> None:
    workbook = tmp_path / "answers.xlsx"
    workbook.write_bytes(b"PK\x03\x04" + bytes(200))
    result = score(workbook)
    assert result.status == 2 and result.stdout == ""
    assert result.stderr == (
        f"readiness: {workbook}: this is a spreadsheet workbook, not a CSV file: save it from "
        "your spreadsheet as “CSV UTF-8” and try again\n"
    )


def test_score_warns_of_missing_questions_and_gives_no_overall_without_the_anchor(
    tmp_path: Path, score: Callable[..., Ran]
) -> None:
    """Two of fifteen questions, none of them the anchor's: scored as far as they go, said so,
    and no confident overall stage."""
    renewal = [q.id for q in FRAMEWORK.questions_in("renewal")]
    path = tmp_path / "two.csv"
    path.write_text("name," + ",".join(renewal) + "\nana,3,3\nbo,3,2\ncy,4,3\n")
    result = score(path)
    assert result.status == 0, result.stderr
    notes = result.stderr.splitlines()
    assert notes[0].startswith("readiness: note: 13 of 15 questions have no column and are not")
    anchor = FRAMEWORK.anchor_dimension.name
    assert (
        notes[1] == f"readiness: note: no overall stage: the file has none of the {anchor} "
        "questions, and the overall stage is never more than one above that dimension"
    )
    assert result.stdout.splitlines()[1].startswith("Overall: not assessed")
    renewal_line = next(line for line in result.stdout.splitlines() if "Renewal Motion" in line)
    assert "3.0 / 4" in renewal_line


def test_score_template_is_the_header_to_fill(tmp_path: Path, score: Callable[..., Ran]) -> None:
    template = score("--template")
    assert template.status == 0 and template.stderr == ""
    assert template.stdout.splitlines() == [",".join(["respondent", *IDS])]
    filled = template.stdout + "ana,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3\r\n" * 3
    assert score("-", "--json", stdin=filled.encode()).status == 0


def test_score_without_a_file_says_what_to_give(score: Callable[..., Ran]) -> None:
    result = score()
    assert result.status == 2
    assert "give the CSV file to score (- reads standard input), or --template" in result.stderr


def test_demo_tells_the_story_and_leaves_nothing_in_the_users_data_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The README's first command, as a new user runs it with no settings: nothing is written
    where the real database would live, and what it shows is a quarter's story, not a URL. In
    this process (a subprocess would run the installed copy of the code)."""
    import time

    from bot.cli import main
    from bot.config import Settings

    home, work = tmp_path / "home", tmp_path / "work"
    home.mkdir()
    work.mkdir()
    for name in ("DATABASE_URL", "READINESS_SQLITE_PATH", "READINESS_PUBLIC_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(home))
    for xdg in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(xdg, str(home / xdg.lower()))
    monkeypatch.chdir(work)
    assert Settings().sqlite_path.is_relative_to(home)  # where the real database would go

    started = time.monotonic()
    status = main(["demo"])
    elapsed = time.monotonic() - started
    out = capsys.readouterr().out
    assert status == 0, out
    assert list(home.rglob("*")) == []  # no database, no data directory
    written = {p.name for p in (work / "readiness-demo").iterdir()}
    assert {"team-report.html", "team-chart.png", "canvas.md"} <= written
    assert (work / "readiness-demo" / "team-chart.png").read_bytes()[:4] == b"\x89PNG"
    opening = out.split("Last quarter")[0]
    assert "customer success team" in opening and "Nothing here is real" in opening
    assert "http" not in out and "sqlite" not in out  # no address that dies with the demo
    # One question as a person sees it, with its lettered options.
    assert "What Amal Haddad sees in her DM" in out and "Question 2 of 15" in out
    assert "A. " in out and "Choose A" in out
    # The story: last quarter's run to compare with, the anchor cap, a split dimension.
    story = out.split("What this quarter's profile says")[1]
    assert "Since last quarter the team's score went from 2.2 to 3.0 / 4" in story
    assert "The scores alone would put the team at Stage 3" in story
    assert "the team is at Stage 2" in story
    assert "The team is split on Renewal Motion" in story
    assert "Sep " in out.split("/readiness history")[-1]  # the member's history has both runs
    # What it showed before: the plan in the canvas, results any time, one private profile.
    assert out.count("- [ ] ") == 3 and "— @Amal Haddad · due" in out
    assert "Your Outcome Readiness profile" in out and "You answered as: CS leadership" in out
    assert "Latest team profile in #cs-team" in out
    assert "real Slack would refuse" not in out
    assert 'Next: install it in your own Slack workspace (README.md, "Install it' in out
    print(f"demo took {elapsed:.1f} s")


@pytest.mark.parametrize(
    ("command", "env", "message"),
    [
        ("serve", {}, "SLACK_SIGNING_SECRET: the Signing Secret"),
        (
            "serve",
            {"SLACK_BOT_TOKEN": "xoxb-...", "SLACK_SIGNING_SECRET": "changeme"},
            "SLACK_BOT_TOKEN: the Bot User OAuth Token",
        ),
        (
            "socket",
            {"SLACK_BOT_TOKEN": "xoxb-1-2", "SLACK_SIGNING_SECRET": "s3cr3t-value"},
            "SLACK_APP_TOKEN: an App-Level Token (xapp-...)",
        ),
        (
            "serve",
            {"SLACK_CLIENT_ID": "123.456", "SLACK_SIGNING_SECRET": "s3cr3t-value"},
            "SLACK_CLIENT_SECRET: the Client Secret",
        ),
        (
            "serve",
            {
                "SLACK_CLIENT_ID": "123.456",
                "SLACK_CLIENT_SECRET": "c1ient-s3cr3t-value",
                "SLACK_BOT_TOKEN": "xoxb-1-2-abcdefgh",
                "SLACK_SIGNING_SECRET": "s3cr3t-value",
            },
            "SLACK_BOT_TOKEN: leave it unset with SLACK_CLIENT_ID and SLACK_CLIENT_SECRET",
        ),
        (
            "socket",
            {
                "SLACK_CLIENT_ID": "123.456",
                "SLACK_CLIENT_SECRET": "c1ient-s3cr3t-value",
                "SLACK_SIGNING_SECRET": "s3cr3t-value",
            },
            "installs through OAuth need HTTP mode",
        ),
        (
            "serve",
            {
                "SLACK_CLIENT_ID": "123.456",
                "SLACK_CLIENT_SECRET": "c1ient-s3cr3t-value",
                "SLACK_SIGNING_SECRET": "s3cr3t-value",
            },
            "READINESS_TOKEN_KEY: the key that encrypts each workspace's tokens in the database; "
            "make one with `readiness token-key`",
        ),
        (
            "serve",
            {
                "SLACK_CLIENT_ID": "123.456",
                "SLACK_CLIENT_SECRET": "c1ient-s3cr3t-value",
                "SLACK_SIGNING_SECRET": "s3cr3t-value",
                "READINESS_TOKEN_KEY": "not-a-fernet-key",
            },
            "READINESS_TOKEN_KEY is not a Fernet key",
        ),
    ],
)
def test_start_up_without_real_secrets_says_what_to_set(
    tmp_path: Path, command: str, env: dict[str, str], message: str
) -> None:

    clean = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
    result = subprocess.run(
        [shutil.which("readiness", path=str(Path(sys.executable).parent)) or "readiness", command],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=tmp_path,
        env=this_checkout({**clean, **env, "READINESS_SQLITE_PATH": str(tmp_path / "r.db")}),
    )
    assert result.returncode == 2
    assert message in result.stderr
    assert len(result.stderr.splitlines()) == 1, result.stderr
    for value in env.values():
        if len(value) > 8:
            assert value not in result.stderr


def test_serve_refuses_a_database_that_is_not_set_up(tmp_path: Path) -> None:

    result = subprocess.run(
        [shutil.which("readiness", path=str(Path(sys.executable).parent)) or "readiness", "serve"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=tmp_path,
        env=this_checkout(
            {
                **os.environ,
                "SLACK_BOT_TOKEN": "xoxb-123-456",
                "SLACK_SIGNING_SECRET": "0123456789abcdef",
                "READINESS_SQLITE_PATH": str(tmp_path / "r.db"),
            }
        ),
    )
    assert result.returncode == 2
    assert "Run `readiness db upgrade`" in result.stderr


def test_runs_lists_channels_by_name_with_dates_and_report_takes_what_it_shows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """In this process (a subprocess would run the installed copy of the code)."""
    from bot.cli import main
    from flows.services import Services
    from storage import names
    from storage.database import Database, sqlite_url
    from storage.schema import upgrade
    from tests.bot.report.test_run_result import W, _closed_team_run
    from tests.clock import Clock

    path = tmp_path / "r.db"
    database = Database(sqlite_url(path))
    upgrade(database.engine)
    clock = Clock()
    with database.session() as session:
        names.remember(session, workspace_id=W, object_id="C1", name="cs-team", now=clock())
    run_id = _closed_team_run(Services(database=database, clock=clock))
    database.dispose()
    monkeypatch.setenv("READINESS_SQLITE_PATH", str(path))

    assert main(["runs"]) == 0
    header, row = capsys.readouterr().out.splitlines()[:2]
    assert header.split() == ["run", "where", "kind", "status", "opened", "closed", "finished"]
    assert row.split() == [run_id, "#cs-team", "team", "closed", *["Nov", "2,", "2026"] * 2, "3"]

    page = tmp_path / "report.html"
    assert main(["report", "#cs-team", "--html", str(page)]) == 0
    assert "<title>#cs-team — Team Outcome Readiness profile</title>" in page.read_text()
    assert main(["report", "#elsewhere", "--html", str(page)]) == 2
    assert "no closed team run in a channel of that name" in capsys.readouterr().err


def test_a_reader_that_stops_early_gets_no_traceback() -> None:
    """`readiness runs | head -3`: the reader closes the pipe before all is written."""
    script = shutil.which("readiness", path=str(Path(sys.executable).parent))
    assert script
    process = subprocess.Popen(
        [script, "framework"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=this_checkout(),
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # gone before the first line is written
    with process.stderr:
        errors = process.stderr.read().decode()
    assert process.wait(timeout=60) != 0
    assert errors == ""


def test_manifest_without_a_url_says_what_to_give() -> None:
    result = readiness("manifest")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == (
        "readiness: Say where Slack will reach the bot: --url https://YOUR-PUBLIC-HOST for HTTP "
        "mode, or --socket for Socket Mode (no public URL needed).\n"
    )


def test_manifest_gives_a_bare_host_https() -> None:
    result = readiness("manifest", "--url", "readiness.example.com")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    url = "https://readiness.example.com/slack/events"
    assert data["settings"]["event_subscriptions"]["request_url"] == url


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://readiness.example.com", "is not HTTPS: Slack sends requests only to https://"),
        ("http://localhost:3000", "is not HTTPS"),
        ("https://localhost:3000", "is not reachable from the internet"),
        ("https://127.0.0.1", "is not reachable from the internet"),
        ("https://192.168.1.20/readiness", "is not reachable from the internet"),
        ("https://[::1]:8443", "is not reachable from the internet"),
        ("https://readiness.local", "is not reachable from the internet"),
    ],
)
def test_manifest_refuses_a_url_slack_would_refuse(url: str, reason: str) -> None:
    result = readiness("manifest", "--url", url)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"readiness: {url} {reason}")
    assert len(result.stderr.splitlines()) == 1
