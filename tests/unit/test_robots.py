"""robots.txt as RFC 9309 reads it: our group, else `*`; the longest match decides."""

import pytest

from monitor.fetching.robots import RobotsRules

SITE = "https://news.example"

# (robots.txt, path, allowed)
CASES = [
    ("User-agent: *\nDisallow: /\nAllow: /news/", "/news/a-story", True),
    ("User-agent: *\nAllow: /news/\nDisallow: /", "/news/a-story", True),
    ("User-agent: *\nAllow: /news/\nDisallow: /news/drafts/", "/news/drafts/x", False),
    ("User-agent: *\nDisallow: /news/drafts/\nAllow: /news/", "/news/drafts/x", False),
    ("User-agent: *\nDisallow: /news\nAllow: /news", "/news/x", True),  # a tie: Allow wins
    ("User-agent: *\nDisallow: /*.pdf$", "/files/report.pdf", False),
    ("User-agent: *\nDisallow: /*.pdf$", "/files/report.pdf?x=1", True),
    ("User-agent: *\nDisallow: /*?print=", "/news/a?print=1", False),
    ("User-agent: *\nDisallow: /caf%C3%A9/", "/café/menu", False),
    ("User-agent: *\nDisallow:", "/anything", True),
    ("User-agent: *\nDisallow: /", "/robots.txt", True),
    ("User-agent: other\nDisallow: /", "/news/a", True),
    ("User-agent: Redline/2.0\nDisallow: /news/\n\nUser-agent: *\nDisallow: /", "/about", True),
    ("User-agent: redline\nDisallow: /news/\n\nUser-agent: *\nDisallow: /", "/news/a", False),
    ("User-agent: other\nUser-agent: REDLINE\nDisallow: /x\n", "/x/y", False),
    # Two groups for the same agent are one group.
    ("User-agent: redline\nDisallow: /a\n\nUser-agent: redline\nAllow: /a/b", "/a/b", True),
    ("Disallow: /\nUser-agent: *\nAllow: /", "/news/a", True),  # a rule before any group
    # A pattern built to make a backtracking matcher run for ever is answered like any other.
    ("User-agent: *\nDisallow: /" + "*a" * 40 + "$", "/" + "a" * 80 + "b", True),
    ("User-agent: *\nDisallow: /" + "*a" * 40 + "$", "/" + "a" * 80, False),
]


@pytest.mark.parametrize(("robots", "path", "allowed"), CASES)
def test_the_longest_matching_rule_decides(robots: str, path: str, allowed: bool) -> None:
    assert RobotsRules.parse(robots, "redline").allows(SITE + path) is allowed


def test_crawl_delay_comes_from_the_group_that_applies() -> None:
    text = "User-agent: *\nCrawl-delay: 9\n\nUser-agent: redline\nCrawl-delay: 2\nDisallow:\n"
    assert RobotsRules.parse(text, "redline").crawl_delay == 2.0
    assert RobotsRules.parse("User-agent: *\nCrawl-delay: nan\n", "redline").crawl_delay is None
