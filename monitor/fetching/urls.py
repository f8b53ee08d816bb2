"""URL validation and canonicalisation: one article, one watch, however the link was shared."""

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from monitor.errors import InvalidURL

# Longer URLs are refused: real article URLs stay far below, and servers commonly refuse
# request lines past 8 KB, so a longer one could only ever fail.
MAX_URL_LENGTH = 4096

# Query parameters that only say where a click came from; they never select a different article.
_TRACKING_PARAMS = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|gbraid|wbraid|msclkid|mc_cid|mc_eid|igshid|_ga|_gl|"
    r"ocid|cmpid|cmp|smid|smtyp|sr_share|ito|itm_\w+|at_\w+|share|ref_src|ref_url|"
    r"yclid|twclid|ncid|taid|guccounter|guce_referrer\w*)$",
    re.IGNORECASE,
)
_DEFAULT_PORTS = {"http": 80, "https": 443}


def canonical_url(url: str) -> str:
    """Validate `url` and return its canonical form.

    The canonical form lowercases the scheme and host, drops the default port, the fragment
    and tracking parameters, and keeps everything else as given (paths are case-sensitive).
    """
    text = url.strip()
    if not text:
        raise InvalidURL("empty URL")
    if len(text) > MAX_URL_LENGTH:
        raise InvalidURL(f"a URL of {len(text):,} characters; the longest accepted is 4,096")
    if "://" not in text and re.match(r"^[\w.-]+\.[a-z]{2,}(/|$)", text, re.IGNORECASE):
        raise InvalidURL(f"{url!r} has no scheme; did you mean https://{text}?")
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as exc:
        raise InvalidURL(f"{url!r} is not a valid URL: {exc}") from exc
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        shown = scheme or "no scheme"
        raise InvalidURL(f"{url!r}: unsupported scheme ({shown}); use http:// or https://")
    host = (parts.hostname or "").lower()
    if not host or any(ch.isspace() for ch in text):
        raise InvalidURL(f"{url!r} is not a valid URL: no host")
    netloc = host if ":" not in host else f"[{host}]"
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        netloc = f"{netloc}:{port}"
    if parts.username:
        raise InvalidURL(f"{url!r}: URLs with credentials are not supported")
    query = parse_qsl(parts.query, keep_blank_values=True)
    kept = urlencode([(k, v) for k, v in query if not _TRACKING_PARAMS.match(k)])
    canonical = urlunsplit((scheme, netloc, parts.path or "/", kept, ""))
    problem = fetch_problem(canonical)
    if problem is not None:
        raise InvalidURL(f"{_shown(url)} cannot be fetched: {problem}")
    return canonical


def fetch_problem(url: str) -> str | None:
    """Why the fetcher would refuse `url`, or None: the one rule for what redline can fetch,
    applied to URLs a user adds and to every URL a server redirects to."""
    if len(url) > MAX_URL_LENGTH:
        return f"longer than {MAX_URL_LENGTH:,} characters"
    if not url.isprintable() or any(ch.isspace() for ch in url):
        return "it contains spaces or control characters"
    # httpx's parser is the one the fetcher uses; imported here, so canonicalising a URL
    # (every command that takes one) does not load the HTTP client.
    import httpx  # noqa: PLC0415

    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as exc:
        return str(exc)
    if parsed.scheme not in _DEFAULT_PORTS or not parsed.host:
        return "only http(s) URLs with a host can be fetched"
    port = parsed.port
    return f"port {port} is out of range" if port is not None and not 0 < port < 65536 else None


def _shown(url: str) -> str:
    return repr(url if len(url) <= 200 else url[:200] + "...")
