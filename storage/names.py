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
    session: Session, *, workspace_id: str, names: Mapping[str, str], now: datetime
) -> None:
    """Keep several channels' names in one statement ({channel id: name}), so a screen showing
    many teams writes once, not once per team."""
    if not names:
        return
    insert = upsert_into(session, KnownName)
    session.execute(
        insert.on_conflict_do_update(
            index_elements=["workspace_id", "object_id"],
            set_={"name": insert.excluded.name, "learned_at": insert.excluded.learned_at},
        ),
        [
            {"workspace_id": workspace_id, "object_id": o, "name": n[:255], "learned_at": now}
            for o, n in names.items()
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
