"""Prospect-list speed at 100,000 prospects and 1,000,000 hits, on SQLite and PostgreSQL.

Seeds the database as bench/call_next_speed.py does (its reps, prospects, hits and beacons,
loaded in bulk), then spreads voicemail attempts, goals and call days over the prospects,
indexes their names for the typo-tolerant search (heard keys, bulk), and times, for one
rep, in a session per call as a request has: Call next, the list with each filter, each
sort, a deep page, and searches (a word, an email, a typo). Prints p50 and p95 per case,
and the p95 of this process's CPU time (on a shared machine, what the load cannot inflate:
all of SQLite's work, only the client's part of PostgreSQL's).

--reps 50 (default) is call_next_speed's team of 2,000 prospects a rep, timed for the rep
with the most engaged hits; --reps 1 gives one rep all 100,000, the worst case for a list
(with --without-scores: Call next itself is not made for one rep of 100,000).
Runs on a temporary SQLite file, and on PostgreSQL as call_next_speed finds it (127.0.0.1
only). Nothing is served; it stops by itself. Usage:
.venv/bin/python bench/prospect_lists.py [--databases sqlite] [--reps 1] [--calls 30]
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlmodel import Session

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.call_next_speed import (  # noqa: E402
    CHUNK,
    NOW,
    ZONE,
    as_a_worker,
    bulk,
    busiest_rep,
    databases,
    p95,
    seed,
    seeded_data_arguments,
)
from landing.calls import prospect_list, ranking  # noqa: E402
from landing.data import prospect_search  # noqa: E402
from landing.data.db import make_engine  # noqa: E402
from landing.data.models import HeardKey  # noqa: E402
from landing.urls import heard_index  # noqa: E402

TARGET_MS = 150
WARM_UP = 3


def spread(url: str, rep_id: int, reps: int) -> None:
    """Attempts, goals and next-call days as a working list has them, and the rep's
    prospects in the heard-URL index (bulk: the mapper events are for one row at a time)."""
    engine = create_engine(url)
    with engine.begin() as conn:
        prospect_search.drop(conn)  # made again after the updates, in one statement
        # n: the prospect's number on its rep's list (ids are dealt to reps in turn).
        conn.execute(
            text(
                "UPDATE prospect SET voicemails_left = ((id - 1) / :reps) % 5, "
                "goal = CASE ((id - 1) / :reps) % 4 WHEN 0 THEN 'callback' "
                "WHEN 1 THEN 'educate' ELSE '' END, "
                "email = 'p' || id || '@company' || (id % 7919) || '.example.com'"
            ),
            {"reps": reps},
        )
        for shift in range(-15, 15):
            conn.execute(
                text("UPDATE prospect SET next_call_on = :day WHERE ((id - 1) / :reps) % 30 = :n"),
                {"day": NOW.date() + timedelta(days=shift), "n": shift + 15, "reps": reps},
            )
        prospect_search.create(conn)
        rows = conn.execute(
            text("SELECT id, slug, first_name, last_name FROM prospect WHERE rep_id = :r"),
            {"r": rep_id},
        ).all()
        keys = [
            (probe["probe"], probe["prospect_id"])
            for row in rows
            for probe in heard_index.rows_of(*row)
        ]
        for start in range(0, len(keys), CHUNK * 5):
            bulk(
                conn, HeardKey.__table__, ("probe", "prospect_id"), keys[start : start + CHUNK * 5]
            )
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE prospect"))
            conn.execute(text("VACUUM ANALYZE heardkey"))
    engine.dispose()


def cases(rep_id: int, engine) -> list[tuple[str, dict]]:
    """(label, checked() arguments) for each list timed."""
    with engine.connect() as conn:
        one = conn.execute(
            text("SELECT id, first_name, last_name, company FROM prospect WHERE rep_id = :r "
                 "ORDER BY id DESC LIMIT 1 OFFSET 37"),
            {"r": rep_id},
        ).one()  # fmt: skip
    _, first, last, company = one
    typo = first[:2] + first[3] + first[2] + first[4:] + " " + last  # a swap: Frist12 Last12
    return [
        ("list, newest first", {}),
        *((f"filter {name}", {"filters": [name]}) for name in prospect_list.FILTERS),
        ("attempt 3", {"attempt": 3}),
        ("goal callback", {"goal": "callback"}),
        ("due + attempt 2", {"filters": ["due"], "attempt": 2}),
        *((f"sort {name}", {"sort": name}) for name in prospect_list.SORTS if name != "created"),
        ("page 40", {"page": 40}),
        (f"search {company!r}", {"search": company}),
        ("search an email", {"search": f"p{one[0]}@company"}),
        (f"search {typo!r} (typo)", {"search": typo}),
        ("search 'zzqx' (none)", {"search": "zzqx"}),
    ]


def timed(engine, calls: int, work) -> tuple[float, float, float, object]:
    """p50 and p95 in ms, the p95 of this process's own CPU time, and the last result.

    The CPU time is what a busy machine cannot inflate: on SQLite it is all of the work
    (the database runs in this process), on PostgreSQL only the client's part."""
    took, cpu, result = [], [], None
    for number in range(WARM_UP + calls):
        with Session(engine) as session:
            start, start_cpu = time.perf_counter(), time.process_time()
            result = work(session)
            if number >= WARM_UP:
                took.append(time.perf_counter() - start)
                cpu.append(time.process_time() - start_cpu)
    return statistics.median(took) * 1000, p95(took) * 1000, p95(cpu) * 1000, result


def run(name: str, url: str, args) -> list[tuple]:
    weights = ranking.Weights()
    started = time.perf_counter()
    seed(url, args.reps, args.prospects, args.visits, random.Random(args.seed))
    engine = make_engine(url)
    rep_id, engaged = busiest_rep(engine, weights)
    spread(url, rep_id, args.reps)
    seeded = time.perf_counter() - started
    as_a_worker()
    print(f"\n{name}: seeded in {seeded:.0f} s; rep {rep_id}, {engaged} engaged hits counting",
          flush=True)  # fmt: skip
    results = []

    def call_next(session):
        return ranking.call_next(session, rep_id, weights, NOW, ZONE)

    if not args.without_scores:
        p50, slow, cpu, rows = timed(engine, args.calls, call_next)
        results.append(("Call next", p50, slow, cpu, len(rows)))
    for label, given in cases(rep_id, engine):
        query = prospect_list.checked(**given)
        if args.without_scores and (query.sort == "score" or "hot" in query.filters):
            continue

        def listed(session, query=query):
            return prospect_list.list_page(
                session, rep_id, query, weights, default_goal="visit", now=NOW,
                today=NOW.date(), zone=ZONE,
            )  # fmt: skip

        p50, slow, cpu, page = timed(engine, args.calls, listed)
        results.append((label, p50, slow, cpu, page.total))
    engine.dispose()
    print(f"{'case':44} {'p50 ms':>8} {'p95 ms':>8} {'cpu p95':>8} {'rows':>8}")
    for label, p50, slow, cpu, count in results:
        flag = "" if slow <= TARGET_MS else "  over target"
        print(f"{label[:44]:44} {p50:8.1f} {slow:8.1f} {cpu:8.1f} {count:8}{flag}", flush=True)
    return results


def main() -> None:
    parser = seeded_data_arguments(__doc__.splitlines()[0], 30, "timed calls per case")
    parser.add_argument(
        "--without-scores", action="store_true",
        help="skip Call next and the lists that score everyone (sort score, filter hot): "
        "with --reps 1 each takes as long as Call next for 100,000 prospects",
    )  # fmt: skip
    args = parser.parse_args()
    print(f"{args.prospects:,} prospects over {args.reps} reps, {args.visits:,} hits; "
          f"target p95 ≤ {TARGET_MS} ms; {os.cpu_count()} CPUs, load average "
          f"{os.getloadavg()[0]:.1f}")  # fmt: skip
    for name, url in databases(args.databases, "lists.sqlite3"):
        run(name, url, args)


if __name__ == "__main__":
    main()
