"""Web API calls over TLS: what a kept connection saves against Slack: `python -m bench.tls_calls`.

Slack's Web API is HTTPS; the stand-in the other measurements use is plain HTTP on loopback, so
they cannot show what a TLS handshake costs. This serves HTTPS on loopback (HTTP/1.1 with
keep-alive, a throwaway self-signed P-256 certificate the client is told to trust) and times the
same `chat.postMessage` through slack_sdk's `WebClient`, first as slack_sdk sends it on its own
(urllib's default opener: a new connection, and so a handshake, per call), then as the bot sends
it (`bot.outbound.connections.reuse_connections`: the thread's connection kept between calls).

CPU is the calling thread's own (`time.thread_time`), so the server's share is left out; wall
time includes the server's, on loopback, with no network in between: against Slack each new
connection also waits two round trips more. It runs in a fresh process, because the kept
connections are set up for the whole process.
"""

from __future__ import annotations

import datetime
import ipaddress
import json
import os
import ssl
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

CALLS = 300


@dataclass(frozen=True)
class CallCost:
    cpu_seconds: float
    """The calling thread's CPU per call."""
    wall_seconds: float


@dataclass(frozen=True)
class TlsCalls:
    calls: int
    new_connection: CallCost
    """A new connection per call: slack_sdk as it comes."""
    kept_connection: CallCost
    """The bot's way: one connection kept per thread."""


class _Answer(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        body = b'{"ok":true,"channel":"C1","ts":"1700000000.000100"}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet."""


def _certificate(directory: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1, and its key, as PEM files in `directory`."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(hours=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = directory / "cert.pem", directory / "key.pem"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


def _timed(base_url: str, calls: int) -> CallCost:
    from slack_sdk import WebClient

    client = WebClient(token="xoxb-bench", base_url=base_url)
    client.chat_postMessage(channel="C1", text="warm-up")
    cpu, wall = time.thread_time(), time.perf_counter()
    for number in range(calls):
        client.chat_postMessage(channel="C1", text=f"call {number}")
    return CallCost(
        cpu_seconds=(time.thread_time() - cpu) / calls,
        wall_seconds=(time.perf_counter() - wall) / calls,
    )


def measure(calls: int = CALLS) -> TlsCalls:
    """Both ways, in this process (which afterwards keeps its connections)."""
    from bot.outbound.connections import reuse_connections

    with tempfile.TemporaryDirectory(prefix="readiness-tls-") as directory:
        cert_file, key_file = _certificate(Path(directory))
        os.environ["SSL_CERT_FILE"] = str(cert_file)  # read by every default SSL context
        server = ThreadingHTTPServer(("127.0.0.1", 0), _Answer)
        server.daemon_threads = True
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert_file, key_file)
        server.socket = context.wrap_socket(server.socket, server_side=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            base_url = f"https://127.0.0.1:{server.server_address[1]}/api/"
            new = _timed(base_url, calls)
            reuse_connections()
            kept = _timed(base_url, calls)
        finally:
            server.shutdown()
            server.server_close()
    return TlsCalls(calls, new, kept)


def measure_in_child(calls: int = CALLS) -> TlsCalls:
    """`measure`, in a fresh `python -m bench.tls_calls` process."""
    from bench.processes import json_from_child

    answer = json_from_child("bench.tls_calls", str(calls), what="the TLS calls benchmark")
    return TlsCalls(
        answer["calls"],
        CallCost(**answer["new_connection"]),
        CallCost(**answer["kept_connection"]),
    )


def main() -> int:
    calls = int(sys.argv[1]) if len(sys.argv) > 1 else CALLS
    json.dump(asdict(measure(calls)), sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
