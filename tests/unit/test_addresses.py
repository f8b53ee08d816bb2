"""The address policy: which addresses count as public."""

import pytest

from monitor.fetching.addresses import is_public

# (address, public)
CASES = [
    ("93.184.216.34", True),
    ("2606:2800:220:1:248:1893:25c8:1946", True),
    ("127.0.0.1", False),
    ("::1", False),
    ("10.1.2.3", False),
    ("172.16.0.9", False),
    ("192.168.1.1", False),
    ("169.254.169.254", False),  # cloud metadata
    ("fd00:ec2::254", False),  # cloud metadata over IPv6
    ("fe80::1%eth0", False),
    ("100.64.0.1", False),  # shared (CGNAT)
    ("0.0.0.0", False),
    ("224.0.0.1", False),
    ("::ffff:127.0.0.1", False),  # IPv4-mapped loopback
]


@pytest.mark.parametrize(("address", "public"), CASES)
def test_only_public_internet_addresses_are_public(address: str, public: bool) -> None:
    assert is_public(address) is public
