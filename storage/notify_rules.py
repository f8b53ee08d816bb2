"""Notification rules: which watches or tags send their changes to which channel."""

import uuid
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import col, select

from monitor.errors import NotFound
from storage.alert_tables import Delivery, NotifyRule
from storage.engine import Database
from storage.records import DueDelivery, RuleInfo, RuleSpec
from storage.tables import Watch


class NotifyRules(Database):
    """Adding, listing and removing rules, with each rule's delivery counts."""

    def add_rule(self, spec: RuleSpec, now: datetime) -> int:
        """Store a rule; it applies to changes found from now on."""
        with self._write() as session:
            rule = _new_rule(spec, now)
            session.add(rule)
            session.flush()
            assert rule.id is not None
            return rule.id

    def upsert_rule(
        self, spec: RuleSpec, now: datetime, *, secret_if_new: str | None = None
    ) -> str:
        """Add a rule unless one sends the same changes to the same target: then set its
        options. Returns added, updated or unchanged (`import` runs twice without doubling).

        A spec without a secret keeps the stored one; a new rule gets `secret_if_new`.
        """
        with self._write() as session:
            rule = session.exec(
                select(NotifyRule).where(
                    NotifyRule.watch_id == spec.watch_id,
                    NotifyRule.tag == spec.tag,
                    NotifyRule.channel == spec.channel,
                    NotifyRule.target == spec.target,
                )
            ).first()
            if rule is None:
                session.add(_new_rule(replace(spec, secret=spec.secret or secret_if_new), now))
                return "added"
            secret = spec.secret or rule.secret
            if (rule.flagged_only, rule.secret) == (spec.flagged_only, secret):
                return "unchanged"
            rule.flagged_only, rule.secret = spec.flagged_only, secret
            return "updated"

    def rules(self) -> list[RuleInfo]:
        """Every rule with its delivery counts, oldest first."""
        with self._read() as session:
            counts: dict[tuple[int, str], int] = {
                (rule_id, status): n
                for rule_id, status, n in session.exec(
                    select(Delivery.rule_id, Delivery.status, func.count()).group_by(
                        col(Delivery.rule_id), col(Delivery.status)
                    )
                )
            }
            rows = session.exec(
                select(NotifyRule, Watch)
                .join(Watch, col(Watch.id) == NotifyRule.watch_id, isouter=True)
                .order_by(col(NotifyRule.id))
            ).all()
            out = []
            for rule, watch in rows:
                assert rule.id is not None
                last_error = session.exec(
                    select(Delivery.last_error)
                    .where(Delivery.rule_id == rule.id, Delivery.status != "sent")
                    .where(col(Delivery.last_error).is_not(None))
                    .order_by(col(Delivery.id).desc())
                ).first()
                out.append(
                    RuleInfo(
                        id=rule.id,
                        watch_id=rule.watch_id,
                        watch_url=watch.display_url if watch is not None else None,
                        tag=rule.tag,
                        channel=rule.channel,
                        target=rule.target,
                        flagged_only=rule.flagged_only,
                        created_at=rule.created_at,
                        sent=counts.get((rule.id, "sent"), 0),
                        pending=counts.get((rule.id, "pending"), 0),
                        failed=counts.get((rule.id, "failed"), 0),
                        last_error=last_error,
                    )
                )
            return out

    def remove_rule(self, rule_id: int) -> None:
        """Delete a rule and the deliveries it still owed."""
        with self._write() as session:
            rule = session.get(NotifyRule, rule_id)
            if rule is None:
                raise NotFound(f"no notification rule {rule_id}; see `redline notify list`")
            for delivery in session.exec(select(Delivery).where(Delivery.rule_id == rule_id)):
                session.delete(delivery)
            session.flush()
            session.delete(rule)

    def test_delivery(self, rule_id: int, event: dict[str, Any]) -> DueDelivery:
        """A delivery of `event` to a rule's channel, sent now and not stored (`notify test`)."""
        with self._read() as session:
            rule = session.get(NotifyRule, rule_id)
            if rule is None:
                raise NotFound(f"no notification rule {rule_id}; see `redline notify list`")
            return DueDelivery(
                id=0,
                key=f"test-{uuid.uuid4()}",
                channel=rule.channel,
                target=rule.target,
                secret=rule.secret,
                event=event,
                attempts=0,
            )


def _new_rule(spec: RuleSpec, now: datetime) -> NotifyRule:
    return NotifyRule(
        watch_id=spec.watch_id,
        tag=spec.tag,
        channel=spec.channel,
        target=spec.target,
        secret=spec.secret,
        flagged_only=spec.flagged_only,
        created_at=now,
    )
