"""Results that speak honestly and show no answer key, through the real HTTP bot and the Slack
stand-in: what a respondent and a channel actually get.

The bot runs a framework with rules 2, terms and a contradiction rule (the 2026.1 questions,
`tests.scoring.builders.rules_2_framework`), so these tests do not hang on the wording of the
version shipped next.
"""

from __future__ import annotations

import re
import urllib.request
from collections.abc import Iterator
from functools import partial

import pytest

from bot import ids
from bot.run_modes import answering
from bot.run_modes.local import LocalBot, local_bot
from flows.services import Services
from scoring import format_score, score_team
from standin import SlackDriver, SlackStandIn
from standin.surfaces import recorded_surfaces
from storage.database import Database
from tests.answer_key import (
    answer_key_problems,
    by_count,
    in_stage_order,
    listed_in_order,
    page_lines,
)
from tests.bot_fixtures import Team, bot_settings
from tests.clock import Clock
from tests.e2e.people import (
    QUESTIONS,
    answer_all,
    channel_message,
    dm_texts,
    profile_on_screen,
    seen,
    take_part,
)
from tests.scoring.builders import CONTRADICTION_NOTE, rules_2_framework

FRAMEWORK = rules_2_framework()
IDS = [q.id for q in FRAMEWORK.questions]
PRICE = "renewal.price_basis"
REPORT_LINK = re.compile(r"<(http://127\.0\.0\.1:\d+/reports/[^|>]+)\|Printable report>")


@pytest.fixture
def bot(standin: SlackStandIn, bot_database: Database, clock: Clock) -> Iterator[LocalBot]:
    """The bot of `tests/bot_fixtures.py`, asking this framework's questions."""
    services = Services(database=bot_database, clock=clock, framework=FRAMEWORK)
    with local_bot(bot_settings(standin), services) as running:
        yield running


def _stages(base: int, **chosen: int | None) -> list[int | None]:
    """Stages in question order: `base` everywhere but the questions named (None: don't know)."""
    picks = {q.replace("__", "."): s for q, s in chosen.items()}
    return [picks.get(question_id, base) for question_id in IDS]


def _answers(stages: list[int | None]) -> dict[str, int | None]:
    return dict(zip(IDS, stages, strict=True))


def _page(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.status == 200
        page: str = response.read().decode()
        return page


def _thread_report(standin: SlackStandIn, channel: str, parent_ts: str) -> str:
    """The profile's whole thread (a team's details, then the full report over several
    messages), once its last message, with the printable report's link, is there."""

    def whole() -> str | None:
        replies = [seen(standin, m) for m in standin.thread(channel, parent_ts)[1:]]
        return "\n".join(replies) if any("printable report" in r for r in replies) else None

    return standin.wait_for(whole, description="the profile's whole thread")


def test_a_personal_profile_points_out_two_answers_that_disagree(
    standin: SlackStandIn, driver: SlackDriver, team: Team
) -> None:
    """ "Nothing written down about outcomes" and "a health score that tracks outcome progress"
    cannot both be true: the person's own profile says so, and asks which is."""
    user = team.members[0]
    dm = standin.dm_channel_id(user)
    driver.slash_command(user, "/readiness", channel_id=dm)
    answer_all(
        standin,
        driver,
        user,
        _stages(2, outcomes__documentation=1, health__measures=3),
        framework=FRAMEWORK,
    )
    profile = profile_on_screen(standin, user)
    assert "Two answers that disagree" in profile
    assert CONTRADICTION_NOTE in profile

    message = next(m for m in standin.dm(user) if "Two answers" in standin.visible_text(m))
    full = _thread_report(standin, dm, message.ts)
    assert "Words this report uses" in full and FRAMEWORK.term("desired_outcome").meaning in full

    found = REPORT_LINK.search("\n".join(standin.visible_text(m) for m in standin.dm(user)))
    assert found, "the profile links to its printable report"
    page = page_lines(_page(found.group(1)))
    assert "Two answers that disagree" in page and CONTRADICTION_NOTE in page

    # Someone whose answers agree is not told they disagree.
    other = team.members[1]
    driver.slash_command(other, "/readiness", channel_id=standin.dm_channel_id(other))
    answer_all(
        standin,
        driver,
        other,
        _stages(2, outcomes__documentation=1, health__measures=2),
        framework=FRAMEWORK,
    )
    assert "disagree" not in profile_on_screen(standin, other)


def test_no_surface_a_respondent_or_the_channel_sees_pairs_an_option_with_its_stage(
    standin: SlackStandIn, driver: SlackDriver, team: Team
) -> None:
    """A team run from start to printable page: every message, thread reply, ephemeral, modal,
    App Home, uploaded chart (its title and alt text) and the page itself, held to the answer-
    key check; and the counts of a question the team split on are listed most chosen first."""
    driver.slash_command(team.lead, "/readiness", "team closes in 5 days", channel_id=team.channel)
    # renewal.price_basis chosen as 3, 3, 4, 1, 3: by count Usage evidence (3), then Discounts
    # and Outcomes (1 each, by label), then The relationship; in stage order it would differ.
    prices = (3, 3, 4, 1, 3)
    members = team.members[:5]
    answers = {
        user: _stages(2, renewal__price_basis=price)
        for user, price in zip(members, prices, strict=True)
    }
    *in_dm, on_form = members
    for user in in_dm:
        take_part(standin, driver, user, team.channel, answers[user], framework=FRAMEWORK)
    # The last answers all at once, on the form (a modal): it is swept too.
    invitation = channel_message(standin, team.channel, "Take the assessment")
    driver.click(on_form, message=invitation, action_id=ids.JOIN_TEAM_FORM)
    form = standin.wait_for(partial(standin.open_views, on_form), description="the form")[-1]
    picks = answering.form_picks(form, answers[on_form], framework=FRAMEWORK)
    assert driver.submit_view(on_form, form.id, picks).status == 200
    profile_on_screen(standin, on_form)

    driver.slash_command(team.lead, "/readiness", "close", channel_id=team.channel)
    profile = channel_message(standin, team.channel, "Team Outcome Readiness profile")
    text = seen(standin, profile)
    full = _thread_report(standin, team.channel, profile.ts)
    standin.wait_for(
        lambda: [f for f in standin.files(team.channel) if f.alt_txt], description="the chart"
    )
    found = REPORT_LINK.search(standin.visible_text(profile))
    assert found, "the team profile links to its printable report"
    page = page_lines(_page(found.group(1)))
    for user in members[:2]:
        driver.open_home(user)
        standin.wait_for(partial(standin.home, user), description=f"{user}'s App Home")

    team_result = score_team(FRAMEWORK, [_answers(s) for s in answers.values()], minimum=3)
    expected = by_count(FRAMEWORK, team_result.question(PRICE))
    assert not in_stage_order(FRAMEWORK, PRICE, expected), "the test must tell the two apart"
    prompt = FRAMEWORK.question(PRICE).prompt
    chosen = [label for label in expected if label != "The relationship"]
    assert prompt not in text  # the channel message leaves the questions to its thread
    for where, words in (("full report", full), ("page", page)):
        after = words[words.index(prompt) + len(prompt) :][:400]
        shown = listed_in_order(after, expected)
        assert shown[: len(chosen)] == chosen, where
        assert not in_stage_order(FRAMEWORK, PRICE, shown), where

    surfaces = recorded_surfaces(standin)
    kinds = {s.kind for s in surfaces}
    assert {"message", "home", "modal", "file"} <= kinds, kinds
    problems = [
        f"{surface.kind} {surface.where}: {problem}"
        for surface in surfaces
        for problem in answer_key_problems(FRAMEWORK, seen_text(surface.text))
    ]
    problems += [f"page: {p}" for p in answer_key_problems(FRAMEWORK, page)]
    assert problems == []
    # The question messages were among them: each member in the DM saw every question there.
    for user in in_dm:
        assert sum("Question" in t for t in dm_texts(standin, user)) >= QUESTIONS


def seen_text(text: str) -> str:
    """mrkdwn's escapes as the reader sees them."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def test_a_team_says_how_many_did_not_know_and_shows_no_figure_fewer_than_the_minimum_gave(
    standin: SlackStandIn, driver: SlackDriver, team: Team
) -> None:
    """Five take part, the run's minimum is 3. Health scoring: two could answer, three did not
    know either question, one more did not know one of them: no figure, and the reason instead.
    Renewal: one did not know one question, so the channel sees "1 member did not know"."""
    driver.slash_command(team.lead, "/readiness", "team min 3", channel_id=team.channel)
    members = team.members[:5]
    answers = {
        members[0]: _stages(2, health__measures=2, health__early_warning=3),
        members[1]: _stages(3, health__measures=4, health__early_warning=None),
        members[2]: _stages(2, health__measures=None, health__early_warning=None),
        members[3]: _stages(3, health__measures=None, health__early_warning=None),
        members[4]: _stages(
            2, health__measures=None, health__early_warning=None, renewal__motion=None
        ),
    }
    for user, stages in answers.items():
        take_part(standin, driver, user, team.channel, stages, framework=FRAMEWORK)
    # A member's own profile says what their "don't know" answers did.
    own = profile_on_screen(standin, members[4])
    assert (
        "You answered “don't know” to 3 questions: they are not scored, so Health Scoring " in own
    )
    assert "is not assessed." in own

    driver.slash_command(team.lead, "/readiness", "close", channel_id=team.channel)
    profile = channel_message(standin, team.channel, "Team Outcome Readiness profile")
    text = seen(standin, profile)
    full = _thread_report(standin, team.channel, profile.ts)
    found = REPORT_LINK.search(standin.visible_text(profile))
    assert found, "the team profile links to its printable report"
    page = page_lines(_page(found.group(1)))
    chart = standin.wait_for(
        lambda: [f for f in standin.files(team.channel) if f.alt_txt], description="the chart"
    )[-1]

    withheld = "Only 2 could answer this; figures are shown from 3."
    health_gap = "4 members did not know at least one of its questions."
    renewal_gap = "1 member did not know at least one of its questions."
    assert withheld in text  # in place of Health scoring's figure; the gaps are in the thread
    for where, words in (("full report", full), ("page", page)):
        assert withheld in words, where
        assert health_gap in words, where
        assert renewal_gap in words, where
    assert "Health Scoring: only 2 could answer, fewer than 3; no figure" in (chart.alt_txt or "")

    # Health scoring's line carries the reason, never a score; the others keep theirs.
    lines = text.splitlines()
    health = lines[lines.index("*Health scoring*") + 1]  # its short name, as the message says
    assert health.startswith("_Only 2 could answer this") and "/ 4" not in health
    expected = score_team(FRAMEWORK, [_answers(s) for s in answers.values()], minimum=3)
    assert expected.spread("health") is None
    renewal = expected.spread("renewal")
    assert renewal is not None and f"{format_score(renewal.mean)} / 4" in text
    # And no count of a health question rests on fewer than three people.
    for question in FRAMEWORK.questions_in("health"):
        for option in question.options:
            assert f"× {option.label}" not in text + full, option.label
        assert question.prompt in page and f"{question.prompt} (" not in page
    assert "Counts not shown: fewer than 5 chose an option." in page
