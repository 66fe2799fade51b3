"""Draw docs/canvas.png: the channel canvas the bot writes for a realistic plan (the sample
team of bot/report/samples.py, six months after its previous run, with three moves planned and
one carried over), rendered as Slack shows a canvas, then screenshot with headless Chromium.

    .venv/bin/python scripts/canvas_picture.py [--html-only]

The markdown is exactly what the bot sends (bot.messages.canvas.plan_markdown); only the
rendering (people's mentions as names, the checklist as boxes) is this script's.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
from datetime import UTC, date, datetime
from pathlib import Path

from markdown_it import MarkdownIt

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from screenshots import find_chromium, screenshot  # noqa: E402

from bot.messages.canvas import PLAN_TITLE, plan_markdown  # noqa: E402
from bot.report.samples import _NOW, _SIX_MONTHS_AGO, _answers  # noqa: E402
from flows.plans import CommitmentView, PlanPage, PlanRound, proposals  # noqa: E402
from scoring import default_framework, score_team  # noqa: E402
from storage.models import CommitmentStatus  # noqa: E402

PEOPLE = {"UPRIYA": "Priya Raman", "UMARCO": "Marco Diaz", "UJUNE": "June Park"}
PROFILE_LINK = "https://acme-cs.slack.com/archives/C0ACMECS/p1795872300000100"
CLOSED = datetime(2026, 11, 28, 14, 5, tzinfo=UTC)

STYLE = """
body { margin: 0; background: #fff; font-family: Lato, "Helvetica Neue", Arial, sans-serif;
       color: #1d1c1d; font-size: 15px; line-height: 1.55; }
main { width: 780px; padding: 28px 40px 36px; }
h1 { font-size: 28px; margin: 0 0 18px; }
h2 { font-size: 20px; margin: 26px 0 8px; }
ul, ol { padding-left: 24px; margin: 6px 0; }
li { margin: 3px 0; }
li.task { list-style: none; margin-left: -22px; }
li.task input { margin-right: 8px; }
.mention { background: #e8f5fa; color: #1264a3; border-radius: 3px; padding: 0 2px; }
a { color: #1264a3; }
p { margin: 6px 0; }
em { color: #454245; }
"""


def sample_page() -> PlanPage:
    framework = default_framework()
    team = score_team(framework, [_answers(framework, m) for m in _NOW], minimum=3)
    previous = score_team(framework, [_answers(framework, m) for m in _SIX_MONTHS_AGO], minimum=3)
    outcomes, health, renewal = (framework.dimensions[i].id for i in (0, 3, 4))

    def move(
        n: int, text: str, dimension: str, owner: str, due: date, status: CommitmentStatus
    ) -> CommitmentView:
        settled = None if status is CommitmentStatus.OPEN else datetime(2026, 12, 3, tzinfo=UTC)
        return CommitmentView(f"c{n}", "run-2", n, dimension, text, owner, due, status, settled)

    round_ = PlanRound(
        workspace_id="T0ACME",
        channel_id="C0ACMECS",
        run_id="run-2",
        started_by="UPRIYA",
        closed_at=CLOSED,
        framework_version=framework.version,
        proposals=proposals(framework, team),
        commitments=(
            move(
                1,
                "Write down the outcome each top-20 customer bought us for",
                outcomes,
                "UPRIYA",
                date(2027, 1, 15),
                CommitmentStatus.DONE,
            ),
            move(
                2,
                "Agree on three health signals with Sales and Product",
                health,
                "UMARCO",
                date(2027, 1, 29),
                CommitmentStatus.OPEN,
            ),
            move(
                3,
                "Review every renewal due next quarter against its success plan",
                renewal,
                "UJUNE",
                date(2027, 2, 12),
                CommitmentStatus.OPEN,
            ),
        ),
        carried=(
            CommitmentView(
                "c0",
                "run-1",
                2,
                None,
                "Pick one tool for success plans",
                "UMARCO",
                date(2027, 1, 8),
                CommitmentStatus.OPEN,
                None,
            ),
        ),
    )
    return PlanPage(
        plan_id="plan-1",
        round_=round_,
        team=team,
        previous=previous,
        respondents=team.respondents,
        profile_ts="1795872300.000100",
        canvas_id="F0PLAN",
        no_canvas=None,
        message_ts=None,
        thread_ts=None,
        lead_id="UPRIYA",
        lead_told=False,
        owed=None,
    )


def canvas_html(markdown: str) -> str:
    """The canvas as Slack shows it: a mention as the person's name, a checklist as boxes."""
    markdown = re.sub(r"!\[\]\(@(\w+)\)", _mention, markdown)
    body = MarkdownIt("commonmark", {"html": True}).enable("strikethrough").render(markdown)
    body = re.sub(r"<li>\[( |x)\] ", _box, body)
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><style>{STYLE}</style></head>"
        f"<body><main><h1>{html.escape(PLAN_TITLE)}</h1>{body}</main></body></html>"
    )


def _mention(found: re.Match[str]) -> str:
    name = PEOPLE.get(found.group(1), found.group(1))
    return f'<span class="mention">@{html.escape(name)}</span>'


def _box(found: re.Match[str]) -> str:
    checked = " checked" if found.group(1) == "x" else ""
    return f'<li class="task"><input type="checkbox" disabled{checked}>'


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--html-only", action="store_true", help="write docs/canvas.html only")
    args = parser.parse_args()
    framework = default_framework()
    markdown = plan_markdown(framework, sample_page(), profile_link=PROFILE_LINK)
    (ROOT / "docs" / "canvas.md").write_text(markdown, encoding="utf-8")
    page = canvas_html(markdown)
    if args.html_only:
        (ROOT / "docs" / "canvas.html").write_text(page, encoding="utf-8")
        return
    screenshot(find_chromium(), page, ROOT / "docs" / "canvas.png", width=860, height=1080)


if __name__ == "__main__":
    main()
