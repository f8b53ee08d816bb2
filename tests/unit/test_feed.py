"""The Atom feed: valid per RFC 4287, one entry per change, stable ids, flags in the summary."""

import re
from collections.abc import Callable
from datetime import UTC, datetime
from xml.etree.ElementTree import Element, fromstring

import feedparser

from monitor.article import Article
from monitor.review.feed import ATOM, entry_id, feed_id, render_feed
from storage.records import ChangeDetail

ChangeMaker = Callable[..., ChangeDetail]  # the make_change fixture
NOW = datetime(2026, 3, 5, 12, 0, tzinfo=UTC)
A = f"{{{ATOM}}}"
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")
URN_UUID = re.compile(
    r"^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"
)
OLD = Article("Council sets budget", "By A. Writer", (
    "Millbrook council approved the harbour plan on Tuesday after a long debate.",
    "The plan to rebuild the harbour wall will cost $119 million, officials said.",
))  # fmt: skip
NEW = Article(OLD.headline, OLD.byline, (
    OLD.paragraphs[0], OLD.paragraphs[1].replace("$119 million", "$138 million"),
))  # fmt: skip
REWORDED = Article(OLD.headline, OLD.byline, (
    OLD.paragraphs[0].replace("long debate", "lengthy debate"), NEW.paragraphs[1],
))  # fmt: skip


def changes(make_change: ChangeMaker) -> list[ChangeDetail]:
    return [
        make_change(NEW, REWORDED, change_id=2, at=datetime(2026, 3, 5, 9, tzinfo=UTC)),
        make_change(OLD, NEW, change_id=1, at=datetime(2026, 3, 4, 9, tzinfo=UTC)),
    ]


def feed(details: list[ChangeDetail]) -> bytes:
    return render_feed(
        details, identity=feed_id("test"), title="redline: all changes", generated_at=NOW
    )


def one(parent: Element, name: str) -> Element:
    found = parent.findall(A + name)
    assert len(found) == 1, f"{parent.tag} must have exactly one {name}, has {len(found)}"
    return found[0]


def test_feed_has_the_elements_rfc_4287_requires(make_change: ChangeMaker) -> None:
    root = fromstring(feed(changes(make_change)))
    assert root.tag == A + "feed"
    assert URN_UUID.match(one(root, "id").text or "")
    assert one(root, "title").text == "redline: all changes"
    assert one(root, "updated").text == "2026-03-05T09:00:00+00:00"
    assert one(one(root, "author"), "name").text == "redline"
    entries = root.findall(A + "entry")
    assert len(entries) == 2
    for entry in entries:
        assert URN_UUID.match(one(entry, "id").text or "")
        assert one(entry, "title").text
        assert RFC3339.match(one(entry, "updated").text or "")
        link = one(entry, "link")
        assert link.get("rel") == "alternate"
        assert link.get("href") == "https://news.example/council-budget"
        assert one(entry, "summary").get("type") == "text"
        assert one(entry, "content").get("type") == "html"


def test_each_entry_summarises_its_flags_one_per_line(make_change: ChangeMaker) -> None:
    root = fromstring(feed(changes(make_change)))
    flagged, quiet = reversed(root.findall(A + "entry"))
    assert one(flagged, "summary").text == (
        "FIGURE  $119 million -> $138 million (+$19 million, +16%)"
    )
    assert one(flagged, "title").text == "[FIGURE] Council sets budget"
    assert [c.get("term") for c in flagged.findall(A + "category")] == ["figure_changed"]
    assert one(quiet, "summary").text == "Wording changed; no flags."
    assert one(quiet, "title").text == "Council sets budget"


def test_entry_ids_are_stable_across_rewrites_and_distinct_between_changes(
    make_change: ChangeMaker,
) -> None:
    first, second = (
        [e.findtext(A + "id") for e in fromstring(feed(changes(make_change))).iter(A + "entry")]
        for _ in range(2)
    )
    assert first == second
    assert len(set(first)) == 2
    assert entry_id(changes(make_change)[0]) == first[0]


def test_a_feed_reader_reads_every_entry(make_change: ChangeMaker) -> None:
    parsed = feedparser.parse(feed(changes(make_change)))
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert [e.title for e in parsed.entries] == [
        "Council sets budget",
        "[FIGURE] Council sets budget",
    ]
    assert "<del>119</del>" in parsed.entries[1].content[0].value


def test_characters_xml_cannot_carry_are_dropped_not_fatal(make_change: ChangeMaker) -> None:
    broken = Article("Council\x00 sets\x1b budget\ufffe", OLD.byline, NEW.paragraphs)
    root = fromstring(feed([make_change(OLD, broken)]))
    assert one(one(root, "entry"), "title").text == "[HEADLINE, FIGURE] Council sets budget"


def test_a_published_feed_links_to_itself(make_change: ChangeMaker) -> None:
    document = render_feed(
        changes(make_change),
        identity=feed_id("test"),
        title="t",
        generated_at=NOW,
        self_url="https://news.example/redline/changes.atom",
    )
    [link] = fromstring(document).findall(A + "link")
    assert (link.get("rel"), link.get("href")) == (
        "self",
        "https://news.example/redline/changes.atom",
    )


def test_with_a_public_url_each_entry_links_its_change_page_and_the_article(
    make_change: ChangeMaker,
) -> None:
    document = render_feed(
        changes(make_change),
        identity=feed_id("test"),
        title="t",
        generated_at=NOW,
        link_base="https://redline.example.org",
    )
    entries = fromstring(document).findall(A + "entry")
    links = [[(x.get("rel"), x.get("href")) for x in e.findall(A + "link")] for e in entries]
    article = "https://news.example/council-budget"
    assert links == [
        [("alternate", "https://redline.example.org/changes/2"), ("related", article)],
        [("alternate", "https://redline.example.org/changes/1"), ("related", article)],
    ]
    assert 'href="https://redline.example.org/changes/2"' in one(entries[0], "content").text


def test_an_empty_feed_is_still_a_valid_feed() -> None:
    root = fromstring(feed([]))
    assert one(root, "updated").text == NOW.isoformat()
    assert root.findall(A + "entry") == []
