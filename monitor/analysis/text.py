"""Typography normalisation shared by extraction, diffing and flagging.

Sites re-render the same words with different quote styles, spaces and dashes; none of that is
an edit a reader would notice, so comparisons run on the normalised form while the original
text is kept for display.
"""

import re
import unicodedata

_TRANSLATE = str.maketrans(
    {
        "\u2018": "'",  # left single quotation mark
        "\u2019": "'",  # right single quotation mark / apostrophe
        "\u201a": "'",  # single low-9 quotation mark
        "\u201b": "'",  # single high-reversed-9 quotation mark
        "\u2032": "'",  # prime
        "\u201c": '"',  # left double quotation mark
        "\u201d": '"',  # right double quotation mark
        "\u201e": '"',  # double low-9 quotation mark
        "\u201f": '"',  # double high-reversed-9 quotation mark
        "\u2033": '"',  # double prime
        "\u00ab": '"',  # left guillemet
        "\u00bb": '"',  # right guillemet
        "\u2010": "-",  # hyphen
        "\u2011": "-",  # non-breaking hyphen
        "\u2012": "-",  # figure dash
        "\u2013": "-",  # en dash
        "\u2014": "-",  # em dash
        "\u2015": "-",  # horizontal bar
        "\u2212": "-",  # minus sign
        "\u2026": "...",  # ellipsis
        "\u00ad": None,  # soft hyphen: invisible unless the line breaks there
        "\u200b": None,  # zero-width space
        "\u200c": None,  # zero-width non-joiner
        "\u200d": None,  # zero-width joiner
        "\u2060": None,  # word joiner
        "\ufeff": None,  # byte-order mark
    }
)
# Terminal escape sequences, removed whole so no "[31m" is left behind.
_ESCAPE_SEQUENCE = re.compile(
    "(?:\x1b\\[|\x9b)[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves, clearing the screen
    "|(?:\x1b\\]|\x9d)[^\x07\x1b\x9c]*(?:\x07|\x1b\\\\|\x9c)?"  # OSC: titles, links
    "|\x1b[ -/]*[0-~]"  # any other escape
)
# Other C0 and C1 controls and the bidi overrides that reorder what a reader sees. Tab,
# newline and carriage return are whitespace, folded elsewhere.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# Scripts written without spaces between words: Chinese, Japanese kana, Thai, Lao, Myanmar,
# Khmer. Each character is a unit of diffing, and two count as a word (about the average
# word length in those languages), so their articles are as long as their readers think.
SPACELESS = (
    "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uf900-\ufaff\U00020000-\U0002fa1f"
)
_SPACELESS_CHAR = re.compile(f"[{SPACELESS}]")
_SPACE_RUN = re.compile(r"\s+")
_SPACE_AROUND_DASH = re.compile(r"\s*-\s*-\s*|\s+-\s+")


def strip_controls(text: str) -> str:
    """`text` without control characters, so web text can never drive a terminal."""
    if text.isprintable():
        return text
    return _CONTROLS.sub("", _ESCAPE_SEQUENCE.sub("", text))


def word_count(text: str) -> int:
    """How many words a reader would say `text` has, in any script: space-separated words,
    plus one per two characters of a script written without spaces."""
    if text.isascii():
        return len(text.split())
    spaceless = len(_SPACELESS_CHAR.findall(text))
    if not spaceless:
        return len(text.split())
    return len(_SPACELESS_CHAR.sub(" ", text).split()) + (spaceless + 1) // 2


def clean_display(text: str) -> str:
    """Fold whitespace (NBSP, tabs, newlines) into single spaces, drop control characters;
    keep the typography."""
    text = unicodedata.normalize("NFC", strip_controls(text))
    return _SPACE_RUN.sub(" ", text.replace("\u00ad", "").replace("\u200b", "")).strip()


def normalize(text: str) -> str:
    """Reduce text to what a reader perceives: straight quotes, plain dashes, single spaces.

    Two strings whose normalised forms are equal differ only in typography.
    """
    if not text.isascii():  # most paragraphs are plain ASCII: skip the Unicode work
        text = unicodedata.normalize("NFKC", text).translate(_TRANSLATE)
    text = " ".join(text.split())
    return _SPACE_AROUND_DASH.sub(" - ", text) if "-" in text else text
