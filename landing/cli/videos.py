"""Personal videos from a terminal: give a prospect a video file, reuse one video for more
prospects, show a video's state. `landing worker` makes them playable."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from landing.cli.lookups import prospect_or_fail
from landing.cli.terminal import echo, emit, fail
from landing.data.db import get_session
from landing.data.models import Rep, Video
from landing.team import company
from landing.videos import library


@click.group("video")
def video_group() -> None:
    """Personal videos: shown first on a prospect's page and in the follow-up email."""


@video_group.command("add")
@click.argument("slug")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@with_appcontext
def video_add(slug: str, file: Path, as_json: bool) -> None:
    """Give SLUG's prospect the video in FILE (MP4, MOV or WebM; FILE is copied). Their
    page shows it once `landing worker` has made it playable."""
    prospect = prospect_or_fail(slug)
    size = file.stat().st_size
    settings = company.current(get_session(), current_app.config)
    most = settings.video_max_mb * 1024 * 1024
    if size == 0:
        fail(f"{file} is empty: nothing to show.")
    if size > most:
        fail(f"{file} is {size // 2**20} MB; videos may be at most {most // 2**20} MB.")
    session = get_session()
    folder = Path(current_app.instance_path) / "media" / "incoming"
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=folder, delete=False) as copy:
        try:
            with file.open("rb") as source:
                shutil.copyfileobj(source, copy)
        except OSError as exc:
            Path(copy.name).unlink(missing_ok=True)
            fail(f"could not copy {file}: {exc.strerror}")
    rep = session.get(Rep, prospect.rep_id)
    video = library.receive(
        session, current_app.instance_path, rep, Path(copy.name), file.name, [prospect]
    )
    text = (
        f"Video {video.id} received for {prospect.full_name}; `landing worker` makes it "
        f"playable, then /{prospect.slug} shows it. See: landing video status {video.id}"
    )
    emit(_status(video, prospect.first_name), as_json, text)


@video_group.command("use")
@click.argument("video_id", type=int)
@click.argument("slugs", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@with_appcontext
def video_use(video_id: int, slugs: tuple[str, ...], as_json: bool) -> None:
    """Show video VIDEO_ID on the pages of these prospects too (the video's rep's own)."""
    session = get_session()
    video = session.get(Video, video_id)
    if video is None or video.status == "failed":
        fail(f"no video {video_id}" if video is None else f"video {video_id} failed: {video.error}")
    found = [prospect_or_fail(slug) for slug in slugs]
    others = [p.slug for p in found if p.rep_id != video.rep_id]
    if others:
        fail(f"not the video's rep's prospects: {', '.join(others)}")
    before = {p.video_id for p in found}
    library.use_for(session, video, found)
    library.release(session, current_app.config, current_app.instance_path, before)
    names = ", ".join(p.full_name for p in found)
    emit(
        {"video": _status(video), "prospects": [p.slug for p in found]},
        as_json,
        f"Video {video.id} ({video.status}) is now {names}'s.",
    )


@video_group.command("default")
@click.argument("video_id")
@with_appcontext
def video_default(video_id: str) -> None:
    """Make video VIDEO_ID the team's: shown first on the page of every prospect who has no
    video of their own, and in their email; `none` for no team video."""
    session = get_session()
    if video_id.lower() == "none":
        library.set_team_default(session, None)
        echo("No team video: prospects without their own show none.")
        return
    video = session.get(Video, int(video_id)) if video_id.isdigit() else None
    if video is None or video.status != "ready":
        fail(f"no video {video_id} ready to show" + (f" ({video.status})" if video else ""))
    library.set_team_default(session, video)
    echo(f"Video {video.id} is the team's: prospects without their own show it.")


@video_group.command("status")
@click.argument("video_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@with_appcontext
def video_status(video_id: int, as_json: bool) -> None:
    """Where video VIDEO_ID is: received, processing, ready (with its URLs) or failed (why)."""
    video = get_session().get(Video, video_id)
    if video is None:
        fail(f"no video {video_id}")
    status = _status(video)
    lines = [f"Video {video.id}: {video.status}"]
    lines += [f"  {key}: {status[key]}" for key in ("error", "note") if status.get(key)]
    lines += [f"  {key}: {value}" for key, value in status.items() if key.endswith("_url")]
    emit(status, as_json, "\n".join(lines))
    if video.status == "failed":
        raise SystemExit(1)


def _status(video: Video, first_name: str = "") -> dict:
    base = company.current(get_session(), current_app.config).public_base_url
    return library.status_of(video, base, first_name)
