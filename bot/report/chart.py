"""The radar chart of the six dimensions, as PNG (for Slack) or inline SVG (for the HTML page).

matplotlib is imported inside the functions, never at module level: loading it costs far more
than the rest of the bot's start-up, and most processes never draw a chart. The figure is drawn
on plain Cartesian axes rather than matplotlib's polar projection because polar axes draw the
edges between two dimensions as arcs; a radar chart's edges must be straight so that the shape,
not the projection, carries the meaning.
"""

from __future__ import annotations

import io
import math
import re
import struct
import threading
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Literal

from bot.report.groups import alt_sentence, role_label
from bot.report.model import ReportData, band_shown
from bot.report.wording import NOT_ASSESSED, delta_text, score_text
from scoring import Framework, Profile

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

SIZE_INCHES = 10
DPI = 100
"""10 in at 100 dpi: a 1000 × 1000 px PNG, sharp on a high-density screen, small to upload."""
ALT_TEXT_LIMIT = 1000

# Okabe–Ito: distinguishable with every common form of colour blindness, and in greyscale the
# current outline (dark, solid) and the previous one (light, dashed) still differ.
CURRENT = "#0072B2"  # blue
BAND = "#56B4E9"  # sky blue
PREVIOUS = "#E69F00"  # orange
GRID = "#C8C8C8"
INK = "#222222"
MUTED = "#6B6B6B"
GROUP_COLOURS = ("#009E73", "#CC79A7", "#000000", "#D55E00", "#F0E442", "#999999")
"""Okabe–Ito again, one per role group (dotted, so a group never reads as the team mean)."""

RINGS = (1, 2, 3, 4)
LABEL_RADIUS = 4.3
LABEL_FONT_SIZE = 20
TITLE_FONT_SIZE = 22
LIMIT = 6.4
"""Half the width of the drawing in score units: room for the axis labels outside ring 4."""

SVG_HASH_SALT = "outcome-readiness"
"""Seeds the SVG's element ids, so the same input gives the same bytes."""
_SVG_METADATA: dict[str, str | None] = {"Creator": None, "Date": None, "Format": None, "Type": None}
_RENDER = threading.Lock()
"""matplotlib's rc settings are process-wide; drawing one chart at a time keeps them ours."""


def radar_png(data: ReportData) -> bytes:
    """A 1000 × 1000 px PNG of the chart, legible when Slack shows it at a third of that."""
    return _render(data, "png")


def radar_svg(data: ReportData) -> str:
    """The chart as an `<svg>` element to paste into HTML: no XML prolog, no external references.

    Text is drawn as paths, so the page needs no font; the only URLs left are the SVG and xlink
    namespace names, which identify the vocabulary and are never fetched.
    """
    svg = _render(data, "svg").decode("utf-8")
    svg = svg[svg.index("<svg") :]
    # matplotlib writes each label's text as a comment beside its glyphs; the page already says
    # it all in words, and dropping them keeps report text out of the markup twice over.
    return re.sub(r"<!--.*?-->\s*", "", svg, flags=re.DOTALL).strip() + "\n"


def alt_text(data: ReportData) -> str:
    """A sentence per dimension with its score and stage (and the change since last time).

    Slack shows alt text to screen-reader users in place of the image, so it must say what the
    chart says. Kept within 1000 characters by dropping detail (ranges, then changes) and using
    short names; cutting the text is a last resort that today's framework never reaches. A team
    split by role then gives each group's scores, as its outline shows them (each named by its
    dimension, or when that would not fit, in the dimensions' order).
    """
    framework, profile = data.framework, data.profile
    whose = "the team's mean scores" if data.team is not None else "scores"
    intro = f"Radar chart of {whose} on {len(framework.dimensions)} dimensions, from 1 to 4."
    if data.previous_scores_shown:
        intro += " A dashed outline shows the previous run."
    elif data.previous is not None:
        intro += " Compared with the previous run by stage only."
    if data.trend is not None and data.trend.questions_changed:
        intro += " The questions changed between the two runs."
    team = data.team
    groups = [alt_sentence(framework, team, named=n) for n in (True, False)] if team else [""]
    attempts: list[tuple[bool, bool, Literal["name", "short_name"]]] = [
        (True, True, "name"),
        (True, True, "short_name"),
        (False, True, "short_name"),
        (False, False, "short_name"),
    ]
    text = ""
    for group_sentence in groups:
        for with_range, with_change, naming in attempts:
            sentences = [intro]
            sentences += [
                _dimension_sentence(data, index, with_range, with_change, naming)
                for index in range(len(profile.dimensions))
            ]
            text = " ".join([*sentences, group_sentence]).strip()
            if len(text) <= ALT_TEXT_LIMIT:
                return text
    return text[: ALT_TEXT_LIMIT - 1] + "…"


def _dimension_sentence(
    data: ReportData,
    index: int,
    with_range: bool,
    with_change: bool,
    naming: Literal["name", "short_name"],
) -> str:
    framework, result = data.framework, data.profile.dimensions[index]
    dimension = framework.dimension(result.dimension_id)
    name = dimension.name if naming == "name" else dimension.short_name
    if result.score is None:
        coverage = data.team.coverage_of(dimension.id) if data.team is not None else None
        if coverage is not None and coverage.withheld:
            return (
                f"{name}: only {coverage.answered} could answer, fewer than "
                f"{data.team.minimum if data.team else 1}; no figure, drawn at the centre."
            )
        return f"{name}: {NOT_ASSESSED}, drawn at the centre."
    sentence = f"{name}: {score_text(result.score)}"
    if result.stage is not None:
        stage = framework.stage(result.stage)
        sentence += f", Stage {stage.number} ({stage.name})"
        if result.nearly_next:
            sentence += f", nearly Stage {stage.number + 1}"
    spread = data.team.spread(dimension.id) if data.team is not None else None
    if with_range and spread is not None and band_shown(data) and spread.minimum != spread.maximum:
        sentence += (
            f", members from {score_text(spread.minimum).removesuffix(' / 4')} "
            f"to {score_text(spread.maximum).removesuffix(' / 4')}"
        )
    trend = data.trend
    if with_change and trend is not None:
        change = trend.dimension(dimension.id)
        if change.delta is not None:
            sentence += f", {_spoken_change(change.delta)} since the previous run"
        elif change.stages_only and change.stage_before is not None:
            sentence += f", Stage {change.stage_before} in the previous run"
        elif change.stage_before is None:
            sentence += ", not assessed in the previous run"
    return sentence + "."


def _spoken_change(delta: Fraction) -> str:
    """Say "up 0.4" rather than "+0.4": a screen reader says the words, not the symbols."""
    if delta == 0:
        return "unchanged"
    return f"{'up' if delta > 0 else 'down'} {delta_text(delta).lstrip('+-')}"


PNG_COMPRESSION = 3
"""zlib's level for the PNG: as fast as its fastest on a mostly white chart, and a little
smaller."""


def _render(data: ReportData, image_format: Literal["png", "svg"]) -> bytes:
    import matplotlib as mpl

    # DejaVu Sans ships with matplotlib, so output never depends on the host's fonts; text as
    # paths means the SVG needs no font to look the same anywhere.
    with (
        _RENDER,
        mpl.rc_context(
            {"font.family": "DejaVu Sans", "svg.fonttype": "path", "svg.hashsalt": SVG_HASH_SALT}
        ),
    ):
        base = _base_figure(data.framework)
        _draw(base.figure, base.axes, data)
        try:
            return _encode(base, image_format)
        finally:
            base.reset()


def _encode(base: BaseFigure, image_format: Literal["png", "svg"]) -> bytes:
    """The drawn figure as PNG (Agg's pixels, straight to an RGB PNG: the figure is opaque) or
    SVG."""
    buffer = io.BytesIO()
    if image_format == "svg":
        base.figure.savefig(buffer, format="svg", dpi=DPI, metadata=_SVG_METADATA)
        return buffer.getvalue()
    base.canvas.draw()  # type: ignore[no-untyped-call]  # matplotlib leaves it unannotated
    return _png(base.canvas.buffer_rgba())  # type: ignore[no-untyped-call]


def _png(rgba: memoryview) -> bytes:
    """Agg's pixels as an RGB PNG: alpha dropped (the figure is opaque), rows left unfiltered.

    matplotlib's own writer (through Pillow) keeps the alpha channel and tries a filter per row
    at zlib's default level: it took a third of the chart's time, for a bigger file than this.
    """
    import numpy as np

    pixels = np.asarray(rgba)
    height, width = pixels.shape[:2]
    rows = np.zeros((height, 1 + 3 * width), dtype=np.uint8)  # each row: filter 0, then RGB
    rows[:, 1:].reshape(height, width, 3)[...] = pixels[:, :, :3]  # a view: copied in place
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return b"".join(
        (
            b"\x89PNG\r\n\x1a\n",
            _chunk(b"IHDR", header),
            _chunk(b"IDAT", zlib.compress(rows.data, PNG_COMPRESSION)),
            _chunk(b"IEND", b""),
        )
    )


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


@dataclass
class BaseFigure:
    """A figure with what every chart of a framework shares (the axes, rings, spokes and stage
    names), drawn once; each chart adds its outlines and labels, and `reset` takes them away.

    Building the figure and its axes cost about as much as drawing a chart, so it is kept per
    framework (`_base_figure`), and used under `_RENDER` only.
    """

    figure: Figure
    canvas: FigureCanvasAgg
    axes: Axes
    shared: frozenset[Artist]
    """The shared artists, which `reset` keeps."""

    def reset(self) -> None:
        """Back to the shared artists alone: the chart's outlines, labels and legend removed."""
        legend = self.axes.get_legend()
        if legend is not None:
            legend.remove()
        axes, figure = self.axes, self.figure
        for artist in [*axes.lines, *axes.patches, *axes.texts, *figure.texts]:
            if artist not in self.shared:
                artist.remove()


def _base_figure(framework: Framework) -> BaseFigure:
    key = (len(framework.dimensions), tuple(framework.stage(ring).name for ring in RINGS))
    base = _BASES.get(key)
    if base is None:
        base = _BASES[key] = _new_base_figure(framework)
    return base


_BASES: dict[tuple[int, tuple[str, ...]], BaseFigure] = {}
"""One base figure per number of dimensions and stage names: all a framework's grid depends on."""


def _new_base_figure(framework: Framework) -> BaseFigure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(SIZE_INCHES, SIZE_INCHES), dpi=DPI, facecolor="white")
    canvas = FigureCanvasAgg(figure)
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_xlim(-LIMIT, LIMIT)
    axes.set_ylim(-LIMIT, LIMIT)
    axes.set_aspect("equal")
    axes.axis("off")
    _draw_grid(axes, framework, len(framework.dimensions))
    shared = frozenset([*axes.get_children(), *figure.texts])
    return BaseFigure(figure, canvas, axes, shared)


def _draw(figure: Figure, axes: Axes, data: ReportData) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    framework, profile = data.framework, data.profile
    count = len(framework.dimensions)

    handles: list[Line2D | Patch] = []
    if band_shown(data):
        assert data.team is not None
        spreads = data.team.dimensions
        lowest = tuple(0.0 if s is None else float(s.minimum) for s in spreads)
        highest = tuple(0.0 if s is None else float(s.maximum) for s in spreads)
        _draw_band(axes, lowest, highest)
        handles.append(Patch(facecolor=BAND, alpha=0.4, edgecolor="none", label="Members' range"))
    if data.previous is not None and data.previous_scores_shown:
        _draw_outline(
            axes, _radii(data.previous, framework), colour=PREVIOUS, dashed=True, filled=False
        )
        handles.append(
            Line2D([], [], color=PREVIOUS, linewidth=3, linestyle=(0, (4, 2)), label="Previous run")
        )
    handles += _draw_groups(axes, data)
    label = "Team mean" if data.team is not None else "This run"
    _draw_outline(
        axes, _radii(profile, framework), colour=CURRENT, dashed=False, filled=data.team is None
    )
    handles.insert(
        0, Line2D([], [], color=CURRENT, linewidth=3.5, marker="o", markersize=9, label=label)
    )
    _draw_axis_labels(axes, data, count)
    _draw_title(figure, data)
    if len(handles) > 1:
        legend = axes.legend(
            handles=handles,
            loc="lower left",
            frameon=False,
            fontsize=17,
            handlelength=2.4,
            borderaxespad=0.6,
        )
        for text in legend.get_texts():
            text.set_color(INK)


def _draw_title(figure: Figure, data: ReportData) -> None:
    """Whom and when, in the top left corner, clear of the top dimension's label: a chart
    forwarded or printed on its own still says what it shows."""
    if data.chart_title:
        figure.text(
            0.025,
            0.975,
            data.chart_title,
            fontsize=TITLE_FONT_SIZE,
            fontweight="bold",
            color=INK,
            ha="left",
            va="top",
            parse_math=False,
        )
    if data.chart_note:
        figure.text(
            0.025,
            0.93,
            data.chart_note,
            fontsize=LABEL_FONT_SIZE - 3,
            color=MUTED,
            ha="left",
            va="top",
            parse_math=False,
        )


def _draw_groups(axes: Axes, data: ReportData) -> list[Line2D | Patch]:
    """One dotted outline per role group (at the centre where its figure is not shown), each
    named in the legend by its role and how many it rests on."""
    from matplotlib.lines import Line2D

    team = data.team
    if team is None or not team.groups:
        return []
    handles: list[Line2D | Patch] = []
    for group, colour in zip(team.groups, GROUP_COLOURS, strict=False):
        radii = []
        for dimension in data.framework.dimensions:
            figure = group.figure(dimension.id)
            radii.append(0.0 if figure is None else float(figure.mean))
        closed = [*_points(radii), _points(radii)[0]]
        axes.plot(
            [x for x, _ in closed],
            [y for _, y in closed],
            color=colour,
            linewidth=2.5,
            linestyle=(0, (1.5, 1.5)),
            zorder=3,
        )
        handles.append(
            Line2D(
                [],
                [],
                color=colour,
                linewidth=2.5,
                linestyle=(0, (1.5, 1.5)),
                label=f"{role_label(group.role)} ({group.respondents})",
            )
        )
    return handles


def _radii(profile: Profile, framework: Framework) -> tuple[float, ...]:
    """A radius per dimension; 0 (the centre, below any real score) where not assessed."""
    by_id = {d.dimension_id: d for d in profile.dimensions}
    radii = []
    for dimension in framework.dimensions:
        result = by_id.get(dimension.id)
        radii.append(0.0 if result is None or result.score is None else float(result.score))
    return tuple(radii)


def _angle(index: int, count: int) -> float:
    """The first dimension (the anchor) at the top, the rest clockwise, in framework order."""
    return math.pi / 2 - 2 * math.pi * index / count


def _points(radii: Sequence[float]) -> list[tuple[float, float]]:
    count = len(radii)
    return [
        (r * math.cos(_angle(i, count)), r * math.sin(_angle(i, count)))
        for i, r in enumerate(radii)
    ]


def _draw_grid(axes: Axes, framework: Framework, count: int) -> None:
    from matplotlib.patches import Polygon

    for ring in RINGS:
        axes.add_patch(
            Polygon(
                _points([ring] * count),
                closed=True,
                fill=False,
                edgecolor=GRID if ring < RINGS[-1] else "#A0A0A0",
                linewidth=1.2,
                zorder=0,
            )
        )
    for x, y in _points([RINGS[-1]] * count):
        axes.plot([0, x], [0, y], color=GRID, linewidth=1.2, zorder=0)
    # Stage names sit lightly beside the top spoke, each just above its ring, on a veil of white
    # drawn over the outlines (but under their markers): a line crossing a name stays visible
    # and the name stays readable.
    for ring in RINGS:
        stage = framework.stage(ring)
        axes.text(
            0.1,
            ring + 0.05,
            f"{stage.number} {stage.name}",
            fontsize=13,
            color=MUTED,
            ha="left",
            va="bottom",
            zorder=4.5,
            parse_math=False,
            bbox={"facecolor": "white", "alpha": 0.7, "edgecolor": "none", "pad": 1.5},
        )


def _draw_band(axes: Axes, lowest: Sequence[float], highest: Sequence[float]) -> None:
    """The members' min–max band: the outer outline with the inner one cut out as a hole."""
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path

    outer = _points(highest)
    inner = list(reversed(_points(lowest)))  # opposite winding makes the hole
    vertices = [*outer, outer[0], *inner, inner[0]]
    codes = [Path.MOVETO, *[Path.LINETO] * (len(outer) - 1), Path.CLOSEPOLY]
    codes += [Path.MOVETO, *[Path.LINETO] * (len(inner) - 1), Path.CLOSEPOLY]
    axes.add_patch(
        PathPatch(Path(vertices, codes), facecolor=BAND, alpha=0.4, edgecolor="none", zorder=1)
    )


def _draw_outline(
    axes: Axes, radii: Sequence[float], *, colour: str, dashed: bool, filled: bool
) -> None:
    from matplotlib.patches import Polygon

    points = _points(radii)
    if filled:
        axes.add_patch(
            Polygon(points, closed=True, facecolor=colour, alpha=0.12, edgecolor="none", zorder=2)
        )
    closed = [*points, points[0]]
    axes.plot(
        [x for x, _ in closed],
        [y for _, y in closed],
        color=colour,
        linewidth=3 if dashed else 3.5,
        linestyle=(0, (4, 2)) if dashed else "solid",
        solid_joinstyle="round",
        zorder=3 if dashed else 4,
    )
    if not dashed:
        assessed = [p for p, r in zip(points, radii, strict=True) if r > 0]
        axes.plot(
            [x for x, _ in assessed],
            [y for _, y in assessed],
            linestyle="none",
            marker="o",
            markersize=11,
            markerfacecolor=colour,
            markeredgecolor="white",
            markeredgewidth=2,
            zorder=5,
        )


def _draw_axis_labels(axes: Axes, data: ReportData, count: int) -> None:
    """Each dimension's short name in bold and, under it, its score and the change since last time.

    Two text objects stacked by a fixed offset in points, so the spacing is the same at any size.
    """
    framework, profile = data.framework, data.profile
    trend = data.trend
    line = LABEL_FONT_SIZE * 1.3
    for index, result in enumerate(profile.dimensions):
        dimension = framework.dimension(result.dimension_id)
        angle = _angle(index, count)
        cos, sin = math.cos(angle), math.sin(angle)
        ha = "left" if cos > 0.2 else "right" if cos < -0.2 else "center"
        # Above the chart the name sits on top of the score line; below it, the name comes first.
        if sin > 0.9:
            name_dy, detail_dy, va = line, 0.0, "bottom"
        elif sin < -0.9:
            name_dy, detail_dy, va = 0.0, -line, "top"
        else:
            name_dy, detail_dy, va = line / 2, -line / 2, "center"
        coverage = data.team.coverage_of(dimension.id) if data.team is not None else None
        if result.score is None:
            detail = (
                "too few answers" if coverage is not None and coverage.withheld else NOT_ASSESSED
            )
        else:
            detail = score_text(result.score).removesuffix(" / 4")
            change = trend.dimension(dimension.id) if trend is not None else None
            if change is not None and change.delta is not None:
                detail += f"  ({delta_text(change.delta)})"
            elif change is not None and change.stages_only and change.stage_before is not None:
                detail += f"  (was Stage {change.stage_before})"
            elif change is not None:
                detail += "  (new)"
        xy = (LABEL_RADIUS * cos, LABEL_RADIUS * sin)
        for text, dy, weight, colour in (
            (dimension.short_name, name_dy, "bold", INK),
            (detail, detail_dy, "normal", INK if result.score is not None else MUTED),
        ):
            axes.annotate(
                text,
                xy=xy,
                xytext=(0, dy),
                textcoords="offset points",
                fontsize=LABEL_FONT_SIZE,
                fontweight=weight,
                fontstyle="normal" if result.score is not None or dy == name_dy else "italic",
                color=colour,
                ha=ha,
                va=va,
                parse_math=False,
                zorder=6,
            )
