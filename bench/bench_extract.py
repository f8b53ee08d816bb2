"""How long extraction takes on a realistic 50 KB news page; prints median milliseconds.

The service extracts every page it fetches, so the budget is 1,000 pages of ~50 KB in a few
seconds on two cores. With the real pages of ../shared/extraction present, first the median
over those 181 pages (the figure the budget of 10 ms a page is about), next to trafilatura's
on the same pages; then on the synthetic page:

  fast path      extract_article on a page with an <article> body (the common case)
  div soup       the same story laid out as <br>-separated text in a <div>, read as loose
                 text (reading.py)
  table layout   the same story in a table's cells, read as loose text too
  trafilatura    trafilatura.extract alone on the fast-path page, for reference

Run: .venv/bin/python bench/bench_extract.py [--rounds N]
"""

import argparse
import gzip
import json
import random
import statistics
import time
from collections.abc import Callable
from functools import partial
from html import escape
from pathlib import Path

import trafilatura

from monitor.extraction.pipeline import extract_article

_VOCABULARY = (
    "council budget police overtime library hours water rates residents vote mayor department "
    "officials million percent neighborhood petition signatures hearing plan schools transit "
    "ferry harbor commission pension station response analysis property tax levy construction "
    "contract review meeting district county state"
)
_WORDS = _VOCABULARY.split()


_HEADLINE = "Council approves budget after late-night fight"


def _sentence(rnd: random.Random, words: int) -> str:
    text = " ".join(rnd.choice(_WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _body_paragraphs(rnd: random.Random) -> list[str]:
    """About 1,200 words in 32 paragraphs, some with a quote and an inline link."""
    paragraphs = []
    for i in range(32):
        text = " ".join(_sentence(rnd, rnd.randint(14, 22)) for _ in range(2))
        if i % 5 == 1:
            text += ' \u201cWe had no choice,\u201d said <a href="/people/ortega">Luis Ortega</a>.'
        paragraphs.append(text)
    return paragraphs


def build_page(*, div_soup: bool = False, table: bool = False) -> str:
    """A ~50 KB article page with the chrome of a real news site."""
    rnd = random.Random(42)
    # A mega-menu: 24 sections of 10 links, each link wrapped the way CMS themes do it.
    nav = "\n".join(
        f'<li class="menu-item"><a class="menu-link" href="/s/{i}"><span>{section}</span></a>'
        '<ul class="sub-menu">'
        + "".join(
            f'<li class="menu-item"><a class="menu-link" href="/s/{i}/{j}">'
            f"<span>{escape(_sentence(rnd, 2)[:-1])}</span></a></li>"
            for j in range(10)
        )
        + "</ul></li>"
        for i, section in enumerate(_WORDS[:24])
    )
    trending = "\n".join(
        f'<li><a href="/story/{rnd.randint(1000, 9999)}">{_sentence(rnd, 8)}</a></li>'
        for _ in range(10)
    )
    footer = "\n".join(f'<a href="/about/{i}">{_sentence(rnd, 2)[:-1]}</a>' for i in range(60))
    paragraphs = _body_paragraphs(rnd)
    if div_soup:
        body = '<div class="txt">' + "<br><br>\n".join(paragraphs) + "</div>"
        story = f'<div class="story"><div class="ttl">{_HEADLINE}</div>{body}</div>'
    elif table:
        body = "<br><br>\n".join(paragraphs)
        story = (
            f'<table class="story"><tr><td class="ttl">{_HEADLINE}</td></tr>'
            f"<tr><td>{body}</td></tr></table>"
        )
    else:
        ad = '<div class="ad-slot"><p>Advertisement</p></div>'
        body = "\n".join(
            f'<div class="paragraph-block" data-index="{i}"><p class="body-text">{p}</p></div>'
            + (ad if i % 6 == 5 else "")
            for i, p in enumerate(paragraphs)
        )
        story = f"""<article class="story">
<header><h1>{_HEADLINE}</h1>
<p class="byline">By Maria Okafor <time datetime="2024-06-03T06:00:00-05:00">June 3</time></p>
</header>
<figure><img src="/lead.jpg" alt=""><figcaption>{_sentence(rnd, 12)}</figcaption></figure>
<div class="story-body">{body}</div>
<aside class="related"><h2>Related</h2><ul>{trending}</ul></aside>
</article>"""
    scripts = "\n".join(
        f"<script>window.__ads = window.__ads || []; __ads.push({{slot: 'ad-{i}', "
        f"sizes: [[300, 250], [728, 90]], targeting: {{section: 'local', pos: {i}}}}});</script>"
        for i in range(12)
    )
    state = ", ".join(
        f'"story{i}": {{"id": {i}, "title": "{_sentence(rnd, 9)}", "url": "/story/{i}"}}'
        for i in range(60)
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{_HEADLINE} | Riverton Ledger</title>
<meta property="og:title" content="{_HEADLINE}">
<meta property="og:type" content="article">
<meta property="article:published_time" content="2024-06-03T06:00:00-05:00">
<script type="application/ld+json">{{"@context": "https://schema.org", "@type": "NewsArticle",
"headline": "{_HEADLINE}",
"author": [{{"@type": "Person", "name": "Maria Okafor"}}],
"datePublished": "2024-06-03T06:00:00-05:00", "dateModified": "2024-06-03T09:12:00-05:00",
"publisher": {{"@type": "NewsMediaOrganization", "name": "Riverton Ledger"}}}}</script>
{scripts}
<script id="__STATE__" type="application/json">{{{state}}}</script>
<style>{"body{margin:0} " * 150}</style>
</head><body>
<header class="site-header"><nav class="mega-menu"><ul>{nav}</ul></nav>
<div class="weather">Riverton 71\u00b0F</div></header>
<main>{story}
<section class="trending"><h2>Trending</h2><ol>{trending}</ol></section>
</main>
<footer class="site-footer">{footer}<p>\u00a9 2024 Riverton Ledger. Updated 4:03 p.m.</p></footer>
</body></html>"""


def median_ms(function: Callable[[], object], rounds: int) -> float:
    function()  # warm caches and imports
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def real_pages(folder: Path) -> list[tuple[str, str]]:
    """(html, url) of the extraction benchmark's real pages (../shared/extraction/aeb)."""
    truth = json.loads((folder / "ground-truth.json").read_text("utf-8"))
    return [
        (gzip.open(folder / "html" / f"{key}.html.gz", "rt", encoding="utf-8").read(), row["url"])
        for key, row in sorted(truth.items())
    ]


def real_pages_ms(pages: list[tuple[str, str]]) -> tuple[float, float, float, float]:
    """Median wall and CPU ms per real page for extract_article, then for trafilatura.extract,
    measured page by page in turn so that both see the same machine load. CPU time is the
    fairer figure on a shared machine, where wall time includes waiting for a core."""
    samples: list[tuple[float, float, float, float]] = []
    for html, url in pages:
        extract_article(html, url)  # warm caches
        samples.append(
            (
                *_wall_and_cpu_ms(partial(extract_article, html, url)),
                *_wall_and_cpu_ms(partial(trafilatura.extract, html, url=url)),
            )
        )
    medians = [statistics.median(column) for column in zip(*samples, strict=True)]
    return medians[0], medians[1], medians[2], medians[3]


def _wall_and_cpu_ms(function: Callable[[], object]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    function()
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument(
        "--pages", type=Path, default=Path("../shared/extraction/aeb"), help="real pages"
    )
    args = parser.parse_args()
    rounds = args.rounds
    if (args.pages / "ground-truth.json").exists():
        pages = real_pages(args.pages)
        ours, ours_cpu, theirs, theirs_cpu = real_pages_ms(pages)
        print(f"real pages    {ours:7.2f} ms/page median over {len(pages)} pages of {args.pages}")
        print(f"  CPU time    {ours_cpu:7.2f} ms/page median")
        print(
            f"  trafilatura {theirs:7.2f} ms/page median on the same pages ({theirs_cpu:.2f} CPU)"
        )

    page = build_page()
    soup = build_page(div_soup=True)
    table = build_page(table=True)
    for name, html in (("page", page), ("div-soup page", soup), ("table page", table)):
        words = extract_article(html).word_count
        print(f"{name}: {len(html) / 1024:.1f} KB, body {words} words")
    fast = median_ms(lambda: extract_article(page), rounds)
    divs = median_ms(lambda: extract_article(soup), max(rounds // 4, 5))
    fallback = median_ms(lambda: extract_article(table), max(rounds // 4, 5))
    reference = median_ms(lambda: trafilatura.extract(page), max(rounds // 4, 5))
    print(f"fast path     {fast:7.2f} ms/page  -> 1,000 pages on 2 cores: {fast / 2:.1f} s")
    print(f"div soup      {divs:7.2f} ms/page  (<br>-separated text, read as loose text)")
    print(f"table layout  {fallback:7.2f} ms/page  (text in table cells, read as loose text)")
    print(f"trafilatura   {reference:7.2f} ms/page  (trafilatura.extract alone, for reference)")


if __name__ == "__main__":
    main()
