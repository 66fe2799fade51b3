"""`python -m bench [--quick] [--postgres URL]`: run every benchmark, print Markdown tables.

Progress goes to stderr, the tables to stdout (so `python -m bench > results.md` keeps just them).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from bench.processes import ServerFailed
from bench.report import render
from bench.run import FULL, QUICK, run

POSTGRES_ENV = "READINESS_TEST_POSTGRES_URL"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Benchmarks: answer-click latency and turnaround against two floors, "
        "CPU per click, start-up, growth, and issue 25's targets. Prints Markdown tables.",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="a small run of everything (a few seconds' load, growth at 10 and 100), for CI; "
        "targets it does not measure are said to be not measured",
    )
    parser.add_argument(
        "--postgres",
        metavar="URL",
        default=os.environ.get(POSTGRES_ENV) or None,
        help=f"also run on PostgreSQL, in a schema of its own (default: ${POSTGRES_ENV})",
    )
    args = parser.parse_args(argv)
    try:
        results = run(QUICK if args.quick else FULL, postgres_url=args.postgres)
    except (ServerFailed, RuntimeError) as failure:
        print(f"bench: failed: {failure}", file=sys.stderr)
        return 1
    print(render(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
