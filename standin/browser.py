"""A person's web browser, for the OAuth install: plain GETs, cookies kept per host, redirects
shown rather than followed, so each hop (bot, Slack, bot) can be checked on its way.

Standard library only, like the rest of the sandbox.
"""

from __future__ import annotations

import html
import re
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlsplit

USER_AGENT = "Mozilla/5.0 (sandbox browser)"
_LINK = re.compile(r"""<a\s[^>]*href=["']([^"']+)["']""", re.IGNORECASE)


@dataclass
class Page:
    url: str
    status: int
    headers: dict[str, str]
    body: str

    @property
    def location(self) -> str | None:
        return self.headers.get("Location") or self.headers.get("location")

    def links(self) -> list[str]:
        return [html.unescape(href) for href in _LINK.findall(self.body)]


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


@dataclass
class Browser:
    cookies: dict[str, dict[str, str]] = field(default_factory=dict)
    """Cookie jar by host:port (a real browser shares loopback cookies across ports; keeping
    them apart shows which server set what)."""

    def get(self, url: str, *, timeout: float = 10.0) -> Page:
        host = urlsplit(url).netloc
        headers = {"User-Agent": USER_AGENT}
        jar = self.cookies.get(host, {})
        if jar:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in jar.items())
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirects())
        request = urllib.request.Request(url, headers=headers, method="GET")
        try:
            with opener.open(request, timeout=timeout) as response:
                status, raw, answer = response.status, response.read(), response.headers
        except urllib.error.HTTPError as error:
            with error:
                status, raw, answer = error.code, error.read(), error.headers
        for set_cookie in answer.get_all("Set-Cookie") or []:
            parsed: SimpleCookie = SimpleCookie()
            parsed.load(set_cookie)
            for name, morsel in parsed.items():
                self.cookies.setdefault(host, {})[name] = morsel.value
        return Page(
            url=url,
            status=status,
            headers=dict(answer.items()),
            body=raw.decode("utf-8", errors="replace"),
        )

    def set_cookie(self, url: str, name: str, value: str) -> None:
        self.cookies.setdefault(urlsplit(url).netloc, {})[name] = value
