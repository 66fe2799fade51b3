"""Printable and image renderings of a maturity profile: a radar chart (PNG/SVG) and an HTML page.

Pure renderers: a `ReportData` in, bytes or text out; no Slack, no database, no network. Importing
this package must stay cheap (the bot's start-up time matters), so matplotlib is imported only
when a chart is drawn, and templates are loaded only when a page is rendered.
"""

from bot.report.chart import alt_text, radar_png, radar_svg
from bot.report.html import render_html
from bot.report.model import ReportData

__all__ = ["ReportData", "alt_text", "radar_png", "radar_svg", "render_html"]
