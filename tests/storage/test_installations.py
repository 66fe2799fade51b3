"""Revoked and uninstalled tokens leave slack_sdk's installation tables, whichever row holds them.

Rows are written by slack_sdk's own store, as the bot's OAuth installs write them. The bot asks
for no user scopes, so only here can an installation hold a user token to revoke.
"""

from __future__ import annotations

from slack_sdk.oauth.installation_store import Installation
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from sqlalchemy import text

from storage.database import Database
from storage.installations import delete_installations, delete_revoked_tokens


def _install(store: SQLAlchemyInstallationStore, team_id: str, user_id: str, n: int) -> None:
    store.save(
        Installation(
            app_id="A1",
            enterprise_id=None,
            team_id=team_id,
            user_id=user_id,
            bot_token=f"xoxb-{team_id}-{n}",
            bot_refresh_token=f"xoxe-1-{team_id}-{n}",
            bot_id="B1",
            bot_user_id="UBOT",
            user_token=f"xoxp-{team_id}-{user_id}",
            user_refresh_token=f"xoxe-1-{team_id}-{user_id}",
            user_scopes=["identify"],
        )
    )


def _tokens(database: Database) -> set[str]:
    columns = "bot_token, bot_refresh_token"
    found: set[str] = set()
    with database.engine.connect() as connection:
        for sql in (
            f"SELECT {columns} FROM slack_bots",
            f"SELECT {columns}, user_token, user_refresh_token FROM slack_installations",
        ):
            found |= {v for row in connection.execute(text(sql)) for v in row if v}
    return found


def _stores(database: Database) -> tuple[SQLAlchemyInstallationStore, SQLAlchemyInstallationStore]:
    """The current app's store, and one of an earlier client id of the same app."""
    return (
        SQLAlchemyInstallationStore(client_id="1.2", engine=database.engine),
        SQLAlchemyInstallationStore(client_id="0.9", engine=database.engine),
    )


def test_a_revoked_user_token_goes_and_the_bot_token_stays(database: Database) -> None:
    store, _ = _stores(database)
    _install(store, "T1", "U1", 1)
    _install(store, "T1", "U2", 2)
    with database.session() as s:
        deleted = delete_revoked_tokens(s, workspace_id="T1", bot=False, user_ids=["U1"])
    assert deleted.user_tokens == 1 and deleted.bot_rows == 0
    tokens = _tokens(database)
    assert not {"xoxp-T1-U1", "xoxe-1-T1-U1"} & tokens
    assert {"xoxp-T1-U2", "xoxb-T1-1", "xoxb-T1-2"} <= tokens
    found = store.find_bot(enterprise_id=None, team_id="T1")
    assert found is not None and found.bot_token == "xoxb-T1-2"


def test_a_revoked_bot_token_goes_from_every_row_of_the_workspace_only(
    database: Database,
) -> None:
    store, earlier = _stores(database)
    _install(earlier, "T1", "U1", 0)  # an install by an earlier client id of the app
    _install(store, "T1", "U1", 1)
    _install(store, "T1", "U1", 2)  # a reinstall: slack_sdk adds rows, it never replaces them
    _install(store, "T2", "U1", 1)
    with database.session() as s:
        deleted = delete_revoked_tokens(s, workspace_id="T1", bot=True, user_ids=[])
    assert deleted.bot_rows == 6  # three bots and three installations
    assert all("T1" not in token for token in _tokens(database))
    assert store.find_bot(enterprise_id=None, team_id="T1") is None
    assert store.find_bot(enterprise_id=None, team_id="T2") is not None


def test_uninstalling_deletes_every_installation_and_bot_of_the_workspace(
    database: Database,
) -> None:
    store, earlier = _stores(database)
    _install(earlier, "T1", "U1", 0)
    _install(store, "T1", "U1", 1)
    _install(store, "T2", "U1", 1)
    with database.session() as s:
        assert delete_installations(s, workspace_id="T1") == 4
    assert all("T1" not in token for token in _tokens(database))
    assert store.find_installation(enterprise_id=None, team_id="T2") is not None
