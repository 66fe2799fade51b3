"""Issue 25's targets, each with the figure that judges it: the "Targets" section of the results.

`TARGETS` is the whole list at a glance: what is measured, how it is read from the results, and
the limit. A figure that this run did not measure (quick mode has no crowd of 50 and no team of
10,000; without a URL there is no PostgreSQL) is said to be not measured, never guessed.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from bench.growth import GrowthRow, growth_per_tenfold
from bench.run import BOT, STACK_FLOOR, LevelResult, Measured, Results
from bench.stats import median, ms, percentile, secs

Unit = Literal["ms", "s", "×"]
Figure = Callable[[Results], float | None]
"""Reads a target's figure from the results; None when this run did not measure it."""

BIG_TEAM = 10_000
"""The team size the growth targets are about."""


@dataclass(frozen=True)
class Target:
    name: str
    figure: Figure
    limit: float
    unit: Unit
    """How figure and limit are shown: "ms" and "s" (both given in seconds) or "×"."""
    below: bool = False
    """True: the figure must be under the limit; False: at most the limit."""
    floor: tuple[str, Figure] | None = None
    """A floor's figure shown beside the bot's, with what it is: where a floor alone is near
    or over the limit, the reader sees that the limit is out of reach on this machine."""


# --------------------------------------------------------------------------- figure getters


def _levels(
    results: Results, database: str, concurrency: int | None = None, *, reading: bool = False
) -> list[LevelResult]:
    """The phases on `database` (at `concurrency`), either those whose respondents click the
    moment a question appears, as the issue's figures were measured, or (`reading`) those
    whose respondents read each question first."""
    return [
        level
        for level in results.clicks
        if level.database == database
        and (concurrency is None or level.level.concurrency == concurrency)
        and (level.level.reading is not None) == reading
    ]


def _cpu_per_click(measured: Sequence[Measured]) -> float | None:
    """CPU per acknowledged click over every phase given (each phase's clicks weigh alike)."""
    clicks = sum(len(m.phase.acked) for m in measured)
    return sum(m.cpu.server for m in measured) / clicks if clicks else None


def bot_cpu(database: str) -> Figure:
    return lambda results: _cpu_per_click([level.bot for level in _levels(results, database)])


def bot_cpu_over_work_floor(database: str) -> Figure:
    def figure(results: Results) -> float | None:
        levels = _levels(results, database)
        bot = _cpu_per_click([level.bot for level in levels])
        floor = _cpu_per_click([level.work_floor for level in levels])
        return bot / floor if bot is not None and floor else None

    return figure


def ack_p50(database: str, concurrency: int) -> Figure:
    def figure(results: Results) -> float | None:
        levels = _levels(results, database, concurrency)
        latencies = [x for level in levels for x in level.bot.phase.latencies]
        return percentile(latencies, 50) if latencies else None

    return figure


def slowest_ack(database: str, concurrency: int) -> Figure:
    """The slowest ack; infinite when a click got no 2xx answer (or was never sent)."""

    def figure(results: Results) -> float | None:
        levels = _levels(results, database, concurrency)
        if not levels:
            return None
        if any(level.bot.phase.failed or level.bot.phase.unsent for level in levels):
            return math.inf
        return max(x for level in levels for x in level.bot.phase.latencies)

    return figure


def turnaround_p95(
    database: str,
    concurrency: int,
    *,
    last: bool,
    reading: bool = False,
    server: Literal["bot", "work_floor"] = "bot",
) -> Figure:
    """p95 of the wait for the next question (`last`: for the profile after the last one), in
    the phases whose respondents click at once, or (`reading`) read each question first; the
    bot's, or the Slack-work floor's (its "done" message standing for the profile)."""

    def figure(results: Results) -> float | None:
        waits = [
            wait
            for level in _levels(results, database, concurrency, reading=reading)
            for measured in [level.bot if server == "bot" else level.work_floor]
            if measured.turnaround is not None
            for wait in (measured.turnaround.profile if last else measured.turnaround.next_question)
        ]
        return percentile(waits, 95) if waits else None

    return figure


def startup(database: str, process: str = BOT) -> Figure:
    def figure(results: Results) -> float | None:
        seconds = [
            s
            for start in results.startups
            if start.process == process and start.database == database
            for s in start.seconds
        ]
        return median(seconds) if seconds else None

    return figure


def _row(results: Results, respondents: int) -> GrowthRow | None:
    return next((row for row in results.growth if row.respondents == respondents), None)


def whole_close(row: GrowthRow) -> float:
    """Closing a team run: aggregate, blocks, chart and printable page, one after another."""
    return row.total_seconds


def growth_step(step: str) -> Figure:
    def figure(results: Results) -> float | None:
        row = _row(results, BIG_TEAM)
        return row.steps[step].seconds if row is not None else None

    return figure


def growth_close(results: Results) -> float | None:
    row = _row(results, BIG_TEAM)
    return whole_close(row) if row is not None else None


def growth_factor(results: Results) -> float | None:
    """How much longer aggregation, the part of a close that grows with the team, takes for 10
    times the members, from 1,000 to 10,000."""
    big, small = _row(results, BIG_TEAM), _row(results, BIG_TEAM // 10)
    if big is None or small is None:
        return None
    return growth_per_tenfold(small, big)["aggregate"]


# --------------------------------------------------------------------------- the targets


def _turnarounds(database: str, *, reading: bool) -> tuple[Target, ...]:
    """Next question p95 under 300 ms and profile p95 under 1 s, 50 at once on `database`, each
    with the Slack-work floor's figure beside it."""
    crowd = "a kickoff of 50 reading each question" if reading else "50 at once"
    return tuple(
        Target(
            f"{what} p95, {crowd}, {database}",
            turnaround_p95(database, 50, last=last, reading=reading),
            limit,
            unit,
            below=True,
            floor=(
                "the Slack-work floor's",
                turnaround_p95(database, 50, last=last, reading=reading, server="work_floor"),
            ),
        )
        for what, last, limit, unit in TURNAROUND_LIMITS
    )


TURNAROUND_LIMITS: tuple[tuple[str, bool, float, Unit], ...] = (
    ("Next question", False, 0.3, "ms"),
    ("Profile", True, 1.0, "s"),
)
"""What is waited for (after the last question: the profile), and the limit on its p95."""


def _startup(database: str) -> Target:
    stack_alone = ("the stack's imports alone", startup("none", STACK_FLOOR))
    return Target(
        f"Start-up to first answer, {database}",
        startup(database),
        0.4,
        "s",
        below=True,
        floor=stack_alone,
    )


TARGETS: tuple[Target, ...] = (
    Target("CPU per answer click, SQLite", bot_cpu("SQLite"), 0.005, "ms"),
    Target("CPU per answer click, PostgreSQL", bot_cpu("PostgreSQL"), 0.006, "ms"),
    Target(
        "CPU per answer click over the Slack-work floor's, SQLite",
        bot_cpu_over_work_floor("SQLite"),
        2.0,
        "×",
    ),
    Target(
        "CPU per answer click over the Slack-work floor's, PostgreSQL",
        bot_cpu_over_work_floor("PostgreSQL"),
        2.0,
        "×",
    ),
    Target("Ack p50, one at a time, SQLite", ack_p50("SQLite", 1), 0.003, "ms"),
    Target("Ack p50, one at a time, PostgreSQL", ack_p50("PostgreSQL", 1), 0.003, "ms"),
    *_turnarounds("SQLite", reading=False),
    *_turnarounds("PostgreSQL", reading=False),
    # Not the measure, beside it: its "50 at once" click the moment a question appears,
    # which measures how many clicks the machine gets through; at a kickoff people read first.
    *_turnarounds("SQLite", reading=True),
    *_turnarounds("PostgreSQL", reading=True),
    Target(
        "Slowest ack, 200 at once, PostgreSQL",
        slowest_ack("PostgreSQL", 200),
        1.0,
        "s",
        below=True,
    ),
    Target("Aggregation, team of 10,000", growth_step("aggregate"), 0.030, "ms", below=True),
    Target("Whole close, team of 10,000", growth_close, 0.150, "ms", below=True),
    # Linear is 10× for 10 times the members; "about 10×" leaves a tenth for a shared machine.
    Target("Aggregation growth, 1,000 to 10,000 members", growth_factor, 11.0, "×"),
    Target("Chart, team of 10,000", growth_step("chart"), 0.020, "ms", below=True),
    _startup("SQLite"),
    _startup("PostgreSQL"),
)


# --------------------------------------------------------------------------- judging


def shown(value: float, unit: Unit) -> str:
    """A measured figure."""
    if math.isinf(value):
        return "a click not acked"
    if unit == "ms":
        return f"{ms(value)} ms"
    if unit == "s":
        return f"{secs(value)} s"
    return f"{value:.1f}×"


def limit_shown(limit: float, unit: Unit) -> str:
    """A limit, as the issue writes it: "5 ms", "1 s", "2×"."""
    if unit == "ms":
        return f"{limit * 1000:g} ms"
    return f"{limit:g} s" if unit == "s" else f"{limit:g}×"


def judged(target: Target, results: Results) -> str:
    """One line: `- name: figure (target < limit): met`, or why it was not measured."""
    value = target.figure(results)
    if value is None or math.isnan(value):
        return f"- {target.name}: not measured ({_why_not(target, results)})"
    sign = "<" if target.below else "<="
    met = value < target.limit if target.below else value <= target.limit
    beside = ""
    if target.floor is not None:
        name, figure = target.floor
        floor_value = figure(results)
        if floor_value is not None and not math.isnan(floor_value):
            beside = f"; {name}: {shown(floor_value, target.unit)}"
    return (
        f"- {target.name}: {shown(value, target.unit)} "
        f"(target {sign} {limit_shown(target.limit, target.unit)}{beside}): "
        f"{'met' if met else 'not met'}"
    )


def _why_not(target: Target, results: Results) -> str:
    ran_postgres = any(d.startswith("PostgreSQL") for d in results.databases)
    if target.name.endswith("PostgreSQL") and not ran_postgres:
        return "no PostgreSQL run"
    if results.plan.name == "quick":
        return "quick mode"
    return "not in this run"
