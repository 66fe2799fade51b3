"""The messages people read in a team run: the channel's team profile fits one phone screen,
its details and full report are in the thread in readable messages, and no bar anywhere is
drawn as inline code (which Slack shows in red, as if it were an error)."""

from __future__ import annotations

import json
import re

from standin import SlackDriver, SlackStandIn
from standin.records import Message
from tests.bot_fixtures import Team
from tests.e2e.people import channel_message, seen, take_part

PROFILE_TEXT = 900
"""The most characters the channel's team profile shows: one phone screen."""
THREAD_TEXT = 3000
"""The most characters any one message of its thread shows."""
INVITE = "Team Outcome Readiness assessment"
_LINK = re.compile(r"<[^|<>]+\|([^<>]+)>")


def shown(standin: SlackStandIn, message: Message) -> str:
    """The text as Slack shows it: a link is its label only."""
    return _LINK.sub(r"\1", seen(standin, message))


def test_a_capped_team_profile_fits_a_screen_and_the_thread_holds_the_rest(
    standin: SlackStandIn, driver: SlackDriver, team: Team
) -> None:
    driver.slash_command(team.lead, "/readiness", "team closes in 5 days", channel_id=team.channel)
    # Outcomes at Stage 1 holds the overall stage down; Renewal is split.
    answers = {
        team.members[0]: [1] * 4 + [4] * 7 + [1, 1, 4, 4],
        team.members[1]: [1] * 4 + [4] * 7 + [4, 4, 4, 4],
        team.members[2]: [1] * 4 + [4] * 7 + [4, 4, 4, 4],
    }
    for user, stages in answers.items():
        take_part(standin, driver, user, team.channel, stages)
    driver.slash_command(team.lead, "/readiness", "close", channel_id=team.channel)
    profile = channel_message(standin, team.channel, "Team Outcome Readiness profile")

    def whole_thread() -> list[Message] | None:
        replies = standin.thread(team.channel, profile.ts)[1:]
        return replies if any("printable report" in shown(standin, m) for m in replies) else None

    thread = standin.wait_for(whole_thread, description="the whole thread")

    text = shown(standin, profile)
    print(f"--- the team profile as the channel shows it ({len(text)} characters)\n{text}")
    assert len(text) <= PROFILE_TEXT
    # The anchor rule is in the main text (a section), not grey context.
    sections = " ".join(json.dumps(b) for b in profile.blocks if b["type"] == "section")
    assert "never more than one above Outcomes" in sections
    assert "held one stage above Outcomes" in text
    assert "*Split:* Renewal" in text and "Start with Outcomes" in text
    assert "Plan next moves" in text
    # One naming of dimensions: the short names only.
    for long_name in ("Outcome Definition", "Customer Engagement Model", "Renewal Motion"):
        assert long_name not in text
    assert "▰▰▰▰▰▰▰▰ 4.0 / 4" in text  # a full bar at 4, plain text

    replies = [shown(standin, m) for m in thread]
    assert len(replies) >= 3
    assert all(len(reply) <= THREAD_TEXT for reply in replies), [len(r) for r in replies]
    whole = "\n".join(replies)
    assert replies[0].startswith("Team profile details")
    assert "what each stage means for you" not in whole
    assert "Worth discussing" in whole and "Moves to get there" in whole
    assert "The team is split on:* Renewal Motion" in whole
    for user in answers:
        assert f"<@{user}>" not in text + whole

    # Once the thread is out, the invitation says it closed, not when it closes.
    closed = standin.wait_for(
        lambda: (
            text
            if "Closed" in (text := shown(standin, channel_message(standin, team.channel, INVITE)))
            else None
        ),
        description="the invitation marked closed",
    )
    assert "Closes" not in closed and "Take the assessment" not in closed


def test_no_bar_anywhere_is_inline_code(
    standin: SlackStandIn, driver: SlackDriver, team: Team
) -> None:
    driver.slash_command(team.lead, "/readiness", "team", channel_id=team.channel)
    for user in team.members[:3]:
        take_part(standin, driver, user, team.channel, [2] * 15)
    driver.slash_command(team.lead, "/readiness", "close", channel_id=team.channel)
    profile = channel_message(standin, team.channel, "Team Outcome Readiness profile")
    standin.wait_for(lambda: len(standin.thread(team.channel, profile.ts)) > 2)
    for user in team.members[:3]:
        driver.open_home(user)
    driver.slash_command(team.lead, "/readiness", "results", channel_id=team.channel)
    standin.wait_for(lambda: standin.ephemerals(team.lead, team.channel))
    posted = [json.dumps(call.args, ensure_ascii=False) for call in standin.calls]
    assert any("▰" in p for p in posted)
    assert not [p for p in posted if re.search(r"`[▰▱]", p)]
    assert any("▰▰▰▰▱▱▱▱ 2.0 / 4" in p for p in posted)  # 2.0 / 4 fills half
