"""URL canonicalisation: one article, one watch, however the link was shared."""

import pytest

from monitor.errors import InvalidURL
from monitor.fetching.urls import canonical_url


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("https://example.com/news/story", "https://example.com/news/story"),
        ("HTTPS://Example.COM/News/Story", "https://example.com/News/Story"),
        ("https://example.com:443/a", "https://example.com/a"),
        ("http://example.com:80/a", "http://example.com/a"),
        ("http://127.0.0.1:8080/a", "http://127.0.0.1:8080/a"),
        ("https://example.com/a#comments", "https://example.com/a"),
        ("https://example.com/a?utm_source=tw&utm_medium=social", "https://example.com/a"),
        ("https://example.com/a?id=7&fbclid=XYZ&gclid=1", "https://example.com/a?id=7"),
        ("https://example.com/a?smid=nytcore-ios-share&page=2", "https://example.com/a?page=2"),
        ("https://example.com", "https://example.com/"),
        ("  https://example.com/a  ", "https://example.com/a"),
        ("http://[::1]:8000/a", "http://[::1]:8000/a"),
    ],
)
def test_canonical_form_drops_what_does_not_select_the_article(typed: str, canonical: str) -> None:
    assert canonical_url(typed) == canonical


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "empty URL"),
        ("example.com/story", "did you mean https://example.com/story"),
        ("ftp://example.com/a", "unsupported scheme (ftp)"),
        ("mailto:desk@example.com", "unsupported scheme (mailto)"),
        ("https:///no-host", "no host"),
        ("http://exa mple.com/", "no host"),
        ("http://example.com:99999/", "not a valid URL"),
        ("https://user:secret@example.com/a", "credentials"),
        # What the fetcher would refuse is refused at the door, not after a first check.
        ("https://example.com/a\x1b[2Jb", "spaces or control characters"),
        ("https://example.com/a\x7fb", "spaces or control characters"),
        ("http://\uff11\uff12\uff17.0.0.1/a", "cannot be fetched: Invalid IDNA hostname"),
        ("https://example.com/" + "a" * 100_000, "a URL of 100,020 characters"),
    ],
)
def test_invalid_urls_are_refused_with_a_reason(typed: str, message: str) -> None:
    with pytest.raises(InvalidURL, match=message.replace("(", r"\(").replace(")", r"\)")):
        canonical_url(typed)
