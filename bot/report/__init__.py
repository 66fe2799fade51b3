"""Printable and image renderings of a maturity profile: a radar chart (PNG/SVG) and an HTML page.

Pure renderers: a `ReportData` in, bytes or text out; no Slack, no database, no network. Importing
this package must stay cheap (the bot's start-up time matters): the names below are imported on
first use, so `bot.report.links` or `bot.report.wording` never load the renderers; matplotlib is
imported only when a chart is drawn, and templates are loaded only when a page is rendered.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.report.chart import alt_text, radar_png, radar_svg
    from bot.report.html import render_html
    from bot.report.model import ReportData

__all__ = ["ReportData", "alt_text", "radar_png", "radar_svg", "render_html"]

_HOMES = {
    "ReportData": "bot.report.model",
    "alt_text": "bot.report.chart",
    "radar_png": "bot.report.chart",
    "radar_svg": "bot.report.chart",
    "render_html": "bot.report.html",
}


def __getattr__(name: str) -> Any:
    """Imported when first needed: keeps start-up short (PEP 562 module attribute)."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(home), name)
