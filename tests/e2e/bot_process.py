"""The bot as its own process (`readiness serve` or `readiness socket`), for tests that stop and
restart it."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

from bot.run_modes.local import free_port_number
from standin import SlackStandIn


def readiness_executable() -> str:
    found = shutil.which("readiness", path=str(Path(sys.executable).parent))
    assert found, "the readiness console script is not installed in this environment"
    return found


class ServedBot(NamedTuple):
    events_url: str
    process: subprocess.Popen[bytes]


@contextmanager
def bot_process(
    standin: SlackStandIn,
    *,
    database_url: str,
    signing_secret: str,
    log: Path,
    extra_env: dict[str, str] | None = None,
    unset: tuple[str, ...] = (),
) -> Iterator[ServedBot]:
    """Run `readiness serve` against the stand-in; yields its events URL and the process;
    SIGKILLs it after if it is still running. `unset`: variables to leave out
    (`SLACK_BOT_TOKEN` for OAuth installs)."""
    port = free_port_number()
    env = {
        **os.environ,
        "SLACK_BOT_TOKEN": standin.workspace.bot_token,
        "SLACK_SIGNING_SECRET": signing_secret,
        "SLACK_API_URL": standin.api_url,
        "DATABASE_URL": database_url,
        "PORT": str(port),
        "READINESS_HOST": "127.0.0.1",
        "LOG_LEVEL": "INFO",
        **(extra_env or {}),
    }
    for name in unset:
        env.pop(name, None)
    with log.open("ab") as output:
        process = subprocess.Popen(
            [readiness_executable(), "serve"], env=env, stdout=output, stderr=output
        )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 20
        while True:
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=1):
                    break
            except (urllib.error.URLError, ConnectionError):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        f"readiness serve did not start:\n{log.read_text()}"
                    ) from None
                time.sleep(0.1)
        yield ServedBot(base + "/slack/events", process)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)


@contextmanager
def socket_bot_process(
    standin: SlackStandIn,
    *,
    database_url: str,
    log: Path,
    extra_env: dict[str, str] | None = None,
) -> Iterator[subprocess.Popen[bytes]]:
    """Run `readiness socket` against the stand-in (SLACK_API_URL pointing at it, nothing else
    changed) until it has a Socket Mode connection open; yields the process; SIGKILLs it after
    if it is still running."""
    before = standin.socket_mode.connections_made
    env = {
        **os.environ,
        "SLACK_BOT_TOKEN": standin.workspace.bot_token,
        "SLACK_APP_TOKEN": standin.workspace.app_token,
        "SLACK_API_URL": standin.api_url,
        "DATABASE_URL": database_url,
        "LOG_LEVEL": "INFO",
        **(extra_env or {}),
    }
    env.pop("SLACK_SIGNING_SECRET", None)
    with log.open("ab") as output:
        process = subprocess.Popen(
            [readiness_executable(), "socket"], env=env, stdout=output, stderr=output
        )
    try:
        deadline = time.monotonic() + 20
        while standin.socket_mode.connections_made <= before:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"readiness socket did not connect:\n{log.read_text()}")
            time.sleep(0.05)
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
