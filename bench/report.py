"""The results as Markdown: the tables `python -m bench` prints and docs/benchmarks.md keeps."""

from __future__ import annotations

import math
from collections.abc import Sequence

from bench.clicks import QUESTIONS, PhaseResult
from bench.growth import STEPS, GrowthRow, growth_per_tenfold
from bench.run import ACK_FLOOR, BOT, WORK_FLOOR, LevelResult, Measured, Results
from bench.stats import count, median, mib, ms, percentile, rate, ratio, secs
from bench.targets import TARGETS, judged, whole_close
from bench.tls_calls import TlsCalls

HEADINGS = (
    "## Outcome Readiness benchmarks",
    "### Answer clicks: acknowledgement",
    "### Turnaround: click to next question",
    "### Where the CPU goes",
    "### Start-up",
    "### Growth: closing a team run",
    "### Web API calls over TLS",
    "### Targets",
)
SERVERS = (BOT, ACK_FLOOR, WORK_FLOOR)
"""Every table has the bot and the floors it is measured against."""
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
    return [
        ms(percentile(values, 50)),
        ms(percentile(values, 95)),
        ms(percentile(values, 99)),
        ms(max(values, default=math.nan)),
    ]


def render(results: Results) -> str:
    lines = [HEADINGS[0], "", f"Machine: {results.machine}", ""]
    lines += [
        "Every process shares this machine: the bot (`readiness serve`, its own process), two "
        "floors, the load generator (`python -m bench.load`, asyncio with keep-alive "
        "connections) and the harness, which runs the Slack stand-in (HTTP/1.1 with "
        "keep-alive, as Slack's API; the bot and the floors keep their connections to it). The "
        "floors are bolt apps built and served exactly as the bot is (same ASGI handler, "
        "threads and settings): the "
        f"**{ACK_FLOOR}** (`python -m bench.bare_app`) only acks, so the bot over it is "
        f"everything the bot does; the **{WORK_FLOOR}** (`python -m bench.slack_work_app`) "
        "does the Slack side of a click as the bot does (ack, collapse the question with "
        "`chat.update`, post the next with `chat.postMessage`, a short message after the last) "
        "with no database, so the bot over it is what the bot's own work costs. Command: "
        f"`{results.command}`.",
        "",
        results.postgres,
        "",
    ]
    lines += _clicks(results)
    lines += _turnaround(results)
    lines += _cpu(results)
    lines += _startup(results)
    lines += _growth(results.growth)
    lines += _tls_calls(results.tls_calls)
    notes = _failure_notes(results) + results.notes
    if notes:
        lines += ["### Notes", ""] + [f"- {note}" for note in notes] + [""]
    lines += _targets(results)
    return "\n".join(lines)


def _measured(level: LevelResult) -> dict[str, Measured]:
    return {BOT: level.bot, ACK_FLOOR: level.ack_floor, WORK_FLOOR: level.work_floor}


def _clicks(results: Results) -> list[str]:
    rows = []
    for level in results.clicks:
        ours = level.bot.phase
        for server, measured in _measured(level).items():
            phase = measured.phase
            over = server != BOT
            rows.append(
                [
                    level.database,
                    level.level.label,
                    server,
                    count(len(phase.clicks)),
                    count(phase.failed + phase.unsent),
                    *_latency(phase),
                    rate(phase.throughput),
                    _ratio_of(over, ours.latencies, phase.latencies, 50),
                    _ratio_of(over, ours.latencies, phase.latencies, 95),
                    ratio(ours.throughput, phase.throughput) if over else "",
                ]
            )
    return [
        HEADINGS[1],
        "",
        f"Each respondent answers all {QUESTIONS} questions in their DM: a signed `block_actions` "
        "to the server's `/slack/events`, built from the question message on screen. Latency "
        "is from sending the request to receiving the answer (the bot saves the answer before "
        "it acks). A respondent clicks as soon as its next question is on screen, or, where "
        'the row says "reading", after reading it for a time drawn evenly from that range, '
        "as people at a kickoff do; clicks/s counts acks over the phase. Failed: not 2xx, no "
        "answer, or never sent because the respondent was stuck. After each row on the bot, at "
        "the same concurrency: the "
        f"{ACK_FLOOR} is sent the very payloads the bot was sent (signed afresh) back to back, "
        f"as it posts no next question; the {WORK_FLOOR}'s respondents give the same answers "
        "and click as they do on the bot's, when the next question appears. Ratios are bot ÷ "
        "that floor: latency above 1× is time the bot adds, throughput below 1× is capacity it "
        "costs (including the wait for the next question).",
        "",
        *_table(
            [
                "Database",
                "At once",
                "Server",
                "Clicks",
                "Failed",
                "p50 ms",
                "p95 ms",
                "p99 ms",
                "Max ms",
                "Clicks/s",
                "Bot ÷ floor p50",
                "p95",
                "Clicks/s",
            ],
            rows,
        ),
        "",
    ]


def _ratio_of(over: bool, ours: Sequence[float], floor: Sequence[float], q: float) -> str:
    return ratio(percentile(ours, q), percentile(floor, q)) if over else ""


def _turnaround(results: Results) -> list[str]:
    rows = []
    for level in results.clicks:
        ours = level.bot.turnaround
        for server, measured in _measured(level).items():
            waits = measured.turnaround
            if waits is None or ours is None:
                continue
            over = server != BOT
            rows.append(
                [
                    level.database,
                    level.level.label,
                    server,
                    count(len(waits.next_question)),
                    ms(percentile(waits.next_question, 50)),
                    ms(percentile(waits.next_question, 95)),
                    count(len(waits.profile)),
                    ms(percentile(waits.profile, 50)),
                    ms(percentile(waits.profile, 95)),
                    count(waits.missing) + ("" if measured.settled else " (not settled)"),
                    _ratio_of(over, ours.next_question, waits.next_question, 95),
                    _ratio_of(over, ours.profile, waits.profile, 95),
                ]
            )
    return [
        HEADINGS[2],
        "",
        "The wait a person feels: from the click being sent to the stand-in receiving the "
        f"`chat.postMessage` of the next question in that DM. After question {QUESTIONS} the "
        "next thing is, from the bot, the person's profile (scored, with its chart drawn and "
        f"uploaded after it); from the {WORK_FLOOR}, a short message saying it is done. The "
        f"{ACK_FLOOR} posts nothing, so has no row here.",
        "",
        *_table(
            [
                "Database",
                "At once",
                "Server",
                "Clicks",
                "Next question p50 ms",
                "p95 ms",
                "Last clicks",
                "Profile (floor: done) p50 ms",
                "p95 ms",
                "Never posted",
                "Bot ÷ floor next p95",
                "Profile p95",
            ],
            rows,
        ),
        "",
    ]


def _per_click(measured: Measured) -> float:
    acked = len(measured.phase.acked)
    return measured.cpu.server / acked if acked else math.nan


def _cpu(results: Results) -> list[str]:
    rows = []
    for level in results.clicks:
        bot = _per_click(level.bot)
        ack_floor = _per_click(level.ack_floor)
        work_floor = _per_click(level.work_floor)
        acked = len(level.bot.phase.acked)
        rows.append(
            [
                level.database,
                level.level.label,
                ms(bot),
                ms(ack_floor),
                ratio(bot, ack_floor),
                ms(work_floor),
                ratio(bot, work_floor),
                ms(level.bot.cpu.stand_in / acked if acked else math.nan),
                ms(level.bot.cpu.load / acked if acked else math.nan),
                rate(1 / bot if bot > 0 else math.nan),
            ]
        )
    return [
        HEADINGS[3],
        "",
        "CPU time (user + system) per acknowledged click, from the first click of a phase until "
        "the server has finished what the clicks set off (for the bot: next questions, "
        f"profiles, charts, reports; for the {WORK_FLOOR}: its updates and posts). The Slack "
        "stand-in and load generation columns are the bot's phase; load generation is the "
        "generator process plus the harness's click broker. The last column is 1 s ÷ the bot's "
        "CPU per click: roughly the clicks per second one `readiness serve` process can take "
        "with a core to itself. Its Python code runs one thread at a time, so one worker gets "
        "little more than one core.",
        "",
        *_table(
            [
                "Database",
                "At once",
                "Bot ms",
                f"{ACK_FLOOR.capitalize()} ms",
                "Bot ÷ ack-only",
                f"{WORK_FLOOR} ms",
                "Bot ÷ Slack-work",
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
        where = f"{level.database}, {level.level.label} at once"
        ours = level.bot
        if ours.phase.failed or ours.phase.unsent:
            note = f"{where}: {ours.phase.failures()}."
            if level.missed_acks:
                note += (
                    f" The bot logged bolt's \"didn't call ack()\" {level.missed_acks} times: "
                    "the listener, which saves the answer before it acks, had not acked within "
                    "bolt's 3 s, so bolt answered 404 and Slack would show the person an error."
                )
            if ours.turnaround is not None and ours.turnaround.saved_after_failure:
                note += (
                    f" {ours.turnaround.saved_after_failure} of the failed clicks were saved "
                    "all the same: their next question followed."
                )
            notes.append(note)
        for server, floor in ((ACK_FLOOR, level.ack_floor), (WORK_FLOOR, level.work_floor)):
            if floor.phase.failed or floor.phase.unsent:
                notes.append(f"{where}, the {server}: {floor.phase.failures()}.")
            if not floor.settled:
                notes.append(f"{where}: the {server} had not made every last post in time.")
        if not ours.settled:
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
        HEADINGS[4],
        "",
        "From starting the process to the first 2xx answer to a signed request (Slack's "
        "`url_verification`): imports, settings, the database check, `auth.test`, uvicorn; "
        "the project's modules compiled beforehand, as an installed bot's are after its first "
        "start. "
        f"The {WORK_FLOOR} also loads the framework (for its questions' words). The "
        f"{ACK_FLOOR} with SQLAlchemy's ORM and pydantic-settings imported first is only "
        "started: no bot on the product card's stack can answer sooner than it does.",
        "",
        *_table(["Process", "Database", "Starts", "Median s", "Fastest s", "Slowest s"], rows),
        "",
    ]


def _tls_calls(measured: TlsCalls | None) -> list[str]:
    if measured is None:
        return [HEADINGS[6], "", "Not measured.", ""]
    new, kept = measured.new_connection, measured.kept_connection
    rows = [
        [
            "A new connection per call (slack_sdk as it comes)",
            ms(new.cpu_seconds),
            ms(new.wall_seconds),
        ],
        [
            "The connection kept (the bot and both floors)",
            ms(kept.cpu_seconds),
            ms(kept.wall_seconds),
        ],
        [
            "New ÷ kept",
            ratio(new.cpu_seconds, kept.cpu_seconds),
            ratio(new.wall_seconds, kept.wall_seconds),
        ],
    ]
    return [
        HEADINGS[6],
        "",
        "Slack's Web API is HTTPS; the stand-in above is plain HTTP, so the click figures carry "
        "no TLS. Here (`python -m bench.tls_calls`, a fresh process) the same "
        f"`chat.postMessage` is sent {measured.calls} times through slack_sdk's `WebClient` to "
        "an HTTPS server on loopback (HTTP/1.1, a self-signed P-256 certificate), each way. CPU: "
        "the calling thread's alone; wall time: on loopback, where Slack adds two round trips "
        "for every new connection. A click makes two calls; the last one more (the profile, its "
        "chart and App Home).",
        "",
        *_table(["Web API call over TLS", "CPU ms per call", "Wall ms per call"], rows),
        "",
    ]


def _targets(results: Results) -> list[str]:
    return [
        HEADINGS[7],
        "",
        "Issue 25's targets, each judged on the figure this run measured (CPU per click: every "
        "phase on that database together, those whose respondents read first left out), with a "
        "floor's figure beside it where a floor alone comes near the limit. The kickoff lines "
        "are not the issue's measure: they hold its limits for 50 at once against 50 people who "
        "read each question before clicking, as people at a kickoff do.",
        "",
        *(judged(target, results) for target in TARGETS),
        "",
    ]


def _step_name(step: str) -> str:
    """A step's column name (a step `bench.growth` adds gets one from its own name)."""
    return STEP_NAMES.get(step, step.replace("_", " ").capitalize())


def _growth(rows: Sequence[GrowthRow]) -> list[str]:
    steps = STEPS
    timed = []
    previous: GrowthRow | None = None
    for row in rows:
        aggregate = row.steps["aggregate"].seconds
        growth = "–"
        if previous is not None and previous.respondents < row.respondents:
            growth = f"×{growth_per_tenfold(previous, row)['total']:.1f}"
        timed.append(
            [
                count(row.respondents),
                *(ms(row.steps[step].seconds) for step in steps),
                ms(whole_close(row)),
                f"{aggregate / row.respondents * 1e6:.1f}",
                growth,
            ]
        )
        previous = row
    memory = [
        [count(row.respondents), *(mib(row.steps[step].peak_bytes) for step in steps)]
        for row in rows
    ]
    return [
        HEADINGS[5],
        "",
        "Direct calls in a fresh process (`python -m bench.growth`), on synthetic members "
        f"(deterministic random answers to all {QUESTIONS} questions): "
        "aggregation (`score_team`), the channel message's blocks (`team_profile_message`), the "
        "radar chart (`radar_png`) and the printable page (`render_html`), with a previous run "
        "for the trend. Whole close: all four, one after another, as closing a team run does "
        "them; its growth from the row before is scaled to ten times the respondents "
        "(`bench.growth.growth_per_tenfold`: ×10 is linear, less is better). Time: the "
        "fastest call over interleaved rounds after a warm-up (slower calls measure whatever "
        "else the machine was doing). Memory: peak Python heap during one call "
        "(`tracemalloc`), above what existed before it.",
        "",
        *_table(
            [
                "Respondents",
                *(f"{_step_name(step)} ms" for step in steps),
                "Whole close ms",
                "Aggregate µs per respondent",
                "Whole close per ×10 respondents",
            ],
            timed,
        ),
        "",
        *_table(
            ["Respondents", *(f"{_step_name(step)} peak MiB" for step in steps)],
            memory,
        ),
        "",
    ]
