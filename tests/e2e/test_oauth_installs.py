"""Installing through OAuth: two workspaces install the bot through its own install and redirect
routes (the stand-in plays Slack's consent page and `oauth.v2.access`), then both run team
assessments at once, each on its own token, and neither can reach the other's data."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from pydantic import SecretStr
from sqlalchemy import text

from bot import ids
from bot.config import Settings
from bot.messages.conversation import option_block_id
from bot.outbound.install_stores import SealedInstallationStore
from bot.outbound.installations import REFRESH_MINUTES_BEFORE_EXPIRY
from bot.run_modes import answering
from bot.run_modes.local import LocalBot, local_bot
from bot.slack_app import bot_scopes
from flows.services import Services
from scoring import default_framework, score_team
from standin import Message, SlackDriver, SlackStandIn, Workspace
from standin.browser import Browser, Page
from standin.driver import DriverResult
from standin.oauth import SESSION_COOKIE
from standin.records import OAuthApp
from storage.database import Database
from storage.token_cipher import SEALED_COLUMNS, TokenCipher
from tests.bot_fixtures import SIGNING_SECRET
from tests.clock import Clock
from tests.e2e.every_row import Row, every_row, rows_holding, rows_of_workspace, table_names
from tests.e2e.people import (
    JOIN,
    QUESTIONS,
    channel_message,
    command_reply,
    latest_ephemeral,
    pick,
    question_on_screen,
    seen,
    take_part,
)
from tests.hardening.helpers import wait_quiet
from tests.hardening.state import digest

FRAMEWORK = default_framework()
IDS = [q.id for q in FRAMEWORK.questions]
REDIRECT_PATH = "/slack/oauth_redirect"
TOKEN_KEY = TokenCipher.new_key()
CIPHER = TokenCipher.from_setting(TOKEN_KEY)


@pytest.fixture
def database_url(any_database_url: str) -> str:
    """Both databases: installations live in the bot's own."""
    return any_database_url


@dataclass(frozen=True)
class Site:
    """One workspace with the app: its lead, members, channel and a driver acting there."""

    workspace: Workspace
    lead: str
    members: tuple[str, ...]
    channel: str
    driver: SlackDriver


@dataclass(frozen=True)
class Installed:
    bot: LocalBot
    app: OAuthApp
    database: Database


def _people(standin: SlackStandIn, workspace: Workspace, prefix: str) -> tuple[str, list[str]]:
    lead = f"U{prefix}LEAD"
    standin.add_user(lead, f"{prefix.lower()}-lead", is_admin=True, workspace=workspace)
    members = [f"U{prefix}M{n}" for n in range(1, 4)]
    for user in members:
        standin.add_user(user, user.lower(), workspace=workspace)
    return lead, members


@pytest.fixture
def token_lifetime(request: pytest.FixtureRequest) -> float:
    """How long Slack's rotating tokens last: 12 hours, as Slack's do, unless a test says."""
    lifetime: float = getattr(request, "param", 12 * 3600.0)
    return lifetime


@pytest.fixture
def installed(
    standin: SlackStandIn, bot_database: Database, clock: Clock, token_lifetime: float
) -> Iterator[Installed]:
    app = standin.register_oauth_app(
        redirect_urls=[], scopes=bot_scopes(), token_lifetime=token_lifetime
    )
    settings = Settings.model_validate(
        {
            "slack_client_id": app.client_id,
            "slack_client_secret": SecretStr(app.client_secret),
            "slack_authorize_url": standin.authorize_url,
            "slack_signing_secret": SecretStr(SIGNING_SECRET),
            "slack_api_url": standin.api_url,
            "token_key": SecretStr(TOKEN_KEY),
            "deadline_check_seconds": 0.1,
            "listener_threads": 8,
        }
    )
    with local_bot(settings, Services(database=bot_database, clock=clock)) as bot:
        standin.allow_redirect_url(bot.base_url + REDIRECT_PATH)
        yield Installed(bot=bot, app=app, database=bot_database)


def _site(standin: SlackStandIn, installed: Installed, workspace: Workspace, prefix: str) -> Site:
    lead, members = _people(standin, workspace, prefix)
    channel = f"C{prefix}TEAM"
    standin.add_channel(channel, f"{prefix.lower()}-cs", [lead, *members], workspace=workspace)
    driver = SlackDriver(standin, installed.bot.events_url, SIGNING_SECRET, workspace=workspace)
    return Site(workspace, lead, tuple(members), channel, driver)


@pytest.fixture
def sites(standin: SlackStandIn, installed: Installed) -> tuple[Site, Site]:
    second = standin.add_workspace(team_name="Second Co", domain="second-co")
    return _site(standin, installed, standin.workspace, "A"), _site(standin, installed, second, "B")


def _stored_bots(installed: Installed) -> dict[str, str]:
    """Each workspace's bot token as the bot reads it (decrypted)."""
    store = SealedInstallationStore(
        client_id=installed.app.client_id,
        engine=installed.database.engine,
        cipher=CIPHER,
        logger=logging.getLogger("test"),
    )
    found: dict[str, str] = {}
    for team_id in _team_ids(installed.database):
        bot = store.find_bot(enterprise_id=None, team_id=team_id)
        if bot is not None and bot.bot_token:
            found[team_id] = bot.bot_token
    return found


def _team_ids(database: Database) -> list[str]:
    with database.engine.connect() as connection:
        return list(connection.execute(text("SELECT DISTINCT team_id FROM slack_bots")).scalars())


def _team_run(standin: SlackStandIn, site: Site, answers: dict[str, list[int]]) -> str:
    """The lead opens a team run, the members answer, the lead closes it; the profile's text."""
    site.driver.slash_command(site.lead, "/readiness", "team", channel_id=site.channel)
    for user, stages in answers.items():
        take_part(standin, site.driver, user, site.channel, stages)
    site.driver.slash_command(site.lead, "/readiness", "close", channel_id=site.channel)
    return standin.visible_text(
        channel_message(standin, site.channel, "Team Outcome Readiness profile")
    )


def test_two_workspaces_install_through_oauth_and_run_at_once(
    standin: SlackStandIn, installed: Installed, sites: tuple[Site, Site]
) -> None:
    for site in sites:
        page = site.driver.install_app(site.lead)
        assert page.status == 200 and "Thank you!" in page.body
    stored = _stored_bots(installed)
    assert set(stored) == {site.workspace.team_id for site in sites}
    for site in sites:
        # Each workspace's token is the rotating one Slack issued to it, kept in our database.
        assert stored[site.workspace.team_id] in standin.tokens_of(site.workspace)
        assert stored[site.workspace.team_id].startswith("xoxe.xoxb-")

    answers = [
        {u: [2] * 11 + [1, 1, 2, 2] for u in sites[0].members},
        {u: [4] * 13 + [3, 3] for u in sites[1].members},
    ]
    texts: dict[int, str] = {}
    errors: list[BaseException] = []

    def run(index: int) -> None:
        try:
            texts[index] = _team_run(standin, sites[index], answers[index])
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors

    for index in range(len(sites)):
        expected = score_team(
            FRAMEWORK, [dict(zip(IDS, s, strict=True)) for s in answers[index].values()]
        )
        stage = FRAMEWORK.stage(expected.profile.stage or 0)
        assert f"Overall: Stage {stage.number} · {stage.name}" in texts[index]
        assert "3 respondents" in texts[index]
    # Every call for a workspace's channels was made with that workspace's own token.
    for site in sites:
        calls = [c for c in standin.calls if c.args.get("channel") == site.channel]
        assert calls and {c.team_id for c in calls} == {site.workspace.team_id}


def test_a_declined_install_stores_nothing_and_says_so(
    installed: Installed, sites: tuple[Site, Site]
) -> None:
    page = sites[0].driver.install_app(sites[0].lead, decline=True)
    assert page.status == 200 and "Thank you!" not in page.body
    assert _stored_bots(installed) == {}


def test_a_workspace_cannot_reach_another_workspaces_run(
    standin: SlackStandIn, installed: Installed, sites: tuple[Site, Site]
) -> None:
    a, b = sites
    for site in sites:
        site.driver.install_app(site.lead)
    a.driver.slash_command(a.lead, "/readiness", "team", channel_id=a.channel)
    invitation = channel_message(standin, a.channel, "Take the assessment")
    # B's lead clicks a copy of A's invitation (A's run id in the button) in B's channel.
    forged = Message(**{**invitation.__dict__, "channel": b.channel, "team": b.workspace.team_id})
    result = b.driver.click(b.lead, message=forged, action_id=ids.JOIN_TEAM, as_seen=True)
    assert result.status == 200
    refusal = latest_ephemeral(standin, b.lead, b.channel)
    assert "no longer exists" in refusal
    assert standin.dm(b.lead) == []  # no question was sent
    status = command_reply(standin, b.driver, b.lead, "status", channel=b.channel)
    assert "no open team assessment" in status
    history = command_reply(standin, b.driver, b.lead, "history", channel=b.channel)
    assert a.channel not in history

    # An A member's question, answered from B: A's response id in B's DM.
    member = a.members[0]
    a.driver.click(member, message=invitation, action_id=ids.JOIN_TEAM)
    question = question_on_screen(standin, member, 1)
    b_dm = standin.dm_channel_id(b.lead, workspace=b.workspace)
    forged = Message(**{**question.__dict__, "channel": b_dm, "team": b.workspace.team_id})
    b.driver.click(
        b.lead, message=forged, action_id=ids.PICK, block_id=option_block_id("D"), as_seen=True
    )
    assert "someone else's assessment" in latest_ephemeral(standin, b.lead, b_dm)
    with installed.database.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM answer")).scalar() == 0


def test_deadlines_close_each_workspaces_run_with_its_own_token(
    standin: SlackStandIn, installed: Installed, sites: tuple[Site, Site], clock: Clock
) -> None:
    """No request carries a token when a deadline passes: the timetable finds the workspace's."""
    for site in sites:
        site.driver.install_app(site.lead)
        site.driver.slash_command(
            site.lead, "/readiness", "team closes in 2 days", channel_id=site.channel
        )
        for user in site.members:
            take_part(standin, site.driver, user, site.channel, [3] * QUESTIONS)
    clock.advance(days=2, minutes=1)
    for site in sites:
        channel_message(standin, site.channel, "Team Outcome Readiness profile")
        calls = [c for c in standin.calls if c.args.get("channel") == site.channel]
        assert {c.team_id for c in calls} == {site.workspace.team_id}


def _save_settings(standin: SlackStandIn, site: Site, *, minimum: int) -> None:
    """The lead (an admin) raises the minimum and lets only themselves and one member start."""
    site.driver.slash_command(site.lead, ids.COMMAND, "settings", channel_id=site.channel)
    view = standin.wait_for(lambda: standin.open_views(site.lead))[-1]
    site.driver.submit_view(
        site.lead,
        view.id,
        {
            ids.SETTINGS_MINIMUM: {ids.SETTINGS_CHOICE: str(minimum)},
            ids.SETTINGS_DAYS: {ids.SETTINGS_CHOICE: "10"},
            ids.SETTINGS_STARTERS: {ids.SETTINGS_CHOICE: "admins"},
            ids.SETTINGS_PEOPLE: {ids.SETTINGS_CHOICE: [site.members[0]]},
        },
    )
    standin.wait_for(
        lambda: any(
            f"at least {minimum} respondents" in seen(standin, m)
            for m in standin.dm(site.lead)
            if "saved" in m.text
        ),
        description=f"the settings saved in {site.workspace.team_name}",
    )


def _invitations(standin: SlackStandIn, site: Site) -> list[Message]:
    return [m for m in standin.messages(site.channel) if JOIN in standin.visible_text(m)]


def _open_team_run(standin: SlackStandIn, site: Site, user: str, text: str = "team") -> Message:
    """`user` types `/readiness <text>` in the site's channel; the invitation then posted.

    New by its timestamp, not by counting: the previous run's invitation may still offer "Join"
    when the command is typed and lose it (closed) a moment later, so a count taken before the
    command can equal the count after it."""
    before = {m.ts for m in standin.messages(site.channel)}
    site.driver.slash_command(user, ids.COMMAND, text, channel_id=site.channel)
    found = standin.wait_for(
        lambda: [m for m in _invitations(standin, site) if m.ts not in before],
        description=f"a new invitation in {site.channel}",
    )
    return found[-1]


def _use_everything(standin: SlackStandIn, site: Site) -> None:
    """The workspace leaves a row in every table it can: a closed team run (responses, answers,
    the team result), settings naming people, a schedule, an open team run with the lead's
    next question owed, an individual run under way."""
    _team_run(standin, site, {u: [3] * QUESTIONS for u in site.members})
    _save_settings(standin, site, minimum=4)
    site.driver.slash_command(site.lead, ids.COMMAND, "schedule quarterly", channel_id=site.channel)
    channel_message(standin, site.channel, "scheduled")
    invitation = _open_team_run(standin, site, site.lead, "team closes in 4 days")
    site.driver.click(site.lead, message=invitation, action_id=ids.JOIN_TEAM)
    pick(site.driver, site.lead, question_on_screen(standin, site.lead, 1), 2)
    question_on_screen(standin, site.lead, 2)
    solo = site.members[2]
    site.driver.slash_command(
        solo, ids.COMMAND, "", channel_id=standin.dm_channel_id(solo, workspace=site.workspace)
    )
    pick(site.driver, solo, question_on_screen(standin, solo, 1), 1)
    question_on_screen(standin, solo, 2)


def _reminded_and_opted_out(standin: SlackStandIn, site: Site) -> None:
    """Once reminders went out (reminders sent are kept), a member says "stop reminding me"."""
    stopper = site.members[0]
    reminder = standin.wait_for(
        lambda: next((m for m in standin.dm(stopper) if "A reminder" in m.text), None),
        description=f"{stopper}'s half-way reminder",
    )
    site.driver.click(stopper, message=reminder, action_id=ids.STOP_REMINDERS)
    dm = standin.dm_channel_id(stopper, workspace=site.workspace)
    assert "won't send you reminders" in latest_ephemeral(standin, stopper, dm)


def _stored_tokens(installed: Installed, team_id: str) -> set[str]:
    """Every bot token and refresh token stored for the workspace, current or refreshed away,
    as stored (encrypted: the strings any row holding them would hold)."""
    with installed.database.engine.connect() as connection:
        found: set[str] = set()
        for table in ("slack_bots", "slack_installations"):
            rows = connection.execute(
                text(f"SELECT bot_token, bot_refresh_token FROM {table} WHERE team_id = :t"),
                {"t": team_id},
            )
            found |= {value for row in rows for value in row if value}
    return found


def _until(done: Callable[[], bool], timeout: float = 10.0) -> None:
    """Give the bot a moment to act on an event it acknowledged; the assertions that follow say
    what is wrong if it never does."""
    deadline = time.monotonic() + timeout
    while not done() and time.monotonic() < deadline:
        time.sleep(0.05)


def _settled_rows(standin: SlackStandIn, installed: Installed) -> list[Row]:
    """Every row, once the bot has stopped talking to Slack (its follow-ups write rows too)."""
    wait_quiet(standin, settle=0.5, timeout=30)
    return every_row(installed.database)


def test_uninstalling_leaves_no_row_of_the_workspace_in_any_table(
    standin: SlackStandIn, installed: Installed, sites: tuple[Site, Site], clock: Clock
) -> None:
    """Both workspaces use everything; A uninstalls. No table (every one the database has, so
    a table added later is checked too) keeps a row holding A's team id or its tokens, or
    belonging to one of its runs or responses; every row of B's is still there, unchanged."""
    a, b = sites
    for site in sites:
        site.driver.install_app(site.lead)
        _use_everything(standin, site)
    clock.advance(days=2, minutes=1)  # half way through the open runs: reminders go out
    for site in sites:
        _reminded_and_opted_out(standin, site)
    tokens = _stored_tokens(installed, a.workspace.team_id) | set(standin.tokens_of(a.workspace))
    before = _settled_rows(standin, installed)
    of_a = rows_of_workspace(before, a.workspace.team_id, tokens)
    of_b = rows_of_workspace(before, b.workspace.team_id)
    # Both workspaces really left rows everywhere a workspace can: the check below means something.
    everywhere = {
        "assessment_run",
        "response",
        "answer",
        "team_result",
        "schedule",
        "reminder",
        "reminder_opt_out",
        "workspace_settings",
        "slack_bots",
        "slack_installations",
    }
    assert everywhere <= {r.table for r in of_a}
    assert everywhere <= {r.table for r in of_b}
    assert tokens and of_a.isdisjoint(of_b)

    assert a.driver.app_uninstalled().status == 200
    _until(lambda: not rows_of_workspace(every_row(installed.database), a.workspace.team_id))
    after = _settled_rows(standin, installed)
    left = rows_of_workspace(after, a.workspace.team_id, tokens)
    assert not left, sorted({r.table for r in left})
    assert not rows_holding(after, tokens)
    assert of_b <= set(after), sorted({r.table for r in of_b - set(after)})
    assert "alembic_version" in table_names(installed.database)  # every table was read
    # B carries on as before: its open run, under its own minimum of four.
    status = command_reply(standin, b.driver, b.lead, "status", channel=b.channel)
    assert f"started by <@{b.lead}>" in status and "needs 4 more answers" in status


def test_a_reinstall_after_uninstalling_starts_from_the_default_settings(
    standin: SlackStandIn, installed: Installed, sites: tuple[Site, Site]
) -> None:
    a, _ = sites
    a.driver.install_app(a.lead)
    _save_settings(standin, a, minimum=5)
    a.driver.app_uninstalled()
    standin.wait_for(lambda: a.workspace.team_id not in _stored_bots(installed))
    page = a.driver.install_app(a.lead)
    assert page.status == 200 and "Thank you!" in page.body
    # Anyone may start a run again (the old settings allowed only admins and one member), and
    # the minimum is the default three, not the old five.
    member = a.members[1]
    invitation = seen(standin, _open_team_run(standin, a, member))
    assert "once at least 3 people have answered" in invitation


def test_revoked_tokens_are_left_in_no_table(
    standin: SlackStandIn, installed: Installed, sites: tuple[Site, Site]
) -> None:
    """Slack revokes A's bot token: no text column of any table still holds it or its refresh
    token (slack_sdk's own `delete_bot` left both in `slack_installations`), B's tokens stay,
    and A's assessment data stays for a reinstall."""
    a, b = sites
    for site in sites:
        site.driver.install_app(site.lead)
    _save_settings(standin, a, minimum=4)
    revoked = _stored_tokens(installed, a.workspace.team_id) | set(standin.tokens_of(a.workspace))
    kept = _stored_tokens(installed, b.workspace.team_id)
    readable = {CIPHER.open(t) if not t.startswith("xox") else t for t in revoked}
    assert any(t.startswith("xoxe.xoxb-") for t in readable)
    assert any(t.startswith("xoxe-1-") for t in readable)  # the refresh token
    before = every_row(installed.database)
    assert {r.table for r in rows_holding(before, revoked)} == {"slack_bots", "slack_installations"}

    assert a.driver.tokens_revoked().status == 200
    _until(lambda: not rows_holding(every_row(installed.database), revoked))
    after = every_row(installed.database)
    assert not rows_holding(after, revoked)
    assert {r.table for r in rows_holding(after, kept)} == {"slack_bots", "slack_installations"}
    assert any(
        r.table == "workspace_settings" for r in rows_of_workspace(after, a.workspace.team_id)
    )
    # B goes on, on its own token.
    assert "no open team assessment" in command_reply(
        standin, b.driver, b.lead, "status", channel=b.channel
    )


ROTATE_AFTER = 2.0


@pytest.mark.parametrize(
    "token_lifetime", [REFRESH_MINUTES_BEFORE_EXPIRY * 60 + ROTATE_AFTER], indirect=True
)
def test_tokens_rotate_once_when_they_near_expiry(
    standin: SlackStandIn, installed: Installed, sites: tuple[Site, Site], token_lifetime: float
) -> None:
    """A token issued with just over two hours left is refreshed once it gets within two hours,
    once however many requests arrive together, and the new one is stored and used."""
    a, _ = sites
    a.driver.install_app(a.lead)
    first = _stored_bots(installed)[a.workspace.team_id]
    command_reply(standin, a.driver, a.lead, "status", channel=a.channel)
    assert not _refreshes(standin)

    time.sleep(ROTATE_AFTER + 0.5)  # now under two hours left: the next request refreshes it
    threads = [
        threading.Thread(
            target=a.driver.slash_command,
            args=(user, "/readiness", "status"),
            kwargs={"channel_id": a.channel},
        )
        for user in (a.lead, *a.members)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    for user in (a.lead, *a.members):
        assert "no open team assessment" in latest_ephemeral(standin, user, a.channel)
    assert len(_refreshes(standin)) == 1
    rotated = _stored_bots(installed)[a.workspace.team_id]
    assert rotated != first and rotated in standin.tokens_of(a.workspace)
    last = [c for c in standin.calls if c.team_id == a.workspace.team_id][-1]
    assert last.error is None


def _refreshes(standin: SlackStandIn) -> list[object]:
    return [
        c
        for c in standin.calls_to("oauth.v2.access")
        if c.args.get("grant_type") == "refresh_token"
    ]


def test_a_request_naming_another_installed_workspace_acts_only_on_that_workspace(
    standin: SlackStandIn, installed: Installed, sites: tuple[Site, Site]
) -> None:
    """Both workspaces installed. Requests from workspace A's people, in A's places, that name
    B as their `team` (the person's own workspace still A in `user.team_id`): bolt authorizes
    them with B's installation, so they may act on B's data only. An answer into an A person's
    run, "forget me", a form for an A run and `/readiness team` in A's channel change nothing
    in A, and leave no run behind in B."""
    a, b = sites
    for site in sites:
        site.driver.install_app(site.lead)
    ana, bo = a.members[:2]
    a.driver.slash_command(a.lead, ids.COMMAND, "team", channel_id=a.channel)
    invitation = channel_message(standin, a.channel, "Take the assessment")
    a.driver.click(ana, message=invitation, action_id=ids.JOIN_TEAM)
    for number in (1, 2):
        answering.pick(a.driver, ana, question_on_screen(standin, ana, number), 3)
    ana_q3 = question_on_screen(standin, ana, 3)
    a.driver.click(bo, message=invitation, action_id=ids.JOIN_TEAM_FORM)
    form = standin.wait_for(lambda: standin.open_views(bo))[-1]
    a.driver.slash_command(ana, ids.COMMAND, "forget me", channel_id=standin.dm_channel_id(ana))
    ask = standin.wait_for(
        lambda: next(
            (e for e in reversed(standin.ephemerals(ana)) if "Delete" in str(e.blocks)), None
        )
    )
    time.sleep(0.3)

    def naming_b(payload: dict[str, object]) -> None:
        if "team_id" in payload:  # a slash command's fields
            payload["team_id"] = b.workspace.team_id
            payload["team_domain"] = b.workspace.domain
        else:
            payload["team"] = {"id": b.workspace.team_id, "domain": b.workspace.domain}
        view = payload.get("view")
        if isinstance(view, dict):  # bolt reads a modal's workspace from the view first
            view["app_installed_team_id"] = b.workspace.team_id

    forged = a.driver.tampered(naming_b)
    picks = answering.form_picks(form, [4] * len(FRAMEWORK.questions))
    cases: dict[str, Callable[[], DriverResult]] = {
        "an answer into an A person's run": lambda: forged.click(
            ana, message=ana_q3, action_id=ids.PICK, block_id=option_block_id("D")
        ),
        "forget me for an A person": lambda: forged.click(
            ana, message=ask, action_id=ids.FORGET_CONFIRM
        ),
        "a form for an A run": lambda: forged.submit_view(bo, form.id, picks),
        "/readiness team in A's channel": lambda: forged.slash_command(
            a.lead, ids.COMMAND, "team", channel_id=a.channel
        ),
    }
    changed: list[str] = []
    for name, act in cases.items():
        before = digest(installed.database)
        result = act()
        time.sleep(0.5)  # what follows the ack, if anything did
        if digest(installed.database) != before:
            changed.append(name)
        assert result.status < 500, name
    assert not changed, changed
    with installed.database.engine.connect() as connection:
        runs = connection.execute(text("SELECT workspace_id FROM assessment_run")).scalars().all()
    assert runs == [a.workspace.team_id]  # no run of B's, not even a cancelled one
    # Ana's run is as she left it: she answers question 3 and goes on to question 4.
    answering.pick(a.driver, ana, ana_q3, 2)
    question_on_screen(standin, ana, 4)


def _raw_token_columns(database: Database) -> list[str]:
    """Every value in the token columns of slack_sdk's tables, as the database holds it."""
    values: list[str] = []
    with database.engine.connect() as connection:
        for table, columns in SEALED_COLUMNS.items():
            rows = connection.execute(text(f"SELECT {', '.join(columns)} FROM {table}"))
            values += [v for row in rows for v in row if v is not None]
    return values


def test_tokens_are_unreadable_in_the_database_and_the_bot_still_works(
    standin: SlackStandIn, installed: Installed, sites: tuple[Site, Site]
) -> None:
    for site in sites:
        site.driver.install_app(site.lead)
    stored = _raw_token_columns(installed.database)
    # Both tables, both workspaces: a bot token and a refresh token in each row.
    assert len(stored) == 2 * 2 * len(sites)
    # Slack's tokens start "xox"; a sealed value is random base64, which may hold it inside.
    assert not [v for v in stored if v.startswith("xox")], "a token is stored in plain text"
    issued = {t for site in sites for t in standin.tokens_of(site.workspace)}
    assert not issued & set(stored)
    for site in sites:  # the bot reads them back and works on them
        assert _stored_bots(installed)[site.workspace.team_id] in issued
        status = command_reply(standin, site.driver, site.lead, "status", channel=site.channel)
        assert "no open team assessment" in status


def _same_state_twice_at_once(
    standin: SlackStandIn, installed: Installed, site: Site
) -> list[Page]:
    """One install link, consented to twice (two codes, one state), and both redirects sent with
    the same cookie at the same instant: the two pages the bot answers."""
    browser = Browser()
    install = browser.get(installed.bot.base_url + "/slack/install")
    consent = next(link for link in install.links() if link.startswith(standin.authorize_url))
    browser.set_cookie(standin.base_url, SESSION_COOKIE, standin.sign_in(site.lead))
    redirects = [browser.get(consent).location for _ in range(2)]
    assert redirects[0] and redirects[1] and redirects[0] != redirects[1]
    start = threading.Barrier(2)
    pages: list[Page] = []

    def redirect(url: str) -> None:
        copy = Browser(cookies={host: dict(jar) for host, jar in browser.cookies.items()})
        start.wait()
        pages.append(copy.get(url))

    threads = [threading.Thread(target=redirect, args=(url,)) for url in redirects]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return pages


def test_one_install_state_installs_once_however_fast_it_is_replayed(
    standin: SlackStandIn, installed: Installed, sites: tuple[Site, Site]
) -> None:
    """The same state and cookie come back on two redirects at the same instant (two consent
    codes for one install link): one installs, the other is refused with a page saying so."""
    trials = 5
    for _ in range(trials):
        pages = _same_state_twice_at_once(standin, installed, sites[0])
        installs = [p for p in pages if "Thank you!" in p.body]
        refusals = [p for p in pages if "Thank you!" not in p.body]
        assert len(installs) == 1 and len(refusals) == 1, [p.body for p in pages]
        assert 400 <= refusals[0].status < 500
        assert "Something Went Wrong" in refusals[0].body
    exchanged = [
        c
        for c in standin.calls_to("oauth.v2.access")
        if c.args.get("grant_type") != "refresh_token"
    ]
    assert len(exchanged) == trials  # the refused redirect never spent its code
