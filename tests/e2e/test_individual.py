"""A person takes the assessment in their DM, as they would in Slack."""

from __future__ import annotations

import pytest

from bot import ids
from bot.messages.mrkdwn import in_words
from bot.run_modes import answering
from scoring import default_framework
from scoring.reading_time import reading_time
from standin import SlackDriver, SlackStandIn
from standin.records import View
from tests.bot_fixtures import Team
from tests.e2e.people import (
    QUESTIONS,
    answer_all,
    dm_texts,
    latest_ephemeral,
    pick,
    profile_on_screen,
    question_on_screen,
    seen,
)

FRAMEWORK = default_framework()


def test_slash_command_anywhere_continues_in_the_dm_through_to_a_profile(
    standin: SlackStandIn, any_driver: SlackDriver, team: Team
) -> None:
    user = team.members[0]
    any_driver.slash_command(user, "/readiness", channel_id=team.channel)
    assert "DM" in latest_ephemeral(standin, user, team.channel)

    first = seen(standin, question_on_screen(standin, user, 1))
    assert f"Question 1 of {QUESTIONS} · Outcome Definition & Success Planning" in first
    for option in FRAMEWORK.questions[0].options:
        assert option.text in first  # all four options readable in full

    stages = [2, 2, 3, 2, 3, 2, 3, 3, 2, 2, 1, 3, 3, 2, 2]
    answer_all(standin, any_driver, user, stages)
    profile = profile_on_screen(standin, user)
    assert "Overall: Stage 2 · Make it Stick" in profile
    for dimension in FRAMEWORK.dimensions:
        assert dimension.name in profile
    # Health Scoring (1.5) is lower, but Outcome Definition (2.25) is below Stage 3: every other
    # dimension's next moves need documented outcomes, so that is where to start.
    assert "Start with Outcome Definition & Success Planning" in profile

    texts = dm_texts(standin, user)
    collapsed = [t for t in texts if "✅" in t]
    assert len(collapsed) == QUESTIONS  # every answered question collapsed to its choice
    assert "Choose A" not in "\n".join(texts)  # no live question left behind
    q4 = FRAMEWORK.questions[3]
    assert any(f"Question 4 of {QUESTIONS}" in t and q4.option(2).text in t for t in collapsed)
    assert standin.messages(team.channel) == []  # nothing in the channel


def test_back_changes_the_previous_answer(
    standin: SlackStandIn, driver: SlackDriver, team: Team
) -> None:
    user = team.members[1]
    dm = standin.dm_channel_id(user)
    driver.slash_command(user, "/readiness", channel_id=dm)
    answer_all(standin, driver, user, [1, 1])
    # Read the letter off question 3 while it is on screen, then answer it: once answered it
    # collapses, and its options are gone.
    q3_shown = question_on_screen(standin, user, 3)
    q3_letter = answering.option_shown(q3_shown, 1)[1]
    pick(driver, user, q3_shown, 1)
    q4 = question_on_screen(standin, user, 4)
    driver.click(user, message=q4, action_id=ids.BACK)

    reopened = question_on_screen(standin, user, 3)
    assert f"You answered {q3_letter}" in standin.visible_text(reopened)
    assert not any(f"Question 4 of {QUESTIONS}" in t for t in dm_texts(standin, user))
    pick(driver, user, reopened, 4)

    new_letter = answering.option_shown(reopened, 4)[1]
    question_on_screen(standin, user, 4)
    third = FRAMEWORK.questions[2]
    texts = dm_texts(standin, user)
    q3 = [t for t in texts if f"Question 3 of {QUESTIONS}" in t]
    assert len(q3) == 1 and f"✅ {new_letter}. {third.option(4).text}" in q3[0].replace("*", "")


def test_a_stale_click_gets_a_friendly_reply_and_changes_nothing(
    standin: SlackStandIn, driver: SlackDriver, team: Team
) -> None:
    user = team.members[2]
    dm = standin.dm_channel_id(user)
    driver.slash_command(user, "/readiness", channel_id=dm)
    q1 = question_on_screen(standin, user, 1)
    pick(driver, user, q1, 2)
    question_on_screen(standin, user, 2)
    # The same person clicks the original (now collapsed) message as Slack last showed it:
    # their client had not refreshed. The driver sends the payload of the old message.
    result = answering.pick(driver, user, q1, 4, as_seen=True)
    assert result.status == 200
    refusal = latest_ephemeral(standin, user, dm)
    assert "Your answer to question 1 was already taken" in refusal
    assert FRAMEWORK.questions[0].option(2).text in refusal  # the answer that counts
    collapsed = next(t for t in dm_texts(standin, user) if f"Question 1 of {QUESTIONS}" in t)
    assert "✅" in collapsed and FRAMEWORK.questions[0].option(2).text in collapsed


def test_a_double_click_posts_the_next_question_once(
    standin: SlackStandIn, driver: SlackDriver, team: Team
) -> None:
    user = team.members[3]
    dm = standin.dm_channel_id(user)
    driver.slash_command(user, "/readiness", channel_id=dm)
    q1 = question_on_screen(standin, user, 1)
    pick(driver, user, q1, 3)
    answering.pick(driver, user, q1, 3, as_seen=True)
    question_on_screen(standin, user, 2)
    standin.wait_for(lambda: len(standin.calls_to("chat.update")) >= 1)
    assert sum(f"Question 2 of {QUESTIONS}" in t for t in dm_texts(standin, user)) == 1
    assert standin.ephemerals(user, dm) == []  # a repeat is absorbed silently


def test_a_message_in_the_dm_gets_a_welcome_with_a_start_button(
    standin: SlackStandIn, driver: SlackDriver, team: Team
) -> None:
    user = team.members[4]
    driver.dm_message(user, "hi")
    welcome = standin.wait_for(
        lambda: next(
            (m for m in standin.dm(user) if "Who sees what" in standin.visible_text(m)), None
        )
    )
    text = seen(standin, welcome)
    # The time it promises is measured from the questions' own words (2026.1: eight minutes).
    minutes = reading_time(FRAMEWORK).minutes
    assert f"{in_words(minutes)} minutes" in text and "Who sees what" in text
    for dimension in FRAMEWORK.dimensions:
        assert dimension.name in text
    driver.click(user, message=welcome, action_id=ids.START)
    question_on_screen(standin, user, 1)


def test_the_form_asks_for_every_answer_once_then_gives_the_profile(
    standin: SlackStandIn, any_driver: SlackDriver, team: Team
) -> None:
    user = team.lead
    dm = standin.dm_channel_id(user)
    any_driver.slash_command(user, "/readiness", channel_id=dm)
    q1 = question_on_screen(standin, user, 1)
    any_driver.click(user, message=q1, action_id=ids.OPEN_FORM)
    view = standin.wait_for(lambda: standin.open_views(user))[-1]
    text = seen(standin, view)
    for question in FRAMEWORK.questions:
        assert question.prompt in text
        for option in question.options:
            # Each option's full text once: under its label, not also in a list above.
            assert text.count(option.text) == 1, option.text
    for dimension in FRAMEWORK.dimensions:
        assert dimension.name in text
    questions = [
        b for b in view.blocks if str(b.get("block_id", "")).startswith(ids.FORM_BLOCK_PREFIX)
    ]
    assert len(questions) == QUESTIONS and not any(b.get("optional") for b in questions)
    assert "counts as an answer" in text

    picks = answering.form_picks(view, [3] * 12)
    with pytest.raises(AssertionError, match="Slack would not submit"):
        any_driver.submit_view(user, view.id, picks)
    assert standin.open_views(user)  # still open, showing what is missing

    picks = answering.form_picks(view, [3] * QUESTIONS)
    result = any_driver.submit_view(user, view.id, picks)
    assert result.status == 200 and not result.body.strip()
    profile = profile_on_screen(standin, user)
    assert "Overall: Stage 3 · Make it Matter" in profile


def test_app_home_offers_the_assessment_and_later_shows_the_latest_profile(
    standin: SlackStandIn, any_driver: SlackDriver, team: Team
) -> None:
    user = team.admin
    any_driver.open_home(user)
    home = standin.wait_for(lambda: standin.home(user))
    assert "Take the assessment" in standin.visible_text(home)
    any_driver.click(user, view=home, action_id=ids.START)
    answer_all(standin, any_driver, user, [4] * QUESTIONS)
    profile_on_screen(standin, user)
    any_driver.open_home(user)

    def refreshed() -> View | None:
        home = standin.home(user)
        return home if home and "Your latest profile" in seen(standin, home) else None

    assert "Stage 4 · Make it Ours" in seen(standin, standin.wait_for(refreshed))
