"""Page HTML -> `Article`: pure, no network, disk or clock.

`pipeline.extract_article` is the public entry; `metadata` reads what the page says about
itself, `body` finds the story's element, `margins` what is printed around it, `blocks` how an
element reads as text and whether it is chrome. The next stop is storage, then
`monitor.analysis`.

`EXTRACTOR_VERSION` lives in a module of its own and `extract_article` is loaded on first use,
so code that only needs the version (the service, which leaves reading to its workers) does
not load the extractor and its libraries.
"""

from typing import TYPE_CHECKING, Any

from monitor.extraction.version import EXTRACTOR_VERSION

if TYPE_CHECKING:
    from monitor.extraction.pipeline import extract_article

__all__ = ["EXTRACTOR_VERSION", "extract_article"]


def __getattr__(name: str) -> Any:
    if name == "extract_article":
        from monitor.extraction.pipeline import extract_article  # noqa: PLC0415

        return extract_article
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
