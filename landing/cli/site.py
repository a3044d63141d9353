"""The company website's paths from a terminal: `landing site import sitemap.xml` before
landing shares the domain with the website, again whenever the website gains a section."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from landing.cli.terminal import emit, fail, one_line
from landing.data.db import get_engine
from landing.urls import website


@click.group("site")
def site_group() -> None:
    """The paths of the company's website on the same domain: never a prospect's URL."""


@site_group.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@with_appcontext
def site_import(paths: tuple[str, ...], as_json: bool) -> None:
    """Store the top-level paths of the website from PATHS (its sitemap.xml, the sitemaps a
    sitemap index lists, or lists of its URLs or paths, one a line; - reads standard input)
    instead of those stored before."""
    segments: list[str] = []
    for path in paths:
        try:
            data = click.open_file(path, "rb").read(website.MAX_BYTES + 1)
        except OSError as exc:
            fail(f"Cannot read {one_line(path)}: {exc.strerror}.")
        try:
            segments += website.parse(website.decode(data))
        except website.WebsitePathsError as exc:
            fail(f"{one_line(path)}: {exc}")
    segments = list(dict.fromkeys(segments))
    with get_engine().begin() as conn:
        imported = website.replace(conn, segments)
    lines = [f"{len(imported.segments)} website paths stored: " + _listed(imported.segments)]
    if imported.clashes:
        lines.append(
            "These prospects' URLs are now the website's; rename them: "
            + ", ".join(f"/{one_line(s)}" for s in imported.clashes)
        )
    emit(imported.as_json(), as_json, "\n".join(lines))


@site_group.command("show")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of paths.")
@with_appcontext
def site_show(as_json: bool) -> None:
    """The website's stored top-level paths, which no prospect's URL takes."""
    with get_engine().connect() as conn:
        segments = website.listed(conn)
    text = _listed(segments) if segments else "No website paths stored (landing site import)."
    emit([f"/{s}" for s in segments], as_json, text)


def _listed(segments: list[str]) -> str:
    return " ".join(f"/{one_line(s)}" for s in segments)
