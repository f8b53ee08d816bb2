"""The `redline` command line: one command group, its commands in modules by purpose."""

from monitor.cli import checks, review, sources, watches
from monitor.cli.app import app, main

__all__ = ["app", "checks", "main", "review", "sources", "watches"]
