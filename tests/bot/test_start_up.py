"""`readiness serve` as an admin first starts it, with the usual first-hour mistakes: each ends in
one line naming the cause and the fix, a non-zero exit code, and no traceback (unless --debug).

The bot runs as its own process against the Slack stand-in, with this checkout's code.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from bot.run_modes.local import free_port_number
from standin import SlackStandIn

CHECKOUT = Path(__file__).resolve().parents[2]
SIGNING_SECRET = "start-up-signing-secret-5b1e"


def _environment(tmp_path: Path, database_file: Path, **settings: str) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "READINESS_"))}
    return {
        **clean,
        "PYTHONPATH": str(CHECKOUT),
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "READINESS_SQLITE_PATH": str(database_file),
        "READINESS_HOST": "127.0.0.1",
        "PORT": str(free_port_number()),
        "LOG_LEVEL": "INFO",
        "DATABASE_URL": "",
        **settings,
    }


def _serve(
    tmp_path: Path, env: dict[str, str], *options: str, command: str = "serve"
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *options, command],
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
        cwd=tmp_path,
        env=env,
    )


def _one_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("readiness: ")
    return lines[0]


def test_a_wrong_token_is_one_line_naming_it_and_where_to_copy_it_from(
    tmp_path: Path, database_file: Path, standin: SlackStandIn
) -> None:
    wrong = "xoxb-1111-2222-notthetokenyouwant"
    env = _environment(
        tmp_path, database_file, SLACK_BOT_TOKEN=wrong, SLACK_API_URL=standin.api_url
    )
    line = _one_line(_serve(tmp_path, env))
    assert line == (
        "readiness: Slack refused SLACK_BOT_TOKEN (invalid_auth): copy the Bot User OAuth Token "
        "(xoxb-...) again from your app's OAuth & Permissions page, and reinstall the app there "
        "if it was removed."
    )
    assert wrong not in line


def test_a_wrong_app_token_is_one_line_naming_it_and_where_to_make_one(
    tmp_path: Path, database_file: Path, standin: SlackStandIn
) -> None:
    """`readiness socket` with an App-Level Token Slack does not know: it ends on one line
    naming the cause and the fix, leaving no Socket Mode thread to hold the process open."""
    env = _environment(
        tmp_path,
        database_file,
        SLACK_BOT_TOKEN=standin.workspace.bot_token,
        SLACK_APP_TOKEN="xapp-1-A111-2222-notthetokenyouwant",
        SLACK_API_URL=standin.api_url,
    )
    del env["SLACK_SIGNING_SECRET"]
    result = _serve(tmp_path, env, command="socket")
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    line = result.stderr.splitlines()[-1]  # after the log lines of the attempt
    assert line.startswith("readiness: Slack refused SLACK_APP_TOKEN (invalid_auth): ")
    assert "App-Level Token" in line and "notthetokenyouwant" not in result.stderr


def test_with_debug_the_traceback_is_shown_too(
    tmp_path: Path, database_file: Path, standin: SlackStandIn
) -> None:
    env = _environment(
        tmp_path,
        database_file,
        SLACK_BOT_TOKEN="xoxb-1111-2222-notthetokenyouwant",
        SLACK_API_URL=standin.api_url,
    )
    result = _serve(tmp_path, env, "--debug")
    assert result.returncode != 0
    assert "Traceback" in result.stderr
    assert "Slack refused SLACK_BOT_TOKEN (invalid_auth)" in result.stderr


def test_slack_out_of_reach_is_one_line_saying_what_to_check(
    tmp_path: Path, database_file: Path
) -> None:
    nowhere = f"http://127.0.0.1:{free_port_number()}/api/"
    env = _environment(
        tmp_path, database_file, SLACK_BOT_TOKEN="xoxb-1-2-abcdefgh", SLACK_API_URL=nowhere
    )
    assert _one_line(_serve(tmp_path, env)) == (
        f"readiness: Cannot reach Slack at {nowhere} (Connection refused): check SLACK_API_URL "
        "(unset it to use Slack itself)."
    )


@pytest.mark.parametrize(
    ("database_url", "message"),
    [
        (
            "mysql+nosuchdriver://u:p@db/readiness",
            "readiness: DATABASE_URL names a kind of database this bot cannot use "
            "(mysql+nosuchdriver): set it to postgresql://USER:PASSWORD@HOST/DATABASE, or unset "
            "it for the SQLite file.",
        ),
        (
            "not a url at all p4ssw0rd",
            "readiness: DATABASE_URL is not a database URL: set it to "
            "postgresql://USER:PASSWORD@HOST/DATABASE, or unset it for the SQLite file.",
        ),
    ],
)
def test_a_bad_database_url_is_one_line_without_the_password(
    tmp_path: Path, database_file: Path, database_url: str, message: str
) -> None:
    env = _environment(
        tmp_path, database_file, SLACK_BOT_TOKEN="xoxb-1-2-abcdefgh", DATABASE_URL=database_url
    )
    line = _one_line(_serve(tmp_path, env))
    assert line == message
    assert "p4ssw0rd" not in line


def test_a_database_out_of_reach_is_one_line_without_the_password(
    tmp_path: Path, database_file: Path
) -> None:
    port = free_port_number()
    env = _environment(
        tmp_path,
        database_file,
        SLACK_BOT_TOKEN="xoxb-1-2-abcdefgh",
        DATABASE_URL=f"postgresql://readiness:p4ssw0rd@127.0.0.1:{port}/readiness",
    )
    line = _one_line(_serve(tmp_path, env))
    assert line.startswith(
        f"readiness: Cannot open the database at postgresql+psycopg://readiness:***@127.0.0.1:"
        f"{port}/readiness ("
    )
    assert line.endswith(
        "check DATABASE_URL and that the database server is running and reachable."
    )
    assert "p4ssw0rd" not in line


def test_missing_settings_are_named_in_one_line(tmp_path: Path, database_file: Path) -> None:
    env = _environment(tmp_path, database_file)
    env.pop("SLACK_SIGNING_SECRET")
    assert _one_line(_serve(tmp_path, env)) == (
        "readiness: Cannot start. Set in the environment (or .env): SLACK_BOT_TOKEN: the Bot "
        "User OAuth Token (xoxb-...) from your app's OAuth & Permissions page; "
        "SLACK_SIGNING_SECRET: the Signing Secret from your app's Basic Information page."
    )


def test_a_good_start_logs_the_workspace_and_bot_and_no_warning(
    tmp_path: Path, database_file: Path, standin: SlackStandIn
) -> None:
    token = standin.workspace.bot_token
    env = _environment(
        tmp_path, database_file, SLACK_BOT_TOKEN=token, SLACK_API_URL=standin.api_url
    )
    log = tmp_path / "serve.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "serve"],
            cwd=tmp_path,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_healthy(f"http://127.0.0.1:{env['PORT']}/healthz", process)
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
    text = log.read_text()
    workspace = standin.workspace
    assert (
        f"Connected to Slack: workspace Sandbox Co ({workspace.team_id}) as @readiness "
        f"({workspace.bot_user_id})"
    ) in text
    assert "will be unused" not in text
    assert "WARNING" not in text
    assert token not in text


def _wait_until_healthy(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except (urllib.error.URLError, ConnectionError):
            assert process.poll() is None, "readiness serve stopped"
            assert time.monotonic() < deadline, "readiness serve did not answer /healthz"
            time.sleep(0.1)


def test_a_port_in_use_is_one_line_before_anything_else_starts(
    tmp_path: Path, database_file: Path, standin: SlackStandIn
) -> None:
    env = _environment(
        tmp_path,
        database_file,
        SLACK_BOT_TOKEN=standin.workspace.bot_token,
        SLACK_API_URL=standin.api_url,
    )
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", int(env["PORT"])))
        taken.listen()
        line = _one_line(_serve(tmp_path, env))
    assert line == (
        f"readiness: Cannot listen on 127.0.0.1:{env['PORT']} (Address already in use): another "
        "program (another bot?) uses that port; stop it, or set PORT to a free one."
    )
    assert standin.calls_to("auth.test") == []
