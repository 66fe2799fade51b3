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
    from matplotlib.lines import Line2D

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
        base = chart._base_figure(framework)
        axes = base.axes
        count = len(framework.dimensions)
        handles = []
        for index, outline in enumerate(outlines[:MOST_TEAMS]):
            points = chart._points(chart._radii(outline.profile, framework))
            closed = [*points, points[0]]
            colour, dashes = COLOURS[index], DASHES[index]
            axes.plot(
                [x for x, _ in closed],
                [y for _, y in closed],
                color=colour,
                linewidth=3,
                linestyle=dashes,
                zorder=3,
            )
            handles.append(
                Line2D([], [], color=colour, linewidth=3, linestyle=dashes, label=outline.label)
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
        legend = axes.legend(
            handles=handles, loc="lower left", frameon=False, fontsize=17, handlelength=3
        )
        for text in legend.get_texts():
            text.set_color(chart.INK)
        try:
            return chart._encode(base, image_format, [])
        finally:
            base.reset()
