"""The diff a reader is shown between two versions of an article."""

import json
from typing import Final

import pytest
from hypothesis import given
from hypothesis import strategies as st

from monitor.analysis.diffing import ArticleDiff, Segment, diff_articles, diff_words
from monitor.analysis.text import normalize
from monitor.article import Article

EQ: Final = "equal"
INS: Final = "insert"
DEL: Final = "delete"

WORD_CASES = [
    pytest.param(
        "Police said 12 people were injured.",
        "Police said 15 people were injured.",
        [(EQ, "Police said "), (DEL, "12"), (INS, "15"), (EQ, " people were injured.")],
        id="changed-figure",
    ),
    pytest.param(
        "Police said 12 people were injured.",
        "Police said at least 15 people were hurt, officials said.",
        [
            (EQ, "Police said "),
            (DEL, "12"),
            (INS, "at least 15"),
            (EQ, " people were "),
            (DEL, "injured"),
            (INS, "hurt, officials said"),
            (EQ, "."),
        ],
        id="unchanged-words-between-edits-stay-visible",
    ),
    pytest.param(
        "The mayor denied the claim on Monday.",
        "A spokesman rejected the allegation on Tuesday.",
        [
            (DEL, "The mayor denied the claim on Monday"),
            (INS, "A spokesman rejected the allegation on Tuesday"),
            (EQ, "."),
        ],
        id="rewritten-sentence-is-one-change-not-confetti",
    ),
    pytest.param(
        "said the minister",
        "said the former minister",
        [(EQ, "said the "), (INS, "former "), (EQ, "minister")],
        id="inserted-word",
    ),
    pytest.param(
        "The vote was held on Monday after a long debate",
        "The vote was held after a long debate",
        [(EQ, "The vote was held "), (DEL, "on Monday "), (EQ, "after a long debate")],
        id="removed-words",
    ),
    pytest.param(
        "an unbelievable result",
        "a believable result",
        [(DEL, "an unbelievable"), (INS, "a believable"), (EQ, " result")],
        id="part-of-a-word-changed-shows-the-whole-word",
    ),
    pytest.param(
        "The quick brown fox",
        "A slow red fox",
        [(DEL, "The quick brown"), (INS, "A slow red"), (EQ, " fox")],
        id="neighbouring-words-merge-into-one-change",
    ),
    pytest.param(
        "\u201cWe have no choice,\u201d she said",
        '"We have no choice," she said',
        [(EQ, '"We have no choice," she said')],
        id="curly-quotes-straightened-is-no-change",
    ),
    pytest.param(
        "The bill\u00a0\u2014 passed in May \u2014\u00a0was vetoed\u2026",
        "The bill - passed in May - was vetoed...",
        [(EQ, "The bill - passed in May - was vetoed...")],
        id="nbsp-dashes-ellipsis-are-no-change",
    ),
    pytest.param(
        "It\u2019s over, he said",
        "It's over, she said",
        [(EQ, "It's over, "), (DEL, "he"), (INS, "she"), (EQ, " said")],
        id="typography-inside-a-changed-sentence-is-not-highlighted",
    ),
    pytest.param("", "By Jane Doe", [(INS, "By Jane Doe")], id="added-from-nothing"),
    pytest.param("By Jane Doe", "", [(DEL, "By Jane Doe")], id="removed-entirely"),
    pytest.param("", "", [(EQ, "")], id="empty-both-sides"),
]


@pytest.mark.parametrize(("old", "new", "expected"), WORD_CASES)
def test_word_diff_shows_what_a_reader_sees_change(
    old: str, new: str, expected: list[tuple[str, str]]
) -> None:
    segments, timed_out = diff_words(old, new)
    assert [(s.op, s.text) for s in segments] == expected
    assert not timed_out


LEDE = "The city council voted on Tuesday to close the Elm Street library at the end of the year."
REPAIRS = (
    "Councillors said the building needed repairs costing more than \u00a32m, "
    "which the city could not afford."
)
QUOTE = (
    "\u201cWe have no choice,\u201d said council leader Maria Lopez. "
    "\u201cThe roof is failing and the budget is gone.\u201d"
)
PETITION = (
    "Residents have started a petition to keep the library open, which had gathered "
    "4,000 signatures by Wednesday."
)
HISTORY = "The library first opened in 1912 and was paid for by a local mill owner."
BODY = (LEDE, REPAIRS, QUOTE, PETITION, HISTORY)

PARAGRAPH_CASES = [
    pytest.param(
        BODY,
        [(EQ, 0, 0), (EQ, 1, 1), (EQ, 2, 2), (EQ, 3, 3), (EQ, 4, 4)],
        id="unchanged",
    ),
    pytest.param(
        (LEDE, REPAIRS, QUOTE.replace("\u201c", '"').replace("\u201d", '"'), PETITION, HISTORY),
        [(EQ, 0, 0), (EQ, 1, 1), (EQ, 2, 2), (EQ, 3, 3), (EQ, 4, 4)],
        id="typography-only-is-equal",
    ),
    pytest.param(
        (LEDE, REPAIRS, QUOTE, PETITION.replace("4,000", "5,000"), HISTORY),
        [(EQ, 0, 0), (EQ, 1, 1), (EQ, 2, 2), ("change", 3, 3), (EQ, 4, 4)],
        id="edited-in-place",
    ),
    pytest.param(
        (LEDE, REPAIRS, "The council meets again next month.", QUOTE, PETITION, HISTORY),
        [(EQ, 0, 0), (EQ, 1, 1), (INS, None, 2), (EQ, 2, 3), (EQ, 3, 4), (EQ, 4, 5)],
        id="paragraph-added",
    ),
    pytest.param(
        (LEDE, QUOTE, PETITION, HISTORY),
        [(EQ, 0, 0), (DEL, 1, None), (EQ, 2, 1), (EQ, 3, 2), (EQ, 4, 3)],
        id="paragraph-removed-at-its-old-place",
    ),
    pytest.param(
        (LEDE, HISTORY, REPAIRS, QUOTE, PETITION),
        [(EQ, 0, 0), ("move", 4, 1), (EQ, 1, 2), (EQ, 2, 3), (EQ, 3, 4)],
        id="moved-verbatim",
    ),
    pytest.param(
        (LEDE, HISTORY.replace("1912", "1911"), REPAIRS, QUOTE, PETITION),
        [(EQ, 0, 0), ("move", 4, 1), (EQ, 1, 2), (EQ, 2, 3), (EQ, 3, 4)],
        id="moved-and-edited",
    ),
    pytest.param(
        (LEDE, "The Elm Street branch will host a farewell party in December.", QUOTE, PETITION),
        [(EQ, 0, 0), (DEL, 1, None), (INS, None, 1), (EQ, 2, 2), (EQ, 3, 3), (DEL, 4, None)],
        id="replaced-by-unrelated-text-deletes-before-inserting",
    ),
    pytest.param(
        (
            LEDE,
            REPAIRS,
            "\u201cWe have no choice,\u201d said council leader Maria Lopez.",
            "\u201cThe roof is failing and the budget is gone.\u201d",
            PETITION,
            HISTORY,
        ),
        [(EQ, 0, 0), (EQ, 1, 1), ("change", 2, 2), (INS, None, 3), (EQ, 3, 4), (EQ, 4, 5)],
        id="split-is-one-change-and-one-insert",
    ),
    pytest.param(
        (LEDE, REPAIRS, QUOTE, f"{PETITION} {HISTORY}"),
        [(EQ, 0, 0), (EQ, 1, 1), (EQ, 2, 2), ("change", 3, 3), (DEL, 4, None)],
        id="merge-is-one-change-and-one-delete",
    ),
    pytest.param(
        (),
        [(DEL, 0, None), (DEL, 1, None), (DEL, 2, None), (DEL, 3, None), (DEL, 4, None)],
        id="body-emptied",
    ),
]


def article(paragraphs: tuple[str, ...], headline: str = "Council to close library") -> Article:
    return Article(headline=headline, byline="By Sam Reed", paragraphs=paragraphs)


@pytest.mark.parametrize(("new_body", "expected"), PARAGRAPH_CASES)
def test_paragraphs_are_aligned_in_new_reading_order(
    new_body: tuple[str, ...], expected: list[tuple[str, int | None, int | None]]
) -> None:
    diff = diff_articles(article(BODY), article(new_body))
    assert [(p.op, p.old_index, p.new_index) for p in diff.paragraphs] == expected
    assert not diff.rewrite


def test_typography_only_article_is_unchanged_and_shows_the_new_text() -> None:
    straight = QUOTE.replace("\u201c", '"').replace("\u201d", '"')
    diff = diff_articles(article(BODY), article((LEDE, REPAIRS, straight, PETITION, HISTORY)))
    assert not diff.changed
    assert diff.paragraphs[2].segments == (Segment(EQ, straight),)


def test_edited_paragraph_highlights_the_whole_changed_figure() -> None:
    new_body = (LEDE, REPAIRS, QUOTE, PETITION.replace("4,000", "5,000"), HISTORY)
    diff = diff_articles(article(BODY), article(new_body))
    assert [(s.op, s.text) for s in diff.paragraphs[3].segments] == [
        (EQ, "Residents have started a petition to keep the library open, which had gathered "),
        (DEL, "4,000"),
        (INS, "5,000"),
        (EQ, " signatures by Wednesday."),
    ]


def test_moved_and_edited_paragraph_shows_its_word_changes() -> None:
    new_body = (LEDE, HISTORY.replace("1912", "1911"), REPAIRS, QUOTE, PETITION)
    moved = diff_articles(article(BODY), article(new_body)).paragraphs[1]
    assert [(s.op, s.text) for s in moved.segments] == [
        (EQ, "The library first opened in "),
        (DEL, "1912"),
        (INS, "1911"),
        (EQ, " and was paid for by a local mill owner."),
    ]


def test_split_paragraph_keeps_the_first_part_and_inserts_the_rest() -> None:
    first = "\u201cWe have no choice,\u201d said council leader Maria Lopez."
    rest = "\u201cThe roof is failing and the budget is gone.\u201d"
    diff = diff_articles(article((QUOTE,)), article((first, rest)))
    change, insert = diff.paragraphs
    assert [(s.op, s.text) for s in change.segments] == [(EQ, first), (DEL, " " + rest)]
    assert insert.segments == (Segment(INS, rest),)


def test_changed_headline_is_word_diffed_and_unchanged_byline_is_one_segment() -> None:
    old = Article("Council to close library", "By Sam\u00a0Reed", BODY)
    new = Article("Council votes to close Elm Street library", "By Sam Reed", BODY)
    diff = diff_articles(old, new)
    assert [(s.op, s.text) for s in diff.headline] == [
        (EQ, "Council "),
        (INS, "votes "),
        (EQ, "to close "),
        (INS, "Elm Street "),
        (EQ, "library"),
    ]
    assert diff.byline == (Segment(EQ, "By Sam Reed"),)
    assert diff.changed


def test_moved_paragraph_alone_counts_as_a_change() -> None:
    diff = diff_articles(article(BODY), article((LEDE, HISTORY, REPAIRS, QUOTE, PETITION)))
    assert diff.changed


def test_diff_as_json() -> None:
    diff = diff_articles(
        Article("Library to close", "By Sam Reed", ("It opened in 1912.", "Gone.")),
        Article("Library to close", "By Sam Reed", ("It opened in 1911.",)),
    )
    assert json.loads(json.dumps(diff.to_dict())) == {
        "headline": [{"op": "equal", "text": "Library to close"}],
        "byline": [{"op": "equal", "text": "By Sam Reed"}],
        "paragraphs": [
            {
                "op": "change",
                "old_index": 0,
                "new_index": 0,
                "segments": [
                    {"op": "equal", "text": "It opened in "},
                    {"op": "delete", "text": "1912"},
                    {"op": "insert", "text": "1911"},
                    {"op": "equal", "text": "."},
                ],
            },
            {
                "op": "delete",
                "old_index": 1,
                "new_index": None,
                "segments": [{"op": "delete", "text": "Gone."}],
            },
        ],
        "rewrite": False,
    }


# Two texts sharing words in a different order: diff_match_patch has to search, so a limit far
# shorter than any search is always hit.
SHUFFLED_OLD = " ".join(f"word{n}" for n in range(300))
SHUFFLED_NEW = " ".join(f"word{n}" for n in reversed(range(300)))


def test_word_diff_out_of_time_is_a_rewrite_never_a_partial_diff() -> None:
    segments, timed_out = diff_words(SHUFFLED_OLD, SHUFFLED_NEW, time_limit=1e-9)
    assert timed_out
    assert segments == (Segment(DEL, SHUFFLED_OLD), Segment(INS, SHUFFLED_NEW))


def test_article_out_of_time_is_flagged_and_shown_as_delete_then_insert() -> None:
    diff = diff_articles(
        article((LEDE, SHUFFLED_OLD)), article((LEDE, SHUFFLED_NEW)), time_limit=1e-9
    )
    assert diff.rewrite
    shown = [(s.op, s.text) for p in diff.paragraphs for s in p.segments]
    assert (DEL, SHUFFLED_OLD) in shown
    assert (INS, SHUFFLED_NEW) in shown
    assert (EQ, SHUFFLED_NEW) not in shown


def test_zero_time_limit_means_no_limit() -> None:
    edited = " ".join(f"word{n}" if n % 10 else f"changed{n}" for n in range(300))
    segments, timed_out = diff_words(SHUFFLED_OLD, edited, time_limit=0)
    assert not timed_out
    assert [s.text for s in segments if s.op == DEL] == [f"word{n}" for n in range(0, 300, 10)]


# --- properties -------------------------------------------------------------------------------

PLAIN_WORDS = ["the", "council", "said", "library", "will", "close", "on", "Tuesday", "4,000"]
PLAIN_WORDS += ["residents", "No,", "it's", "-", "Lopez.", "(updated)", "12", "15", "roof"]
# The same words in other typography, plus typographic spaces to join them.
FANCY_WORDS = [*PLAIN_WORDS, "\u201cNo,\u201d", "it\u2019s", "\u2014", "Lopez\u2026", "caf\u00e9"]
SPACES = [" ", " ", "\u00a0", "  ", "\t"]


@st.composite
def paragraph(draw: st.DrawFn, words: list[str], spaces: list[str]) -> str:
    chosen = draw(st.lists(st.sampled_from(words), min_size=1, max_size=10))
    return "".join(w + draw(st.sampled_from(spaces)) for w in chosen[:-1]) + chosen[-1]


@st.composite
def versions(
    draw: st.DrawFn, words: list[str], spaces: list[str]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """An old body and a new one made from it: kept, edited, moved, dropped and fresh paragraphs."""
    old = draw(st.lists(paragraph(words, spaces), max_size=8))
    new: list[str] = []
    for _ in range(draw(st.integers(0, 9))):
        how = draw(st.sampled_from(["keep", "edit", "fresh"]) if old else st.just("fresh"))
        if how == "fresh":
            new.append(draw(paragraph(words, spaces)))
            continue
        base = draw(st.sampled_from(old))
        if how == "edit":
            base = base + " " + draw(paragraph(words, spaces))
            cut = draw(st.integers(0, len(base)))
            base = base[:cut] + draw(st.sampled_from(words)) + base[cut:]
        new.append(base)
    return tuple(old), tuple(new)


def replay(diff: ArticleDiff, side: str) -> list[str]:
    """The paragraphs of one side, read back from the diff: equal+delete or equal+insert."""
    index, shown = ("old_index", {EQ, DEL}) if side == "old" else ("new_index", {EQ, INS})
    texts = sorted(
        (getattr(p, index), "".join(s.text for s in p.segments if s.op in shown))
        for p in diff.paragraphs
        if getattr(p, index) is not None
    )
    assert [k for k, _ in texts] == list(range(len(texts))), "each paragraph exactly once"
    return [text for _, text in texts]


@given(versions(PLAIN_WORDS, [" "]))
def test_both_versions_can_be_read_back_from_the_diff(bodies: tuple[tuple[str, ...], ...]) -> None:
    old, new = bodies
    diff = diff_articles(article(old), article(new))
    assert replay(diff, "old") == list(old)
    assert replay(diff, "new") == list(new)


@given(versions(FANCY_WORDS, SPACES))
def test_new_version_is_read_back_exactly_and_old_up_to_typography(
    bodies: tuple[tuple[str, ...], ...],
) -> None:
    old, new = bodies
    diff = diff_articles(article(old), article(new))
    assert replay(diff, "new") == list(new)
    assert [normalize(p) for p in replay(diff, "old")] == [normalize(p) for p in old]


@given(versions(FANCY_WORDS, SPACES))
def test_paragraphs_come_in_new_reading_order(bodies: tuple[tuple[str, ...], ...]) -> None:
    old, new = bodies
    diff = diff_articles(article(old), article(new))
    assert [p.new_index for p in diff.paragraphs if p.new_index is not None] == list(
        range(len(new))
    )


@given(versions(FANCY_WORDS, SPACES))
def test_article_diffed_with_itself_has_no_changes(bodies: tuple[tuple[str, ...], ...]) -> None:
    body, _ = bodies
    diff = diff_articles(article(body), article(body))
    assert not diff.changed
    assert not diff.rewrite
    assert [(p.old_index, p.new_index) for p in diff.paragraphs] == [
        (k, k) for k in range(len(body))
    ]


@given(st.text(), st.text())
def test_word_diff_reads_back_any_text(old: str, new: str) -> None:
    segments, _ = diff_words(old, new)
    assert "".join(s.text for s in segments if s.op != DEL) == new
    assert normalize("".join(s.text for s in segments if s.op != INS)) == normalize(old)
