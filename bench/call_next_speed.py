"""Call-next speed for a busy rep with 100,000 prospects and 1,000,000 visit events.

Seeds a database: 50 reps of 2,000 prospects; 1,000,000 page hits (visit rows) over the last
60 days, more of them lately, most on a few much-visited prospects: email scanners and link
previews, unconfirmed browsers, the reps' own looks, and about one in six a person who
engaged; then the beacons those pages sent (engagement rows). Then it times
`ranking.call_next` for the rep with the most engaged hits, warm, one session per call as a
request has, and prints p50 and p99 with the seeding time.

Runs on SQLite (a temporary file) and on PostgreSQL: LANDING_BENCH_DATABASE_URL or
LANDING_TEST_DATABASE_URL (on 127.0.0.1 only; its landing tables are dropped and made
again), or else a throwaway server started by tests/pg_server.py and stopped after. Nothing
is served; it stops by itself. Usage: make bench, or
.venv/bin/python bench/call_next_speed.py [--databases sqlite] [--visits 100000] [--calls 20]
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import math
import os
import random
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager, suppress
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, create_engine, event, func, insert, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, SQLModel

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from landing.calls import ranking  # noqa: E402
from landing.data import prospect_search  # noqa: E402
from landing.data.db import create_tables, make_engine  # noqa: E402
from landing.data.models import Engagement, Prospect, Rep, Visit  # noqa: E402
from landing.pages.visits import BOT, ENGAGED, REP, UNCONFIRMED  # noqa: E402

ENVIRONMENT = ("LANDING_BENCH_DATABASE_URL", "LANDING_TEST_DATABASE_URL")
LOCAL_HOSTS = {None, "", "127.0.0.1", "localhost", "::1"}
NOW = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)
BARE_NOW = NOW.replace(tzinfo=None)  # hits and beacons are made naive UTC, as stored
DAYS = 60
ZONE = ZoneInfo("America/Chicago")
CHUNK = 20_000
WARM_UP = 10  # calls before timing: caches, pools and the database's buffers filled
SQLITE_LOADING = "PRAGMA synchronous = OFF; PRAGMA cache_size = -1000000;"
AGENTS = [
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/124.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.4 Safari/605.1.15",
]
BOT_AGENTS = ["Slackbot-LinkExpanding 1.0", "Mozilla/5.0 (compatible; Barracuda Sentinel)"]
# Share of visitors (a run of hits) by class, and how many hits each makes: mostly email
# scanners and link previews, the rep's own looks, and about one hit in six a person who
# engaged.
CLASSES = [(BOT, 0.52, (1, 2)), (UNCONFIRMED, 0.18, (1, 2)), (ENGAGED, 0.14, (1, 3)),
           (REP, 0.16, (1, 2))]  # fmt: skip
VIDEO = ["video_25", "video_50", "video_75", "video_100"]
CLICKS = ["click_call", "click_email", "click_booking", "click_offer"]


def seed(url: str, reps: int, prospects: int, visits: int, rng: random.Random) -> dict:
    """The reps, prospects, hits and beacons; how many of each went in."""
    engine = create_engine(url)  # without the app's foreign-key checks on SQLite: ours hold
    if engine.dialect.name == "sqlite":
        # A throwaway file: no syncing, and the indexes being built kept in memory.
        event.listen(engine, "connect", lambda conn, _: conn.executescript(SQLITE_LOADING))
    SQLModel.metadata.drop_all(engine)
    create_tables(engine)
    with engine.begin() as conn:
        conn.execute(
            insert(Rep.__table__),
            [{"id": r, "email": f"rep{r}@example.com", "name": f"Rep {r}", "password_hash": ""}
             for r in range(1, reps + 1)],
        )  # fmt: skip
        prospect_search.drop(conn)  # built once after the load, as the indexes below
        for start in range(0, prospects, CHUNK):
            last = min(start + CHUNK, prospects)
            rows = [prospect_row(i, reps, rng) for i in range(start + 1, last + 1)]
            conn.execute(insert(Prospect.__table__), rows)
        prospect_search.create(conn)
        # A few much-visited prospects and a long tail that nobody opens, as in real lists.
        attention = [rng.lognormvariate(0, 1.6) for _ in range(prospects)]
        hits = list(generate_hits(visits, attention, rng))
        hits.sort(key=lambda h: h[1])  # ids grow with time, as they do when hits arrive
        # The indexes of the two big tables are built once, after the load: far faster than
        # row by row. Our rows are consistent, so PostgreSQL may skip its per-row foreign
        # key checks where we are allowed to say so (a server of our own).
        indexes = [index for table in LOADED for index in table.indexes]
        for index in indexes:
            index.drop(conn)
        if engine.dialect.name == "postgresql":
            with suppress(DBAPIError), conn.begin_nested():
                conn.execute(text("SET LOCAL session_replication_role = replica"))
        beacons = load_events(conn, hits, rng)
        for index in indexes:
            index.create(conn)
        if engine.dialect.name == "postgresql":
            for table, count in (("rep", reps), ("prospect", prospects), ("visit", len(hits)),
                                 ("engagement", beacons)):  # fmt: skip
                conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                  f"{max(count, 1)})"))  # fmt: skip
    if engine.dialect.name == "postgresql":
        # What autovacuum does within a minute of a bulk load (statistics, visibility), and
        # the writes of the load flushed now rather than while we measure.
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
            with suppress(DBAPIError):
                conn.execute(text("CHECKPOINT"))
    engine.dispose()
    return {"prospects": prospects, "visits": len(hits), "beacons": beacons}


def load_events(conn, hits: list[tuple], rng: random.Random) -> int:
    """The hits as visit rows, numbered in time order, and their beacons; how many beacons."""
    stamp = stamper(conn.dialect.name)
    beacons = 0
    for start in range(0, len(hits), CHUNK):
        visit_rows, engagement_rows = [], []
        for number, hit in enumerate(hits[start : start + CHUNK], start + 1):
            prospect_id, at, kind, _visitor, _agent = hit
            visit_rows.append(visit_row(number, *hit, stamp))
            for what, when in beacons_of(kind, at, rng):
                if when <= BARE_NOW:  # a page still open at the measured moment: not yet
                    beacons += 1
                    engagement_rows.append((beacons, number, prospect_id, what, stamp(when)))
        bulk(conn, Visit.__table__, VISIT_COLUMNS, visit_rows)
        bulk(conn, Engagement.__table__, ENGAGEMENT_COLUMNS, engagement_rows)
    return beacons


VISIT_COLUMNS = ("id", "prospect_id", "at", "ip", "user_agent", "referrer", "method",
                 "classification", "reason", "visitor_id", "token", "engaged_at")  # fmt: skip
ENGAGEMENT_COLUMNS = ("id", "visit_id", "prospect_id", "kind", "at")
LOADED = (Visit.__table__, Engagement.__table__)


def bulk(conn, table, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Tuples straight to the driver (COPY on PostgreSQL): a million rows through
    SQLAlchemy's per-row parameter handling would take most of the seeding time."""
    names = ", ".join(columns)
    if conn.dialect.name == "postgresql":
        with conn.connection.driver_connection.cursor() as cursor:
            with cursor.copy(f"COPY {table.name} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        return
    marks = ", ".join(["?"] * len(columns))
    # Our own table and column names, never input: nothing to inject.
    conn.exec_driver_sql(f"INSERT INTO {table.name} ({names}) VALUES ({marks})", rows)  # noqa: S608


def stamper(dialect: str):
    """A naive UTC time as the column stores it (what models.UTCDateTime would bind)."""
    if dialect == "sqlite":
        return lambda at: at.isoformat(" ", "microseconds")
    return lambda at: at


def prospect_row(i: int, reps: int, rng: random.Random) -> dict:
    roll = rng.random()
    return {
        "id": i,
        "rep_id": (i - 1) % reps + 1,
        "first_name": f"First{i}",
        "last_name": f"Last{i}",
        "company": f"Company {i % 7919}",
        "phone": f"+1 415 555 {i % 10000:04}",
        "slug": f"First{i}-Last{i}",
        "slug_key": f"first{i}last{i}",
        "first_key": f"first{i}",
        "last_key": f"last{i}",
        "next_call_on": date(2026, 11, 26),
        "do_not_contact": roll < 0.01,
        "archived_at": NOW - timedelta(days=3) if 0.01 <= roll < 0.04 else None,
        # A call connected: what came before no longer counts.
        "score_since": NOW - timedelta(days=rng.uniform(0, 20)) if 0.04 <= roll < 0.10 else None,
        "created_at": NOW - timedelta(days=DAYS + 1),
    }


def generate_hits(total: int, attention: list[float], rng: random.Random):
    """(prospect_id, at, class, visitor, agent) for `total` hits, in runs of one visitor."""
    ids = range(1, len(attention) + 1)
    cumulative = list(itertools.accumulate(attention))
    shares = [share for _, share, _ in CLASSES]
    made = 0
    while made < total:
        for prospect_id in rng.choices(ids, cum_weights=cumulative, k=1000):
            kind, _, (least, most) = rng.choices(CLASSES, weights=shares)[0]
            # Traffic growing with the team: twice as many hits now as 60 days ago; and a
            # few people on their page right now, for "hot".
            if rng.random() < 0.001:
                age = rng.uniform(0, 900)
            else:
                age = DAYS * 86400 * (2 - math.sqrt(4 - 3 * rng.random()))
            at = BARE_NOW - timedelta(seconds=age)
            person = rng.randrange(3) if rng.random() < 0.15 else 0  # a forward, now and then
            visitor = "" if rng.random() < 0.1 else f"v{prospect_id}x{person}"
            agent = rng.choice(BOT_AGENTS if kind == BOT else AGENTS)
            for _ in range(rng.randint(least, most)):
                if made == total or at > BARE_NOW:
                    break
                yield prospect_id, at, kind, visitor, agent
                made += 1
                at += timedelta(seconds=rng.uniform(5, 900))


def visit_row(number, prospect_id, at, kind, visitor, agent, stamp) -> tuple:
    engaged = kind == ENGAGED
    return (number, prospect_id, stamp(at), f"198.51.{prospect_id % 256}.0", agent, "", "GET",
            kind, "beacon: visible" if engaged else "", "" if kind == BOT else visitor,
            f"t{number:x}", stamp(at + timedelta(seconds=2)) if engaged else None)  # fmt: skip


def beacons_of(kind: str, at: datetime, rng: random.Random) -> list[tuple[str, datetime]]:
    """What a person did: seen, often scrolled, sometimes the video, rarely a tap. The rep's
    own views report too, and a scanner now and then follows the hidden trap link."""
    if kind == BOT:
        return [("trap", at + timedelta(seconds=1))] if rng.random() < 0.1 else []
    if kind == UNCONFIRMED:
        return []
    done = [("visible", at + timedelta(seconds=2))]
    if kind == REP:
        return done
    if rng.random() < 0.6:
        done.append(("scroll", at + timedelta(seconds=rng.uniform(3, 60))))
    if rng.random() < 0.3:
        started = at + timedelta(seconds=rng.uniform(5, 60))
        done.append(("video_play", started))
        for step, kind in enumerate(VIDEO[: rng.randint(0, 4)], 1):
            done.append((kind, started + timedelta(seconds=30 * step)))
    if rng.random() < 0.08:
        done.append((rng.choice(CLICKS), at + timedelta(seconds=rng.uniform(10, 300))))
    return done


def busiest_rep(engine: Engine, weights: ranking.Weights) -> tuple[int, int]:
    """The rep with the most engaged hits that still count, and how many."""
    horizon = NOW - timedelta(hours=weights.half_life_hours * ranking.HORIZON_HALF_LIVES)
    with Session(engine) as session:
        return session.exec(
            select(Prospect.rep_id, func.count(Visit.id))
            .join(Visit, Visit.prospect_id == Prospect.id)
            .where(Visit.classification == ENGAGED, Visit.at >= horizon)
            .group_by(Prospect.rep_id)
            .order_by(func.count(Visit.id).desc())
            .limit(1)
        ).one()


def measure(engine: Engine, rep_id: int, weights: ranking.Weights, calls: int):
    """(p50 ms, p99 ms, the list as JSON) over `calls` calls after some to warm up."""
    took = []
    for number in range(WARM_UP + calls):
        with Session(engine) as session:
            start = time.perf_counter()
            rows = ranking.call_next(session, rep_id, weights, NOW, ZONE)
            if number >= WARM_UP:
                took.append(time.perf_counter() - start)
    took.sort()
    p99 = took[min(len(took) - 1, int(len(took) * 0.99))]
    return statistics.median(took) * 1000, p99 * 1000, [r.as_json() for r in rows]


@contextmanager
def postgres_url():
    """The PostgreSQL database to use: the one given, or a throwaway local server."""
    given = next((os.environ[name] for name in ENVIRONMENT if os.environ.get(name)), "")
    if given.startswith("postgres://"):  # a hosting platform's spelling, as landing.data.db takes
        given = "postgresql+psycopg://" + given.removeprefix("postgres://")
    if given:
        host = make_url(given).host
        if host not in LOCAL_HOSTS:
            sys.exit(f"call_next_speed: {host} is not this machine; give a 127.0.0.1 database")
        yield given
        return
    from tests.pg_server import server

    with server() as url:
        yield url


def seeded_data_arguments(
    description: str, calls: int, calls_help: str = "timed calls per database"
):
    """The arguments of every bench on this seeded data: which databases, how much, the seed."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--databases", default="sqlite,postgresql", help="comma-separated")
    parser.add_argument("--reps", type=int, default=50)
    parser.add_argument("--prospects", type=int, default=100_000)
    parser.add_argument("--visits", type=int, default=1_000_000)
    parser.add_argument("--calls", type=int, default=calls, help=calls_help)
    parser.add_argument("--seed", type=int, default=7)
    return parser


def databases(wanted: str, file_name: str):
    """(name, URL) of each database asked for: SQLite in a temporary file, then PostgreSQL;
    each is gone once the loop has moved past it."""
    names = wanted.split(",")
    if "sqlite" in names:
        with tempfile.TemporaryDirectory() as tmp:
            yield "sqlite", f"sqlite:///{Path(tmp) / file_name}"
    if "postgresql" in names:
        with postgres_url() as url:
            yield "postgresql", url


def as_a_worker() -> None:
    """Keep what lives as long as the process out of the collector's full passes, as each web
    worker does once started (gunicorn.conf.py): timed calls then pay what a request pays."""
    gc.collect()
    gc.freeze()


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]


def run(name: str, url: str, args, weights: ranking.Weights) -> list[dict]:
    started = time.perf_counter()
    counts = seed(url, args.reps, args.prospects, args.visits, random.Random(args.seed))
    seeded = time.perf_counter() - started
    engine = make_engine(url)
    rep_id, engaged = busiest_rep(engine, weights)
    as_a_worker()
    p50, p99, rows = measure(engine, rep_id, weights, args.calls)
    engine.dispose()
    figures = (counts["prospects"], counts["visits"], counts["beacons"])
    print(f"{name:10} {figures[0]:>9} {figures[1]:>9} {figures[2]:>9} {seeded:>8.1f} "
          f"{engaged:>8} {len(rows):>5} {p50:>8.1f} {p99:>8.1f}", flush=True)  # fmt: skip
    return rows


def main() -> None:
    args = seeded_data_arguments(__doc__.splitlines()[0], calls=100).parse_args()
    weights = ranking.Weights()
    print(f"{'database':10} {'prospects':>9} {'hits':>9} {'beacons':>9} {'seed s':>8} "
          f"{'engaged':>8} {'rows':>5} {'p50 ms':>8} {'p99 ms':>8}")  # fmt: skip
    lists = {}
    for name, url in databases(args.databases, "calls.sqlite3"):
        lists[name] = run(name, url, args, weights)
    print(f"(engaged: the busy rep's engaged hits in the last {ranking.HORIZON_HALF_LIVES} "
          f"half-lives; rows: prospects on their list; target p99 under 100 ms; "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f})")  # fmt: skip
    if len(lists) == 2:
        same = json.dumps(lists["sqlite"]) == json.dumps(lists["postgresql"])
        print("same list on both databases" if same else "THE LISTS DIFFER between databases")


if __name__ == "__main__":
    main()
