"""Page HTML -> `Article`: pure, no network, disk or clock.

`pipeline.extract_article` is the public entry; `metadata` reads what the page says about
itself, `body` finds the story's element, `margins` what is printed around it, `blocks` how an
element reads as text and whether it is chrome. The next stop is storage, then
`monitor.analysis`.
"""

from monitor.extraction.pipeline import EXTRACTOR_VERSION, extract_article

__all__ = ["EXTRACTOR_VERSION", "extract_article"]
