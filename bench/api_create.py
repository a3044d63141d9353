"""API create latency: POST /api/v1/prospects, p50 and p90, with the compile cache and
without it (issue 22: every call that shows a script compiled its templates, ~1.7 ms each).

In one run, on a fresh database with 1,000 prospects already imported: CALLS creates
through the API with the cache disabled (each template compiled on every call, as before
the cache: landing.scripts.render._compiled replaced by a plain compile, in this script
only), then CALLS creates with it, alternating in rounds of 20 so that load on the machine
falls on both alike. Each create answers with the URL, the spoken URL, the first script
and the email, so each renders three templates. In-process (Flask's test client): no
network, no server.

Runs on SQLite (a temporary file) and on PostgreSQL (as bench/import_speed.py). Usage:
.venv/bin/python bench/api_create.py [--databases sqlite] [--calls 200]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from faker import Faker

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.call_next_speed import postgres_url  # noqa: E402
from bench.export_speed import make_app  # noqa: E402
from bench.import_speed import generate  # noqa: E402
from landing.data.db import get_session  # noqa: E402
from landing.prospects import csv_import  # noqa: E402
from landing.scripts import render  # noqa: E402
from landing.team import api_tokens, reps  # noqa: E402

ROUND = 20
CACHED = render._compiled


def uncached(env, source):
    """What every render did before the cache: compile the text again."""
    return env.from_string(source)


def run(name: str, url: str, calls: int) -> None:
    with tempfile.TemporaryDirectory() as instance:
        app = make_app(url, instance)
        app.config["API_RATE_PER_MINUTE"] = 100_000  # the bench calls faster than a CRM may
        with app.app_context():
            session = get_session()
            rep = reps.first_admin(session)
            data, _bad, _people = generate(1000, 3)
            csv_import.apply(session, rep, csv_import.plan(session, rep, data))
            token = api_tokens.create(session, rep, "bench")[1]
        client = app.test_client()
        headers = {"Authorization": f"Bearer {token}"}
        fake = Faker(["en_US", "de_DE"])
        Faker.seed(11)
        timings: dict[str, list[float]] = {"without cache": [], "with cache": []}

        def create() -> float:
            body = {"first_name": fake.first_name(), "last_name": fake.last_name(),
                    "company": fake.company(), "email": fake.unique.email()}  # fmt: skip
            started = time.perf_counter()
            response = client.post("/api/v1/prospects", json=body, headers=headers)
            took = (time.perf_counter() - started) * 1000
            assert response.status_code == 201, response.get_data(as_text=True)
            assert response.get_json()["script"], "no script in the answer"
            return took

        for _ in range(5):  # warm: the app's first requests
            create()
        for _ in range(0, calls, ROUND):
            for label, compiler in (("without cache", uncached), ("with cache", CACHED)):
                render._compiled = compiler
                timings[label] += [create() for _ in range(ROUND)]
        render._compiled = CACHED
    for label, took in timings.items():
        took.sort()
        p50, p90 = statistics.median(took), took[int(len(took) * 0.9)]
        print(f"{name:10} {label:14} {len(took):>6} {p50:>8.1f} {p90:>8.1f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--databases", default="sqlite,postgresql", help="comma-separated")
    parser.add_argument("--calls", type=int, default=200, help="creates per mode")
    args = parser.parse_args()
    print(f"{'database':10} {'templates':14} {'calls':>6} {'p50 ms':>8} {'p90 ms':>8}")
    wanted = args.databases.split(",")
    if "sqlite" in wanted:
        with tempfile.TemporaryDirectory() as tmp:
            run("sqlite", f"sqlite:///{Path(tmp) / 'api.sqlite3'}", args.calls)
    if "postgresql" in wanted:
        with postgres_url() as url:
            run("postgresql", url, args.calls)


if __name__ == "__main__":
    main()
