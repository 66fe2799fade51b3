"""Draw docs/overview.png: the printable comparison of three sample teams (the sample team of
bot/report/samples.py, that team six months earlier as another pod, and a third pod further
along), exactly as the bot serves it behind a Comparison link, screenshot with headless Chromium.

    .venv/bin/python scripts/overview_picture.py [--html-only]
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from screenshots import find_chromium, screenshot  # noqa: E402

from bot.report.compare import render_comparison  # noqa: E402
from bot.report.samples import _NOW, _SIX_MONTHS_AGO, _answers  # noqa: E402
from flows.overview import Overview, TeamOverview  # noqa: E402
from scoring import default_framework, score_team  # noqa: E402

CLOSED = datetime(2026, 11, 28, 14, 5, tzinfo=UTC)
NEXT_RUN = datetime(2027, 3, 1, 14, 0, tzinfo=UTC)
FURTHER_ALONG = tuple(
    tuple(tuple(min(stage + 1, 4) for stage in dimension) for dimension in member)
    for member in _NOW[:4]
)
"""A pod a stage ahead of the sample team on most questions."""


def sample_overview() -> Overview:
    framework = default_framework()

    now, before, ahead = (
        score_team(framework, [_answers(framework, m) for m in members], minimum=3)
        for members in (_NOW, _SIX_MONTHS_AGO, FURTHER_ALONG)
    )
    teams = (
        TeamOverview(
            "C0ACMECS", "cs-enterprise", "r1", CLOSED, now, before.profile, framework, NEXT_RUN
        ),
        TeamOverview("C0ACMEMM", "cs-mid-market", "r2", CLOSED, before, None, framework, None),
        TeamOverview("C0ACMESB", "cs-scale", "r3", CLOSED, ahead, None, framework, NEXT_RUN),
    )
    return Overview(teams=teams, without_profile=())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--html-only", action="store_true", help="write docs/overview.html only")
    args = parser.parse_args()
    page = render_comparison(sample_overview())
    if args.html_only:
        (ROOT / "docs" / "overview.html").write_text(page, encoding="utf-8")
        return
    target = ROOT / "docs" / "overview.png"
    screenshot(find_chromium(), page, target, width=1200, height=1400)


if __name__ == "__main__":
    main()
