"""Reading `/readiness ...`: what is not understood is quoted back short and without markup."""

from __future__ import annotations

from bot.messages.mrkdwn import said
from flows.commands import Help, parse_command


def test_team_quotes_what_it_did_not_understand_short_and_without_markup() -> None:
    # Found by the fuzz (tests/hardening/test_fuzz.py): the leftover was quoted whole, so a long
    # `/readiness team ...` made a help message over Slack's 3,000-character section limit.
    text = "team closes in 5 days now <!channel> *now* " + "x" * 100_000
    parsed = parse_command(text)
    assert isinstance(parsed, Help)
    assert parsed.unknown == text[:100]
    assert parsed.problem is not None
    quoted = said(parsed.problem).split("`")[1]
    assert len(quoted) <= 60
    assert not set(quoted) & set("`<>!*")
