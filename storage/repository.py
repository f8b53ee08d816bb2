"""The repository: every read and write redline makes, each in one short transaction.

`Store` is the one object the application holds; its parts live beside it by what they serve:
the watch list (storage.watch_store), stopping and editing watches (storage.watch_lifecycle),
the check cycle (storage.check_cycle), the review queries (storage.review_queries), followed
sources, the notification outbox and full-text search (storage.search).
"""

from sqlalchemy import Engine

from storage.check_cycle import CheckCycle
from storage.engine import create_store_engine, upgrade_schema
from storage.outbox import Outbox
from storage.review_queries import ReviewQueries
from storage.search import Searcher
from storage.sources import SourceStore
from storage.watch_lifecycle import WatchLifecycle
from storage.watch_store import WatchStore


class Store(WatchStore, WatchLifecycle, CheckCycle, ReviewQueries):
    """Redline's database. Build it with `Store.open(url)`; it migrates the schema on open."""

    def __init__(self, engine: Engine) -> None:
        super().__init__(engine)
        self.sources = SourceStore(engine)
        self.outbox = Outbox(engine)
        self.search = Searcher(engine)

    @classmethod
    def open(cls, url: str) -> "Store":
        """Open (creating and upgrading as needed) the database at `url`."""
        engine = create_store_engine(url)
        upgrade_schema(engine)
        return cls(engine)

    def close(self) -> None:
        """Release every pooled connection."""
        self.engine.dispose()
