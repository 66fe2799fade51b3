"""Answer clicks: the harness's side. It owns the Slack stand-in and a click broker; the load
generator (`bench.load`, its own process) asks the broker for each click and times it.

Every click is a real one: the respondent's DM holds the question the bot posted, the broker
waits until it is on screen and builds the signed request's body with `SlackDriver.click`, the
same code the tests click with. Only the sending (and its timing) happens in the generator.

Turnaround, the wait a person feels, is from the click being sent (the generator's wall clock) to
the stand-in recording the bot's `chat.postMessage` of the next question in that DM (the
stand-in's call log, same clock); after the last question, to the profile being posted (on the
Slack-work floor, its "done" message).
"""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from bench.processes import child_env
from bench.signing import DONE_TITLE, SECRET_ENV
from bot import ids
from bot.run_modes import answering
from scoring import default_framework
from standin import Message, SlackDriver, SlackStandIn
from standin.records import JSON, Call
from standin.transport import BotTransport, Delivery, DriverResult

QUESTIONS = len(default_framework().questions)
"""How many questions each respondent clicks through: as many as the framework asks."""
QUESTION_TITLE = re.compile(r"^Question (\d+) of \d+")
PROFILE_TITLE = "Your Outcome Readiness profile"
REPORT_TITLE = "Full report"
SETUP_TIMEOUT = 30.0
SETTLE_TIMEOUT = 120.0


# --------------------------------------------------------------------------- watching the DMs


class PostWatch:
    """Wakes whoever waits on a conversation when the bot has posted or changed a message in it.

    One thread reads the stand-in's call log every millisecond. The stand-in handles each Web API
    call under its lock, so a call seen in the log has been fully applied.
    """

    def __init__(self, standin: SlackStandIn) -> None:
        self._state = standin.state
        self._seen = 0
        self.cpu_seconds = 0.0
        """CPU time this watcher's thread has used: load-generation work, not the stand-in's."""
        self._lock = threading.Lock()
        self._versions: dict[str, int] = {}
        self._conditions: dict[str, threading.Condition] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="post-watch", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def version(self, channel: str) -> int:
        with self._lock:
            return self._versions.get(channel, 0)

    def wait_past(self, channel: str, version: int, timeout: float) -> None:
        with self._lock:
            condition = self._conditions.setdefault(channel, threading.Condition(self._lock))
            condition.wait_for(lambda: self._versions.get(channel, 0) > version, timeout)

    def _run(self) -> None:
        while not self._stop.wait(0.001):
            self.cpu_seconds = time.thread_time()
            with self._state.lock:
                new = self._state.calls[self._seen :]
                self._seen += len(new)
            channels = {c.args.get("channel") for c in new if c.method.startswith("chat.")}
            if not channels:
                continue
            with self._lock:
                for channel in channels:
                    if isinstance(channel, str):
                        self._versions[channel] = self._versions.get(channel, 0) + 1
                        if channel in self._conditions:
                            self._conditions[channel].notify_all()


def _title(blocks: Any) -> str:
    """The first header block's text of a message's blocks (a list, or its JSON in a form post)."""
    if isinstance(blocks, str):
        try:
            blocks = json.loads(blocks)
        except ValueError:
            return ""
    if isinstance(blocks, list):
        # The first header: on question 1 the role select comes above it.
        for block in blocks:
            if isinstance(block, dict) and block.get("type") == "header":
                return str((block.get("text") or {}).get("text", ""))
    return ""


def _question_number(blocks: Any) -> int | None:
    found = QUESTION_TITLE.match(_title(blocks))
    return int(found.group(1)) if found else None


def _offers_pick(blocks: list[JSON]) -> bool:
    return any((b.get("accessory") or {}).get("action_id") == ids.PICK for b in blocks)


# --------------------------------------------------------------------------- the click broker


class _CapturedClick(BotTransport):
    """Takes the body `SlackDriver` would send instead of sending it."""

    def __init__(self) -> None:
        super().__init__("http://127.0.0.1:9/unused", "unused")
        self.body = b""

    def send(
        self, body: bytes, content_type: str, *, delivery: Delivery | None = None
    ) -> DriverResult:
        self.body = body
        return DriverResult(status=200, headers={}, body="", json=None, elapsed=0.0)


class _BrokerServer(ThreadingHTTPServer):
    daemon_threads = True
    # Every respondent may be waiting on the broker at once; the default backlog of 5 would
    # reset connections (and strand respondents) at a few hundred.
    request_queue_size = 1024


class ClickBroker:
    """Hands the load generator each respondent's next click once its question is on screen."""

    def __init__(self, standin: SlackStandIn, secret: str) -> None:
        self.standin = standin
        self.secret = secret
        self.watch = PostWatch(standin)
        self.dms: dict[str, str] = {}
        self._server: ThreadingHTTPServer | None = None
        self._cpu_lock = threading.Lock()
        self._handler_cpu = 0.0

    def cpu_seconds(self) -> float:
        """CPU time the broker has used so far (its request handlers and its watcher): the
        harness's share of generating load, to tell apart from the stand-in's."""
        with self._cpu_lock:
            return self._handler_cpu + self.watch.cpu_seconds

    def _count_cpu(self, seconds: float) -> None:
        with self._cpu_lock:
            self._handler_cpu += seconds

    @property
    def url(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/click"

    @contextmanager
    def running(self) -> Iterator[ClickBroker]:
        broker = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                started = time.thread_time()
                try:
                    self._answer()
                finally:
                    broker._count_cpu(time.thread_time() - started)

            def _answer(self) -> None:
                query = parse_qs(urlsplit(self.path).query)
                try:
                    body = broker.click_body(
                        query["user"][0],
                        int(query["n"][0]),
                        int(query["stage"][0]),
                        timeout=float(query.get("wait", ["30"])[0]),
                    )
                    status, answer = 200, {"body": body}
                except TimeoutError as error:
                    status, answer = 504, {"error": str(error)}
                except (AssertionError, LookupError, ValueError) as error:
                    status, answer = 409, {"error": repr(error)}
                raw = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def log_message(self, format: str, *args: Any) -> None:
                """Quiet."""

        server = _BrokerServer(("127.0.0.1", 0), Handler)
        self._server = server
        thread = threading.Thread(target=server.serve_forever, name="click-broker", daemon=True)
        thread.start()
        self.watch.start()
        try:
            yield self
        finally:
            self.watch.stop()
            server.shutdown()
            server.server_close()
            thread.join(timeout=5)

    def question_on_screen(self, user: str, number: int, timeout: float) -> Message:
        channel = self.dms[user]
        deadline = time.monotonic() + timeout
        while True:
            version = self.watch.version(channel)
            message = self._live_question(channel, number)
            if message is not None:
                return message
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"question {number} never appeared in {user}'s DM")
            self.watch.wait_past(channel, version, remaining)

    def _live_question(self, channel: str, number: int) -> Message | None:
        state = self.standin.state
        with state.lock:
            for message in reversed(state.timelines.get(channel, [])[-6:]):
                if message.deleted:
                    continue
                if _question_number(message.blocks) == number and _offers_pick(message.blocks):
                    return message
        return None

    def click_body(self, user: str, number: int, stage: int, *, timeout: float) -> str:
        """The request body of `user` choosing `stage` on question `number`, once it is shown."""
        message = self.question_on_screen(user, number, timeout)
        driver = SlackDriver(self.standin, "http://127.0.0.1:9/unused", self.secret)
        capture = _CapturedClick()
        driver.transport = capture
        answering.pick(driver, user, message, stage)
        return capture.body.decode("ascii")


# --------------------------------------------------------------------------- respondents


@dataclass(frozen=True)
class Respondent:
    user: str
    stages: tuple[int, ...]


class People:
    """Mints respondents with deterministic answers and starts their conversations."""

    def __init__(self, standin: SlackStandIn, broker: ClickBroker, seed: int = 20) -> None:
        self.standin = standin
        self.broker = broker
        self._random = random.Random(seed)
        self._next = 0

    def mint(self, count: int) -> list[Respondent]:
        people = []
        for _ in range(count):
            self._next += 1
            user = f"UBENCH{self._next:05d}"
            self.standin.add_user(user, f"bench{self._next}")
            self.broker.dms[user] = self.standin.dm_channel_id(user)
            stages = tuple(self._random.randint(1, 4) for _ in range(QUESTIONS))
            people.append(Respondent(user, stages))
        return people

    def twins(self, people: Sequence[Respondent]) -> list[Respondent]:
        """New respondents who will give the same answers as `people`: for a floor, so it is
        clicked through the same choices as the bot was."""
        twins = []
        for person in people:
            (twin,) = self.mint(1)
            twins.append(Respondent(twin.user, person.stages))
        return twins

    def start_conversations(self, people: Sequence[Respondent], bot_url: str) -> None:
        """Each person types `/readiness` in their DM; returns once every DM shows question 1."""
        driver = SlackDriver(self.standin, bot_url, self.broker.secret)

        def start(person: Respondent) -> None:
            dm = self.broker.dms[person.user]
            result = driver.slash_command(person.user, ids.COMMAND, channel_id=dm)
            if result.status != 200:
                raise RuntimeError(f"/readiness for {person.user}: HTTP {result.status}")
            self.broker.question_on_screen(person.user, 1, SETUP_TIMEOUT)

        with ThreadPoolExecutor(max_workers=8) as pool:
            list(pool.map(start, people))


# --------------------------------------------------------------------------- phases


@dataclass
class PhaseResult:
    """One run of the load generator: every click it sent, and how long the phase took."""

    clicks: list[dict[str, Any]]
    unsent: int
    elapsed: float
    cpu: float
    """CPU seconds the load generator spent on the phase."""

    @property
    def acked(self) -> list[dict[str, Any]]:
        return [c for c in self.clicks if 200 <= c["status"] < 300]

    @property
    def failed(self) -> int:
        return len(self.clicks) - len(self.acked)

    @property
    def latencies(self) -> list[float]:
        return [float(c["latency"]) for c in self.acked]

    def failures(self) -> str:
        """What went wrong, counted: e.g. "33 × HTTP 404, 2 × ReadTimeout, 4 never sent"."""
        kinds = Counter(
            f"HTTP {c['status']}" if c["status"] else str(c["error"])
            for c in self.clicks
            if not 200 <= c["status"] < 300
        )
        parts = [f"{n} × {kind}" for kind, n in kinds.most_common()]
        if self.unsent:
            parts.append(f"{self.unsent} never sent")
        return ", ".join(parts)

    @property
    def throughput(self) -> float:
        return len(self.acked) / self.elapsed if self.elapsed > 0 else float("nan")


def run_generator(plan: dict[str, Any], secret: str) -> PhaseResult:
    """Run `python -m bench.load` with `plan`; its JSON answer becomes a PhaseResult."""
    done = subprocess.run(
        [sys.executable, "-m", "bench.load"],
        input=json.dumps(plan).encode(),
        capture_output=True,
        env=child_env({SECRET_ENV: secret}),
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(
            f"the load generator failed ({done.returncode}):\n"
            + done.stderr.decode(errors="replace")[-4000:]
        )
    answer = json.loads(done.stdout)
    return PhaseResult(
        clicks=answer["clicks"],
        unsent=answer["unsent"],
        elapsed=answer["elapsed"],
        cpu=answer["cpu"],
    )


def respond_phase(
    broker: ClickBroker,
    people: Sequence[Respondent],
    *,
    bot_url: str,
    concurrency: int,
    record: Path,
    reading: tuple[float, float] | None = None,
) -> PhaseResult:
    """`reading`: seconds each respondent reads a question before clicking (see `Level`)."""
    plan = {
        "mode": "respond",
        "bot_url": bot_url,
        "broker_url": broker.url,
        "concurrency": concurrency,
        "respondents": [{"user": p.user, "stages": list(p.stages)} for p in people],
        "record": str(record),
        "reading": list(reading) if reading else None,
    }
    return run_generator(plan, broker.secret)


def replay_phase(record: Path, *, bot_url: str, concurrency: int, secret: str) -> PhaseResult:
    bodies: dict[str, list[str]] = json.loads(record.read_text(encoding="utf-8"))
    plan = {
        "mode": "replay",
        "bot_url": bot_url,
        "concurrency": concurrency,
        "respondents": [{"user": user, "bodies": sent} for user, sent in bodies.items()],
    }
    return run_generator(plan, secret)


# --------------------------------------------------------------------------- turnaround


@dataclass
class Turnaround:
    next_question: list[float] = field(default_factory=list)
    profile: list[float] = field(default_factory=list)
    missing: int = 0
    """Acked clicks whose next question (or profile) was never posted."""
    saved_after_failure: int = 0
    """Failed clicks (not 2xx) whose next question (or profile) was posted all the same."""


def posts_by_conversation(calls: Sequence[Call]) -> dict[str, list[tuple[float, str]]]:
    """Per conversation, what the bot posted and when: `q<n>`, `profile` or `report`, or the
    Slack-work floor's `done` (the hardening suite counts these too, to catch anything posted
    twice)."""
    posts: dict[str, list[tuple[float, str]]] = {}
    for call in calls:
        if call.method != "chat.postMessage" or call.error:
            continue
        title = _title(call.args.get("blocks"))
        number = QUESTION_TITLE.match(title)
        kind = (
            f"q{number.group(1)}"
            if number
            else "profile"
            if title.startswith(PROFILE_TITLE)
            else "report"
            if title.startswith(REPORT_TITLE)
            else "done"
            if title == DONE_TITLE
            else ""
        )
        if kind:
            posts.setdefault(str(call.args.get("channel")), []).append((call.at, kind))
    return posts


def turnaround(
    calls: Sequence[Call], phase: PhaseResult, dms: dict[str, str], *, last: str = "profile"
) -> Turnaround:
    """`last`: what follows the last question's click (`profile` from the bot, `done` from the
    Slack-work floor)."""
    posts = posts_by_conversation(calls)
    result = Turnaround()
    for click in phase.clicks:
        number = int(click["number"])
        wanted = last if number == QUESTIONS else f"q{number + 1}"
        sent_at = float(click["sent_at"])
        shown = next(
            (
                at
                for at, kind in posts.get(dms[click["user"]], [])
                if kind == wanted and at >= sent_at
            ),
            None,
        )
        if not 200 <= click["status"] < 300:
            result.saved_after_failure += shown is not None
        elif shown is None:
            result.missing += 1
        elif number == QUESTIONS:
            result.profile.append(shown - sent_at)
        else:
            result.next_question.append(shown - sent_at)
    return result


def calls_since(standin: SlackStandIn, start: int) -> list[Call]:
    """The stand-in's call log from index `start` (the records themselves, not copies)."""
    with standin.state.lock:
        return list(standin.state.calls[start:])


def call_count(standin: SlackStandIn) -> int:
    with standin.state.lock:
        return len(standin.state.calls)


def wait_until_settled(
    standin: SlackStandIn,
    start: int,
    phase: PhaseResult,
    dms: dict[str, str],
    *,
    final: str = "report",
) -> bool:
    """Wait until every respondent who finished has had their last post (`final`: the bot's full
    report, the Slack-work floor's `done`): the work after the last ack, so the next measurement
    starts on a quiet server."""
    waiting = {dms[c["user"]] for c in phase.acked if c["number"] == QUESTIONS}
    seen = start

    def settled() -> bool:
        nonlocal seen
        new = calls_since(standin, seen)
        seen += len(new)
        for channel, posts in posts_by_conversation(new).items():
            if any(kind == final for _, kind in posts):
                waiting.discard(channel)
        return not waiting

    return _poll(settled, SETTLE_TIMEOUT)


def _poll(check: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True
