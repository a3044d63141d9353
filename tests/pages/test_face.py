"""What stands in for the rep's photo, and the brand's colours on a dark page."""

from __future__ import annotations

import pytest

from landing.pages import brand


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Dana Reyes", "DR"),
        ("Ludwig van Beethoven", "LB"),  # first and last names, not every word
        ("Jean-Luc Picard", "JP"),
        ("Bartholomew Vandenberg-Castellanos", "BV"),
        ("Madonna", "M"),  # one word: one letter
        ("émile zola", "ÉZ"),
        ("E\u0301mile Zola", "ÉZ"),  # an accent typed as a combining mark stays on its letter
        ("(Dana) Reyes", "DR"),  # punctuation is not a letter
        ("王小明", "王"),  # no spaces, no capitals: the family name's character
        ("山田 太郎", "山太"),
        ("Ольга Петрова", "ОП"),
        ("  ", ""),
    ],
)
def test_initials(name, expected):
    assert brand.initials(name) == expected


@pytest.mark.parametrize("colour", ["#0b5fff", "#1f7a4d", "#000000", "#f2b705", "#ffffff"])
def test_the_brand_stylesheet_keeps_links_readable_on_the_dark_page(colour):
    css = brand.stylesheet(colour)
    light, _media, dark = css.partition("@media (prefers-color-scheme:dark)")
    assert dark, css
    ink = dark.split("--accent-ink:")[1][:7]
    assert brand.contrast(ink, brand.DARK_BG) >= brand.READABLE
    assert brand.contrast(light.split("--accent-ink:")[1][:7], brand.WHITE) >= brand.READABLE
    # Initials and button labels on the colour itself read in either scheme.
    assert brand.contrast(brand.text_on(colour), colour) >= brand.READABLE
