"""Time `compare_articles` on a ~1,500-word article with a handful of typical edits.

Run: .venv/bin/python bench/bench_compare.py [--runs 200]
Prints the median and 95th-percentile time per comparison. Target: median <= 15 ms.
"""

import argparse
import statistics
import time

from monitor.analysis.claims import compare_articles
from monitor.article import Article

_PARAGRAPHS = [
    "The Riverton City Council approved a $412 million budget early Wednesday, ending a "
    "nine-hour session in which members clashed over police overtime, library hours and a "
    "proposed 3 percent increase in water rates.",
    "The vote was 7 to 4. Council President Dana Whitfield called the plan “a budget that "
    "finally lives within our means,” while opponents said it shortchanged neighborhoods on "
    "the city’s east side.",
    "“We are asking families to pay more for water and get less from their libraries,” said "
    "Councilman Luis Ortega, who voted against the plan. “That is not a trade I can defend.”",
    "The budget sets aside $58.6 million for the police department, up from $54.1 million "
    "last year, largely to cover overtime costs that exceeded projections by nearly 40 "
    "percent. Chief Annette Graves told the council that the department had lost 23 officers "
    "since January.",
    "“We cannot keep asking the same officers to work double shifts,” Chief Graves said. "
    "“Something has to give.”",
    "Library hours will be cut at four of the city’s 11 branches, saving about $1.2 million. "
    "The Friends of the Riverton Library, a volunteer group, delivered a petition with 6,300 "
    "signatures opposing the cuts.",
    "Mayor Joan Petrakis, who proposed the budget in April, praised the council for “making "
    "hard choices in a hard year.” She is expected to sign it by Friday.",
    "The water rate increase, the first in five years, will add roughly $4 a month to the "
    "average household bill, according to the city’s utilities department. Officials said "
    "the money would pay for replacing 12 miles of lead service lines.",
    "Residents who spoke during the public comment period, which stretched past midnight, "
    "were largely critical. “I have lived here for 31 years and I have never seen the council "
    "this divided,” said Ruth Albers, a retired teacher.",
    "The city’s finance director, Marcus Bell, told members that sales tax receipts had risen "
    "6.2 per cent in the first quarter but warned that the gains might not last. “We are "
    "budgeting for a slowdown, not a boom,” he said.",
    "Under the plan, the fire department will receive $71.3 million, an increase of $2.4 "
    "million, to hire 18 firefighters and replace two engines that are more than 25 years old.",
    "Parks funding falls to $9.8 million from $10.5 million. The city will close three of its "
    "seven public pools on weekdays and delay the renovation of Harbor Park until 2026.",
]
_DISTRICTS = ["Northside", "Eastgate", "Harbor", "Millbrook", "Westfield", "Cedar Hill"]
_NAMES = ["Priya Raman", "Tom Becker", "Alicia Moreno", "Sam Okoye", "Helen Zhou", "Raj Patel"]


def _extra(n: int) -> str:
    """A varied paragraph (names, numbers and quotes change with n) to pad the article."""
    district, name = _DISTRICTS[n % 6], _NAMES[(n * 5) % 6]
    if n % 3 == 0:
        return (
            f"In {district}, ridership on city buses has recovered to about {60 + n} percent of "
            f"its 2019 level, with weekday trips averaging {20 + n},400. “People are coming "
            f"back, but slowly,” said {name}, who oversees planning for the district."
        )
    if n % 3 == 1:
        return (
            f"Residents of {district} asked the council for {n + 2} more crossing guards and a "
            f"${n + 1}.5 million drainage project. “We have waited {n + 4} years for this,” "
            f"{name} told members, adding that flooding had closed the main road twice."
        )
    return (
        f"The {district} library branch, which serves roughly {n * 1000 + 1200:,} card holders, "
        f"will lose {n % 4 + 1} evening shifts under the plan. {name}, a longtime volunteer, "
        "said the cuts would fall hardest on students who study there after school."
    )


def build_old() -> Article:
    """About 1,500 words: the base paragraphs plus varied local paragraphs to reach the length."""
    paragraphs = list(_PARAGRAPHS)
    n = 0
    while sum(len(p.split()) for p in paragraphs) < 1500:
        paragraphs.append(_extra(n))
        n += 1
    headline = "Riverton Council Approves $412 Million Budget"
    return Article(headline, "By Maria Okafor", tuple(paragraphs))


def build_new(old: Article) -> Article:
    """A quote reworded, a figure changed, a paragraph moved, a sentence added."""
    paragraphs = list(old.paragraphs)
    paragraphs[2] = paragraphs[2].replace("I can defend", "I am willing to make")
    paragraphs[3] = paragraphs[3].replace("$58.6 million", "$56.8 million")
    moved = paragraphs.pop(9)
    paragraphs.insert(4, moved)
    paragraphs[6] += " The council also set aside $2.5 million for street repairs."
    paragraphs.append(
        "Correction: An earlier version of this article misstated the size of the police budget."
    )
    return Article(old.headline, old.byline, tuple(paragraphs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    old = build_old()
    new = build_new(old)
    flags = compare_articles(old, new)
    times: list[float] = []
    for _ in range(args.runs):
        start = time.perf_counter()
        compare_articles(old, new)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    print(f"article: {old.word_count} words, {len(old.paragraphs)} paragraphs; {len(flags)} flags")
    for flag in flags:
        print(f"  {flag.kind}: {flag.before!r} -> {flag.after!r}")
    print(f"compare_articles: median {statistics.median(times):.2f} ms, p95 {p95:.2f} ms "
          f"over {args.runs} runs")  # fmt: skip


if __name__ == "__main__":
    main()
