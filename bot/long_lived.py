"""Taking what lives as long as the process out of Python's full garbage collections.

A full collection (the cyclic collector's oldest generation) walks every container object the
process holds. In a running bot most of them live until it stops: the modules imported at
start-up (SQLAlchemy, pydantic, bolt, the framework's models) and, once a chart has been drawn,
matplotlib's. Walking them took 55 ms after start-up and 90 ms once matplotlib was in, every few
hundred clicks, holding the GIL throughout: every click in flight waited, and it was the slowest
acknowledgement of a quiet bot (`python -m bench`). Frozen objects are skipped by collections and
still freed by reference counting when let go; only garbage in reference cycles among them is
kept, which is why this freezes at two moments of a process's life and no more.
"""

from __future__ import annotations

import gc
from typing import Literal

Moment = Literal["started", "charts loaded"]
"""The bot's start-up done (`running_bot`); matplotlib loaded and a chart's figure built."""
_frozen: set[Moment] = set()


def freeze_long_lived(moment: Moment) -> None:
    """Leave every object alive now out of later collections, the first time `moment` comes.

    Whatever else is alive then (a request in flight) is frozen too, and any of it that ends up
    in a reference cycle is never freed: a little, twice per process. Later times change nothing
    (a test process starts many bots; freezing at each would keep each one's garbage).
    """
    if moment not in _frozen:
        _frozen.add(moment)
        gc.freeze()
