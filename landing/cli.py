"""The `landing` command: the same services as the web UI, for terminals and scripts."""

from __future__ import annotations

import secrets
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext

from landing import create_app
from landing.calls import csv_export, outcomes, pitches, ranking, voicemails
from landing.core import clock
from landing.core.validate import InputError
from landing.data import backup, migrate, retention
from landing.data.db import get_engine, get_session
from landing.data.models import Rep
from landing.notify import notices, outbox
from landing.pages import misses, visits
from landing.prospects import csv_import, qr
from landing.prospects import service as prospects
from landing.scripts import goals, templates
from landing.team import api_tokens, company, membership, reps
from landing.terminal import echo, json_text, one_line
from landing.urls import resolve
from landing.urls.slugs import page_url

DEMO_EMAIL = "demo@example.com"


@click.group(cls=FlaskGroup, create_app=create_app, add_default_commands=False)
def cli() -> None:
    """landing: speakable personal pages for prospects, and who to call next."""


def fail(message: str) -> None:
    echo(f"Error: {message}", err=True)
    sys.exit(1)


def fail_input(exc: InputError) -> None:
    fail("; ".join(f"{field.replace('_', ' ')}: {msg}" for field, msg in exc.errors.items()))


def emit(data, as_json: bool, text: str) -> None:
    echo(json_text(data) if as_json else text)


@cli.command("init")
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


@cli.group("db")
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


@cli.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(path: Path) -> None:
    """Copy the database to PATH while the app runs (SQLite; PostgreSQL: pg_dump)."""
    try:
        pages = backup.backup(get_engine(), path)
    except backup.BackupError as exc:
        fail(str(exc))
    echo(f"Backed up to {path} ({pages} pages, one consistent moment).")


@cli.command("restore")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def restore_command(path: Path) -> None:
    """Load a backup made by `landing backup` into this empty instance."""
    try:
        before, after = backup.restore(get_engine(), path)
    except backup.BackupError as exc:
        fail(str(exc))
    echo(f"Restored {path} (schema {before} -> {after}).")


@cli.group("rep")
def rep_group() -> None:
    """Manage reps."""


@rep_group.command("add")
@click.argument("email")
@click.option("--name", required=True, help="The rep's name, as said in voicemails.")
@click.option("--admin", is_flag=True, help="May edit company settings.")
@with_appcontext
def rep_add(email: str, name: str, admin: bool) -> None:
    """Add a rep; the password is read from standard input (prompted on a terminal)."""
    if sys.stdin.isatty():
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    try:
        rep = reps.create_rep(
            get_session(), email=email, name=name, password=password, is_admin=admin
        )
    except InputError as exc:
        fail_input(exc)
    echo(f"Added {'admin' if rep.is_admin else 'rep'} {rep.name} <{rep.email}>.")


def _team_link(token: str, *, reset: bool = False) -> str:
    base = company.current(get_session(), current_app.config).public_base_url
    return membership.link(base, token, reset=reset)


@rep_group.command("invite")
@click.argument("email")
@click.option("--admin", is_flag=True, help="May edit company settings and the team.")
@with_appcontext
def rep_invite(email: str, admin: bool) -> None:
    """Make a single-use join link for EMAIL (valid 7 days), printed on the last line."""
    try:
        row, token = membership.invite(get_session(), None, email, is_admin=admin)
    except InputError as exc:
        fail_input(exc)
    echo(f"Invite for {row.email}, works once until {row.expires_at:%Y-%m-%d %H:%M} UTC:")
    echo(_team_link(token))


@rep_group.command("reset")
@click.argument("email")
@with_appcontext
def rep_reset(email: str) -> None:
    """Sign EMAIL's rep out everywhere, void their password, and print a link (valid 1 day)
    where they choose a new one."""
    rep = _rep_or_first_admin(email)
    try:
        token = membership.force_reset(get_session(), None, rep)
    except InputError as exc:
        fail_input(exc)
    echo(
        f"{rep.name} is signed out and their API tokens are revoked;"
        " their new-password link works once, for a day:"
    )
    echo(_team_link(token, reset=True))


@rep_group.command("deactivate")
@click.argument("email")
@click.option("--reassign-to", "to_email", required=True, help="Who gets their prospects.")
@with_appcontext
def rep_deactivate(email: str, to_email: str) -> None:
    """Deactivate EMAIL's rep: they cannot sign in; their prospects (and pages) move on."""
    rep, to_rep = _rep_or_first_admin(email), _rep_or_first_admin(to_email)
    try:
        moved = membership.deactivate(get_session(), None, rep, to_rep)
    except InputError as exc:
        fail_input(exc)
    echo(f"Deactivated {rep.name}; {moved} prospects moved to {to_rep.name}.")


def _rep_or_first_admin(email: str | None) -> Rep:
    session = get_session()
    rep = reps.get_by_email(session, email) if email else reps.first_admin(session)
    if rep is None:
        fail(f"no rep with email {email}" if email else "no admin rep yet; run `landing init`")
    return rep


@cli.command("qr")
@click.argument("slug")
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def qr_command(slug: str, file: Path | None) -> None:
    """A QR code (SVG) of SLUG's page URL, for print and event follow-ups: into FILE, or
    printed when no FILE is given."""
    prospect = _prospect_or_fail(slug)
    base = company.current(get_session(), current_app.config).public_base_url
    url = page_url(base, prospect.slug)
    if file is None:
        click.echo(qr.svg(url), nl=False)
        return
    try:
        file.write_text(qr.svg(url))
    except OSError as exc:
        fail(f"could not write {file}: {exc.strerror}")
    echo(f"Wrote a QR code of {url} to {file}.")


@cli.group("token")
def token_group() -> None:
    """Reps' API tokens (Authorization: Bearer <token> for /api/v1)."""


@token_group.command("create")
@click.argument("email")
@click.option("--name", default="Command line", show_default=True, help="What it is for.")
@with_appcontext
def token_create(email: str, name: str) -> None:
    """Make an API token for EMAIL's rep, printed once on the last line (only a hash is kept)."""
    rep = _rep_or_first_admin(email)
    try:
        row, token = api_tokens.create(get_session(), rep, name)
    except InputError as exc:
        fail_input(exc)
    echo(f"API token {row.name!r} for {rep.name} <{rep.email}>; it is shown only now:")
    echo(token)


@token_group.command("list")
@click.argument("email")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@with_appcontext
def token_list(email: str, as_json: bool) -> None:
    """EMAIL's rep's API tokens: prefix, name, created, last used, revoked."""
    rep = _rep_or_first_admin(email)
    rows = [
        {
            "prefix": t.prefix, "name": t.name, "created_at": clock.iso(t.created_at),
            "last_used_at": t.last_used_at and clock.iso(t.last_used_at),
            "revoked_at": t.revoked_at and clock.iso(t.revoked_at),
        }
        for t in api_tokens.list_for(get_session(), rep)
    ]  # fmt: skip
    lines = [
        f"{r['prefix']}…  {r['name']:30} created {r['created_at']}  "
        + (f"revoked {r['revoked_at']}" if r["revoked_at"] else f"last used {r['last_used_at']}")
        for r in rows
    ]
    emit(rows, as_json, "\n".join(lines) or "No API tokens.")


@token_group.command("revoke")
@click.argument("email")
@click.argument("prefix")
@with_appcontext
def token_revoke(email: str, prefix: str) -> None:
    """Revoke EMAIL's rep's live token that starts with PREFIX (as `token list` shows it)."""
    rep = _rep_or_first_admin(email)
    session = get_session()
    found = api_tokens.find_by_prefix(session, rep, prefix)
    if len(found) != 1:
        fail(f"{len(found) or 'no'} live tokens of {rep.email} start with {prefix!r}")
    api_tokens.revoke(session, rep, found[0].id)
    echo(f"Revoked {found[0].name!r} ({found[0].prefix}…); it no longer works.")


@cli.group("prospect")
def prospect_group() -> None:
    """Manage prospects."""


@prospect_group.command("add")
@click.option("--first", "first_name", required=True, help="First name.")
@click.option("--last", "last_name", default="", help="Last name.")
@click.option("--company", "company_name", default="", help="The prospect's company.")
@click.option("--title", default="", help="Job title.")
@click.option("--email", default="", help="Email address, for the follow-up email.")
@click.option("--phone", default="", help="Phone number, with country code.")
@click.option("--outcome", default="", help='What they want, e.g. "fewer late shipments".')
@click.option("--goal", default="", help=f"Voicemail goal: {', '.join(goals.GOALS)}.")
@click.option("--spelling", "name_spelling", default="", help='e.g. "Siobhan, S I O B H A N".')
@click.option("--rep", "rep_email", default=None, help="Owning rep's email (default: first admin).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@with_appcontext
def prospect_add(rep_email, as_json, first_name, last_name, company_name, **fields):
    """Add a prospect; print the URL, spoken URL, voicemail script and follow-up email."""
    rep = _rep_or_first_admin(rep_email)
    session = get_session()
    try:
        prospect = prospects.create_prospect(
            session, rep, first_name=first_name, last_name=last_name, company=company_name,
            **fields,
        )  # fmt: skip
    except InputError as exc:
        fail_input(exc)
    warning = prospects.slug_warning(session, prospect)
    if warning and not as_json:
        echo(
            f"Warning: {warning.message}\n"
            f"  Change it before the voicemail: landing prospect rename {prospect.slug} NEW",
            err=True,
        )
    _show_pitch(prospect, rep, as_json, extra={"slug_warning": warning and warning.as_json()})


@prospect_group.command("rename")
@click.argument("slug")
@click.argument("new_slug")
@with_appcontext
def prospect_rename(slug: str, new_slug: str) -> None:
    """Give SLUG's prospect another URL (only until a voicemail has said it)."""
    prospect = _prospect_or_fail(slug)
    try:
        prospects.change_slug(get_session(), prospect, new_slug)
    except InputError as exc:
        fail_input(exc)
    echo(f"{prospect.full_name}: /{prospect.slug} (was /{slug}).")


@prospect_group.command("archive")
@click.argument("slug")
@with_appcontext
def prospect_archive(slug: str) -> None:
    """Archive SLUG's prospect: off every list, the URL answers 404, the slug stays theirs."""
    prospect = _prospect_or_fail(slug)
    prospects.archive(get_session(), prospect)
    echo(f"Archived {prospect.full_name}; /{prospect.slug} now answers 404.")


@prospect_group.command("restore")
@click.argument("slug")
@with_appcontext
def prospect_restore(slug: str) -> None:
    """Bring an archived prospect back, with their URL."""
    prospect = _prospect_or_fail(slug)
    prospects.restore(get_session(), prospect)
    echo(f"Restored {prospect.full_name}; /{prospect.slug} works again.")


@prospect_group.command("delete")
@click.argument("slug")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@with_appcontext
def prospect_delete(slug: str, as_json: bool) -> None:
    """Delete SLUG's prospect with their visits, notices, voicemails and calls logged."""
    prospect = _prospect_or_fail(slug)
    name = prospect.full_name
    counts = prospects.delete_prospect(get_session(), prospect)
    emit(counts, as_json, f"Deleted {name} (/{slug}): {_counted(counts)}.")


@prospect_group.command("forget")
@click.argument("slug")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@with_appcontext
def prospect_forget(slug: str, as_json: bool) -> None:
    """Forget SLUG's prospect (a person's request to erase their data): everything `delete`
    removes, and the misses that may have been theirs; the slug goes to no one else for
    VISIT_RETENTION_DAYS."""
    prospect = _prospect_or_fail(slug)
    name, canonical = prospect.full_name, prospect.slug
    days = current_app.config["VISIT_RETENTION_DAYS"]
    counts = prospects.forget_prospect(get_session(), prospect, days=days)
    text = (
        f"Forgot {name}: {_counted(counts)}.\n"
        f"/{canonical} will not be given to anyone else for {days} days."
    )
    emit(counts, as_json, text)


def _counted(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {kind.replace('_', ' ')}" for kind, n in counts.items())


def _show_pitch(prospect, rep, as_json: bool, extra: dict | None = None, **choice) -> None:
    session = get_session()
    try:
        pitch = pitches.pitch_for(
            session, prospect, rep, company.current(session, current_app.config),
            today=clock.today(), **choice,
        )  # fmt: skip
    except InputError as exc:
        fail_input(exc)
    data = {"id": prospect.id, "name": prospect.full_name, **pitch.as_dict(), **(extra or {})}
    warnings = "".join(f"\n  ! {w['message']}" for w in pitch.warnings)
    text = (
        f"URL:     {pitch.url}\nSay:     {pitch.spoken_url}\n\n"
        f"Voicemail {pitch.attempt} ({pitch.goal}, {pitch.template_name}), "
        f"~{pitch.script_seconds} s:\n{pitch.script}{warnings}\n\n"
        f"Subject: {pitch.email_subject}\n\n{pitch.email_body}"
    )
    emit(data, as_json, text)


def _prospect_or_fail(slug: str):
    prospect = prospects.find_by_slug(get_session(), slug)
    if prospect is None:
        fail(f"no prospect with slug {slug}")
    return prospect


@cli.group("script")
def script_group() -> None:
    """Voicemail scripts: show the next one for a prospect."""


@script_group.command("show")
@click.argument("slug")
@click.option("--goal", default=None, help=f"One of: {', '.join(goals.GOALS)}.")
@click.option("--attempt", type=click.IntRange(1, 99), default=None, help="Voicemail number.")
@click.option("--template", "template_key", default=None, help="A template key or id.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@with_appcontext
def script_show(slug, goal, attempt, template_key, as_json) -> None:
    """The voicemail script, its lint and follow-up email for the prospect's next attempt."""
    prospect = _prospect_or_fail(slug)
    rep = reps.get_rep(get_session(), prospect.rep_id)
    _show_pitch(prospect, rep, as_json, goal=goal, attempt=attempt, template_key=template_key)


@cli.group("voicemail")
def voicemail_group() -> None:
    """Voicemails left."""


@voicemail_group.command("log")
@click.argument("slug")
@click.option("--template", "template_key", default=None, help="Template used (default: as shown).")
@click.option("--goal", default=None, help="Goal (default: the template's).")
@click.option("--attempt", type=click.IntRange(1, 99), default=None, help="Default: the next.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@with_appcontext
def voicemail_log(slug, template_key, goal, attempt, as_json) -> None:
    """Record a voicemail left for SLUG; moves the prospect to the next attempt and call day."""
    session = get_session()
    prospect = _prospect_or_fail(slug)
    rep = reps.get_rep(session, prospect.rep_id)
    try:
        logged = outcomes.log_outcome(
            session, rep, prospect, outcomes.VOICEMAIL_LEFT, today=clock.today(),
            settings=company.current(session, current_app.config), template_key=template_key,
            goal=goal, attempt=attempt,
        )  # fmt: skip
    except InputError as exc:
        fail_input(exc)
    data = {
        "slug": prospect.slug, "attempt": logged.attempt, "goal": logged.goal,
        "template": logged.template_key, "at": clock.iso(logged.at),
        "next_call_on": prospect.next_call_on.isoformat(),
    }  # fmt: skip
    text = (
        f"Voicemail {logged.attempt} for {prospect.full_name} logged "
        f"({logged.goal}, template {logged.template_key}); next call {prospect.next_call_on}."
    )
    emit(data, as_json, text)


@cli.command("outcome")
@click.argument("slug")
@click.argument("kind", type=click.Choice(outcomes.KINDS))
@with_appcontext
def outcome_command(slug: str, kind: str) -> None:
    """Log a call to SLUG: what happened sets the next call day (and may reset the score).

    voicemail_left logs the voicemail the script shows now (`landing voicemail log` chooses)."""
    session = get_session()
    prospect = _prospect_or_fail(slug)
    rep = reps.get_rep(session, prospect.rep_id)
    settings = company.current(session, current_app.config)
    try:
        outcomes.log_outcome(session, rep, prospect, kind, today=clock.today(), settings=settings)
    except InputError as exc:
        fail_input(exc)
    then = "never again" if prospect.do_not_contact else f"next call {prospect.next_call_on}"
    echo(f"Logged {kind.replace('_', ' ')} for {prospect.full_name}; {then}.")


@cli.command("templates")
@click.option("--rep", "rep_email", default=None, help="Whose view (default: first admin).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@with_appcontext
def templates_command(rep_email: str | None, as_json: bool) -> None:
    """Voicemail templates with their results: voicemails, visit rate and 95% interval."""
    session = get_session()
    rep = _rep_or_first_admin(rep_email)
    stats = voicemails.template_stats(session)
    rows = []
    for item in templates.library(session, rep):
        t, found = item.template, stats.get(item.template.key)
        rows.append({
            "template": t.key, "name": t.name, "goal": t.goal, "attempt": t.attempt,
            "scope": item.scope, "active": item.active,
            **(found.as_dict() if found else {"voicemails": 0}),
        })  # fmt: skip
    lines = [
        f"{r['template']:22} {r['goal']:9} {str(r['attempt'] or 'any'):4} "
        f"{'on ' if r['active'] else 'off'} {r['voicemails']:5} voicemails"
        + (f"  {r['rate']:.0%} visited [{r['low']:.0%}-{r['high']:.0%}]" if r["voicemails"] else "")
        + ("  LEADING" if r.get("leading") else "")
        for r in rows
    ]
    emit(rows, as_json, "\n".join(lines))


@cli.command("calls")
@click.option("--rep", "rep_email", default=None, help="Rep's email (default: first admin).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@with_appcontext
def calls(rep_email: str | None, as_json: bool) -> None:
    """Who to call next: hot now first, then by score, each with the reason in words."""
    session = get_session()
    rep = _rep_or_first_admin(rep_email)
    settings = company.current(session, current_app.config)
    rows = ranking.call_next(
        session, rep.id, ranking.Weights.of(settings), zone=notices.rep_zone(rep)
    )
    lines = [
        f"{'HOT ' if r.hot else '    '}{r.score:6.1f}  {r.prospect.full_name:28} {r.reason}"
        for r in rows
    ]
    emit([r.as_json() for r in rows], as_json, "\n".join(lines) or "Nobody has engaged yet.")


@cli.command("worker")
@click.option("--once", is_flag=True, help="Deliver what is due now, then exit.")
@with_appcontext
def worker_command(once: bool) -> None:
    """Deliver notices by email and webhook, with retries, until stopped (Ctrl+C)."""
    if not once:
        echo("Worker delivering notices (Ctrl+C stops).")
    outbox.run_worker(get_engine(), current_app.config, once=once)


@cli.command("purge")
@click.option("--dry-run", is_flag=True, help="Count what would be deleted; delete nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@with_appcontext
def purge_command(dry_run: bool, as_json: bool) -> None:
    """Delete visits and misses older than VISIT_RETENTION_DAYS, with their engagement,
    notices and deliveries; also expired retired slugs and old sign-in attempts. The worker
    does this once a day."""
    days = current_app.config["VISIT_RETENTION_DAYS"]
    counts = retention.purge(get_session(), days=days, dry_run=dry_run)
    verb = "Would delete" if dry_run else "Deleted"
    emit(counts, as_json, f"{verb} (older than {days} days): {_counted(counts)}.")


@cli.command("resolve")
@click.argument("path")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@with_appcontext
def resolve_command(path: str, as_json: bool) -> None:
    """What a typed PATH gives a visitor: the page, a redirect, or 404 (nothing is logged)."""
    with get_engine().connect() as conn:
        found = resolve.resolve(
            path.lstrip("/"),
            lambda key: resolve.load_page(conn, key),
            lambda heard: resolve.near_match(conn, heard),
        )
    if found.page:
        data = {"status": 200, "slug": found.page.slug}
    elif found.redirect_to:
        data = {"status": 301 if found.permanent else 302, "slug": found.redirect_to}
    else:
        data = {"status": 404, "slug": None}
    text = {200: "200 the page", 301: "301 to /{slug}", 302: "302 to /{slug} (near match)"}
    emit(data, as_json, text.get(data["status"], "404 not found").format(**data))


@cli.command("misses")
@click.option("--rep", "rep_email", default=None, help="Rep's email (default: first admin).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@with_appcontext
def misses_command(rep_email: str | None, as_json: bool) -> None:
    """Mistyped URLs of the last 7 days that were probably meant for the rep's prospects."""
    rep = _rep_or_first_admin(rep_email)
    rows = misses.for_rep(get_session(), rep.id)
    data = [{**misses.as_json(m.orphan), "prospect": m.prospect.slug} for m in rows]
    lines = [
        f"{d['at']}  /{one_line(d['path']):30} "
        f"{'probably' if d['why'] == 'near' else 'now'} /{d['prospect']}"
        for d in data
    ]
    emit(data, as_json, "\n".join(lines) or "No misses in the last 7 days.")


@cli.command("visits")
@click.argument("slug")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@with_appcontext
def visits_command(slug: str, as_json: bool) -> None:
    """Every recorded request for one prospect's page, newest first, with its class."""
    prospect = prospects.find_by_slug(get_session(), slug)
    if prospect is None:
        fail(f"no prospect with slug {slug}")
    rows = [visits.as_json(v) for v in visits.history(get_session(), prospect.id)]
    lines = [
        f"{r['at']}  {r['classification']:11} {r['reason']:30} {r['user_agent'][:60]}" for r in rows
    ]
    emit(rows, as_json, "\n".join(lines) or "No visits yet.")


@cli.command("import")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--rep", "rep_email", default=None, help="Owning rep's email (default: first admin).")
@click.option("--dry-run", is_flag=True, help="Show what would be imported; import nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the plan as one JSON object.")
@with_appcontext
def import_command(path: Path, rep_email: str | None, dry_run: bool, as_json: bool) -> None:
    """Import prospects from a CSV (PATH, or - for stdin): each row's URL, or why it is
    skipped by line number; all good rows go in together, or none."""
    rep = _rep_or_first_admin(rep_email)
    session = get_session()
    try:
        data = sys.stdin.buffer.read() if str(path) == "-" else path.read_bytes()
    except OSError as exc:
        fail(f"cannot read {path}: {exc.strerror}")
    try:
        planned = csv_import.plan(session, rep, data)
        imported = 0 if dry_run else csv_import.apply(session, rep, planned)
    except InputError as exc:
        fail_input(exc)
    result = planned.as_json() | {"imported": imported, "dry_run": dry_run}
    lines = [
        f"line {r.line:>5}  /{r.slug}"
        if r.ok
        else f"line {r.line:>5}  skipped: "
        + "; ".join(f"{f.replace('_', ' ')}: {m}" for f, m in r.errors.items())
        for r in planned.rows
    ]
    verb = "Would import" if dry_run else "Imported"
    count = len(planned.good) if dry_run else imported
    lines.append(f"{verb} {count} prospects; skipped {len(planned.skipped)} rows.")
    emit(result, as_json, "\n".join(lines))
    if not planned.good:
        fail("no row could be imported.")


@cli.command("export")
@click.argument("path", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--rep", "rep_email", default=None, help="Rep's email (default: first admin).")
@with_appcontext
def export_command(path: str, rep_email: str | None) -> None:
    """Write the rep's current prospects as CSV to PATH (- for stdout): URL, spoken URL, next
    voicemail script, follow-up subject, last visit, score."""
    rep = _rep_or_first_admin(rep_email)
    session = get_session()
    settings = company.current(session, current_app.config)
    table = csv_export.rows(session, rep, settings, today=clock.today())
    text = csv_export.to_csv(table)
    if path == "-":
        click.echo(text, nl=False)
        return
    try:
        Path(path).write_text(text, encoding="utf-8", newline="")
    except OSError as exc:
        fail(f"cannot write {path}: {exc.strerror}")
    echo(f"Wrote {len(table)} prospects to {path}.", err=True)
