"""The radar chart of the six dimensions, as PNG (for Slack) or inline SVG (for the HTML page).

matplotlib is imported inside the functions, never at module level: loading it costs far more
than the rest of the bot's start-up, and most processes never draw a chart. The figure is drawn
on plain Cartesian axes rather than matplotlib's polar projection because polar axes draw the
edges between two dimensions as arcs; a radar chart's edges must be straight so that the shape,
not the projection, carries the meaning.
"""

from __future__ import annotations

import functools
import io
import math
import re
import struct
import threading
import zlib
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Literal

from bot.long_lived import freeze_long_lived
from bot.report.groups import alt_sentence, role_label
from bot.report.model import ReportData, band_shown
from bot.report.wording import NOT_ASSESSED, delta_text, score_text
from scoring import Framework, Profile

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.backend_bases import GraphicsContextBase, RendererBase
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    from matplotlib.text import Text
    from matplotlib.transforms import Bbox

SIZE_INCHES = 10
DPI = 100
"""10 in at 100 dpi: a 1000 px wide PNG, sharp on a high-density screen, small to upload; the
drawing is a 1000 px square, with a band below it for the legend when there is one."""
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
GROUP_DOTS = (0, (1.5, 1.5))

RINGS = (1, 2, 3, 4)
LABEL_RADIUS = 4.3
LABEL_FONT_SIZE = 20
TITLE_FONT_SIZE = 22
NAME_ZORDER = 6
SCORE_ZORDER = 6.5
"""Both above every outline, marker and the legend; the score lines above the names (they never
meet), so that nothing a chart draws is painted between the names, which are the same on every
chart and come from a saved backdrop (`_blitted`)."""
LIMIT = 6.4
"""Half the width of the drawing in score units: room for the axis labels outside ring 4."""

SVG_HASH_SALT = "outcome-readiness"
"""Seeds the SVG's element ids, so the same input gives the same bytes."""
_SVG_METADATA: dict[str, str | None] = {"Creator": None, "Date": None, "Format": None, "Type": None}
_RENDER = threading.Lock()
"""matplotlib's rc settings are process-wide; drawing one chart at a time keeps them ours."""


def radar_png(data: ReportData) -> bytes:
    """A 1000 px wide PNG of the chart (taller with a legend), legible at a third of that size, as
    Slack previews it."""
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


PNG_COMPRESSION = 2
"""zlib-ng's level for the PNG: on a mostly white chart, 1 is no faster and 15 % bigger, 3 is
40 % slower for 3 % less."""


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
        entries = _legend_entries(data)
        layout = legend_layout(entries)
        base = _base_figure(data.framework, layout.rows)
        names = _draw(base.figure, base.axes, data, entries, layout)
        try:
            return _encode(base, image_format, names)
        finally:
            base.reset()


def _encode(base: BaseFigure, image_format: Literal["png", "svg"], names: Sequence[Text]) -> bytes:
    """The drawn figure as SVG, or as PNG from the saved backdrop with `names` (the dimension
    names it holds: none for a chart that draws its own, see `_blitted`)."""
    return _svg(base) if image_format == "svg" else _png(_blitted(base, names))


def _svg(base: BaseFigure) -> bytes:
    buffer = io.BytesIO()
    base.figure.savefig(buffer, format="svg", dpi=DPI, metadata=_SVG_METADATA)
    return buffer.getvalue()


def _blitted(base: BaseFigure, names: Sequence[Text]) -> memoryview:
    """The chart's pixels, drawn over a copy of what never changes instead of from scratch.

    The backdrop (white, rings, spokes and the dimension names) is drawn once per base figure and
    set of names (none for the comparison chart, which draws its own); each chart restores it and
    draws only the rest, in the order a full draw would. A full draw paints the names over the
    outlines and the legend, so they may come first only where nothing reaches them; if anything
    does, the backdrop without the names is used and the names are drawn in their place. Either
    way the pixels are those of a full draw.

    The legend is checked as the band it is drawn in (`_legend_band`) rather than text by text:
    measuring its texts cost a tenth of a team chart, to find them inside that band every time.
    """
    canvas, figure, axes = base.canvas, base.figure, base.axes
    renderer = canvas.get_renderer()  # type: ignore[no-untyped-call]
    backdrop = _backdrop(base, names)
    own = [a for a in axes.get_children() if a not in base.shared and a not in names]
    legend = [a for a in own if a.get_gid() == LEGEND_GID]
    others = [a for a in own if a.get_gid() != LEGEND_GID]
    band = _legend_band(figure) if legend else None
    reached = _reaches(others, backdrop.name_boxes, renderer) or (
        band is not None and any(box.overlaps(band) for box in backdrop.name_boxes)
    )
    if not backdrop.usable or reached:
        names, backdrop = [], _backdrop(base, [])
    hidden = [*base.underlay, *names, figure.patch]
    for artist in hidden:
        artist.set_visible(False)
    try:
        canvas.restore_region(backdrop.pixels)  # type: ignore[no-untyped-call]
        figure.draw(renderer)
    finally:
        for artist in hidden:
            artist.set_visible(True)
    rgba: memoryview = canvas.buffer_rgba()  # type: ignore[no-untyped-call]
    return rgba


def _legend_band(figure: Figure) -> Bbox:
    """Where a legend is drawn, in pixels: the figure's width, from its bottom to the top of the
    legend's first row (`_draw_legend`), which its markers and texts stay below."""
    from matplotlib.transforms import Bbox

    band = figure.get_figheight() - SIZE_INCHES
    top = (band + LEGEND_OVERLAP_INCHES) * figure.dpi
    return Bbox.from_extents(0, 0, figure.bbox.width, top)


def _backdrop(base: BaseFigure, names: Sequence[Text]) -> Backdrop:
    key = tuple(name.get_text() for name in names)
    backdrop = base.backdrops.get(key)
    if backdrop is None:
        backdrop = base.backdrops[key] = _new_backdrop(base, names)
    return backdrop


def _new_backdrop(base: BaseFigure, names: Sequence[Text]) -> Backdrop:
    """The figure with the underlay and the names alone, where each name is, and whether the
    shared artists drawn under the names (the stage names) keep clear of them."""
    axes, canvas = base.axes, base.canvas
    others = [a for a in [*axes.get_children(), *base.figure.texts] if a.get_visible()]
    others = [a for a in others if a not in base.underlay and a not in names]
    for artist in others:
        artist.set_visible(False)
    try:
        canvas.draw()  # type: ignore[no-untyped-call]  # matplotlib leaves it unannotated
    finally:
        for artist in others:
            artist.set_visible(True)
    renderer = canvas.get_renderer()  # type: ignore[no-untyped-call]
    boxes = [name.get_window_extent(renderer).padded(REACH) for name in names]
    undrawn = {axes.patch, axes.xaxis, axes.yaxis, *axes.spines.values()}  # the axis is off
    shared = [a for a in base.shared if a not in base.underlay and a not in undrawn]
    pixels = canvas.copy_from_bbox(base.figure.bbox)  # type: ignore[no-untyped-call]
    return Backdrop(pixels, boxes, not _reaches(shared, boxes, renderer))


REACH = 8.0
"""Pixels around a name's box that count as reaching it: a line's half width, a marker's edge, a
text's veil and antialiasing all fit within it."""


def _reaches(artists: Sequence[Artist], boxes: Sequence[Bbox], renderer: RendererBase) -> bool:
    """Whether any of the artists a full draw paints before the names might touch one.

    Those are the ones below the names in z-order, and those level with them (added before or
    after: checking both is simpler and errs on the safe side); the score lines and the title
    are above the names, so they are painted after them either way.
    """
    for artist in artists:
        if artist.get_zorder() > NAME_ZORDER or not artist.get_visible() or not _inked(artist):
            continue
        extent = artist.get_window_extent(renderer)
        if any(extent.overlaps(box) for box in boxes):
            return True
    return False


def _inked(artist: Artist) -> bool:
    """False for an empty text (the axes' unused titles), which draws nothing."""
    from matplotlib.text import Text

    return not isinstance(artist, Text) or artist.get_text() != ""


def _png(rgba: memoryview) -> bytes:
    """Agg's pixels as an RGB PNG: alpha dropped (the figure is opaque), rows left unfiltered.

    matplotlib's own writer (through Pillow) keeps the alpha channel and tries a filter per row
    at zlib's default level: it took a third of the chart's time, for a bigger file than this.
    Pillow's raw packer drops the alpha channel ten times faster than a strided numpy copy.
    zlib-ng deflates in a third of the standard library's time, to a smaller file: it was most of
    what was left of the encoding (5 of 6 ms for a person's chart).
    """
    import numpy as np
    from PIL import Image
    from zlib_ng import zlib_ng

    pixels = np.asarray(rgba)
    height, width = pixels.shape[:2]
    image = Image.frombuffer("RGBA", (width, height), pixels, "raw", "RGBA", 0, 1)
    rgb = np.frombuffer(image.tobytes("raw", "RGB"), dtype=np.uint8)
    rows = np.empty((height, 1 + 3 * width), dtype=np.uint8)  # each row: filter 0, then RGB
    rows[:, 0] = 0
    rows[:, 1:] = rgb.reshape(height, 3 * width)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return b"".join(
        (
            b"\x89PNG\r\n\x1a\n",
            _chunk(b"IHDR", header),
            _chunk(b"IDAT", zlib_ng.compress(rows.data, PNG_COMPRESSION)),
            _chunk(b"IEND", b""),
        )
    )


def _chunk(kind: bytes, body: bytes) -> bytes:
    checksum = zlib.crc32(body, zlib.crc32(kind))
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", checksum)


GLYPH_CACHE_TEXTS = 256
"""Texts whose glyph bitmaps are kept: the stage names, the score lines and titles seen lately
(a bitmap per glyph, a few kilobytes a text)."""


@functools.cache
def _glyph_caching_canvas() -> type[FigureCanvasAgg]:
    """An Agg canvas whose renderer keeps each text's glyph bitmaps for the next chart.

    Agg lays out and rasterizes every glyph of every text on every draw: two thirds of a
    chart's time went there, for the same few strings at the same places each time. The
    renderer records the bitmaps matplotlib's own `draw_text` hands to Agg, keyed by everything
    they depend on (the string, font, size, place to the sub-pixel, hinting), and hands the
    same bitmaps to Agg again on the next draw of that text: the same calls, so the same pixels.
    """
    import matplotlib as mpl
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
    from matplotlib.font_manager import findfont

    Glyph = tuple[np.ndarray, int, int, float]

    class Recorder:
        """Stands in for Agg's C++ renderer while a text is drawn: passes every call on and
        keeps the glyph bitmaps; anything else drawn (a box of mathtext) makes it unkeepable."""

        def __init__(self, target: object) -> None:
            self.target = target
            self.glyphs: list[Glyph] = []
            self.only_glyphs = True

        def draw_text_image(
            self, image: np.ndarray, x: int, y: int, angle: float, gc: object
        ) -> None:
            self.glyphs.append((np.array(image, copy=True), x, y, angle))
            self.target.draw_text_image(image, x, y, angle, gc)  # type: ignore[attr-defined]

        def __getattr__(self, name: str) -> object:
            self.only_glyphs = False
            return getattr(self.target, name)

    class GlyphCachingRenderer(RendererAgg):
        def __init__(self, width: float, height: float, dpi: float) -> None:
            super().__init__(width, height, dpi)  # type: ignore[no-untyped-call]
            self.glyph_cache: OrderedDict[tuple[object, ...], list[Glyph]] = OrderedDict()

        def draw_text(
            self,
            gc: GraphicsContextBase,
            x: float,
            y: float,
            s: str,
            prop: FontProperties,
            angle: float,
            ismath: bool | Literal["TeX"] = False,
            mtext: Text | None = None,
        ) -> None:
            if ismath:
                super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)  # type: ignore[no-untyped-call]
                return
            key = (
                s,
                prop.copy(),
                findfont(prop),
                x,
                y,
                angle,
                self.dpi,
                gc.get_antialiased(),
                mpl.rcParams["text.hinting"],
                mpl.rcParams["text.hinting_factor"],
                None if mtext is None else mtext.get_fontfeatures(),
                None if mtext is None else mtext.get_language(),
            )
            glyphs = self.glyph_cache.get(key)
            if glyphs is not None:
                self.glyph_cache.move_to_end(key)
                for image, left, bottom, turn in glyphs:
                    self._renderer.draw_text_image(image, left, bottom, turn, gc)
                return
            agg, recorder = self._renderer, Recorder(self._renderer)
            self._renderer = recorder
            try:
                super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)  # type: ignore[no-untyped-call]
            finally:
                self._renderer = agg
            if recorder.only_glyphs:
                self.glyph_cache[key] = recorder.glyphs
                if len(self.glyph_cache) > GLYPH_CACHE_TEXTS:
                    self.glyph_cache.popitem(last=False)

    class GlyphCachingCanvas(FigureCanvasAgg):
        glyph_renderer: GlyphCachingRenderer | None = None

        def get_renderer(self) -> RendererAgg:
            width, height = self.get_width_height(physical=True)
            renderer = self.glyph_renderer
            if renderer is None or (renderer.width, renderer.height, renderer.dpi) != (
                width,
                height,
                self.figure.dpi,
            ):
                renderer = self.glyph_renderer = GlyphCachingRenderer(
                    width, height, self.figure.dpi
                )
            return renderer

    return GlyphCachingCanvas


@dataclass(frozen=True)
class Backdrop:
    """What every chart with these dimension names starts from (see `_blitted`)."""

    pixels: object
    """Agg's saved pixels of the underlay and the names."""
    name_boxes: list[Bbox]
    """Where each name is, in pixels, widened by `REACH`."""
    usable: bool
    """False if a shared artist painted before the names reaches one: then every chart starts
    from the backdrop without names."""


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
    underlay: frozenset[Artist]
    """The shared artists below everything a chart draws (rings and spokes, at z-order 0)."""
    backdrops: dict[tuple[str, ...], Backdrop] = field(default_factory=dict)
    """Per set of dimension names: the pixels of the underlay and the names alone, and where
    each name is (see `_blitted`)."""

    def reset(self) -> None:
        """Back to the shared artists alone: the chart's outlines, labels and legend removed."""
        legend = self.axes.get_legend()
        if legend is not None:
            legend.remove()
        axes, figure = self.axes, self.figure
        for artist in [*axes.lines, *axes.patches, *axes.texts, *figure.texts]:
            if artist not in self.shared:
                artist.remove()


def _base_figure(framework: Framework, legend_rows: int = 0) -> BaseFigure:
    key = (
        len(framework.dimensions),
        tuple(framework.stage(ring).name for ring in RINGS),
        legend_rows,
    )
    base = _BASES.get(key)
    if base is None:
        base = _BASES[key] = _new_base_figure(framework, legend_rows)
        freeze_long_lived("charts loaded")
    return base


_BASES: dict[tuple[int, tuple[str, ...], int], BaseFigure] = {}
"""One base figure per number of dimensions, stage names (all a framework's grid depends on) and
number of legend rows (the figure's height): a handful in all."""


def _new_base_figure(framework: Framework, legend_rows: int = 0) -> BaseFigure:
    from matplotlib.figure import Figure

    band = legend_band_inches(legend_rows)
    height = SIZE_INCHES + band
    figure = Figure(figsize=(SIZE_INCHES, height), dpi=DPI, facecolor="white")
    canvas = _glyph_caching_canvas()(figure)
    axes = figure.add_axes((0, band / height, 1, SIZE_INCHES / height))
    axes.set_xlim(-LIMIT, LIMIT)
    axes.set_ylim(-LIMIT, LIMIT)
    axes.set_aspect("equal")
    axes.axis("off")
    _draw_grid(axes, framework, len(framework.dimensions))
    shared = frozenset([*axes.get_children(), *figure.texts])
    return BaseFigure(figure, canvas, axes, shared, frozenset([*axes.lines, *axes.patches]))


def _draw(
    figure: Figure,
    axes: Axes,
    data: ReportData,
    entries: Sequence[Line2D | Patch],
    layout: LegendLayout,
) -> list[Text]:
    """Draw the chart's own artists on the base figure; returns the dimension names' texts."""
    framework, profile = data.framework, data.profile
    count = len(framework.dimensions)
    if band_shown(data):
        assert data.team is not None
        spreads = data.team.dimensions
        lowest = tuple(0.0 if s is None else float(s.minimum) for s in spreads)
        highest = tuple(0.0 if s is None else float(s.maximum) for s in spreads)
        _draw_band(axes, lowest, highest)
    if data.previous is not None and data.previous_scores_shown:
        _draw_outline(
            axes, _radii(data.previous, framework), colour=PREVIOUS, dashed=True, filled=False
        )
    _draw_groups(axes, data)
    _draw_outline(
        axes, _radii(profile, framework), colour=CURRENT, dashed=False, filled=data.team is None
    )
    names = _draw_axis_labels(axes, data, count)
    _draw_title(figure, data)
    if layout.rows:
        _draw_legend(figure, axes, entries, layout)
    return names


def _legend_entries(data: ReportData) -> list[Line2D | Patch]:
    """What the legend lists, in its order: the current outline, the members' range, the previous
    run, then each role group. A lone entry is no legend (the chart's words say what it is)."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    label = "Team mean" if data.team is not None else "This run"
    entries: list[Line2D | Patch] = [
        Line2D([], [], color=CURRENT, linewidth=3.5, marker="o", markersize=9, label=label)
    ]
    if band_shown(data):
        entries.append(Patch(facecolor=BAND, alpha=0.4, edgecolor="none", label="Members' range"))
    if data.previous is not None and data.previous_scores_shown:
        entries.append(
            Line2D([], [], color=PREVIOUS, linewidth=3, linestyle=(0, (4, 2)), label="Previous run")
        )
    team = data.team
    for group, colour in zip(team.groups if team else [], GROUP_COLOURS, strict=False):
        entries.append(
            Line2D(
                [],
                [],
                color=colour,
                linewidth=2.5,
                linestyle=GROUP_DOTS,
                label=f"{role_label(group.role)} ({group.respondents})",
            )
        )
    return entries if len(entries) > 1 else []


LEGEND_FONT_SIZE = 17
LEGEND_HANDLE_LENGTH = 2.0
LEGEND_HANDLE_PAD = 0.6
LEGEND_COLUMN_SPACING = 1.2
LEGEND_MOST_COLUMNS = 3
LEGEND_ROW_INCHES = 0.34
"""A legend row's height at `LEGEND_FONT_SIZE` (the text's line and matplotlib's spacing of half
a font size between rows), rounded up."""
LEGEND_OVERLAP_INCHES = 0.75
"""How far the legend rises into the drawing's square: the lowest a label can reach (a name and
its score line under the bottom spoke's end, for a framework with a dimension pointing straight
down) is above this, so the legend is in the square's empty bottom margin, never on a label."""
LEGEND_SIDE_INCHES = 0.1
"""The least white on either side of the legend."""
LEGEND_BOTTOM_INCHES = 0.2
"""White below the legend's last row."""


@dataclass(frozen=True)
class LegendLayout:
    """How the legend is laid out below the drawing: its columns and rows (0 rows: no legend)."""

    rows: int
    text_widths: tuple[float, ...]
    """Each column's widest label, in pixels: one per column."""


def legend_layout(entries: Sequence[Line2D | Patch]) -> LegendLayout:
    """As many columns (up to three) as fit the figure's width, so that the legend takes as few
    rows, and the figure as little added height, as its labels allow.

    Decided before drawing, from the labels' widths, because the number of rows sets the figure's
    height and so which base figure the chart is drawn on.
    """
    if not entries:
        return LegendLayout(0, ())
    size_px = LEGEND_FONT_SIZE * DPI / 72
    widths = [_label_width(str(entry.get_label())) for entry in entries]
    room = (SIZE_INCHES - 2 * LEGEND_SIDE_INCHES) * DPI
    for columns in range(min(LEGEND_MOST_COLUMNS, len(entries)), 0, -1):
        rows = math.ceil(len(entries) / columns)
        # matplotlib fills the columns top to bottom, each as wide as its widest label.
        column_widths = [max(widths[start : start + rows]) for start in range(0, len(widths), rows)]
        width = sum(column_widths) + size_px * (
            len(column_widths) * (LEGEND_HANDLE_LENGTH + LEGEND_HANDLE_PAD)
            + (len(column_widths) - 1) * LEGEND_COLUMN_SPACING
        )
        if width <= room or columns == 1:
            return LegendLayout(rows, tuple(column_widths))
    raise AssertionError("unreachable: one column always returns")


@functools.lru_cache(maxsize=GLYPH_CACHE_TEXTS)
def _label_width(label: str) -> float:
    """A legend label's width in pixels; kept, as FreeType's layout of it cost 0.3 ms a label."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import text_to_path

    font = FontProperties(family="DejaVu Sans", size=LEGEND_FONT_SIZE)
    width: float = text_to_path.get_text_width_height_descent(label, font, ismath=False)[0]
    return width * DPI / 72


def legend_band_inches(rows: int) -> float:
    """The height the figure grows by below the drawing's square for a legend of `rows` rows."""
    if rows == 0:
        return 0.0
    return max(0.0, rows * LEGEND_ROW_INCHES + LEGEND_BOTTOM_INCHES - LEGEND_OVERLAP_INCHES)


def _draw_legend(
    figure: Figure, axes: Axes, entries: Sequence[Line2D | Patch], layout: LegendLayout
) -> None:
    """Centred below the drawing, its top in the square's empty bottom margin, filled column by
    column. Drawn as plain lines, patches and texts of the axes rather than a matplotlib legend:
    its layout of nested boxes cost 30 ms of a 40 ms team chart, for a grid that
    `legend_layout` has already measured. Artists of the axes, so that `BaseFigure.reset` and
    the backdrop treat them as the chart's own.
    """
    from matplotlib.lines import Line2D
    from matplotlib.patches import Rectangle

    inches = figure.dpi_scale_trans
    size = LEGEND_FONT_SIZE / 72  # the font size, in inches
    band = legend_band_inches(layout.rows)
    top = band + LEGEND_OVERLAP_INCHES
    widths = [
        w / DPI + size * (LEGEND_HANDLE_LENGTH + LEGEND_HANDLE_PAD) for w in layout.text_widths
    ]
    left = (SIZE_INCHES - sum(widths) - size * LEGEND_COLUMN_SPACING * (len(widths) - 1)) / 2
    for index, entry in enumerate(entries):
        column, row = divmod(index, layout.rows)
        x = left + sum(widths[:column]) + size * LEGEND_COLUMN_SPACING * column
        y = top - (row + 0.5) * LEGEND_ROW_INCHES
        end = x + size * LEGEND_HANDLE_LENGTH
        style = {"transform": inches, "clip_on": False, "zorder": LEGEND_ZORDER, "gid": LEGEND_GID}
        if isinstance(entry, Line2D):
            # A copy of the entry's line (its colour, width, dash pattern and marker), drawn
            # along the handle's length with its marker only in the middle.
            line = Line2D([x, (x + end) / 2, end], [y, y, y])
            line.update_from(entry)
            line.set_markevery([1])
            line.set(**style)
            axes.add_artist(line)
        else:
            height = size * 0.7
            axes.add_patch(
                Rectangle(
                    (x, y - height / 2),
                    end - x,
                    height,
                    facecolor=entry.get_facecolor(),
                    edgecolor="none",
                    **style,  # type: ignore[arg-type]
                )
            )
        axes.text(
            end + size * LEGEND_HANDLE_PAD,
            y,
            str(entry.get_label()),
            fontsize=LEGEND_FONT_SIZE,
            color=INK,
            ha="left",
            va="center_baseline",
            parse_math=False,
            **style,  # type: ignore[arg-type]
        )


LEGEND_ZORDER = 5
"""Over the outlines, under the names (which it never meets)."""
LEGEND_GID = "legend"
"""Marks the legend's artists, so that a test can find them."""


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


def _draw_groups(axes: Axes, data: ReportData) -> None:
    """One dotted outline per role group (at the centre where its figure is not shown); the
    legend names each by its role and how many it rests on."""
    team = data.team
    if team is None:
        return
    for group, colour in zip(team.groups, GROUP_COLOURS, strict=False):
        radii = []
        for dimension in data.framework.dimensions:
            figure = group.figure(dimension.id)
            radii.append(0.0 if figure is None else float(figure.mean))
        points = _points(radii)
        closed = [*points, points[0]]
        _add_line(
            axes,
            closed,
            color=colour,
            linewidth=2.5,
            linestyle=GROUP_DOTS,
            zorder=3,
        )


def _add_line(axes: Axes, points: Sequence[tuple[float, float]], **style: Any) -> None:
    """A line through `points` drawn as `axes.plot` draws it, without what `plot` does for axes
    that fit their data (reading a format string, taking the next colour, growing the data
    limits): these axes' limits are fixed, and those steps made `plot` cost three times the line
    itself."""
    from matplotlib.lines import Line2D

    axes.add_artist(Line2D([x for x, _ in points], [y for _, y in points], **style))


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
    _add_line(
        axes,
        closed,
        color=colour,
        linewidth=3 if dashed else 3.5,
        linestyle=(0, (4, 2)) if dashed else "solid",
        solid_joinstyle="round",
        zorder=3 if dashed else 4,
    )
    if not dashed:
        assessed = [p for p, r in zip(points, radii, strict=True) if r > 0]
        _add_line(
            axes,
            assessed,
            linestyle="none",
            marker="o",
            markersize=11,
            markerfacecolor=colour,
            markeredgecolor="white",
            markeredgewidth=2,
            zorder=5,
        )


def _draw_axis_labels(axes: Axes, data: ReportData, count: int) -> list[Text]:
    """Each dimension's short name in bold and, under it, its score and the change since last time.

    Two text objects stacked by a fixed offset in points, so the spacing is the same at any size.
    Returns the names' texts, which are the same on every chart of the framework.
    """
    framework, profile = data.framework, data.profile
    trend = data.trend
    line = LABEL_FONT_SIZE * 1.3
    names: list[Text] = []
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
            annotation = axes.annotate(
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
                # Its point is always inside the axes (at LABEL_RADIUS, within LIMIT): no need
                # for matplotlib to check, on every draw, whether to leave the label out.
                annotation_clip=False,
                zorder=NAME_ZORDER if dy == name_dy else SCORE_ZORDER,
            )
            if dy == name_dy:
                names.append(annotation)
    return names
