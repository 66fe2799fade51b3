"""Privacy: during a full team run, every message, ephemeral, App Home and file the stand-in
recorded is searched: no person's individual answers reach anyone else, no team result is shown
under the minimum, and no token or signing secret reaches the log.

The run is the real `readiness serve` process at LOG_LEVEL=DEBUG against the Slack stand-in,
driven as people would use it. Everyone answers with their own pattern, so a profile shown to the
wrong person (or a team figure computed from the wrong people) cannot pass for the right one.
The checker is `tests/hardening/privacy.py`; the last tests here show it reads the bot's real
words and catches a planted leak.
"""

from __future__ import annotations

import html
import random
import re
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from slack_sdk import WebClient
from slack_sdk.models.blocks import HeaderBlock, MarkdownTextObject, SectionBlock

from bot import ids
from bot.messages import Message as BotMessage
from bot.messages.comments import own_comment_blocks, team_comment_blocks
from bot.messages.conversation import answered_message, question_message, resume_offer_message
from bot.messages.form import form_view
from bot.messages.full_report import thread_messages
from bot.messages.home import home_view
from bot.messages.overview import teams_section
from bot.messages.privacy import forgotten_message
from bot.messages.profile import profile_message, team_profile_message
from bot.messages.roles import role_label
from bot.messages.schedule import history_message
from bot.messages.team import (
    cancelled_message,
    extended_message,
    invitation_message,
    need_more_message,
    status_message,
)
from bot.report.chart import alt_text
from bot.report.model import ReportData
from bot.report.plain_text import render_team_profile
from bot.report.run_result import team_report
from bot.run_modes import answering
from flows.history import PastRun
from flows.overview import Overview
from flows.steps import (
    Answered,
    Ask,
    DimensionComments,
    Form,
    FormQuestion,
    NeedMoreAnswers,
    ResumeOffer,
    TeamProfileReady,
    TeamProgress,
)
from scoring import Role, lettered, score_individual, score_team
from standin import SlackDriver, SlackStandIn, visible_text
from standin.records import Message
from standin.surfaces import Surface, recorded_surfaces
from storage.database import Database
from storage.models import RunKind, RunStatus
from storage.privacy import Forgotten
from tests.bot.messages.thread import whole_thread
from tests.bot_fixtures import SIGNING_SECRET
from tests.e2e.bot_process import bot_process
from tests.e2e.people import PROFILE_HEADER, command_reply, seen
from tests.hardening import tally
from tests.hardening.privacy import (
    CHANNEL_HISTORY,
    FORGOTTEN,
    FORM_NOTE,
    FRAMEWORK,
    LATEST,
    MEMBERS_RANGE,
    ONLY_YOU,
    OWN_CHART_ALT,
    OWN_HISTORY,
    OWN_ROLE,
    PER_OPTION_COUNT,
    PROFILE,
    PROFILE_SUMMARY,
    QUESTIONS,
    REPORT,
    REPORT_LINK,
    RESUME,
    ROLE_GROUP,
    STARTER_CONTEXTS,
    TEAM_DETAILS,
    TEAM_MARKERS,
    TEAMS,
    Figures,
    SweepResult,
    Truth,
    answer_claims,
    dimension_figures,
    overall_figures,
    scan_log,
    sweep,
    words,
)
from tests.hardening.sizes import quick_and_full

PUBLIC_URL = "https://readiness.example.test"
CHANNEL = "CPRIVACY"
STARTER = "UZSTARTER"
OBSERVER = "UZOBSERVER"
MINIMUM = 3
NAMES = (
    "Ana Quenby",
    "Bo Arkwright",
    "Cy Blethyn",
    "Dev Castellan",
    "Eva Dunmore",
    "Fin Elphick",
    "Gia Fairweather",
    "Hal Gillibrand",
    "Ivo Hathersage",
    "Jun Ingleby",
    "Kai Jowett",
    "Lia Kettlewell",
    "Mo Lockyer",
    "Nia Mottram",
    "Oz Nettleship",
    "Pia Oxenbury",
    "Rui Pickersgill",
    "Sol Quarmby",
    "Tam Rimmington",
    "Uma Sowerbutts",
    "Vic Thwaite",
    "Wen Umfreville",
    "Xia Vavasour",
    "Yan Wadsworth",
    "Zed Yeardley",
    "Ada Zouche",
)
"""Members' real names: unusual surnames, so a name found anywhere is the person's."""


@dataclass(frozen=True)
class Size:
    members: int
    rounds: int
    """Team runs, one after another in the channel."""
    solo: int
    """Members who also take their own assessment in the DM, each round."""


SIZES = quick_and_full(Size(members=6, rounds=1, solo=1), Size(members=25, rounds=2, solo=3))


COMMENTED = FRAMEWORK.dimensions[0]
"""The dimension everyone who answers in the DM comments on."""
COMMENTED_COUNT = len(FRAMEWORK.questions_in(COMMENTED.id))


class Patterns:
    """Answer patterns whose profiles differ from every other one handed out."""

    def __init__(self, seed: str) -> None:
        self._rng = random.Random(seed)
        self._used: set[tuple[str | None, tuple[tuple[str, str], ...]]] = set()

    def fresh(self) -> list[int]:
        while True:
            stages = [self._rng.randint(1, 4) for _ in QUESTIONS]
            figures = Figures.of(
                score_individual(FRAMEWORK, dict(zip(QUESTIONS, stages, strict=True)))
            )
            key = (figures.overall, tuple(sorted(figures.dimensions.items())))
            if key not in self._used:
                self._used.add(key)
                return stages


class Colleagues:
    """People in the stand-in doing what people do, and the test's record of what they answered."""

    def __init__(self, standin: SlackStandIn, driver: SlackDriver, truth: Truth) -> None:
        self.standin, self.driver, self.truth = standin, driver, truth
        self._started: dict[str, int] = {}
        """Where in each DM the current response began: older questions are a past run's."""
        self._comments = 0

    # ---- waiting for the bot

    def settle(self, quiet: float = 0.6, timeout: float = 30.0) -> None:
        """Wait until the bot has made no Web API call for `quiet` seconds: its follow-ups done."""
        deadline = time.monotonic() + timeout
        seen_calls, since = len(self.standin.calls), time.monotonic()
        while time.monotonic() < deadline:
            time.sleep(0.05)
            now_calls = len(self.standin.calls)
            if now_calls != seen_calls:
                seen_calls, since = now_calls, time.monotonic()
            elif time.monotonic() - since >= quiet:
                return
        raise AssertionError("the bot never went quiet")

    def profiles(self, user: str) -> int:
        return sum(seen(self.standin, m).startswith(PROFILE_HEADER) for m in self.standin.dm(user))

    def until_profile(self, user: str, before: int, act: Callable[[], None]) -> None:
        act()
        self.standin.wait_for(
            lambda: self.profiles(user) > before, 10, description=f"{user}'s new profile"
        )

    def invitation(self) -> Message:
        def open_one() -> Message | None:
            return next(
                (
                    m
                    for m in reversed(self.standin.messages(CHANNEL))
                    if "Take the assessment" in self.standin.visible_text(m)
                ),
                None,
            )

        return self.standin.wait_for(open_one, description="an open invitation")

    def channel_says(self, phrase: str, *, after: int = 0) -> str:
        """The first channel message from the `after`-th on that says `phrase`, once it is there."""

        def found() -> str | None:
            texts = [self.standin.visible_text(m) for m in self.standin.messages(CHANNEL)]
            return next((t for t in texts[after:] if phrase in t), None)

        return self.standin.wait_for(found, description=f"{phrase!r} in the channel")

    # ---- answering

    def begin(self, user: str) -> dict[str, int]:
        """A new response: the test's record of it, and where its questions start in the DM."""
        self._started[user] = len(self.standin.dm(user))
        return self.truth.response(user)

    def question(self, user: str, number: int) -> Message:
        """Question `number` of the current response, live in the DM (a person who stopped in an
        earlier run still has that run's question there, with its buttons)."""

        def showing() -> Message | None:
            for message in reversed(self.standin.dm(user)[self._started.get(user, 0) :]):
                text = self.standin.visible_text(message)
                if all(mark in text for mark in answering.question_marks(number, len(QUESTIONS))):
                    return message
            return None

        return self.standin.wait_for(showing, description=f"question {number} in {user}'s DM")

    def answer_in_dm(
        self, user: str, answers: dict[str, int], stages: list[int], upto: int
    ) -> None:
        """Answer the questions after those already answered, up to `upto`, one click each."""
        for number in range(len(answers) + 1, upto + 1):
            stage = stages[number - 1]
            message = self.question(user, number)
            if number == COMMENTED_COUNT + 1:
                self.comment(user, message)
            result = answering.pick(self.driver, user, message, stage)
            assert result.status == 200, result.body
            answers[QUESTIONS[number - 1]] = stage

    def comment(self, user: str, message: Message) -> None:
        """Comment on the first dimension from the next question's "Add a comment" button."""
        self._comments += 1
        text = f"Comment {self._comments}: what holds us back is the handoff"
        before = len(self.standin.open_views(user))
        opened = self.driver.click(user, message=message, action_id=ids.COMMENT)
        assert opened.status == 200, opened.body
        view = self.standin.wait_for(lambda: self.standin.open_views(user)[before:] or None)[-1]
        saved = self.driver.submit_view(
            user, view.id, {ids.COMMENT_BLOCK: {ids.COMMENT_TEXT: text}}
        )
        assert saved.status == 200, saved.body
        self.truth.commented(user, COMMENTED.id, text)

    def join_in_dm(
        self, user: str, stages: list[int], *, upto: int = len(QUESTIONS)
    ) -> dict[str, int]:
        """Take the assessment from the invitation and answer `upto` questions in the DM."""
        answers = self.begin(user)
        before = self.profiles(user)
        self.driver.click(user, message=self.invitation(), action_id=ids.JOIN_TEAM)
        if upto < len(QUESTIONS):
            self.answer_in_dm(user, answers, stages, upto)
        else:
            self.until_profile(user, before, lambda: self.answer_in_dm(user, answers, stages, upto))
        return answers

    def submit_form(self, user: str, answers: dict[str, int], stages: list[int]) -> None:
        view = self.standin.wait_for(
            lambda: self.standin.open_views(user), description=f"{user}'s form"
        )[-1]
        assert FORM_NOTE in seen(self.standin, view)
        picks = answering.form_picks(view, stages)
        before = self.profiles(user)

        def submit() -> None:
            result = self.driver.submit_view(user, view.id, picks)
            assert result.status == 200 and not result.body.strip(), result.body
            answers.update(zip(QUESTIONS, stages, strict=True))

        self.until_profile(user, before, submit)

    def join_with_form(self, user: str, stages: list[int]) -> None:
        """ "Answer all at once" on the invitation, every answer in the form."""
        answers = self.begin(user)
        self.driver.click(user, message=self.invitation(), action_id=ids.JOIN_TEAM_FORM)
        self.submit_form(user, answers, stages)

    def finish_with_form(self, user: str, answers: dict[str, int], stages: list[int]) -> None:
        """Half-way through in the DM, switch to the form (prefilled) and finish there."""
        question = self.question(user, len(answers) + 1)
        self.driver.click(user, message=question, action_id=ids.OPEN_FORM)
        view = self.standin.wait_for(lambda: self.standin.open_views(user))[-1]
        prefilled = dict(answer_claims(_surface_of(view.data), ""))
        assert prefilled == answers, "the form should open with what they answered so far"
        self.submit_form(user, answers, stages)

    def own_assessment(self, user: str, stages: list[int]) -> None:
        """`/readiness` in the DM: their own assessment, privately."""
        answers = self.begin(user)
        before = self.profiles(user)

        def take() -> None:
            dm = self.standin.dm_channel_id(user)
            self.driver.slash_command(user, "/readiness", channel_id=dm)
            self.answer_in_dm(user, answers, stages, len(QUESTIONS))

        self.until_profile(user, before, take)

    # ---- looking around

    def write_to_the_bot(self, user: str, text: str) -> None:
        """A message in the DM, and the bot's answer to it."""
        before = len(self.standin.dm(user))
        self.driver.dm_message(user, text)
        self.standin.wait_for(
            lambda: len(self.standin.dm(user)) > before + 1, description=f"an answer to {user}"
        )

    def open_home(self, user: str) -> str:
        def published() -> int:
            return sum(
                c.args.get("user_id") == user for c in self.standin.calls_to("views.publish")
            )

        before = published()
        self.driver.open_home(user)
        self.standin.wait_for(lambda: published() > before, description=f"{user}'s Home")
        home = self.standin.home(user)
        assert home is not None
        return seen(self.standin, home)

    def reply(self, user: str, text: str, *, dm: bool = False) -> str:
        where = self.standin.dm_channel_id(user) if dm else CHANNEL
        return words(command_reply(self.standin, self.driver, user, text, channel=where))


def _surface_of(view: dict[str, object]) -> Surface:
    return Surface("modal", "", "", frozenset(), "", dict(view))


def _people(standin: SlackStandIn, size: Size, truth: Truth) -> list[str]:
    members = [f"UZM{n:02d}" for n in range(size.members)]
    for user, real_name in zip(members, NAMES[: size.members], strict=True):
        first, last = real_name.split()
        handle = f"{first.lower()}.{last.lower()}"
        standin.add_user(user, handle, real_name=real_name)
        truth.names[user] = (handle, real_name, last)
    standin.add_user(STARTER, "lena.starter", real_name="Lena Starter")
    standin.add_user(OBSERVER, "otto.observer", real_name="Otto Observer")
    truth.names[STARTER] = ("lena.starter", "Lena Starter")
    truth.names[OBSERVER] = ("otto.observer", "Otto Observer")
    standin.add_channel(CHANNEL, "cs-team", [STARTER, OBSERVER, *members])
    return members


def report_pages(surfaces: list[Surface], bot_base: str) -> list[Surface]:
    """Each printable report linked from a surface, fetched from the bot as its viewers would."""
    viewers: dict[str, frozenset[str]] = {}
    for surface in surfaces:
        for link in REPORT_LINK.findall(surface.text):
            viewers[link] = viewers.get(link, frozenset()) | surface.viewers
    pages = []
    for link, who in viewers.items():
        path = urlsplit(link).path
        try:
            with urllib.request.urlopen(bot_base + path, timeout=10) as answer:
                page = answer.read().decode()
        except urllib.error.HTTPError as refused:
            page = refused.read().decode()
        page = re.sub(r"<(svg|style)\b.*?</\1>", " ", page, flags=re.DOTALL)
        labels = re.findall(r'aria-label="([^"]*)"', page)
        text = html.unescape("\n".join([*labels, re.sub(r"<[^>]+>", " ", page)]))
        pages.append(Surface("report page", path, path[-12:], who, text, {}))
    return pages


def _sweep(standin: SlackStandIn, truth: Truth, bot_base: str) -> SweepResult:
    surfaces = recorded_surfaces(standin)
    return sweep(surfaces + report_pages(surfaces, bot_base), truth)


def _details_in_thread(standin: SlackStandIn, since: int) -> bool:
    """The team profile's thread has its details, and the full report was uploaded."""
    return any(
        TEAM_DETAILS in standin.visible_text(m)
        for m in standin.messages(CHANNEL, include_replies=True)[since:]
        if m.is_reply
    ) and any("Team Outcome" in f.title for f in standin.files(CHANNEL))


@pytest.mark.parametrize("size", SIZES)
def test_nobody_sees_anyone_elses_answers_in_a_full_team_run(
    standin: SlackStandIn, bot_database: Database, database_url: str, tmp_path: Path, size: Size
) -> None:
    started = time.monotonic()
    truth = Truth(starter=STARTER, minimum=MINIMUM)
    members = _people(standin, size, truth)
    invited = len(members) + 2
    patterns = Patterns(f"privacy-{size.members}")
    log = tmp_path / "bot.log"
    swept = SweepResult()
    env = {"LOG_LEVEL": "DEBUG", "READINESS_PUBLIC_URL": PUBLIC_URL}
    env["READINESS_DEADLINE_CHECK_SECONDS"] = "0.5"
    with bot_process(
        standin, database_url=database_url, signing_secret=SIGNING_SECRET, log=log, extra_env=env
    ) as (events_url, _):
        base = events_url.removesuffix("/slack/events")
        people = Colleagues(standin, SlackDriver(standin, events_url, SIGNING_SECRET), truth)
        for round_ in range(size.rounds):
            first, by_form, halfway, *rest, unfinished = members
            solo = [first, *rest][: size.solo]
            before = len(standin.messages(CHANNEL))
            people.driver.slash_command(
                STARTER, "/readiness", f"team min {MINIMUM}", channel_id=CHANNEL
            )
            people.channel_says("Team Outcome Readiness assessment", after=before)
            run: list[dict[str, int]] = []

            # Two finish (one in the DM, one in the form), one stops half-way.
            run.append(people.join_in_dm(first, patterns.fresh()))
            stages = patterns.fresh()
            people.join_with_form(by_form, stages)
            run.append(truth.answers[by_form][-1])
            halfway_stages = patterns.fresh()
            run.append(people.join_in_dm(halfway, halfway_stages, upto=5 + round_))

            # Below the minimum: counts only, and closing is refused.
            status = people.reply(members[3], "status")
            assert f"2 of {invited} responded" in status and "needs 1 more answer" in status
            assert f"Only <@{STARTER}>" in people.reply(members[3], "close")
            everything = len(standin.messages(CHANNEL, include_replies=True))
            refused = people.reply(STARTER, "close")  # to the starter alone
            assert "needs 1 more answer" in refused and "stays open" in refused
            people.settle()
            assert not any(
                m in standin.visible_text(message)
                for message in standin.messages(CHANNEL, include_replies=True)[everything:]
                for m in TEAM_MARKERS
            ), "a team result appeared below the minimum"
            before = len(standin.messages(CHANNEL))
            people.driver.slash_command(STARTER, "/readiness", "extend 3 days", channel_id=CHANNEL)
            assert "(2 of" in people.channel_says("extended the team assessment", after=before)
            swept.add(_sweep(standin, truth, base))

            # Their own assessments, history and Home, while the run is open.
            for user in solo:
                people.own_assessment(user, patterns.fresh())
            mine = people.reply(first, "history", dm=True)
            assert OWN_HISTORY in mine
            assert CHANNEL_HISTORY in people.reply(members[3], "history")
            for user in [STARTER, OBSERVER, *members]:
                people.open_home(user)
            assert LATEST in people.open_home(first)

            # The rest finish (the half-way one in the prefilled form); one never does.
            people.finish_with_form(halfway, run[-1], halfway_stages)
            run.append(people.join_in_dm(STARTER, patterns.fresh()))
            for user in rest:
                run.append(people.join_in_dm(user, patterns.fresh()))
            run.append(people.join_in_dm(unfinished, patterns.fresh(), upto=7))
            people.write_to_the_bot(unfinished, "hi, where was I?")
            assert "Enough people have answered" in people.reply(OBSERVER, "status")

            before = len(standin.messages(CHANNEL))
            everything = len(standin.messages(CHANNEL, include_replies=True))
            people.driver.slash_command(STARTER, "/readiness", "close", channel_id=CHANNEL)
            truth.closed.append([a for a in run if len(a) == len(QUESTIONS)])
            profile = people.channel_says("Team Outcome Readiness profile", after=before)
            assert f"{len(truth.closed[-1])} respondents" in profile
            # The details and the full report follow the profile once its chart is drawn, which on
            # a busy machine can outlast a moment of silence: wait for them, then for the rest.
            standin.wait_for(
                partial(_details_in_thread, standin, everything),
                timeout=30,
                description="the details and full report in the team profile's thread",
            )
            people.settle()
            assert "Stage" in people.reply(members[3], "history")
            for user in [STARTER, first, OBSERVER]:
                people.open_home(user)
            people.settle()
            swept.add(_sweep(standin, truth, base))

        # Honest figures: no team profile reads like anyone's own, so neither passes for the other.
        for _, team_figures in truth.team_results():
            assert all(team_figures != f for p in truth.answers for f in truth.finished(p))
    # The process is gone (SIGKILL): everything it logged is in the file.
    secrets = {"bot token": standin.workspace.bot_token, "signing secret": SIGNING_SECRET}
    lines, log_breaches = scan_log(log.read_text(), secrets)
    assert lines > 100, "the DEBUG log should hold bolt's and slack_sdk's request lines"

    checked = swept.verified
    kinds = swept.surfaces
    messages = kinds["message"] + kinds["message version"]
    ephemerals = kinds["ephemeral"] + kinds["ephemeral version"]
    homes = kinds["home"] + kinds["home as sent"]
    modals = kinds["modal"] + kinds["modal as sent"]
    tally.record(
        "Privacy",
        tried=swept.tried + lines,
        leaked=swept.leaked + len(log_breaches),
        note=(
            f"{size.members + 2} people, {size.rounds} run(s), 2 sweeps each: {messages} messages, "
            f"{ephemerals} ephemerals, {homes} homes, {modals} modals, {kinds['file']} files, "
            f"{kinds['report page']} report pages, {lines} log lines (DEBUG) searched; "
            f"{checked['own dimension scores']} own profiles, {checked['own choices']} own "
            f"choices, {checked['team scores']} team results checked against scoring; "
            f"{checked['own comments']} own and {checked['team comments']} team comment surfaces; "
            f"minimum {MINIMUM} enforced ({time.monotonic() - started:.0f} s)"
        ),
    )
    listed = [b.describe() for b in swept.breaches[:10]] + log_breaches[:10]
    assert swept.leaked + len(log_breaches) == 0, "\n".join(listed)

    # The sweep read what it was meant to: every finished response's profile and choices, and
    # each team result, were recognised and cross-checked against scoring.
    finished = sum(len(truth.finished(p)) for p in truth.answers)
    assert checked["own dimension scores"] >= 2 * finished, checked  # profile, chart, report...
    assert checked["own choices"] >= len(QUESTIONS) * finished, checked
    assert checked["team scores"] >= 3 * size.rounds, checked  # profile, chart, full report
    # Comments were seen where they may be: by their writers, and (five or more finished
    # members commented each run) unsigned in the team's full report and printable page.
    assert checked["own comments"] >= 1 and checked["team comments"] >= size.rounds, checked


# ----------------------------------------------------------------- the checker itself

ANSWERS = dict(zip(QUESTIONS, [1, 2, 1, 2, 3, 3, 3, 4, 3, 4, 3, 3, 3, 3, 2], strict=True))
OTHER = dict(zip(QUESTIONS, [3, 3, 4, 2, 2, 1, 2, 2, 1, 3, 3, 4, 4, 2, 1], strict=True))
SEED = "0123456789abcdef"
"""One response's option order, for the messages built here without a bot."""


def _form(answers: dict[str, int]) -> Form:
    """The all-at-once form of a response with `SEED`, prefilled with `answers`."""
    return Form(
        response_id="r",
        framework=FRAMEWORK,
        questions=tuple(
            FormQuestion(q, number, lettered(q, SEED), answers.get(q.id))
            for number, q in enumerate(FRAMEWORK.questions, start=1)
        ),
    )


WHEN = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def _shown(text: str, blocks: list[dict[str, object]]) -> str:
    """A built message as the stand-in's surfaces give it: what is shown, and its notification."""
    return words(f"{visible_text({'text': text, 'blocks': blocks})}\n{text}")


def _parts(message: BotMessage) -> tuple[str, list[dict[str, object]]]:
    return message.text, message.blocks


def _progress(completed: int) -> TeamProgress:
    return TeamProgress(
        run_id="run",
        workspace_id="T1",
        channel_id=CHANNEL,
        message_ts=None,
        completed=completed,
        invited=8,
        min_respondents=MINIMUM,
        closes_at=WHEN,
        started_by=STARTER,
    )


def test_the_markers_and_layouts_are_the_bots_own() -> None:
    """Each marker the checker looks for is written by the bot's own builders, and the checker
    reads back from them exactly the figures scoring gives: if the bot's wording changes, this
    fails rather than the sweep going blind."""
    profile, other = score_individual(FRAMEWORK, ANSWERS), score_individual(FRAMEWORK, OTHER)
    mine = Figures.of(profile)

    message = profile_message(FRAMEWORK, profile, None)
    text = _shown(message.text, message.blocks)
    assert all(m in text for m in (PROFILE, PROFILE_SUMMARY, ONLY_YOU))
    assert dimension_figures(text) == mine.dimensions and mine.overall in overall_figures(text)

    report = whole_thread(ReportData(FRAMEWORK, PROFILE, "", WHEN, profile), report_url=None)
    text = _shown(report.text, report.blocks)
    assert REPORT in text and dimension_figures(text) == mine.dimensions

    alt = alt_text(ReportData(FRAMEWORK, PROFILE, "", WHEN, profile))
    assert OWN_CHART_ALT in alt and dimension_figures(alt) == mine.dimensions

    past = [
        PastRun("r1", RunKind.INDIVIDUAL, RunStatus.CLOSED, None, WHEN, WHEN, 1, profile),
        PastRun("r0", RunKind.INDIVIDUAL, RunStatus.CLOSED, None, WHEN, WHEN, 1, other),
    ]
    home = home_view(FRAMEWORK, past, [])
    text = words(visible_text(home))
    assert LATEST in text and dimension_figures(text) == mine.dimensions
    assert overall_figures(text) == [mine.overall, Figures.of(other).overall]
    history = history_message(FRAMEWORK, past, team=False)
    text = _shown(history.text, history.blocks)
    assert OWN_HISTORY in text
    teams = home_view(FRAMEWORK, [], [], teams=teams_section(Overview((), ())))
    assert TEAMS in words(visible_text(teams))
    assert set(overall_figures(text)) == {mine.overall, Figures.of(other).overall}

    form = form_view(_form(dict(list(ANSWERS.items())[:5])))
    form_data = form.to_dict()
    assert FORM_NOTE in visible_text(form_data)
    assert answer_claims(_surface_of(form_data), "") == list(ANSWERS.items())[:5]

    offer = resume_offer_message(ResumeOffer("r", 6, len(QUESTIONS), "team", WHEN))
    assert RESUME.search(_shown(offer.text, offer.blocks))
    gone = forgotten_message(Forgotten(responses=2, answers=30, individual_runs=1))
    assert FORGOTTEN.search(_shown(gone.text, gone.blocks))

    question, dimension = FRAMEWORK.questions[3], FRAMEWORK.dimension("outcomes")
    options = lettered(question, SEED)
    answered = answered_message(Answered(question, dimension, 4, len(QUESTIONS), 2, options, None))
    claims = answer_claims(_surface_of({}), _shown(answered.text, answered.blocks))
    assert claims == [(question.id, 2), (question.id, 2)]  # the block and the notification
    asked = question_message(
        Ask("r", question, dimension, 4, len(QUESTIONS), chosen=3, options=options)
    )
    claims = answer_claims(_surface_of({}), _shown(asked.text, asked.blocks))
    assert claims == [(question.id, 3)]

    members = [ANSWERS, OTHER, dict.fromkeys(QUESTIONS, 2)]
    team = score_team(FRAMEWORK, members)
    team_figures = Figures.of(team.profile)
    ready = TeamProfileReady(_progress(3), team, None, WHEN)
    posted = team_profile_message(FRAMEWORK, ready)
    text = _shown(posted.text, posted.blocks)
    assert sum(m in text for m in TEAM_MARKERS) >= 2 and "3 respondents" in text
    thread = whole_thread(
        team_report(FRAMEWORK, team=team, previous=None, closed_at=WHEN), report_url=None
    )
    assert sum(m in _shown(*_parts(thread)) for m in TEAM_MARKERS) >= 3
    assert dimension_figures(text) == team_figures.dimensions
    assert set(overall_figures(text)) == {team_figures.overall}
    team_alt = alt_text(ReportData(FRAMEWORK, "Team", "", WHEN, team.profile, team))
    assert any(m in team_alt for m in TEAM_MARKERS)
    assert dimension_figures(team_alt) == team_figures.dimensions
    channel_runs = [
        PastRun("t", RunKind.TEAM, RunStatus.CLOSED, CHANNEL, WHEN, WHEN, 3, team.profile)
    ]
    listed = history_message(FRAMEWORK, channel_runs, team=True)
    assert CHANNEL_HISTORY in _shown(listed.text, listed.blocks)
    assert "· 3 respondents · Stage" in listed.text
    # The checker knows how counts and ranges read: with five they are shown, with three not.
    five = score_team(
        FRAMEWORK, [*members, dict.fromkeys(QUESTIONS, 3), dict.fromkeys(QUESTIONS, 4)]
    )
    shown = team_profile_message(FRAMEWORK, TeamProfileReady(_progress(5), five, None, WHEN))
    five_alt = alt_text(ReportData(FRAMEWORK, "Team", "", WHEN, five.profile, five))
    five_thread = whole_thread(
        team_report(FRAMEWORK, team=five, previous=None, closed_at=WHEN), report_url=None
    )
    assert not PER_OPTION_COUNT.search(_shown(shown.text, shown.blocks))  # in the thread
    assert PER_OPTION_COUNT.search(_shown(*_parts(five_thread)))
    assert MEMBERS_RANGE.search(five_alt) and MEMBERS_RANGE.search(
        render_team_profile(FRAMEWORK, five)
    )
    assert not PER_OPTION_COUNT.search(text) and not MEMBERS_RANGE.search(team_alt)

    # Role groups read as the bot names them, in the message, its full report and the alt
    # text; and a person's own role as their profile says it.
    lead, csm = Role.LEADERSHIP, Role.CSM
    six = [dict.fromkeys(QUESTIONS, 1 + n % 2) for n in range(6)]
    split = score_team(FRAMEWORK, six, minimum=MINIMUM, roles=[lead, csm] * 3)
    sizes = {role_label(lead): "3", role_label(csm): "3"}
    split_data = ReportData(FRAMEWORK, "Team", "", WHEN, split.profile, split)
    channel = team_profile_message(FRAMEWORK, TeamProfileReady(_progress(6), split, None, WHEN))
    assert not ROLE_GROUP.findall(_shown(*_parts(channel)))  # the groups are in its thread
    for said in (
        _shown(*_parts(whole_thread(split_data, report_url=None))),
        alt_text(split_data),
    ):
        assert dict(ROLE_GROUP.findall(said)) == sizes, said
    own = profile_message(FRAMEWORK, profile, None, role=csm)
    found = OWN_ROLE.search(_shown(own.text, own.blocks))
    assert found is not None and found.group(1) == role_label(csm)

    # Where the bot names the starter to the whole channel ("Only <@starter>" is flows' refusal,
    # checked in the full run above).
    said = "\n".join(
        _shown(m.text, m.blocks)
        for m in (
            invitation_message(FRAMEWORK, _progress(1)),
            status_message(_progress(1)),
            need_more_message(NeedMoreAnswers(_progress(1), deadline=WHEN)),
            cancelled_message(_progress(1), STARTER),
            extended_message(_progress(1), STARTER),
        )
    )
    for context in STARTER_CONTEXTS:
        assert context.startswith("Only") or context.format(STARTER) in said, context


def test_the_checker_catches_planted_leaks(standin: SlackStandIn) -> None:
    """A clean DM passes; a profile copied into the channel, someone else's profile or answers in
    a DM or form, a team result under the minimum and a named respondent are each reported."""
    truth = Truth(starter=STARTER, minimum=MINIMUM)
    ana, bo, cy, *_ = _people(standin, Size(members=4, rounds=1, solo=0), truth)
    truth.response(ana).update(ANSWERS)
    truth.response(bo).update(OTHER)
    truth.response(cy).update(dict.fromkeys(QUESTIONS, 2))
    client = WebClient(base_url=standin.api_url, token=standin.workspace.bot_token)

    def post(channel: str, message: BotMessage, thread_ts: str | None = None) -> str:
        ts: str = client.chat_postMessage(
            channel=channel, text=message.text, blocks=message.blocks, thread_ts=thread_ts
        )["ts"]
        return ts

    def profile_of(user: str) -> BotMessage:
        return profile_message(FRAMEWORK, score_individual(FRAMEWORK, truth.answers[user][0]), None)

    post(ana, profile_of(ana))
    post(bo, profile_of(bo))
    clean = sweep(recorded_surfaces(standin), truth)
    assert clean.leaked == 0, [b.describe() for b in clean.breaches]
    assert clean.verified["own dimension scores"] == 2 and clean.tried == 2

    # Planted: Ana's profile, Bo's answer to question 1 and Ana's chart in the channel; Bo's
    # profile in Ana's DM, a Home showing Ana's latest profile to Bo, a form prefilled with Bo's
    # answers for Ana; a team profile from two people; a respondent thanked by name.
    copied = post(CHANNEL, profile_of(ana))
    post(ana, profile_of(bo))
    question, dimension = FRAMEWORK.questions[0], FRAMEWORK.dimension("outcomes")
    answered = answered_message(
        Answered(
            question,
            dimension,
            1,
            len(QUESTIONS),
            OTHER[question.id],
            lettered(question, SEED),
            None,
        )
    )
    bos_answer = post(CHANNEL, answered)
    anas_profile = score_individual(FRAMEWORK, ANSWERS)
    client.files_upload_v2(
        channel=CHANNEL,
        content=b"png",
        filename="outcome-readiness-profile.png",
        title=f"{PROFILE} — radar chart",
        alt_txt=alt_text(ReportData(FRAMEWORK, PROFILE, "", WHEN, anas_profile)),
    )
    latest = PastRun("r", RunKind.INDIVIDUAL, RunStatus.CLOSED, None, WHEN, WHEN, 1, anas_profile)
    client.views_publish(user_id=bo, view=home_view(FRAMEWORK, [latest], []))
    client.views_open(
        trigger_id=standin.issue_trigger(ana),
        view=form_view(_form(OTHER)).to_dict(),
    )
    two = TeamProfileReady(_progress(2), score_team(FRAMEWORK, [ANSWERS, OTHER]), None, WHEN)
    post(CHANNEL, team_profile_message(FRAMEWORK, two))
    post(CHANNEL, BotMessage(text=f"Thanks <@{cy}> for answering, Cy Blethyn!"))
    found = sweep(recorded_surfaces(standin), truth)

    channel = frozenset(standin.state.channels[CHANNEL].members) - {standin.workspace.bot_user_id}

    def reported(why: str, result: SweepResult = found) -> set[str]:
        return {b.viewer for b in result.breaches if why in b.why}

    def on(ref: str) -> set[str]:
        return {b.viewer for b in found.breaches if b.surface.ref == ref}

    assert on(copied) == channel - {ana}
    assert on(bos_answer) == channel - {bo}  # whose answer it is, told from the choice
    chart = {b.viewer for b in found.breaches if b.surface.kind == "file"}
    assert chart == channel - {ana}
    assert reported("not the viewer's own (they are") == {ana, bo}  # Bo's profile, Ana's Home
    assert reported("not an answer the viewer gave") == {ana}  # Bo's answers in Ana's form
    assert reported("team figures before any run closed") == channel
    assert reported(f"names <@{cy}>") == channel - {cy}
    assert reported("names UZM02 as 'Cy Blethyn'") == channel - {cy}
    assert found.tried > clean.tried

    # A run "closed" with two people: the team profile is still under the minimum.
    truth.closed.append([ANSWERS, OTHER])
    under = sweep(recorded_surfaces(standin), truth)
    assert reported("a team result from 2 respondents (minimum 3)", under) == channel

    # Three closed a run, and their profile shows per-option counts (as if the detail minimum
    # were one): the mean with those would give the three their answers back.
    three = [ANSWERS, OTHER, dict.fromkeys(QUESTIONS, 2)]
    truth.closed.append(three)
    leaky = replace(score_team(FRAMEWORK, three, minimum=MINIMUM), detail_minimum=1)
    parent = post(
        CHANNEL, team_profile_message(FRAMEWORK, TeamProfileReady(_progress(3), leaky, None, WHEN))
    )
    leaky_report = team_report(FRAMEWORK, team=leaky, previous=None, closed_at=WHEN)
    for reply in thread_messages(leaky_report, report_url=None):  # the counts are in its thread
        post(CHANNEL, reply, parent)
    detailed = sweep(recorded_surfaces(standin), truth)
    assert reported("per-option counts or members' range from 3 respondents", detailed) == channel

    _planted_role_leaks(standin, truth, post, ana, bo)

    lines, leaks = scan_log(
        "ok line\nAuthorization: Bearer xoxb-12-34-abcdefgh\n"
        f"signed with {SIGNING_SECRET}\ntoken [redacted]\n",
        {"signing secret": SIGNING_SECRET},
    )
    assert lines == 4 and len(leaks) == 2 and "signing secret" in leaks[1]
    assert not any(SIGNING_SECRET in leak or "abcdefgh" in leak for leak in leaks)


def _planted_role_leaks(
    standin: SlackStandIn,
    truth: Truth,
    post: Callable[..., str],
    ana: str,
    bo: str,
) -> None:
    """A split by role the rule allows passes; a split leaving two people over, a group of two,
    a person's role in the channel and someone else's role in a DM are each caught."""
    channel = frozenset(standin.state.channels[CHANNEL].members) - {standin.workspace.bot_user_id}
    lead, csm = Role.LEADERSHIP, Role.CSM

    def split(people: int, roles: list[Role | None], *, minimum: int = MINIMUM) -> str:
        members = [dict.fromkeys(QUESTIONS, 1 + n % 4) for n in range(people)]
        truth.closed.append(members)
        team = replace(
            score_team(FRAMEWORK, members, minimum=minimum, roles=roles), minimum=MINIMUM
        )
        assert team.groups, "the planted split has groups"
        ready = TeamProfileReady(_progress(people), team, None, WHEN)
        parent = post(CHANNEL, team_profile_message(FRAMEWORK, ready))
        report = team_report(FRAMEWORK, team=team, previous=None, closed_at=WHEN)
        # The role groups are in the thread's first message, the details.
        return post(CHANNEL, thread_messages(report, report_url=None)[0], parent)

    def why(result: SweepResult, ref: str) -> str:
        return "; ".join(b.why for b in result.breaches if b.surface.ref == ref)

    allowed = split(9, [lead] * 3 + [csm] * 3 + [None] * 3)
    result = sweep(recorded_surfaces(standin), truth)
    assert "role group" not in why(result, allowed) and result.verified["role groups"] >= 1

    # Scored as if the minimum were one: 3 + 3 with two left over, and 3 + 2 with two over.
    over = split(8, [lead] * 3 + [csm] * 3 + [None] * 2, minimum=1)
    small = split(7, [lead] * 3 + [csm] * 2 + [None] * 2, minimum=1)
    truth.roles[ana] = lead
    in_channel = post(CHANNEL, BotMessage(text=f"You answered as: {role_label(lead)}"))
    profile = score_individual(FRAMEWORK, truth.answers[ana][0])
    post(ana, profile_message(FRAMEWORK, profile, None, role=csm))
    post(bo, profile_message(FRAMEWORK, score_individual(FRAMEWORK, OTHER), None, role=None))
    found = sweep(recorded_surfaces(standin), truth)
    assert "leave 2 people over" in why(found, over)
    assert "a role group of 2" in why(found, small) and "leave 2 people over" in why(found, small)
    assert {b.viewer for b in found.breaches if b.surface.ref == in_channel} == channel
    assert {b.viewer for b in found.breaches if "not the one the viewer gave" in b.why} == {ana}


def test_the_checker_catches_planted_comment_leaks(standin: SlackStandIn) -> None:
    """A person's own comment in their DM and five unsigned in a team report pass; someone
    else's comment in a DM, four in a team report, and five beside a mention are reported."""
    truth = Truth(starter=STARTER, minimum=MINIMUM)
    ana, bo, cy, *_ = _people(standin, Size(members=4, rounds=1, solo=0), truth)
    first = FRAMEWORK.dimensions[0]
    texts = [f"Planted comment {n}: we lack a shared plan" for n in range(5)]
    for person, text in zip([ana, bo, cy, ana, bo], texts, strict=True):
        truth.commented(person, first.id, text)
    client = WebClient(base_url=standin.api_url, token=standin.workspace.bot_token)

    def post(channel: str, message: BotMessage) -> str:
        ts: str = client.chat_postMessage(
            channel=channel, text=message.text, blocks=message.blocks
        )["ts"]
        return ts

    def team_with(said: list[str], *extra: str) -> BotMessage:
        blocks = team_comment_blocks(DimensionComments(first.id, shown=tuple(said)), 5)
        header = HeaderBlock(text="Team Outcome Readiness profile · 5 respondents")
        lines = [SectionBlock(text=MarkdownTextObject(text=line)) for line in extra]
        return BotMessage.of("Team profile", header, *blocks, *lines)

    post(ana, BotMessage.of("Yours", *own_comment_blocks(FRAMEWORK, {first.id: texts[0]})))
    post(CHANNEL, team_with(texts))
    clean = sweep(recorded_surfaces(standin), truth)
    comment_breaches = [b for b in clean.breaches if "comment" in b.why]
    assert comment_breaches == [], [b.describe() for b in comment_breaches]
    assert clean.verified["own comments"] == 1 and clean.verified["team comments"] == 1

    bos_in_anas_dm = post(
        ana, BotMessage.of("Yours", *own_comment_blocks(FRAMEWORK, {first.id: texts[1]}))
    )
    four = post(CHANNEL, team_with(texts[:4]))
    named = post(CHANNEL, team_with(texts, f"Thanks <@{cy}>!"))
    found = sweep(recorded_surfaces(standin), truth)
    channel = frozenset(standin.state.channels[CHANNEL].members) - {standin.workspace.bot_user_id}

    def on(ref: str, why: str) -> set[str]:
        return {b.viewer for b in found.breaches if b.surface.ref == ref and why in b.why}

    assert on(bos_in_anas_dm, "someone's comment outside a team report") == {ana}
    assert on(four, "comments shown from fewer than 5") == channel
    assert on(named, "comments beside a name") == channel
