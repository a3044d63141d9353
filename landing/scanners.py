"""The IP ranges email security scanners fetch from, and matching a visitor's address to them."""

from __future__ import annotations

import ipaddress
from functools import lru_cache

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class Ranges(tuple):
    """A tuple of networks that works out its hash once.

    match_scanner's cache hashes its key on every page request, and hashing forty networks
    anew costs as much as scanning them; this makes a cache hit under a microsecond.
    """

    def __hash__(self) -> int:
        if "hash" not in self.__dict__:
            self.__dict__["hash"] = tuple.__hash__(self)
        return self.__dict__["hash"]


# Most scanners send an ordinary browser's user agent, so where they come from is what gives
# them away. Seeded with the vendors' mail-flow ranges (their published lists, and the networks
# their mail hosts are seen in), on the assumption that their link checks run from the same places.
DEFAULT_RANGES = """\
# Email security services open every link in a message before the person does.
# Visits from these ranges count as bots. One range per line; # starts a comment.
# Edit this list in Company settings: vendors add and retire ranges, so compare
# it with their published lists now and then.

# Microsoft Exchange Online Protection / Defender for Office 365 (Safe Links).
# Its link detonation also runs from wider Azure ranges Microsoft does not list.
40.92.0.0/15
40.107.0.0/16
52.100.0.0/14
104.47.0.0/17
2a01:111:f400::/48
2a01:111:f403::/48

# Mimecast (United States)
205.139.110.0/23
207.211.30.0/24
207.211.31.0/25
216.205.24.0/24
63.128.21.0/24
170.10.128.0/22
170.10.132.0/23
# Mimecast (Europe, United Kingdom, Germany)
91.220.42.0/24
146.101.78.0/24
195.130.217.0/24
185.58.85.0/24
185.58.86.0/24
194.104.109.0/24

# Proofpoint (pphosted.com, United States and Europe)
67.231.144.0/20
148.163.128.0/19
205.220.160.0/19
185.132.180.0/22
185.183.28.0/22

# Barracuda Email Security Service / Email Gateway Defense (United States, Germany)
64.235.144.0/20
209.222.80.0/21
35.157.190.224/27
18.184.203.224/27

# Cisco Secure Email cloud (IronPort, iphmx.com)
68.232.128.0/19
216.71.144.0/20

# Trend Micro Email Security (North America, Europe)
18.208.22.64/26
18.208.22.128/25
18.185.115.0/25

# Sophos Email (partial: most of its hosts are AWS addresses listed in Sophos Central)
94.140.18.0/24
198.154.180.0/24
"""


@lru_cache(maxsize=16)
def parse_ranges(text: str) -> Ranges:
    """The networks in a ranges text; cached since every page request reads the settings."""
    networks = []
    for number, line in enumerate(text.splitlines(), start=1):
        entry = line.split("#", 1)[0].strip()
        if not entry:
            continue
        try:
            # strict=False: "10.1.2.3/24" means the /24 it sits in, as people write it.
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            message = f"Line {number}: '{entry}' is not an IP range (write e.g. 40.92.0.0/15)."
            raise ValueError(message) from None
    return Ranges(networks)


def check_ranges(text: str) -> str:
    """The text as it will be saved, or ValueError naming the first bad line."""
    parse_ranges(text)
    return text.strip()


@lru_cache(maxsize=4096)
def match_scanner(ip: str, ranges: tuple[Network, ...]) -> str | None:
    """The range a visitor's address falls in (e.g. "40.92.0.0/15"), or None. Remembered
    for the addresses seen lately (Ranges hashes in constant time)."""
    if not ranges:
        return None
    number = _ipv4_number(ip)
    if number is None:
        return _match_other(ip, ranges)
    # Every prospect's hit asks, from ever new addresses: integer masks, not ipaddress.
    for network, mask, name in _ipv4_table(ranges):
        if number & mask == network:
            return name
    return None


def _ipv4_number(ip: str) -> int | None:
    """A dotted quad as its 32-bit number; None for anything else."""
    octets = (ip or "").strip().split(".")
    if len(octets) != 4:
        return None
    number = 0
    for octet in octets:
        if not (octet.isascii() and octet.isdigit()) or len(octet) > 3 or int(octet) > 255:
            return None
        if octet[0] == "0" and octet != "0":
            return None  # as ipaddress reads it: leading zeros are no dotted quad
        number = number << 8 | int(octet)
    return number


def _ipv4_table(ranges: tuple[Network, ...]) -> tuple[tuple[int, int, str], ...]:
    """(network, mask, name) of the IPv4 ranges, made once per Ranges."""
    kept = getattr(ranges, "__dict__", None)
    if kept is not None and "ipv4" in kept:
        return kept["ipv4"]
    table = tuple(
        (int(n.network_address), int(n.netmask), str(n)) for n in ranges if n.version == 4
    )
    if kept is not None:
        kept["ipv4"] = table
    return table


def _match_other(ip: str, ranges: tuple[Network, ...]) -> str | None:
    """IPv6 addresses (IPv4 ones as ::ffff:a.b.c.d included) against the ranges."""
    try:
        address = ipaddress.ip_address((ip or "").strip())
    except ValueError:
        return None
    # Dual-stack servers report IPv4 clients as ::ffff:a.b.c.d.
    if address.version == 6 and address.ipv4_mapped:
        address = address.ipv4_mapped
    for network in ranges:
        if address in network:
            return str(network)
    return None
