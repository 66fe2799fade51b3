"""The hardening table at the end of a test run: a plugin, registered in the top-level conftest.

It lives here rather than in tests/hardening/conftest.py because with pytest-xdist the checks run
in worker processes, while the table is printed by the process that started them, which never
collects tests/hardening and so never loads that conftest. Each worker sends its figures back as
it finishes (`workeroutput`); a serial run (`-p no:xdist`) keeps them in this one process.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.hardening import tally

WORKER_KEY = "hardening_tally"


def pytest_sessionfinish(session: pytest.Session) -> None:
    """In a worker: hand this worker's figures to the controller."""
    workeroutput: dict[str, Any] | None = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput[WORKER_KEY] = tally.export()


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: object) -> None:
    """In the controller: add up what each worker sent (xdist's hook; absent without xdist)."""
    tally.merge(getattr(node, "workeroutput", {}).get(WORKER_KEY, {}))


def _mode(config: pytest.Config) -> str:
    expression = str(config.getoption("markexpr") or "")
    return "full" if "soak" in expression and "not soak" not in expression else "quick"


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    lines = tally.table(_mode(terminalreporter.config))
    if lines:
        terminalreporter.write_sep("=", "hardening summary")
        for line in lines:
            terminalreporter.write_line(line)
