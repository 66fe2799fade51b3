"""The servers under test as their own processes, their databases, and how long they take to start.

Start-up is timed from `Popen` to the first 2xx answer to a signed `url_verification` request
(Slack's handshake, which bolt answers itself): imports, settings, database check, the bot's
`auth.test`, uvicorn binding its port, all of it.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import uuid4

from bench.signing import EVENTS_PATH, SECRET_ENV, signed_headers
from standin import SlackStandIn

REPO_ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT = 60.0
# What the benchmark sets itself; inherited values would point the servers elsewhere.
CONTROLLED_ENV = (
    "DATABASE_URL",
    "READINESS_SQLITE_PATH",
    "SLACK_BOT_TOKEN",
    "SLACK_SIGNING_SECRET",
    "SLACK_APP_TOKEN",
    "SLACK_API_URL",
    "PORT",
    "READINESS_HOST",
    "LOG_LEVEL",
    "READINESS_PUBLIC_URL",
)


class ServerFailed(RuntimeError):
    """A server under test did not start, or a command it needs failed; the message has its log."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def readiness_executable() -> str:
    found = shutil.which("readiness", path=str(Path(sys.executable).parent))
    if found is None:
        raise ServerFailed(
            "the `readiness` console script is not installed beside this Python "
            f"({sys.executable}); run `python3 scripts/dev.py run` once"
        )
    return found


def child_env(extra: Mapping[str, str]) -> dict[str, str]:
    """This environment without the settings the benchmark controls, plus `extra`.

    `PYTHONPATH` gets the repository root so `python -m bench.…` works from any directory.
    """
    env = {k: v for k, v in os.environ.items() if k not in CONTROLLED_ENV}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    env.update(extra)
    return env


def json_from_child(module: str, *args: str, what: str) -> Any:
    """Run `python -m module args` in a fresh process of its own and read its JSON answer
    (measurements that must not share the harness's heap, threads or process-wide set-up)."""
    done = subprocess.run(
        [sys.executable, "-m", module, *args],
        capture_output=True,
        env=child_env({}),
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"{what} failed:\n" + done.stderr.decode(errors="replace")[-4000:])
    return json.loads(done.stdout)


def compile_project() -> None:
    """Compile the project's modules once, before any start-up is timed, as an installed bot's
    are after its first start (its dependencies' are at install). Without this, a machine that
    sets PYTHONDONTWRITEBYTECODE times compiling ~250 modules at every start. The bytecode goes
    to `__pycache__/` beside each module, which git ignores."""
    packages = [str(REPO_ROOT / name) for name in ("bot", "flows", "scoring", "storage", "bench")]
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", *packages],
        env=child_env({}),
        check=True,
        stdout=subprocess.DEVNULL,
    )


@dataclass(frozen=True)
class DatabaseTarget:
    label: str
    env: dict[str, str]
    """DATABASE_URL, or READINESS_SQLITE_PATH for the embedded default."""
    version: str


@contextmanager
def sqlite_database(directory: Path) -> Iterator[DatabaseTarget]:
    import sqlite3

    path = directory / f"bench-{uuid4().hex[:8]}.db"
    try:
        yield DatabaseTarget(
            label="SQLite",
            env={"READINESS_SQLITE_PATH": str(path)},
            version=f"SQLite {sqlite3.sqlite_version}",
        )
    finally:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


def check_postgres(base_url: str) -> None:
    """Fail before anything starts, not half-way through, when the server cannot be used."""
    with postgres_database(base_url):
        pass


@contextmanager
def postgres_database(base_url: str) -> Iterator[DatabaseTarget]:
    """A fresh schema on the server at `base_url`, dropped afterwards (as the tests do)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import SQLAlchemyError

    from storage.database import normalise_url

    schema = f"bench_{uuid4().hex[:12]}"
    admin = create_engine(normalise_url(base_url))
    try:
        with admin.begin() as connection:
            version = str(connection.execute(text("SHOW server_version")).scalar_one())
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    except SQLAlchemyError as error:
        admin.dispose()
        where = normalise_url(base_url).render_as_string(hide_password=True)
        raise ServerFailed(f"cannot use PostgreSQL at {where}: {error}") from error
    url = normalise_url(base_url).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield DatabaseTarget(
            label="PostgreSQL",
            env={"DATABASE_URL": url.render_as_string(hide_password=False)},
            version=f"PostgreSQL {version.split()[0]}",
        )
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def upgrade_database(target: DatabaseTarget, *, workdir: Path, log: Path) -> None:
    """`readiness db upgrade`, as an operator would run it before `readiness serve`."""
    with log.open("ab") as output:
        done = subprocess.run(
            [readiness_executable(), "db", "upgrade"],
            env=child_env(target.env),
            cwd=workdir,
            stdout=output,
            stderr=subprocess.STDOUT,
            check=False,
        )
    if done.returncode != 0:
        raise ServerFailed(f"readiness db upgrade failed:\n{tail(log)}")


@dataclass
class Server:
    name: str
    process: subprocess.Popen[bytes]
    base_url: str
    startup_seconds: float
    log: Path

    @property
    def events_url(self) -> str:
        return self.base_url + EVENTS_PATH

    def check_alive(self) -> None:
        if self.process.poll() is not None:
            raise ServerFailed(
                f"{self.name} exited with {self.process.returncode}:\n{tail(self.log)}"
            )

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def start_server(
    name: str,
    command: Sequence[str],
    *,
    standin: SlackStandIn,
    secret: str,
    extra_env: Mapping[str, str],
    workdir: Path,
    log: Path,
) -> Server:
    """Start a server under test on a free port; return once it has acked its first request."""
    port = free_port()
    env = child_env(
        {
            "SLACK_BOT_TOKEN": standin.workspace.bot_token,
            "SLACK_SIGNING_SECRET": secret,
            "SLACK_API_URL": standin.api_url,
            "PORT": str(port),
            "READINESS_HOST": "127.0.0.1",
            "LOG_LEVEL": "WARNING",
            **extra_env,
        }
    )
    env.pop(SECRET_ENV, None)
    base_url = f"http://127.0.0.1:{port}"
    handshake = json.dumps(
        {
            "token": standin.workspace.verification_token,
            "challenge": uuid4().hex,
            "type": "url_verification",
        }
    ).encode()
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with log.open("ab") as output:
        started = time.perf_counter()
        process = subprocess.Popen(
            list(command), env=env, cwd=workdir, stdout=output, stderr=subprocess.STDOUT
        )
    server = Server(name, process, base_url, 0.0, log)
    while True:
        headers = signed_headers(secret, handshake, "application/json", int(time.time()))
        request = urllib.request.Request(
            base_url + EVENTS_PATH, data=handshake, headers=headers, method="POST"
        )
        try:
            with opener.open(request, timeout=5) as answer:
                if 200 <= answer.status < 300:
                    server.startup_seconds = time.perf_counter() - started
                    return server
        except urllib.error.HTTPError as error:
            error.close()
        except (urllib.error.URLError, ConnectionError, OSError):
            pass
        if process.poll() is not None:
            raise ServerFailed(f"{name} exited with {process.returncode}:\n{tail(log)}")
        if time.perf_counter() - started > START_TIMEOUT:
            server.stop()
            raise ServerFailed(f"{name} did not answer within {START_TIMEOUT:.0f} s:\n{tail(log)}")
        time.sleep(0.005)


def bot_command() -> list[str]:
    return [readiness_executable(), "serve"]


def bare_command(*, stack: bool = False) -> list[str]:
    """`stack`: with the product card's other libraries imported first (`bench.bare_app`)."""
    return [sys.executable, "-m", "bench.bare_app", *(["--stack"] if stack else [])]


def slack_work_command() -> list[str]:
    return [sys.executable, "-m", "bench.slack_work_app"]


def harness_cpu_seconds() -> float:
    """CPU seconds this process (every thread: the stand-in's among them) has used."""
    own = os.times()
    return own.user + own.system


def process_cpu_seconds(pid: int) -> float:
    """CPU seconds a running process has used, from /proc (NaN where there is none)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii")
    except OSError:
        return math.nan
    # Fields after the command name (which may hold spaces): utime and stime are the 12th and
    # 13th, in clock ticks.
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def tail(log: Path, lines: int = 40) -> str:
    try:
        text = log.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return "(no log)"
    return "\n".join(text.splitlines()[-lines:])


def error_lines(log: Path) -> list[str]:
    """Lines in a server's log that report an error: counted in the results, never hidden."""
    try:
        text = log.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    return [line for line in text.splitlines() if "ERROR" in line or line.startswith("Traceback")]
