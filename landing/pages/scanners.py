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
