"""The JSON documents of the review commands, shared by `--format json` and the web API,
and the versions a timeline follows.

One definition of each shape, so a script reading `redline show 7 --format json` and one
reading `/api/changes/7` see the same document.
"""

import itertools
from collections.abc import Sequence
from dataclasses import asdict
from datetime import datetime
from typing import Any

from monitor.analysis.timeline import Track, VersionPoint
from monitor.review.render import article_json, diff_entries
from storage.records import ChangeDetail, ChangeInfo, StoredVersion, WatchInfo

JSONDict = dict[str, Any]


def version_json(version: StoredVersion) -> JSONDict:
    """A stored version: its number, when it was fetched, from where, and the article."""
    return {
        "number": version.number,
        "fetched_at": version.fetched_at,
        "url": version.url,
        **article_json(version.article),
    }


def change_json(detail: ChangeDetail) -> JSONDict:
    """One change as `redline show --format json` prints it."""
    return {
        **asdict(detail.info),
        "old_version": version_json(detail.old),
        "new_version": version_json(detail.new) if detail.new else None,
        "diff": diff_entries(detail.diff),
        "rewrite": bool(detail.diff.get("rewrite", False)),
        "flags": list(detail.flags),
    }


def alternating(variants: Sequence[ChangeInfo]) -> list[tuple[int, int]]:
    """Pairs of version numbers that alternate (an A/B test), from an article's variant changes."""
    pairs = {(c.from_version, c.to_version) for c in variants if c.to_version is not None}
    return sorted({(min(a, b), max(a, b)) for a, b in pairs})


def history_json(
    versions: Sequence[StoredVersion],
    sightings: dict[int, tuple[int, datetime]],
    pairs: Sequence[tuple[int, int]],
    rereads: set[int],
) -> list[JSONDict]:
    """An article's versions as `redline history --format json` prints them; `rereads` are
    the numbers of versions that re-read the one before after an extractor upgrade."""
    documents = []
    for version in versions:
        count, last = sightings.get(version.number, (0, None))
        number = version.number
        documents.append(
            {
                **version_json(version),
                "checks_seeing_it": count,
                "last_seen": last,
                "alternates_with": [b if a == number else a for a, b in pairs if number in (a, b)],
                "extractor": version.extractor,
                "rereads": number - 1 if number in rereads else None,
            }
        )
    return documents


def timeline_json(
    watch: WatchInfo, versions: Sequence[StoredVersion], tracks: Sequence[Track]
) -> JSONDict:
    """An article's quotes and figures across its versions, as `redline timeline` prints them."""
    return {
        "watch_id": watch.id,
        "url": watch.display_url,
        "headline": versions[-1].article.headline if versions else None,
        "versions": [{"number": v.number, "fetched_at": v.fetched_at} for v in versions],
        "tracks": [track.to_dict() for track in tracks],
    }


def rereadings(versions: Sequence[StoredVersion], reached: set[int | None]) -> set[int]:
    """The numbers of the versions that re-read the page before them after an extractor
    upgrade: read by another extractor than the version before, and reached by no change."""
    return {
        version.number
        for previous, version in itertools.pairwise(versions)
        if version.number not in reached and version.extractor != previous.extractor
    }


def current_readings(
    versions: Sequence[StoredVersion], reached: set[int | None]
) -> list[VersionPoint]:
    """The versions as a timeline follows them: a re-reading stands in for the reading before
    it, so the timeline never shows an extractor upgrade as an edit."""
    again = rereadings(versions, reached)
    points: list[VersionPoint] = []
    for version in versions:
        if points and version.number in again:
            points[-1] = VersionPoint(points[-1].number, points[-1].at, version.article)
        else:
            points.append(VersionPoint(version.number, version.fetched_at, version.article))
    return points
