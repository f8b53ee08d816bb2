"""The service's defaults that the command line prints in its options.

In a module of their own, so `redline --help` shows them without loading the service, the
worker pool and the source cycle they belong to.
"""

from datetime import timedelta

# How long a claim lasts without renewal: a killed process's watches wait this long.
DEFAULT_LEASE = timedelta(minutes=5)
# Seconds of CPU one page may take to assess; an ordinary article takes about 0.01 s.
DEFAULT_BUDGET = 10.0
# New stories get most of their edits in their first hours, so a source is read often; a
# conditional request that is answered 304 costs the publisher almost nothing.
DEFAULT_POLL_EVERY = timedelta(minutes=5)
