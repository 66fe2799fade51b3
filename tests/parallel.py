"""The suite on three workers (pytest-xdist), and what must not run beside what. A pytest plugin,
registered in the top-level conftest.

Three workers by default (`WORKERS`), so CI (`.ci/run`), `python3 scripts/dev.py test` and the
README's command run the suite in well under the time one would take. The default is set here
rather than as `-n 3` in pyproject's `addopts` because `addopts` would make `-p no:xdist` fail
("unrecognized arguments: -n"); here both `-n 0` and `-p no:xdist` run the suite serially, and
an explicit `-n`/`--dist` wins.

What is safe side by side: each test has its own `tmp_path`, SQLite file, PostgreSQL schema
(tests/conftest.py), stand-in and bot on ports the OS hands out, so tests do not share state.
Timing-sensitive tests run alone (`alone`, below): load and scale-out checks measure whether the
bot keeps Slack's three-second deadline or a lease with many requests in flight, and a second
worker busy with its own bot on a 2-CPU machine would starve them into failing for a reason that
is not the bot's. Marking a test `@pytest.mark.alone` does the same for new ones.
"""

from __future__ import annotations

import fcntl
import tempfile
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

WORKERS = 3
"""The machine CI runs on has two CPUs, and one more worker than that keeps both busy: most tests
spend much of their time waiting (for a bot's threads, its timetable, a lease), so two workers
kept the CPUs 43 % busy. On a 2-CPU machine the whole suite took 497 s on two workers, 425 s on
three and 422 s on four (2026-12-07)."""

ALONE = (
    # 100 respondents clicking at once; every click must be acknowledged within 3 s.
    "tests/hardening/test_load.py",
    # Workers killed and started again with owed steps resent after 2-3 s: on a starved machine
    # a chart's upload can outlast that lease and race the timetable (tests/hardening/killable).
    "tests/hardening/test_crash_on_accept.py",
    "tests/hardening/test_crashes.py",
    # Slack down and rate limiting, on the real clock with a 3 s lease.
    "tests/hardening/test_slack_failing.py",
    "tests/e2e/test_team.py::test_a_team_profile_posted_late_still_names_the_day_its_run_closed",
    # Several `readiness serve` processes racing the timetable on one database.
    "tests/e2e/test_scale_out.py",
)
"""Files, or tests (`path::name`), that run with no other test beside them (see the module
docstring)."""


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "alone: runs with no other test beside it on another worker (timing-sensitive)"
    )


@pytest.hookimpl(tryfirst=True)
def pytest_cmdline_main(config: pytest.Config) -> None:
    """`WORKERS` workers unless the command line says otherwise (before xdist reads the options).
    Not in a worker, nor with --pdb, nor without xdist."""
    option = config.option
    if not hasattr(option, "numprocesses") or hasattr(config, "workerinput"):
        return
    if option.numprocesses is None and not option.usepdb and not option.collectonly:
        option.numprocesses = WORKERS


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark the `ALONE` tests, and move every `alone` test to the front, in its order.

    Before an `alone` test starts, the other workers finish the tests they are running and then
    wait: scattered through the suite, each of them costs that wait again. At the front they
    run one after another, the workers wait once, and the many short tests come last, where
    they even out the workers' finishing times. (Every worker collects, and so sorts, alike.)"""
    for item in items:
        path = item.path.relative_to(config.rootpath).as_posix()
        if path in ALONE or item.nodeid.split("[")[0] in ALONE:
            item.add_marker(pytest.mark.alone)
    items.sort(key=lambda item: item.get_closest_marker("alone") is None)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item) -> Generator[None, object, object]:
    """Setup, call and teardown under the workers' shared lock: shared for most tests,
    exclusive for an `alone` one."""
    lock = item.config.stash.get(_LOCK_KEY, None)
    if lock is None:
        return (yield)
    with lock.held(exclusive=item.get_closest_marker("alone") is not None):
        return (yield)


class WorkerLock:
    """A readers-writer lock across the worker processes, on two files (flock).

    The turnstile gives an `alone` test its turn: it holds the turnstile while waiting for the
    other workers' current tests to end, so they cannot start new ones meanwhile and it cannot
    be starved; a shared holder only passes through the turnstile. The files are named by
    xdist's id for the run, so two runs at once do not wait for each other.
    """

    def __init__(self, testrunuid: str) -> None:
        stem = Path(tempfile.gettempdir()) / f"readiness-tests-{testrunuid}"
        self._turnstile = open(f"{stem}.turnstile", "ab")  # noqa: SIM115 - the worker's lifetime
        self._room = open(f"{stem}.room", "ab")  # noqa: SIM115

    @contextmanager
    def held(self, *, exclusive: bool) -> Iterator[None]:
        fcntl.flock(self._turnstile, fcntl.LOCK_EX)
        try:
            fcntl.flock(self._room, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        finally:
            fcntl.flock(self._turnstile, fcntl.LOCK_UN)
        try:
            yield
        finally:
            fcntl.flock(self._room, fcntl.LOCK_UN)

    def close(self) -> None:
        """Close and remove the files; a worker still running keeps its open handles."""
        for handle in (self._turnstile, self._room):
            handle.close()
            Path(handle.name).unlink(missing_ok=True)


_LOCK_KEY = pytest.StashKey[WorkerLock]()


@pytest.hookimpl(trylast=True)
def pytest_sessionstart(session: pytest.Session) -> None:
    """A worker opens the run's lock files before it runs anything (none without xdist)."""
    workerinput = getattr(session.config, "workerinput", None)
    if workerinput is not None:
        session.config.stash[_LOCK_KEY] = WorkerLock(workerinput["testrunuid"])


def pytest_unconfigure(config: pytest.Config) -> None:
    lock = config.stash.get(_LOCK_KEY, None)
    if lock is not None:
        lock.close()
