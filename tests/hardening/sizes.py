"""Each check's size: small in CI, large under `pytest -m soak` (full mode)."""

from __future__ import annotations

from typing import Any

import pytest


def quick_and_full(quick: Any, full: Any) -> list[Any]:
    """Parameters for a check: `quick` always runs, `full` only with `-m soak`."""
    return [pytest.param(quick, id="quick"), pytest.param(full, id="full", marks=pytest.mark.soak)]
