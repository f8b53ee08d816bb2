"""The multilingual development sets: flags in German, French, Spanish, Italian and Portuguese.

Each language has its own invented story and cases (tests/fixtures/eval_lang/, built by its
make_cases.py), scored by the same ../shared/eval scorer as the English set: precision and recall
of at least 0.95 and every quiet case quiet.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

SCORER = Path(__file__).parents[2].parent / "shared" / "eval" / "score.py"
CASES = Path(__file__).parents[1] / "fixtures" / "eval_lang"
REDLINE = Path(sys.executable).with_name("redline")


@pytest.mark.slow
@pytest.mark.timeout(600)  # one `redline compare` process per case, two cores shared
@pytest.mark.skipif(not SCORER.exists(), reason=f"the scorer is not beside the checkout: {SCORER}")
@pytest.mark.parametrize("language", ["de", "fr", "es", "it", "pt"])
def test_language_dev_set_scores_at_least_095(language: str) -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(SCORER),
            "--cmd",
            f"{REDLINE} compare {{old}} {{new}} --format json",
            "--cases",
            str(CASES / language),
            "--min-p",
            "0.95",
            "--min-r",
            "0.95",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "NO_COLOR": "1"},
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
