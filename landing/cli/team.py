"""The team from a terminal: add, invite, reset and deactivate reps, upload their photos;
their API tokens."""

from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import with_appcontext

from landing.cli.lookups import rep_or_fail
from landing.cli.terminal import echo, emit, fail, fail_input, read_upload
from landing.core import clock
from landing.core.validate import InputError
from landing.data.db import get_session
from landing.pages import images
from landing.team import api_tokens, company, membership, reps


@click.group("rep")
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
    rep = rep_or_fail(email)
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
    rep, to_rep = rep_or_fail(email), rep_or_fail(to_email)
    try:
        moved = membership.deactivate(get_session(), None, rep, to_rep)
    except InputError as exc:
        fail_input(exc)
    echo(f"Deactivated {rep.name}; {moved} prospects moved to {to_rep.name}.")


@rep_group.command("photo")
@click.argument("email")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@with_appcontext
def rep_photo(email: str, file: str) -> None:
    """Upload FILE (PNG, JPEG or WebP, at most 5 MB) as EMAIL's photo, as the profile form
    does: cropped square, re-encoded without its metadata, served from this app."""
    rep = rep_or_fail(email)
    session = get_session()
    try:
        url = images.store_image(session, read_upload(file), "photo", file)
        fields = {field: getattr(rep, field) for field in PROFILE_FIELDS}
        reps.update_profile(session, rep, **fields | {"photo_url": url})
    except InputError as exc:
        fail_input(exc)
    echo(f"{rep.name}'s photo is now {url}.")


PROFILE_FIELDS = (
    "name", "title", "email", "phone", "booking_url", "words_per_minute", "default_goal",
)  # fmt: skip


@click.group("token")
def token_group() -> None:
    """Reps' API tokens (Authorization: Bearer <token> for /api/v1)."""


@token_group.command("create")
@click.argument("email")
@click.option("--name", default="Command line", show_default=True, help="What it is for.")
@with_appcontext
def token_create(email: str, name: str) -> None:
    """Make an API token for EMAIL's rep, printed once on the last line (only a hash is kept)."""
    rep = rep_or_fail(email)
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
    rep = rep_or_fail(email)
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
    rep = rep_or_fail(email)
    session = get_session()
    found = api_tokens.find_by_prefix(session, rep, prefix)
    if len(found) != 1:
        fail(f"{len(found) or 'no'} live tokens of {rep.email} start with {prefix!r}")
    api_tokens.revoke(session, rep, found[0].id)
    echo(f"Revoked {found[0].name!r} ({found[0].prefix}…); it no longer works.")
