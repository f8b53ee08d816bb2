"""robots.txt read as RFC 9309 says: the group for our product token, longest match wins.

urllib.robotparser applies rules first-match, so an `Allow: /news/` under a broader
`Disallow: /` is lost (or the reverse). Pure: text in, answers out.
"""

import math
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

# RFC 9309 2.2.2: a crawler must read at least 500 KiB; more is not parsed.
MAX_ROBOTS_BYTES = 500 * 1024


@dataclass(frozen=True)
class _Rule:
    allow: bool
    pattern: str


@dataclass
class _Group:
    agents: list[str] = field(default_factory=list)
    rules: list[_Rule] = field(default_factory=list)
    crawl_delay: float | None = None


@dataclass(frozen=True)
class RobotsRules:
    """The rules that apply to one product token; build them with `RobotsRules.parse`."""

    rules: tuple[_Rule, ...] = ()
    crawl_delay: float | None = None

    @classmethod
    def parse(cls, text: str, agent: str) -> "RobotsRules":
        """The rules of every group naming `agent` (case-insensitive), else of `*`, else none."""
        groups = _groups(text[:MAX_ROBOTS_BYTES])
        token = agent.lower()
        for wanted in (token, "*"):
            chosen = [group for group in groups if wanted in group.agents]
            if chosen:
                delays = [g.crawl_delay for g in chosen if g.crawl_delay is not None]
                rules = tuple(rule for group in chosen for rule in group.rules)
                return cls(rules, delays[0] if delays else None)
        return cls()

    def allows(self, url: str) -> bool:
        """True unless the longest matching rule is a Disallow (an Allow wins a tie)."""
        parts = urlsplit(url)
        target = _normalise(parts.path or "/")
        if parts.query:
            target += "?" + _normalise(parts.query)
        if target == "/robots.txt":
            return True
        matching = (rule for rule in self.rules if _glob(rule.pattern, target))
        best = max(matching, key=lambda rule: (len(rule.pattern), rule.allow), default=None)
        return best is None or best.allow


def _groups(text: str) -> list[_Group]:
    groups: list[_Group] = []
    current: _Group | None = None
    in_agents = False
    for line in text.splitlines():
        name, sep, value = line.split("#", 1)[0].partition(":")
        if not sep:
            continue
        name, value = name.strip().lower(), value.strip()
        if name == "user-agent":
            if current is None or not in_agents:
                current = _Group()
                groups.append(current)
            current.agents.append(value.split("/", 1)[0].strip().lower())
            in_agents = True
            continue
        in_agents = False
        if current is None:
            continue  # rules before any user-agent line belong to no group
        if name in ("allow", "disallow") and value:
            pattern = _normalise(value)
            current.rules.append(_Rule(name == "allow", pattern))
        elif name == "crawl-delay":
            current.crawl_delay = _delay(value)
    return groups


def _glob(pattern: str, path: str) -> bool:
    """RFC 9309 2.2.3: `*` matches any run of characters, a final `$` anchors the end, and a
    pattern otherwise matches a prefix. Greedy matching with one backtrack point, never a regex:
    a hostile `/*a*a*a*...$` costs at most len(pattern) * len(path) steps."""
    anchored = pattern.endswith("$")
    body = pattern[:-1] if anchored else pattern + "*"
    p = t = 0
    star, mark = -1, 0
    while t < len(path):
        if p < len(body) and body[p] == "*":
            star, mark = p, t
            p += 1
        elif p < len(body) and body[p] == path[t]:
            p += 1
            t += 1
        elif star >= 0:
            p, mark = star + 1, mark + 1
            t = mark
        else:
            return False
    return all(ch == "*" for ch in body[p:])


def _normalise(text: str) -> str:
    # Percent-encoded and literal characters are the same octets; compare them decoded.
    return unquote(text)


def _delay(value: str) -> float | None:
    try:
        delay = float(value)
    except ValueError:
        return None
    return delay if math.isfinite(delay) and delay >= 0 else None
