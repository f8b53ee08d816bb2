"""The network edge: URLs, per-host politeness and the one HTTP seam (`Fetcher.fetch`).

A fetched page leaves here as bytes decoded to text, with its validators and final URL; the
next stop is `monitor.extraction`.
"""
