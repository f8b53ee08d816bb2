"""`redline web`: the desk's browser view over the same database the service writes.

An I/O edge like the CLI: Starlette routes read through the store, render Jinja2 templates
(autoescaped) and JSON documents shared with `--format json`. `settings` decides who may
connect, `security` enforces it, `filters` turns query strings into storage filters.
"""
