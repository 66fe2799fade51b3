"""Set up the project's virtual environment from the lock file, then run one job in it.

This is the README's entry point, so it may only use the standard library: a fresh machine has
Python and git and nothing else. The environment lives in `.venv/` and is reinstalled only when
`requirements.lock` changes, so the second run starts at once.

    python3 scripts/dev.py run      # the main job
    python3 scripts/dev.py test     # the whole test suite (extra arguments go to pytest)
    python3 scripts/dev.py lint     # ruff, mypy and the layer rules (lint-imports)
    python3 scripts/dev.py lock     # re-resolve requirements.lock after editing pyproject.toml
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
LOCK = ROOT / "requirements.lock"
STAMP = VENV / ".lock-sha256"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")


def _run(*args: str | Path) -> None:
    completed = subprocess.run([str(a) for a in args], cwd=ROOT)
    if completed.returncode != 0:
        sys.exit(completed.returncode)


def ensure_environment() -> None:
    """Create `.venv` and install exactly the locked versions, hashes checked."""
    if sys.version_info < (3, 11):  # noqa: UP036 - this script runs under whatever python3 is
        sys.exit(f"Python 3.11 or newer is needed; this is {sys.version.split()[0]}.")
    if not (BIN / "python").exists():
        print("Creating .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    wanted = hashlib.sha256(LOCK.read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text().strip() == wanted:
        return
    print("Installing locked dependencies into .venv ...", flush=True)
    pip = [BIN / "python", "-m", "pip", "--disable-pip-version-check", "--quiet"]
    _run(*pip, "install", "--require-hashes", "--no-deps", "-r", LOCK)
    _run(*pip, "install", "--no-deps", "--no-build-isolation", "--editable", ROOT)
    STAMP.write_text(wanted)


def main(argv: list[str]) -> None:
    job, rest = (argv[0], argv[1:]) if argv else ("run", [])
    if job == "lock":
        ensure_environment()
        _run(
            BIN / "uv",
            "pip",
            "compile",
            "pyproject.toml",
            "--extra",
            "dev",
            "--generate-hashes",
            "--python-version",
            "3.11",
            "--universal",
            "--quiet",
            "--output-file",
            # Relative, so the command uv records in the lock's header is the same on every machine.
            LOCK.relative_to(ROOT),
        )
        return
    ensure_environment()
    commands: dict[str, list[list[str | Path]]] = {
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
    for command in commands[job]:
        _run(*command)


if __name__ == "__main__":
    main(sys.argv[1:])
