"""`readiness serve` starts without loading what only other commands, or later requests, need.

Start-up time is measured by `python -m bench`; this checks the behavior that keeps it short, so a
top-level import of a renderer or a migration tool is caught where it is added. The bot runs as
its own process against the Slack stand-in, answers Slack's first request (the URL handshake),
stops, and reports every module it had imported.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from uuid import uuid4

from bot.run_modes.local import free_port_number
from standin import SlackStandIn
from standin.signing import signature_headers

CHECKOUT = Path(__file__).resolve().parents[2]
SIGNING_SECRET = "start-up-imports-secret-7c2d"
NOT_AT_START_UP = ("matplotlib", "numpy", "jinja2", "alembic", "pypdf", "standin")
"""Charts, pages, migrations, PDFs and the stand-in: none is needed to answer Slack."""
SERVE_AND_LIST_MODULES = """
import json, sys
from bot.cli import main
try:
    main(["serve"])
except KeyboardInterrupt:
    pass  # uvicorn stops on Ctrl-C, then raises it again for whoever called it: here, us.
open(sys.argv[1], "w").write(json.dumps(sorted(sys.modules)))
"""
"""`readiness serve` as the console script runs it, writing the names of its modules once it
has stopped."""


def test_serve_answers_slack_without_charts_pages_migrations_or_the_stand_in(
    tmp_path: Path, database_file: Path, standin: SlackStandIn
) -> None:
    port = free_port_number()
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "READINESS_"))}
    env = {
        **clean,
        "PYTHONPATH": str(CHECKOUT),
        "SLACK_BOT_TOKEN": standin.workspace.bot_token,
        "SLACK_API_URL": standin.api_url,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "READINESS_SQLITE_PATH": str(database_file),
        "READINESS_HOST": "127.0.0.1",
        "PORT": str(port),
        "DATABASE_URL": "",
    }
    modules_file = tmp_path / "modules.json"
    log = tmp_path / "serve.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-c", SERVE_AND_LIST_MODULES, str(modules_file)],
            cwd=tmp_path,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        challenge = uuid4().hex
        assert _handshake(f"http://127.0.0.1:{port}/slack/events", challenge, process) == challenge
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)
    assert modules_file.exists(), log.read_text()
    modules = set(json.loads(modules_file.read_text()))
    loaded = sorted(m for m in modules if m.split(".")[0] in NOT_AT_START_UP)
    assert loaded == [], f"readiness serve imported {', '.join(loaded)} before it was needed"
    # The bot's token is checked with Slack once, by the start-up check; bolt is handed that answer.
    assert len(standin.calls_to("auth.test")) == 1


def _handshake(url: str, challenge: str, process: subprocess.Popen[bytes]) -> str:
    """Slack's `url_verification` request, signed, sent until the bot answers; its answer."""
    body = json.dumps({"type": "url_verification", "challenge": challenge}).encode()
    deadline = time.monotonic() + 60
    while True:
        headers = {
            "Content-Type": "application/json",
            **signature_headers(SIGNING_SECRET, int(time.time()), body),
        }
        request = urllib.request.Request(url, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=5) as answer:
                answered: str = json.loads(answer.read())["challenge"]
                return answered
        except (urllib.error.URLError, ConnectionError):
            assert process.poll() is None, "readiness serve stopped"
            assert time.monotonic() < deadline, "readiness serve did not answer"
            time.sleep(0.05)
