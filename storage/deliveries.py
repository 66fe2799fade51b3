"""Each request Slack delivers is acted on once: replays refused, redeliveries absorbed."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from functools import cache

from sqlalchemy import bindparam, delete, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.dml import ReturningInsert

from storage.database import affected_rows, core, insert_for
from storage.models import SlackDelivery


class Delivery(StrEnum):
    FIRST = "first"
    """Never seen: act on it."""
    REPLAY = "replay"
    """The very same signed request again: someone is replaying what they captured."""
    REDELIVERY = "redelivery"
    """The same event or payload, signed afresh: Slack retrying, or a request sent twice."""


def claim_delivery(
    session: Session, *, signature: str, delivery_key: str | None, now: datetime
) -> Delivery:
    """Record the delivery; say whether it is new. One INSERT in the usual case, so two workers
    receiving the same delivery at once cannot both act on it."""
    inserted = core(
        session,
        _first_delivery(session.get_bind().dialect.name),
        {"signature": signature, "delivery_key": delivery_key, "received_at": now},
    ).scalar()
    if inserted is not None:
        return Delivery.FIRST
    seen = session.scalar(select(SlackDelivery).where(SlackDelivery.signature == signature))
    return Delivery.REPLAY if seen is not None else Delivery.REDELIVERY


@cache
def _first_delivery(dialect: str) -> ReturningInsert[str]:
    """`claim_delivery`'s INSERT, built once (every request Slack sends runs it)."""
    return (
        insert_for(dialect, SlackDelivery)
        .values(
            signature=bindparam("signature"),
            delivery_key=bindparam("delivery_key"),
            received_at=bindparam("received_at"),
        )
        .on_conflict_do_nothing()
        .returning(SlackDelivery.signature)
    )


def forget_deliveries(session: Session, *, before: datetime) -> int:
    """Drop records older than any replay Slack's signature check would still let through."""
    return affected_rows(session, delete(SlackDelivery).where(SlackDelivery.received_at < before))
