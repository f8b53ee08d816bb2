"""The development set of real-looking revisions: quote and figure flags a person expects.

The scorer in ../shared/eval runs `redline compare` as a user would and must reach precision and
recall of 0.95 with both quiet cases quiet.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

SCORER = Path(__file__).parents[2].parent / "shared" / "eval" / "score.py"
REDLINE = Path(sys.executable).with_name("redline")


@pytest.mark.slow
@pytest.mark.skipif(not SCORER.exists(), reason=f"the dev set is not beside the checkout: {SCORER}")
def test_dev_set_scores_at_least_095_precision_and_recall() -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(SCORER),
            "--cmd",
            f"{REDLINE} compare {{old}} {{new}} --format json",
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
