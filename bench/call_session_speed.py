"""The next prospect in a call session, for a busy rep with 100,000 prospects and 1,000,000
visit events: the same seeded database as call_next_speed.py, then the rep halfway through
a session (20 calls logged and 5 skipped), and `call_session.next_up` timed, warm, one
session per call as a request has. Prints its p50 and p95, and the p50 of the call-next
list alone timed in turn with it: what the session adds to it.

SQLite (a temporary file) and PostgreSQL (as call_next_speed.py finds or starts one, on
127.0.0.1 only). Nothing is served; it stops by itself. Usage:
.venv/bin/python bench/call_session_speed.py [--databases sqlite] [--visits 100000] [--calls 50]
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from sqlmodel import Session

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.call_next_speed import (  # noqa: E402
    NOW,
    WARM_UP,
    ZONE,
    as_a_worker,
    busiest_rep,
    databases,
    p95,
    seed,
    seeded_data_arguments,
)
from landing.calls import call_session, ranking  # noqa: E402
from landing.data.db import make_engine  # noqa: E402
from landing.data.models import CallOutcome, Rep  # noqa: E402

TODAY = date(2026, 11, 26)  # the seeded prospects' next call day: every one is due
LOGGED, SKIPPED = 20, 5


def halfway(engine, rep_id: int, weights: ranking.Weights) -> set[int]:
    """Log a call for the first LOGGED prospects of a session; the next SKIPPED are skipped."""
    since = NOW - timedelta(hours=1)
    skipped: set[int] = set()
    with Session(engine) as session:
        rep = session.get(Rep, rep_id)
        for number in range(LOGGED + SKIPPED):
            up, _ = call_session.next_up(
                session, rep, weights, since=since, skipped=skipped, today=TODAY, zone=ZONE,
                now=NOW,
            )  # fmt: skip
            if number < LOGGED:
                at = since + timedelta(minutes=number + 1)
                session.add(
                    CallOutcome(prospect_id=up.prospect.id, rep_id=rep_id, kind="no_answer", at=at)
                )
                session.commit()
            else:
                skipped.add(up.prospect.id)
    return skipped


def measure(engine, rep_id: int, weights: ranking.Weights, skipped: set[int], calls: int):
    """p50 and p95 of next_up, in ms; the p50 of the call-next list alone, timed in turn
    with it (what the session adds shows even on a busy machine); how many are left."""
    took, cpu, alone, left = [], [], [], 0
    for number in range(WARM_UP + calls):
        with Session(engine) as session:
            start, start_cpu = time.perf_counter(), time.process_time()
            rep = session.get(Rep, rep_id)
            _up, left = call_session.next_up(
                session, rep, weights, since=NOW - timedelta(hours=1), skipped=skipped,
                today=TODAY, zone=ZONE, now=NOW,
            )  # fmt: skip
            middle, middle_cpu = time.perf_counter(), time.process_time()
            ranking.call_next(session, rep_id, weights, NOW, ZONE)
            if number >= WARM_UP:
                took.append(middle - start)
                cpu.append(middle_cpu - start_cpu)
                alone.append(time.perf_counter() - middle)
    return (statistics.median(took) * 1000, p95(took) * 1000, p95(cpu) * 1000,
            statistics.median(alone) * 1000, left)  # fmt: skip


def run(name: str, url: str, args) -> None:
    weights = ranking.Weights()
    counts = seed(url, args.reps, args.prospects, args.visits, random.Random(args.seed))
    engine = make_engine(url)
    rep_id, _engaged = busiest_rep(engine, weights)
    skipped = halfway(engine, rep_id, weights)
    as_a_worker()
    p50, slow, cpu, call_next_p50, left = measure(engine, rep_id, weights, skipped, args.calls)
    engine.dispose()
    print(f"{name:10} {counts['prospects']:>9} {counts['visits']:>9} {left:>6} "
          f"{p50:>8.1f} {slow:>8.1f} {cpu:>8.1f} {call_next_p50:>12.1f}", flush=True)  # fmt: skip


def main() -> None:
    args = seeded_data_arguments(__doc__.splitlines()[0], calls=50).parse_args()
    print(f"{'database':10} {'prospects':>9} {'hits':>9} {'left':>6} {'p50 ms':>8} {'p95 ms':>8} "
          f"{'cpu p95':>8} {'call next ms':>12}")  # fmt: skip
    for name, url in databases(args.databases, "session.sqlite3"):
        run(name, url, args)
    print(
        "(left: prospects still to call after the one shown; cpu p95: this process's CPU time,"
        " all of SQLite's work, the client's part of PostgreSQL's; call next: p50 of the list"
        f" alone, timed in turn; target p95 under 150 ms; load average {os.getloadavg()[0]:.1f})"
    )


if __name__ == "__main__":
    main()
