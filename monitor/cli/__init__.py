"""The `redline` command line: one command group, its commands in modules by purpose."""

from monitor.cli import alerts, checks, database, publishing, review, sources, watches, web
from monitor.cli.app import app, main

__all__ = [
    "alerts",
    "app",
    "checks",
    "database",
    "main",
    "publishing",
    "review",
    "sources",
    "watches",
    "web",
]
