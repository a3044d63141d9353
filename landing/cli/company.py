"""The company's settings from a terminal, so a deployment can be configured by script: the
same names, the same stored values and the same checks (company.save) as /app/company."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext

from landing.cli.terminal import echo, emit, fail, fail_input, one_line, read_upload
from landing.core.validate import InputError
from landing.data.db import get_session
from landing.pages import images, posters
from landing.team import company


@click.group("company")
def company_group() -> None:
    """The company's settings, as an admin edits them at /app/company."""


def _shown(value: str | int) -> str:
    """A value inside a line of output; a multi-line one (offer, customers) goes on indented
    lines below its name."""
    text = str(value)
    if "\n" in text:
        return "".join(f"\n  {one_line(line)}" for line in text.splitlines())
    return one_line(text)


@company_group.command("show")
@click.option(
    "--json", "as_json", is_flag=True, help="Print one JSON object keyed by the names `set` takes."
)
@with_appcontext
def company_show(as_json: bool) -> None:
    """Every setting: an empty name or public address shows the configured one."""
    values = company.stored(get_session(), current_app.config)
    text = "\n".join(f"{field}: {_shown(value)}" for field, value in values.items())
    emit(values, as_json, text)


def _assignments(given: tuple[str, ...]) -> dict[str, str]:
    """KEY=VALUE arguments as a mapping, refused before anything is stored when one is not
    KEY=VALUE or names no setting."""
    values: dict[str, str] = {}
    for argument in given:
        field, equals, value = argument.partition("=")
        if not equals:
            fail(f"{one_line(argument)!r} is not KEY=VALUE (an empty value: KEY=).")
        if field not in company.FIELDS:
            fail(f"No setting {one_line(field)!r}. Settings: {', '.join(company.FIELDS)}.")
        values[field] = value
    return values


def _change(field: str, before: str | int, after: str | int) -> str:
    """One line for a one-line setting; a multi-line one shows its new lines below."""
    if "\n" in f"{before}{after}":
        return f"Set {field}:{_shown(after) or ' (empty)'}"
    return (
        f"Set {field}: {one_line(str(before)) or '(empty)'} → {one_line(str(after)) or '(empty)'}"
    )


@company_group.command("set")
@click.argument("assignments", nargs=-1, required=True, metavar="KEY=VALUE...")
@with_appcontext
def company_set(assignments: tuple[str, ...]) -> None:
    """Change the settings named; the rest keep their values. Checked as the form checks
    them: one refused value and nothing is stored. KEY= empties a setting that may be empty.
    `landing company show` lists the keys."""
    given = _assignments(assignments)
    session = get_session()
    before = company.stored(session, current_app.config)
    form = {field: str(value) for field, value in before.items()} | given
    try:
        company.save(session, **form, server_max_mb=current_app.config["VIDEO_MAX_MB"])
    except InputError as exc:
        fail_input(exc)
    after = company.stored(session, current_app.config)
    # Only the settings named: a save also tidies the others (a trailing blank line of the
    # scanner ranges), which is no change anyone asked about.
    changed = [field for field in given if after[field] != before[field]]
    for field in changed:
        echo(_change(field, before[field], after[field]))
    if "video_url" in changed:
        posters.ensure(current_app.instance_path, str(after["video_url"]))
    if not changed:
        echo("Nothing changed.")


@company_group.command("logo")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@with_appcontext
def company_logo(file: str) -> None:
    """Upload FILE (PNG, JPEG or WebP, at most 5 MB) as the logo, as the company form does:
    fitted within 480x160, re-encoded without its metadata, served from this app."""
    session = get_session()
    before = company.stored(session, current_app.config)
    try:
        url = images.store_image(session, read_upload(file), "logo", file)
        company.save(
            session, **{field: str(value) for field, value in before.items()} | {"logo_url": url}
        )
    except InputError as exc:
        fail_input(exc)
    echo(_change("logo_url", before["logo_url"], url))
