"""The web application: routes, the shared state they read, and one page per error.

Handlers are plain functions (Starlette runs them in its thread pool, since the store is
synchronous); the ones that post forms are async to read the body, and hand the store work to
the pool too. Errors a visitor can cause (an unknown id, a bad filter) are one line on a page
or in a JSON body, never a traceback.
"""

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.templating import Jinja2Templates

from monitor.errors import NotFound, RedlineError, StorageError, UsageError
from monitor.review.render import flag_label, when
from monitor.web import api, controls, pages
from monitor.web.security import Guard
from monitor.web.settings import WebSettings
from monitor.web.state import Desk, desk
from storage.repository import Store

HERE = Path(__file__).parent


def create_app(store: Store, settings: WebSettings, *, clock: Callable[[], datetime]) -> Starlette:
    """The web view over `store`; serve it with uvicorn (see `monitor.cli.web`)."""
    environment = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
    )
    environment.filters["when"] = lambda moment: when(moment) if moment else "never"
    environment.filters["flag_label"] = flag_label
    templates = Jinja2Templates(env=environment)
    hosts = ["*"] if settings.every_host() else settings.allowed_hosts
    app = Starlette(
        routes=[
            *pages.ROUTES,
            *controls.ROUTES,
            *api.ROUTES,
            Route("/static/redline.css", pages.stylesheet),
        ],
        middleware=[
            Middleware(TrustedHostMiddleware, allowed_hosts=hosts, www_redirect=False),
            Middleware(Guard, token=settings.token),
        ],
        exception_handlers={RedlineError: _redline_error, HTTPException: _http_error},
    )
    app.state.desk = Desk(store, settings, clock, templates)
    return app


def _status(error: Exception) -> int:
    if isinstance(error, NotFound):
        return 404
    if isinstance(error, UsageError):
        return 400
    return 503 if isinstance(error, StorageError) else 500


async def _redline_error(request: Request, error: Exception) -> Response:
    return _error_page(request, _status(error), str(error))


async def _http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    return _error_page(request, error.status_code, error.detail)


def _error_page(request: Request, status: int, message: str) -> Response:
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": message}, status_code=status)
    return desk(request).templates.TemplateResponse(
        request, "error.html", {"message": message, "status": status}, status_code=status
    )
