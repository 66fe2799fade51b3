"""The load generator: `python -m bench.load < plan.json`, in its own process, on asyncio with a
small keep-alive HTTP/1.1 client of its own (`bench.http1`).

It plays respondents clicking through the framework's questions and times each signed
`block_actions` request from the moment it is sent to the moment the HTTP answer is in. The plan
(JSON on stdin) says which of two ways:

- `respond`: each respondent asks the harness's click broker for its next click. The broker holds
  the Slack stand-in, waits until the question is on the person's screen and builds the request
  body with `SlackDriver`, exactly as a click in the stand-in would be. The generator signs it when
  it sends it. So a respondent clicks as soon as the bot has posted the next question, or, with
  `reading` in the plan ([low, high] seconds), after reading it for a time drawn evenly from that
  range (the same times for the n-th respondent of every phase, so a floor's respondents read as
  long as the bot's).
- `replay`: each respondent sends bodies recorded in an earlier `respond` run, back to back, signed
  afresh. This is how the floor (a bot that only acks and posts nothing) gets the same payloads.

`concurrency` respondents are in progress at any moment; the rest wait their turn. Results go to
stdout as JSON: one record per click (who, which question, wall-clock send time, latency, HTTP
status or the transport error), clicks never sent because their respondent got stuck, the
phase's elapsed time from the first click sent to the last answer received, and the CPU time the
generator spent on the phase (its start-up excluded).
"""

from __future__ import annotations

import asyncio
import json
import random
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from bench.http1 import Connection, HttpError
from bench.signing import FORM, signed_headers, signing_secret

BROKER_TIMEOUT = 60.0
"""How long a respondent waits for its next question before giving up on the rest."""
AFTER_FAILURE_WAIT = 10.0
"""How long a respondent whose click failed waits for the next question before giving up."""
ACK_TIMEOUT = 10.0


@dataclass
class ClickResult:
    user: str
    number: int
    sent_at: float
    """Wall-clock time (time.time()) just before the request was sent, for turnaround."""
    latency: float
    """Seconds from sending the request to receiving the whole HTTP answer."""
    status: int
    """The HTTP status; 0 when no answer came (the error says why)."""
    error: str | None = None


@dataclass
class Phase:
    clicks: list[ClickResult]
    unsent: int
    first_sent: float | None = None
    last_answered: float | None = None

    @property
    def elapsed(self) -> float:
        if self.first_sent is None or self.last_answered is None:
            return 0.0
        return self.last_answered - self.first_sent


class Generator:
    def __init__(self, plan: dict[str, Any], secret: str) -> None:
        self.plan = plan
        self.secret = secret
        self.bot_url: str = plan["bot_url"]
        self.concurrency = int(plan["concurrency"])
        self.phase = Phase(clicks=[], unsent=0)
        self.recorded: dict[str, list[str]] = {}

    async def run(self) -> Phase:
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        for position, respondent in enumerate(self.plan["respondents"]):
            queue.put_nowait({**respondent, "position": position})
        workers = [asyncio.create_task(self._worker(queue)) for _ in range(self.concurrency)]
        await asyncio.gather(*workers)
        return self.phase

    async def _worker(self, queue: asyncio.Queue[dict[str, Any]]) -> None:
        """One respondent at a time, each on this worker's own connections."""
        bot = Connection(self.bot_url, timeout=ACK_TIMEOUT)
        broker = Connection(self.plan.get("broker_url") or self.bot_url, timeout=BROKER_TIMEOUT + 5)
        try:
            while not queue.empty():
                respondent = queue.get_nowait()
                if self.plan["mode"] == "respond":
                    await self._respond(respondent, bot, broker)
                else:
                    await self._replay(respondent, bot)
        finally:
            await bot.close()
            await broker.close()

    async def _respond(
        self, respondent: dict[str, Any], bot: Connection, broker: Connection
    ) -> None:
        user: str = respondent["user"]
        stages: list[int] = respondent["stages"]
        bodies = self.recorded.setdefault(user, [])
        reading = self.plan.get("reading")
        reader = random.Random(respondent["position"])
        wait = BROKER_TIMEOUT
        for number, stage in enumerate(stages, start=1):
            body = await self._next_click(broker, user, number, stage, wait)
            if body is None:
                self.phase.unsent += len(stages) - number + 1
                return
            if reading:
                await asyncio.sleep(reader.uniform(*reading))
            bodies.append(body)
            result = await self._send(bot, user, number, body)
            # After an error a person waits a little for the next question (the bot may have
            # saved the answer anyway), then gives up on the rest.
            wait = BROKER_TIMEOUT if 200 <= result.status < 300 else AFTER_FAILURE_WAIT

    async def _replay(self, respondent: dict[str, Any], bot: Connection) -> None:
        for number, body in enumerate(respondent["bodies"], start=1):
            await self._send(bot, respondent["user"], number, body)

    async def _next_click(
        self, broker: Connection, user: str, number: int, stage: int, wait: float
    ) -> str | None:
        query = urlencode({"user": user, "n": str(number), "stage": str(stage), "wait": str(wait)})
        try:
            answer = await broker.request("GET", f"{self._broker_path}?{query}", {})
        except HttpError as error:
            print(f"broker: {user} question {number}: {error!r}", file=sys.stderr)
            return None
        if answer.status != 200:
            print(f"broker: {user} question {number}: {answer.body!r}", file=sys.stderr)
            return None
        return str(json.loads(answer.body)["body"])

    async def _send(self, bot: Connection, user: str, number: int, body: str) -> ClickResult:
        raw = body.encode("ascii")
        headers = signed_headers(self.secret, raw, FORM, int(time.time()))
        sent_at = time.time()
        started = time.perf_counter()
        status, error = 0, None
        try:
            answer = await bot.request("POST", urlsplit(self.bot_url).path, headers, raw)
            status = answer.status
        except HttpError as failure:
            error = str(failure)
        answered = time.perf_counter()
        if self.phase.first_sent is None or started < self.phase.first_sent:
            self.phase.first_sent = started
        if self.phase.last_answered is None or answered > self.phase.last_answered:
            self.phase.last_answered = answered
        result = ClickResult(
            user=user,
            number=number,
            sent_at=sent_at,
            latency=answered - started,
            status=status,
            error=error,
        )
        self.phase.clicks.append(result)
        return result

    @property
    def _broker_path(self) -> str:
        return str(urlsplit(self.plan["broker_url"]).path)


def main() -> int:
    plan = json.load(sys.stdin)
    generator = Generator(plan, signing_secret())
    cpu_before = time.process_time()
    phase = asyncio.run(generator.run())
    cpu = time.process_time() - cpu_before
    if plan.get("record"):
        Path(plan["record"]).write_text(json.dumps(generator.recorded), encoding="utf-8")
    json.dump(
        {
            "clicks": [asdict(click) for click in phase.clicks],
            "unsent": phase.unsent,
            "elapsed": phase.elapsed,
            "cpu": cpu,
        },
        sys.stdout,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
