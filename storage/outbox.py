"""The notification outbox: rules, the deliveries owed, and claiming them for sending.

`queue_notifications` runs inside the transaction that stores a change (see
`Store.record_checks`), so a change and its deliveries commit together. A sender claims due
deliveries with a lease, like the checker claims watches, so two processes never send the
same delivery at once and a killed sender's claims come back.
"""

import uuid
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from storage.alert_tables import Delivery, NotifyRule
from storage.leases import release_orphaned
from storage.notify_rules import NotifyRules
from storage.records import EVERY_WATCH, DueDelivery
from storage.tables import Change, Version, Watch


def queue_notifications(
    session: Session, change_id: int, flags: Sequence[dict[str, Any]], now: datetime
) -> int:
    """Add the deliveries a new change owes to the matching rules; returns how many."""
    change = session.get(Change, change_id)
    assert change is not None
    watch = session.get(Watch, change.watch_id)
    assert watch is not None
    rules = [
        rule
        for rule in session.exec(select(NotifyRule))
        if _applies(rule, watch) and (flags or not rule.flagged_only)
    ]
    if not rules:
        return 0
    event = _event(session, change, watch, flags)
    for rule in rules:
        assert rule.id is not None
        session.add(
            Delivery(
                key=str(uuid.uuid4()),
                rule_id=rule.id,
                change_id=change_id,
                event=event,
                created_at=now,
                next_attempt_at=now,
            )
        )
    return len(rules)


def _applies(rule: NotifyRule, watch: Watch) -> bool:
    if rule.watch_id is not None:
        return rule.watch_id == watch.id
    return rule.tag == EVERY_WATCH or rule.tag in watch.tags


def _event(
    session: Session, change: Change, watch: Watch, flags: Sequence[dict[str, Any]]
) -> dict[str, Any]:
    """What a delivery announces, as data; kept with it so retries send the same thing."""
    old = session.get(Version, change.from_version_id)
    new = session.get(Version, change.to_version_id) if change.to_version_id else None
    assert old is not None
    return {
        "id": change.id,
        "watch_id": watch.id,
        "url": watch.display_url,
        "label": watch.label,
        "headline": (new or old).headline,
        "detected_at": change.detected_at.isoformat(),
        "kind": change.kind,  # edit, or an article event: removed, redirected, ...
        "event": change.event,
        "from_version": old.number,
        "to_version": new.number if new else None,
        "flag_count": len(flags),
        "kinds": list(dict.fromkeys(str(f["kind"]) for f in flags)),
        "flags": list(flags),
    }


class Outbox(NotifyRules):
    """Notification rules and the deliveries they are owed; a `Store` has one as `.outbox`."""

    # -- deliveries ----------------------------------------------------------------------

    def claim_due(
        self, now: datetime, *, owner: str, lease: timedelta, limit: int
    ) -> list[DueDelivery]:
        """Claim up to `limit` deliveries that are due, oldest first, until the lease expires."""
        with self._write() as session:
            query = (
                select(Delivery, NotifyRule)
                .join(NotifyRule, col(NotifyRule.id) == Delivery.rule_id)
                .where(Delivery.status == "pending", Delivery.next_attempt_at <= now)
                .where(
                    or_(
                        col(Delivery.lease_expires_at).is_(None),
                        col(Delivery.lease_expires_at) <= now,
                    )
                )
                .order_by(col(Delivery.next_attempt_at), col(Delivery.id))
                .limit(limit)
                .with_for_update(skip_locked=True, of=Delivery)
            )
            claimed = []
            for delivery, rule in session.exec(query).all():
                assert delivery.id is not None
                delivery.lease_owner = owner
                delivery.lease_expires_at = now + lease
                claimed.append(
                    DueDelivery(
                        id=delivery.id,
                        key=delivery.key,
                        channel=rule.channel,
                        target=rule.target,
                        secret=rule.secret,
                        event=dict(delivery.event),
                        attempts=delivery.attempts,
                    )
                )
            return claimed

    def finish(
        self,
        delivery_id: int,
        now: datetime,
        *,
        error: str | None = None,
        retry_at: datetime | None = None,
    ) -> None:
        """Record an attempt: sent (no error), due again at `retry_at`, or given up."""
        with self._write() as session:
            delivery = session.get(Delivery, delivery_id)
            if delivery is None:  # its rule was removed meanwhile
                return
            delivery.attempts += 1
            delivery.lease_owner = None
            delivery.lease_expires_at = None
            if error is None:
                delivery.status = "sent"
                delivery.sent_at = now
                delivery.last_error = None
                return
            delivery.last_error = error
            if retry_at is None:
                delivery.status = "failed"
            else:
                delivery.next_attempt_at = retry_at

    def release_leases(self, is_orphaned: Callable[[str], bool]) -> int:
        """Release the claims of senders that `is_orphaned` says are gone; returns how many."""
        with self._write() as session:
            held = session.exec(select(Delivery).where(col(Delivery.lease_owner).is_not(None)))
            return release_orphaned(held, is_orphaned)

    def retry_failed(self, now: datetime) -> int:
        """Put the deliveries that were given up on back in the queue; returns how many."""
        with self._write() as session:
            failed = list(session.exec(select(Delivery).where(Delivery.status == "failed")))
            for delivery in failed:
                delivery.status = "pending"
                delivery.attempts = 0
                delivery.next_attempt_at = now
            return len(failed)

    def next_due_at(self) -> datetime | None:
        """When the earliest pending delivery is due, for a sender deciding how long to wait."""
        with self._read() as session:
            return session.exec(
                select(func.min(Delivery.next_attempt_at)).where(Delivery.status == "pending")
            ).one()
