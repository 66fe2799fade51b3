"""What a person does and sees, in the stand-in: find the current question, click an option."""

from __future__ import annotations

from bot import ids
from bot.run_modes import answering
from scoring import Framework, default_framework
from standin import SlackDriver, SlackStandIn
from standin.records import Ephemeral, Message, View

QUESTIONS = len(default_framework().questions)
"""How many questions the shipped framework asks: a walk answers this many unless told."""
PROFILE_HEADER = "Your Outcome Readiness profile\n"
JOIN = "Take the assessment"


def seen(slack: SlackStandIn, item: Message | View) -> str:
    """The words as Slack renders them: mrkdwn's escapes (&amp; &lt; &gt;) shown as characters."""
    text = slack.visible_text(item)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def dm_texts(slack: SlackStandIn, user: str) -> list[str]:
    return [seen(slack, m) for m in slack.dm(user)]


def question_on_screen(
    slack: SlackStandIn, user: str, number: int, *, total: int = QUESTIONS
) -> Message:
    return answering.question_on_screen(slack, user, number, total)


def pick(
    driver: SlackDriver,
    user: str,
    message: Message,
    stage: int | None,
    *,
    framework: Framework | None = None,
) -> None:
    """Click the option of `stage` (found by its text: nothing on screen says which option is
    which stage), or "Don't know / not my area" for None."""
    if stage is None:
        result = answering.dont_know(driver, user, message)
    else:
        result = answering.pick(driver, user, message, stage, framework=framework)
    assert result.status == 200, result.body


def answer_all(
    slack: SlackStandIn,
    driver: SlackDriver,
    user: str,
    stages: list[int] | list[int | None],
    start: int = 1,
    *,
    total: int = QUESTIONS,
    framework: Framework | None = None,
) -> None:
    """Answer questions `start`.. in the DM (one per stage given, of `total`; None is don't
    know), one click each, as a person would."""
    for number, stage in enumerate(stages, start=start):
        message = question_on_screen(slack, user, number, total=total)
        pick(driver, user, message, stage, framework=framework)


def profile_on_screen(slack: SlackStandIn, user: str) -> str:
    found: str = slack.wait_for(
        lambda: next((t for t in dm_texts(slack, user) if t.startswith(PROFILE_HEADER)), None),
        description=f"{user}'s profile in their DM",
    )
    return found


def channel_message(slack: SlackStandIn, channel: str, containing: str) -> Message:
    """Wait for a message in `channel` whose visible text contains `containing`."""

    def found() -> Message | None:
        return next(
            (m for m in slack.messages(channel) if containing in slack.visible_text(m)), None
        )

    return slack.wait_for(found, description=f"a message with {containing!r} in {channel}")


def latest_ephemeral(slack: SlackStandIn, user: str, channel: str, *, after: int = 0) -> str:
    """Wait for an ephemeral reply to `user` in `channel` (the `after`+1-th one there) and
    return the text of the newest."""

    def arrived() -> list[Ephemeral] | None:
        found = slack.ephemerals(user, channel)
        return found if len(found) > after else None

    shown = slack.wait_for(arrived, description=f"reply {after + 1} to {user} in {channel}")
    return slack.visible_text(shown[-1])


def command_reply(
    slack: SlackStandIn, driver: SlackDriver, user: str, text: str, *, channel: str
) -> str:
    """`user` types `/readiness text` in `channel`; the private reply they get to it."""
    before = len(slack.ephemerals(user, channel))
    driver.slash_command(user, ids.COMMAND, text, channel_id=channel)
    return latest_ephemeral(slack, user, channel, after=before)


def start_team_run(
    slack: SlackStandIn, driver: SlackDriver, lead: str, channel: str, text: str = "team"
) -> Message:
    """The lead starts a team run with `/readiness <text>`; its invitation, once posted.

    Waited for here, so that members never click an earlier run's invitation, which still
    shows its button for a moment after that run closed (it is updated after the profile)."""
    before = len(slack.messages(channel))

    def posted() -> Message | None:
        newer = slack.messages(channel)[before:]
        return next((m for m in reversed(newer) if JOIN in slack.visible_text(m)), None)

    driver.slash_command(lead, ids.COMMAND, text, channel_id=channel)
    return slack.wait_for(posted, description=f"the new run's invitation in {channel}")


CLOSED_NOTE = "The team profile is posted below"
"""What a run's invitation says once its close has done its work (the profile recorded as
posted, the plan shown)."""


def wait_closed(slack: SlackStandIn, invitation: Message) -> None:
    """Until the run of `invitation` has closed and its close has done its work: a test that
    acts next (asks for results, moves the clock past the close's lease) sees it all."""

    def closed() -> bool:
        shown = slack.message(invitation.channel, invitation.ts)
        return shown is not None and CLOSED_NOTE in slack.visible_text(shown)

    slack.wait_for(closed, description="the invitation saying the run closed")


def take_part(
    slack: SlackStandIn,
    driver: SlackDriver,
    user: str,
    channel: str,
    stages: list[int] | list[int | None],
    *,
    total: int = QUESTIONS,
    framework: Framework | None = None,
) -> None:
    """Click "Take the assessment" on the channel's newest open invitation and answer it all."""

    refused: set[str] = set()

    def open_invitation() -> Message | None:
        return next(
            (
                m
                for m in reversed(slack.messages(channel))
                if m.ts not in refused and JOIN in slack.visible_text(m)
            ),
            None,
        )

    while True:
        invitation = slack.wait_for(open_invitation, description=f"an invitation in {channel}")
        told = len(slack.ephemerals(user, channel))
        driver.click(user, message=invitation, action_id=ids.JOIN_TEAM)
        if not _refused_as_closed(slack, user, channel, told, total):
            break
        # An earlier run's invitation, its button not yet gone when clicked (it is updated
        # after the run's profile): clicked again on the newer one, as a person would.
        refused.add(invitation.ts)
    answer_all(slack, driver, user, stages, total=total, framework=framework)
    profile_on_screen(slack, user)


def _refused_as_closed(slack: SlackStandIn, user: str, channel: str, told: int, total: int) -> bool:
    """After a click on an invitation: True if the bot said that run has closed, False once
    question 1 is in the person's DM."""
    first, choose = answering.question_marks(1, total)

    def outcome() -> str | None:
        replies = slack.ephemerals(user, channel)[told:]
        if any("closed" in slack.visible_text(reply) for reply in replies):
            return "refused"
        for message in reversed(slack.dm(user)):
            text = slack.visible_text(message)
            if first in text and choose in text:
                return "asked"
        return None

    return slack.wait_for(outcome, description=f"question 1 in {user}'s DM") == "refused"


def profile_thread(
    slack: SlackStandIn, channel: str, profile: Message, *, framework: Framework | None = None
) -> str:
    """The words of a profile's whole thread (a team's details, then the full report over a
    few messages), once its last message, the last dimension's, is there."""
    last = (framework or default_framework()).dimensions[-1]

    def whole() -> str | None:
        replies = [seen(slack, m) for m in slack.thread(channel, profile.ts)[1:]]
        done = any(f"*{last.number}. " in reply for reply in replies)
        return "\n".join(replies) if done else None

    found: str = slack.wait_for(whole, description="the profile's whole thread")
    return found
