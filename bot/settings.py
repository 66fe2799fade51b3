"""All configuration in one place: environment variables, or a `.env` file beside the bot."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_path
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import URL

from storage.database import normalise_url, sqlite_url


def _default_sqlite_path() -> Path:
    return user_data_path("outcome-readiness", appauthor=False) / "readiness.db"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy or postgres:// URL; unset means the embedded SQLite file.",
    )
    sqlite_path: Path = Field(
        default_factory=_default_sqlite_path,
        validation_alias="READINESS_SQLITE_PATH",
        description="Where the embedded SQLite database lives when DATABASE_URL is unset.",
    )

    @property
    def database(self) -> URL:
        if self.database_url:
            return normalise_url(self.database_url)
        return sqlite_url(self.sqlite_path.expanduser())
