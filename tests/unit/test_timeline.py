"""`redline timeline`: each quote and figure of an article followed across its versions."""

from datetime import UTC, datetime, timedelta

from monitor.analysis.timeline import Track, VersionPoint, timeline
from monitor.article import Article

T0 = datetime(2026, 3, 4, 9, 0, tzinfo=UTC)
OPENING = "Millbrook City Council met on Tuesday night to vote on the harbour budget."
QUOTE = "\u201cWe will not raise taxes on families this year,\u201d said Mayor Ann Lee."
SOFTER = "\u201cWe hope not to raise taxes on families this year,\u201d said Mayor Ann Lee."
COST = "The plan to rebuild the harbour wall will cost $12 million, officials said."
CLOSING = "The council will meet again next month to discuss the schools budget."


def versions(*bodies: tuple[str, ...]) -> list[VersionPoint]:
    return [
        VersionPoint(n, T0 + timedelta(hours=n), Article("Council sets budget", "By A. Writer", b))
        for n, b in enumerate(bodies, 1)
    ]


def history(track: Track) -> list[tuple[int, str, str | None]]:
    """(version, event, flag kind) for each event."""
    return [(e.number, e.kind, e.flag["kind"] if e.flag else None) for e in track.events]


def quotes(tracks: list[Track]) -> list[Track]:
    return [t for t in tracks if t.kind == "quote"]


def figures(tracks: list[Track]) -> list[Track]:
    return [t for t in tracks if t.kind == "figure"]


def test_a_quote_is_followed_from_first_seen_through_its_change_to_its_removal() -> None:
    tracks = timeline(
        versions(
            (OPENING, QUOTE, COST, CLOSING),
            (OPENING, SOFTER, COST, CLOSING),
            (OPENING, COST, CLOSING),
        )
    )
    [quote] = quotes(tracks)
    assert quote.first.text == "We will not raise taxes on families this year"
    assert quote.first.speaker == "Ann Lee"
    assert history(quote) == [
        (1, "first_seen", None),
        (2, "changed", "quote_changed"),
        (3, "removed", "quote_removed"),
    ]
    assert quote.events[1].text == "We hope not to raise taxes on families this year"
    assert quote.removed


def test_a_figure_keeps_one_track_through_each_revision_and_unrelated_edits() -> None:
    tracks = timeline(
        versions(
            (OPENING, COST, CLOSING),
            (OPENING, COST.replace("$12 million", "$14 million"), CLOSING),
            (OPENING, COST.replace("$12 million", "$14 million"), CLOSING + " It is public."),
            (OPENING, COST.replace("$12 million", "$15.5 million"), CLOSING + " It is public."),
        )
    )
    [cost] = [t for t in figures(tracks) if t.first.text == "$12 million"]
    assert history(cost) == [
        (1, "first_seen", None),
        (2, "changed", "figure_changed"),
        (4, "changed", "figure_changed"),
    ]
    assert [e.text for e in cost.events] == ["$12 million", "$14 million", "$15.5 million"]
    assert cost.events[2].flag is not None
    assert cost.events[2].flag["delta"] == 1.5e6
    assert "harbour wall" in cost.context


def test_what_never_changes_has_one_line_however_often_the_article_changed() -> None:
    bodies = [(OPENING, QUOTE, CLOSING + f" Update {n}.") for n in range(5)]
    [quote] = quotes(timeline(versions(*bodies)))
    assert history(quote) == [(1, "first_seen", None)]
    assert not quote.removed


def test_a_quote_added_later_is_first_seen_in_that_version_with_its_flag() -> None:
    tracks = timeline(versions((OPENING, COST, CLOSING), (OPENING, QUOTE, COST, CLOSING)))
    [quote] = quotes(tracks)
    assert history(quote) == [(2, "first_seen", "quote_added")]


def test_scare_quotes_and_calendar_figures_are_left_out_unless_a_flag_names_them() -> None:
    body = (
        "The levy, known as the \u201cbridge tax,\u201d dates from 2019.",
        COST,
        CLOSING,
    )
    tracks = timeline(versions(body, body))
    assert quotes(tracks) == []
    assert [t.first.text for t in figures(tracks)] == ["$12 million"]


def test_no_versions_no_tracks() -> None:
    assert timeline([]) == []


def test_a_track_as_json_lists_its_events_oldest_first() -> None:
    [quote] = quotes(timeline(versions((OPENING, QUOTE, CLOSING), (OPENING, SOFTER, CLOSING))))
    data = quote.to_dict()
    assert data["kind"] == "quote"
    assert data["speaker"] == "Ann Lee"
    assert [e["event"] for e in data["events"]] == ["first_seen", "changed"]
    assert data["events"][1]["version"] == 2
    assert data["events"][1]["at"] == "2026-03-04T11:00:00+00:00"
    assert data["events"][1]["flag"]["kind"] == "quote_changed"
