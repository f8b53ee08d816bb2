"""The `redline` command line: one command group, its commands in modules by purpose."""

from monitor.cli import (
    alerts,
    checks,
    database,
    listing,
    publishing,
    review,
    sources,
    watches,
    web,
)
from monitor.cli.app import app, main

__all__ = [
    "alerts",
    "app",
    "checks",
    "database",
    "listing",
    "main",
    "publishing",
    "review",
    "sources",
    "watches",
    "web",
]
