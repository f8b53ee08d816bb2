"""The local news site's stories: which revision of each is served, and how it advances."""

import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from monitor.newsroom.feeds import (
    Listing,
)
from monitor.newsroom.pages import (
    RenderedRevision,
    render_revision,
)
from monitor.newsroom.stories import Revision, Story
from monitor.newsroom.synthetic import synthetic_edit
from monitor.newsroom.traffic import SiteTraffic


@dataclass
class _Entry:
    """Mutable per-story state; only touched under the site's lock."""

    story: Story
    revisions: list[Revision]
    rendered: list[RenderedRevision]
    current: int = 0


@dataclass(frozen=True)
class _Snapshot:
    revision: Revision
    rendered: RenderedRevision


class StoryCatalogue(SiteTraffic):
    """The stories and their revisions; every method takes the site's lock."""

    def __init__(
        self,
        stories: Iterable[Story],
        *,
        revise_every: float | None,
        clock: Callable[[], float],
    ) -> None:
        super().__init__()
        self._revise_every = revise_every
        self._clock = clock
        self._entries: dict[str, _Entry] = {}
        for item in stories:
            self._entries[item.slug] = _new_entry(item)
        self._serving = False  # stories advance on their timer only while the site serves
        self._next_tick = 0.0

    @property
    def slugs(self) -> tuple[str, ...]:
        """Every story's slug, in the order given."""
        return tuple(self._entries)

    def revision(self, slug: str) -> int:
        """The index of the revision now served for `slug`."""
        with self._lock:
            self._tick()
            return self._entry(slug).current

    def current(self, slug: str) -> Revision:
        """The revision now served for `slug`."""
        return self._snapshot(slug).revision

    def revisions(self, slug: str) -> tuple[Revision, ...]:
        """Every revision of `slug`, including ones added by `revise_fraction`."""
        with self._lock:
            return tuple(self._entry(slug).revisions)

    def publish_next(self, slug: str) -> int:
        """Serve the next revision of `slug` and return its index."""
        with self._lock:
            entry = self._entry(slug)
            if entry.current + 1 >= len(entry.revisions):
                raise ValueError(f"{slug} has no revision after {entry.current}")
            entry.current += 1
            return entry.current

    def set_revision(self, slug: str, index: int) -> None:
        """Serve revision `index` of `slug`."""
        with self._lock:
            entry = self._entry(slug)
            if not 0 <= index < len(entry.revisions):
                raise ValueError(f"{slug} has revisions 0..{len(entry.revisions) - 1}")
            entry.current = index

    def add_story(self, story: Story) -> None:
        """Publish a new story: its page goes up and every listing and feed links to it."""
        with self._lock:
            if story.slug in self._entries:
                raise ValueError(f"{story.slug} is already on the site")
            self._entries[story.slug] = _new_entry(story)

    def revise_fraction(self, fraction: float = 0.1, *, seed: int | None = None) -> list[str]:
        """Publish a fresh edit of a random `fraction` of the stories; return their slugs."""
        rng = random.Random(seed)
        with self._lock:
            chosen = rng.sample(sorted(self._entries), k=round(len(self._entries) * fraction))
            for slug in chosen:
                entry = self._entries[slug]
                revision = synthetic_edit(entry.revisions[-1], rng)
                entry.revisions.append(revision)
                entry.rendered.append(render_revision(entry.story, revision))
                entry.current = len(entry.revisions) - 1
        return chosen

    def _entry(self, slug: str) -> _Entry:
        try:
            return self._entries[slug]
        except KeyError:
            raise KeyError(f"no story {slug!r} on this site") from None

    def _tick(self) -> None:
        """Advance every story by the revisions its timer has published (lock held)."""
        if self._revise_every is None or not self._serving:
            return
        now = self._clock()
        if now < self._next_tick:
            return
        steps = int((now - self._next_tick) // self._revise_every) + 1
        self._next_tick += steps * self._revise_every
        for entry in self._entries.values():
            entry.current = min(entry.current + steps, len(entry.revisions) - 1)

    def _snapshot(self, slug: str) -> _Snapshot:
        with self._lock:
            self._tick()
            entry = self._entry(slug)
            return _Snapshot(entry.revisions[entry.current], entry.rendered[entry.current])

    def _listings(self) -> list[Listing]:
        """Every story as listings show it, newest first."""
        with self._lock:
            self._tick()
            listings = [
                Listing(
                    path=f"/news/{slug}",
                    headline=entry.revisions[entry.current].headline,
                    section=entry.story.section,
                    published=entry.story.published,
                    modified=entry.revisions[entry.current].modified,
                )
                for slug, entry in self._entries.items()
            ]
        return sorted(listings, key=lambda item: item.published, reverse=True)


def _new_entry(story: Story) -> _Entry:
    rendered = [render_revision(story, revision) for revision in story.revisions]
    return _Entry(story, list(story.revisions), rendered)
