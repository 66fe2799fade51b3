"""The benchmark harness runs end to end in its quick mode, so it cannot rot unnoticed.

Figures are printed by `python -m bench`, never asserted: timings depend on the machine, and a
test that failed on a slow CI runner would teach people to ignore it. This only checks that
every part ran and printed its table.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bench.report import HEADINGS

ROOT = Path(__file__).resolve().parent.parent


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
    for heading in HEADINGS:
        assert heading in done.stdout, f"{heading!r} missing from:\n{done.stdout}"
    # Either the PostgreSQL rows ran or the output says why not.
    assert "PostgreSQL: ran on" in done.stdout or "PostgreSQL: skipped" in done.stdout
