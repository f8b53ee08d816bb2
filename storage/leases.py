"""Leases on claimed rows (watches, sources, deliveries): what a restarted process takes back."""

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Protocol


class Leased(Protocol):
    """A row that a process claims for a while: its owner and when the claim runs out."""

    lease_owner: str | None
    lease_expires_at: datetime | None


def release_orphaned(held: Iterable[Leased], is_orphaned: Callable[[str], bool]) -> int:
    """Clear the leases among `held` whose owner `is_orphaned` says is gone; returns how many."""
    released = 0
    for row in held:
        if row.lease_owner is not None and is_orphaned(row.lease_owner):
            row.lease_owner = row.lease_expires_at = None
            released += 1
    return released
