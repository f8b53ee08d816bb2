"""Article length and diff units that work for scripts written without spaces."""

import pytest

from monitor.analysis.diffing import diff_words
from monitor.analysis.text import strip_controls, word_count

# (text, words)
CASES = [
    ("The council met on Tuesday.", 5),
    ("  spaced   out  ", 2),
    ("Café naïve", 2),
    ("市议会周二批准了新桥建设计划", 7),  # 14 characters of Chinese
    ("市議会は火曜日、新しい橋の建設計画を承認した。", 13),  # its 、 and 。 count, as " — " does
    ("สภาเมืองอนุมัติแผน", 9),  # Thai
    ("東京 Tokyo 2026", 3),
    ("서울시의회가 새 다리 건설 계획을 승인했다", 6),  # Korean is written with spaces
    ("", 0),
]


@pytest.mark.parametrize(("text", "words"), CASES)
def test_word_count_works_in_every_script(text: str, words: int) -> None:
    assert word_count(text) == words


def test_one_changed_chinese_character_is_diffed_as_one_character() -> None:
    segments, _ = diff_words("市议会周二批准了新桥建设计划", "市议会周三批准了新桥建设计划")
    changed = [(segment.op, segment.text) for segment in segments if segment.op != "equal"]
    assert changed == [("delete", "二"), ("insert", "三")]


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x1b[2J\x1b[31mBridge\x1b[0m closes", "Bridge closes"),
        ("\x9b31mred\x07 bell", "red bell"),
        ("\x1b]8;;http://evil.example\x1b\\link\x1b]8;;\x1b\\", "link"),
        ("\x1b]0;a new window title\x07text", "text"),
        ("abc\u202edcba", "abcdcba"),  # a right-to-left override
        ("tab\tand\nnewline stay", "tab\tand\nnewline stay"),
        ("plain", "plain"),
    ],
)
def test_web_text_loses_terminal_controls_whole(raw: str, shown: str) -> None:
    assert strip_controls(raw) == shown
