"""The small words and numbers shared by the chart, its alt text and the page."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from fractions import Fraction

import pytest

from bot.report.wording import change_text, date_text, delta_text, score_text, stage_text
from scoring import Change
from tests.bot.report.builders import FRAMEWORK


@pytest.mark.parametrize(
    ("score", "shown"),
    [
        (None, "not assessed"),
        (Fraction(13, 5), "2.6 / 4"),
        (Fraction(5, 2), "2.5 / 4"),
        # 2.52 is Stage 3; "2.5" would read as Stage 2, so a second decimal is shown.
        (Fraction(63, 25), "2.52 / 4"),
    ],
)
def test_score_text(score: Fraction | None, shown: str) -> None:
    assert score_text(score) == shown


def test_stage_text() -> None:
    assert stage_text(FRAMEWORK, 3) == "Stage 3 · Make it Matter"
    assert stage_text(FRAMEWORK, None) == "not assessed"


@pytest.mark.parametrize(
    ("delta", "shown"),
    [
        (Fraction(0), "±0.0"),
        (Fraction(1, 3), "+0.3"),
        (Fraction(-1, 3), "-0.3"),
        (Fraction(1, 4), "+0.3"),  # halves round away from zero, whatever floats would do
        (Fraction(-1, 4), "-0.3"),
        (Fraction(1, 24), "+0.04"),  # a real change never shows as +0.0
        (Fraction(-3, 2), "-1.5"),
    ],
)
def test_delta_text(delta: Fraction, shown: str) -> None:
    assert delta_text(delta) == shown


def test_change_text() -> None:
    up = Change("health", Fraction(2), Fraction(5, 2), 2, 2)
    new = Change("health", None, Fraction(3), None, 3)
    gone = Change("health", Fraction(3), None, 3, None)
    assert change_text(up) == "↑ +0.5"
    assert change_text(new) == "new"
    assert change_text(gone) == ""


def test_date_text_is_english_and_in_utc() -> None:
    cet = timezone(timedelta(hours=1))
    assert date_text(datetime(2026, 11, 28, 15, 5, tzinfo=cet)) == "Nov 28, 2026, 14:05 UTC"
    assert date_text(datetime(2026, 1, 2, 9, 0, tzinfo=UTC)) == "Jan 2, 2026, 09:00 UTC"
    assert date_text(datetime(2026, 1, 2, 9, 0)) == "Jan 2, 2026, 09:00"
