"""Benchmarks: how fast a click is answered, how far one worker goes, how cost grows, and how
that measures up to issue 25's targets.

`python -m bench` runs everything and prints Markdown tables (`--quick` is the small version CI
runs; `--postgres URL` adds PostgreSQL). Five processes take part: this harness (which owns the
Slack stand-in), the bot under test (`readiness serve`), two floors served exactly as the bot is
(`python -m bench.bare_app`, a bolt app that only acks, and `python -m bench.slack_work_app`, one
that does the bot's Slack work with no database) and the load generator (`python -m bench.load`,
asyncio with a small HTTP/1.1 client of its own, `bench.http1`). Figures are printed, never
asserted; `bench.targets` judges them against the targets.
"""
