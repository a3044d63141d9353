"""CSV export speed: the rows just imported, exported in at most 1.5 times the import's time.

In one run, on a fresh database: a generated CRM CSV (bench/import_speed.py's, 10,000 rows
by default) is imported (csv_import.plan and apply, as `landing import` does), then exported
by `landing export` to a file and downloaded from /app/export.csv by a signed-in rep. Shown:
import and export seconds and their ratio (target ≤ 1.5), the web download's time to its
first byte (the header) and to its first rows, and the process's resident memory at rest
and at its peak while the web export runs (sampled every 5 ms; flat means within 30 MB).

Runs on SQLite (a temporary file) and on PostgreSQL (as bench/import_speed.py: a given
127.0.0.1 database or a throwaway server from tests/pg_server.py). Usage: make bench, or
.venv/bin/python bench/export_speed.py [--databases sqlite] [--rows 10000] [--large]
(--large: 100,000 rows as well; several minutes more).
"""

from __future__ import annotations

import argparse
import csv
import gc
import io
import json
import os
import re
import secrets
import subprocess  # nosec B404 - runs this script again
import sys
import tempfile
import threading
import time
from pathlib import Path

from sqlmodel import SQLModel

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.call_next_speed import postgres_url  # noqa: E402
from bench.import_speed import generate  # noqa: E402
from landing import create_app  # noqa: E402
from landing.cli import cli  # noqa: E402
from landing.data.db import create_tables, get_engine, get_session  # noqa: E402
from landing.prospects import csv_import  # noqa: E402
from landing.team import reps  # noqa: E402

TARGET_RATIO = 1.5
FLAT_MB = 30
PER_FILE = 10_000
PASSWORD = secrets.token_urlsafe(16)  # the bench signs in once, as the rep
PAGE = os.sysconf("SC_PAGE_SIZE")


def rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * PAGE / 1e6


class PeakMemory:
    """The highest resident memory seen while the with block runs."""

    def __enter__(self):
        self.peak, self._done = rss_mb(), threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self):
        while not self._done.wait(0.005):
            self.peak = max(self.peak, rss_mb())

    def __exit__(self, *exc):
        self._done.set()
        self._thread.join()
        self.peak = max(self.peak, rss_mb())


def make_app(url: str, instance: str, fresh: bool = True):
    app = create_app(
        {
            "INSTANCE_PATH": instance,
            "DATABASE_URL": url,
            "SECRET_KEY": "export-bench",
            "PUBLIC_BASE_URL": "https://acme.com",
            "COMPANY_NAME": "Acme",
        }
    )
    if not fresh:
        return app
    with app.app_context():
        SQLModel.metadata.drop_all(get_engine())
        create_tables(get_engine())
        reps.create_rep(
            get_session(), email="dana@acme.com", name="Dana Reyes", password=PASSWORD,
            is_admin=True,
        )  # fmt: skip
    return app


def in_files(data: bytes, rows: int) -> list[bytes]:
    """The CSV as files of at most PER_FILE rows (an import takes 20,000 at most): 100,000
    prospects arrive as ten files."""
    if rows <= PER_FILE:
        return [data]
    header, *records = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    files = []
    for start in range(0, len(records), PER_FILE):
        out = io.StringIO()
        csv.writer(out).writerows([header, *records[start : start + PER_FILE]])
        files.append(out.getvalue().encode())
    return files


def timed_import(app, files: list[bytes]) -> tuple[float, int]:
    with app.app_context():
        session = get_session()
        rep = reps.first_admin(session)
        started, imported = time.perf_counter(), 0
        for data in files:
            imported += csv_import.apply(session, rep, csv_import.plan(session, rep, data))
        return time.perf_counter() - started, imported


def timed_cli_export(app, path: Path) -> tuple[float, int]:
    started = time.perf_counter()
    result = app.test_cli_runner().invoke(cli, args=["export", str(path)])
    seconds = time.perf_counter() - started
    assert result.exit_code == 0, result.output
    with path.open(encoding="utf-8", newline="") as exported:
        return seconds, sum(1 for _ in csv.reader(exported)) - 1


def web_export_in_a_new_process(url: str, instance: str, password: str) -> dict:
    """timed_web_export in a process of its own, as a worker is: its resting memory is that
    of an app that has served nothing yet, not of this one after the import."""
    command = [sys.executable, __file__, "--web-only", url, instance]
    done = subprocess.run(  # noqa: S603 - this script, with its own arguments
        command, input=password, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def timed_web_export(app, password: str) -> dict:
    client = app.test_client()
    html = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    form = {"email": "dana@acme.com", "password": password, "csrf_token": token}
    assert client.post("/login", data=form).status_code == 302, "sign-in failed"
    gc.collect()
    resting = rss_mb()
    with PeakMemory() as memory:
        started = time.perf_counter()
        response = client.get("/app/export.csv")
        pieces = iter(response.response)
        size = len(next(pieces))
        first_byte = time.perf_counter() - started
        size += len(next(pieces, b""))
        first_rows = time.perf_counter() - started
        for piece in pieces:
            size += len(piece)
        seconds = time.perf_counter() - started
        response.close()
    assert response.status_code == 200 and response.is_streamed
    return {"seconds": seconds, "ttfb": first_byte, "first_rows": first_rows,
            "resting": resting, "peak": memory.peak, "mb": size / 1e6}  # fmt: skip


def run(name: str, url: str, data: bytes, rows: int) -> bool:
    with tempfile.TemporaryDirectory() as tmp:
        app = make_app(url, str(Path(tmp) / "instance"))
        import_s, imported = timed_import(app, in_files(data, rows))
        export_s, exported = timed_cli_export(app, Path(tmp) / "export.csv")
        with app.app_context():
            get_engine().dispose()
        web = web_export_in_a_new_process(url, str(Path(tmp) / "instance"), PASSWORD)
    assert exported == imported, f"exported {exported} of {imported} imported rows"
    ratio = export_s / import_s
    growth = web["peak"] - web["resting"]
    ok = ratio <= TARGET_RATIO and growth <= FLAT_MB
    print(f"{name:10} {rows:>7} {import_s:>8.2f} {export_s:>8.2f} {ratio:>6.2f} "
          f"{web['seconds']:>6.2f} {web['ttfb'] * 1000:>7.1f} {web['first_rows'] * 1000:>8.0f} "
          f"{web['mb']:>5.1f} {web['resting']:>6.0f} {web['peak']:>6.0f} {growth:>+6.1f} "
          f"{'ok' if ok else 'SLOW' if ratio > TARGET_RATIO else 'GROWS'}", flush=True)  # fmt: skip
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--databases", default="sqlite,postgresql", help="comma-separated")
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--large", action="store_true", help="100,000 rows as well")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--web-only", nargs=2, metavar=("URL", "INSTANCE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.web_only:
        app = make_app(*args.web_only, fresh=False)
        print(json.dumps(timed_web_export(app, sys.stdin.read())))
        return
    sizes = [args.rows] + ([100_000] if args.large and args.rows != 100_000 else [])
    print(f"{'database':10} {'rows':>7} {'import s':>8} {'export s':>8} {'ratio':>6} "
          f"{'web s':>6} {'ttfb ms':>7} {'rows ms':>8} {'MB':>5} {'rest':>6} {'peak':>6} "
          f"{'grew':>6}")  # fmt: skip
    wanted = args.databases.split(",")
    ok = True
    for rows in sizes:
        data, _bad, _people = generate(rows, args.seed)
        if "sqlite" in wanted:
            with tempfile.TemporaryDirectory() as tmp:
                ok &= run("sqlite", f"sqlite:///{Path(tmp) / 'export.sqlite3'}", data, rows)
        if "postgresql" in wanted:
            with postgres_url() as url:
                ok &= run("postgresql", url, data, rows)
    print(f"(target: export ≤ {TARGET_RATIO}× import, web export memory within {FLAT_MB} MB of "
          f"resting; memory in MB; {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.1f})")  # fmt: skip
    if not ok:
        sys.exit(1)


if __name__ == "__main__":
    main()
