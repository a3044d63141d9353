"""Heard URLs from a terminal: what a typed path reaches, and the misses of the last week."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from landing.cli.lookups import rep_or_first_admin
from landing.cli.terminal import emit, one_line
from landing.data.db import get_engine, get_session
from landing.pages import misses
from landing.urls import resolve, rival_pairs, website


@click.command("resolve")
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
            website.keys(conn),
        )
    if found.page:
        data = {"status": 200, "slug": found.page.slug}
    elif found.redirect_to:
        data = {"status": 301 if found.permanent else 302, "slug": found.redirect_to}
    else:
        data = {"status": 404, "slug": None}
    text = {200: "200 the page", 301: "301 to /{slug}", 302: "302 to /{slug} (near match)"}
    emit(data, as_json, text.get(data["status"], "404 not found").format(**data))


@click.command("misses")
@click.option("--rep", "rep_email", default=None, help="Rep's email (default: first admin).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@with_appcontext
def misses_command(rep_email: str | None, as_json: bool) -> None:
    """Mistyped URLs of the last 7 days that were probably meant for the rep's prospects."""
    rep = rep_or_first_admin(rep_email)
    rows = misses.for_rep(get_session(), rep.id)
    data = [{**misses.as_json(m.visit), "prospect": m.prospect.slug} for m in rows]
    lines = [
        f"{d['at']}  /{one_line(d['path']):30} "
        f"{'probably' if d['why'] == 'near' else 'now'} /{d['prospect']}"
        for d in data
    ]
    emit(data, as_json, "\n".join(lines) or "No misses in the last 7 days.")


@click.command("rivals")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@with_appcontext
def rivals_command(as_json: bool) -> None:
    """Pairs of URLs one letter or one sound apart (a listener may reach the wrong one of
    them), each with a rename for the one no voicemail has said yet."""
    with get_engine().connect() as conn:
        pairs = rival_pairs.find(conn)
    lines = [
        f"/{one_line(p.first.slug)} ({p.first.name}) ~ /{one_line(p.second.slug)} "
        f"({p.second.name}): {p.note}"
        for p in pairs
    ]
    emit([p.as_json() for p in pairs], as_json, "\n".join(lines) or "No rival URLs.")
