"""CSV import speed: 10,000 rows from a CRM export, planned and imported, in under 10 seconds.

Generates a CSV with Faker (CRM headers, names from three countries, about 1.5% bad rows:
no name, a bad email, a duplicate; and 0.5% with a bad phone, imported without it), then
times csv_import.plan (read, check, choose slugs) and csv_import.apply (one transaction:
prospects and their heard-URL index, and the recent misses that now resolve to them) into a
fresh database with 2,000 prospects and 2,000 misses of the last week already in it, and
checks that imported prospects resolve from a misheard URL. "cpu s" is this process's CPU
time for plan and apply (the PostgreSQL server's not included): on a shared machine it
moves less with other work than the seconds on the clock do.

Runs on SQLite (a temporary file) and on PostgreSQL: LANDING_BENCH_DATABASE_URL or
LANDING_TEST_DATABASE_URL (on 127.0.0.1 only; its landing tables are dropped and made
again), or else a throwaway server started by tests/pg_server.py. Usage: make bench, or
.venv/bin/python bench/import_speed.py [--databases sqlite] [--rows 10000]
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import secrets
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from faker import Faker
from sqlalchemy import func, insert, select
from sqlmodel import Session, SQLModel

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.call_next_speed import postgres_url  # noqa: E402
from landing.core.clock import utcnow  # noqa: E402
from landing.data.db import create_tables, make_engine  # noqa: E402
from landing.data.models import HeardKey, MissedVisit, Prospect  # noqa: E402
from landing.pages.visits import UNCONFIRMED  # noqa: E402
from landing.prospects import csv_import  # noqa: E402
from landing.prospects import service as prospects  # noqa: E402
from landing.team import reps  # noqa: E402
from landing.urls import heard_index, resolve  # noqa: E402

TARGET_SECONDS = 10
MISSES = 2000  # as many as a new prospect's misses are checked against (landing/pages/misses.py)
HEADER = ["First Name", "Last Name", "Account Name", "Job Title", "Email", "Mobile", "Lead Source"]


def generate(rows: int, seed: int) -> tuple[bytes, int, list[list[str]]]:
    """The CSV's bytes (UTF-8 with a BOM, as Excel saves it), how many rows are bad, and the
    good rows."""
    fake, rng = Faker(["en_US", "de_DE", "fr_FR"]), random.Random(seed)
    Faker.seed(seed)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    bad = 0
    written: list[list[str]] = []
    for i in range(rows):
        row = [
            fake.first_name(), fake.last_name(), fake.company(), fake.job(),
            f"person{i}@{fake.domain_name()}", f"({200 + i % 700}) 555-{i % 10000:04d}",
            "Webinar",
        ]  # fmt: skip
        roll = rng.random()
        if roll < 0.005:
            row[0] = row[1] = ""
        elif roll < 0.01:
            row[4] = "not-an-email"
        elif roll < 0.015:
            row[5] = "12"  # a warning: the row is imported without the phone
            written.append(row)
            writer.writerow(row)
            continue
        elif roll < 0.02 and written:
            row = list(rng.choice(written))
        else:
            written.append(row)
            writer.writerow(row)
            continue
        bad += 1
        writer.writerow(row)
    return ("\ufeff" + out.getvalue()).encode(), bad, written


def prepare(url: str, people: list[list[str]], rng: random.Random) -> None:
    """A database with a rep's existing list, and a week of misses: a few hundred of them
    typos of people about to be imported, the rest anything."""
    engine = make_engine(url)
    heard_index.listen()  # as create_app does: prospects written here keep their heard keys
    SQLModel.metadata.drop_all(engine)
    create_tables(engine)
    with Session(engine) as session:
        # Nobody signs in: any password the policy takes will do.
        password = secrets.token_urlsafe(16)
        rep = reps.create_rep(
            session, email="dana@acme.com", name="Dana Reyes", password=password, is_admin=True
        )
        fake = Faker()
        Faker.seed(1)
        for i in range(2000):  # a rep's existing list, through the app's own path
            prospects.create_prospect(
                session, rep, first_name=fake.first_name(), last_name=fake.last_name(),
                company=fake.company(), email=f"old{i}@example.com",
            )  # fmt: skip
        misses = [f"{first}-{last[:-1]}" for first, last, *_ in rng.sample(people, MISSES // 10)]
        misses += [fake.uri_path() for _ in range(MISSES - len(misses))]
        session.execute(
            insert(MissedVisit.__table__),
            [{"at": utcnow() - timedelta(hours=i % 150), "path": path, "classification":
              UNCONFIRMED} for i, path in enumerate(misses)],
        )  # fmt: skip
        session.commit()
    engine.dispose()


def run(name: str, url: str, data: bytes, bad: int, people: list[list[str]]) -> None:
    prepare(url, people, random.Random(1))
    engine = make_engine(url)
    with Session(engine) as session:
        rep = reps.first_admin(session)
        started, cpu = time.perf_counter(), time.process_time()
        planned = csv_import.plan(session, rep, data)
        planned_at = time.perf_counter()
        imported = csv_import.apply(session, rep, planned)
        done, cpu = time.perf_counter(), time.process_time() - cpu
        count = session.scalar(select(func.count()).select_from(Prospect))
        heard = session.scalar(select(func.count()).select_from(HeardKey))
        sample = planned.good[len(planned.good) // 2]
        misheard = sample.slug[:-1] + ("x" if sample.slug[-1] != "x" else "y")
        near = resolve.near_match(session.connection(), misheard)
        found = near.target_id and session.get(Prospect, near.target_id).slug == sample.slug
        exact = session.scalar(select(Prospect.id).where(Prospect.slug == sample.slug))
        claimed = session.scalar(
            select(func.count()).select_from(MissedVisit).where(MissedVisit.why == "resolved")
        )
    engine.dispose()
    rows = len(planned.rows)
    plan_s, apply_s, total = planned_at - started, done - planned_at, done - started
    print(f"{name:10} {rows:>6} {imported:>8} {len(planned.skipped):>7} {plan_s:>7.2f} "
          f"{rows / plan_s:>8.0f} {apply_s:>7.2f} {imported / apply_s:>8.0f} {total:>7.2f} "
          f"{cpu:>6.2f} {'ok' if total < TARGET_SECONDS else 'SLOW'}", flush=True)  # fmt: skip
    assert count == 2000 + imported and heard > count and exact, "import incomplete"
    assert len(planned.skipped) >= bad, "bad rows were not all skipped"
    print(f"{'':10} /{misheard} → {'/' + sample.slug if found else 'not found (ambiguous)'}; "
          f"{claimed} of {MISSES} recent misses now theirs")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--databases", default="sqlite,postgresql", help="comma-separated")
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    data, bad, people = generate(args.rows, args.seed)
    print(f"{len(data) / 1e6:.1f} MB CSV, {args.rows} rows, {bad} bad by design")
    print(f"{'database':10} {'rows':>6} {'imported':>8} {'skipped':>7} {'plan s':>7} "
          f"{'rows/s':>8} {'apply s':>7} {'rows/s':>8} {'total s':>7} {'cpu s':>6}")  # fmt: skip
    wanted = args.databases.split(",")
    if "sqlite" in wanted:
        with tempfile.TemporaryDirectory() as tmp:
            run("sqlite", f"sqlite:///{Path(tmp) / 'import.sqlite3'}", data, bad, people)
    if "postgresql" in wanted:
        with postgres_url() as url:
            run("postgresql", url, data, bad, people)
    print(f"(target: under {TARGET_SECONDS} s in all; {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.1f})")  # fmt: skip


if __name__ == "__main__":
    main()
