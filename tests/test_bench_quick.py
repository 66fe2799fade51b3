"""The benchmark harness runs end to end in its quick mode, so it cannot rot unnoticed; and its
Slack-work floor does the Slack work it stands for, so the bot is compared with what it claims.

Figures are printed by `python -m bench`, never asserted: timings depend on the machine, and a
test that failed on a slow CI runner would teach people to ignore it. This only checks that
every part ran and printed its table, both floors among them, and that every target got its
verdict line.
"""

from __future__ import annotations

import subprocess
import sys
from functools import partial
from pathlib import Path

from bench.clicks import QUESTIONS
from bench.processes import slack_work_command, start_server
from bench.report import HEADINGS, SERVERS
from bench.run import STACK_FLOOR
from bench.signing import DONE_TITLE
from bench.targets import TARGETS
from bot import ids
from bot.run_modes import answering
from standin import Message, SlackDriver, SlackStandIn

ROOT = Path(__file__).resolve().parent.parent
VERDICTS = (": met", ": not met", ": not measured (")


def test_quick_benchmark_runs_every_part_and_prints_its_tables() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--quick"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-4000:]
    out = done.stdout
    for heading in HEADINGS:
        assert heading in out, f"{heading!r} missing from:\n{out}"
    # Either the PostgreSQL rows ran or the output says why not.
    assert "PostgreSQL: ran on" in out or "PostgreSQL: skipped" in out
    # The bot and both floors have rows in the acknowledgement table, the bot and the
    # Slack-work floor in the turnaround table (the ack-only floor posts nothing).
    acks = _section(out, "### Answer clicks")
    turnaround = _section(out, "### Turnaround")
    for server in SERVERS:
        assert f"| {server} |" in acks, f"no {server} row in:\n{acks}"
    assert f"| {SERVERS[0]} |" in turnaround and f"| {SERVERS[2]} |" in turnaround, turnaround
    # A phase whose respondents read each question first has its rows too.
    assert "| 3, reading 0.05–0.1 s |" in turnaround, turnaround
    assert f"| {STACK_FLOOR} |" in _section(out, "### Start-up"), out
    # The floors did their part: no failed click, every last post made, no call the stand-in
    # refused.
    notes = _section(out, "### Notes")
    assert "floor:" not in notes and "had not made every last post" not in notes, notes
    assert "real Slack would refuse" not in out, out
    # Every target has its line, with a verdict (never a figure compared here).
    targets = _section(out, "### Targets").splitlines()
    for target in TARGETS:
        line = next((x for x in targets if x.startswith(f"- {target.name}: ")), None)
        assert line is not None, f"no line for {target.name!r} in:\n{targets}"
        assert any(verdict in line for verdict in VERDICTS), line


def _section(out: str, heading: str) -> str:
    """The text from `heading` to the next heading ("" when there is no such section)."""
    start = out.find(heading)
    if start < 0:
        return ""
    end = out.find("\n### ", start + len(heading))
    return out[start : end if end >= 0 else len(out)]


def test_the_slack_work_floor_collapses_each_answered_question_and_posts_the_next(
    standin: SlackStandIn, tmp_path: Path
) -> None:
    secret = "bench-floor-secret"
    floor = start_server(
        "Slack-work floor",
        slack_work_command(),
        standin=standin,
        secret=secret,
        extra_env={},
        workdir=tmp_path,
        log=tmp_path / "floor.log",
    )
    try:
        standin.add_user("UFLOOR", "floor-tester")
        dm = standin.dm_channel_id("UFLOOR")
        driver = SlackDriver(standin, floor.events_url, secret)
        assert driver.slash_command("UFLOOR", ids.COMMAND, channel_id=dm).status == 200
        for number in range(1, QUESTIONS + 1):
            question = answering.question_on_screen(standin, "UFLOOR", number, QUESTIONS)
            stage = number % 4 + 1
            chosen = answering.option_shown(question, stage)
            assert answering.pick(driver, "UFLOOR", question, stage).status == 200
            collapsed = standin.wait_for(
                partial(_edited, standin, dm, question.ts),
                5.0,
                description=f"question {number} collapsed",
            )
            shown = collapsed.blocks[0]["text"]["text"]
            assert f"Question {number} of {QUESTIONS}" in shown
            assert f"✅ *{chosen[1]}.*" in shown, shown
            assert answering.CHOOSE not in str(collapsed.blocks)
        standin.wait_for(
            lambda: _header(standin.state.timelines[dm][-1]) == DONE_TITLE,
            5.0,
            description="the done message",
        )
        # One message per question and the done message: nothing posted twice.
        assert len(standin.state.timelines[dm]) == QUESTIONS + 1
    finally:
        floor.stop()


def _edited(standin: SlackStandIn, channel: str, ts: str) -> Message | None:
    """The message at `ts` once it has been edited (None before)."""
    with standin.state.lock:
        message = next(m for m in standin.state.timelines[channel] if m.ts == ts)
    return message if message.edited_ts is not None else None


def _header(message: Message) -> str:
    return next((str(b["text"]["text"]) for b in message.blocks if b.get("type") == "header"), "")
