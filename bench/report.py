"""The results as Markdown: the tables `python -m bench` prints and docs/benchmarks.md keeps."""

from __future__ import annotations

import math
from collections.abc import Sequence

from bench.clicks import QUESTIONS, PhaseResult
from bench.growth import STEPS, GrowthRow
from bench.run import Results
from bench.stats import count, median, mib, ms, percentile, rate, ratio, secs

HEADINGS = (
    "## Outcome Readiness benchmarks",
    "### Answer clicks: acknowledgement",
    "### The floor: a bolt app that only acks",
    "### Turnaround: click to next question",
    "### Where the CPU goes",
    "### Start-up",
    "### Growth: closing a team run",
)
STEP_NAMES = {
    "aggregate": "Aggregate",
    "blocks": "Blocks",
    "chart": "Chart (PNG)",
    "html": "Page (HTML)",
}


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def _latency(phase: PhaseResult) -> list[str]:
    values = phase.latencies
    return [ms(percentile(values, 50)), ms(percentile(values, 95)), ms(percentile(values, 99))]


def render(results: Results) -> str:
    lines = [HEADINGS[0], "", f"Machine: {results.machine}", ""]
    lines += [
        "Every process shares this machine: the bot (`readiness serve`, its own process), the "
        "floor (`python -m bench.bare_app`), the load generator (`python -m bench.load`, "
        "asyncio with keep-alive connections) and the harness, which runs the Slack stand-in. "
        "Command: "
        f"`{results.command}`.",
        "",
        results.postgres,
        "",
    ]
    lines += _clicks(results)
    lines += _floor(results)
    lines += _turnaround(results)
    lines += _cpu(results)
    lines += _startup(results)
    lines += _growth(results.growth)
    notes = _failure_notes(results) + results.notes
    if notes:
        lines += ["### Notes", ""] + [f"- {note}" for note in notes] + [""]
    return "\n".join(lines)


def _clicks(results: Results) -> list[str]:
    rows = []
    for level in results.clicks:
        ours = level.ours
        rows.append(
            [
                level.database,
                str(level.level.concurrency),
                str(level.level.respondents),
                count(len(ours.clicks)),
                count(ours.failed + ours.unsent),
                *_latency(ours),
                rate(ours.throughput),
            ]
        )
    return [
        HEADINGS[1],
        "",
        f"Each respondent answers all {QUESTIONS} questions in their DM: a signed `block_actions` "
        "to the bot's `/slack/events`, built from the question message the bot posted. Latency "
        "is from sending the request to receiving the bot's answer (the bot saves the answer "
        "before it acks). A respondent clicks as soon as its next question is on screen; "
        "clicks/s counts acks over the phase. Failed: not 2xx, no answer, or never sent because "
        "the respondent was stuck.",
        "",
        *_table(
            [
                "Database",
                "At once",
                "Respondents",
                "Clicks",
                "Failed",
                "p50 ms",
                "p95 ms",
                "p99 ms",
                "Clicks/s",
            ],
            rows,
        ),
        "",
    ]


def _floor(results: Results) -> list[str]:
    rows = []
    for level in results.clicks:
        ours, floor = level.ours, level.floor
        rows.append(
            [
                level.database,
                str(level.level.concurrency),
                count(len(floor.clicks)),
                count(floor.failed),
                *_latency(floor),
                rate(floor.throughput),
                ratio(percentile(ours.latencies, 50), percentile(floor.latencies, 50)),
                ratio(percentile(ours.latencies, 95), percentile(floor.latencies, 95)),
                ratio(ours.throughput, floor.throughput),
            ]
        )
    return [
        HEADINGS[2],
        "",
        "Measured right after each row above, by the same generator, on the very payloads that "
        "row sent (signed afresh), at the same concurrency. The floor posts no next question, so "
        "its respondents click again as soon as a click is acked. Ratios are ours ÷ floor: "
        "latency above 1× is time the bot adds, throughput below 1× is capacity it costs "
        "(including the time a respondent waits for the next question).",
        "",
        *_table(
            [
                "Database",
                "At once",
                "Clicks",
                "Failed",
                "p50 ms",
                "p95 ms",
                "p99 ms",
                "Clicks/s",
                "Ours ÷ floor p50",
                "p95",
                "Clicks/s",
            ],
            rows,
        ),
        "",
    ]


def _turnaround(results: Results) -> list[str]:
    rows = []
    for level in results.clicks:
        waits = level.turnaround
        rows.append(
            [
                level.database,
                str(level.level.concurrency),
                count(len(waits.next_question)),
                ms(percentile(waits.next_question, 50)),
                ms(percentile(waits.next_question, 95)),
                count(len(waits.profile)),
                ms(percentile(waits.profile, 50)),
                ms(percentile(waits.profile, 95)),
                count(waits.missing) + ("" if level.settled else " (not settled)"),
            ]
        )
    return [
        HEADINGS[3],
        "",
        "The wait a person feels: from the click being sent to the stand-in receiving the bot's "
        f"`chat.postMessage` of the next question in that DM. After question {QUESTIONS} the next "
        "thing "
        "is the person's profile (scored, with its chart drawn and uploaded after it).",
        "",
        *_table(
            [
                "Database",
                "At once",
                "Clicks",
                "Next question p50 ms",
                "p95 ms",
                "Profiles",
                "Profile p50 ms",
                "p95 ms",
                "Never posted",
            ],
            rows,
        ),
        "",
    ]


def _per_click(seconds: float, clicks: int) -> float:
    return seconds / clicks if clicks else math.nan


def _cpu(results: Results) -> list[str]:
    rows = []
    for level in results.clicks:
        acked, floor_acked = len(level.ours.acked), len(level.floor.acked)
        bot = _per_click(level.ours_cpu.server, acked)
        floor = _per_click(level.floor_cpu.server, floor_acked)
        rows.append(
            [
                level.database,
                str(level.level.concurrency),
                ms(bot),
                ms(floor),
                ratio(bot, floor),
                ms(_per_click(level.ours_cpu.stand_in, acked)),
                ms(_per_click(level.ours_cpu.load, acked)),
                rate(1 / bot if bot > 0 else math.nan),
            ]
        )
    return [
        HEADINGS[4],
        "",
        "CPU time (user + system) per acknowledged click, from the first click of a phase until "
        "the bot has finished what the clicks set off (next questions, profiles, charts, "
        "reports). Load generation is the generator process plus the harness's click broker. "
        "The last column is 1 s ÷ the bot's CPU per click: roughly the clicks per second one "
        "`readiness serve` process can take with a core to itself. Its Python code runs one "
        "thread at a time, so one worker gets little more than one core.",
        "",
        *_table(
            [
                "Database",
                "At once",
                "Bot ms",
                "Floor app ms",
                "Bot ÷ floor",
                "Slack stand-in ms",
                "Load generation ms",
                "One worker's ceiling, clicks/s",
            ],
            rows,
        ),
        "",
    ]


def _failure_notes(results: Results) -> list[str]:
    notes = []
    for level in results.clicks:
        where = f"{level.database}, {level.level.concurrency} at once"
        ours, floor = level.ours, level.floor
        if ours.failed or ours.unsent:
            note = f"{where}: {ours.failures()}."
            if level.missed_acks:
                note += (
                    f" The bot logged bolt's \"didn't call ack()\" {level.missed_acks} times: "
                    "the listener, which saves the answer before it acks, had not acked within "
                    "bolt's 3 s, so bolt answered 404 and Slack would show the person an error."
                )
            if level.turnaround.saved_after_failure:
                note += (
                    f" {level.turnaround.saved_after_failure} of the failed clicks were saved "
                    "all the same: their next question followed."
                )
            notes.append(note)
        if floor.failed:
            notes.append(f"{where}, the floor: {floor.failures()}.")
        if not level.settled:
            notes.append(f"{where}: the bot had not posted every report two minutes later.")
    return notes


def _startup(results: Results) -> list[str]:
    rows = [
        [
            startup.process,
            startup.database,
            str(len(startup.seconds)),
            secs(median(startup.seconds)),
            secs(min(startup.seconds, default=math.nan)),
            secs(max(startup.seconds, default=math.nan)),
        ]
        for startup in results.startups
    ]
    return [
        HEADINGS[5],
        "",
        "From starting the process to the first 2xx answer to a signed request (Slack's "
        "`url_verification`): imports, settings, the database check, `auth.test`, uvicorn.",
        "",
        *_table(["Process", "Database", "Starts", "Median s", "Fastest s", "Slowest s"], rows),
        "",
    ]


def _growth(rows: Sequence[GrowthRow]) -> list[str]:
    timed = []
    previous: GrowthRow | None = None
    for row in rows:
        aggregate = row.steps["aggregate"].seconds
        growth = "–"
        if previous is not None:
            size = row.respondents / previous.respondents
            cost = row.total_seconds / previous.total_seconds
            growth = f"×{cost:.1f} for ×{size:.0f} respondents"
        timed.append(
            [
                count(row.respondents),
                *(ms(row.steps[step].seconds) for step in STEPS),
                ms(row.total_seconds),
                f"{aggregate / row.respondents * 1e6:.1f}",
                growth,
            ]
        )
        previous = row
    memory = [
        [count(row.respondents), *(mib(row.steps[step].peak_bytes) for step in STEPS)]
        for row in rows
    ]
    return [
        HEADINGS[6],
        "",
        "Direct calls in a fresh process (`python -m bench.growth`), on synthetic members "
        f"(deterministic random answers to all {QUESTIONS} questions): "
        "aggregation (`score_team`), the channel message's blocks (`team_profile_message`), the "
        "radar chart (`radar_png`) and the printable page (`render_html`), with a previous run "
        "for the trend. Time: the fastest call over interleaved rounds after a warm-up (slower "
        "calls measure whatever else the machine was doing). Memory: peak Python heap "
        "during one call (`tracemalloc`), above what existed before it.",
        "",
        *_table(
            [
                "Respondents",
                *(f"{STEP_NAMES[step]} ms" for step in STEPS),
                "Total ms",
                "Aggregate µs per respondent",
                "Total vs previous row",
            ],
            timed,
        ),
        "",
        *_table(
            ["Respondents", *(f"{STEP_NAMES[step]} peak MiB" for step in STEPS)],
            memory,
        ),
        "",
    ]
