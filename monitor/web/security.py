"""Safe by default: strict headers on every response, a token when one is set, CSRF checks.

Article text is hostile input. Templates escape it; the Content-Security-Policy is the second
line: no script runs at all (the view has none), styles come only from the app's own
stylesheet, nothing loads from elsewhere, and forms post only back here.

With a token configured every request needs it: `Authorization: Bearer TOKEN` for scripts, or
the session cookie `/login` sets for people. Every request that changes something carries a
per-browser CSRF token in its form, checked against the cookie it came from (and its Origin,
when the browser sends one).
"""

import hashlib
import hmac
import secrets
from collections.abc import Awaitable, Callable
from urllib.parse import quote, urlsplit

from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.types import ASGIApp

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}
CSRF_COOKIE = "redline_csrf"
SESSION_COOKIE = "redline_session"
OPEN_PATHS = ("/login", "/static/")  # reachable without the token


class Guard(BaseHTTPMiddleware):
    """Security headers, the CSRF cookie, and the token check when a token is set."""

    def __init__(self, app: ASGIApp, *, token: str | None) -> None:
        super().__init__(app)
        self.token = token

    async def dispatch(
        self, request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        known = request.cookies.get(CSRF_COOKIE)
        request.state.csrf = known or secrets.token_urlsafe(32)
        if self.token is not None and not _open(request) and not signed_in(request, self.token):
            response = refuse(request)
            response.headers.update(HEADERS)
            return response
        response = await call_next(request)
        response.headers.update(HEADERS)
        if known is None:
            response.set_cookie(
                CSRF_COOKIE,
                request.state.csrf,
                httponly=True,
                samesite="strict",
                secure=request.url.scheme == "https",
            )
        return response


def _open(request: Request) -> bool:
    return request.url.path.startswith(OPEN_PATHS)


def session_value(token: str) -> str:
    """The session cookie's value: derived from the token, so a new token ends every session."""
    return hmac.new(token.encode(), b"redline web session", hashlib.sha256).hexdigest()


def signed_in(request: Request, token: str) -> bool:
    """True for the token as a bearer credential, or a session cookie made from it."""
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode()):
        return True
    cookie = request.cookies.get(SESSION_COOKIE, "")
    return hmac.compare_digest(cookie.encode(), session_value(token).encode())


def refuse(request: Request) -> Response:
    """401 for the API and feeds; people are sent to the sign-in page and back."""
    path = request.url.path
    if path.startswith("/api/") or path.endswith(".atom"):
        return JSONResponse({"error": "a token is required"}, status_code=401)
    target = path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={quote(target)}", status_code=303)


async def checked_form(request: Request) -> FormData:
    """The posted form, once its CSRF token and origin show it came from one of our pages."""
    origin = request.headers.get("origin")
    if origin is not None and urlsplit(origin).netloc != request.headers.get("host"):
        raise HTTPException(403, "this form was sent from another site")
    form = await request.form()
    given = str(form.get("csrf", ""))
    known = request.cookies.get(CSRF_COOKIE, "")
    if not known or not hmac.compare_digest(given.encode(), known.encode()):
        raise HTTPException(403, "this form has expired; reload the page and send it again")
    return form


def safe_next(target: str) -> str:
    """Where to go after signing in: a path on this site only, never another host."""
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target
