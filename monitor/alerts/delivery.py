"""Sending what the outbox holds: signed JSON webhooks over httpx, everything else via Apprise.

The worker runs beside the checks in `redline serve` as its own task: webhook sends are awaited
network calls and Apprise (which blocks) runs in a thread, so a slow or dead endpoint never
delays a check. A delivery is marked sent right after its endpoint accepted it; a process
killed between the two sends it again under the same `X-Redline-Delivery` key, which is how
receivers drop the repeat.
"""

import asyncio
import logging
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime, timedelta
from types import TracebackType
from typing import Self
from urllib.parse import urlsplit

import httpx

from monitor.alerts.notify import (
    DELIVERY_HEADER,
    EVENT_HEADER,
    FIRST_RETRY,
    SIGNATURE_HEADER,
    change_link,
    message,
    retry_delay,
    sign,
    webhook_body,
)
from monitor.fetching.fetch import USER_AGENT
from monitor.fetching.streams import tls_context
from monitor.watching.service import is_dead_local_owner, process_identity
from storage.outbox import Outbox
from storage.records import DueDelivery

log = logging.getLogger("redline.notify")


def apprise_url_problem(url: str) -> str | None:
    """Why Apprise cannot use `url`, or None when it can."""
    import apprise  # noqa: PLC0415  (its hundred plugins load on first use, not per command)

    quiet = logging.getLogger("apprise")
    level, quiet.level = quiet.level, logging.CRITICAL  # its own complaint would be a 2nd line
    try:
        plugin = apprise.Apprise.instantiate(url)
    finally:
        quiet.setLevel(level)
    if plugin is None:
        return f"{url!r} is not an Apprise URL; see https://github.com/caronc/apprise/wiki"
    return None


def shown_target(channel: str, target: str) -> str:
    """A rule's target with its credentials hidden, for listings and logs."""
    if channel == "apprise":
        import apprise  # noqa: PLC0415

        plugin = apprise.Apprise.instantiate(target)
        if plugin is None:
            return "(invalid)"
        return str(plugin.url(privacy=True))  # type: ignore[no-untyped-call]
    parts = urlsplit(target)
    rest = "/\u2026" if parts.path.strip("/") or parts.query else ""
    return f"{parts.scheme}://{parts.hostname}{f':{parts.port}' if parts.port else ''}{rest}"


class Sender:
    """Sends one delivery and says what went wrong, if anything.

    `transport` replaces the network for webhooks (an `httpx.MockTransport` in tests).
    """

    def __init__(
        self,
        *,
        timeout: float = 10.0,
        transport: httpx.AsyncBaseTransport | None = None,
        change_url: str | None = None,
    ) -> None:
        self.change_url = change_url  # see monitor.alerts.notify.change_link
        self._client = httpx.AsyncClient(
            timeout=timeout,
            transport=transport,
            follow_redirects=False,  # a POST is not replayed to wherever a redirect points
            headers={"User-Agent": USER_AGENT},
            verify=tls_context(),
        )

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self._client.aclose()

    async def send(self, delivery: DueDelivery) -> str | None:
        """Deliver once; None when the endpoint accepted it, else the reason it did not."""
        link = None
        if self.change_url is not None and not delivery.event.get("test"):
            link = change_link(self.change_url, delivery.event.get("id"))
        if delivery.channel == "webhook":
            return await self._webhook(delivery, link)
        title, body = message(delivery.event, link)
        return await asyncio.to_thread(_send_apprise, delivery.target, title, body)

    async def _webhook(self, delivery: DueDelivery, link: str | None) -> str | None:
        body = webhook_body(delivery.event, delivery.key, link)
        headers = {
            "Content-Type": "application/json",
            EVENT_HEADER: "change",
            DELIVERY_HEADER: delivery.key,
        }
        if delivery.secret:
            headers[SIGNATURE_HEADER] = sign(delivery.secret, body)
        try:
            response = await self._client.post(delivery.target, content=body, headers=headers)
        except httpx.HTTPError as exc:
            return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        if not response.is_success:
            return f"HTTP {response.status_code}"
        return None


def _send_apprise(url: str, title: str, body: str) -> str | None:
    import apprise  # noqa: PLC0415

    notifier = apprise.Apprise()
    if not notifier.add(url):
        return "not an Apprise URL"
    if notifier.notify(body=body, title=title, body_format=apprise.NotifyFormat.TEXT):
        return None
    return "Apprise could not deliver it (its reason is in the log)"


@dataclass
class Tally:
    """What one pass over the due deliveries did."""

    sent: int = 0
    failed: int = 0


class DeliveryWorker:
    """Claims due deliveries, sends them a few at a time, records each outcome at once."""

    def __init__(
        self,
        outbox: Outbox,
        sender: Sender,
        *,
        clock: Callable[[], datetime],
        owner: str | None = None,
        lease: timedelta = timedelta(minutes=5),
        batch: int = 20,
        concurrency: int = 4,
        first_retry: timedelta = FIRST_RETRY,
    ) -> None:
        self.outbox = outbox
        self.sender = sender
        self.clock = clock
        self.owner = owner or process_identity()
        self.lease = lease
        self.batch = batch
        self.concurrency = concurrency
        self.first_retry = first_retry

    def recover(self) -> None:
        """Take back the claims of killed processes on this machine, so they are sent now."""
        released = self.outbox.release_leases(is_dead_local_owner)
        if released:
            log.info("released %d delivery claim(s) left by a stopped process", released)

    async def run_once(self, stop: asyncio.Event | None = None) -> Tally:
        """Send every delivery that is due now, batch by batch, until none is left or `stop`."""
        tally = Tally()
        due = self.outbox.next_due_at()
        if due is None or due > self.clock():
            return tally
        semaphore = asyncio.Semaphore(self.concurrency)
        while not (stop and stop.is_set()):
            claimed = self.outbox.claim_due(
                self.clock(), owner=self.owner, lease=self.lease, limit=self.batch
            )
            if not claimed:
                break
            await asyncio.gather(*(self._deliver(d, semaphore, tally) for d in claimed))
        return tally

    async def _deliver(
        self, delivery: DueDelivery, semaphore: asyncio.Semaphore, tally: Tally
    ) -> None:
        async with semaphore:
            try:
                error = await self.sender.send(delivery)
            except Exception as exc:  # a broken plugin must not stop the other deliveries
                log.exception("delivery %s raised", delivery.key)
                error = f"{type(exc).__name__}: {exc}"
        now = self.clock()
        if error is None:
            self.outbox.finish(delivery.id, now)
            tally.sent += 1
            log.info("NOTIFIED change #%s via %s", delivery.event.get("id"), delivery.channel)
            return
        tally.failed += 1
        delay = retry_delay(delivery.attempts + 1, self.first_retry)
        retry_at = now + delay if delay is not None else None
        self.outbox.finish(delivery.id, now, error=error, retry_at=retry_at)
        change = delivery.event.get("id")
        if retry_at is None:
            log.warning("gave up notifying change #%s via %s: %s", change, delivery.channel, error)
        else:
            log.warning(
                "notifying change #%s via %s failed (%s); retrying in %s",
                change,
                delivery.channel,
                error,
                delay,
            )

    async def run(self, stop: asyncio.Event, *, poll: float = 1.0) -> None:
        """Send due deliveries until `stop` is set; the sends under way finish first."""
        self.recover()
        while not stop.is_set():
            try:
                await self.run_once(stop)
            except Exception:  # a database hiccup must not end notifications for good
                log.exception("delivery pass failed; trying again")
            with suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), poll)
