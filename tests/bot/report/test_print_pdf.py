"""The printable report as a printer gets it: headless Chromium prints the page to a Letter PDF,
and the PDF is read back page by page. A report that runs to ten pages, or leaves a page with
two lines on it, is what people complained about; this is the check that it does not.

How full a page is: the distance from the page's top to its lowest line of text, as a share of
the page's height (pypdf gives each piece of text with its position). Every part of the report
ends in text (the chart in its caption), so a page whose last text is near its top is a page
left nearly blank.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import tempfile
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest

from bot.report import ReportData, render_html
from bot.report.samples import sample_member_report, sample_team_report
from scripts.screenshots import headless

MOST_PAGES = 4
LEAST_USED = 0.15
"""A page whose text ends within the top 15 % of it is nearly empty."""
LETTER_POINTS = (612, 792)


@pytest.fixture(scope="session")
def chromium() -> Iterator[str]:
    """Debian's Chromium, installed with apt-get when it is missing and this is root.

    Under a lock file shared by every test process on the machine: several of the suite's
    workers may reach this at once (and so may two runs), and two apt-gets at once fail on
    dpkg's lock; a later one here waits, then finds Chromium installed."""
    with open(Path(tempfile.gettempdir()) / "readiness-chromium.lock", "ab") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        found = shutil.which("chromium") or _install_chromium()
    yield found


def _install_chromium() -> str:
    if shutil.which("apt-get") is None:
        pytest.skip("Chromium is not installed and there is no apt-get to install it with")
    if os.geteuid() != 0:
        pytest.skip(
            "Chromium is not installed, and only root may install it (apt-get install -y chromium)"
        )
    environment = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "chromium"]
    done = subprocess.run(install, capture_output=True, text=True, env=environment, timeout=1200)
    if done.returncode != 0:  # the package lists may be missing or stale
        subprocess.run(["apt-get", "update"], capture_output=True, env=environment, timeout=600)
        done = subprocess.run(
            install, capture_output=True, text=True, env=environment, timeout=1200
        )
    found = shutil.which("chromium")
    if done.returncode != 0 or found is None:
        reason = (done.stderr.strip().splitlines() or ["no message"])[-1]
        pytest.skip(f"Chromium is not installed and apt-get install -y chromium failed: {reason}")
    return found


def print_to_pdf(chromium: str, data: ReportData, directory: Path) -> Path:
    page = directory / "report.html"
    page.write_text(render_html(data), encoding="utf-8")
    pdf = directory / "report.pdf"
    subprocess.run(
        [
            *headless(chromium, directory / "profile"),
            f"--print-to-pdf={pdf}",
            "--no-pdf-header-footer",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return pdf


def used_share(page: pypdf.PageObject) -> float:
    """How far down the page its text reaches, as a share of the page's height (0: no text)."""
    baselines: list[float] = []

    def seen(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        if text.strip():
            baselines.append(pypdf.mult(tm, cm)[5])

    page.extract_text(visitor_text=seen)
    height = float(page.mediabox.height)
    return (height - min(baselines)) / height if baselines else 0.0


def text_of(page: pypdf.PageObject) -> str:
    """The page's text as written ("profile", where the PDF has the ligature "ﬁ")."""
    return unicodedata.normalize("NFKC", page.extract_text())


def printed(chromium: str, data: ReportData, directory: Path) -> list[pypdf.PageObject]:
    return list(pypdf.PdfReader(print_to_pdf(chromium, data, directory)).pages)


@pytest.mark.parametrize(
    "report", [sample_team_report, sample_member_report], ids=["team", "a member's own"]
)
def test_the_printed_report_is_at_most_four_letter_pages_none_nearly_empty(
    chromium: str, tmp_path: Path, report: object
) -> None:
    assert callable(report)
    pages = printed(chromium, report(), tmp_path)
    assert 2 <= len(pages) <= MOST_PAGES
    for page in pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == LETTER_POINTS
    shares = [round(used_share(page), 2) for page in pages]
    assert min(shares) >= LEAST_USED, f"a page is nearly empty: {shares}"


def test_the_summary_prints_alone_on_the_first_page(chromium: str, tmp_path: Path) -> None:
    data = sample_team_report()
    first, second, *_ = (text_of(page) for page in printed(chromium, data, tmp_path))
    assert data.title in first
    for part in ("Overall", "The dimensions", "Start with", "Worth discussing"):
        assert part.casefold() in first.casefold()
    assert "Words this report uses" not in first
    assert "Words this report uses" in second  # the details start on a page of their own
    last_prompt = data.team.discussion_prompts[-1] if data.team else None
    assert last_prompt is not None
    prompt = data.framework.question(last_prompt.question_id).prompt
    assert prompt.split()[-1] in first.split()  # the summary's last line is on its page
