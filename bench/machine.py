"""The machine a run happened on, in one line: figures mean little without it."""

from __future__ import annotations

import os
import platform
import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path


def _cpu_model() -> str | None:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or None


def _memory_gib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 2**20
    except (OSError, ValueError):
        pass
    return None


def load_average() -> str | None:
    """The 1, 5 and 15-minute load averages: taken before the run, they show other work."""
    if not hasattr(os, "getloadavg"):
        return None
    return "{:.1f} {:.1f} {:.1f}".format(*os.getloadavg())


def describe_machine(databases: Sequence[str], mode: str, load_before: str | None) -> str:
    cpus = os.cpu_count() or 0
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else cpus
    cpu = f"{cpus} CPUs" + (f" ({usable} usable)" if usable != cpus else "")
    model = _cpu_model()
    if model:
        cpu += f", {model}"
    parts = [platform.platform(), cpu]
    memory = _memory_gib()
    if memory is not None:
        parts.append(f"{memory:.0f} GiB RAM")
    parts.append(f"Python {platform.python_version()}")
    versions = list(databases) or [f"SQLite {sqlite3.sqlite_version}"]
    parts += versions
    if load_before is not None:
        parts.append(f"load average {load_before} before the run")
    parts.append(datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"))
    parts.append(f"{mode} mode")
    return " · ".join(parts)
