"""The shared `standin` fixture fails the test that broke Slack's contract, at teardown."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PLUGIN = "standin.pytest_plugin"

PROVOKING_TEST = """
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError


def test_posts_without_a_channel(standin):
    client = WebClient(base_url=standin.api_url, token=standin.workspace.bot_token)
    try:
        client.api_call("chat.postMessage", json={"text": "where to?"})
    except SlackApiError:
        pass


def test_behaves(standin):
    WebClient(base_url=standin.api_url, token=standin.workspace.bot_token).auth_test()
"""


def test_a_violation_fails_the_test_that_caused_it(tmp_path: Path) -> None:
    (tmp_path / "test_provoking.py").write_text(textwrap.dedent(PROVOKING_TEST))
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-p",
            PLUGIN,
            str(tmp_path),
        ],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    output = completed.stdout + completed.stderr
    assert completed.returncode == 1, output
    assert "ERROR at teardown of test_posts_without_a_channel" in output
    assert "the bot did what real Slack would refuse" in output
    assert "missing required field: channel" in output
    assert "2 passed, 1 error" in output  # the call passed; its teardown failed it
