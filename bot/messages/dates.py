"""Calendar dates in words, one way everywhere a plan shows them (US English, and month names
fixed in English whatever the process locale): "Mar 26, 2027" in lists, "Friday, March 26" in a
sentence to one person. Times that people read in their own zone are Slack's to format
(`bot.messages.mrkdwn.slack_date`); a due date is a calendar day, the same for everyone."""

from __future__ import annotations

from datetime import date, datetime

from flows.calendar_names import MONTHS, WEEKDAYS


def short_date(day: date | datetime, *, weekday: bool = False) -> str:
    """ "Mar 26, 2027" (with `weekday`, "Fri, Mar 26, 2027")."""
    words = f"{MONTHS[day.month - 1][:3]} {day.day}, {day.year}"
    return f"{WEEKDAYS[day.weekday()][:3]}, {words}" if weekday else words


def day_in_words(day: date, *, today: date | None = None) -> str:
    """ "Friday, March 12"; with the year when it is not `today`'s ("Friday, January 7, 2028")."""
    words = f"{WEEKDAYS[day.weekday()]}, {MONTHS[day.month - 1]} {day.day}"
    return words if today is not None and today.year == day.year else f"{words}, {day.year}"
