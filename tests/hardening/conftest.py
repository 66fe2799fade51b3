"""The hardening suite: the real bot over HTTP against the Slack stand-in, trying to lose,
double, leak or forge. Each check runs small by default (CI) and large under `-m soak`; the
figures are printed as one table at the end of the run."""

from __future__ import annotations

import pytest

from standin.pytest_plugin import standin
from tests.e2e.conftest import (
    bot,
    bot_database,
    clock,
    database_url,
    driver,
    only_declared_web_api_methods,
    team,
)
from tests.hardening import tally

__all__ = [
    "bot",
    "bot_database",
    "clock",
    "database_url",
    "driver",
    "only_declared_web_api_methods",
    "standin",
    "team",
]


def _mode(config: pytest.Config) -> str:
    expression = str(config.getoption("markexpr") or "")
    return "full" if "soak" in expression and "not soak" not in expression else "quick"


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    lines = tally.table(_mode(terminalreporter.config))
    if lines:
        terminalreporter.write_sep("=", "hardening summary")
        for line in lines:
            terminalreporter.write_line(line)
