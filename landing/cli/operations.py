"""Running landing: create or upgrade the database and seed the demo (init), migrations,
backup and restore, the outbox worker, and the retention purge."""

from __future__ import annotations

import secrets
import sys
import threading
import time
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlmodel import Session

from landing.calls import background_export
from landing.cli.terminal import counted, echo, emit, fail
from landing.core import clock
from landing.data import backup, migrate, retention
from landing.data.db import get_engine, get_session
from landing.notify import outbox
from landing.pages import posters
from landing.prospects import service as prospects
from landing.team import company, reps
from landing.videos import library
from landing.videos import processing as video_processing

DEMO_EMAIL = "demo@example.com"


@click.command("init")
@with_appcontext
def init_command() -> None:
    """Create or upgrade the database; on first run, seed a demo admin and prospect and print
    the login."""
    migrate.upgrade(get_engine())
    session = get_session()
    login_file = Path(current_app.instance_path) / "demo-login.txt"
    if reps.first_admin(session) is None:
        password = secrets.token_urlsafe(12)
        rep = reps.create_rep(
            session, email=DEMO_EMAIL, name="Dana Reyes", password=password, is_admin=True
        )
        reps.update_profile(
            session, rep, name=rep.name, email=rep.email, phone="+1 555 010 0199",
            booking_url="", photo_url="",
        )  # fmt: skip
        company.save(
            session,
            name=current_app.config["COMPANY_NAME"],
            public_base_url="",
            video_url="https://www.youtube.com/watch?v=aqz-KE-bpKQ",
            offer_text="A 20-minute walkthrough of how teams like yours cut late shipments, "
            "on your own data.",
            reference_1="Northwind Traders",
            reference_2="",
        )
        prospects.create_prospect(
            session, rep, first_name="Rob", last_name="Mason", company="Acme Logistics",
            title="VP Operations", outcome="fewer late shipments",
        )  # fmt: skip
        login_file.write_text(f"{DEMO_EMAIL}\n{password}\n")
        login_file.chmod(0o600)
        echo("Created the database and a demo admin rep with one demo prospect.")
    base = company.current(session, current_app.config).public_base_url
    demo = prospects.find_by_slug(session, "Rob-Mason")
    echo(f"Database: {current_app.config['DATABASE_URL']}")
    if login_file.exists():
        email, password = login_file.read_text().split()[:2]
        echo(f"Sign in at {base}/login as {email} with password {password}")
        echo(f"  (from {login_file}; if you changed the password, use yours)")
    if demo:
        echo(f"Demo prospect's page: {base}/{demo.slug}")


@click.group("db")
def db_group() -> None:
    """The database schema."""


@db_group.command("upgrade")
@click.option("--to", "revision", default="head", help="A revision (default: the newest).")
@with_appcontext
def db_upgrade(revision: str) -> None:
    """Bring the schema up to date, keeping every row (safe to run on every deploy)."""
    try:
        before, after = migrate.upgrade(get_engine(), revision)
    except Exception as exc:  # noqa: BLE001  (any failure: say it plainly, exit non-zero)
        fail(f"upgrade failed, nothing changed: {exc}")
    if before == after:
        echo(f"Database schema is current ({after}).")
    else:
        echo(f"Database schema upgraded: {before or 'empty'} -> {after}.")


@db_group.command("current")
@with_appcontext
def db_current() -> None:
    """The schema revision of the database, and whether it is the newest."""
    with get_engine().connect() as conn:
        revision = migrate.current(conn)
    newest = migrate.head()
    state = "current" if revision == newest else f"behind; run `landing db upgrade` ({newest})"
    echo(f"{revision or 'none'}: {state}")
    if revision != newest:
        sys.exit(1)


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(path: Path) -> None:
    """Copy the database to PATH while the app runs (SQLite; PostgreSQL: pg_dump)."""
    try:
        pages = backup.backup(get_engine(), path)
    except backup.BackupError as exc:
        fail(str(exc))
    echo(f"Backed up to {path} ({pages} pages, one consistent moment).")


@click.command("restore")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def restore_command(path: Path) -> None:
    """Load a backup made by `landing backup` into this empty instance."""
    try:
        before, after = backup.restore(get_engine(), path)
    except backup.BackupError as exc:
        fail(str(exc))
    echo(f"Restored {path} (schema {before} -> {after}).")


@click.command("worker")
@click.option("--once", is_flag=True, help="Deliver what is due now, then exit.")
@with_appcontext
def worker_command(once: bool) -> None:
    """Deliver notices by email and webhook, with retries, make personal videos playable and
    run background exports, until stopped (Ctrl+C). On start, fetch the posters of videos
    that have none yet (not with --once, which processes the videos waiting and delivers
    what is due, then exits)."""
    engine, instance = get_engine(), current_app.instance_path
    if once:
        video_processing.process_waiting(engine, instance, current_app.config)
        outbox.run_worker(engine, current_app.config, once=True, also=_exports())
        return
    fetched = posters.fetch_missing(instance, get_session())
    if any(fetched.values()):
        echo(f"Video posters: {counted(fetched)}.")
    echo("Worker delivering notices, processing videos and exports (Ctrl+C stops).")
    stop = threading.Event()
    # Its own thread: a 3-minute video takes a minute or two, and mail must not wait.
    videos_thread = video_processing.start_thread(engine, instance, current_app.config, stop)
    try:
        outbox.run_worker(engine, current_app.config, stop=stop, also=_exports())
    finally:
        stop.set()
        videos_thread.join(timeout=30)


def _exports():
    """The worker's other job: background exports (landing.calls.background_export), and
    deleting expired ones once an hour."""
    engine, where, purged = get_engine(), background_export.folder(current_app.instance_path), [0.0]

    def run() -> int:
        with Session(engine) as session:
            settings = company.current(session, current_app.config)
            if time.monotonic() - purged[0] > 3600:
                background_export.purge(session, where)
                purged[0] = time.monotonic()
        return background_export.run_due(engine, where, settings, today=clock.today())

    return run


@click.command("purge")
@click.option("--dry-run", is_flag=True, help="Count what would be deleted; delete nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@with_appcontext
def purge_command(dry_run: bool, as_json: bool) -> None:
    """Delete visits and misses older than VISIT_RETENTION_DAYS, with their engagement,
    notices and deliveries; also expired retired slugs, old sign-in attempts, and personal
    videos no prospect has shown for a day, with their files. The worker does this daily."""
    days = current_app.config["VISIT_RETENTION_DAYS"]
    counts = retention.purge(get_session(), days=days, dry_run=dry_run)
    if not dry_run:  # expired background exports (kept a day), with their files
        where = background_export.folder(current_app.instance_path)
        counts["exports"] = background_export.purge(get_session(), where)
    # Videos no prospect shows (a day after the last one went), and their files.
    counts["videos"] = library.sweep(
        get_session(), current_app.config, current_app.instance_path, dry_run=dry_run
    )
    verb = "Would delete" if dry_run else "Deleted"
    emit(counts, as_json, f"{verb} (older than {days} days): {counted(counts)}.")
