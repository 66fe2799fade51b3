"""Secrets, and links that grant access, never reach the log, whoever logs them."""

from __future__ import annotations

import logging

from bot.logs import REDACTED, RedactSecrets


def _logged(message: str, *args: object) -> str:
    record = logging.LogRecord("x", logging.INFO, __file__, 1, message, args, None)
    RedactSecrets(["s3cr3t-signing"]).filter(record)
    return record.getMessage()


def test_tokens_secrets_response_urls_and_report_links_are_redacted() -> None:
    line = _logged(
        "token=%s secret=%s url=%s link=%s",
        "xoxe.xoxb-1-ABC",
        "s3cr3t-signing",
        "https://hooks.slack.com/actions/T1/123/abcDEF",
        "https://readiness.example.com/reports/eyJ0.abc-def_1",
    )
    assert "ABC" not in line and "s3cr3t" not in line
    assert "abcDEF" not in line and "eyJ0" not in line
    assert f"https://hooks.slack.com/{REDACTED}" in line
    assert f"/reports/{REDACTED}" in line


def test_oauth_codes_and_refresh_tokens_are_redacted_in_every_shape_they_are_logged() -> None:
    code = "6946748.48660584.69e52ab23b4ce4319f"
    shapes = [
        f"GET /slack/oauth_redirect?code={code}&state=abc",  # a redirect's query string
        f"body: client_id=1.2&code={code}",  # a form body
        f"body_params: {{'code': '{code}'}}",  # slack_sdk's request arguments
        f"request: {{'code': ['{code}'], 'state': ['abc']}}",  # bolt's parsed query
        f'{{"code": "{code}"}}',  # JSON
    ]
    for shape in shapes:
        assert code not in _logged(shape), shape
    line = _logged("refresh_token: xoxe-1-My0xLTEyMzQ1, access_token: xoxe.xoxb-1-TOKEN")
    assert "My0x" not in line and "TOKEN" not in line and "xoxb" not in line
