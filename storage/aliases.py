"""One story, one watch, whichever link led to it.

A feed may link a story through a redirect (a tracking or short link) while a sitemap or a
reader gives its direct URL. Each watch is keyed by its canonical URL and, once its first check
has followed the redirects, by the canonical URL it was served from (`Watch.final_url`), so a
second link to the same story finds the first watch instead of starting a new one.
"""

from collections.abc import Sequence

from sqlalchemy import or_
from sqlmodel import Session, col, select

from monitor.errors import InvalidURL
from monitor.fetching.urls import canonical_url
from storage.records import ARCHIVED
from storage.tables import Watch


def watches_by_any_url(session: Session, urls: Sequence[str]) -> dict[str, Watch]:
    """The watches known by any of `urls`, as their URL or the URL they are served from."""
    found: dict[str, Watch] = {}
    query = select(Watch).where(or_(col(Watch.url).in_(urls), col(Watch.final_url).in_(urls)))
    for watch in session.exec(query):
        for name in (watch.url, watch.final_url):
            if name is not None and name in urls:
                found.setdefault(name, watch)
    return found


def learn_final_url(session: Session, watch: Watch, served_from: str | None) -> None:
    """Record where a watch's first version was served from; a watch that turns out to be
    another watch's story under a second name is archived, its tags given to the first."""
    if served_from is None or watch.final_url is not None:
        return
    try:
        final = canonical_url(served_from)
    except InvalidURL:
        return
    if final == watch.url:
        return
    watch.final_url = final
    other = session.exec(
        select(Watch)
        .where(col(Watch.id) != watch.id)
        .where(or_(col(Watch.url) == final, col(Watch.final_url) == final))
        .order_by(col(Watch.id))
    ).first()
    if other is None:
        return
    other.tags = list(dict.fromkeys([*other.tags, *watch.tags]))
    watch.state = ARCHIVED
    watch.last_error = f"the same article as #{other.id} ({other.display_url}); archived"
