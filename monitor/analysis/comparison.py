"""Two versions of an article in, what changed out: the diff and the flags, in one place.

`redline compare`, the checker and re-analysis of stored versions all go through `analyse`,
so a change looks the same wherever it is shown.
"""

from dataclasses import dataclass
from typing import Any

from monitor.analysis.claims import Flag, compare_articles
from monitor.analysis.diffing import ArticleDiff, diff_articles
from monitor.article import Article


@dataclass(frozen=True)
class Comparison:
    """The result of comparing two versions."""

    old: Article
    new: Article
    diff: ArticleDiff
    flags: tuple[Flag, ...]

    @property
    def changed(self) -> bool:
        """True when the reader-visible article differs after typography normalisation."""
        return self.old.fingerprint() != self.new.fingerprint()

    def flag_dicts(self) -> tuple[dict[str, Any], ...]:
        """The flags as JSON-ready dicts, in reading order."""
        return tuple(flag.to_dict() for flag in self.flags)


def analyse(old: Article, new: Article) -> Comparison:
    """Diff and flag two versions; identical versions skip the work."""
    if old.fingerprint() == new.fingerprint():
        return Comparison(old, new, diff_articles(old, new), ())
    return Comparison(old, new, diff_articles(old, new), tuple(compare_articles(old, new)))
