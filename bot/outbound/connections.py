"""Web API calls reuse their connection instead of opening one per call.

slack_sdk's client sends every call through urllib's default opener, which opens a new
connection for each request and closes it after the answer: against Slack that is a TCP and a
TLS handshake per call (two round trips and a key exchange before the request goes out), and a
click makes at least two calls. `reuse_connections` installs, for the whole process, an opener
whose handlers keep one connection per thread and host open between calls, as any HTTP/1.1
client does. slack_sdk uses it as long as no client is given its own SSL context or proxy.

A kept connection the server has meanwhile closed is never written to: one idle longer than
`IDLE_SECONDS`, or whose socket already reads as closed, is replaced before the request. Any
other failure is raised exactly as urllib raises it, so slack_sdk's retry handlers (and our
deadline on them, `bot.outbound.web_client`) decide as before.
"""

from __future__ import annotations

import http.client
import io
import select
import socket
import threading
import time
import urllib.error
import urllib.request
import urllib.response
from typing import Any

IDLE_SECONDS = 10.0
"""A connection unused this long is closed rather than reused: well below the idle timeout of
HTTP servers and load balancers (a minute or more), so a server never closes one just as a
request is written to it."""

_kept = threading.local()


def reuse_connections() -> None:
    """Make urllib's default opener (and so slack_sdk's Web API calls) keep connections; once
    per process, whoever asks first (`bot.outbound.web_client.make_web_client` does)."""
    global _installed
    with _installing:
        if not _installed:
            urllib.request.install_opener(
                urllib.request.build_opener(KeepAliveHTTPHandler, KeepAliveHTTPSHandler)
            )
            _installed = True


_installing = threading.Lock()
_installed = False


class KeepAliveHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req: urllib.request.Request) -> Any:
        if _through_tunnel(req):
            return super().http_open(req)
        return _send(http.client.HTTPConnection, req, {})


class KeepAliveHTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req: urllib.request.Request) -> Any:
        if _through_tunnel(req):
            return super().https_open(req)
        context = self._context  # type: ignore[attr-defined]  # urllib's, unannotated
        return _send(http.client.HTTPSConnection, req, {"context": context})


def _through_tunnel(req: urllib.request.Request) -> bool:
    """A request through a proxy's CONNECT tunnel: left to urllib's own handling."""
    return bool(getattr(req, "_tunnel_host", None))


def _send(
    kind: type[http.client.HTTPConnection],
    req: urllib.request.Request,
    options: dict[str, Any],
) -> _Answer:
    """`req` over this thread's kept connection to its host (a new one if none is usable); the
    answer read whole, so the connection is free for the next call as soon as this returns."""
    timeout = req.timeout  # set by OpenerDirector.open
    # As urllib's own handler merges them, less its "Connection: close".
    merged = dict(req.unredirected_hdrs)
    merged.update((k, v) for k, v in req.headers.items() if k not in merged)
    headers = {name.title(): value for name, value in merged.items()}
    connection = _kept_connection(kind, req.host)
    if connection is None:
        connection = kind(req.host, timeout=timeout, **options)
    try:
        if connection.sock is not None:
            # urlopen without a timeout passes socket's "no timeout given" marker: the default.
            seconds = timeout if isinstance(timeout, int | float) else socket.getdefaulttimeout()
            connection.timeout = seconds
            connection.sock.settimeout(seconds)
        try:
            connection.request(
                req.get_method(),
                req.selector,
                req.data,
                headers,
                encode_chunked=req.has_header("Transfer-encoding"),
            )
        except OSError as error:
            raise urllib.error.URLError(error) from error
        answer = connection.getresponse()
        body = answer.read()
    except BaseException:
        connection.close()
        raise
    if answer.will_close:
        connection.close()
    else:
        _keep(kind, req.host, connection)
    return _Answer(
        io.BytesIO(body), answer.headers, req.get_full_url(), answer.status, answer.reason
    )


class _Answer(urllib.response.addinfourl):
    """The answer as urllib's handlers hand it on, with `msg`: the reason phrase its error
    handling reads (urllib's own handler sets it on http.client's response)."""

    def __init__(self, body: io.BytesIO, headers: Any, url: str, status: int, reason: str) -> None:
        super().__init__(body, headers, url, status)
        self.msg = reason


def _kept_connection(
    kind: type[http.client.HTTPConnection], host: str
) -> http.client.HTTPConnection | None:
    found = _this_threads().pop((kind, host), None)
    if found is None:
        return None
    connection, last_used = found
    if time.monotonic() - last_used > IDLE_SECONDS or _closed_by_server(connection):
        connection.close()
        return None
    return connection


def _keep(kind: type[http.client.HTTPConnection], host: str, connection: Any) -> None:
    kept = _this_threads()
    now = time.monotonic()
    for key, (other, last_used) in list(kept.items()):  # to a host no longer called
        if now - last_used > IDLE_SECONDS:
            other.close()
            del kept[key]
    kept[kind, host] = (connection, now)


def _this_threads() -> _Kept:
    kept: _Kept | None = getattr(_kept, "connections", None)
    if kept is None:
        kept = _kept.connections = _Kept()
    return kept


class _Kept(dict[tuple[type, str], tuple[http.client.HTTPConnection, float]]):
    """One thread's kept connections, closed when the thread ends and this is dropped (a
    socket left to the garbage collector would be closed with a ResourceWarning)."""

    def __del__(self) -> None:
        for connection, _ in self.values():
            connection.close()


def _closed_by_server(connection: http.client.HTTPConnection) -> bool:
    """Whether the idle socket is readable: between answers that means the server closed it
    (or broke the protocol); either way it must not carry another request."""
    sock = connection.sock
    if sock is None:
        return True
    if not hasattr(select, "poll"):  # Windows; poll takes descriptors past select's 1024
        return bool(select.select([sock], [], [], 0)[0])
    poller = select.poll()
    poller.register(sock, select.POLLIN)
    return bool(poller.poll(0))
