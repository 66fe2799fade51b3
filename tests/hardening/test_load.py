"""Load: 200 respondents answering at once through the HTTP endpoint of a `readiness serve`
process, on SQLite and on PostgreSQL: 3,000 answers stored exactly once, every click
acknowledged within Slack's three seconds, every next question posted once.

The load comes from the benchmark's own machinery (`bench/`): a load generator in its own
process clicking as fast as each question appears, against the Slack stand-in in this one."""

from __future__ import annotations

import secrets
from collections import Counter
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from bench.clicks import (
    QUESTIONS,
    ClickBroker,
    People,
    PhaseResult,
    call_count,
    calls_since,
    posts_by_conversation,
    respond_phase,
    wait_until_settled,
)
from bench.processes import (
    DatabaseTarget,
    Server,
    bot_command,
    postgres_database,
    sqlite_database,
    start_server,
    upgrade_database,
)
from standin import SlackStandIn
from storage.database import normalise_url, sqlite_url
from tests.conftest import POSTGRES_SKIP, postgres_url
from tests.hardening import tally
from tests.hardening.sizes import quick_and_full

ACK_DEADLINE = 3.0


@dataclass(frozen=True)
class Load:
    respondents: int
    rounds: int


def _target(kind: str, workdir: Path) -> AbstractContextManager[DatabaseTarget]:
    if kind == "sqlite":
        return sqlite_database(workdir)
    base = postgres_url()
    if base is None:
        pytest.skip(POSTGRES_SKIP)
    return postgres_database(base)


def _engine_url(target: DatabaseTarget) -> str:
    if "DATABASE_URL" in target.env:
        return normalise_url(target.env["DATABASE_URL"]).render_as_string(hide_password=False)
    return sqlite_url(Path(target.env["READINESS_SQLITE_PATH"])).render_as_string()


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
@pytest.mark.parametrize("load", quick_and_full(Load(100, 1), Load(200, 3)))
def test_two_hundred_at_once_every_ack_in_time_every_answer_once(
    standin: SlackStandIn, tmp_path: Path, kind: str, load: Load
) -> None:
    secret = secrets.token_hex(16)
    label = "SQLite" if kind == "sqlite" else "PostgreSQL"
    with (
        _target(kind, tmp_path) as target,
        ClickBroker(standin, secret).running() as broker,
    ):
        log = tmp_path / "bot.log"
        upgrade_database(target, workdir=tmp_path, log=log)
        bot = start_server(
            "readiness serve",
            bot_command(),
            standin=standin,
            secret=secret,
            extra_env=target.env,
            workdir=tmp_path,
            log=log,
        )
        people = People(standin, broker)
        try:
            phases = [_round(standin, people, bot, load, tmp_path) for _ in range(load.rounds)]
        finally:
            bot.stop()
        engine = create_engine(_engine_url(target))
        with engine.connect() as connection:
            stored = connection.execute(text("SELECT count(*) FROM answer")).scalar_one()
            changed = connection.execute(
                text("SELECT count(*) FROM answer WHERE revision > 1")
            ).scalar_one()
        engine.dispose()
    clicks = [c for phase, _ in phases for c in phase.clicks]
    acked = [c for c in clicks if 200 <= c["status"] < 300]
    late = [c for c in acked if c["latency"] > ACK_DEADLINE]
    expected = load.respondents * load.rounds * QUESTIONS
    posted_twice = sum(twice for _, twice in phases)
    lost = (expected - len(acked)) + max(len(acked) - stored, 0)
    duplicated = max(stored - len(acked), 0) + changed + posted_twice
    latencies = sorted(float(c["latency"]) for c in acked) or [0.0]
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    tally.record(
        f"Load ({label})",
        tried=len(clicks),
        lost=lost,
        duplicated=duplicated,
        note=f"{load.respondents} at once × {load.rounds}: {stored:,} answers stored, "
        f"ack p99 {p99:.2f} s, slowest {latencies[-1]:.2f} s, {len(late)} over 3 s",
    )
    assert (lost, duplicated) == (0, 0)
    assert not late, f"{len(late)} acks took over {ACK_DEADLINE} s; slowest {latencies[-1]:.2f} s"


def _round(
    standin: SlackStandIn, people: People, bot: Server, load: Load, workdir: Path
) -> tuple[PhaseResult, int]:
    """One wave of new respondents, all at once: the phase, and how many questions were
    posted twice in someone's DM."""
    broker = people.broker
    respondents = people.mint(load.respondents)
    people.start_conversations(respondents, bot.events_url)
    start = call_count(standin)
    phase = respond_phase(
        broker,
        respondents,
        bot_url=bot.events_url,
        concurrency=load.respondents,
        record=workdir / "clicks.json",
    )
    wait_until_settled(standin, start, phase, broker.dms)
    bot.check_alive()
    twice = 0
    for posts in posts_by_conversation(calls_since(standin, start)).values():
        kinds = Counter(kind for _, kind in posts)
        twice += sum(n - 1 for n in kinds.values() if n > 1)
    return phase, twice
