"""Heard-URL resolution speed at 1k, 10k and 100k prospects: exact, normalized and near.

Seeds a SQLite database per size in a temporary folder (Faker's names of nine countries,
drawn with their frequencies, so near neighbours exist as in real lists), then times the
resolver the prospect page uses, uncached, in this process. Nothing is served; it stops by
itself. Usage: make bench (or .venv/bin/python bench/resolve_speed.py --sizes 1000,10000).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from faker import Faker
from rapidfuzz.distance import OSA
from rapidfuzz.process import extract
from sqlalchemy import create_engine, insert, select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from landing.data.db import create_tables  # noqa: E402
from landing.data.models import HeardKey, Prospect, Rep  # noqa: E402
from landing.urls import heard_index  # noqa: E402
from landing.urls.resolve import load_page, near_match, resolve  # noqa: E402
from landing.urls.slugs import RESERVED, choose_slug, slug_key  # noqa: E402

# A European and American B2B list: Faker's names, drawn with their real frequencies.
LOCALES = ["en_US", "en_GB", "de_DE", "fr_FR", "es_ES", "it_IT", "nl_NL", "pl_PL", "sv_SE"]


def seed(url: str, size: int, rng: random.Random) -> list[tuple[str, str, str]]:
    """size prospects with unique slugs, indexed; their (slug, first, last)."""
    engine = create_engine(url)
    create_tables(engine)
    fake = Faker(LOCALES)
    fake.seed_instance(rng.random())
    people, keys = [], set()
    while len(people) < size:
        first, last = fake.first_name(), fake.last_name()
        slug = choose_slug(first, last, "", lambda key: key in keys or key in RESERVED)
        keys.add(slug_key(slug))
        people.append((slug, first, last))
    with engine.begin() as conn:
        rep_id = conn.execute(
            insert(Rep.__table__).values(email="bench@example.com", name="Bench", password_hash="")
        ).inserted_primary_key[0]
        conn.execute(
            insert(Prospect.__table__),
            [
                {"id": i + 1, "rep_id": rep_id, "first_name": f, "last_name": last, "slug": s,
                 "slug_key": slug_key(s), "first_key": heard_index.keys_of(s, f, last).first,
                 "last_key": heard_index.keys_of(s, f, last).last,
                 "next_call_on": date(2026, 1, 5)}
                for i, (s, f, last) in enumerate(people)
            ],
        )  # fmt: skip
        rows = [r for i, p in enumerate(people) for r in heard_index.rows_of(i + 1, *p)]
        conn.execute(insert(HeardKey.__table__), rows)
    engine.dispose()
    return people


def typo(slug: str, rng: random.Random) -> str:
    """One random edit a listener makes: a letter added, dropped, changed, or two swapped."""
    chars, at = list(slug), rng.randrange(1, len(slug) - 1)
    op = rng.choice("ids" + "w")
    if op == "i":
        chars.insert(at, rng.choice("aeiouy"))
    elif op == "d":
        del chars[at]
    elif op == "s":
        chars[at] = rng.choice("aeiouy")
    else:
        chars[at], chars[at + 1] = chars[at + 1], chars[at]
    return "".join(chars)


def through_the_index(conn, path: str) -> None:
    resolve(path, lambda key: load_page(conn, key), lambda t: near_match(conn, t))


def scanning_every_row(conn, path: str) -> None:
    """The baseline the index must beat: read every key, compare in C (rapidfuzz)."""
    keys = conn.execute(select(Prospect.slug_key)).scalars().all()
    extract(slug_key(path), keys, scorer=OSA.distance, score_cutoff=2, limit=None)


def time_lookups(conn, typed: list[str], seconds: float, lookup=through_the_index):
    """(lookups per second, p50 ms, p99 ms) over the typed paths, cycled for `seconds`."""
    took, end, i = [], time.perf_counter() + seconds, 0
    while time.perf_counter() < end:
        path = typed[i % len(typed)]
        start = time.perf_counter()
        lookup(conn, path)
        took.append(time.perf_counter() - start)
        i += 1
    took.sort()
    rate = len(took) / sum(took)
    return rate, statistics.median(took) * 1000, took[int(len(took) * 0.99)] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--seconds", type=float, default=3.0, help="per kind and size")
    args = parser.parse_args()
    rng = random.Random(7)
    print(f"{'prospects':>10} {'kind':11} {'lookups/s':>10} {'p50 ms':>8} {'p99 ms':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for size in [int(s) for s in args.sizes.split(",")]:
            url = f"sqlite:///{Path(tmp) / f'resolve-{size}.sqlite3'}"
            started = time.perf_counter()
            people = seed(url, size, rng)
            seeded = time.perf_counter() - started
            sample = rng.sample(people, min(500, size))
            kinds = {
                "exact": [s for s, _f, _l in sample],
                "normalized": [s.lower().replace("-", "_") + "/" for s, _f, _l in sample],
                "near": [typo(s, rng) for s, _f, _l in sample],
            }
            engine = create_engine(url)
            with engine.connect() as conn:
                runs = [(kind, typed, through_the_index) for kind, typed in kinds.items()]
                runs.append(("scan (base)", kinds["near"], scanning_every_row))
                for kind, typed, lookup in runs:
                    rate, p50, p99 = time_lookups(conn, typed, args.seconds, lookup)
                    print(f"{size:>10} {kind:11} {rate:>10.0f} {p50:>8.2f} {p99:>8.2f}")
            engine.dispose()
            print(f"{'':>10} (seeded {size} prospects and their index in {seeded:.1f} s)")


if __name__ == "__main__":
    main()
