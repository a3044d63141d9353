"""Prospects from a terminal: add, rename, archive, restore, delete and forget one; its QR
code and visits; import a CSV list and export the rep's list."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from landing.calls import csv_export
from landing.cli.calls import show_pitch
from landing.cli.lookups import prospect_or_fail, rep_or_first_admin
from landing.cli.terminal import counted, echo, emit, fail, fail_input, progress
from landing.core import clock
from landing.core.validate import InputError
from landing.data.db import get_engine, get_session
from landing.pages import visit_story, visits
from landing.prospects import csv_import, duplicates, qr
from landing.prospects import service as prospects
from landing.scripts import goals
from landing.team import company
from landing.urls.slugs import page_url
from landing.videos import library


@click.command("qr")
@click.argument("slug")
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def qr_command(slug: str, file: Path | None) -> None:
    """A QR code (SVG) of SLUG's page URL, for print and event follow-ups: into FILE, or
    printed when no FILE is given."""
    prospect = prospect_or_fail(slug)
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


@click.group("prospect")
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
@click.option("--language", default="", help="Their page's language: en, de, fr, es, nl, pt.")
@click.option("--rep", "rep_email", default=None, help="Owning rep's email (default: first admin).")
@click.option("--slug", default="", help="The URL to use (default: one that sounds like no other).")
@click.option(
    "--allow-rival", is_flag=True, help="Keep --slug even though it sounds like another URL."
)
@click.option(
    "--allow-duplicate", is_flag=True,
    help="Add them even though a prospect has the same email, or name and company.",
)  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@with_appcontext
def prospect_add(rep_email, as_json, first_name, last_name, company_name, **fields):
    """Add a prospect; print the URL, spoken URL, voicemail script and follow-up email. When
    First-Last sounds like another URL, another speakable one is chosen, and said so."""
    rep = rep_or_first_admin(rep_email)
    session = get_session()
    try:
        prospect, choice = prospects.add_prospect(
            session, rep, first_name=first_name, last_name=last_name, company=company_name,
            **fields,
        )  # fmt: skip
    except prospects.RivalSlug as exc:
        fail(f"{exc.errors['slug']} (--allow-rival)")
    except duplicates.Duplicate as exc:
        fail(f"{exc.message} (--allow-duplicate)")
    except InputError as exc:
        fail_input(exc)
    if choice.moved and not as_json:
        echo(f"URL: {choice.message(rep.id)}", err=True)
    warning = prospects.slug_warning(session, prospect)
    if warning and not as_json:
        echo(
            f"Warning: {warning.message}\n"
            f"  Change it before the voicemail: landing prospect rename {prospect.slug} NEW",
            err=True,
        )
    extra = {"slug_warning": warning and warning.as_json(), "slug_choice": choice.as_json(rep.id)}
    show_pitch(prospect, rep, as_json, extra=extra)


@prospect_group.command("rename")
@click.argument("slug")
@click.argument("new_slug")
@click.option("--allow-rival", is_flag=True, help="Keep NEW_SLUG though it sounds like another.")
@with_appcontext
def prospect_rename(slug: str, new_slug: str, allow_rival: bool) -> None:
    """Give SLUG's prospect another URL (only until a voicemail has said it)."""
    prospect = prospect_or_fail(slug)
    try:
        prospects.change_slug(get_session(), prospect, new_slug, allow_rival=allow_rival)
    except prospects.RivalSlug as exc:
        fail(f"{exc.errors['slug']} (--allow-rival)")
    except InputError as exc:
        fail_input(exc)
    echo(f"{prospect.full_name}: /{prospect.slug} (was /{slug}).")


@prospect_group.command("archive")
@click.argument("slug")
@with_appcontext
def prospect_archive(slug: str) -> None:
    """Archive SLUG's prospect: off every list, the URL answers 404, the slug stays theirs."""
    prospect = prospect_or_fail(slug)
    prospects.archive(get_session(), prospect)
    echo(f"Archived {prospect.full_name}; /{prospect.slug} now answers 404.")


@prospect_group.command("restore")
@click.argument("slug")
@with_appcontext
def prospect_restore(slug: str) -> None:
    """Bring an archived prospect back, with their URL."""
    prospect = prospect_or_fail(slug)
    prospects.restore(get_session(), prospect)
    echo(f"Restored {prospect.full_name}; /{prospect.slug} works again.")


@prospect_group.command("delete")
@click.argument("slug")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@with_appcontext
def prospect_delete(slug: str, as_json: bool) -> None:
    """Delete SLUG's prospect with their visits, notices, voicemails and calls logged."""
    prospect = prospect_or_fail(slug)
    name, video = prospect.full_name, prospect.video_id
    counts = prospects.delete_prospect(get_session(), prospect)
    if video:
        counts["videos"] = _release(video)
    emit(counts, as_json, f"Deleted {name} (/{slug}): {counted(counts)}.")


@prospect_group.command("forget")
@click.argument("slug")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@with_appcontext
def prospect_forget(slug: str, as_json: bool) -> None:
    """Forget SLUG's prospect (a person's request to erase their data): everything `delete`
    removes, and the misses that may have been theirs; the slug goes to no one else for
    VISIT_RETENTION_DAYS."""
    prospect = prospect_or_fail(slug)
    name, canonical, video = prospect.full_name, prospect.slug, prospect.video_id
    days = current_app.config["VISIT_RETENTION_DAYS"]
    counts = prospects.forget_prospect(get_session(), prospect, days=days)
    if video:
        counts["videos"] = _release(video)
    text = (
        f"Forgot {name}: {counted(counts)}.\n"
        f"/{canonical} will not be given to anyone else for {days} days."
    )
    emit(counts, as_json, text)


def _release(video_id: int) -> int:
    """The prospect's video, row and files, when no other prospect shows it."""
    config, instance = current_app.config, current_app.instance_path
    return library.release(get_session(), config, instance, [video_id])


@click.command("visits")
@click.argument("slug")
@click.option(
    "--limit", type=click.IntRange(1, visits.MOST_PER_PAGE), default=200, show_default=True,
    help="Visits on this page.",
)  # fmt: skip
@click.option("--after", type=click.IntRange(1), default=None, help="Go on below this visit id.")
@click.option("--json", "as_json", is_flag=True, help='Print {"visits": [...], "next_after"}.')
@with_appcontext
def visits_command(slug: str, limit: int, after: int | None, as_json: bool) -> None:
    """Every recorded request for one prospect's page, newest first: who it was as far as we
    can tell, why, and what they did. Pages through all of them with --after."""
    prospect = prospect_or_fail(slug)
    session = get_session()
    hits, next_after = visits.page_of(session, prospect.id, limit, after)
    told = visit_story.stories(session, hits)
    data = {"visits": [story.as_json() for story in told], "next_after": next_after}
    lines = [_told(story) for story in told]
    if next_after:
        lines.append(f"More: landing visits {prospect.slug} --after {next_after}")
    emit(data, as_json, "\n".join(lines) or "No visits yet.")


def _told(story: visit_story.Story) -> str:
    """A visit in three lines: id, time, class and device; why; what they did."""
    hit = story.visit
    label = visits.LABELS.get(hit.classification, hit.classification)
    lines = [f"{hit.id:>7}  {clock.iso(hit.at)}  {label:12} {story.device or '(unknown agent)'}"]
    lines.append(f"{'':9}{story.why}")
    if story.steps:
        lines.append(f"{'':9}{story.timeline}")
    return "\n".join(lines)


@click.command("import")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--rep", "rep_email", default=None, help="Owning rep's email (default: first admin).")
@click.option("--dry-run", is_flag=True, help="Show what would be imported; import nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the plan as one JSON object.")
@click.option(
    "--map", "mapping", multiple=True, metavar="FIELD=HEADER",
    help="Fill FIELD from the column HEADER, whatever was guessed: --map company='Account'; "
    "--map phone=- imports no phone. Repeatable.",
)  # fmt: skip
@click.option(
    "--names-from-email", is_flag=True,
    help="Import rows that have no name under the name their email spells (rob.mason@ is "
    "Rob Mason); without it they are skipped. Check those names with --dry-run first.",
)  # fmt: skip
@with_appcontext
def import_command(
    path: Path,
    rep_email: str | None,
    dry_run: bool,
    as_json: bool,
    mapping: tuple[str, ...],
    names_from_email: bool,
) -> None:
    """Import prospects from a CSV (PATH, or - for stdin): each row's URL, or why it is
    skipped by line number; all good rows go in together, or none. Which column fed each
    field is printed first (and as "mapping" in --json)."""
    chosen = {}
    for pair in mapping:
        field, sep, header = pair.partition("=")
        if not sep or not field.strip() or not header.strip():
            fail(f"--map {pair!r}: write it as field=Header, e.g. company=Account.")
        chosen[field.strip()] = header.strip()
    rep = rep_or_first_admin(rep_email)
    session = get_session()
    try:
        data = sys.stdin.buffer.read() if str(path) == "-" else path.read_bytes()
    except OSError as exc:
        fail(f"cannot read {path}: {exc.strerror}")
    try:
        planned = csv_import.plan(session, rep, data, chosen, names_from_email)
        imported = 0 if dry_run else csv_import.apply(session, rep, planned)
    except InputError as exc:
        fail_input(exc)
    result = planned.as_json() | {"imported": imported, "dry_run": dry_run}
    lines = [
        f"{f.replace('_', ' ').capitalize()} ← {', then '.join(headers)}"
        for f, headers in planned.mapping.items()
    ]
    lines += [
        f"{f.replace('_', ' ').capitalize()}: not imported"
        for f, h in chosen.items()
        if h == csv_import.crm_headers.NOT_IMPORTED
    ]
    lines += [
        f"line {r.line:>5}  /{r.slug}"
        + "".join(f"  ({note})" for note in [r.slug_notice, *_warnings(r)] if note)
        + (f"  (name read from email: {r.email_name})" if r.email_name else "")
        if r.ok
        else f"line {r.line:>5}  skipped: "
        + "; ".join(f"{f.replace('_', ' ')}: {m}" for f, m in r.errors.items())
        for r in planned.rows
    ]
    verb = "Would import" if dry_run else "Imported"
    count = len(planned.good) if dry_run else imported
    lines.append(f"{verb} {count} prospects; skipped {len(planned.skipped)} rows.")
    named = len(planned.email_named)
    if named and not names_from_email:
        lines.append(
            f"{named} skipped rows have a name read from their email (shown above); "
            "check them, then add --names-from-email to import them."
        )
    emit(result, as_json, "\n".join(lines))
    if not planned.good:
        fail("no row could be imported.")


def _warnings(row: csv_import.PlannedRow) -> list[str]:
    return [f"{f.replace('_', ' ')}: {m}" for f, m in row.warnings.items()]


@click.command("export")
@click.argument("path", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--rep", "rep_email", default=None, help="Rep's email (default: first admin).")
@with_appcontext
def export_command(path: str, rep_email: str | None) -> None:
    """Write the rep's current prospects as CSV to PATH (- for stdout): URL, spoken URL, next
    voicemail script, follow-up subject, last visit, score."""
    rep = rep_or_first_admin(rep_email)
    session = get_session()
    settings = company.current(session, current_app.config)
    with csv_export.reading(get_engine()) as reader:
        table = _Counted(csv_export.rows(reader, rep, settings, today=clock.today()))
        if path == "-":
            for text in csv_export.chunks(table):
                click.echo(text, nl=False)
            progress("")
            return
        # Written beside the target and moved over it when complete: a failed export leaves
        # any earlier file at path as it was.
        part = Path(path).with_name(Path(path).name + ".part")
        try:
            with part.open("w", encoding="utf-8", newline="") as out:
                for piece in csv_export.chunks(table):
                    out.write(piece)
            part.replace(path)
        except OSError as exc:
            part.unlink(missing_ok=True)
            fail(f"cannot write {path}: {exc.strerror}")
    progress("")
    echo(f"Wrote {table.count} prospects to {path}.", err=True)


class _Counted:
    """Rows passed through, counted, with the count shown on a terminal as it grows."""

    def __init__(self, rows):
        self.rows, self.count = rows, 0

    def __iter__(self):
        for row in self.rows:
            self.count += 1
            if self.count % 1000 == 0:
                progress(f"Exported {self.count} prospects…")
            yield row
