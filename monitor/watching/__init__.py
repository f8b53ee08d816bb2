"""Keeping watch: one check (fetch -> extract -> compare), article events, the cadence policy,
followed sources and the service loop that claims due watches from the database.

`checking`, `events`, `scheduling` and `discovery` are pure decisions; `following` and
`service` are the I/O edges that run them.
"""
