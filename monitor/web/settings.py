"""How `redline web` is exposed: the address it binds, its access token, its public URL."""

import ipaddress
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from monitor.errors import ConfigError, UsageError

TOKEN_ENV = "REDLINE_WEB_TOKEN"
MIN_TOKEN_CHARS = 16


@dataclass(frozen=True)
class WebSettings:
    """Checked settings: loopback or a token; a public URL that is a plain http(s) base."""

    host: str = "127.0.0.1"
    port: int = 8080
    token: str | None = None  # required of every request when set
    public_url: str | None = None  # where others reach this view, e.g. https://redline.example.org

    def __post_init__(self) -> None:
        if self.token is not None and len(self.token) < MIN_TOKEN_CHARS:
            raise ConfigError(
                f"the web token is too short; use at least {MIN_TOKEN_CHARS} characters, "
                "e.g. from `python3 -c 'import secrets; print(secrets.token_urlsafe())'`"
            )
        if self.token is None and not is_loopback(self.host):
            raise UsageError(
                f"binding to {self.host} opens redline to the network; set a token first "
                f"(${TOKEN_ENV} or --token-file), or keep the default 127.0.0.1"
            )

    @property
    def allowed_hosts(self) -> list[str]:
        """Host headers to answer: loopback names, the bound host, the public URL's host.

        Anything else is refused, so a page elsewhere cannot reach a loopback-only view
        through a DNS name that points at 127.0.0.1 (DNS rebinding).
        """
        hosts = ["127.0.0.1", "localhost", "[::1]", self.host]
        if self.public_url:
            hosts.append(urlsplit(self.public_url).hostname or "")
        return [host for host in dict.fromkeys(hosts) if host and host not in {"0.0.0.0", "::"}]

    def every_host(self) -> bool:
        """True when bound to every interface: any Host header may be legitimate."""
        return self.host in {"0.0.0.0", "::"}


def is_loopback(host: str) -> bool:
    """True for localhost and loopback addresses (127.0.0.0/8, ::1)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def read_token(path: Path | None, from_environment: str | None) -> str | None:
    """The token from a file (first line) or the environment; None when neither is set."""
    if path is None:
        return from_environment.strip() if from_environment else None
    try:
        return path.read_text(encoding="utf-8").strip() or None
    except OSError as exc:
        raise UsageError(f"cannot read the token file {path}: {exc.strerror or exc}") from exc
