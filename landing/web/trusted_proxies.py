"""X-Forwarded-* honoured only from the proxies named in TRUSTED_PROXY_ADDRESSES.

ProxyFix trusts the last TRUSTED_PROXIES entries of X-Forwarded-For whoever sent them: a
client reaching gunicorn directly (a port left open beside nginx) could then record any
address in a prospect's visits and slip past the per-address limits. With the proxies'
addresses given, a request from anywhere else is taken as it came: its own address and
scheme."""

from __future__ import annotations

import ipaddress


def networks(text: str) -> tuple:
    """The networks of a comma-separated list; RuntimeError naming the bad entry."""
    found = []
    for entry in (e.strip() for e in text.split(",")):
        if not entry:
            continue
        try:
            found.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            raise RuntimeError(
                f"LANDING_TRUSTED_PROXY_ADDRESSES: {entry!r} is no address or network"
            ) from None
    return tuple(found)


def only_from(app, fixed, plain):
    """fixed (ProxyFix) for requests from a trusted proxy, plain for the rest."""
    trusted = networks(app.config.get("TRUSTED_PROXY_ADDRESSES") or "")
    if not trusted:
        return fixed

    def choose(environ: dict, start_response):
        try:
            address = ipaddress.ip_address(environ.get("REMOTE_ADDR", ""))
        except ValueError:
            return plain(environ, start_response)
        if any(address in network for network in trusted):
            return fixed(environ, start_response)
        return plain(environ, start_response)

    return choose
