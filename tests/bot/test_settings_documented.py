"""Every setting the bot reads is in the README's Settings table, so an admin never has to read
`bot/config.py` to find one."""

from __future__ import annotations

from pathlib import Path

from bot.config import Settings

README = Path(__file__).resolve().parents[2] / "README.md"


def _variable(name: str) -> str:
    alias = Settings.model_fields[name].validation_alias
    return alias if isinstance(alias, str) else name.upper()


def test_every_setting_has_a_row_in_the_readme() -> None:
    table = README.read_text(encoding="utf-8").split("\n## Settings\n", 1)[1]
    rows = {line.split("|")[1].strip(" `") for line in table.splitlines() if line.startswith("| `")}
    assert {_variable(name) for name in Settings.model_fields} - rows == set()
