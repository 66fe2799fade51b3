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
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

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


def screenshot(chromium: str, page: str, target: Path, size: tuple[int, int]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "page.html"
        source.write_text(page, encoding="utf-8")
        subprocess.run(
            [
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--user-data-dir={Path(tmp) / 'profile'}",
                "--hide-scrollbars",
                "--force-device-scale-factor=1",
                f"--window-size={size[0]},{size[1]}",
                f"--screenshot={target}",
                source.as_uri(),
            ],
            check=True,
            capture_output=True,
        )


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
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        sys.exit("needs chromium (apt-get install chromium), or pass --html-only")
    screenshot(chromium, page, DOCS / "report.png", (900, 2400))
    screenshot(chromium, summary_page(page), DOCS / "summary.png", LETTER_PX)


if __name__ == "__main__":
    main()
