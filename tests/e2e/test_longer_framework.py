"""A framework with a 16th question works end to end: nothing in the bot assumes 15.

Product people edit `scoring/framework.toml`; a question added there must reach people in their
DMs, be counted in every "Question N of TOTAL", and be scored into the profiles, personal and
team, without anyone touching code.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.run_modes.local import LocalBot, local_bot
from flows.services import Services
from scoring import Framework, format_score, load_framework, score_individual, score_team
from standin import SlackDriver, SlackStandIn
from storage.database import Database
from tests.bot_fixtures import Team, bot_settings
from tests.clock import Clock
from tests.e2e.people import (
    answer_all,
    channel_message,
    command_reply,
    dm_texts,
    latest_ephemeral,
    profile_on_screen,
    profile_thread,
    question_on_screen,
    seen,
    take_part,
)

SHIPPED = Path(__file__).parents[2] / "scoring" / "frameworks" / "2026.1.toml"
EXTRA_ID = "renewal.early_warning"
EXTRA_PROMPT = "How early does the team learn that a renewal is at risk?"
EXTRA_QUESTION = f'''
[[questions]]
id = "{EXTRA_ID}"
dimension = "renewal"
prompt = "{EXTRA_PROMPT}"

  [[questions.options]]
  stage = 1
  label = "When the customer tells us"
  text = "We find out when the customer says they are leaving or asks for a steep discount."

  [[questions.options]]
  stage = 2
  label = "A few weeks before the date"
  text = "Someone notices a quiet account or a missed call in the last weeks before renewal."

  [[questions.options]]
  stage = 3
  label = "Months ahead, from our reviews"
  text = "Reviews through the year show weak adoption or value early enough to act on it."

  [[questions.options]]
  stage = 4
  label = "Before the customer does"
  text = "Outcome tracking flags the risk before the customer feels it; we agree a plan together."
'''


@pytest.fixture
def framework(tmp_path: Path) -> Framework:
    """The shipped framework plus one question on renewals, loaded from a file as the shipped
    one is."""
    path = tmp_path / "framework.toml"
    path.write_text(SHIPPED.read_text(encoding="utf-8") + EXTRA_QUESTION, encoding="utf-8")
    loaded = load_framework(path)
    assert len(loaded.questions) == 16 and loaded.questions[-1].id == EXTRA_ID
    return loaded


@pytest.fixture
def bot(
    standin: SlackStandIn, bot_database: Database, clock: Clock, framework: Framework
) -> Iterator[LocalBot]:
    """The bot of `tests/bot_fixtures.py`, asking the longer framework's questions."""
    services = Services(database=bot_database, clock=clock, framework=framework)
    with local_bot(bot_settings(standin), services) as running:
        yield running


def test_one_person_answers_all_16_in_their_dm_and_gets_their_profile(
    standin: SlackStandIn, driver: SlackDriver, team: Team, framework: Framework
) -> None:
    user = team.members[0]
    help_text = command_reply(standin, driver, user, "help", channel=team.channel)
    assert "16 questions, six dimensions" in help_text
    driver.slash_command(user, "/readiness", channel_id=team.channel)
    assert "DM" in latest_ephemeral(standin, user, team.channel, after=1)

    stages = [3] * 15 + [1]
    answer_all(standin, driver, user, stages[:-1], total=16, framework=framework)
    last = seen(standin, question_on_screen(standin, user, 16, total=16))
    assert "Question 16 of 16 · Renewal" in last
    assert EXTRA_PROMPT in last
    assert "15 of 16 answered" in last
    answer_all(standin, driver, user, stages[-1:], start=16, total=16, framework=framework)

    profile = profile_on_screen(standin, user)
    ids = [q.id for q in framework.questions]
    expected = score_individual(framework, dict(zip(ids, stages, strict=True)))
    renewal = expected.dimension("renewal").score
    assert renewal is not None and renewal < 3  # the 16th answer counts
    overall = framework.stage(expected.stage or 0)
    assert f"Overall: Stage {overall.number} · {overall.name}" in profile
    assert format_score(renewal) in profile
    collapsed = [t for t in dm_texts(standin, user) if "✅" in t]
    assert len(collapsed) == 16
    assert any("Question 16 of 16" in t for t in collapsed)


def test_a_team_of_three_answers_all_16_and_the_team_profile_is_posted(
    standin: SlackStandIn, driver: SlackDriver, team: Team, framework: Framework
) -> None:
    driver.slash_command(team.lead, "/readiness", "team closes in 5 days", channel_id=team.channel)
    invitation = standin.visible_text(
        channel_message(standin, team.channel, "Team Outcome Readiness assessment")
    )
    assert "16 questions on how we define, deliver and prove customer outcomes" in invitation

    # Everyone agrees except on the new question, where they are as far apart as can be.
    answers = {
        team.members[0]: [2] * 15 + [1],
        team.members[1]: [2] * 15 + [4],
        team.members[2]: [2] * 15 + [1],
    }
    for user, stages in answers.items():
        take_part(standin, driver, user, team.channel, stages, total=16, framework=framework)

    driver.slash_command(team.lead, "/readiness", "close", channel_id=team.channel)
    profile = channel_message(standin, team.channel, "Team Outcome Readiness profile")
    text = standin.visible_text(profile)
    ids = [q.id for q in framework.questions]
    expected = score_team(framework, [dict(zip(ids, s, strict=True)) for s in answers.values()])
    assert "3 respondents" in text
    overall = framework.stage(expected.profile.stage or 0)
    assert f"Overall: Stage {overall.number} · {overall.name}" in text
    renewal = expected.spread("renewal")
    assert renewal is not None
    assert f"{format_score(renewal.mean)} / 4" in text
    thread = profile_thread(standin, team.channel, profile, framework=framework)
    assert EXTRA_PROMPT in thread  # the one question they disagree on is worth discussing
