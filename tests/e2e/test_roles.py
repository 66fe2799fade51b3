"""The optional role question above the first question (and at the top of the form): what a
person picks is stored with their response, offered again next time, and deleted with forget me;
nobody else ever sees it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from bot import ids
from bot.run_modes import answering
from scoring import Role
from standin import Message, SlackDriver, SlackStandIn
from storage.database import Database
from storage.models import RememberedRole, Response
from storage.roles import completed_roles
from tests.bot_fixtures import Team
from tests.e2e.people import (
    QUESTIONS,
    answer_all,
    channel_message,
    latest_ephemeral,
    profile_on_screen,
    question_on_screen,
    seen,
)

ASKED = "Which part of the org do you work in?"


def _role_select(message: Message) -> dict[str, Any]:
    block = next(b for b in message.blocks if b.get("block_id") == "role")
    element: dict[str, Any] = block["accessory"]
    return element


def _option(element: dict[str, Any], text: str) -> str:
    """The value of the option whose text is `text`, as a person picks it by what it says."""
    return str(next(o["value"] for o in element["options"] if o["text"]["text"] == text))


def _initial(element: dict[str, Any]) -> str | None:
    initial = element.get("initial_option")
    return None if initial is None else str(initial["text"]["text"])


def _roles(database: Database, user: str) -> tuple[list[str | None], str | None]:
    """(each of the person's responses' roles, oldest first; their remembered role)."""
    with database.session() as session:
        given = list(
            session.scalars(
                select(Response.role).where(Response.user_id == user).order_by(Response.started_at)
            )
        )
        remembered = session.scalar(
            select(RememberedRole.role).where(RememberedRole.user_id == user)
        )
    return given, remembered


def _own_run(standin: SlackStandIn, driver: SlackDriver, user: str) -> Message:
    """Start the person's own assessment in their DM: its question 1, posted just now (an
    earlier run's question 1 may still be on screen, when that run was finished by the form)."""
    dm = standin.dm_channel_id(user)
    before = len(standin.messages(dm))
    driver.slash_command(user, ids.COMMAND, channel_id=dm)
    marks = answering.question_marks(1, QUESTIONS)

    def posted() -> Message | None:
        return next(
            (
                m
                for m in standin.messages(dm)[before:]
                if all(mark in standin.visible_text(m) for mark in marks)
            ),
            None,
        )

    found: Message = standin.wait_for(posted, description=f"a new question 1 in {user}'s DM")
    return found


def test_a_role_picked_before_question_1_is_stored_remembered_and_offered_next_time(
    standin: SlackStandIn, driver: SlackDriver, team: Team, bot_database: Database
) -> None:
    user = team.members[0]
    driver.slash_command(team.lead, ids.COMMAND, "team", channel_id=team.channel)
    invitation = channel_message(standin, team.channel, "Take the assessment")
    driver.click(user, message=invitation, action_id=ids.JOIN_TEAM)
    first = question_on_screen(standin, user, 1)
    assert ASKED in seen(standin, first)
    select_ = _role_select(first)
    assert _initial(select_) is None  # never chosen: nothing preselected
    assert [o["text"]["text"] for o in select_["options"]] == [
        "CS leadership",
        "CSM / account management",
        "Onboarding / implementation",
        "CS operations",
        "Sales / solutions",
        "Other",
        "Prefer not to say",
        "Skip: no role this time",
    ]
    result = driver.click(
        user,
        message=first,
        action_id=ids.ROLE,
        selected_option=_option(select_, "CSM / account management"),
    )
    assert result.status == 200, result.body
    assert _roles(bot_database, user) == (["csm"], "csm")

    answer_all(standin, driver, user, [2] * QUESTIONS)
    profile_on_screen(standin, user)
    # Only question 1 asks; the channel never hears what anyone answered as.
    question_texts = [seen(standin, m) for m in standin.messages(standin.dm_channel_id(user))]
    assert sum(ASKED in text for text in question_texts) <= 1
    channel = "\n".join(standin.visible_text(m) for m in standin.messages(team.channel))
    assert "CSM" not in channel and "account management" not in channel
    with bot_database.session() as session:
        run_id = session.scalars(select(Response.run_id).where(Response.user_id == user)).one()
        assert completed_roles(session, run_id=run_id) == [Role.CSM]

    # Their own assessment next: the role is offered as last time, and already given.
    again = _own_run(standin, driver, user)
    select_ = _role_select(again)
    assert _initial(select_) == "Same as last time: CSM / account management"
    assert _roles(bot_database, user) == (["csm", "csm"], "csm")

    # This time they skip it: no role for this response, and the remembered one stays.
    driver.click(
        user,
        message=again,
        action_id=ids.ROLE,
        selected_option=_option(select_, "Skip: no role this time"),
    )
    assert _roles(bot_database, user) == (["csm", None], "csm")
    answer_all(standin, driver, user, [3] * QUESTIONS)
    profile_on_screen(standin, user)
    assert _roles(bot_database, user) == (["csm", None], "csm")


def test_skipping_the_role_stores_nothing(
    standin: SlackStandIn, driver: SlackDriver, team: Team, bot_database: Database
) -> None:
    user = team.members[1]
    first = _own_run(standin, driver, user)
    driver.click(
        user,
        message=first,
        action_id=ids.ROLE,
        selected_option=_option(_role_select(first), "Skip: no role this time"),
    )
    answer_all(standin, driver, user, [2] * QUESTIONS)
    profile_on_screen(standin, user)
    assert _roles(bot_database, user) == ([None], None)
    # Not answering it at all is the same as skipping.
    other = team.members[2]
    _own_run(standin, driver, other)
    answer_all(standin, driver, other, [2] * QUESTIONS)
    profile_on_screen(standin, other)
    assert _roles(bot_database, other) == ([None], None)


def test_the_form_asks_the_role_at_the_top_and_stores_it(
    standin: SlackStandIn, driver: SlackDriver, team: Team, bot_database: Database
) -> None:
    user = team.lead
    first = _own_run(standin, driver, user)
    driver.click(user, message=first, action_id=ids.OPEN_FORM)
    view = standin.wait_for(lambda: standin.open_views(user))[-1]
    top = view.blocks[0]
    assert top["block_id"] == ids.FORM_ROLE_BLOCK and top["optional"] is True
    assert top["label"]["text"] == ASKED
    picks = answering.form_picks(view, [3] * QUESTIONS)
    picks[ids.FORM_ROLE_BLOCK] = {
        ids.FORM_CHOICE: _option(top["element"], "CS leadership"),
    }
    result = driver.submit_view(user, view.id, picks)
    assert result.status == 200, result.body
    profile_on_screen(standin, user)
    assert _roles(bot_database, user) == (["leadership"], "leadership")

    # The next form starts from it.
    again = _own_run(standin, driver, user)
    opened = driver.click(user, message=again, action_id=ids.OPEN_FORM)
    assert opened.status == 200, opened.body
    view = standin.wait_for(lambda: standin.open_views(user))[-1]
    assert _initial(view.blocks[0]["element"]) == "Same as last time: CS leadership"


def test_forget_me_deletes_the_remembered_role(
    standin: SlackStandIn, driver: SlackDriver, team: Team, bot_database: Database
) -> None:
    user = team.members[0]
    first = _own_run(standin, driver, user)
    driver.click(
        user,
        message=first,
        action_id=ids.ROLE,
        selected_option=_option(_role_select(first), "Onboarding / implementation"),
    )
    answer_all(standin, driver, user, [2] * QUESTIONS)
    profile_on_screen(standin, user)
    assert _roles(bot_database, user) == (["onboarding"], "onboarding")

    driver.slash_command(user, ids.COMMAND, "forget me", channel_id=team.channel)
    latest_ephemeral(standin, user, team.channel)
    question = standin.ephemerals(user, team.channel)[-1]
    driver.click(user, message=question, action_id=ids.FORGET_CONFIRM)
    standin.wait_for(lambda: "I deleted" in latest_ephemeral(standin, user, team.channel))
    assert _roles(bot_database, user) == ([], None)

    # A fresh start: nothing offered as "last time".
    assert _initial(_role_select(_own_run(standin, driver, user))) is None
