"""Draw docs/team-profile.png: the team profile message as Slack shows it in the channel, for the
demo's team (bot/run_modes/demo.py: this quarter's answers, last quarter's to compare with),
rendered from the message's real Block Kit and screenshot with headless Chromium.

    .venv/bin/python scripts/team_profile_picture.py [--html-only]

The blocks are exactly what the bot posts (bot.messages.profile.team_profile_message); only the
drawing (Slack's fonts, colours and layout of each block type) is this script's, so re-run it
whenever the message changes.
"""

from __future__ import annotations

import argparse
import html
import re
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image, ImageChops  # noqa: E402
from screenshots import find_chromium, screenshot  # noqa: E402

from bot.messages.profile import team_profile_message  # noqa: E402
from bot.run_modes.demo import CHANNEL, LEAD, TEAM, last_quarter  # noqa: E402
from flows.steps import TeamProfileReady, TeamProgress  # noqa: E402
from scoring import Framework, default_framework, score_team  # noqa: E402

DOCS = ROOT / "docs"
CLOSED = datetime(2026, 12, 4, 15, 0, tzinfo=UTC)
REPORT_URL = "https://readiness.example.com/reports/sample"
PUSHPIN = (
    '<svg width="15" height="15" viewBox="0 0 16 16" style="vertical-align:-2px">'
    '<line x1="7" y1="9" x2="2" y2="15" stroke="#7a7a7a" stroke-width="1.6"/>'
    '<circle cx="10" cy="6" r="5" fill="#dd2e44"/></svg>'
)
EMOJI = {"pushpin": PUSHPIN}
"""Emoji the bot uses, drawn here (the machine that renders the picture may have no emoji font);
any other shows as its :name:, which makes a new one easy to spot."""
WIDTH = 760

STYLE = """
body { margin: 0; background: #fff; font-family: Lato, "Helvetica Neue", Arial, sans-serif;
       color: #1d1c1d; font-size: 15px; line-height: 1.46; }
.message { display: flex; gap: 8px; padding: 16px 20px 20px; width: 720px; }
.avatar { width: 36px; height: 36px; border-radius: 6px; background: #2d6a4f; color: #fff;
          font-weight: 700; display: flex; align-items: center; justify-content: center;
          flex: none; }
.who { font-weight: 900; } .app { background: #e8e8e8; color: #616061; font-size: 10px;
       font-weight: 700; padding: 1px 3px; border-radius: 2px; margin: 0 4px; }
.when { color: #616061; font-size: 12px; }
.header { font-size: 18px; font-weight: 900; margin: 6px 0 4px; }
.section { margin: 6px 0; white-space: pre-wrap; }
.fields { display: grid; grid-template-columns: 1fr 1fr; gap: 4px 16px; margin: 6px 0; }
.fields div { white-space: pre-wrap; }
.context { color: #616061; font-size: 13px; margin: 6px 0; white-space: pre-wrap; }
.divider { border-top: 1px solid #dddddd; margin: 10px 0; }
.actions { margin: 8px 0; display: flex; gap: 8px; }
.button { border: 1px solid #bbbbbb; border-radius: 4px; padding: 4px 12px; font-weight: 700;
          font-size: 14px; }
.button.primary { background: #007a5a; border-color: #007a5a; color: #fff; }
.mention { background: #e8f5fa; color: #1264a3; border-radius: 3px; padding: 0 2px; }
a { color: #1264a3; text-decoration: none; }
code { font-family: Monaco, Menlo, monospace; font-size: 12px; color: #e01e5a;
       background: #f6f6f6; border: 1px solid #dddddd; border-radius: 3px; padding: 0 3px; }
blockquote { border-left: 4px solid #dddddd; margin: 0; padding-left: 12px; }
"""


def sample_message(framework: Framework) -> list[dict[str, Any]]:
    """The demo team's profile this quarter, with last quarter's as the previous one."""
    questions = [q.id for q in framework.questions]
    roles = [c.part_of_org for c in TEAM]
    now = [dict(zip(questions, c.picks(len(questions)), strict=True)) for c in TEAM]
    before = [dict(zip(questions, last_quarter(c), strict=True)) for c in TEAM]
    team = score_team(framework, now, minimum=3, roles=roles)
    previous = score_team(framework, before, minimum=3, roles=roles)
    progress = TeamProgress(
        run_id="run-2",
        workspace_id="T0ACME",
        channel_id=CHANNEL,
        message_ts="1796571000.000100",
        completed=len(TEAM),
        invited=len(TEAM) + 1,
        min_respondents=3,
        closes_at=CLOSED,
        started_by=LEAD.user_id,
    )
    ready = TeamProfileReady(
        progress=progress, team=team, previous=previous.profile, closed_at=CLOSED
    )
    message = team_profile_message(framework, ready, report_url=REPORT_URL)
    return list(message.blocks)


def mrkdwn(text: str) -> str:
    """Slack's mrkdwn as the client draws it: bold, italic, code, links, mentions, emoji."""
    out = html.escape(html.unescape(text), quote=False)
    out = re.sub(r"&lt;(https?://[^|&]+)\|([^&]+)&gt;", r'<a href="\1">\2</a>', out)
    out = re.sub(
        r"&lt;@([A-Z0-9]+)&gt;", lambda m: f'<span class="mention">@{_name(m[1])}</span>', out
    )
    out = re.sub(r"&lt;#[A-Z0-9]+(?:\|[^&]*)?&gt;", '<span class="mention">#cs-team</span>', out)
    out = re.sub(r"&lt;!date\^\d+\^[^|]*\|([^&]*)&gt;", r"\1", out)
    out = re.sub(r"`([^`]+)`", r"<code>\1</code>", out)
    out = re.sub(r"(?<![\w*])\*(?!\s)([^*\n]+?)\*(?![\w*])", r"<b>\1</b>", out)
    out = re.sub(r"(?<![\w])_(?!\s)([^_\n]+?)_(?![\w])", r"<i>\1</i>", out)
    out = re.sub(r"^&gt; ?(.*)$", r"<blockquote>\1</blockquote>", out, flags=re.MULTILINE)
    return re.sub(r":([a-z_]+):", lambda m: EMOJI.get(m[1], m[0]), out)


def _name(user_id: str) -> str:
    people = {LEAD.user_id: LEAD.name, **{c.user_id: c.name for c in TEAM}}
    return people.get(user_id, user_id)


def _text(obj: dict[str, Any]) -> str:
    if obj.get("type") == "mrkdwn":
        return mrkdwn(str(obj["text"]))
    return re.sub(r":([a-z_]+):", lambda m: EMOJI.get(m[1], m[0]), html.escape(str(obj["text"])))


def block_html(block: dict[str, Any]) -> str:
    """One Block Kit block as the Slack client lays it out."""
    kind = block["type"]
    if kind == "header":
        return f'<div class="header">{_text(block["text"])}</div>'
    if kind == "divider":
        return '<div class="divider"></div>'
    if kind == "context":
        parts = [_text(e) for e in block["elements"] if e.get("type") != "image"]
        return f'<div class="context">{" ".join(parts)}</div>'
    if kind == "actions":
        buttons = [
            f'<span class="button {e.get("style", "")}">{_text(e["text"])}</span>'
            for e in block["elements"]
            if e.get("type") == "button"
        ]
        return f'<div class="actions">{"".join(buttons)}</div>'
    if kind == "section":
        parts = []
        if "text" in block:
            parts.append(f'<div class="section">{_text(block["text"])}</div>')
        if "fields" in block:
            cells = "".join(f"<div>{_text(f)}</div>" for f in block["fields"])
            parts.append(f'<div class="fields">{cells}</div>')
        if (accessory := block.get("accessory")) and accessory.get("type") == "button":
            parts.append(block_html({"type": "actions", "elements": [accessory]}))
        return "".join(parts)
    if kind == "rich_text":
        return f'<div class="section">{html.escape(str(block))}</div>'
    raise ValueError(f"no drawing for a {kind!r} block: add one to this script")


def page(blocks: list[dict[str, Any]]) -> str:
    body = "".join(block_html(b) for b in blocks)
    return (
        f"<!doctype html><meta charset='utf-8'><style>{STYLE}</style>"
        "<div class='message'><div class='avatar'>OR</div><div>"
        "<span class='who'>Outcome Readiness</span><span class='app'>APP</span>"
        f"<span class='when'>3:00 PM</span>{body}</div></div>"
    )


def screenshot_cropped(chromium: str, document: str, target: Path) -> None:
    """Chromium draws a fixed window; the picture is then cut to the message's own height."""
    screenshot(chromium, document, target, width=WIDTH, height=4000)
    with Image.open(target) as shot:
        white = Image.new(shot.mode, shot.size, (255, 255, 255))
        box = ImageChops.difference(shot.convert("RGB"), white.convert("RGB")).getbbox()
        bottom = (box[3] if box else shot.height) + 20
        shot.crop((0, 0, shot.width, min(bottom, shot.height))).save(target, optimize=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--html-only", action="store_true", help="write docs/team-profile.html")
    args = parser.parse_args()
    document = page(sample_message(default_framework()))
    if args.html_only:
        (DOCS / "team-profile.html").write_text(document, encoding="utf-8")
        return
    screenshot_cropped(find_chromium(), document, DOCS / "team-profile.png")
    print(f"Wrote {DOCS / 'team-profile.png'}")


if __name__ == "__main__":
    main()
