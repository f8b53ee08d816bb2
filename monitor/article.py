"""The article as redline understands it: the value that flows from extraction to storage."""

import hashlib
from dataclasses import dataclass, field
from datetime import datetime

from monitor.analysis.text import normalize, word_count


@dataclass(frozen=True)
class Article:
    """What a reader sees of a page: headline, byline and body paragraphs, plus page dates.

    Text fields keep the page's own typography for display; comparisons go through
    `monitor.analysis.text.normalize`. Dates come from the page's metadata and never decide whether
    the article changed.
    """

    headline: str
    byline: str
    paragraphs: tuple[str, ...]
    published: datetime | None = field(default=None, compare=False)
    modified: datetime | None = field(default=None, compare=False)

    @property
    def text(self) -> str:
        """The body as one string, paragraphs separated by blank lines."""
        return "\n\n".join(self.paragraphs)

    @property
    def word_count(self) -> int:
        """Words in the body, in any script; a collapse to a handful means a paywall or error
        page."""
        return sum(word_count(p) for p in self.paragraphs)

    def fingerprint(self) -> str:
        """A hash of the reader-visible content after typography normalisation.

        Two pages with the same fingerprint are the same version, whatever their chrome,
        quote style or whitespace.
        """
        digest = hashlib.sha256()
        for part in (self.headline, self.byline, *self.paragraphs):
            digest.update(normalize(part).encode("utf-8"))
            digest.update(b"\x00")
        return digest.hexdigest()
