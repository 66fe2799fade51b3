"""Channels' and workspaces' names as Slack last gave them: rows in, rows out."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.database import upsert_into
from storage.models import KnownName


def remember(
    session: Session, *, workspace_id: str, object_id: str, name: str, now: datetime
) -> None:
    """Keep `name` for a channel (or, with the workspace's own id, the workspace)."""
    insert = upsert_into(session, KnownName).values(
        workspace_id=workspace_id, object_id=object_id, name=name[:255], learned_at=now
    )
    session.execute(
        insert.on_conflict_do_update(
            index_elements=["workspace_id", "object_id"],
            set_={"name": insert.excluded.name, "learned_at": insert.excluded.learned_at},
        )
    )


def remember_all(
    session: Session,
    *,
    workspace_id: str,
    names: Mapping[str, str],
    now: datetime,
    known: Mapping[str, str] | None = None,
) -> None:
    """Keep several channels' names ({channel id: name}): those not kept yet or changed, in one
    statement, and nothing when all are kept already. App Home passes every channel it shows
    each time it is published, and names rarely change: writing them all was a write on every
    publish (so `learned_at` is when Slack first gave the name kept). `known` is what is kept
    for these channels, when the caller read it with its own query (None: read here)."""
    wanted = {object_id: name[:255] for object_id, name in names.items()}
    if known is None:
        known = names_of(session, workspace_id=workspace_id, object_ids=wanted)
    changed = {o: n for o, n in wanted.items() if known.get(o) != n}
    if not changed:
        return
    insert = upsert_into(session, KnownName)
    session.execute(
        insert.on_conflict_do_update(
            index_elements=["workspace_id", "object_id"],
            set_={"name": insert.excluded.name, "learned_at": insert.excluded.learned_at},
        ),
        [
            {"workspace_id": workspace_id, "object_id": o, "name": n, "learned_at": now}
            for o, n in changed.items()
        ],
    )


def names_of(session: Session, *, workspace_id: str, object_ids: Iterable[str]) -> dict[str, str]:
    """The names known for `object_ids` (ids without one are left out)."""
    wanted = set(object_ids)
    if not wanted:
        return {}
    rows = session.execute(
        select(KnownName.object_id, KnownName.name).where(
            KnownName.workspace_id == workspace_id, KnownName.object_id.in_(wanted)
        )
    )
    return {row.object_id: row.name for row in rows}
