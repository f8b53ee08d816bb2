"""Tables of the notification outbox: who wants to hear about changes, and what is owed to them.

A delivery row is written in the same transaction as the change it announces, so a change
is never stored without the notifications it owes, whatever happens to the process next.
"""

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index
from sqlmodel import Field, SQLModel


class NotifyRule(SQLModel, table=True):
    """Notify one channel about the changes of one watch, or of every watch with a tag."""

    __tablename__ = "notify_rule"

    id: int | None = Field(default=None, primary_key=True)
    watch_id: int | None = Field(default=None, foreign_key="watch.id", index=True)
    tag: str | None = None  # when watch_id is None; "*" means every watch
    channel: str  # webhook | apprise
    target: str  # the webhook URL or Apprise URL
    secret: str | None = None  # the webhook's HMAC key
    flagged_only: bool = False
    created_at: datetime


class Delivery(SQLModel, table=True):
    """One notification owed to one rule for one change; sent at least once, keyed for dedup."""

    __tablename__ = "delivery"
    __table_args__ = (Index("ix_delivery_due", "status", "next_attempt_at"),)

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True)  # the idempotency key receivers see
    rule_id: int = Field(foreign_key="notify_rule.id", index=True)
    change_id: int = Field(index=True)  # no foreign key: the event below is a full snapshot
    event: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    status: str = "pending"  # pending | sent | failed (gave up)
    attempts: int = 0
    created_at: datetime
    next_attempt_at: datetime
    sent_at: datetime | None = None
    last_error: str | None = None
    lease_owner: str | None = None
    lease_expires_at: datetime | None = None
