"""The pages people read: changes, one change, one article, search, watches, sources, feeds."""

from dataclasses import replace
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from monitor.analysis.timeline import timeline
from monitor.review.documents import alternating, current_readings
from monitor.review.feed import feed_id, render_feed
from monitor.review.htmlreport import REPORT_CSS, change_html, flag_html
from monitor.review.render import FLAG_KINDS, event_text
from monitor.watching.events import COLLAPSED, REDIRECTED, REMOVED, describe
from monitor.web import api, filters
from monitor.web.security import safe_next
from monitor.web.state import desk
from storage.browse import ChangeFilter

EVENT_KINDS = (REMOVED, REDIRECTED, COLLAPSED, "restored", "variant")
WATCHES_PER_PAGE = 200
STYLES = REPORT_CSS + (Path(__file__).parent / "static" / "redline.css").read_text("utf-8")


def render(request: Request, name: str, status: int = 200, **context: Any) -> Response:
    """A template with what every page needs: the CSRF token and how events are described."""
    return desk(request).templates.TemplateResponse(
        request,
        name,
        {"csrf": request.state.csrf, "describe": describe, **context},
        status_code=status,
    )


def params(request: Request) -> filters.Params:
    return filters.read_params(list(request.query_params.multi_items()))


def changes_page(request: Request) -> Response:
    """Recent changes, filtered and a page at a time."""
    shown = params(request)
    wanted = filters.change_filter(shown)
    found = desk(request).store.browse(replace(wanted, limit=wanted.limit + 1))
    page, more = found[: wanted.limit], len(found) > wanted.limit
    return render(
        request,
        "changes.html",
        changes=page,
        wanted=wanted,
        sources=desk(request).store.sources.list_sources(desk(request).clock()),
        kinds=FLAG_KINDS + EVENT_KINDS,
        older="?" + filters.change_query(shown, before=str(page[-1].id)) if more else None,
        newest="?" + filters.change_query(shown) if wanted.before else None,
        feed="/feed.atom?" + filters.change_query(shown),
        api="/api/changes?" + filters.change_query(shown),
        query=shown,
    )


def change_page(request: Request) -> Response:
    """One change: flags first, then the diff; links to the article's other changes."""
    change_id = int(request.path_params["change_id"])
    detail = desk(request).store.change_detail(change_id)
    return render(
        request,
        "change.html",
        detail=detail,
        body=change_html(detail),
        around=desk(request).store.neighbours(change_id),
    )


def article_page(request: Request, error: str | None = None, status: int = 200) -> Response:
    """One article: its state, versions, quote and figure timeline, changes and events."""
    watch_id = int(request.path_params["watch_id"])
    store = desk(request).store
    watch = store.find_watch(str(watch_id))
    versions = store.versions(str(watch_id))
    changes = desk(request).store.browse(
        ChangeFilter(watch_id=watch_id, limit=filters.MAX_PAGE_SIZE)
    )
    return render(
        request,
        "article.html",
        status,
        error=error,
        watch=watch,
        versions=versions,
        sightings=store.sightings(str(watch_id)),
        pairs=alternating([c for c in changes if c.kind == "variant"]),
        tracks=timeline(current_readings(versions, {c.to_version for c in changes})),
        event_text=event_text,
        changes=changes,
    )


def search_page(request: Request) -> Response:
    """Search every stored version's text, or every flagged quote and figure."""
    asked = filters.search(params(request))
    hits = api.found(request, asked)
    return render(
        request,
        "search.html",
        asked=asked,
        hits=hits,
        query=params(request),
        flag_html=flag_html,
        api="/api/search?" + str(request.url.query),
    )


def watches_page(request: Request, error: str | None = None, status: int = 200) -> Response:
    """The watch list with its state, tags, last and next check; a form to add one."""
    shown = params(request)
    store = desk(request).store
    tag = shown.get("tag") or None
    page = int(shown.get("page")) if shown.get("page").isdigit() else 1
    ids, total = store.watch_page(
        tag=tag, offset=(page - 1) * WATCHES_PER_PAGE, limit=WATCHES_PER_PAGE
    )
    return render(
        request,
        "watches.html",
        status,
        watches=store.list_watches(ids=ids) if ids else [],
        total=total,
        page=page,
        pages=max(1, -(-total // WATCHES_PER_PAGE)),
        tag=tag,
        error=error,
    )


def sources_page(request: Request) -> Response:
    """Followed feeds, sitemaps and section pages, with what they found."""
    return render(
        request,
        "sources.html",
        sources=desk(request).store.sources.list_sources(desk(request).clock()),
    )


def feed(request: Request) -> Response:
    """An Atom feed of the changes a filter selects, each entry linked to its page here."""
    shown = params(request)
    wanted = filters.change_filter(shown)
    store, settings = desk(request).store, desk(request).settings
    details = [store.change_detail(c.id) for c in desk(request).store.browse(wanted)]
    query = filters.change_query(shown)
    base = settings.public_url or str(request.base_url).rstrip("/")
    data = render_feed(
        details,
        identity=feed_id(f"{store.engine.url!r} web {query}"),
        title=f"redline: changes {query}".strip(),
        generated_at=desk(request).clock(),
        self_url=f"{base}/feed.atom?{query}" if query else f"{base}/feed.atom",
        link_base=base,
    )
    return Response(data, media_type="application/atom+xml")


def login_page(request: Request) -> Response:
    """The sign-in form, for a view that has a token."""
    return render(request, "login.html", target=safe_next(request.query_params.get("next", "/")))


def stylesheet(_request: Request) -> Response:
    """The report's stylesheet and the view's own: the only styles the policy allows."""
    return Response(STYLES, media_type="text/css", headers={"Cache-Control": "max-age=3600"})


def no_icon(_request: Request) -> Response:
    """Browsers ask for an icon; the view has none, and says so without an error."""
    return Response(status_code=204)


ROUTES = [
    Route("/favicon.ico", no_icon),
    Route("/", changes_page),
    Route("/changes/{change_id:int}", change_page),
    Route("/articles/{watch_id:int}", article_page),
    Route("/search", search_page),
    Route("/watches", watches_page),
    Route("/sources", sources_page),
    Route("/feed.atom", feed),
    Route("/login", login_page),
]
