"""Set up the project's virtual environment from a lock file, then run one job in it.

This is the README's entry point, so it may only use the standard library: a fresh machine has
Python and git and nothing else. The environment lives in `.venv/`. Two locks: `requirements.lock`
holds only what the bot needs to run (what an install carries), `requirements-dev.lock` adds the
test and lint tools with the same versions of everything else. An environment is reinstalled only
when the lock it needs changes, so the second run starts at once.

    python3 scripts/dev.py install  # set up .venv from requirements.lock, run nothing
    python3 scripts/dev.py run      # the main job (requirements.lock)
    python3 scripts/dev.py test     # the whole test suite, on three workers (requirements-dev.lock;
                                    # extra arguments go to pytest: `-n 0`, one process)
    python3 scripts/dev.py lint     # ruff, mypy and the layer rules (requirements-dev.lock)
    python3 scripts/dev.py lock     # re-resolve both locks after editing pyproject.toml
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
RUNTIME_LOCK = ROOT / "requirements.lock"
DEV_LOCK = ROOT / "requirements-dev.lock"
STAMP = VENV / ".lock-sha256"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")


def _run(*args: str | Path) -> None:
    completed = subprocess.run([str(a) for a in args], cwd=ROOT)
    if completed.returncode != 0:
        sys.exit(completed.returncode)


def _digest(lock: Path) -> str:
    return f"{lock.name} {hashlib.sha256(lock.read_bytes()).hexdigest()}"


def ensure_environment(lock: Path) -> None:
    """Create `.venv` and install exactly the versions `lock` pins, hashes checked.

    An environment set up from the dev lock serves the runtime jobs too (the dev lock pins the
    runtime packages at the runtime lock's versions); one set up from the runtime lock gains the
    dev tools when a dev job needs them."""
    if sys.version_info < (3, 11):  # noqa: UP036 - this script runs under whatever python3 is
        sys.exit(f"Python 3.11 or newer is needed; this is {sys.version.split()[0]}.")
    if not (BIN / "python").exists():
        print("Creating .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    installed = STAMP.read_text().strip() if STAMP.exists() else ""
    enough = {_digest(lock)} | ({_digest(DEV_LOCK)} if lock == RUNTIME_LOCK else set())
    if installed in enough:
        return
    print(f"Installing the packages {lock.name} pins into .venv ...", flush=True)
    pip = [BIN / "python", "-m", "pip", "--disable-pip-version-check", "--quiet"]
    _run(*pip, "install", "--require-hashes", "--no-deps", "-r", lock)
    _run(*pip, "install", "--no-deps", "--no-build-isolation", "--editable", ROOT)
    STAMP.write_text(_digest(lock))


def _compile(lock: Path, *options: str) -> None:
    """`uv pip compile` into `lock`, keeping the versions it already pins where they still fit."""
    _run(
        BIN / "uv",
        "pip",
        "compile",
        "pyproject.toml",
        *options,
        "--group",
        "install",
        "--generate-hashes",
        "--python-version",
        "3.11",
        "--universal",
        "--quiet",
        "--output-file",
        # Relative, so the command uv records in the lock's header is the same on every machine.
        lock.relative_to(ROOT),
    )


def main(argv: list[str]) -> None:
    job, rest = (argv[0], argv[1:]) if argv else ("run", [])
    if job == "lock":
        ensure_environment(DEV_LOCK)
        # The dev lock first; the runtime lock then takes its versions, so the tests run on
        # exactly what an install carries.
        _compile(DEV_LOCK, "--extra", "dev")
        _compile(RUNTIME_LOCK, "--constraint", str(DEV_LOCK.relative_to(ROOT)))
        return
    commands: dict[str, list[list[str | Path]]] = {
        "install": [],
        # The main job: the bot against the Slack stand-in, a simulated team taking a team run.
        "run": [[BIN / "readiness", "demo", *rest]],
        "test": [[BIN / "python", "-m", "pytest", *rest]],
        "lint": [
            [BIN / "ruff", "check", "."],
            [BIN / "ruff", "format", "--check", "."],
            [BIN / "mypy"],
            # The layer rules in pyproject.toml's [tool.importlinter].
            [BIN / "lint-imports"],
        ],
    }
    if job not in commands:
        sys.exit(f"Unknown job {job!r}; choose one of: {', '.join([*commands, 'lock'])}.")
    ensure_environment(RUNTIME_LOCK if job in ("install", "run") else DEV_LOCK)
    for command in commands[job]:
        _run(*command)


if __name__ == "__main__":
    main(sys.argv[1:])
