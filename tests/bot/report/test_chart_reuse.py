"""The chart PNG reuses what it can from one chart to the next (the base figure, a saved
backdrop, the glyph bitmaps of texts drawn before); none of it may show: each chart has the
pixels matplotlib draws for it from scratch, whatever was drawn before it."""

from __future__ import annotations

import io
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from bot.report import ReportData, chart, radar_png
from bot.report.compare_chart import Outline, compare_png
from bot.report.run_result import personal_report, team_report
from scoring import Role, default_framework, score_individual, score_team
from tests.bot.report.builders import PRIYA, TEAM, TEAM_BEFORE
from tests.scoring.builders import answers, everywhere

ROOT = Path(__file__).resolve().parents[3]
FRAMEWORK = default_framework()
WHEN = datetime(2026, 12, 1, tzinfo=UTC)


def _person() -> ReportData:
    profile = score_individual(FRAMEWORK, PRIYA)
    return personal_report(
        FRAMEWORK, profile=profile, previous=None, finished_at=WHEN, to_its_owner=True
    )


def _person_with_previous() -> ReportData:
    before = score_individual(FRAMEWORK, answers(outcomes=[1, 1, 1, 1], onboarding=[4, 3]))
    profile = score_individual(FRAMEWORK, answers(onboarding=[3, 3], health=[4]))
    return personal_report(
        FRAMEWORK, profile=profile, previous=before, finished_at=WHEN, to_its_owner=False
    )


def _team_by_role(roles: list[Role]) -> ReportData:
    """Three members per role, each role a point apart, and a previous run: the legend has a
    line per role: with every role, nine lines in two columns below the drawing."""
    members = [everywhere(1 + index % 4) for index in range(len(roles)) for _ in range(3)]
    team = score_team(
        FRAMEWORK, members, minimum=3, roles=[role for role in roles for _ in range(3)]
    )
    previous = score_team(FRAMEWORK, TEAM_BEFORE).profile
    return team_report(FRAMEWORK, team=team, previous=previous, closed_at=WHEN, channel_name="cs")


CASES: dict[str, Callable[[], ReportData]] = {
    "person": _person,
    "person with a previous run and gaps": _person_with_previous,
    "team": lambda: team_report(
        FRAMEWORK, team=score_team(FRAMEWORK, TEAM), previous=None, closed_at=WHEN
    ),
    "team by two roles": lambda: _team_by_role([Role.LEADERSHIP, Role.CSM]),
    "team by every role": lambda: _team_by_role(list(Role)),
}


def _radar(build: Callable[[], ReportData]) -> bytes:
    return radar_png(build())


CHARTS: dict[str, Callable[[], bytes]] = {
    **{case: partial(_radar, build) for case, build in CASES.items()},
    "two teams compared": lambda: compare_png(
        FRAMEWORK,
        [
            Outline("#cs-team", score_team(FRAMEWORK, TEAM).profile),
            Outline("#support", score_team(FRAMEWORK, TEAM_BEFORE).profile),
        ],
    ),
}
"""Every chart the bot draws as PNG on the shared base figure."""


def _rgb(png: bytes) -> np.ndarray:
    with Image.open(io.BytesIO(png)) as image:
        return np.asarray(image.convert("RGB")).astype(np.int16)


def _differing_pixels(first: np.ndarray, second: np.ndarray) -> int:
    return int((np.abs(first - second).max(axis=2) > 0).sum())


@pytest.mark.parametrize("case", list(CASES))
def test_the_png_has_the_pixels_of_a_chart_drawn_from_scratch(case: str) -> None:
    data = CASES[case]()
    for _ in range(2):  # the second time, the backdrop and the glyphs are kept ones
        assert _differing_pixels(_rgb(radar_png(data)), _from_scratch(data)) == 0


def _from_scratch(data: ReportData) -> np.ndarray:
    """The chart as plain matplotlib draws it on a new figure: nothing kept, nothing reused."""
    import matplotlib as mpl
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    with chart._RENDER, mpl.rc_context({"font.family": "DejaVu Sans"}):
        entries = chart._legend_entries(data)
        layout = chart.legend_layout(entries)
        base = chart._new_base_figure(data.framework, layout.rows)
        canvas = FigureCanvasAgg(base.figure)
        chart._draw(base.figure, base.axes, data, entries, layout)
        canvas.draw()  # type: ignore[no-untyped-call]
        rgba = np.asarray(canvas.buffer_rgba())  # type: ignore[no-untyped-call]
        return rgba[:, :, :3].astype(np.int16)


def test_charts_drawn_one_after_another_match_each_drawn_first_in_a_fresh_process(
    tmp_path: Path,
) -> None:
    order = [*CHARTS, *reversed(CHARTS)]
    in_turn: dict[str, list[np.ndarray]] = {case: [] for case in CHARTS}
    for case in order:
        in_turn[case].append(_rgb(CHARTS[case]()))
    for case in CHARTS:
        alone = _rgb(_drawn_alone(case, tmp_path))
        for drawn in in_turn[case]:
            assert _differing_pixels(drawn, alone) == 0, case


def _drawn_alone(case: str, tmp_path: Path) -> bytes:
    out = tmp_path / "alone.png"
    script = (
        "import sys\n"
        "from tests.bot.report.test_chart_reuse import CHARTS\n"
        "open(sys.argv[2], 'wb').write(CHARTS[sys.argv[1]]())\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, case, str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return out.read_bytes()
