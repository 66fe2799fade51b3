"""The chart's legend sits below the drawing: whatever it lists, it never covers a dimension's
label or the drawing, and it stays within the picture."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

import pytest
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from bot.report import ReportData, chart, compare_chart
from bot.report.run_result import team_report
from scoring import Role, default_framework, score_team
from tests.bot.report.builders import TEAM_BEFORE
from tests.scoring.builders import everywhere

FRAMEWORK = default_framework()
WHEN = datetime(2026, 12, 1, tzinfo=UTC)
ROLES = list(Role)


def _team_by_role(roles: list[Role], members_per_role: int) -> ReportData:
    """A team split by role, with a previous run: the legend's longest form for that many
    groups (the team mean, the members' range, the previous run and one line per group)."""
    members = [
        everywhere(1 + index % 4) for index in range(len(roles)) for _ in range(members_per_role)
    ]
    team = score_team(
        FRAMEWORK,
        members,
        minimum=3,
        roles=[role for role in roles for _ in range(members_per_role)],
    )
    previous = score_team(FRAMEWORK, TEAM_BEFORE).profile
    return team_report(FRAMEWORK, team=team, previous=previous, closed_at=WHEN, channel_name="cs")


@contextmanager
def _drawn(data: ReportData) -> Iterator[chart.BaseFigure]:
    """The chart drawn on the figure the PNG and SVG are made from, laid out as they are."""
    import matplotlib as mpl

    with chart._RENDER, mpl.rc_context({"font.family": "DejaVu Sans"}):
        entries = chart._legend_entries(data)
        layout = chart.legend_layout(entries)
        base = chart._base_figure(data.framework, layout.rows)
        chart._draw(base.figure, base.axes, data, entries, layout)
        try:
            base.canvas.draw()  # type: ignore[no-untyped-call]
            yield base
        finally:
            base.reset()


@pytest.mark.parametrize("groups", range(1, len(ROLES) + 1))
@pytest.mark.parametrize("members_per_role", [3, 120])
def test_the_legend_covers_no_label_and_fits_in_the_picture(
    groups: int, members_per_role: int
) -> None:
    data = _team_by_role(ROLES[:groups], members_per_role)
    with _drawn(data) as base:
        renderer = base.canvas.get_renderer()  # type: ignore[no-untyped-call]
        legend = [a for a in base.axes.get_children() if a.get_gid() == chart.LEGEND_GID]
        box = Bbox.union([artist.get_window_extent(renderer) for artist in legend])
        labels = [
            text
            for text in [*base.axes.texts, *base.figure.texts]
            if text.get_text() and text not in legend
        ]
        assert len(labels) >= 2 * len(FRAMEWORK.dimensions)
        for label in labels:
            assert not box.overlaps(label.get_window_extent(renderer)), label.get_text()
        assert base.figure.bbox.contains(box.x0, box.y0)
        assert base.figure.bbox.contains(box.x1, box.y1)
        entries = [artist.get_text() for artist in legend if isinstance(artist, Text)]
        assert "Previous run" in entries
        assert data.team is not None
        assert len([e for e in entries if e.endswith(f"({members_per_role})")]) == len(
            data.team.groups
        )


def test_a_legend_of_one_row_keeps_the_picture_square() -> None:
    """It fits in the drawing's empty bottom margin: a person's chart is as tall as it was."""
    data = _team_by_role(ROLES[:1], 3)
    with _drawn(data) as base:
        assert base.figure.bbox.width == base.figure.bbox.height == 1000


LONG_NAMES = [
    "#cs-enterprise-accounts",
    "#cs-mid-market-emea",
    "#cs-smb-north-america",
    "#cs-strategic-partners",
    "#cs-onboarding-specialists",
    "#" + ("customer-success-apac-" * 4)[:80],  # Slack's longest: 80 characters
]


@pytest.mark.parametrize("teams", range(1, compare_chart.MOST_TEAMS + 1))
def test_the_comparison_legend_covers_no_label_and_fits_in_the_picture(teams: int) -> None:
    """Six teams with long channel names: the legend sits below the drawing, as a team's own
    chart's does, and a name too wide for it is cut short."""
    outlines = [
        compare_chart.Outline(name, score_team(FRAMEWORK, [everywhere(1 + n % 4)] * 3).profile)
        for n, name in enumerate(LONG_NAMES[-teams:])
    ]
    import matplotlib as mpl

    with chart._RENDER, mpl.rc_context({"font.family": "DejaVu Sans"}):
        base = compare_chart.draw(FRAMEWORK, outlines)
        try:
            base.canvas.draw()  # type: ignore[no-untyped-call]
            box, labels, entries = _legend_and_labels(base)
        finally:
            base.reset()
    assert len(labels) == len(FRAMEWORK.dimensions) + len(chart.RINGS)
    for label, extent in labels:
        assert not box.overlaps(extent), label
    assert base.figure.bbox.contains(box.x0, box.y0)
    assert base.figure.bbox.contains(box.x1, box.y1)
    *whole, cut = entries
    assert whole == LONG_NAMES[-teams:-1]
    assert cut.endswith("\u2026") and LONG_NAMES[-1].startswith(cut.removesuffix("\u2026"))


def _legend_and_labels(base: chart.BaseFigure) -> tuple[Bbox, list[tuple[str, Bbox]], list[str]]:
    """The legend's extent, every other text with its extent, and the legend's entries."""
    renderer = base.canvas.get_renderer()  # type: ignore[no-untyped-call]
    legend = [a for a in base.axes.get_children() if a.get_gid() == chart.LEGEND_GID]
    box = Bbox.union([artist.get_window_extent(renderer) for artist in legend])
    labels = [
        (text.get_text(), text.get_window_extent(renderer))
        for text in [*base.axes.texts, *base.figure.texts]
        if text.get_text() and text not in legend
    ]
    entries = [artist.get_text() for artist in legend if isinstance(artist, Text)]
    return box, labels, entries
