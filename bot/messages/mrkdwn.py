"""Small text helpers shared by the message builders."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from fractions import Fraction

from flows.sentences import Echo, Person, Typed, Words
from scoring import Framework
from scoring.numbers import bar_fill
from scoring.reading_time import reading_time


def escape(text: str) -> str:
    """Slack mrkdwn treats &, < and > as markup; our own words must show as written."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_UNSAFE_IN_CODE = re.compile(r"[^\w :.'-]")


def said(words: Words) -> str:
    """What a flow tells the person, in mrkdwn: commands as code, people as mentions, and our
    own words as written (they may carry mrkdwn of the bot's own)."""
    return "".join(_part(part) for part in words)


def _part(part: str | Typed | Echo | Person) -> str:
    if isinstance(part, Typed):
        return f"`{part.text}`"
    if isinstance(part, Echo):
        # What was typed can be 100 KB, or markup: only what is safe inside backticks.
        return f"`{_UNSAFE_IN_CODE.sub('', part.text)[:60]}`"
    if isinstance(part, Person):
        return f"<@{part.user_id}>"
    return part


def slack_date(when: datetime) -> str:
    """A date each reader sees in their own timezone (Slack's date formatting); clients that
    cannot format it show the fallback, in UTC ("Sun, Feb 28, 2027 14:01 UTC")."""
    unix = int(when.timestamp())
    utc = when.astimezone(UTC) if when.tzinfo is not None else when
    fallback = f"{utc:%a}, {utc:%b} {utc.day}, {utc.year} {utc:%H:%M} UTC"
    return f"<!date^{unix}^{{date_long_pretty}} at {{time}}|{fallback}>"


def bar(share: Fraction | float, width: int) -> str:
    """A bar `share` (0 to 1) full, in characters that render the same on every Slack client."""
    filled = round(share * width)
    return "▰" * filled + "▱" * (width - filled)


def meter(score: Fraction | None, width: int = 10) -> str:
    """A score's bar, `bar_fill` full (half at "2.0 / 4", as on the printable page), in plain
    text: inline code would draw it in red monospace, as if it were an error."""
    return bar(bar_fill(score), width)


def plural(count: int, word: str, plural_word: str | None = None) -> str:
    return f"{count} {word if count == 1 else (plural_word or word + 's')}"


_NUMBER_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def in_words(count: int) -> str:
    """A small count spelled out ("six dimensions"), as US style writes numbers under ten; the
    framework decides the count, so prose about it must not assume one."""
    return _NUMBER_WORDS[count] if 0 <= count < len(_NUMBER_WORDS) else str(count)


def time_to_complete(framework: Framework) -> str:
    """ "about eight minutes": measured from the framework's own words, never a hopeful guess."""
    return f"about {in_words(reading_time(framework).minutes)} minutes"


_OPTION_NUMBER = re.compile(r"0|[1-9][0-9]{0,3}", re.ASCII)


def option_number(value: object) -> int | None:
    """The number an option's value stands for (our options carry `"1"`..`"60"`), or None.

    Only a number written as we write one: ASCII digits, at most four, no sign, no spaces and no
    leading zero. `str.isdigit` also accepts `"²"`, which `int()` refuses; `int()` itself
    accepts `" 3"`, `"+2"` and `"01"`, none of which is an option of ours; and a value of
    thousands of digits is no option either (past 4,300 `int()` refuses it).
    """
    if isinstance(value, str) and _OPTION_NUMBER.fullmatch(value):
        return int(value)
    return None
