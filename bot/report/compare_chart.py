"""Several teams on one radar: one outline per channel, on the same grid as a team's own chart.

The geometry (rings, spokes, stage names, where each dimension points) is `bot.report.chart`'s,
so a team's outline sits exactly where it does on its own chart; only the outlines and the
legend are drawn here. Each outline has its own colour and dash pattern, so two teams stay
apart in greyscale and for colour-blind readers.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Literal

from bot.report import chart
from scoring import Framework, Profile

COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#000000")
"""Okabe–Ito, in an order where neighbours differ most: one per team."""
DASHES: tuple[Literal["solid"] | tuple[float, tuple[float, ...]], ...] = (
    "solid",
    (0, (6, 2)),
    (0, (1.5, 1.5)),
    (0, (6, 2, 1.5, 2)),
    (0, (3, 3)),
    (0, (8, 2, 1.5, 2, 1.5, 2)),
)
COLOUR_NAMES = ("blue", "orange", "green", "pink", "red", "black")
LINE_NAMES = ("solid", "dashed", "dotted", "dash-dot", "short dashes", "dash-dot-dot")
MOST_TEAMS = len(COLOURS)
"""Beyond six outlines a radar stops being readable; more teams are compared six at a time."""


@dataclass(frozen=True)
class Outline:
    label: str
    """What the legend calls the team ("#cs-team")."""
    profile: Profile


def line_name(index: int) -> str:
    """How the text beside the chart names an outline: "blue, solid"."""
    return f"{COLOUR_NAMES[index]}, {LINE_NAMES[index]}"


def compare_png(framework: Framework, outlines: list[Outline]) -> bytes:
    return _render(framework, outlines, "png")


def compare_svg(framework: Framework, outlines: list[Outline]) -> str:
    """An `<svg>` element for the printable page (text as paths, no comments)."""
    svg = _render(framework, outlines, "svg").decode("utf-8")
    svg = svg[svg.index("<svg") :]
    return re.sub(r"<!--.*?-->\s*", "", svg, flags=re.DOTALL).strip() + "\n"


def _render(
    framework: Framework, outlines: list[Outline], image_format: Literal["png", "svg"]
) -> bytes:
    import matplotlib as mpl

    with (
        chart._RENDER,
        mpl.rc_context(
            {
                "font.family": "DejaVu Sans",
                "svg.fonttype": "path",
                "svg.hashsalt": chart.SVG_HASH_SALT,
            }
        ),
    ):
        base = draw(framework, outlines)
        try:
            return chart._encode(base, image_format, [])
        finally:
            base.reset()


def draw(framework: Framework, outlines: list[Outline]) -> chart.BaseFigure:
    """The outlines, the dimensions' names and the legend, drawn on the base figure for a legend
    of that many rows (below the drawing, as on a team's chart, so it covers no name however many
    teams and however long their names). Under `chart._RENDER`; the caller encodes the figure,
    then `reset`s it."""
    from matplotlib.lines import Line2D

    shown = outlines[:MOST_TEAMS]
    handles = [
        Line2D(
            [],
            [],
            color=COLOURS[index],
            linewidth=3,
            linestyle=DASHES[index],
            label=fitted(outline.label),
        )
        for index, outline in enumerate(shown)
    ]
    layout = chart.legend_layout(handles)
    base = chart._base_figure(framework, layout.rows)
    axes = base.axes
    count = len(framework.dimensions)
    for index, outline in enumerate(shown):
        points = chart._points(chart._radii(outline.profile, framework))
        closed = [*points, points[0]]
        chart._add_line(
            axes,
            closed,
            color=COLOURS[index],
            linewidth=3,
            linestyle=DASHES[index],
            zorder=3,
        )
    for index, dimension in enumerate(framework.dimensions):
        angle = chart._angle(index, count)
        cos, sin = math.cos(angle), math.sin(angle)
        axes.text(
            chart.LABEL_RADIUS * cos,
            chart.LABEL_RADIUS * sin,
            dimension.short_name,
            fontsize=chart.LABEL_FONT_SIZE,
            fontweight="bold",
            color=chart.INK,
            ha="left" if cos > 0.2 else "right" if cos < -0.2 else "center",
            va="bottom" if sin > 0.9 else "top" if sin < -0.9 else "center",
            parse_math=False,
        )
    if layout.rows:
        chart._draw_legend(base.figure, axes, handles, layout)
    return base


def fitted(label: str) -> str:
    """`label`, cut short with an ellipsis if it is too wide for a legend of one column. A Slack
    channel's name may be 80 characters long, wider than the picture; the text beside the chart
    names every team in full."""
    size_px = chart.LEGEND_FONT_SIZE * chart.DPI / 72
    room = (chart.SIZE_INCHES - 2 * chart.LEGEND_SIDE_INCHES) * chart.DPI - size_px * (
        chart.LEGEND_HANDLE_LENGTH + chart.LEGEND_HANDLE_PAD
    )
    room *= FITTED_SHARE
    if chart._label_width(label) <= room:
        return label
    keep, cut = 0, len(label)  # the longest start that fits with the ellipsis, between these
    while cut - keep > 1:
        middle = (keep + cut) // 2
        if chart._label_width(label[:middle] + ELLIPSIS) <= room:
            keep = middle
        else:
            cut = middle
    return label[:keep] + ELLIPSIS


ELLIPSIS = "\u2026"
FITTED_SHARE = 0.95
"""The share of the legend's room a cut name may take: the layout measures text by its glyphs'
outlines, which comes up to 3 % short of the width drawn at the chart's size."""
