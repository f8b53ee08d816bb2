"""Test doubles of redline's own seams, shared by the tests and the benchmarks."""

from datetime import UTC, datetime, timedelta


class ManualClock:
    """A clock that moves only when told, so a day of schedule runs without sleeping."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        """Move the clock forward by `delta`."""
        self.now += delta
