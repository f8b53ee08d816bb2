"""The forms that change something: sign in, add a watch, pause, resume and edit one.

Each reads its form through `checked_form` (CSRF token and origin), hands the store work to
the thread pool, and answers with a redirect to the page that shows the result, or the same
page with one line saying what was wrong.
"""

import hmac
from collections.abc import Callable

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from monitor.config import parse_duration, watch_spec
from monitor.errors import UsageError
from monitor.web.pages import article_page, render, watches_page
from monitor.web.security import SESSION_COOKIE, checked_form, safe_next, session_value
from monitor.web.state import desk
from storage.records import WatchEdit, WatchInfo
from storage.repository import Store


def _seen(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303)


def _text(form: FormData, name: str) -> str:
    return str(form.get(name, "")).strip()


async def login(request: Request) -> Response:
    """Check the token from the form and set the session cookie."""
    form = await checked_form(request)
    token = desk(request).settings.token
    target = safe_next(_text(form, "next") or "/")
    if token is None:
        return _seen(target)
    if not hmac.compare_digest(_text(form, "token").encode(), token.encode()):
        return render(request, "login.html", 403, target=target, error="That token is not right.")
    response = _seen(target)
    response.set_cookie(
        SESSION_COOKIE,
        session_value(token),
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )
    return response


async def add_watch(request: Request) -> Response:
    """Add a watch from the form; a bad URL or a duplicate is shown above the form."""
    form = await checked_form(request)
    try:
        spec = watch_spec(
            _text(form, "url"),
            label=_text(form, "label") or None,
            tags=tuple(_text(form, "tags").split(",")),
            every=_text(form, "every") or None,
        )
        store = desk(request).store
        watch_id = await run_in_threadpool(store.add_watch, spec, desk(request).clock())
    except UsageError as error:
        return await run_in_threadpool(watches_page, request, str(error), 400)
    return _seen(f"/articles/{watch_id}")


async def pause(request: Request) -> Response:
    """Stop checking a watch; its history stays."""
    return await _stop_or_go(request, lambda store, key: store.pause(key))


async def resume(request: Request) -> Response:
    """Check a paused watch again, at once."""
    return await _stop_or_go(request, lambda store, key: store.resume(key, desk(request).clock()))


async def _stop_or_go(request: Request, change: Callable[[Store, str], WatchInfo]) -> Response:
    form = await checked_form(request)
    key = str(request.path_params["watch_id"])
    await run_in_threadpool(change, desk(request).store, key)
    return _seen(safe_next(_text(form, "next") or f"/articles/{key}"))


async def edit_watch(request: Request) -> Response:
    """Set a watch's label, tags, cadence and pin from the article page's form."""
    form = await checked_form(request)
    key, store = str(request.path_params["watch_id"]), desk(request).store
    try:
        current = await run_in_threadpool(store.find_watch, key)
        tags = tuple(dict.fromkeys(t.strip() for t in _text(form, "tags").split(",") if t.strip()))
        every = _text(form, "every")
        edit = WatchEdit(
            label=_text(form, "label"),
            add_tags=tags,
            remove_tags=tuple(t for t in current.tags if t not in tags),
            every_seconds=parse_duration(every) if every else 0,  # 0: back to the policy
            pinned=form.get("pinned") == "1",
        )
        await run_in_threadpool(store.edit, key, edit, desk(request).clock())
    except UsageError as error:
        return await run_in_threadpool(article_page, request, str(error), 400)
    return _seen(f"/articles/{key}")


ROUTES = [
    Route("/login", login, methods=["POST"]),
    Route("/watches", add_watch, methods=["POST"]),
    Route("/articles/{watch_id:int}/pause", pause, methods=["POST"]),
    Route("/articles/{watch_id:int}/resume", resume, methods=["POST"]),
    Route("/articles/{watch_id:int}/edit", edit_watch, methods=["POST"]),
]
