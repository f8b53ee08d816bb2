"""Which addresses redline may be led to: the address policy for redirects and found links.

A URL the user typed is theirs to choose, a local or intranet page included. A server or a
followed feed choosing for them is another matter: a redirect or a link that leads from one
host to a loopback, private, link-local (cloud metadata at 169.254.169.254) or otherwise
non-public address could make redline fetch an internal page and publish it as a version, in
reports, the feed and webhooks. Those are refused unless allowed (`--allow-private`). Staying
on the host the user chose is always allowed, so a local site keeps working.
"""

import asyncio
import ipaddress
import socket
from collections.abc import Iterable

import httpx

# A host that takes longer than this to resolve is left to the fetch, which has its own limits.
_RESOLVE_TIMEOUT = 5.0
# All the hosts one listing links to are looked up within this; a feed of ten thousand
# made-up host names cannot hold the cycle longer. Hosts not answered by then are refused.
LINKS_BUDGET = 10.0


def is_public(address: str) -> bool:
    """True for an address on the public internet; False for loopback, private, link-local,
    shared (CGNAT), multicast, reserved and unspecified ones."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone (fe80::1%eth0)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


async def private_address(url: httpx.URL) -> str | None:
    """The first non-public address `url`'s host resolves to, or None (also when it does not
    resolve: the fetch then fails on its own)."""
    host = url.host
    try:
        return None if is_public(host) else host
    except ValueError:
        pass  # a name, not an address literal
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout(_RESOLVE_TIMEOUT):
            found = await loop.getaddrinfo(host, url.port or 443, type=socket.SOCK_STREAM)
    except (OSError, TimeoutError, UnicodeError):
        return None
    for *_, sockaddr in found:
        address = str(sockaddr[0])
        if not is_public(address):
            return address
    return None


async def refused(target: httpx.URL, chosen: httpx.URL) -> str | None:
    """Why redline will not go to `target` when it was led there from `chosen` (the URL the
    user typed, or the source that listed it); None when it may."""
    if target.host == chosen.host:
        return None
    address = await private_address(target)
    if address is None:
        return None
    return (
        f"{target.host} is a private address ({address}) reached from {chosen.host}; "
        "refused unless allowed with --allow-private"
    )


async def refused_hosts(targets: Iterable[httpx.URL], chosen: httpx.URL) -> dict[str, str]:
    """`refused` for every link of a listing, each host looked up once and all of them within
    `LINKS_BUDGET`: the refused hosts, each with its reason."""
    hosts = {url.host: url for url in targets if url.host != chosen.host}
    if not hosts:
        return {}
    tasks = {host: asyncio.create_task(refused(url, chosen)) for host, url in hosts.items()}
    _, late = await asyncio.wait(tasks.values(), timeout=LINKS_BUDGET)
    for task in late:
        task.cancel()
    reasons: dict[str, str] = {}
    for host, task in tasks.items():
        if task in late:
            reasons[host] = f"{host} was not resolved within {LINKS_BUDGET:g} s; refused"
        elif reason := task.result():
            reasons[host] = reason
    return reasons
