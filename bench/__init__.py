"""Benchmarks: how fast a click is answered, how far one worker goes, how cost grows.

`python -m bench` runs everything and prints Markdown tables (`--quick` is the small version CI
runs; `--postgres URL` adds PostgreSQL). Four processes take part: this harness (which owns the
Slack stand-in), the bot under test (`readiness serve`), the floor (`python -m bench.bare_app`, a
bolt app that only acks) and the load generator (`python -m bench.load`, asyncio with a small
HTTP/1.1 client of its own, `bench.http1`). Figures
are printed, never asserted.
"""
