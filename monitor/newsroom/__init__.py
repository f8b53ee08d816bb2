"""A small local news site (for `redline demo`, tests and benchmarks) and a webhook receiver.

Stories are lists of revisions; the site serves each story's current revision inside chrome
that changes on every request, so a monitor that treats chrome as a change is caught at once.
"""

from monitor.newsroom.receiver import Received, WebhookReceiver
from monitor.newsroom.site import (
    BIG_SIZE,
    LATIN1_TEXT,
    LOCAL_POLITENESS,
    LocalNewsSite,
    make_bench_site,
)
from monitor.newsroom.stories import (
    DEMO_STORIES,
    Edit,
    Revision,
    Story,
    apply_edit,
    breaking_story,
    story,
)

__all__ = [
    "BIG_SIZE",
    "DEMO_STORIES",
    "LATIN1_TEXT",
    "LOCAL_POLITENESS",
    "Edit",
    "LocalNewsSite",
    "Received",
    "Revision",
    "Story",
    "WebhookReceiver",
    "apply_edit",
    "breaking_story",
    "make_bench_site",
    "story",
]
