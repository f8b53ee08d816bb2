"""Calendar figures: "July 1", "1 July 2024", "June 3-5", "July 2024", "2024", "2019-20"."""

from monitor.analysis.figures.tokens import Figure, Read, Tokens
from monitor.analysis.figures.words import NOT_YEAR, YEAR_PREFIXES


class Calendar(Tokens):
    """Dates, months and years: never counts."""

    def calendar_at(self, i: int) -> Read | None:
        """ "July 1", "1 July 2024", "June 3-5", "July 2024", "2024", "2019-20": never counts."""
        raw = self.raw(i)
        if not raw.isdigit():
            return None
        number = int(raw)
        before = self.month(i - 1)
        after = self.month(i + 1) if 1 <= number <= 31 else 0
        if before and 1 <= number <= 31:
            return self.month_day(i, before, number)
        if after:
            end = i + 2 + (len(self.low(i + 1)) <= 4 and self.low(i + 2) == "." and after != 5)
            year = int(self.raw(end)) if self.is_year(end) else None
            end += year is not None
            return self.date(i, end, year=year, month=after, day=number), end
        if before and self.is_year(i):
            start = i - 1 if self.kind(i - 1) == "w" else i - 2
            return self.date(start, i + 1, year=number, month=before), i + 1
        return self.year_at(i, number)

    def year_at(self, i: int, number: int) -> Read | None:
        """A bare year ("in 2024", "the 2019-20 season") unless the context makes it a count."""
        plausible = self.is_year(i) and not (self.tight(i) and self.kind(i + 1) == "w")
        if not plausible or self.low(i - 1) in NOT_YEAR:
            return None
        if self.low(i - 1) == "-" and self.tight(i - 2) and self.low(i - 2) not in YEAR_PREFIXES:
            return None, i + 1  # a name such as "COVID-2019"
        if self.low(i + 1) in ("-", "to") and self.is_short_year(i + 2):
            second = int(self.raw(i + 2))
            second += 0 if second >= 1000 else number // 100 * 100
            return self.figure(i, i + 3, float(number), "year", upper=float(second)), i + 3
        return self.figure(i, i + 1, float(number), "year", noun=self.noun_at(i + 1)), i + 1

    def month_day(self, i: int, month: int, day: int) -> Read:
        """ "July 1", "Jan. 5, 2024", "June 3rd", "June 3-5"."""
        start = i - 1 if self.kind(i - 1) == "w" else i - 2
        end = i + 1
        if self.tight(i) and self.low(end) in ("st", "nd", "rd", "th"):
            end += 1
        if self.low(end) == "-" and self.tight(end - 1) and self.tight(end):
            last = self.raw(end + 1)
            if last.isdigit() and 1 <= int(last) <= 31:  # "June 3-5"
                return self.date(start, end + 2, month=month, day=day, last=int(last)), end + 2
        year = None
        if self.low(end) == "," and self.is_year(end + 1):
            year, end = int(self.raw(end + 1)), end + 2
        return self.date(start, end, year=year, month=month, day=day), end

    def is_short_year(self, j: int) -> bool:
        return self.kind(j) == "n" and len(self.raw(j)) in (2, 4) and self.raw(j).isdigit()

    def date(
        self, i: int, j: int, *, month: int, year: int | None = None, day: int = 0, last: int = 0
    ) -> Figure:
        label = (f"{year:04d}" if year else "-") + f"-{month:02d}" + (f"-{day:02d}" if day else "")
        label += f"/{last:02d}" if last else ""
        return self.figure(i, j, None, "date", label=label)
