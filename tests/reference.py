"""Slack's own specifications in ../shared/reference, for tests that keep us honest with them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference"
MISSING = (
    f"Slack's reference specs are not at {REFERENCE} (they sit beside the repository in CI as "
    "shared/reference)"
)


def reference_json(name: str) -> Any:
    path = REFERENCE / name
    if not path.exists():
        pytest.skip(MISSING)
    return json.loads(path.read_text(encoding="utf-8"))
