"""Results any time, from Slack: a member of a team run finds it again in their history, App
Home and personal trend; `/readiness results` in a channel (members only, checked with Slack at
the time of asking) and in the DM; a history entry's Report button gives a fresh link that opens."""

from __future__ import annotations

import re
import urllib.error
import urllib.request

from bot import ids
from standin import SlackDriver, SlackStandIn
from standin.records import Ephemeral, View
from tests.bot_fixtures import Team
from tests.clock import Clock
from tests.e2e.people import (
    PROFILE_HEADER,
    QUESTIONS,
    answer_all,
    command_reply,
    dm_texts,
    seen,
)
from tests.e2e.planning import closed_team_run

REPORT_LINK = re.compile(r"<(http://127\.0\.0\.1:\d+/reports/[^|>]+)\|Printable report>")
PERMALINK = re.compile(r"<(https://[a-z0-9-]+\.slack\.com/archives/[^|>]+)\|")
EXPIRY = re.compile(r"opens until [A-Z][a-z]{2} \d{1,2}, \d{4}")


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def _last_ephemeral(standin: SlackStandIn, user: str, channel: str) -> Ephemeral:
    return standin.ephemerals(user, channel)[-1]


def test_a_team_run_counts_in_the_members_own_history_home_and_trend(
    standin: SlackStandIn, driver: SlackDriver, team: Team, clock: Clock
) -> None:
    member = team.members[0]
    closed_team_run(standin, driver, team)
    dm = standin.dm_channel_id(member)
    clock.advance(seconds=1)

    listed = command_reply(standin, driver, member, "history", channel=dm)
    assert "You have not finished" not in listed
    assert f"team run in <#{team.channel}>" in listed
    assert PERMALINK.search(listed), "each entry links to its message"
    history = _last_ephemeral(standin, member, dm)
    assert "Report" in standin.visible_text(history)
    assert "respondent" not in listed, "a person's own history says nothing of the team's"

    driver.open_home(member)

    def home_with_profile() -> View | None:
        home = standin.home(member)
        return home if home and "Your latest profile" in seen(standin, home) else None

    home = seen(standin, standin.wait_for(home_with_profile))
    assert "team run in" in home

    # Their next run, on their own: the trend is measured against their answers in the team run
    # (11 questions at Stage 2 and two at Stage 1 then; Stage 3 everywhere now).
    clock.advance(seconds=1)
    driver.slash_command(member, ids.COMMAND, channel_id=dm)
    answer_all(standin, driver, member, [3] * QUESTIONS)

    def second_profile() -> str | None:
        profiles = [t for t in dm_texts(standin, member) if t.startswith(PROFILE_HEADER)]
        return profiles[-1] if len(profiles) == 2 else None

    latest = standin.wait_for(second_profile, description="the member's second profile")
    assert "↑" in latest, "the profile shows the change since their answers in the team run"


def test_results_in_the_channel_for_members_and_in_the_dm(
    standin: SlackStandIn, driver: SlackDriver, team: Team, clock: Clock
) -> None:
    quiet = command_reply(standin, driver, team.lead, "results", channel=team.channel)
    assert "no team profile yet" in quiet and "/readiness team" in quiet

    closed_team_run(standin, driver, team)
    clock.advance(seconds=1)
    # A member who did not take part sees the channel's results too: they are the channel's.
    viewer = team.members[4]
    said = command_reply(standin, driver, viewer, "results", channel=team.channel)
    assert f"Latest team profile in <#{team.channel}>" in said
    assert "3 respondents" in said
    assert "Overall: *Stage" in said
    assert "Renewal" in said, "each dimension is listed"
    assert PERMALINK.search(said), "a link to the posted profile"
    found = REPORT_LINK.search(said)
    assert found and EXPIRY.search(said)
    status, page = _get(found.group(1))
    assert status == 200 and "#cs-team" in page and "Team Outcome Readiness profile" in page
    assert not [m for m in standin.messages(team.channel) if "Latest team profile" in m.text], (
        "only the person who asked sees it"
    )

    member = team.members[0]
    dm = standin.dm_channel_id(member)
    mine = command_reply(standin, driver, member, "results", channel=dm)
    assert "Your latest profile" in mine and f"team run in <#{team.channel}>" in mine
    assert PERMALINK.search(mine) and EXPIRY.search(mine)
    own = REPORT_LINK.search(mine)
    assert own and _get(own.group(1))[0] == 200


def test_a_person_not_in_the_channel_is_refused_its_results(
    standin: SlackStandIn, driver: SlackDriver, team: Team, clock: Clock
) -> None:
    closed_team_run(standin, driver, team)
    clock.advance(seconds=1)
    standin.add_user("UOUT", "outsider")
    standin.add_channel("COTHER", "elsewhere", ["UOUT"])

    def into_the_team_channel(fields: dict[str, object]) -> None:
        if fields.get("command"):
            fields["channel_id"] = team.channel

    # A request naming a channel they are not in (Slack would not let them type there).
    forged = driver.tampered(into_the_team_channel)
    forged.slash_command("UOUT", ids.COMMAND, "results", channel_id="COTHER")
    refused = standin.wait_for(lambda: standin.ephemerals("UOUT", "COTHER"))
    assert [standin.visible_text(m) for m in refused] == [
        "Only members of this channel can see its results."
    ]

    # Someone who left since the channel's history was listed to them: the click checks again.
    leaver = team.members[1]
    command_reply(standin, driver, leaver, "history", channel=team.channel)
    listed = _last_ephemeral(standin, leaver, team.channel)
    standin.remove_members(team.channel, leaver)
    before = len(standin.ephemerals(leaver, team.channel))
    driver.click(leaver, message=listed, action_id=ids.REPORT_LINK)
    answer = standin.wait_for(lambda: standin.ephemerals(leaver, team.channel)[before:])
    text = standin.visible_text(answer[-1])
    assert text == "Only members of this channel can see its results."


def test_the_history_report_button_gives_a_fresh_link_that_opens(
    standin: SlackStandIn, driver: SlackDriver, team: Team, clock: Clock
) -> None:
    closed_team_run(standin, driver, team)
    clock.advance(seconds=1)
    member = team.members[0]
    dm = standin.dm_channel_id(member)

    command_reply(standin, driver, member, "history", channel=dm)
    before = len(standin.ephemerals(member, dm))
    driver.click(member, message=_last_ephemeral(standin, member, dm), action_id=ids.REPORT_LINK)
    answer = standin.wait_for(lambda: standin.ephemerals(member, dm)[before:])
    text = standin.visible_text(answer[-1])
    assert "your own report" in text and EXPIRY.search(text)
    found = REPORT_LINK.search(text)
    assert found
    status, page = _get(found.group(1))
    # The member's own report, from their answers in the team run, says which run it was.
    assert status == 200 and "Your Outcome Readiness profile" in page and "#cs-team" in page

    # The channel's history gives the team's report to a member.
    command_reply(standin, driver, team.lead, "history", channel=team.channel)
    before = len(standin.ephemerals(team.lead, team.channel))
    listed = _last_ephemeral(standin, team.lead, team.channel)
    driver.click(team.lead, message=listed, action_id=ids.REPORT_LINK)
    answer = standin.wait_for(lambda: standin.ephemerals(team.lead, team.channel)[before:])
    text = standin.visible_text(answer[-1])
    team_link = REPORT_LINK.search(text)
    assert "the team's report" in text and team_link
    status, page = _get(team_link.group(1))
    assert status == 200 and "#cs-team" in page and "respondents" in page.lower()
