"""A leader's overview: App Home's Teams, Compare, and `/readiness compare`, through the HTTP
bot and the stand-in. A person sees the teams of the channels they are in, and never another's."""

from __future__ import annotations

import re
import urllib.error
import urllib.request

from bot import ids
from bot.slack_app import manifest
from standin import SlackDriver, SlackStandIn
from standin.records import View
from tests.bot_fixtures import ADMIN, LEAD, MEMBERS, Team
from tests.clock import Clock
from tests.e2e.people import command_reply
from tests.e2e.planning import closed_team_run

PERSON = MEMBERS[0]
"""In cs-team and cs-two, not in cs-secret; answers the team runs of both of hers."""
TWO, SECRET = "CTWO", "CSECRET"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _channels(standin: SlackStandIn, team: Team) -> tuple[Team, Team]:
    standin.add_channel(TWO, "cs-two", [LEAD, *MEMBERS[:3]])
    standin.add_channel(SECRET, "cs-secret", [ADMIN, *MEMBERS[1:]])
    two = Team(channel=TWO, lead=LEAD, admin=ADMIN, members=MEMBERS[:3])
    secret = Team(channel=SECRET, lead=MEMBERS[4], admin=ADMIN, members=MEMBERS[1:4])
    return two, secret


def _home_text(standin: SlackStandIn, user: str) -> str:
    home = standin.home(user)
    return standin.visible_text(home) if home else ""


def _home_showing(standin: SlackStandIn, user: str, *words: str) -> str:
    def shown() -> str | None:
        text = _home_text(standin, user)
        return text if all(w in text for w in words) else None

    found: str = standin.wait_for(shown, description=f"{user}'s App Home showing {words}")
    return found


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=20) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_app_home_shows_the_teams_of_your_channels_refreshed_as_profiles_are_posted(
    standin: SlackStandIn, driver: SlackDriver, team: Team, clock: Clock
) -> None:
    two, secret = _channels(standin, team)
    driver.open_home(PERSON)
    _home_showing(standin, PERSON, "None of your channels has a team profile yet")
    driver.slash_command(LEAD, ids.COMMAND, "schedule quarterly", channel_id=TWO)

    closed_team_run(standin, driver, secret)
    clock.advance(seconds=1)
    closed_team_run(standin, driver, team)
    clock.advance(seconds=1)
    closed_team_run(standin, driver, two)

    # Not reopened: the home was published again when each of her teams' profile was posted.
    text = _home_showing(standin, PERSON, f"<#{team.channel}>", f"<#{TWO}>", "Compare")
    assert SECRET not in text
    assert "Your teams" in text and "Stage 2" in text
    assert "3 people answered" in text
    assert "next run opens" in text and "no run scheduled" in text

    home = standin.home(PERSON)
    assert home is not None
    before = len(standin.open_views(PERSON))
    driver.click(PERSON, view=home, action_id=ids.OVERVIEW_COMPARE)
    opened: list[View] = standin.wait_for(
        lambda: standin.open_views(PERSON)[before:] or None, description="the Compare modal"
    )
    modal = standin.visible_text(opened[-1])
    assert "Compare teams" in modal
    assert f"<#{team.channel}>" in modal and f"<#{TWO}>" in modal and SECRET not in modal
    images = [b for b in opened[-1].blocks if b.get("type") == "image"]
    assert len(images) == 1
    status, chart = _get(str(images[0]["image_url"]))
    assert status == 200 and chart.startswith(PNG_SIGNATURE)
    assert not standin.take_violations()


def test_compare_refuses_a_channel_you_are_not_in_and_links_a_printable_page(
    standin: SlackStandIn, driver: SlackDriver, team: Team, clock: Clock
) -> None:
    two, secret = _channels(standin, team)
    for channel in (secret, team, two):
        closed_team_run(standin, driver, channel)
        clock.advance(seconds=1)

    # The manifest asks Slack to escape the command's text: channels arrive as <#C…|name>.
    typed = "compare #cs-team #cs-two #cs-secret #nowhere"
    reply = command_reply(standin, driver.escaping_commands(), PERSON, typed, channel=team.channel)
    assert f"Not shown: <#{SECRET}>" in reply and "you are not in it" in reply
    assert "I could not tell which channel `#nowhere` is" in reply
    shown = reply.split("Not shown")[0]
    assert f"<#{team.channel}>" in shown and f"<#{TWO}>" in shown and SECRET not in shown

    page_url = re.search(r"<(http[^|>]+)\|Printable comparison>", reply)
    assert page_url is not None, reply
    status, page = _get(page_url.group(1))
    html = page.decode()
    assert status == 200
    assert "#cs-team" in html and "#cs-two" in html and "cs-secret" not in html
    assert "<svg" in html
    assert not standin.take_violations()


def test_the_manifest_asks_slack_to_send_channels_as_ids() -> None:
    """`/readiness compare #a #b` needs channel ids: Slack sends them only when asked to."""
    commands = manifest(base_url="https://readiness.example.com")["features"]["slash_commands"]
    assert all(command["should_escape"] for command in commands)
