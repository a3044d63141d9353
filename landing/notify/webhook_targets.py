"""Where a webhook may be sent: addresses on the public internet, unless the operator opts in.

A rep types the webhook URL and the worker POSTs to it, so without a rule a rep could make
the server talk to itself and its neighbours (the database on localhost:5432, a cloud
metadata service on 169.254.169.254, an admin panel on 10.0.0.5) and read port states from
the delivery errors. Every address a host name resolves to is checked, both when the URL is
saved (a form error the rep can fix) and when the worker sends (the check that counts, since
a DNS answer can change after saving). The worker then connects to exactly the addresses it
checked (landing/notify/webhook_delivery.py), so a second lookup cannot swap in another one.

Numeric spellings (`2130706433`, `0x7f.1`, `017700000001`, `127.1`) need no special code:
they go through the system resolver like names, which turns them into the addresses they
mean, and those are what is checked.

An operator whose receiver runs on the same machine or network sets
LANDING_WEBHOOK_ALLOW_PRIVATE_ADDRESSES; any address is accepted then.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from landing.core import validate

Address = ipaddress.IPv4Address | ipaddress.IPv6Address

# Networks whose last 32 bits are an IPv4 address that a gateway connects to: NAT64 would
# reach 64:ff9b::7f00:1 as 127.0.0.1 (RFC 6052); 6to4 (2002::/16) is handled by ipaddress.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
# Python 3.11 calls these "global"; they are not on the public internet.
_NOT_PUBLIC = (
    ipaddress.ip_network("64:ff9b:1::/48"),  # NAT64 for local use (RFC 8215)
    ipaddress.ip_network("100.64.0.0/10"),  # carrier-grade NAT, shared by a provider's clients
    ipaddress.ip_network("192.0.0.0/24"),  # IETF protocol assignments
)


class NotAllowed(ValueError):
    """The host is, or resolves to, an address webhooks may not go to."""


class NameNotFound(ValueError):
    """The host name has no address (a typo, or DNS is down)."""


def is_public(address: Address) -> bool:
    """Whether address is on the public internet: not loopback, private, link-local,
    multicast, reserved, unspecified, shared, documentation, nor an IPv6 wrapping of one."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return False  # ::ffff:a.b.c.d is how a dual-stack socket reaches IPv4
        if address.sixtofour is not None:
            return is_public(address.sixtofour)
        if address in _NAT64:
            return is_public(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
        if int(address) >> 32 == 0:
            return False  # ::a.b.c.d, the old IPv4-compatible form, and :: and ::1
        if address.is_site_local:
            return False  # fec0::/10, deprecated but still routed inside some networks
    flags = (
        address.is_loopback,
        address.is_private,
        address.is_link_local,
        address.is_multicast,
        address.is_reserved,
        address.is_unspecified,
        any(address in network for network in _NOT_PUBLIC if network.version == address.version),
    )
    return address.is_global and not any(flags)


def lookup(host: str, port: int) -> list[str]:
    """The addresses host resolves to, in the resolver's order; NameNotFound if none.

    The system resolver is used on purpose: it is what a plain connection would use, so
    numeric spellings and /etc/hosts entries mean here what they would mean there."""
    try:
        answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise NameNotFound(host) from exc
    addresses: list[str] = []
    for _family, _type, _proto, _name, sockaddr in answers:
        if sockaddr[0] not in addresses:
            addresses.append(str(sockaddr[0]))
    if not addresses:
        raise NameNotFound(host)
    return addresses


def allowed_addresses(host: str, port: int, allow_private: bool = False) -> list[str]:
    """Every address of host, all of them checked; NotAllowed if any one is not public.

    One bad answer refuses the lot: a name that resolves to both a public and a private
    address is either misconfigured or an attempt to win a race between the two."""
    addresses = lookup(host, port)
    if allow_private:
        return addresses
    for text in addresses:
        try:
            address = ipaddress.ip_address(text)
        except ValueError:
            raise NotAllowed(text) from None  # not an address we can judge: not one we use
        if not is_public(address):
            raise NotAllowed(text)
    return addresses


def host_and_port(url: str) -> tuple[str, int]:
    """The host name and port a webhook URL connects to; ValueError when it has none."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("not an http(s) URL with a host")
    port = parts.port  # ValueError when out of range or not a number
    return parts.hostname, port or (443 if scheme == "https" else 80)


def check_url(url: str, allow_private: bool = False) -> None:
    """At save time: NotAllowed when the URL's host is, or resolves to, a non-public address.

    A name that does not resolve now is let through: DNS may be down for a moment, and a
    rep should still be able to save; the worker checks again before every delivery and
    shows "name not found" if it still does not resolve."""
    host, port = host_and_port(url)
    if allow_private:
        return
    try:
        allowed_addresses(host, port, allow_private)
    except NameNotFound:
        return


def webhook_url(value: str | None, allow_http: bool = False, allow_private: bool = False) -> str:
    """https:// (or http:// where the installation allows it, e.g. for a local receiver),
    to a public internet address unless allow_private (see is_public)."""
    value = validate.storable((value or "").strip())
    if not value or not allow_http or urlsplit(value).scheme != "http":
        value = validate.https_url(value)
    elif not validate.one_link(value) or len(value) > 500:
        raise ValueError("Must be an http:// or https:// link.")
    if value:
        _public_target(value, allow_private)
    return value


def _public_target(value: str, allow_private: bool) -> None:
    try:
        check_url(value, allow_private)
    except NotAllowed:
        raise ValueError(
            "Webhooks can only go to public internet addresses; this one is this server "
            "itself or on a private or local network."
        ) from None
    except ValueError:  # a port that is not a number from 1 to 65535
        raise ValueError("Not a valid link: check the port after the host name.") from None
