"""`redline web`: serve the browser view of the database."""

import os
import socket
from pathlib import Path
from typing import Annotated

import typer

from monitor.cli.app import command, open_store, out, utc_now
from monitor.cli.app import public_url as public_url_from_environment
from monitor.config import PUBLIC_URL_ENV, public_base
from monitor.errors import UsageError
from monitor.web.settings import TOKEN_ENV, WebSettings, read_token


@command(panel="Review")
def web(
    ctx: typer.Context,
    host: Annotated[
        str, typer.Option(help="Address to listen on; anything but loopback needs a token.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8080,
    token_file: Annotated[
        Path | None,
        typer.Option(
            help=f"A file whose first line is the access token (else ${TOKEN_ENV}).",
            dir_okay=False,
        ),
    ] = None,
    public_url: Annotated[
        str | None,
        typer.Option(help=f"Where others reach this view, for links (else ${PUBLIC_URL_ENV})."),
    ] = None,
) -> None:
    """Browse, search and link changes in a web browser (runs beside `redline serve`)."""
    import uvicorn

    from monitor.web.app import create_app

    settings = WebSettings(
        host=host,
        port=port,
        token=read_token(token_file, os.environ.get(TOKEN_ENV)),
        public_url=public_base(public_url) if public_url else public_url_from_environment(),
    )
    shown = f"[{host}]" if ":" in host else host
    try:  # bound here, so a busy port is one line, not a server log
        listener = socket.create_server(
            (host, port), family=socket.AF_INET6 if ":" in host else socket.AF_INET
        )
    except OSError as exc:
        raise UsageError(
            f"cannot listen on {shown}:{port}: {exc.strerror or exc}; choose another --port"
        ) from exc
    with listener, open_store(ctx) as store:
        config = uvicorn.Config(
            create_app(store, settings, clock=utc_now), log_level="warning", server_header=False
        )
        out.print(f"redline web on http://{shown}:{port}/ (Ctrl-C stops it)")
        uvicorn.Server(config).run(sockets=[listener])
