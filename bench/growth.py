"""Growth: what closing a team run costs as the team grows: `python -m bench.growth`.

It runs in a fresh process of its own (the harness starts it last), so neither the harness's
heap, full of the Slack stand-in's messages, nor its threads weigh on the figures.

For N synthetic members (deterministic random answers to all the framework's questions, and a
role each, as a real close has) it times, separately: team aggregation (`score_team`, with the
role groups), the channel message's blocks (`team_profile_message`), the radar chart
(`radar_png`) and the printable page (`render_html`). Each step is timed without tracing (the
fastest call over interleaved rounds, after a warm-up), then run once more under
`tracemalloc` for its peak Python heap above what was allocated before it (allocations made
outside Python's allocator, such as the Agg renderer's pixel buffer, are not counted).

Each JSON row also carries the whole close (the steps' sum) and its growth per tenfold since the
previous size; `--table` prints the same for a person.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import random
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from functools import partial

from bot.messages.profile import team_profile_message
from bot.report import ReportData, radar_png, render_html
from flows.steps import TeamProfileReady, TeamProgress
from scoring import Answers, Framework, Role, TeamProfile, default_framework, score_team
from scoring.profile import Profile

STEPS = ("aggregate", "blocks", "chart", "html")
ROUND_BUDGET = 0.05
"""Seconds of calls per step, size and round: fast steps are called several times a round."""
MAX_CALLS = 50


@dataclass(frozen=True)
class StepCost:
    seconds: float
    """Wall time of one call: the fastest of `repeats` calls."""
    peak_bytes: int
    repeats: int


@dataclass(frozen=True)
class GrowthRow:
    respondents: int
    steps: dict[str, StepCost]

    @property
    def total_seconds(self) -> float:
        """The whole close: aggregation, blocks, chart and page, one after the other."""
        return sum(step.seconds for step in self.steps.values())


def growth_per_tenfold(smaller: GrowthRow, larger: GrowthRow) -> dict[str, float]:
    """How much each step (and the whole close, "total") costs more for ten times the
    respondents, from two rows of different sizes: 10 is linear, less is better than linear.

    Scaled to a tenfold step whatever the two sizes are (x^(1 / log10(size ratio))), so rows of
    10, 100, 1,000 and 10,000 and rows of 10 and 100 read alike.
    """
    decades = math.log10(larger.respondents / smaller.respondents)
    costs = {name: (smaller.steps[name].seconds, larger.steps[name].seconds) for name in STEPS}
    costs["total"] = (smaller.total_seconds, larger.total_seconds)
    return {
        name: (after / before) ** (1 / decades) if before > 0 and after > 0 else math.nan
        for name, (before, after) in costs.items()
    }


def as_json(rows: Sequence[GrowthRow]) -> list[dict[str, object]]:
    """Each row as `asdict` gives it, plus (only added, so readers of the older shape still
    read it) the whole close's seconds and the growth per tenfold since the previous row."""
    shaped: list[dict[str, object]] = []
    for index, row in enumerate(rows):
        previous = rows[index - 1] if index else None
        shaped.append(
            {
                **asdict(row),
                "total_seconds": row.total_seconds,
                "growth_per_10x": (
                    growth_per_tenfold(previous, row)
                    if previous is not None and previous.respondents < row.respondents
                    else None
                ),
            }
        )
    return shaped


def table(rows: Sequence[GrowthRow]) -> str:
    """The rows for a person: milliseconds per step, the whole close, its growth per tenfold."""
    lines = [
        f"{'respondents':>11} "
        + " ".join(f"{name:>10}" for name in (*STEPS, "whole close"))
        + f" {'x per 10x':>10}"
    ]
    for row in as_json(rows):
        growth = row["growth_per_10x"]
        shown = f"{growth['total']:.2f}" if isinstance(growth, dict) else "–"
        steps = row["steps"]
        assert isinstance(steps, dict)
        figures = [steps[name]["seconds"] for name in STEPS] + [row["total_seconds"]]
        lines.append(
            f"{row['respondents']:>11,} "
            + " ".join(f"{1000 * float(figure):>8.2f}ms" for figure in figures)
            + f" {shown:>10}"
        )
    return "\n".join(lines)


def synthetic_members(framework: Framework, count: int, *, seed: int) -> list[Answers]:
    """`count` members' answers: each member leans to a stage and strays from it at random."""
    chooser = random.Random(seed)
    members: list[Answers] = []
    for _ in range(count):
        lean = chooser.randint(1, 4)
        members.append(
            {
                q.id: min(4, max(1, lean + chooser.choice((-1, 0, 0, 1))))
                for q in framework.questions
            }
        )
    return members


def synthetic_roles(count: int, *, seed: int) -> list[Role | None]:
    """A role per member, as a real close has them (`flows.team` always passes roles): any
    role, "prefer not to say", or none."""
    chooser = random.Random(seed)
    return [chooser.choice([*Role, None]) for _ in range(count)]


def _ready(team: TeamProfile, previous: Profile) -> TeamProfileReady:
    progress = TeamProgress(
        run_id="bench-run",
        workspace_id="TBENCH",
        channel_id="CBENCH",
        message_ts=None,
        completed=team.respondents,
        invited=team.respondents,
        min_respondents=3,
        closes_at=None,
        started_by="UBENCHLEAD",
    )
    return TeamProfileReady(
        progress=progress, team=team, previous=previous, closed_at=datetime(2026, 11, 9, tzinfo=UTC)
    )


def _report(framework: Framework, team: TeamProfile, previous: Profile) -> ReportData:
    return ReportData(
        framework=framework,
        title="Bench team — Team Outcome Readiness profile",
        subtitle=f"{team.respondents} respondents",
        generated_at=datetime.now(UTC),
        profile=team.profile,
        team=team,
        previous=previous,
    )


def _peak(step: Callable[[], object]) -> int:
    gc.collect()
    tracemalloc.reset_peak()
    before, _ = tracemalloc.get_traced_memory()
    step()
    _, peak = tracemalloc.get_traced_memory()
    return max(0, peak - before)


def measure(sizes: Sequence[int], *, rounds: int, seed: int = 7) -> list[GrowthRow]:
    """Time every step at every size in `rounds` interleaved rounds and keep each one's fastest
    call, as `timeit` advises: on a shared machine the slower calls measure the neighbours, and
    interleaving makes a slow spell hit every size alike instead of whichever ran during it."""
    framework = default_framework()
    # A previous run, so the blocks, chart and page carry the trend as a quarterly re-run does.
    previous = score_team(framework, synthetic_members(framework, 12, seed=seed + 1)).profile
    work: dict[int, dict[str, Callable[[], object]]] = {}
    for size in sizes:
        members = synthetic_members(framework, size, seed=seed)
        roles = synthetic_roles(size, seed=seed)
        team = score_team(framework, members, minimum=3, roles=roles)
        report = _report(framework, team, previous)
        work[size] = {
            "aggregate": partial(score_team, framework, members, minimum=3, roles=roles),
            "blocks": partial(team_profile_message, framework, _ready(team, previous)),
            "chart": partial(radar_png, report),
            "html": partial(render_html, report),
        }
    fastest: dict[tuple[int, str], float] = {}
    calls: dict[tuple[int, str], int] = {}
    for size, steps in work.items():
        for name, step in steps.items():  # warm-up: first-use imports and caches
            fastest[size, name] = _timed(step)
            calls[size, name] = 0
    for _ in range(rounds):
        for size, steps in work.items():
            for name, step in steps.items():
                key = (size, name)
                repeat = max(1, min(MAX_CALLS, int(ROUND_BUDGET / max(fastest[key], 1e-6))))
                for _ in range(repeat):
                    fastest[key] = min(fastest[key], _timed(step))
                calls[key] += repeat
    rows: list[GrowthRow] = []
    for size, steps in work.items():
        tracemalloc.start()
        try:
            peaks = {name: _peak(step) for name, step in steps.items()}
        finally:
            tracemalloc.stop()
        rows.append(
            GrowthRow(
                respondents=size,
                steps={
                    name: StepCost(
                        seconds=fastest[size, name],
                        peak_bytes=peaks[name],
                        repeats=calls[size, name],
                    )
                    for name in STEPS
                },
            )
        )
    return rows


def _timed(step: Callable[[], object]) -> float:
    started = time.perf_counter()
    step()
    return time.perf_counter() - started


def measure_in_child(sizes: Sequence[int], *, rounds: int) -> list[GrowthRow]:
    """`measure`, in a fresh `python -m bench.growth` process."""
    from bench.processes import json_from_child

    rows = json_from_child(
        "bench.growth", "--rounds", str(rounds), *map(str, sizes), what="the growth benchmark"
    )
    return [
        GrowthRow(
            respondents=row["respondents"],
            steps={name: StepCost(**cost) for name, cost in row["steps"].items()},
        )
        for row in rows
    ]


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.growth")
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument(
        "--table", action="store_true", help="a table for people instead of the JSON rows"
    )
    parser.add_argument("sizes", type=int, nargs="+")
    args = parser.parse_args()
    rows = measure(args.sizes, rounds=args.rounds)
    if args.table:
        print(table(rows))
    else:
        json.dump(as_json(rows), sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
