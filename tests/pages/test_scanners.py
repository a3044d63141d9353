"""Email security scanner ranges: what an admin may type, and which visits they catch."""

from __future__ import annotations

import ipaddress
import random

import pytest

from landing.data.scanner_defaults import DEFAULT_RANGES
from landing.pages.scanners import check_ranges, match_scanner, parse_ranges


def test_comments_blank_lines_and_single_addresses():
    text = """
# Mimecast, United States
205.139.110.0/24   # trailing comment

203.0.113.7
2001:db8::/32
2001:db8:1::5
"""
    assert parse_ranges(text) == (
        ipaddress.ip_network("205.139.110.0/24"),
        ipaddress.ip_network("203.0.113.7/32"),
        ipaddress.ip_network("2001:db8::/32"),
        ipaddress.ip_network("2001:db8:1::5/128"),
    )


def test_an_empty_list_is_allowed():
    assert parse_ranges("") == ()
    assert parse_ranges("# nothing yet\n\n") == ()


def test_a_bad_line_is_named_by_its_number():
    text = "# ours\n40.92.0.0/15\n10.0.0.300/24  # typo\n"
    with pytest.raises(ValueError) as error:
        parse_ranges(text)
    assert str(error.value) == (
        "Line 3: '10.0.0.300/24' is not an IP range (write e.g. 40.92.0.0/15)."
    )


@pytest.mark.parametrize("entry", ["mimecast.com", "40.92.0.0/33", "40.92.0.0 - 40.93.255.255"])
def test_what_is_not_a_range(entry):
    with pytest.raises(ValueError, match="^Line 1: "):
        check_ranges(entry)


def test_check_ranges_returns_the_text_to_save():
    assert check_ranges("\n  40.92.0.0/15\n\n") == "40.92.0.0/15"


def test_the_default_list_parses_and_covers_the_big_vendors():
    networks = parse_ranges(DEFAULT_RANGES)
    assert len(networks) > 30
    for vendor in ("Microsoft", "Mimecast", "Proofpoint", "Barracuda", "Trend Micro", "Sophos"):
        assert vendor in DEFAULT_RANGES
    assert "Company settings" in DEFAULT_RANGES
    assert check_ranges(DEFAULT_RANGES) == DEFAULT_RANGES.strip()


DEFAULTS = parse_ranges(DEFAULT_RANGES)


@pytest.mark.parametrize(
    ("address", "range_"),
    [
        ("40.92.1.1", "40.92.0.0/15"),  # Microsoft Exchange Online Protection
        ("40.93.255.254", "40.92.0.0/15"),
        ("104.47.7.169", "104.47.0.0/17"),
        ("2a01:111:f400:7e1b::205", "2a01:111:f400::/48"),
        ("::ffff:40.92.1.1", "40.92.0.0/15"),  # IPv4-mapped, as dual-stack servers report it
        (" 205.139.110.61 ", "205.139.110.0/23"),  # Mimecast
        ("148.163.156.1", "148.163.128.0/19"),  # Proofpoint
        ("209.222.82.102", "209.222.80.0/21"),  # Barracuda
    ],
)
def test_a_scanner_address_names_its_range(address, range_):
    assert match_scanner(address, DEFAULTS) == range_


@pytest.mark.parametrize(
    "address", ["8.8.8.8", "40.94.0.1", "203.0.113.9", "2001:db8::1", "::ffff:8.8.8.8"]
)
def test_other_addresses_match_nothing(address):
    assert match_scanner(address, DEFAULTS) is None


@pytest.mark.parametrize("address", ["", "not an ip", "40.92.1", None])
def test_a_missing_or_bad_address_matches_nothing(address):
    assert match_scanner(address, DEFAULTS) is None


def test_no_ranges_match_nothing():
    assert match_scanner("40.92.1.1", ()) is None


def test_fast_ipv4_matching_agrees_with_ipaddress():
    """Every hit comes from a new address: matched with integer masks, as ipaddress would."""
    rng = random.Random(14)
    inside = [n for n in DEFAULTS if n.version == 4]
    addresses = [str(rng.choice(inside)[rng.randrange(8)]) for _ in range(300)]
    addresses += [str(ipaddress.IPv4Address(rng.getrandbits(32))) for _ in range(2000)]
    for address in addresses:
        expected = next((str(n) for n in DEFAULTS if ipaddress.ip_address(address) in n), None)
        assert match_scanner(address, DEFAULTS) == expected, address
    assert match_scanner("040.92.1.1", DEFAULTS) is None  # not an address, as ipaddress says


def test_a_plain_tuple_of_networks_works_too():
    assert match_scanner("40.92.1.1", tuple(DEFAULTS)) == "40.92.0.0/15"
    assert hash(tuple(DEFAULTS)) == hash(DEFAULTS)
