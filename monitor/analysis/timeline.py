"""Each quote and figure of an article across its versions: first seen, each change, removed.

Consecutive versions go through `compare_articles`, so a timeline tells the same story as the
flags of each change. Items no flag mentions are followed by what they say (a quote's words, a
figure's value), so a quote that stays put is one line however often the article changed.
"""

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from monitor.analysis.claims import FigureAt, claims_of, compare_articles
from monitor.analysis.quotes import Quote
from monitor.analysis.text import normalize
from monitor.article import Article

__all__ = ["Event", "Track", "VersionPoint", "timeline"]

EventKind = Literal["first_seen", "changed", "reattributed", "removed"]
ItemKind = Literal["quote", "figure"]
# How `_merged` in claims joins the quotes of one removed or added paragraph.
_JOINER = " \u2026 "


@dataclass(frozen=True)
class VersionPoint:
    """One stored version as a timeline needs it."""

    number: int
    at: datetime
    article: Article


@dataclass(frozen=True)
class Event:
    """Something that happened to a quote or figure in one version.

    `text` and `speaker` are the item after the event (the last ones seen, when removed);
    `flag` is the flag that reported it, or None when the item came or went unflagged (a
    scare quote, a quote trimmed into another, a figure in a rewritten sentence).
    """

    number: int
    at: datetime
    kind: EventKind
    text: str
    speaker: str | None = None
    flag: dict[str, Any] | None = None


@dataclass(frozen=True)
class Track:
    """One quote or figure through the versions; `context` is where it was first seen: the
    sentence of a figure, the paragraph of a quote."""

    kind: ItemKind
    context: str
    events: tuple[Event, ...]

    @property
    def first(self) -> Event:
        """The event that introduced the item."""
        return self.events[0]

    @property
    def removed(self) -> bool:
        """True when the newest version no longer carries the item."""
        return self.events[-1].kind == "removed"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, events oldest first."""
        return {
            "kind": self.kind,
            "text": self.first.text,
            "speaker": self.first.speaker,
            "context": self.context,
            "removed": self.removed,
            "events": [
                {
                    "version": e.number,
                    "at": e.at.isoformat(),
                    "event": e.kind,
                    "text": e.text,
                    "speaker": e.speaker,
                    "flag": e.flag,
                }
                for e in self.events
            ],
        }


@dataclass(frozen=True)
class _Item:
    """A quote or figure in one version."""

    kind: ItemKind
    paragraph: int
    offset: int
    text: str
    context: str  # a figure's sentence, a quote's paragraph
    speaker: str | None
    same: tuple[object, ...]  # equal for the same claim in two versions
    minor: bool  # a scare quote or a figure not worth a line unless a flag names it


@dataclass
class _Open:
    """A track being built."""

    kind: ItemKind
    context: str
    order: tuple[int, int, int]
    minor: bool
    events: list[Event] = field(default_factory=list)

    def close(self) -> Track:
        return Track(self.kind, self.context, tuple(self.events))

    @property
    def shown(self) -> bool:
        return not self.minor or any(e.flag is not None for e in self.events)


def timeline(versions: Sequence[VersionPoint]) -> list[Track]:
    """Tracks for every quote, then every figure, in order of first appearance.

    Scare quotes, weak numbers ("one of") and calendar figures are left out unless a flag
    named them at some point.
    """
    if not versions:
        return []
    tracks: list[_Open] = []
    first = versions[0]
    items = _items(first.article)
    owners = [_start(tracks, first, item) for item in items]
    for old, new in itertools.pairwise(versions):
        new_items = _items(new.article)
        step = _Step(new, items, new_items, owners)
        for flag in compare_articles(old.article, new.article):
            step.apply(flag.to_dict())
        step.carry()
        owners = [
            step.claimed.get(k) or _start(tracks, new, item) for k, item in enumerate(new_items)
        ]
        tracks += step.started
        items = new_items
    shown = [t for t in tracks if t.shown]
    shown.sort(key=lambda t: (t.kind != "quote", t.order))
    return [t.close() for t in shown]


def _items(article: Article) -> list[_Item]:
    claims = claims_of(article)
    quotes = [_quote_item(q, article.paragraphs[q.paragraph]) for q in claims.quotes]
    return quotes + [_figure_item(f) for f in claims.figures]


def _quote_item(q: Quote, paragraph: str) -> _Item:
    words = normalize(q.text).casefold()
    return _Item("quote", q.paragraph, q.start, q.text, paragraph, q.speaker, (words,), q.scare)


def _figure_item(f: FigureAt) -> _Item:
    figure = f.figure
    return _Item(
        "figure", f.paragraph, f.start, figure.text, f.sentence, None, figure.key, not f.notable
    )


def _start(
    tracks: list[_Open], version: VersionPoint, item: _Item, flag: dict[str, Any] | None = None
) -> _Open:
    track = _Open(
        item.kind,
        item.context,
        (version.number, item.paragraph, item.offset),
        item.minor,
    )
    track.events.append(
        Event(version.number, version.at, "first_seen", item.text, item.speaker, flag)
    )
    tracks.append(track)
    return track


class _Step:
    """What happens to the tracks between two consecutive versions."""

    def __init__(
        self,
        new: VersionPoint,
        old_items: list[_Item],
        new_items: list[_Item],
        owners: list[_Open],
    ) -> None:
        self.new = new
        self.old_items = old_items
        self.new_items = new_items
        self.owners = owners
        self.used: set[int] = set()  # old items a flag or the carry step has dealt with
        self.claimed: dict[int, _Open] = {}  # new item -> its track
        self.started: list[_Open] = []

    def apply(self, flag: dict[str, Any]) -> None:
        """Follow one flag of the change to the items it names."""
        kind = str(flag["kind"])
        before, after = flag.get("before"), flag.get("after")
        old_p, new_p = flag.get("old_paragraph"), flag.get("new_paragraph")
        if kind == "quote_changed":
            old = self._old(_quote(before, old_p), _quote(before))
            self._move(flag, old, self._new(_quote(after, new_p), _quote(after)))
        elif kind == "attribution_changed":
            old_s, new_s = flag.get("old_sentence") or "", flag.get("new_sentence") or ""
            self._move(
                flag,
                self._old(_spoken(old_s, before, old_p)),
                self._new(_spoken(new_s, after, new_p)),
                kind="reattributed",
            )
        elif kind == "quote_removed":
            for part in str(before).split(_JOINER):
                self._remove(flag, self._old(_quote(part, old_p, at_or_after=True)))
        elif kind == "quote_added":
            for part in str(after).split(_JOINER):
                self._add(flag, self._new(_quote(part, new_p, at_or_after=True)))
        elif kind == "figure_changed":
            old = self._old(_figure(before, flag.get("old_sentence"), old_p))
            self._move(flag, old, self._new(_figure(after, flag.get("new_sentence"), new_p)))
        elif kind == "figure_removed":
            self._remove(flag, self._old(_figure(before, flag.get("old_sentence"), old_p)))
        elif kind == "figure_added":
            self._add(flag, self._new(_figure(after, flag.get("new_sentence"), new_p)))

    def carry(self) -> None:
        """Items no flag named: the same claim in the new version, else gone without a flag."""
        for i, item in enumerate(self.old_items):
            if i in self.used:
                continue
            k = self._new(_same(item, exact=True), _same(item, exact=False))
            if k is not None:
                self.claimed[k] = self.owners[i]
            else:
                self._event(self.owners[i], "removed", item, None)

    def _old(self, *tests: Callable[[_Item], bool]) -> int | None:
        return _pick(self.old_items, self.used, tests)

    def _new(self, *tests: Callable[[_Item], bool]) -> int | None:
        return _pick(self.new_items, set(self.claimed), tests)

    def _move(
        self,
        flag: dict[str, Any],
        i: int | None,
        k: int | None,
        kind: EventKind = "changed",
    ) -> None:
        if k is None:
            return
        item = self.new_items[k]
        if i is None:  # the flag names an item the old version did not carry as such
            order = (self.new.number, item.paragraph, item.offset)
            track = _Open(item.kind, item.context, order, minor=False)
            self.started.append(track)
        else:
            self.used.add(i)
            track = self.owners[i]
        self.claimed[k] = track
        self._event(track, kind, item, flag)

    def _remove(self, flag: dict[str, Any], i: int | None) -> None:
        if i is not None:
            self.used.add(i)
            self._event(self.owners[i], "removed", self.old_items[i], flag)

    def _add(self, flag: dict[str, Any], k: int | None) -> None:
        if k is not None:
            self.claimed[k] = _start(self.started, self.new, self.new_items[k], flag)

    def _event(
        self, track: _Open, kind: EventKind, item: _Item, flag: dict[str, Any] | None
    ) -> None:
        track.events.append(
            Event(self.new.number, self.new.at, kind, item.text, item.speaker, flag)
        )


def _pick(
    items: list[_Item], taken: set[int], tests: Sequence[Callable[[_Item], bool]]
) -> int | None:
    """The first free item passing the first test that any item passes."""
    for test in tests:
        for index, item in enumerate(items):
            if index not in taken and test(item):
                return index
    return None


def _same(old: _Item, *, exact: bool) -> Callable[[_Item], bool]:
    def test(item: _Item) -> bool:
        return item.same == old.same and (not exact or item.text == old.text)

    return test


def _quote(
    text: object, paragraph: object = None, *, at_or_after: bool = False
) -> Callable[[_Item], bool]:
    """Quotes printed as `text` in `paragraph` (or from it on, or anywhere when None)."""

    def test(item: _Item) -> bool:
        if item.kind != "quote" or item.text != text:
            return False
        if not isinstance(paragraph, int):
            return paragraph is None
        return item.paragraph >= paragraph if at_or_after else item.paragraph == paragraph

    return test


def _spoken(sentence: str, speaker: object, paragraph: object) -> Callable[[_Item], bool]:
    def test(item: _Item) -> bool:
        return (
            item.kind == "quote"
            and item.paragraph == paragraph
            and item.speaker == speaker
            and item.text in sentence
        )

    return test


def _figure(text: object, sentence: object, paragraph: object) -> Callable[[_Item], bool]:
    def test(item: _Item) -> bool:
        return (
            item.kind == "figure"
            and item.text == text
            and item.context == sentence
            and item.paragraph == paragraph
        )

    return test
