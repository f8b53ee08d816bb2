"""Stored raw page bytes and CPU: zlib -6 (what redline stored when issue 14 was filed), plain
zstd -3 (what it stored next) and redline's pages packed against their site's dictionary.

Two bodies of pages:
- the bench site (monitor.newsroom, one host, ~50 KB pages with heavy chrome): its first page
  becomes the dictionary; first versions of the other articles and revised versions (10 % of
  articles revised) are measured apart;
- real article pages (`--real DIR` of .html.gz files, grouped by the host of their canonical or
  og:url link): per site with two or more pages, the first becomes the dictionary and the
  others are measured (the dictionaries' own bytes are printed apart).
The alternatives measured but not taken: a trained dictionary (zstandard.train_dictionary) and
packing a revision against its article's first page (which would need two stored things to
read a revision: the first page and its site's dictionary).

Run: .venv/bin/python bench/bench_pages.py [--pages 300] [--real DIR]
"""

import argparse
import gzip
import os
import re
import time
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import zstandard

from monitor.newsroom import make_bench_site
from storage.pages import PageDictionary, pack, unpack

REAL = Path("/work/shared/extraction/aeb/html")
_CANONICAL = (
    r'<link[^>]+rel=["\']canonical["\'][^>]*href=["\']([^"\']+)',
    r'<meta[^>]+property=["\']og:url["\'][^>]*content=["\']([^"\']+)',
    r'href=["\']([^"\']+)["\'][^>]*rel=["\']canonical',
)


def cpu_ms(work: Callable[[], object], times: int) -> float:
    start = time.process_time()
    for _ in range(times):
        work()
    return (time.process_time() - start) * 1000 / times


def measure(name: str, items: Sequence[tuple[str, PageDictionary]]) -> None:
    """Bytes and CPU per page for each way of storing the pages of `items` (each with the
    dictionary of its site; a dictionary is digested before the clock starts, as a worker
    digests each site's once)."""
    pages = [page for page, _ in items]
    raw = [p.encode("utf-8") for p in pages]
    plain = zstandard.ZstdCompressor(level=3)
    ours = [pack(page, dictionary) for page, dictionary in items]
    assert all(unpack(o, d) == p for o, (p, d) in zip(ours, items, strict=True))
    rows = (
        ("zlib -6", lambda r: zlib.compress(r, 6), zlib.decompress),
        ("zstd -3", plain.compress, zstandard.ZstdDecompressor().decompress),
    )
    n = len(pages)
    print(f"{name}: {n} pages, {sum(map(len, raw)) / n:,.0f} bytes each as text")
    z6 = sum(len(zlib.compress(r, 6)) for r in raw) / n
    for label, packer, unpacker in rows:
        stored = [packer(r) for r in raw]
        packing = cpu_ms(lambda: [packer(r) for r in raw], 2) / n  # noqa: B023
        unpacking = cpu_ms(lambda: [unpacker(s) for s in stored], 3) / n  # noqa: B023
        _line(label, sum(map(len, stored)) / n, z6, packing, unpacking)
    packing = cpu_ms(lambda: [pack(p, d) for p, d in items], 2) / n
    unpacking = cpu_ms(lambda: [unpack(o, d) for o, (_, d) in zip(ours, items, strict=True)], 3) / n
    _line("site dictionary", sum(map(len, ours)) / n, z6, packing, unpacking)


def _line(label: str, size: float, z6: float, packing: float, unpacking: float) -> None:
    print(
        f"  {label:15} {size:9,.0f} B a version ({size / z6:.3f}x zlib -6)"
        f"  pack {packing:.2f} ms  unpack {unpacking:.2f} ms"
    )


def bench_site(count: int) -> None:
    with make_bench_site(count) as site, httpx.Client() as client:
        slugs = list(site.slugs)
        first = [client.get(site.url(s)).text for s in slugs]
        site.revise_fraction(0.1, seed=7)
        revised = [
            (n, client.get(site.url(s)).text) for n, s in enumerate(slugs) if site.revision(s)
        ]
    dictionary = PageDictionary(1, pack(first[0]))
    start = time.process_time()
    pack(first[0], PageDictionary(2, dictionary.packed))
    digest = (time.process_time() - start) * 1000
    print(
        f"bench site dictionary: its first page, {len(dictionary.packed):,} B stored, "
        f"digested in {digest:.1f} ms once per worker"
    )
    measure("bench site, first versions", [(p, dictionary) for p in first[1:]])
    measure("bench site, revised versions", [(p, dictionary) for _, p in revised])
    trained = zstandard.train_dictionary(112_640, [p.encode() for p in first[1:101]])
    later = [p.encode() for p in first[101:]] or [p.encode() for p in first[1:]]
    packer = zstandard.ZstdCompressor(level=4, dict_data=trained)
    size = sum(len(packer.compress(p)) for p in later) / len(later)
    print(f"  (not taken) a 110 KB dictionary trained on 100 pages: {size:,.0f} B a version")
    size = sum(len(pack(page, PageDictionary(3 + n, pack(first[n])))) for n, page in revised) / len(
        revised
    )
    print(f"  (not taken) a revision against its article's first page: {size:,.0f} B a version")


def real_pages(folder: Path) -> None:
    sites: dict[str, list[str]] = {}
    for path in sorted(folder.glob("*.html.gz")):
        page = gzip.decompress(path.read_bytes()).decode("utf-8", "replace")
        found = (re.search(p, page, re.I) for p in _CANONICAL)
        host = next((urlsplit(m.group(1)).hostname for m in found if m), None)
        sites.setdefault(host or path.name, []).append(page)
    shared = [pages for pages in sites.values() if len(pages) > 1]
    print(
        f"real pages: {sum(map(len, sites.values()))} pages, {len(sites)} sites, "
        f"{len(shared)} with two or more"
    )
    items = []
    for n, pages in enumerate(shared, 1):
        dictionary = PageDictionary(1000 + n, pack(pages[0]))
        items += [(page, dictionary) for page in pages[1:]]
    stored = sum(len(d.packed) for d in {d.id: d for _, d in items}.values()) / len(shared)
    print(f"  the dictionaries (each site's first page): {stored:,.0f} B a site")
    measure("real pages after each site's first", items)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--real", type=Path, default=REAL)
    args = parser.parse_args()
    bench_site(args.pages)
    if args.real.is_dir():
        real_pages(args.real)
    print(f"load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}")


if __name__ == "__main__":
    main()
