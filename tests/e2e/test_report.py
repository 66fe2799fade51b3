"""The result as people get it: profile, chart uploaded through Slack's current upload flow,
full report in the thread, and a printable page behind an unguessable, expiring link."""

from __future__ import annotations

import re
import urllib.error
import urllib.request

from itsdangerous import URLSafeTimedSerializer

from bot.run_modes.local import LocalBot
from scoring import default_framework
from standin import SlackDriver, SlackStandIn
from standin.records import Message
from tests.bot_fixtures import Team
from tests.clock import Clock
from tests.e2e.people import QUESTIONS, answer_all, channel_message, profile_on_screen, take_part

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


FRAMEWORK = default_framework()


def _finish_individual(standin: SlackStandIn, driver: SlackDriver, user: str) -> None:
    driver.slash_command(user, "/readiness", channel_id=standin.dm_channel_id(user))
    answer_all(standin, driver, user, [2, 3, 2, 2, 3, 3, 2, 2, 3, 1, 2, 2, 3, 2, 2])
    profile_on_screen(standin, user)


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_profile_comes_with_a_chart_and_a_full_report_in_its_thread(
    standin: SlackStandIn, driver: SlackDriver, team: Team
) -> None:
    user = team.members[0]
    _finish_individual(standin, driver, user)
    dm = standin.dm_channel_id(user)
    chart = standin.wait_for(lambda: standin.files(dm), description="the chart upload")[-1]
    assert chart.data is not None and chart.data.startswith(PNG_SIGNATURE)
    assert chart.alt_txt and "Outcome Definition & Success Planning" in chart.alt_txt
    uploads = [c.method for c in standin.calls if c.method.startswith("files.")]
    assert uploads == ["files.getUploadURLExternal", "files.completeUploadExternal"]

    profile = next(
        m
        for m in standin.dm(user)
        if "Your Outcome Readiness profile" in m.text or "Your profile" in m.text
    )

    def whole_thread() -> list[Message] | None:
        found = standin.thread(dm, profile.ts)[1:]
        return found if found and "printable report" in standin.visible_text(found[-1]) else None

    replies = standin.wait_for(whole_thread, description="the whole thread")
    # The full report, over a few messages, each short enough to read on a phone.
    assert standin.visible_text(replies[0]).startswith("Full report: what each stage means")
    assert all(len(standin.visible_text(m)) <= 3000 for m in replies)
    full = "\n".join(standin.visible_text(m) for m in replies)
    for dimension in FRAMEWORK.dimensions:
        assert dimension.name.replace("&", "&amp;") in full  # as mrkdwn writes it
    assert "Moves to get there" in full


def test_the_printable_report_link_opens_the_report_and_refuses_forgeries(
    standin: SlackStandIn, driver: SlackDriver, team: Team, bot: LocalBot
) -> None:
    user = team.members[1]
    _finish_individual(standin, driver, user)
    text = "\n".join(standin.visible_text(m) for m in standin.dm(user))
    found = re.search(r"<(http://127\.0\.0\.1:\d+/reports/[^|>]+)\|Printable report>", text)
    assert found, "the profile message links to the printable report"
    url = found.group(1)

    status, page = _get(url)
    assert status == 200
    assert "Outcome Readiness profile" in page and "Make it Stick" in page

    token = url.rsplit("/", 1)[1]
    status, _ = _get(url[: -len(token)] + token[:-2] + ("AA" if token[-2:] != "AA" else "BB"))
    assert status == 404
    forged = URLSafeTimedSerializer("guessed-secret", salt="readiness-report-link").dumps(
        {"w": standin.workspace.team_id, "r": "somebody-elses-run"}
    )
    assert _get(url[: -len(token)] + forged)[0] == 404


def _report_url(text: str) -> str:
    found = re.search(r"<(http://127\.0\.0\.1:\d+/reports/[^|>]+)\|Printable report>", text)
    assert found, f"a link to the printable report in {text[:300]!r}"
    return found.group(1)


def test_a_channel_report_link_lasts_a_day_and_a_dm_link_longer(
    standin: SlackStandIn, driver: SlackDriver, team: Team, bot: LocalBot, clock: Clock
) -> None:
    """Anyone in the channel (or anyone it is forwarded to) can open a team's link, so it
    opens for 24 hours; a person's own link, in their DM, keeps its 30 days. The page of an
    expired link says so, and where to get a fresh one."""
    _finish_individual(standin, driver, team.lead)
    dm_url = _report_url("\n".join(standin.visible_text(m) for m in standin.dm(team.lead)))
    driver.slash_command(team.lead, "/readiness", "team closes in 5 days", channel_id=team.channel)
    for user in team.members[:3]:
        take_part(standin, driver, user, team.channel, [2] * QUESTIONS)
    driver.slash_command(team.lead, "/readiness", "close", channel_id=team.channel)
    profile = channel_message(standin, team.channel, "Team Outcome Readiness profile")
    channel_url = _report_url(standin.visible_text(profile))

    status, page = _get(channel_url)
    assert status == 200 and "Outcome Readiness" in page
    clock.advance(hours=24)
    assert _get(channel_url)[0] == 200
    assert _get(dm_url)[0] == 200

    clock.advance(seconds=1)
    status, page = _get(channel_url)
    assert status == 410
    assert "This report link has expired." in page
    assert "Report links posted in a channel last 24 hours" in page
    assert "ask the bot in the channel" in page
    assert _get(dm_url)[0] == 200, "a link in a person's own DM still opens after a day"

    clock.advance(days=30)
    status, page = _get(dm_url)
    assert status == 410 and "last 30 days" in page


def test_a_team_report_names_its_channel_and_workspace_as_slack_calls_them(
    standin: SlackStandIn, driver: SlackDriver, team: Team, bot: LocalBot, clock: Clock
) -> None:
    """The bot learns the names when the run starts and when its profile is posted: the page
    and the chart say whom they are about ("#cs-team · Sandbox Co"), not just what they are."""
    driver.slash_command(team.lead, "/readiness", "team closes in 5 days", channel_id=team.channel)
    for user in team.members[:3]:
        take_part(standin, driver, user, team.channel, [2] * QUESTIONS)
    clock.advance(days=2)
    driver.slash_command(team.lead, "/readiness", "close", channel_id=team.channel)
    profile = channel_message(standin, team.channel, "Team Outcome Readiness profile")
    subject = f"#cs-team · {standin.workspace.team_name}"

    status, page = _get(_report_url(standin.visible_text(profile)))
    assert status == 200
    assert f"<title>{subject} — Team Outcome Readiness profile</title>" in page
    assert " – " in page and "3 respondents · framework" in page  # opened – closed
    chart = standin.wait_for(lambda: standin.files(team.channel), description="the chart")[-1]
    assert chart.title.startswith(f"{subject} — Team Outcome Readiness profile — radar chart")
    assert "Priya" not in page  # the lead started the run; the page names nobody
