"""Slack tokens already stored in plain text are encrypted by `readiness db upgrade`, and a key
rotation re-encrypts them: through the real command, on each database."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

from slack_sdk.oauth.installation_store.models.installation import Installation
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
from sqlalchemy import text

from bot.outbound.install_stores import SealedInstallationStore
from storage.database import Database
from storage.schema import downgrade, upgrade
from storage.token_cipher import SEALED_COLUMNS, TokenCipher

CLIENT_ID = "1.2"
BOT_TOKEN = "xoxe.xoxb-1-PLAINBOTTOKEN"
REFRESH_TOKEN = "xoxe-1-PLAINREFRESHTOKEN"


def _readiness(database_url: str, *args: str, key: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "READINESS_"))}
    env["DATABASE_URL"] = database_url
    if key is not None:
        env["READINESS_TOKEN_KEY"] = key
    executable = Path(sys.executable).parent / "readiness"
    return subprocess.run(
        [str(executable), *args], capture_output=True, text=True, env=env, timeout=60, check=False
    )


def _raw(database: Database) -> list[str]:
    with database.engine.connect() as connection:
        return [
            value
            for table, columns in SEALED_COLUMNS.items()
            for row in connection.execute(text(f"SELECT {', '.join(columns)} FROM {table}"))
            for value in row
            if value is not None
        ]


def _read_with(database: Database, key: str) -> str | None:
    store = SealedInstallationStore(
        client_id=CLIENT_ID,
        engine=database.engine,
        cipher=TokenCipher.from_setting(key),
        logger=logging.getLogger("test"),
    )
    bot = store.find_bot(enterprise_id=None, team_id="T1")
    installation = store.find_installation(enterprise_id=None, team_id="T1")
    assert bot is not None and installation is not None
    assert installation.bot_refresh_token == bot.bot_refresh_token == REFRESH_TOKEN
    return bot.bot_token


def test_upgrade_encrypts_stored_tokens_and_rotation_reencrypts_them(database_url: str) -> None:
    database = Database(database_url)
    upgrade(database.engine, "0007")
    SQLAlchemyInstallationStore(client_id=CLIENT_ID, engine=database.engine).save(
        Installation(
            app_id="A1",
            team_id="T1",
            user_id="U1",
            bot_token=BOT_TOKEN,
            bot_refresh_token=REFRESH_TOKEN,
            bot_token_expires_in=43200,
        )
    )
    url = database.url.render_as_string(hide_password=False)

    refused = _readiness(url, "db", "upgrade", key=None)
    assert refused.returncode == 2
    assert "READINESS_TOKEN_KEY is not set" in refused.stderr
    assert "readiness token-key" in refused.stderr
    assert BOT_TOKEN in _raw(database)  # nothing changed

    old = _readiness(url, "token-key", key=None).stdout.strip()
    assert _readiness(url, "db", "upgrade", key=old).returncode == 0
    assert not [v for v in _raw(database) if "xox" in v]
    assert _read_with(database, old) == BOT_TOKEN

    new = TokenCipher.new_key()
    rotated = _readiness(url, "db", "rotate-token-key", key=f"{new},{old}")
    assert rotated.returncode == 0, rotated.stderr
    assert "Re-encrypted 4 stored tokens" in rotated.stdout
    assert _read_with(database, new) == BOT_TOKEN  # the old key is no longer needed
    assert old not in rotated.stdout + rotated.stderr and new not in rotated.stdout

    downgrade(database.engine, "0007", token_key=new)  # back to plain text, as slack_sdk keeps it
    assert sorted(_raw(database)) == sorted([BOT_TOKEN, REFRESH_TOKEN] * 2)
    database.dispose()
