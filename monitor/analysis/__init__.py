"""Two versions of an article -> what changed: normalised text, word diff, quote and figure
flags, notices, timelines. Pure: no network, disk or clock (a test keeps it so).

`comparison.analyse` is the one entry the checker, `redline compare` and re-analysis share.
"""
