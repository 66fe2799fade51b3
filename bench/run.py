"""Running every benchmark in order and collecting the figures; `bench.report` prints them.

Order matters for honesty: the servers start first (their start-up is measured), each server
gets a warm-up before its measured phases, each phase on our bot is followed at once by both
floors (the ack-only floor on the very payloads the bot was sent, the Slack-work floor by
respondents giving the same answers), and the growth measurements run last, after every server
has stopped, in a fresh process of their own.
"""

from __future__ import annotations

import contextlib
import functools
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
    Respondent,
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
    compile_project,
    error_lines,
    harness_cpu_seconds,
    postgres_database,
    process_cpu_seconds,
    slack_work_command,
    sqlite_database,
    start_server,
    upgrade_database,
)
from bench.tls_calls import TlsCalls
from bench.tls_calls import measure_in_child as measure_tls_calls
from standin import SlackStandIn


@dataclass(frozen=True)
class Level:
    concurrency: int
    respondents: int
    reading: tuple[float, float] | None = None
    """Seconds each respondent spends reading a question before clicking, drawn evenly from this
    range; None: it clicks the moment the question appears, so the phase measures how many
    clicks the machine gets through rather than the wait of people reading as they go."""

    @property
    def reading_text(self) -> str:
        """The reading range as the tables give it (", reading 2–5 s"); "" if there is none."""
        if self.reading is None:
            return ""
        low, high = self.reading
        return f", reading {low:g}–{high:g} s"

    @property
    def label(self) -> str:
        """The "At once" column: "50", or "50, reading 2–5 s"."""
        return f"{self.concurrency}{self.reading_text}"


@dataclass(frozen=True)
class Plan:
    name: str
    levels: tuple[Level, ...]
    postgres_levels: tuple[Level, ...]
    """Run after `levels` on PostgreSQL only: the crowd a shared database server is for."""
    warmup_respondents: int
    startups: int
    growth_sizes: tuple[int, ...]
    growth_rounds: int
    tls_calls: int
    """Calls each way in `bench.tls_calls`."""


KICKOFF = Level(50, 50, reading=(2.0, 5.0))
"""A team's kickoff: 50 people take the run together, each reading every question for 2 to 5 s
(quicker than most people read, so more load than a real kickoff) before clicking."""

FULL = Plan(
    name="full",
    levels=(Level(1, 10), Level(10, 40), Level(50, 100), KICKOFF),
    postgres_levels=(Level(200, 200),),
    warmup_respondents=4,
    startups=3,
    growth_sizes=(10, 100, 1_000, 10_000),
    growth_rounds=4,
    tls_calls=300,
)
QUICK = Plan(
    name="quick",
    levels=(Level(1, 1), Level(3, 3), Level(3, 3, reading=(0.05, 0.1))),
    postgres_levels=(Level(5, 5),),
    warmup_respondents=1,
    startups=1,
    growth_sizes=(10, 100),
    growth_rounds=2,
    tls_calls=30,
)

BOT = "readiness serve"
ACK_FLOOR = "ack-only floor"
WORK_FLOOR = "Slack-work floor"
STACK_FLOOR = "ack-only floor, SQLAlchemy ORM and pydantic-settings imported"


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
class Measured:
    """One server's run of one phase."""

    phase: PhaseResult
    cpu: PhaseCpu
    """CPU used from the first click until the server settled."""
    turnaround: Turnaround | None
    """None for the ack-only floor, which posts nothing to wait for."""
    settled: bool = True
    """Whether the server finished its work after the last ack (every last post made)."""


@dataclass
class LevelResult:
    database: str
    level: Level
    bot: Measured
    ack_floor: Measured
    """The same payloads the bot was sent, replayed to the ack-only floor."""
    work_floor: Measured
    """Respondents with the same answers, clicking through the Slack-work floor's questions."""
    missed_acks: int
    """bolt's "didn't call ack()" warnings in the bot's log during this phase."""


@dataclass(frozen=True)
class Floors:
    ack: Server
    work: Server


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
    tls_calls: TlsCalls | None = None
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
    compile_project()
    with contextlib.ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="readiness-bench-")))
        standin = stack.enter_context(SlackStandIn(team_name="Bench Co", domain="bench-co"))
        broker = stack.enter_context(ClickBroker(standin, secret).running())
        people = People(standin, broker)
        floors: list[Server] = []
        for name, command, log in (
            (ACK_FLOOR, bare_command(), "ack-floor.log"),
            (WORK_FLOOR, slack_work_command(), "work-floor.log"),
        ):
            floor, seconds = _start_repeatedly(
                plan.startups,
                functools.partial(
                    start_server,
                    name,
                    command,
                    standin=standin,
                    secret=secret,
                    extra_env={},
                    workdir=workdir,
                    log=workdir / log,
                ),
            )
            stack.callback(floor.stop)
            floors.append(floor)
            results.startups.append(Startup(name, "none", seconds))
        ack_floor, work_floor = floors
        # Only started, to show what the stack's own imports leave for a bot's start-up.
        stack_floor, seconds = _start_repeatedly(
            plan.startups,
            functools.partial(
                start_server,
                STACK_FLOOR,
                bare_command(stack=True),
                standin=standin,
                secret=secret,
                extra_env={},
                workdir=workdir,
                log=workdir / "stack-floor.log",
            ),
        )
        stack_floor.stop()
        results.startups.append(Startup(STACK_FLOOR, "none", seconds))
        # The Slack-work floor's warm-up; the ack-only floor's comes with each database's.
        _respond(
            people.mint(plan.warmup_respondents),
            work_floor,
            standin,
            broker,
            people,
            concurrency=plan.warmup_respondents,
            record=workdir / "warmup-floor.json",
            last="done",
            final="done",
        )
        for database in targets:
            with database(workdir) as target:
                results.databases.append(target.version)
                progress(f"{target.version}: migrating, then starting the bot")
                _bench_database(
                    plan,
                    results,
                    target,
                    standin,
                    broker,
                    people,
                    Floors(ack_floor, work_floor),
                    workdir,
                )
        for floor in floors:
            floor.check_alive()
            floor.stop()
            # Read before the stack closes: closing it deletes the directory the log is in.
            errors = error_lines(floor.log)
            if errors:
                results.notes.append(
                    f"The {floor.name}'s log has {len(errors)} error line(s); the first: "
                    f"`{errors[0][:300]}`"
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
    progress("Web API calls over TLS: a new connection per call, then one kept")
    results.tls_calls = measure_tls_calls(plan.tls_calls)
    results.machine = describe_machine(results.databases, plan.name, load_before)
    return results


def _respond(
    respondents: list[Respondent],
    server: Server,
    standin: SlackStandIn,
    broker: ClickBroker,
    people: People,
    *,
    concurrency: int,
    record: Path,
    last: str,
    final: str,
    reading: tuple[float, float] | None = None,
) -> Measured:
    """`respondents` start a conversation with `server` and click through its questions as they
    appear; measured from the first click until the server has made its `final` post to each
    who finished (`last` is the post that answers the last question: the bot's profile, followed
    by its report; the Slack-work floor's `done`, which is also its final post)."""
    people.start_conversations(respondents, server.events_url)
    start = call_count(standin)
    meter = CpuMeter(server.process.pid, broker)
    phase = respond_phase(
        broker,
        respondents,
        bot_url=server.events_url,
        concurrency=concurrency,
        record=record,
        reading=reading,
    )
    settled = wait_until_settled(standin, start, phase, broker.dms, final=final)
    cpu = meter.stop(phase.cpu)
    waits = turnaround(calls_since(standin, start), phase, broker.dms, last=last)
    return Measured(phase, cpu, waits, settled)


def _replay(record: Path, server: Server, broker: ClickBroker, *, concurrency: int) -> Measured:
    """The clicks in `record`, sent again (signed afresh) to a server that posts nothing."""
    meter = CpuMeter(server.process.pid, broker)
    phase = replay_phase(
        record, bot_url=server.events_url, concurrency=concurrency, secret=broker.secret
    )
    return Measured(phase, meter.stop(phase.cpu), None)


def _bench_database(
    plan: Plan,
    results: Results,
    target: DatabaseTarget,
    standin: SlackStandIn,
    broker: ClickBroker,
    people: People,
    floors: Floors,
    workdir: Path,
) -> None:
    label = target.label
    log = workdir / f"bot-{label.lower()}.log"
    upgrade_database(target, workdir=workdir, log=log)
    bot, seconds = _start_repeatedly(
        plan.startups,
        lambda: start_server(
            BOT,
            bot_command(),
            standin=standin,
            secret=broker.secret,
            extra_env=target.env,
            workdir=workdir,
            log=log,
        ),
    )
    results.startups.append(Startup(BOT, label, seconds))
    levels = plan.levels + (plan.postgres_levels if label == "PostgreSQL" else ())
    try:
        warmup = people.mint(plan.warmup_respondents)
        record = workdir / "warmup.json"
        _respond(
            warmup,
            bot,
            standin,
            broker,
            people,
            concurrency=len(warmup),
            record=record,
            last="profile",
            final="report",
        )
        _replay(record, floors.ack, broker, concurrency=len(warmup))
        for index, level in enumerate(levels):
            bot.check_alive()
            progress(
                f"{label}: {level.respondents} respondents, {level.concurrency} at once"
                f"{level.reading_text} ({level.respondents * QUESTIONS} clicks), then both floors"
            )
            respondents = people.mint(level.respondents)
            record = workdir / f"clicks-{label}-{index}.json"
            log_offset = log.stat().st_size
            ours = _respond(
                respondents,
                bot,
                standin,
                broker,
                people,
                concurrency=level.concurrency,
                record=record,
                last="profile",
                final="report",
                reading=level.reading,
            )
            missed_acks = _log_since(log, log_offset).count("didn't call ack()")
            ack_floor = _replay(record, floors.ack, broker, concurrency=level.concurrency)
            work_floor = _respond(
                people.twins(respondents),
                floors.work,
                standin,
                broker,
                people,
                concurrency=level.concurrency,
                record=workdir / f"floor-{label}-{index}.json",
                last="done",
                final="done",
                reading=level.reading,
            )
            results.clicks.append(
                LevelResult(label, level, ours, ack_floor, work_floor, missed_acks)
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
