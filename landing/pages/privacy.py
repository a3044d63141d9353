"""Browsers that ask not to be tracked: Global Privacy Control (`Sec-GPC: 1`) and Do Not
Track (`DNT: 1`). Their hits are still classified and counted, but stored without address,
user agent or visitor cookie, and no cookie is set."""

from __future__ import annotations

from collections.abc import Callable

# The request headers, and the value that means "do not track me" (both specs say "1").
SIGNALS = ("Sec-GPC", "DNT")


def wants_privacy(get_header: Callable[[str], str | None]) -> bool:
    """Whether the request asked not to be tracked; get_header(name) gives a header or None."""
    return any((get_header(name) or "").strip() == "1" for name in SIGNALS)
