"""Newsroom edits on pages built like real outlets' article pages (tests/fixtures/revisions).

Every case goes through the pipeline `redline compare` runs (extract -> analyse -> the JSON
document) and is scored with the dev set's rules: an expected flag is found when its kind is
equal and its before/after keys are contained in the flag's text after normalisation; extra
flags of an `allow`ed kind are not false positives; a quiet case must be unchanged with no
flags. See make_revisions.py there for how the pages and edits are built.
"""

import importlib.util
import json
import random
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from monitor.analysis.comparison import analyse
from monitor.extraction.pipeline import extract_article
from monitor.review.render import comparison_json

CASES = Path(__file__).parents[1] / "fixtures" / "revisions"
NAMES = sorted(p.name for p in CASES.iterdir() if (p / "expected.json").exists())


def _norm(value: object) -> str:
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", str(value))
    for curly, straight in (("“", '"'), ("”", '"'), ("‘", "'"), ("’", "'")):
        text = text.replace(curly, straight)
    return " ".join(text.lower().split())


def _matches(flag: dict[str, Any], want: dict[str, Any]) -> bool:
    if flag.get("kind") != want["kind"]:
        return False
    return all(
        want[side] is None or _norm(want[side]) in _norm(flag.get(side))
        for side in ("before", "after")
    )


@dataclass
class Score:
    """One case's outcome under the dev set's rules."""

    found: int = 0
    missed: list[dict[str, Any]] = field(default_factory=list)
    extra: list[dict[str, Any]] = field(default_factory=list)
    loud: bool = False  # a quiet case that reported a change

    def problems(self) -> str:
        parts = [f"missed {(m['kind'], m['before'], m['after'])}" for m in self.missed]
        parts += [f"extra {(f['kind'], f['before'], f['after'])}" for f in self.extra]
        parts += ["quiet case reported a change"] if self.loud else []
        return "; ".join(parts)


@cache
def score(name: str) -> Score:
    folder = CASES / name
    expected = json.loads((folder / "expected.json").read_text())
    old = extract_article((folder / "old.html").read_text(encoding="utf-8"))
    new = extract_article((folder / "new.html").read_text(encoding="utf-8"))
    out = comparison_json(analyse(old, new))
    left = list(out["flags"])
    result = Score()
    for want in expected["expect"]:
        hit = next((f for f in left if _matches(f, want)), None)
        if hit is None:
            result.missed.append(want)
        else:
            left.remove(hit)
            result.found += 1
    result.extra = [f for f in left if f["kind"] not in expected["allow"]]
    result.loud = expected["quiet"] and (out["changed"] or bool(out["flags"]))
    return result


def test_the_set_has_enough_cases_of_every_kind() -> None:
    expectations = [json.loads((CASES / n / "expected.json").read_text()) for n in NAMES]
    kinds = {want["kind"] for e in expectations for want in e["expect"]}
    assert len(NAMES) >= 30
    assert sum(e["quiet"] for e in expectations) >= 6
    assert kinds >= {
        "quote_changed",
        "quote_added",
        "quote_removed",
        "attribution_changed",
        "figure_changed",
        "figure_added",
        "figure_removed",
        "title_changed",
        "byline_changed",
        "correction_added",
    }


def test_flags_on_real_outlet_pages_reach_095_precision_and_recall() -> None:
    scores = {name: score(name) for name in NAMES}
    found = sum(s.found for s in scores.values())
    missed = sum(len(s.missed) for s in scores.values())
    extra = sum(len(s.extra) for s in scores.values())
    precision = found / (found + extra) if found + extra else 0.0
    recall = found / (found + missed) if found + missed else 0.0
    report = "\n".join(f"{n}: {s.problems()}" for n, s in scores.items() if s.problems())
    assert precision >= 0.95, f"precision {precision:.2f}\n{report}"
    assert recall >= 0.95, f"recall {recall:.2f}\n{report}"


@pytest.mark.parametrize("name", [n for n in NAMES if "quiet" in n])
def test_chrome_that_differs_between_fetches_is_not_a_change(name: str) -> None:
    assert not score(name).loud, score(name).problems()


def _builder() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_revisions", CASES / "make_revisions.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# Each outlet's page template with the story its cases start from.
OUTLETS = {case.page.__name__: (case.page, case.story) for case in _builder().CASES.values()}


@pytest.mark.parametrize("outlet", sorted(OUTLETS))
def test_an_outlet_page_reads_as_the_same_story_whatever_its_chrome(outlet: str) -> None:
    """Forty page views of one story, each with its own clocks, ad slots, class hashes and
    rotating links, give one article."""
    page, story = OUTLETS[outlet]
    articles = [extract_article(page(story, random.Random(seed))) for seed in range(40)]
    assert len({a.fingerprint() for a in articles}) == 1
    assert articles[0].word_count >= 50
