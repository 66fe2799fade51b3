"""The benchmark harness runs end to end in its quick mode, so it cannot rot unnoticed.

Figures are printed by `python -m bench`, never asserted: timings depend on the machine, and a
test that failed on a slow CI runner would teach people to ignore it. This only checks that
every part ran and printed its table, both floors among them, and that every target got its
verdict line.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bench.report import HEADINGS, SERVERS
from bench.targets import TARGETS

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
