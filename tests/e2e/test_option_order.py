"""Each person sees the options in an order of their own, the same on every screen, and can say
"don't know / not my area": through the real HTTP bot and the Slack stand-in.

Nothing a person sees says which option is which stage, so the tests find an option the way a
person who wanted Stage 3 would: by reading its words (`bot.run_modes.answering`). What the
bot stores and scores must then be exactly the stages those words signal, whatever letter they
were shown under; and no button value, block id or radio value may carry the stage (the Slack
client holds all of them, where anyone can read them).
"""

from __future__ import annotations

import copy
import json
import re
from functools import partial
from pathlib import Path

from sqlalchemy import text

from bot import ids
from bot.run_modes import answering
from scoring import default_framework, score_individual
from standin import Message, SlackDriver, SlackStandIn, View, visible_text
from storage.database import Database
from storage.schema import upgrade
from tests.bot_fixtures import SIGNING_SECRET, Team
from tests.e2e.bot_process import bot_process
from tests.e2e.people import (
    QUESTIONS,
    answer_all,
    dm_texts,
    pick,
    profile_on_screen,
    question_on_screen,
    seen,
)
from tests.hardening.privacy import Figures, dimension_figures

FRAMEWORK = default_framework()
LETTERS = ("A", "B", "C", "D")
DONT_KNOW = "Don't know / not my area"
STAGE_NUMBER = re.compile(r"\bStage \d")

Order = tuple[int, ...]
"""The stages of a question's options in the order shown (A first)."""


def shown_order(message: Message) -> Order:
    """The order a question message shows the options in, told from their words; and a check
    that nothing in it but the words says which is which."""
    question = answering.question_shown(message, FRAMEWORK)
    by_letter = {answering.option_shown(message, s)[1]: s for s in (1, 2, 3, 4)}
    assert sorted(by_letter) == list(LETTERS), by_letter
    assert_no_answer_key(message, question.id, by_letter)
    return tuple(by_letter[letter] for letter in LETTERS)


def assert_no_answer_key(message: Message, question_id: str, by_letter: dict[str, int]) -> None:
    """Every pick on a question message carries the letter shown and nothing else about the
    option (its block is named by the letter too); the don't-know button is apart from them;
    no stage number is written anywhere in it."""
    picks: list[tuple[str | None, dict[str, object]]] = []
    for block in message.blocks:
        elements = [block.get("accessory") or {}, *(block.get("elements") or [])]
        for element in elements:
            if element.get("action_id") == ids.PICK:
                picks.append((block.get("block_id"), json.loads(element["value"])))
    assert len(picks) == 5, picks  # the four options and "Don't know"
    for block_id, value in picks:
        assert set(value) == {"r", "q", "c"}, value  # no "s": no stage at all
        assert value["q"] == question_id
        if value["c"] == "dont_know":
            assert block_id == "dont_know"
        else:
            assert value["c"] in by_letter and block_id == f"option_{value['c']}", value
    assert not STAGE_NUMBER.search(visible_text(message))


def form_orders(view: View) -> dict[str, Order]:
    """Each question's order on the all-at-once form (from the radio options' labels), with the
    same checks: radio values are the letters shown, then "dont_know"; no stage is written."""
    orders: dict[str, Order] = {}
    for block in view.blocks:
        block_id = str(block.get("block_id") or "")
        if not block_id.startswith(ids.FORM_BLOCK_PREFIX):
            continue
        question = FRAMEWORK.question(block_id.removeprefix(ids.FORM_BLOCK_PREFIX))
        options = block["element"]["options"]
        assert [o["value"] for o in options] == [*LETTERS, "dont_know"]
        assert options[-1]["text"]["text"] == DONT_KNOW
        labels = [str(o["text"]["text"]).split(". ", 1) for o in options[:4]]
        assert [letter for letter, _ in labels] == list(LETTERS)
        stage_of = {words: o.stage for o in question.options for words in (o.label, o.text)}
        orders[question.id] = tuple(stage_of[label] for _, label in labels)
    assert not STAGE_NUMBER.search(visible_text(view))
    return orders


def form_prefilled(view: View) -> dict[str, str]:
    """Question id -> the radio value the form opened with."""
    return {
        str(b["block_id"]).removeprefix(ids.FORM_BLOCK_PREFIX): str(initial["value"])
        for b in view.blocks
        if str(b.get("block_id") or "").startswith(ids.FORM_BLOCK_PREFIX)
        and (initial := b["element"].get("initial_option"))
    }


def letter_of(order: Order, stage: int) -> str:
    return LETTERS[order.index(stage)]


def stored(database_url: str, user: str) -> dict[str, int | None]:
    """What the database holds as the person's answers (None: don't know)."""
    database = Database(database_url)
    try:
        with database.engine.connect() as connection:
            rows = connection.execute(
                text(
                    "SELECT a.question_id, a.stage FROM answer a "
                    "JOIN response r ON r.id = a.response_id WHERE r.user_id = :user"
                ),
                {"user": user},
            )
            return {row.question_id: row.stage for row in rows}
    finally:
        database.dispose()


PLANS = {
    "UANA": [2, 3, 1, 2, 4, 3, 2, 1, 3, 4, 2, 3, 1, 2, 3],
    "UBO": [4, 3, 3, 2, 1, 2, 4, 3, 2, 1, 3, 4, 2, 3, 1],
}
"""What each person means to answer, question by question, as stages."""


def test_two_people_see_their_own_orders_kept_across_back_the_form_and_a_restart(
    standin: SlackStandIn, team: Team, tmp_path: Path, database_url: str
) -> None:
    database = Database(database_url)
    upgrade(database.engine)
    database.dispose()
    log = tmp_path / "bot.log"
    people = list(PLANS)
    assert set(people) <= set(team.members)
    orders: dict[str, dict[int, Order]] = {user: {} for user in people}

    def answer(driver: SlackDriver, user: str, number: int) -> None:
        message = question_on_screen(standin, user, number)
        order = shown_order(message)
        if number in orders[user]:
            assert order == orders[user][number], f"{user} Q{number} changed order"
        orders[user][number] = order
        pick(driver, user, message, PLANS[user][number - 1])

    def back_from(driver: SlackDriver, user: str, number: int) -> None:
        """Back on question `number`: the previous one reopens in the order it had, naming the
        answer by the letter it was shown under; the same answer is given again."""
        here = question_on_screen(standin, user, number)
        assert shown_order(here) == orders[user].setdefault(number, shown_order(here))
        driver.click(user, message=here, action_id=ids.BACK)
        reopened = question_on_screen(standin, user, number - 1)
        before = orders[user][number - 1]
        assert shown_order(reopened) == before
        chosen = letter_of(before, PLANS[user][number - 2])
        assert f"You answered {chosen}." in seen(standin, reopened)
        answer(driver, user, number - 1)

    with bot_process(
        standin, database_url=database_url, signing_secret=SIGNING_SECRET, log=log
    ) as (url, _):
        driver = SlackDriver(standin, url, SIGNING_SECRET)
        for user in people:
            driver.slash_command(user, ids.COMMAND, channel_id=standin.dm_channel_id(user))
            for number in range(1, 7):
                answer(driver, user, number)
            back_from(driver, user, 7)

            # The form shows every question in the order the DM does, prefilled by letter.
            q7 = question_on_screen(standin, user, 7)
            assert shown_order(q7) == orders[user][7]
            driver.click(user, message=q7, action_id=ids.OPEN_FORM)
            form = standin.wait_for(partial(standin.open_views, user))[-1]
            on_form = form_orders(form)
            for number in range(1, 8):
                assert on_form[FRAMEWORK.questions[number - 1].id] == orders[user][number]
            assert form_prefilled(form) == {
                FRAMEWORK.questions[n - 1].id: letter_of(orders[user][n], PLANS[user][n - 1])
                for n in range(1, 7)
            }
            driver.close_view(user, form.id)
    # The process was killed (SIGKILL): nothing it held in memory survives.

    with bot_process(
        standin, database_url=database_url, signing_secret=SIGNING_SECRET, log=log
    ) as (url, _):
        driver = SlackDriver(standin, url, SIGNING_SECRET)
        for user in people:
            dm = standin.dm_channel_id(user)
            driver.slash_command(user, ids.COMMAND, channel_id=dm)
            offer = standin.wait_for(partial(_showing, standin, user, "9 questions left"))
            driver.click(user, message=offer, action_id=ids.CONTINUE)
            standin.wait_for(partial(_showing, standin, user, "Continued further down."))
            for number in range(7, 11):
                answer(driver, user, number)  # question 7 keeps the order shown before
            back_from(driver, user, 11)
            for number in range(11, QUESTIONS + 1):
                answer(driver, user, number)
            profile = profile_on_screen(standin, user)

            # Scored from the stages the chosen words signal, whatever their letters were.
            mine = score_individual(
                FRAMEWORK, dict(zip([q.id for q in FRAMEWORK.questions], PLANS[user], strict=True))
            )
            assert dimension_figures(profile) == Figures.of(mine).dimensions
            assert stored(database_url, user) == {
                q.id: stage for q, stage in zip(FRAMEWORK.questions, PLANS[user], strict=True)
            }

    first, second = (tuple(orders[user][n] for n in range(1, QUESTIONS + 1)) for user in people)
    # Random seeds: the same order on all 15 questions would happen once in 24**15.
    assert first != second
    for user in people:
        assert all(sorted(order) == [1, 2, 3, 4] for order in orders[user].values())


def _showing(standin: SlackStandIn, user: str, words: str) -> Message | None:
    return next((m for m in standin.dm(user) if words in visible_text(m)), None)


def _question_ids(dimension_index: int) -> list[str]:
    return [q.id for q in FRAMEWORK.questions_in(FRAMEWORK.dimensions[dimension_index].id)]


def test_dont_know_in_the_dm_is_stored_moves_on_and_leaves_a_dimension_unscored(
    standin: SlackStandIn, driver: SlackDriver, team: Team, database_url: str
) -> None:
    user = team.members[2]
    unknown = set(_question_ids(3))  # every question of one dimension
    partly = _question_ids(0)[0]  # one of another's
    plan: list[int | None] = [
        None if q.id in unknown or q.id == partly else 3 for q in FRAMEWORK.questions
    ]
    driver.slash_command(user, ids.COMMAND, channel_id=standin.dm_channel_id(user))
    first = question_on_screen(standin, user, 1)
    shown_order(first)  # the don't-know button is there, apart, with no stage
    text = seen(standin, first)
    assert DONT_KNOW in text and "Counts as not answered" in text
    answer_all(standin, driver, user, plan)
    profile = profile_on_screen(standin, user)

    answers = stored(database_url, user)
    assert answers == {q.id: stage for q, stage in zip(FRAMEWORK.questions, plan, strict=True)}
    figures = dimension_figures(profile)
    assert FRAMEWORK.dimensions[3].id not in figures  # nobody's guess: not assessed
    assert "not assessed" in profile.lower()
    known = {q.id: s for q, s in zip(FRAMEWORK.questions, plan, strict=True) if s is not None}
    assert figures == Figures.of(score_individual(FRAMEWORK, known)).dimensions
    collapsed = [t for t in dm_texts(standin, user) if "✅" in t]
    assert len(collapsed) == QUESTIONS
    assert sum(DONT_KNOW in t for t in collapsed) == len(unknown) + 1


def test_dont_know_on_the_form_is_prefilled_stored_and_scored_as_not_answered(
    standin: SlackStandIn, driver: SlackDriver, team: Team, database_url: str
) -> None:
    user = team.members[3]
    driver.slash_command(user, ids.COMMAND, channel_id=standin.dm_channel_id(user))
    q1 = question_on_screen(standin, user, 1)
    order = shown_order(q1)
    assert answering.dont_know(driver, user, q1).status == 200
    q2 = question_on_screen(standin, user, 2)
    assert f"1 of {QUESTIONS} answered" in seen(standin, q2)  # don't know moves the person on
    driver.click(user, message=q2, action_id=ids.OPEN_FORM)
    form = standin.wait_for(lambda: standin.open_views(user))[-1]
    first = FRAMEWORK.questions[0]
    assert form_prefilled(form) == {first.id: "dont_know"}
    assert form_orders(form)[first.id] == order  # the form's order is the DM's

    unknown = set(_question_ids(5))
    plan: list[int | None] = [
        None if q.id in unknown or q.id == first.id else 2 for q in FRAMEWORK.questions
    ]
    result = driver.submit_view(user, form.id, answering.form_picks(form, plan))
    assert result.status == 200 and not result.body.strip(), result.body
    profile = profile_on_screen(standin, user)

    assert stored(database_url, user) == {
        q.id: stage for q, stage in zip(FRAMEWORK.questions, plan, strict=True)
    }
    figures = dimension_figures(profile)
    assert FRAMEWORK.dimensions[5].id not in figures
    known = {q.id: s for q, s in zip(FRAMEWORK.questions, plan, strict=True) if s is not None}
    assert figures == Figures.of(score_individual(FRAMEWORK, known)).dimensions


def test_a_question_posted_before_the_upgrade_is_answered_as_it_was_shown(
    standin: SlackStandIn, driver: SlackDriver, team: Team, database_url: str
) -> None:
    """Question messages posted before options were shuffled listed them in the framework's
    order, each button carrying its option's stage (`"s"`). A click on one still counts, as the
    option its words showed, and the conversation moves on."""
    user = team.members[4]
    driver.slash_command(user, ids.COMMAND, channel_id=standin.dm_channel_id(user))
    q1 = question_on_screen(standin, user, 1)
    question = FRAMEWORK.questions[0]
    old = copy.deepcopy(q1)
    stage_in = {answering.option_shown(q1, s)[0]: s for s in (1, 2, 3, 4)}
    for block in old.blocks:
        button = block.get("accessory") or {}
        if button.get("action_id") == ids.PICK:
            value = json.loads(button["value"])
            stage = stage_in[block["block_id"]]
            button["value"] = json.dumps({"r": value["r"], "q": value["q"], "s": stage})
    block_id = answering.option_shown(old, 2)[0]
    result = driver.click(user, message=old, action_id=ids.PICK, block_id=block_id, as_seen=True)
    assert result.status == 200
    question_on_screen(standin, user, 2)
    assert stored(database_url, user) == {question.id: 2}
