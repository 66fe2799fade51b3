"""Races: different options of one question clicked at the same instant. What is stored is what
is shown: the answer row equals the option the person's DM shows as answered, the next question
is posted once, every click on another option is told (in words naming the answer that counts)
that it changed nothing, and the team profile is scored from the stored rows. Inside a team run
of three, on SQLite and PostgreSQL (where the clicks really race inside the database).
"""

from __future__ import annotations

import html
import re
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from itertools import islice

import pytest
from sqlalchemy import text

from bot import ids
from bot.messages.mrkdwn import escape, meter
from bot.messages.profile import FIELD_BAR
from bot.report.wording import score_text
from bot.run_modes import answering
from bot.run_modes.local import LocalBot
from scoring import default_framework, score_team
from standin import DriverResult, SlackDriver, SlackStandIn
from storage.database import Database
from tests.bot_fixtures import Team
from tests.e2e.people import JOIN, QUESTIONS, channel_message, profile_on_screen
from tests.hardening import tally
from tests.hardening.helpers import option_block, wait_quiet
from tests.hardening.respondents import stages_for
from tests.hardening.sizes import quick_and_full

FRAMEWORK = default_framework()
QUESTION = re.compile(rf"Question (\d+) of {QUESTIONS} · ")
CHECKED = re.compile(r"✅ \*[ABCD]\.\* ([^\n]+)")
TAKEN = "was already taken"
TEAM_PROFILE = "Team Outcome Readiness profile"


@pytest.fixture
def database_url(any_database_url: str) -> str:
    """Both databases: on PostgreSQL two transactions really run side by side."""
    return any_database_url


@dataclass
class Figures:
    tried: int = 0
    refused: int = 0
    lost: int = 0
    duplicated: int = 0
    problems: list[str] = field(default_factory=list)

    def wrong(self, what: str, *, lost: int = 0, duplicated: int = 0) -> None:
        self.lost += lost
        self.duplicated += duplicated
        self.problems.append(what)


def _at_once(sends: list[Callable[[], DriverResult]]) -> list[DriverResult]:
    """Fire every send on its own thread, released together by a barrier."""
    barrier = threading.Barrier(len(sends))
    results: list[DriverResult | None] = [None] * len(sends)

    def run(index: int) -> None:
        barrier.wait()
        results[index] = sends[index]()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(sends))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert all(r is not None for r in results), "a click never came back"
    return [r for r in results if r is not None]


def _slots(members: tuple[str, ...], how_many: int) -> set[tuple[str, int]]:
    """Which (person, question number) are raced: the last question once (it finishes the
    response), then question 1 of each person, question 2 of each, ..."""
    order = [(members[0], QUESTIONS)] + [
        (user, number) for number in range(1, QUESTIONS) for user in members
    ]
    return set(islice(order, how_many))


def _stages(race: int, clicks: int) -> list[int]:
    """The options clicked in race `race`: two different ones, or 20 clicks spread evenly over
    all four (interleaved, so no option is sent first as a block)."""
    if clicks == 2:
        first = race % 4
        return [1 + first, 1 + (first + 1 + (race // 4) % 3) % 4]
    return [1 + (race + i) % 4 for i in range(clicks)]


def _start_team_run(standin: SlackStandIn, driver: SlackDriver, team: Team) -> None:
    driver.slash_command(team.lead, ids.COMMAND, "team min 3", channel_id=team.channel)
    invitation = channel_message(standin, team.channel, JOIN)
    for user in team.members[:3]:
        assert driver.click(user, message=invitation, action_id=ids.JOIN_TEAM).status == 200


def _refusals(standin: SlackStandIn, user: str) -> list[str]:
    """What only the person saw in their DM (the join's confirmation is in the channel)."""
    dm = standin.dm_channel_id(user)
    return [standin.visible_text(e) for e in standin.ephemerals(user, dm)]


def _answer_all(
    standin: SlackStandIn,
    driver: SlackDriver,
    user: str,
    plan: list[int],
    raced: set[int],
    clicks: int,
    race_number: Iterator[int],
    figures: Figures,
) -> None:
    """Answer every question in the DM: a raced one with `clicks` clicks at once on the
    question message as it was shown, the others with one click on `plan`'s option."""
    for number in range(1, QUESTIONS + 1):
        question = answering.question_on_screen(standin, user, number, QUESTIONS, timeout=15)
        if number not in raced:
            assert answering.pick(driver, user, question, plan[number - 1]).status == 200
            continue
        stages = _stages(next(race_number), clicks)
        before = len(_refusals(standin, user))
        results = _at_once(
            [
                partial(
                    driver.click,
                    user,
                    message=question,
                    action_id=ids.PICK,
                    block_id=option_block(question, stage),
                    as_seen=True,
                )
                for stage in stages
            ]
        )
        figures.tried += len(results)
        assert [r.status for r in results] == [200] * len(results), [r.body for r in results]
        _check_race(standin, user, number, stages, before, figures)


def _check_race(
    standin: SlackStandIn,
    user: str,
    number: int,
    stages: list[int],
    before: int,
    figures: Figures,
) -> None:
    """Once the race settled: the DM shows one of the clicked options as answered, and every
    click on another option got a refusal naming it (the stored row is checked at the end)."""
    if number < QUESTIONS:
        answering.question_on_screen(standin, user, number + 1, QUESTIONS, timeout=15)
    else:
        profile_on_screen(standin, user)
    wait_quiet(standin, settle=0.3, timeout=30)
    shown = _shown_answers(standin, user).get(number)
    if shown is None or shown not in stages:
        figures.wrong(f"{user} Q{number}: DM shows {shown}, clicked {stages}", lost=1)
        return
    losers = sum(1 for stage in stages if stage != shown)
    refusals = _refusals(standin, user)[before:]
    figures.refused += len(refusals)
    option = FRAMEWORK.questions[number - 1].option(shown).text
    named = sum(1 for r in refusals if TAKEN in r and option in r)
    if (len(refusals), named) != (losers, losers):
        figures.wrong(
            f"{user} Q{number}: {losers} losing clicks, {len(refusals)} refusals, "
            f"{named} naming the answer shown",
            lost=max(losers - named, 0),
            duplicated=max(len(refusals) - losers, 0),
        )


def _shown_answers(standin: SlackStandIn, user: str) -> dict[int, int]:
    """Question number → the stage of the option the DM shows as answered (the collapsed
    message), told by its text: the letter beside it is the person's own order."""
    shown: dict[int, int] = {}
    for message in standin.dm(user):
        seen = standin.visible_text(message)
        question, checked = QUESTION.search(seen), CHECKED.search(seen)
        if question and checked:
            number = int(question.group(1))
            options = FRAMEWORK.questions[number - 1].options
            words = html.unescape(checked.group(1)).strip()
            shown[number] = next(o.stage for o in options if o.text == words)
    return shown


def _stored(database: Database) -> dict[str, dict[str, tuple[int, int]]]:
    """Person → question id → (stage, revision), from the answer table."""
    rows: dict[str, dict[str, tuple[int, int]]] = {}
    with database.engine.connect() as connection:
        for user, question_id, stage, revision in connection.execute(
            text(
                "SELECT r.user_id, a.question_id, a.stage, a.revision "
                "FROM answer a JOIN response r ON r.id = a.response_id"
            )
        ):
            rows.setdefault(user, {})[question_id] = (stage, revision)
    return rows


def _check_dms_against_rows(
    standin: SlackStandIn, members: tuple[str, ...], stored: dict[str, dict[str, tuple[int, int]]]
) -> Figures:
    figures = Figures()
    for user in members:
        shown = _shown_answers(standin, user)
        posted = Counter(
            int(found.group(1))
            for message in standin.dm(user)
            if (found := QUESTION.search(standin.visible_text(message)))
        )
        for number, question in enumerate(FRAMEWORK.questions, start=1):
            row = stored.get(user, {}).get(question.id)
            if row is None or shown.get(number) != row[0]:
                figures.wrong(f"{user} Q{number}: DM shows {shown.get(number)}, row {row}", lost=1)
            elif row[1] != 1:
                figures.wrong(f"{user} Q{number}: row written {row[1]} times", duplicated=1)
            if posted[number] != 1:
                figures.wrong(
                    f"{user} Q{number} posted {posted[number]} times",
                    lost=int(posted[number] == 0),
                    duplicated=max(posted[number] - 1, 0),
                )
    return figures


def _check_team_profile(
    standin: SlackStandIn, team: Team, stored: dict[str, dict[str, tuple[int, int]]]
) -> list[str]:
    """Each dimension's score in the posted team profile, against the stored rows."""
    members = [{q: stage for q, (stage, _) in rows.items()} for rows in stored.values()]
    expected = score_team(FRAMEWORK, members).profile
    posted = standin.visible_text(channel_message(standin, team.channel, TEAM_PROFILE))
    wrong = []
    for result in expected.dimensions:
        name = FRAMEWORK.dimension(result.dimension_id).short_name
        line = f"*{escape(name)}*\n{meter(result.score, FIELD_BAR)} {score_text(result.score)}\n"
        if line not in posted:
            wrong.append(f"team profile: {name} is not {score_text(result.score)}")
    return wrong


def _race_in_a_team_run(
    standin: SlackStandIn,
    driver: SlackDriver,
    team: Team,
    database: Database,
    *,
    races: int,
    clicks: int,
) -> Figures:
    members = team.members[:3]
    _start_team_run(standin, driver, team)
    slots = _slots(members, races)
    race_number = iter(range(races))
    figures = Figures()
    for index, user in enumerate(members):
        raced = {number for who, number in slots if who == user}
        _answer_all(standin, driver, user, stages_for(index), raced, clicks, race_number, figures)
        profile_on_screen(standin, user)
    driver.slash_command(team.lead, ids.COMMAND, "close", channel_id=team.channel)
    channel_message(standin, team.channel, TEAM_PROFILE)
    wait_quiet(standin, settle=0.3, timeout=30)

    stored = _stored(database)
    rows = _check_dms_against_rows(standin, members, stored)
    figures.lost += rows.lost
    figures.duplicated += rows.duplicated
    figures.problems += rows.problems
    for problem in _check_team_profile(standin, team, stored):
        figures.wrong(problem, lost=1)
    return figures


def _record(figures: Figures, database: Database, note: str) -> None:
    tally.record(
        "Races",
        tried=figures.tried,
        refused=figures.refused,
        lost=figures.lost,
        duplicated=figures.duplicated,
        note=f"{database.engine.dialect.name}: {note}",
    )


@pytest.mark.parametrize("races", quick_and_full(5, 20))
def test_two_options_clicked_at_once_store_what_the_dm_shows(
    standin: SlackStandIn, driver: SlackDriver, team: Team, bot: LocalBot, races: int
) -> None:
    database = bot.running.services.database
    figures = _race_in_a_team_run(standin, driver, team, database, races=races, clicks=2)
    _record(figures, database, f"{races} × two options at once, in a team run of 3")
    assert figures.problems == []
    assert figures.refused == races  # every race had exactly one loser, told so


@pytest.mark.parametrize("bursts", quick_and_full(2, 6))
def test_twenty_clicks_on_four_options_store_what_the_dm_shows(
    standin: SlackStandIn, driver: SlackDriver, team: Team, bot: LocalBot, bursts: int
) -> None:
    database = bot.running.services.database
    figures = _race_in_a_team_run(standin, driver, team, database, races=bursts, clicks=20)
    _record(figures, database, f"{bursts} × 20 clicks on 4 options at once, in a team run of 3")
    assert figures.problems == []
    assert figures.refused == 15 * bursts  # the 15 clicks on the three options that lost
