"""What happened to an article as a whole, beyond edits to its text. Pure.

A watched article is in one of four states, its *presence*:

    live         the page shows the article (the last good version is what readers see)
    removed      the server answers 404 or 410
    redirected   the URL now sends readers to another page: the home page or another story
    collapsed    the page is still there but its article is gone: a paywall, a consent wall,
                 an error page or a notice in its place (the body shrank to a fraction)

Each move between states is an *event*, stored and listed like a change: `removed`,
`redirected`, `collapsed`, and `restored` when the article comes back. The last good version is
never replaced by what a non-live page shows. A page that goes back to an earlier version
(A/B headline tests, regional variants) is a `variant`: reported once per pair of versions,
then only counted, so alternation does not become an endless stream of changes.
"""

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from monitor.analysis.text import normalize
from monitor.article import Article
from monitor.errors import InvalidURL
from monitor.fetching.urls import canonical_url

LIVE = "live"
REMOVED = "removed"
REDIRECTED = "redirected"
COLLAPSED = "collapsed"
# What a stored change can be: an edit, or an event of the article.
CHANGE_KINDS = ("edit", REMOVED, REDIRECTED, COLLAPSED, "restored", "variant")

# Statuses that say the article is gone, as opposed to the server failing.
GONE_STATUSES = frozenset({404, 410})
# Fewer words than this is not an article (an error page, a consent wall, a section front).
MIN_ARTICLE_WORDS = 25
# A long article that shrinks below this fraction of its words collapsed (a paywall teaser
# keeps the headline and a paragraph or two); shorter articles only collapse below the minimum.
COLLAPSE_RATIO = 0.2
COLLAPSE_FROM_WORDS = 150
# Two texts share at least this fraction of their word triples: the same story, moved.
SAME_STORY_OVERLAP = 0.3
_EXCERPT_CHARS = 280

# Words that say what replaced a collapsed article, checked in this order.
_LOOKS_LIKE = (
    (
        "paywall",
        re.compile(
            r"\bsubscri(be|ber|bers|ption)\b|continue reading|\bsign in to (read|continue)\b|"
            r"\blog in to (read|continue)\b|\bpremium\b",
            re.IGNORECASE,
        ),
    ),
    (
        "consent page",
        re.compile(r"\bcookies?\b|\bconsent\b|\bprivacy (choices|settings)\b|\baccept all\b", re.I),
    ),
    (
        "error page",
        re.compile(
            r"\bnot found\b|\berror\b|\bunavailable\b|went wrong|no longer available|"
            r"been removed|does not exist|\b404\b",
            re.IGNORECASE,
        ),
    ),
)


@dataclass(frozen=True)
class ArticleEvent:
    """One event: `kind` names it, `data` holds JSON-ready details for people and programs."""

    kind: str
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def presence(self) -> str:
        """The state the article is in after this event."""
        return self.kind if self.kind in (REMOVED, REDIRECTED, COLLAPSED) else LIVE


def removed(status: int) -> ArticleEvent:
    """The server says the article is gone."""
    return ArticleEvent(REMOVED, {"status": status})


def restored(after: str) -> ArticleEvent:
    """The article is readable again after being removed, redirected or collapsed."""
    return ArticleEvent("restored", {"after": after})


def variant(back_to: int) -> ArticleEvent:
    """The page went back to an earlier version instead of showing a new one."""
    return ArticleEvent("variant", {"back_to": back_to})


def redirection(old: Article, old_url: str, new: Article, final_url: str) -> ArticleEvent | None:
    """The event when a redirect took readers away from the story, else None.

    A redirect to the page the article was last served from, or to a page carrying the same
    story (a renamed slug, a new section), is not an event.
    """
    if _same_page(old_url, final_url):
        return None
    readable = new.word_count >= MIN_ARTICLE_WORDS
    if readable and same_story(old, new):
        return None
    if _is_front_page(final_url):
        target = "home page"
    else:
        target = "another article" if readable else "another page"
    data: dict[str, Any] = {"to": final_url, "target": target}
    if readable and new.headline:
        data["headline"] = new.headline
    return ArticleEvent(REDIRECTED, data)


def collapse(old: Article, new: Article) -> ArticleEvent | None:
    """The event when the page no longer carries the article, else None."""
    words = new.word_count
    shrank = old.word_count >= COLLAPSE_FROM_WORDS and words < old.word_count * COLLAPSE_RATIO
    if words >= MIN_ARTICLE_WORDS and not shrank:
        return None
    data: dict[str, Any] = {"words": words, "was_words": old.word_count}
    kind = looks_like(new)
    if kind is not None:
        data["looks_like"] = kind
    excerpt = _excerpt(new)
    if excerpt:
        data["text"] = excerpt
    return ArticleEvent(COLLAPSED, data)


def looks_like(article: Article) -> str | None:
    """A guess at what replaced the article: paywall, consent page or error page."""
    text = " ".join((article.headline, *article.paragraphs))
    for name, pattern in _LOOKS_LIKE:
        if pattern.search(text):
            return name
    return None


def same_story(old: Article, new: Article) -> bool:
    """True when two articles are versions of one story (same headline, or shared wording)."""
    if old.headline and normalize(old.headline) == normalize(new.headline):
        return True
    a, b = _triples(old), _triples(new)
    if not a or not b:
        return False
    return len(a & b) / min(len(a), len(b)) >= SAME_STORY_OVERLAP


def describe(kind: str, data: dict[str, Any] | None) -> str:
    """One line that says what an event was, for lists and logs."""
    data = data or {}
    if kind == REMOVED:
        status = data.get("status")
        return f"REMOVED  the server answers {status}" if status else "REMOVED"
    if kind == REDIRECTED:
        line = f"REDIRECTED  to {data.get('target', 'another page')}: {data.get('to', '?')}"
        headline = data.get("headline")
        return f"{line} ({headline})" if headline else line
    if kind == COLLAPSED:
        guess = data.get("looks_like") or "the article text is gone"
        return (
            f"COLLAPSED  {guess}: {data.get('words', 0)} words where there were "
            f"{data.get('was_words', '?')}"
        )
    if kind == "restored":
        return f"RESTORED  the article is back after being {data.get('after', 'gone')}"
    if kind == "variant":
        return f"VARIANT  the page went back to version {data.get('back_to', '?')}"
    return kind.upper()


def _same_page(a: str, b: str) -> bool:
    try:
        return canonical_url(a) == canonical_url(b)
    except InvalidURL:
        return a == b


def _is_front_page(url: str) -> bool:
    return urlsplit(url).path.strip("/") == ""


def _triples(article: Article) -> set[tuple[str, ...]]:
    words = normalize(" ".join(article.paragraphs)).lower().split()
    return {tuple(words[i : i + 3]) for i in range(len(words) - 2)}


def _excerpt(article: Article) -> str:
    text = " ".join(part for part in (article.headline, *article.paragraphs) if part)
    text = " ".join(text.split())
    if len(text) <= _EXCERPT_CHARS:
        return text
    return text[: _EXCERPT_CHARS - 1].rsplit(" ", 1)[0] + "\u2026"
