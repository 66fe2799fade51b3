"""Month and weekday names in US English, whatever the process's locale (the standard library's
`calendar` names follow it): one table for every date the bot writes in words or reads from a
command."""

from __future__ import annotations

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
"""Indexed by `date.month - 1`."""

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
"""Indexed like `date.weekday()`: Monday is 0."""
