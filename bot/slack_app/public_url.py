"""The bot's public base URL as Slack will accept it: HTTPS, on a host the internet can reach.

Slack refuses a request URL that is not HTTPS and cannot reach a loopback or private address, but
says so only when the admin saves the app's settings, far from the command that wrote the URL.
`readiness manifest --url` refuses such a URL at once, in one sentence.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

LOCAL_NAMES = ("localhost", ".localhost", ".local", ".internal", ".lan", ".home.arpa")


class NotAPublicUrl(ValueError):
    """The URL is one Slack would refuse; the message says why and what to give instead."""


def public_base_url(text: str) -> str:
    """`text` as the HTTPS base URL Slack will send requests to, without a trailing slash; a
    bare host name (`readiness.example.com`) gets `https://`."""
    given = text.strip()
    if "://" not in given:
        given = "https://" + given
    parts = urlsplit(given)
    if parts.scheme != "https":
        raise NotAPublicUrl(
            f"{text} is not HTTPS: Slack sends requests only to https:// URLs, so put the bot "
            "behind a reverse proxy with a TLS certificate and give its https:// address."
        )
    host = (parts.hostname or "").lower()
    if not host or parts.query or parts.fragment or parts.username or parts.password:
        raise NotAPublicUrl(
            f"{text} is not a base URL: give the scheme and host only, like "
            "https://readiness.example.com (a path prefix is fine)."
        )
    if _is_local(host):
        raise NotAPublicUrl(
            f"{text} is not reachable from the internet, so Slack cannot send requests to it: "
            "give the public https:// address of your reverse proxy, or use --socket "
            "(Socket Mode needs no public URL)."
        )
    return given.rstrip("/")


def _is_local(host: str) -> bool:
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return host == "localhost" or host.endswith(LOCAL_NAMES) or "." not in host
    return not address.is_global
