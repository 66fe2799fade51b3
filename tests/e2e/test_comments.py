"""Comments, one per dimension and optional, through the HTTP bot and the stand-in: offered on
the message after a dimension's last question, shown back to their writer, shown to the team
only unsigned and from five, as plain text everywhere, and deleted with forget me."""

from __future__ import annotations

import json
import re
import urllib.request

from sqlalchemy import func, select

from bot import ids
from bot.run_modes import answering
from scoring import default_framework
from standin import SlackDriver, SlackStandIn
from standin.records import Message
from storage.database import Database
from storage.models import Comment, Response, TeamResult
from tests.answer_key import page_lines
from tests.bot_fixtures import Team
from tests.e2e.people import (
    JOIN,
    PROFILE_HEADER,
    QUESTIONS,
    answer_all,
    channel_message,
    latest_ephemeral,
    profile_on_screen,
    question_on_screen,
    seen,
)

FRAMEWORK = default_framework()
FIRST = FRAMEWORK.dimensions[0]
FIRST_COUNT = len(FRAMEWORK.questions_in(FIRST.id))
"""Questions in the first dimension: the next question's message offers the comment."""
ASKED = "What holds us back from the next stage?"
MARKUP = "Ping <!channel> and <@U123>, see <https://x.example|y> & more"
REPORT_LINK = re.compile(r"<(http://127\.0\.0\.1:\d+/reports/[^|>]+)\|Printable report>")


def _comment_button(message: Message) -> dict[str, object]:
    for block in message.blocks:
        for element in block.get("elements") or []:
            if isinstance(element, dict) and element.get("action_id") == ids.COMMENT:
                return element
    raise AssertionError("no comment button on the message")


def _write(
    standin: SlackStandIn, driver: SlackDriver, user: str, message: Message, text: str
) -> None:
    """Click "Add a comment on …" and save `text` in the modal it opens."""
    before = len(standin.open_views(user))
    opened = driver.click(user, message=message, action_id=ids.COMMENT)
    assert opened.status == 200, opened.body
    view = standin.wait_for(lambda: standin.open_views(user)[before:] or None)[-1]
    assert ASKED in standin.visible_text(view)
    saved = driver.submit_view(user, view.id, {ids.COMMENT_BLOCK: {ids.COMMENT_TEXT: text}})
    assert saved.status == 200, saved.body
    assert not standin.open_views(user), "the modal closes once the comment is saved"


def _answer_with_comment(
    standin: SlackStandIn, driver: SlackDriver, user: str, stages: list[int], text: str | None
) -> None:
    """Answer every question; after the first dimension's last, comment `text` (None: skip)."""
    answer_all(standin, driver, user, stages[:FIRST_COUNT])
    following = question_on_screen(standin, user, FIRST_COUNT + 1)
    button = _comment_button(following)
    assert button["text"]["text"] == f"Add a comment on {FIRST.name}"  # type: ignore[index]
    if text is not None:
        _write(standin, driver, user, following, text)
    answer_all(standin, driver, user, stages[FIRST_COUNT:], start=FIRST_COUNT + 1)
    profile_on_screen(standin, user)


def _team_run(
    standin: SlackStandIn, driver: SlackDriver, team: Team, said: dict[str, str | None]
) -> tuple[str, str, str]:
    """A team run the people of `said` take, each commenting on the first dimension (or not);
    closed: (the channel's profile message, its thread's full report, the printable page)."""
    driver.slash_command(team.lead, ids.COMMAND, "team min 3", channel_id=team.channel)
    invitation = channel_message(standin, team.channel, JOIN)
    for user, text in said.items():
        driver.click(user, message=invitation, action_id=ids.JOIN_TEAM)
        _answer_with_comment(standin, driver, user, [2] * QUESTIONS, text)
    driver.slash_command(team.lead, ids.COMMAND, "close", channel_id=team.channel)
    profile = channel_message(
        standin, team.channel, f"Team Outcome Readiness profile · {len(said)} respondents"
    )
    replies = standin.wait_for(
        lambda: [
            m
            for m in standin.thread(team.channel, profile.ts)[1:]
            if "Full report" in standin.visible_text(m)
        ],
        description="the full report in the thread",
    )
    found = REPORT_LINK.search(standin.visible_text(profile))
    assert found, "the team profile links to its printable report"
    with urllib.request.urlopen(found.group(1), timeout=10) as response:
        page = response.read().decode()
    return standin.visible_text(profile), standin.visible_text(replies[-1]), page


def test_a_comment_after_a_dimensions_last_question_is_shown_in_the_writers_own_profile(
    standin: SlackStandIn, driver: SlackDriver, team: Team, bot_database: Database
) -> None:
    user = team.members[0]
    driver.slash_command(user, ids.COMMAND, channel_id=standin.dm_channel_id(user))
    # Before the first dimension is done, nothing offers a comment.
    first = question_on_screen(standin, user, 1)
    assert all(
        e.get("action_id") != ids.COMMENT
        for b in first.blocks
        for e in (b.get("elements") or [])
        if isinstance(e, dict)
    )
    _answer_with_comment(standin, driver, user, [2] * QUESTIONS, "Nobody owns the success plan.")
    profile = profile_on_screen(standin, user)
    assert profile.startswith(PROFILE_HEADER)
    assert "Your comments" in profile and "Nobody owns the success plan." in profile
    # The profile offers a comment on the last dimension.
    dm = standin.dm(user)
    shown = next(m for m in dm if seen(standin, m).startswith(PROFILE_HEADER))
    last = FRAMEWORK.dimensions[-1]
    assert _comment_button(shown)["text"]["text"] == f"Add a comment on {last.name}"  # type: ignore[index]
    _write(standin, driver, user, shown, "Renewals are a surprise every time.")
    with bot_database.session() as session:
        stored = dict(session.execute(select(Comment.dimension_id, Comment.text)).all())
    assert stored == {
        FIRST.id: "Nobody owns the success plan.",
        last.id: "Renewals are a surprise every time.",
    }


def test_five_comments_are_shown_unsigned_in_the_thread_and_page_and_four_are_held_back(
    standin: SlackStandIn, driver: SlackDriver, team: Team, bot_database: Database
) -> None:
    texts = [MARKUP, "Too many tools.", "No time for QBRs.", "Data is scattered.", "Handoffs leak."]
    said: dict[str, str | None] = dict(zip(team.members, texts, strict=True))
    message, thread, page = _team_run(standin, driver, team, said)

    # The channel message stays short: no comments in it.
    assert not any(text in seen_text for text in texts[1:] for seen_text in [message])
    # The thread lists all five, as plain text: the markup is escaped, so nobody is pinged.
    for text in texts[1:]:
        assert text in thread
    assert "<!channel>" not in thread and "<@U123>" not in thread and "<https://" not in thread
    assert (
        "&lt;!channel&gt; and &lt;@U123&gt;, see &lt;https://x.example|y&gt; &amp; more" in thread
    )
    assert "5 comments" in thread
    # Nobody's name or id beside them.
    for user in team.members:
        assert user not in thread
    # The page: every comment, escaped by the template (never as a link).
    assert "&lt;!channel&gt;" in page and 'href="https://x.example' not in page
    lines = page_lines(page)
    for text in texts:
        assert text in lines

    # The closed run's snapshot keeps the texts, never who wrote them.
    with bot_database.session() as session:
        snapshot = json.dumps(session.scalars(select(TeamResult.snapshot)).one())
        response_ids = session.scalars(select(Response.id)).all()
    assert all(text.replace('"', '\\"') in snapshot for text in texts[1:])
    assert not any(rid in snapshot for rid in response_ids)
    assert not any(user in snapshot for user in team.members)


def test_four_comments_are_held_back_with_the_reason(
    standin: SlackStandIn, driver: SlackDriver, team: Team, bot_database: Database
) -> None:
    texts = ["Too many tools.", "No time for QBRs.", "Data is scattered.", "Handoffs leak.", None]
    said = dict(zip(team.members, texts, strict=True))
    _, thread, page = _team_run(standin, driver, team, said)
    held = "4 comments held back: shown from five, so no one can be recognized by their words"
    assert held in thread and held in page_lines(page)
    for text in texts[:4]:
        assert text is not None
        assert text not in thread and text not in page
    with bot_database.session() as session:
        snapshot = json.dumps(session.scalars(select(TeamResult.snapshot)).one())
    assert not any(text in snapshot for text in texts if text)


def test_forget_me_deletes_the_comments(
    standin: SlackStandIn, driver: SlackDriver, team: Team, bot_database: Database
) -> None:
    user = team.members[1]
    driver.slash_command(team.lead, ids.COMMAND, "team", channel_id=team.channel)
    invitation = channel_message(standin, team.channel, JOIN)
    driver.click(user, message=invitation, action_id=ids.JOIN_TEAM)
    _answer_with_comment(standin, driver, user, [3] * QUESTIONS, "Leadership never asks.")
    with bot_database.session() as session:
        assert session.scalar(select(func.count()).select_from(Comment)) == 1

    before = len(standin.ephemerals(user, team.channel))
    driver.slash_command(user, ids.COMMAND, "forget me", channel_id=team.channel)
    assert "Delete your" in latest_ephemeral(standin, user, team.channel, after=before)
    question = standin.ephemerals(user, team.channel)[-1]
    driver.click(user, message=question, action_id=ids.FORGET_CONFIRM)
    standin.wait_for(lambda: "I deleted" in latest_ephemeral(standin, user, team.channel))
    with bot_database.session() as session:
        assert session.scalar(select(func.count()).select_from(Comment)) == 0


def test_an_empty_or_over_long_comment_is_refused_in_words_and_nothing_changes(
    standin: SlackStandIn, any_driver: SlackDriver, team: Team, bot_database: Database
) -> None:
    user = team.members[2]
    any_driver.slash_command(user, ids.COMMAND, channel_id=standin.dm_channel_id(user))
    answer_all(standin, any_driver, user, [2] * FIRST_COUNT)
    following = question_on_screen(standin, user, FIRST_COUNT + 1)
    any_driver.click(user, message=following, action_id=ids.COMMENT)
    view = standin.wait_for(lambda: standin.open_views(user) or None)[-1]

    empty = any_driver.submit_view(user, view.id, {ids.COMMENT_BLOCK: {ids.COMMENT_TEXT: "   "}})
    assert empty.status == 200 and isinstance(empty.json, dict)
    assert empty.json["response_action"] == "errors"
    assert "Write a comment first" in empty.json["errors"][ids.COMMENT_BLOCK]

    # Slack's client keeps the input to 500 characters; a request that says otherwise is
    # refused all the same.
    def too_long(payload: dict[str, object]) -> None:
        state = payload["view"]["state"]["values"]  # type: ignore[index]
        state[ids.COMMENT_BLOCK][ids.COMMENT_TEXT]["value"] = "x" * 501

    any_driver.edit = too_long
    try:
        long = any_driver.submit_view(user, view.id, {ids.COMMENT_BLOCK: {ids.COMMENT_TEXT: "ok"}})
    finally:
        any_driver.edit = None
    assert long.status == 200 and isinstance(long.json, dict)
    assert "at most 500 characters" in long.json["errors"][ids.COMMENT_BLOCK]
    with bot_database.session() as session:
        assert session.scalar(select(func.count()).select_from(Comment)) == 0


def test_the_form_takes_one_optional_comment_per_dimension(
    standin: SlackStandIn, driver: SlackDriver, team: Team, bot_database: Database
) -> None:
    user = team.members[3]
    driver.slash_command(user, ids.COMMAND, channel_id=standin.dm_channel_id(user))
    first = question_on_screen(standin, user, 1)
    driver.click(user, message=first, action_id=ids.OPEN_FORM)
    view = standin.wait_for(lambda: standin.open_views(user) or None)[-1]
    inputs = [
        b for b in view.blocks if str(b.get("block_id", "")).startswith(ids.FORM_COMMENT_PREFIX)
    ]
    assert len(inputs) == len(FRAMEWORK.dimensions)
    assert all(b["optional"] and b["element"]["max_length"] == 500 for b in inputs)
    second = FRAMEWORK.dimensions[1]
    picks = answering.form_picks(view, [2] * QUESTIONS)
    picks[f"{ids.FORM_COMMENT_PREFIX}{second.id}"] = {
        ids.COMMENT_TEXT: "Our QBRs are <b>slides</b>."
    }
    result = driver.submit_view(user, view.id, picks)
    assert result.status == 200, result.body
    profile = profile_on_screen(standin, user)
    assert "Our QBRs are <b>slides</b>." in profile
    with bot_database.session() as session:
        stored = dict(session.execute(select(Comment.dimension_id, Comment.text)).all())
    assert stored == {second.id: "Our QBRs are <b>slides</b>."}  # left empty: none stored
