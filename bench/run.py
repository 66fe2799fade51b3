"""Running every benchmark in order and collecting the figures; `bench.report` prints them.

Order matters for honesty: the servers start first (their start-up is measured), each database
gets a warm-up before its measured phases, each phase on our bot is followed at once by the floor
on the very payloads it sent, and the growth measurements run last, after every server has
stopped, in a fresh process of their own.
"""

from __future__ import annotations

import contextlib
import secrets
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path

from bench.clicks import (
    QUESTIONS,
    ClickBroker,
    People,
    PhaseResult,
    Turnaround,
    call_count,
    calls_since,
    replay_phase,
    respond_phase,
    turnaround,
    wait_until_settled,
)
from bench.growth import GrowthRow, measure_in_child
from bench.machine import describe_machine, load_average
from bench.processes import (
    DatabaseTarget,
    Server,
    bare_command,
    bot_command,
    check_postgres,
    error_lines,
    harness_cpu_seconds,
    postgres_database,
    process_cpu_seconds,
    sqlite_database,
    start_server,
    upgrade_database,
)
from standin import SlackStandIn


@dataclass(frozen=True)
class Level:
    concurrency: int
    respondents: int


@dataclass(frozen=True)
class Plan:
    name: str
    levels: tuple[Level, ...]
    warmup_respondents: int
    startups: int
    growth_sizes: tuple[int, ...]
    growth_rounds: int


FULL = Plan(
    name="full",
    levels=(Level(1, 10), Level(10, 40), Level(50, 100)),
    warmup_respondents=4,
    startups=3,
    growth_sizes=(10, 100, 1_000, 10_000),
    growth_rounds=4,
)
QUICK = Plan(
    name="quick",
    levels=(Level(1, 1), Level(3, 3)),
    warmup_respondents=1,
    startups=1,
    growth_sizes=(10, 100),
    growth_rounds=2,
)


@dataclass(frozen=True)
class PhaseCpu:
    """CPU seconds (user + system) spent during one phase, by whom."""

    server: float
    """The server under test: the bot, or the floor."""
    stand_in: float
    """The Slack stand-in: the harness process less its own load-generation work."""
    load: float
    """Generating the load: the generator process, the click broker, the harness's main thread."""


class CpuMeter:
    """Reads every CPU clock at the start of a phase; `stop` gives what each spent since."""

    def __init__(self, server_pid: int, broker: ClickBroker) -> None:
        self._pid = server_pid
        self._broker = broker
        self._server = process_cpu_seconds(server_pid)
        self._harness = harness_cpu_seconds()
        self._broker_cpu = broker.cpu_seconds()
        self._main = time.thread_time()

    def stop(self, generator_cpu: float) -> PhaseCpu:
        harness_load = (self._broker.cpu_seconds() - self._broker_cpu) + (
            time.thread_time() - self._main
        )
        return PhaseCpu(
            server=process_cpu_seconds(self._pid) - self._server,
            stand_in=harness_cpu_seconds() - self._harness - harness_load,
            load=generator_cpu + harness_load,
        )


@dataclass
class LevelResult:
    database: str
    level: Level
    ours: PhaseResult
    floor: PhaseResult
    turnaround: Turnaround
    settled: bool
    """Whether the bot finished its work after the last ack (every full report posted)."""
    ours_cpu: PhaseCpu
    """CPU used from the first click until the bot settled."""
    floor_cpu: PhaseCpu
    missed_acks: int
    """bolt's "didn't call ack()" warnings in the bot's log during this phase."""


@dataclass
class Startup:
    process: str
    database: str
    seconds: list[float]


@dataclass
class Results:
    plan: Plan
    machine: str
    databases: list[str] = field(default_factory=list)
    clicks: list[LevelResult] = field(default_factory=list)
    startups: list[Startup] = field(default_factory=list)
    growth: list[GrowthRow] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    postgres: str = "PostgreSQL: skipped (no URL)"
    command: str = "python -m bench"


def progress(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def run(plan: Plan, *, postgres_url: str | None) -> Results:
    targets: list[Callable[[Path], AbstractContextManager[DatabaseTarget]]] = [sqlite_database]
    if postgres_url:
        check_postgres(postgres_url)
        targets.append(lambda _: postgres_database(postgres_url))
    load_before = load_average()
    secret = secrets.token_hex(16)
    results = Results(plan=plan, machine="")
    with contextlib.ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="readiness-bench-")))
        standin = stack.enter_context(SlackStandIn(team_name="Bench Co", domain="bench-co"))
        broker = stack.enter_context(ClickBroker(standin, secret).running())
        people = People(standin, broker)
        bare, seconds = _start_repeatedly(
            plan.startups,
            lambda: start_server(
                "bench.bare_app",
                bare_command(),
                standin=standin,
                secret=secret,
                extra_env={},
                workdir=workdir,
                log=workdir / "bare.log",
            ),
        )
        stack.callback(bare.stop)
        results.startups.append(Startup("bare bolt app (floor)", "none", seconds))
        for database in targets:
            with database(workdir) as target:
                results.databases.append(target.version)
                progress(f"{target.version}: migrating, then starting the bot")
                _bench_database(plan, results, target, standin, broker, people, bare, workdir)
        bare.check_alive()
        bare.stop()
        # Read before the stack closes: closing it deletes the directory the log is in.
        bare_errors = error_lines(workdir / "bare.log")
        if bare_errors:
            results.notes.append(
                f"The floor's log has {len(bare_errors)} error line(s); the first: "
                f"`{bare_errors[0][:300]}`"
            )
        if standin.violations:
            results.notes.append(
                f"The Slack stand-in saw {len(standin.violations)} call(s) real Slack would "
                f"refuse; the first: {standin.violations[0][:300]}"
            )
    results.command = "python -m bench" + (" --quick" if plan is QUICK else "")
    if postgres_url:
        results.command += " --postgres URL"
        results.postgres = (
            f"PostgreSQL: ran on {results.databases[-1]}, in a schema of its own, dropped "
            "afterwards."
        )
    progress("growth: aggregation and rendering at " + ", ".join(map(str, plan.growth_sizes)))
    results.growth = measure_in_child(plan.growth_sizes, rounds=plan.growth_rounds)
    results.machine = describe_machine(results.databases, plan.name, load_before)
    return results


def _bench_database(
    plan: Plan,
    results: Results,
    target: DatabaseTarget,
    standin: SlackStandIn,
    broker: ClickBroker,
    people: People,
    bare: Server,
    workdir: Path,
) -> None:
    label = target.label
    log = workdir / f"bot-{label.lower()}.log"
    upgrade_database(target, workdir=workdir, log=log)
    bot, seconds = _start_repeatedly(
        plan.startups,
        lambda: start_server(
            "readiness serve",
            bot_command(),
            standin=standin,
            secret=broker.secret,
            extra_env=target.env,
            workdir=workdir,
            log=log,
        ),
    )
    results.startups.append(Startup("readiness serve", label, seconds))
    try:
        warmup = people.mint(plan.warmup_respondents)
        people.start_conversations(warmup, bot.events_url)
        record = workdir / "warmup.json"
        start = call_count(standin)
        warm = respond_phase(
            broker, warmup, bot_url=bot.events_url, concurrency=len(warmup), record=record
        )
        wait_until_settled(standin, start, warm, broker.dms)
        replay_phase(record, bot_url=bare.events_url, concurrency=len(warmup), secret=broker.secret)
        for level in plan.levels:
            bot.check_alive()
            progress(
                f"{label}: {level.respondents} respondents, {level.concurrency} at once "
                f"({level.respondents * QUESTIONS} clicks)"
            )
            respondents = people.mint(level.respondents)
            people.start_conversations(respondents, bot.events_url)
            record = workdir / f"clicks-{label}-{level.concurrency}.json"
            start = call_count(standin)
            log_offset = log.stat().st_size
            meter = CpuMeter(bot.process.pid, broker)
            ours = respond_phase(
                broker,
                respondents,
                bot_url=bot.events_url,
                concurrency=level.concurrency,
                record=record,
            )
            settled = wait_until_settled(standin, start, ours, broker.dms)
            ours_cpu = meter.stop(ours.cpu)
            waits = turnaround(calls_since(standin, start), ours, broker.dms)
            meter = CpuMeter(bare.process.pid, broker)
            floor = replay_phase(
                record,
                bot_url=bare.events_url,
                concurrency=level.concurrency,
                secret=broker.secret,
            )
            floor_cpu = meter.stop(floor.cpu)
            results.clicks.append(
                LevelResult(
                    database=label,
                    level=level,
                    ours=ours,
                    floor=floor,
                    turnaround=waits,
                    settled=settled,
                    ours_cpu=ours_cpu,
                    floor_cpu=floor_cpu,
                    missed_acks=_log_since(log, log_offset).count("didn't call ack()"),
                )
            )
        bot.check_alive()
    finally:
        bot.stop()
    errors = error_lines(log)
    if errors:
        results.notes.append(
            f"The bot's log on {label} has {len(errors)} error line(s); the first: "
            f"`{errors[0][:300]}`"
        )


def _start_repeatedly(times: int, start: Callable[[], Server]) -> tuple[Server, list[float]]:
    """Start a server `times` times (stopping all but the last); the start-up times, in order."""
    seconds: list[float] = []
    for attempt in range(times):
        server = start()
        seconds.append(server.startup_seconds)
        progress(f"{server.name} answered {server.startup_seconds:.2f} s after starting")
        if attempt < times - 1:
            server.stop()
    return server, seconds


def _log_since(log: Path, offset: int) -> str:
    with log.open("rb") as file:
        file.seek(offset)
        return file.read().decode("utf-8", errors="replace")
