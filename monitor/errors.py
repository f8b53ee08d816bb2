"""Redline's exception tree. Errors a user can cause are shown as one line at the CLI edge.

RedlineError
 +-- UsageError          a bad argument, URL or config line: the user can fix it
 |    +-- InvalidURL
 |    +-- ConfigError
 |    +-- NotFound        an id or URL that is not in the database
 +-- FetchError          a page could not be fetched; `outcome` names the kind for the check log
 |    +-- TooLarge
 |    +-- UnreadableSource  a followed feed, sitemap or page whose content cannot be used
 +-- StorageError        the database is unreachable or not redline's
      +-- DiskFull        the disk (or quota) holding the database is full: nothing was written
"""


class RedlineError(Exception):
    """Base of every error redline raises on purpose."""


class UsageError(RedlineError):
    """Something the user typed or wrote is wrong; the message says what to do."""


class InvalidURL(UsageError):
    """A URL that is malformed or uses a scheme redline cannot fetch."""


class ConfigError(UsageError):
    """A watch list or settings file that cannot be read."""


class NotFound(UsageError):
    """A watch, version or change that does not exist."""


class FetchError(RedlineError):
    """A fetch that failed; `outcome` is the short name stored with the check."""

    def __init__(
        self,
        message: str,
        *,
        outcome: str = "error",
        status: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.outcome = outcome
        self.status = status
        self.retry_after = retry_after  # seconds the server asked us to wait, if it said


class TooLarge(FetchError):
    """A response bigger than the configured cap; it is never read to the end."""

    def __init__(self, message: str) -> None:
        super().__init__(message, outcome="too_large")


class UnreadableSource(FetchError):
    """A followed source answered, but with something that is not the feed, sitemap or page
    expected (an HTML error page, XML too broken to read, a sitemap index)."""


class StorageError(RedlineError):
    """The database cannot be opened or is not a redline database."""


class DiskFull(StorageError):
    """A write failed for want of space; its transaction was rolled back whole."""
