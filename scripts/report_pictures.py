"""Write the sample team's report into docs/ exactly as the product renders it: the printable
page (docs/report.html), its chart (docs/chart.png), a screenshot of the page on screen
(docs/report.png) and of its first printed page, the summary (docs/summary.png).

    .venv/bin/python scripts/report_pictures.py [--html-only]

The team is bot/report/samples.py's, built as the bot builds a closed run's report, so the
title and names are the ones the product gives it. The summary picture is the page with its
print styles applied, one Letter page wide and high, screenshot with headless Chromium.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from screenshots import find_chromium, screenshot  # noqa: E402

from bot.report.chart import radar_png  # noqa: E402
from bot.report.html import render_html  # noqa: E402
from bot.report.samples import sample_team_report  # noqa: E402

DOCS = ROOT / "docs"
LETTER_PX = (816, 1056)
"""A Letter page at 96 px per inch, as Chromium lays out print."""
PRINTED_PAGE = """
<style>
  html, body { width: 816px; height: 1056px; overflow: hidden; }
  body { padding: 12mm 13mm; box-sizing: border-box; }
  .details, footer { display: none; }
</style>
"""
"""Shows only the first printed page: the page's margins as padding, the rest hidden."""


def summary_page(page: str) -> str:
    """The report as its first printed page: print styles applied on screen, the rest hidden."""
    page = page.replace("@media print {", "@media all {", 1)
    return page.replace("</head>", PRINTED_PAGE + "</head>", 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--html-only", action="store_true", help="write docs/report.html only")
    args = parser.parse_args()
    data = sample_team_report()
    page = render_html(data)
    (DOCS / "report.html").write_text(page, encoding="utf-8")
    if args.html_only:
        return
    (DOCS / "chart.png").write_bytes(radar_png(data))
    chromium = find_chromium()
    screenshot(chromium, page, DOCS / "report.png", width=900, height=2400)
    width, height = LETTER_PX
    screenshot(chromium, summary_page(page), DOCS / "summary.png", width=width, height=height)


if __name__ == "__main__":
    main()
