"""What every handler reads, kept on the application: the store, settings, clock, templates."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from starlette.requests import Request
from starlette.templating import Jinja2Templates

from monitor.web.settings import WebSettings
from storage.repository import Store


@dataclass(frozen=True)
class Desk:
    """The store, the settings, the clock and the templates."""

    store: Store
    settings: WebSettings
    clock: Callable[[], datetime]
    templates: Jinja2Templates


def desk(request: Request) -> Desk:
    """The application's shared state, for a handler."""
    found: Desk = request.app.state.desk
    return found
