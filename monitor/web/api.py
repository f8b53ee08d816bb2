"""The JSON API under /api/: the documents `--format json` prints, for scripts and dashboards."""

from dataclasses import asdict

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from monitor.analysis.timeline import timeline
from monitor.review.documents import (
    alternating,
    change_json,
    current_readings,
    history_json,
    rereadings,
    timeline_json,
)
from monitor.review.jsontext import to_json
from monitor.web import filters
from monitor.web.state import desk
from storage.browse import ChangeFilter
from storage.search import FlagHit, VersionHit


def document(data: object) -> Response:
    """A JSON response in the CLI's encoding (ISO 8601 times, UTF-8 text)."""
    return Response(to_json(data), media_type="application/json")


def _params(request: Request) -> filters.Params:
    return filters.read_params(list(request.query_params.multi_items()))


def changes(request: Request) -> Response:
    """`redline changes --format json`, with the web view's filters and `before` for paging."""
    found = desk(request).store.browse(filters.change_filter(_params(request)))
    return document([asdict(change) for change in found])


def change(request: Request) -> Response:
    """`redline show ID --format json`."""
    detail = desk(request).store.change_detail(int(request.path_params["change_id"]))
    return document(change_json(detail))


def article(request: Request) -> Response:
    """One watch as `redline list --format json` shows it."""
    store = desk(request).store
    watch = store.find_watch(str(request.path_params["watch_id"]))
    return document(asdict(store.list_watches(ids=[watch.id])[0]))


def history(request: Request) -> Response:
    """`redline history URL --format json`."""
    key, store = str(request.path_params["watch_id"]), desk(request).store
    versions = store.versions(key)
    changes = store.browse(ChangeFilter(watch_id=int(key), limit=filters.MAX_PAGE_SIZE))
    pairs = alternating([c for c in changes if c.kind == "variant"])
    again = rereadings(versions, {c.to_version for c in changes})
    return document(history_json(versions, store.sightings(key), pairs, again))


def article_timeline(request: Request) -> Response:
    """`redline timeline URL --format json`."""
    store = desk(request).store
    watch = store.find_watch(str(request.path_params["watch_id"]))
    versions = store.versions(str(watch.id))
    changes = store.browse(ChangeFilter(watch_id=watch.id, limit=filters.MAX_PAGE_SIZE))
    tracks = timeline(current_readings(versions, {c.to_version for c in changes}))
    return document(timeline_json(watch, versions, tracks))


def watches(request: Request) -> Response:
    """`redline list --format json`."""
    return document([asdict(watch) for watch in desk(request).store.list_watches()])


def sources(request: Request) -> Response:
    """`redline sources --format json`."""
    found = desk(request).store.sources.list_sources(desk(request).clock())
    return document([asdict(source) for source in found])


def found(request: Request, asked: filters.Search) -> list[VersionHit] | list[FlagHit]:
    """What a search finds: articles (`in=text`) or flags with their changes (`in=flags`)."""
    if not asked.asked:
        return []
    if asked.scope == "text":
        return desk(request).store.search.versions(asked.terms, dropped=asked.dropped)
    return desk(request).store.search.flags(asked.flags)


def search(request: Request) -> Response:
    """The search page's hits as JSON."""
    return document([asdict(hit) for hit in found(request, filters.search(_params(request)))])


ROUTES = [
    Route("/api/changes", changes),
    Route("/api/changes/{change_id:int}", change),
    Route("/api/articles/{watch_id:int}", article),
    Route("/api/articles/{watch_id:int}/history", history),
    Route("/api/articles/{watch_id:int}/timeline", article_timeline),
    Route("/api/watches", watches),
    Route("/api/sources", sources),
    Route("/api/search", search),
]
