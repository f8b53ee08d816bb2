"""A desk's day, driven through the CLI: its own stories, alerts it can act on, one JSON shape."""

import json
import re
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from monitor.newsroom import LocalNewsSite, WebhookReceiver, breaking_story

Run = Callable[..., str]  # the redline fixture: redline(*args, code=0) -> output
BRIDGE = "harbour-street-bridge"
MEASLES = "northside-measles-case"


def two_desks_with_an_edit_each(redline: Run, site: LocalNewsSite) -> None:
    """The bridge story on the politics desk, the measles story on health; both edited."""
    redline("add", site.url(BRIDGE), "--tag", "politics")
    redline("add", site.url(MEASLES), "--tag", "health")
    redline("check")
    site.publish_next(BRIDGE)
    site.publish_next(MEASLES)
    redline("check", "--all")


def test_each_desk_gets_its_own_changes_report_and_feed(
    redline: Run, site: LocalNewsSite, tmp_path: Path
) -> None:
    two_desks_with_an_edit_each(redline, site)
    politics = json.loads(redline("changes", "--tag", "politics", "--format", "json"))
    assert [c["url"] for c in politics] == [site.url(BRIDGE)]
    both = json.loads(redline("changes", "--tag", "politics", "--tag", "health", "-f", "json"))
    assert len(both) == 2

    report = tmp_path / "politics.html"
    redline("report", "-o", str(report), "--tag", "politics")
    page = report.read_text()
    assert site.url(BRIDGE) in page
    assert site.url(MEASLES) not in page
    feed = redline("feed", "--tag", "health")
    assert site.url(MEASLES) in feed
    assert site.url(BRIDGE) not in feed

    listed = json.loads(redline("list", "--tag", "health", "--format", "json"))
    assert [w["url"] for w in listed] == [site.url(MEASLES)]
    assert "politics" in redline("list")  # the tags column


def test_a_desk_can_select_by_the_source_that_found_its_stories(
    redline: Run, site: LocalNewsSite
) -> None:
    story = breaking_story("ferry-fare-freeze", section="Transport", published=datetime.now(UTC))
    site.add_story(story)
    redline("add", site.url(BRIDGE))
    redline("follow", site.url("/feeds/rss.xml"), "--label", "Ledger")
    redline("check")
    site.publish_next(story.slug)
    site.publish_next(BRIDGE)
    redline("check", "--all")
    for source in ("Ledger", "1", site.url("/feeds/rss.xml")):
        found = json.loads(redline("changes", "--source", source, "--format", "json"))
        assert [c["url"] for c in found] == [site.url(story.slug)]
    listed = json.loads(redline("list", "--source", "Ledger", "--format", "json"))
    assert [w["url"] for w in listed] == [site.url(story.slug)]
    assert "no followed source 'Ledgr'" in redline("changes", "--source", "Ledgr", code=2)


def test_a_story_found_by_a_feed_is_called_by_its_current_headline_with_its_url(
    redline: Run, site: LocalNewsSite
) -> None:
    story = breaking_story("ferry-fare-freeze", section="Transport", published=datetime.now(UTC))
    site.add_story(story)
    redline("follow", site.url("/feeds/rss.xml"))
    redline("check")
    [watch] = json.loads(redline("list", "--format", "json"))
    assert watch["label"] is None
    assert watch["headline"] == story.revisions[0].headline
    assert story.revisions[0].headline in redline("list")

    site.publish_next(story.slug)
    redline("check", "--all")
    [change] = json.loads(redline("changes", "--format", "json"))
    shown = redline("show", str(change["id"]))
    assert site.url(story.slug) in shown.splitlines()[1]  # the URL, always


def test_a_typo_in_a_rule_s_tag_is_a_warning_and_notify_test_sends_a_sample(
    redline: Run, receiver: WebhookReceiver
) -> None:
    redline("add", "https://news.example/a", "--tag", "politics")
    out = redline("notify", "add", "polticsx", "--webhook", f"{receiver.url}/hook")
    assert "warning: no watch has the tag 'polticsx'" in out
    assert "rule #1" in out
    assert "test message sent" in redline("notify", "test", "1")
    [request] = receiver.received
    body = json.loads(request.body)
    assert body["change"]["test"] is True
    assert request.headers["X-Redline-Signature"].startswith("sha256=")

    receiver.fail(1)
    refused = redline("notify", "test", "1", code=1)
    assert "refused the test: HTTP 503" in refused
    assert "no notification rule 9" in redline("notify", "test", "9", code=2)


def test_notify_add_by_tag_or_source_options_makes_one_rule_each(
    redline: Run, site: LocalNewsSite, receiver: WebhookReceiver
) -> None:
    redline("follow", site.url("/feeds/rss.xml"), "--label", "Ledger")
    out = redline(
        "notify", "add", "--source", "Ledger", "--tag", "x", "--webhook", f"{receiver.url}/h"
    )
    assert "rule #1: every change of watches tagged x" in out
    assert "rule #2: every change of watches tagged source:Ledger" in out
    assert "say whose changes" in redline("notify", "add", "--webhook", receiver.url, code=2)


def test_a_notification_says_what_happened_in_words_and_links_the_change(
    redline: Run, site: LocalNewsSite, receiver: WebhookReceiver
) -> None:
    redline("add", site.url(BRIDGE))
    redline("notify", "add", "*", "--apprise", receiver.url.replace("http", "json", 1) + "/ap")
    redline("notify", "add", "*", "--webhook", f"{receiver.url}/hook")
    redline("check")
    site.publish_next(BRIDGE)
    report = "https://desk.example/politics.html"
    redline("check", "--all", "--change-url", report)
    by_path = {r.path: r for r in receiver.received}
    message = json.loads(by_path["/ap"].body)["message"]
    assert re.search(r"Version 1 became version 2, found \d{4}-\d\d-\d\d \d\d:\d\d UTC", message)
    assert "redline show" not in message
    [change] = json.loads(redline("changes", "--format", "json"))
    assert message.endswith(f"See the change: {report}#change-{change['id']}")
    webhook = json.loads(by_path["/hook"].body)["change"]
    assert webhook["link"] == f"{report}#change-{change['id']}"


def test_a_change_has_one_json_shape_in_check_changes_show_and_the_webhook(
    redline: Run, site: LocalNewsSite, receiver: WebhookReceiver
) -> None:
    url = site.url(BRIDGE)
    redline("add", url)
    redline("notify", "add", "*", "--webhook", f"{receiver.url}/hook")
    redline("check")
    site.publish_next(BRIDGE)
    [checked] = json.loads(redline("check", "--all", "--format", "json"))["changes"]
    [listed] = json.loads(redline("changes", "--format", "json"))
    shown = json.loads(redline("show", str(listed["id"]), "--format", "json"))
    [request] = receiver.received
    sent = json.loads(request.body)["change"]
    assert checked == listed
    assert {k: shown[k] for k in listed} == listed
    assert {k: v for k, v in sent.items() if k in listed} == {
        **listed,
        "detected_at": sent["detected_at"],  # the same moment, in the webhook's own string
    }
    assert set(listed) <= set(sent)
    assert (listed["from_version"], listed["to_version"]) == (1, 2)
    diffed = json.loads(redline("diff", url, "--format", "json"))
    assert (diffed["url"], diffed["from_version"], diffed["to_version"]) == (url, 1, 2)


def test_piped_output_is_never_wrapped(redline: Run, site: LocalNewsSite) -> None:
    long_url = site.url(BRIDGE) + "?" + "x" * 120
    redline("add", long_url, "--label", "A label")
    assert long_url.split("?")[0] in redline("list")
    assert any(len(line) > 120 for line in redline("list").splitlines())
    redline("check")
    site.publish_next(BRIDGE)
    redline("check", "--all")
    shown = redline("show", "1")
    assert not re.search(r"\{\+[^+]*\n|\[-[^\]]*\n", shown)  # no marker split across lines


def test_the_report_groups_its_contents_by_article_in_the_readers_zone_with_filters_in_words(
    redline: Run, site: LocalNewsSite, tmp_path: Path
) -> None:
    two_desks_with_an_edit_each(redline, site)
    site.publish_next(BRIDGE)
    redline("check", site.url(BRIDGE))
    report = tmp_path / "r.html"
    redline("report", "-o", str(report), "--tz", "Europe/Berlin")
    page = report.read_text()
    contents = page.split("<nav>")[1].split("</nav>")[0]
    assert contents.count("<li>") == 2  # two articles, three changes
    assert contents.count('href="#change-') == 2 + 3
    assert " CET" in page
    assert " UTC" not in page
    redline("report", "-o", str(report), "--kind", "figure_changed", "--tag", "politics")
    header = report.read_text().split("</header>")[0]
    assert "where a figure was changed" in header
    assert "figure_changed" not in header
    assert "tagged politics" in header
    assert "unknown time zone 'Mars/Base'" in redline(
        "report", "-o", "-", "--tz", "Mars/Base", code=2
    )
