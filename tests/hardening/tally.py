"""The hardening suite's figures: each check adds what it tried and what went wrong, and the
table is printed at the end of the test run (`tests.hardening.summary`), however many workers
ran the checks.

Columns: cases tried; refused (requests the bot turned away as it should: forged, replayed,
tampered, not allowed); lost (acknowledged answers or owed messages that never arrived);
duplicated (an answer stored twice, a message posted twice); leaked (someone's answers or a
secret where it should not be). The last three must be zero.
"""

from __future__ import annotations

import threading
from dataclasses import asdict, dataclass, field
from typing import Any

ORDER = (
    "Forgery",
    "Duplicates",
    "Duplicates (Socket Mode)",
    "Races",
    "Tampering",
    "Workspaces",
    "Fuzz",
    "Crashes",
    "Crashes (Socket Mode)",
    "Crash as Slack accepts",
    "Slack failing",
    "Load (SQLite)",
    "Load (PostgreSQL)",
    "Privacy",
    "Authorization",
)


@dataclass
class Figures:
    tried: int = 0
    refused: int = 0
    lost: int = 0
    duplicated: int = 0
    leaked: int = 0
    notes: list[str] = field(default_factory=list)


_figures: dict[str, Figures] = {}
_lock = threading.Lock()


def record(
    check: str,
    *,
    tried: int = 0,
    refused: int = 0,
    lost: int = 0,
    duplicated: int = 0,
    leaked: int = 0,
    note: str | None = None,
) -> None:
    """Add to a check's figures; call it before asserting, so a failure still shows its count."""
    if check not in ORDER:
        raise ValueError(f"unknown hardening check {check!r}; add it to ORDER")
    with _lock:
        figures = _figures.setdefault(check, Figures())
        figures.tried += tried
        figures.refused += refused
        figures.lost += lost
        figures.duplicated += duplicated
        figures.leaked += leaked
        if note:
            figures.notes.append(note)


def export() -> dict[str, dict[str, Any]]:
    """This process's figures as plain data: a test worker (pytest-xdist) hands them to the
    process that prints the table (`tests.hardening.summary`)."""
    with _lock:
        return {name: asdict(figures) for name, figures in _figures.items()}


def merge(exported: dict[str, dict[str, Any]]) -> None:
    """Add a worker's `export()` to this process's figures."""
    for name, figures in exported.items():
        record(
            name,
            tried=figures["tried"],
            refused=figures["refused"],
            lost=figures["lost"],
            duplicated=figures["duplicated"],
            leaked=figures["leaked"],
        )
        with _lock:
            _figures[name].notes.extend(figures["notes"])


def table(mode: str) -> list[str]:
    """The summary as Markdown lines; empty if no hardening check ran."""
    with _lock:
        rows = [(name, _figures[name]) for name in ORDER if name in _figures]
    if not rows:
        return []
    lines = [
        f"Hardening suite ({mode} mode)",
        "",
        "| Check | Cases tried | Refused | Lost | Duplicated | Leaked | Notes |",
        "|---|---|---|---|---|---|---|",
    ]
    total = Figures()
    for name, f in rows:
        lines.append(
            f"| {name} | {f.tried:,} | {f.refused:,} | {f.lost} | {f.duplicated} | {f.leaked} "
            f"| {'; '.join(f.notes)} |"
        )
        total.tried += f.tried
        total.refused += f.refused
        total.lost += f.lost
        total.duplicated += f.duplicated
        total.leaked += f.leaked
    lines.append(
        f"| **All** | {total.tried:,} | {total.refused:,} | {total.lost} | {total.duplicated} "
        f"| {total.leaked} | |"
    )
    return lines
