"""The results page's counting (landing.calls.team_week) for a team with 100,000 prospects
and 1,000,000 hits: the database call_next_speed.py seeds, plus about 1.5 voicemails a
prospect over the last twelve weeks and the callbacks and meetings that followed some. Times
the whole team's weeks and one rep's (what /app/results asks for), warm, one session per
call, and prints p50 and p95.

SQLite (a temporary file) and PostgreSQL (found or started as call_next_speed.py does).
Usage: make bench, or
.venv/bin/python bench/results_speed.py [--databases sqlite] [--visits 100000] [--calls 10]
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import create_engine
from sqlmodel import Session

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.call_next_speed import (  # noqa: E402
    NOW,
    ZONE,
    bulk,
    databases,
    seed,
    seeded_data_arguments,
    stamper,
)
from landing.calls import team_week  # noqa: E402
from landing.data.db import make_engine  # noqa: E402
from landing.data.models import CallOutcome, Voicemail  # noqa: E402

WARM_UP = 3
VOICEMAIL_COLUMNS = ("id", "prospect_id", "rep_id", "attempt", "goal", "template_key", "at")
TEMPLATES = ["visit-direct-1", "visit-direct-2", "visit-share-1", "visit-share-2"]


def add_calls(url: str, prospects: int, reps: int, rng: random.Random) -> tuple[int, int]:
    """Voicemails over the last twelve weeks and a few outcomes after them: (voicemails,
    outcomes)."""
    engine = create_engine(url)
    stamp = stamper(engine.dialect.name)
    bare_now = NOW.replace(tzinfo=None)
    left, logged = [], []
    for prospect_id in range(1, prospects + 1):
        rep_id = (prospect_id - 1) % reps + 1
        for attempt in range(1, rng.choice((0, 1, 1, 2, 2, 3)) + 1):
            at = bare_now - timedelta(days=rng.uniform(0, 7 * team_week.WEEKS + 7))
            left.append((len(left) + 1, prospect_id, rep_id, attempt, "visit",
                         rng.choice(TEMPLATES), stamp(at)))  # fmt: skip
            for kind, chance in (("called_back", 0.05), ("meeting_booked", 0.02)):
                if rng.random() < chance:
                    when = at + timedelta(days=rng.uniform(0, 9))
                    logged.append((len(logged) + 1, prospect_id, rep_id, kind, stamp(when)))
    with engine.begin() as conn:
        bulk(conn, Voicemail.__table__, VOICEMAIL_COLUMNS, left)
        bulk(conn, CallOutcome.__table__, ("id", "prospect_id", "rep_id", "kind", "at"), logged)
        if engine.dialect.name == "postgresql":
            for table in ("voicemail", "calloutcome"):
                conn.exec_driver_sql(f"ANALYZE {table}")
    engine.dispose()
    return len(left), len(logged)


def measure(engine, rep_id: int | None, calls: int) -> tuple[float, float, team_week.Counts]:
    took = []
    for number in range(WARM_UP + calls):
        with Session(engine) as session:
            start = time.perf_counter()
            result = team_week.team_week(session, rep_id=rep_id, zone=ZONE, now=NOW)
            if number >= WARM_UP:
                took.append(time.perf_counter() - start)
    took.sort()
    p95 = took[min(len(took) - 1, int(len(took) * 0.95))]
    return statistics.median(took) * 1000, p95 * 1000, result.total


def run(name: str, url: str, args) -> None:
    rng = random.Random(args.seed)
    counts = seed(url, args.reps, args.prospects, args.visits, rng)
    voicemails, outcomes = add_calls(url, args.prospects, args.reps, rng)
    engine = make_engine(url)
    for who, rep_id in (("team", None), ("one rep", 1)):
        p50, p95, total = measure(engine, rep_id, args.calls)
        print(f"{name:10} {counts['prospects']:>9} {counts['visits']:>9} {voicemails:>10} "
              f"{outcomes:>8} {who:>8} {total.voicemails:>7} {total.visited:>7} "
              f"{p50:>8.1f} {p95:>8.1f}", flush=True)  # fmt: skip
    engine.dispose()


def main() -> None:
    args = seeded_data_arguments(__doc__.splitlines()[0], calls=20).parse_args()
    print(f"{'database':10} {'prospects':>9} {'hits':>9} {'voicemails':>10} {'outcomes':>8} "
          f"{'whose':>8} {'counted':>7} {'visited':>7} {'p50 ms':>8} {'p95 ms':>8}")  # fmt: skip
    for name, url in databases(args.databases, "results.sqlite3"):
        run(name, url, args)
    print(
        f"(counted: voicemails in the {team_week.WEEKS} weeks; {os.cpu_count()} CPUs, "
        f"load average {os.getloadavg()[0]:.1f})"
    )


if __name__ == "__main__":
    main()
