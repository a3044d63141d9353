"""Prospects' pages rendered once per shape, not once per prospect.

Most of a team's prospects see the same page but for their first name: same rep, same
company settings, same language, same call-back day. Rendering the template took half of a
first visit's time, and real traffic is nearly all first visits (each prospect opens their
page a few times), so a page is rendered once for each shape, with a stand-in for the
first name, and each prospect's page is that skeleton joined with their name, escaped.

The skeleton is trusted only when the template treats the name as an opaque value put into
HTML: it is rendered twice, with two stand-ins that differ in every character, length and
case and hold every character HTML escapes, and the pages around the escaped stand-ins
must be identical. A template that slices, measures, changes the case of or encodes the
name in any other way fails that check, and its pages are rendered one by one as before."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import date
from typing import Any

from markupsafe import escape

ENVIRON_KEY = "landing.page_shape"  # the shape of the page a view answered with
# A page's fields that are the prospect's own: the first name fills the skeleton's slots,
# the others are not shown (the view's resolve checked the slug).
_OWN_FIELDS = frozenset({"prospect_id", "slug", "first_name"})
# Two stand-ins no prospect's name can hold: random, and different in every position.
_STAND_INS = (
    "Qx" + secrets.token_hex(8) + "<&'\">",
    "wMz" + secrets.token_hex(11).upper() + "\"'>&<",
)


@dataclass(frozen=True)
class Skeleton:
    """A page around its hit tokens, each stretch around the first-name slots."""

    stretches: tuple[tuple[str, ...], ...]

    def fill(self, first_name: str) -> list[str]:
        """The page's pieces around its hit tokens, for one prospect."""
        name = str(escape(first_name))
        return [name.join(stretch) for stretch in self.stretches]


def key(page: Any, settings: Any, today: date, script_name: str) -> Hashable:
    """The shape of page (a resolve.PageData) as the cache knows it: everything the page
    shows but the prospect's own fields. The entry holds settings, so their id stands for
    them while it lives; the language is named, so no change can serve one to another."""
    language = page.language or settings.language
    shown = tuple(value for name, value in vars(page).items() if name not in _OWN_FIELDS)
    return ("shape", language, shown, id(settings), today, script_name)


def headers_key(shape: Hashable, environ: dict) -> Hashable:
    """Where the headers a page of this shape went out with are kept, per scheme and host."""
    return ("headers", shape, environ.get("wsgi.url_scheme"), environ.get("HTTP_HOST", ""))


def build(render: Callable[[str], str], token_slot: str) -> Skeleton | None:
    """The skeleton of the page render(first_name) makes, with token_slot where the hit
    token goes; None when the template does more with the name than print it."""
    first, second = (_stretches(render(name), token_slot, name) for name in _STAND_INS)
    if first != second:
        return None
    return Skeleton(first)


def _stretches(html: str, token_slot: str, name: str) -> tuple[tuple[str, ...], ...]:
    escaped = str(escape(name))
    return tuple(tuple(part.split(escaped)) for part in html.split(token_slot))
