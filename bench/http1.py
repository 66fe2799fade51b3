"""A small HTTP/1.1 client on asyncio streams, for the load generator.

httpx costs the generator about 4 ms of CPU per click, and on a two-core machine that CPU comes
out of the bot's share and shows up in the bot's latency figures. This client does only what the
generator needs — one keep-alive connection per respondent, a request, the status and the body —
for a fraction of that.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

IDLE_SECONDS = 2.0
"""A connection idle longer than this is replaced rather than reused: uvicorn closes idle ones
after 5 s, and a request sent as the server closes the connection would be lost."""


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes


class HttpError(Exception):
    """The exchange failed (connection refused or reset, timeout, malformed answer)."""


class Connection:
    """One keep-alive connection to a server (`http://host:port`), used by one task at a time."""

    def __init__(self, url: str, *, timeout: float) -> None:
        parts = urlsplit(url)
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or 80
        self.timeout = timeout
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None
        self._last_used = 0.0

    async def request(
        self, method: str, target: str, headers: dict[str, str], body: bytes = b""
    ) -> Answer:
        try:
            return await asyncio.wait_for(
                self._exchange(method, target, headers, body), self.timeout
            )
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError) as error:
            await self.close()
            raise HttpError(type(error).__name__) from error

    async def _exchange(
        self, method: str, target: str, headers: dict[str, str], body: bytes
    ) -> Answer:
        if self._writer is None or time.monotonic() - self._last_used > IDLE_SECONDS:
            await self.close()
            self._reader, self._writer = await asyncio.open_connection(self.host, self.port)
        reader, writer = self._reader, self._writer
        assert reader is not None
        lines = [f"{method} {target} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        lines.append(f"Content-Length: {len(body)}")
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
        await writer.drain()
        status_line = await reader.readuntil(b"\r\n")
        status = int(status_line.split(b" ", 2)[1])
        length: int | None = None
        chunked = close = False
        while (line := await reader.readuntil(b"\r\n")) != b"\r\n":
            name, _, value = line.decode("latin-1").partition(":")
            name, value = name.strip().lower(), value.strip().lower()
            if name == "content-length":
                length = int(value)
            elif name == "transfer-encoding" and "chunked" in value:
                chunked = True
            elif name == "connection" and value == "close":
                close = True
        if chunked:
            content = await _read_chunked(reader)
        elif length is not None:
            content = await reader.readexactly(length)
        else:
            content, close = await reader.read(), True
        self._last_used = time.monotonic()
        if close:
            await self.close()
        return Answer(status, content)

    async def close(self) -> None:
        writer, self._reader, self._writer = self._writer, None, None
        if writer is not None:
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()


async def _read_chunked(reader: asyncio.StreamReader) -> bytes:
    parts: list[bytes] = []
    while True:
        size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
        if size == 0:
            while await reader.readuntil(b"\r\n") != b"\r\n":
                pass
            return b"".join(parts)
        parts.append(await reader.readexactly(size))
        await reader.readexactly(2)
