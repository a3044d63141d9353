"""`landing video add SLUG FILE`, `landing video use`, `landing video status`, and the files
of a video going with the last prospect who showed it (landing/cli/videos.py)."""

from __future__ import annotations

import json
from datetime import timedelta

from landing.core.clock import utcnow
from landing.data.db import get_session
from landing.data.models import Video
from landing.videos import library
from tests.videos.conftest import make_video, media_files


def test_add_then_worker_once_then_status_and_prospect_json(
    app, runner, make_rep, make_prospect, tmp_path
):
    rep = make_rep()
    make_prospect(rep)
    take = make_video(tmp_path / "take.mp4")
    added = runner.invoke(["video", "add", "Rob-Mason", str(take), "--json"])
    assert added.exit_code == 0, added.output
    video_id = json.loads(added.output)["id"]
    assert take.exists()  # the rep's file is copied, not taken
    assert runner.invoke(["worker", "--once"]).exit_code == 0
    status = runner.invoke(["video", "status", str(video_id)])
    assert status.exit_code == 0
    assert f"Video {video_id}: ready" in status.output
    assert "/_/video/" in status.output
    pitch = json.loads(runner.invoke(["script", "show", "Rob-Mason", "--json"]).output)
    assert pitch["video"]["thumbnail_url"].endswith(".gif")
    assert pitch["video"]["thumbnail_url"] in pitch["email_html"]
    assert pitch["video"]["thumbnail_url"] not in pitch["email_body"]


def test_a_shared_video_goes_with_the_last_prospect_who_shows_it(
    app, runner, make_rep, make_prospect, tmp_path
):
    rep = make_rep()
    make_prospect(rep)
    make_prospect(rep, first_name="Ana", last_name="Lima")
    take = make_video(tmp_path / "take.mp4")
    video_id = json.loads(runner.invoke(["video", "add", "Rob-Mason", str(take), "--json"]).output)[
        "id"
    ]
    runner.invoke(["worker", "--once"])
    used = runner.invoke(["video", "use", str(video_id), "Ana-Lima"])
    assert used.exit_code == 0, used.output
    assert "is now Ana Lima's" in used.output
    files = media_files(app)
    assert len(files) == 3
    assert runner.invoke(["prospect", "delete", "Rob-Mason"]).exit_code == 0
    assert media_files(app) == files  # Ana's page still shows it
    forgot = runner.invoke(["prospect", "forget", "Ana-Lima", "--json"])
    assert json.loads(forgot.output)["videos"] == 1
    assert media_files(app) == []
    with app.app_context():
        assert get_session().get(Video, video_id) is None


def test_purge_deletes_videos_no_one_has_shown_for_a_day(
    app, runner, make_rep, make_prospect, tmp_path
):
    rep = make_rep()
    make_prospect(rep)
    make_prospect(rep, first_name="Ana", last_name="Lima")
    first = make_video(tmp_path / "first.mp4")
    second = make_video(tmp_path / "second.mp4", seconds=2)
    runner.invoke(["video", "add", "Rob-Mason", str(first)])
    runner.invoke(["worker", "--once"])
    runner.invoke(["video", "add", "Ana-Lima", str(second)])
    runner.invoke(["worker", "--once"])
    # Ana is given Rob's video: hers is shown by no one now, but may be reused for a day.
    runner.invoke(["video", "use", "1", "Ana-Lima"])
    with app.app_context():
        session = get_session()
        assert session.get(Video, 2) is None  # `use` let go of it at once: no one showed it
    assert len(media_files(app)) == 3
    with app.app_context():
        session = get_session()
        session.add(Video(rep_id=rep.id, status="failed", created_at=utcnow() - timedelta(days=2)))
        session.commit()
    purged = json.loads(runner.invoke(["purge", "--json"]).output)
    assert purged["videos"] == 1


def test_bad_commands_fail_in_words(app, runner, make_rep, make_prospect, tmp_path):
    make_prospect(make_rep())
    empty = tmp_path / "empty.mp4"
    empty.write_bytes(b"")
    result = runner.invoke(["video", "add", "Rob-Mason", str(empty)])
    assert result.exit_code == 1 and "is empty" in result.output
    result = runner.invoke(["video", "add", "No-One", str(empty)])
    assert result.exit_code == 1 and "no prospect with slug No-One" in result.output
    result = runner.invoke(["video", "use", "99", "Rob-Mason"])
    assert result.exit_code == 1 and "no video 99" in result.output
    notes = tmp_path / "notes.mp4"
    notes.write_text("not a video")
    video_id = json.loads(
        runner.invoke(["video", "add", "Rob-Mason", str(notes), "--json"]).output
    )["id"]
    runner.invoke(["worker", "--once"])
    status = runner.invoke(["video", "status", str(video_id)])
    assert status.exit_code == 1
    assert "not a video we can read" in status.output


def test_a_team_video_shows_for_prospects_without_their_own(
    app, runner, prospect_client, make_rep, make_prospect, tmp_path
):
    rep = make_rep()
    make_prospect(rep)
    make_prospect(rep, first_name="Ana", last_name="Lima")
    take = make_video(tmp_path / "team.mp4")
    video_id = json.loads(runner.invoke(["video", "add", "Rob-Mason", str(take), "--json"]).output)[
        "id"
    ]
    runner.invoke(["worker", "--once"])
    made = runner.invoke(["video", "default", str(video_id)])
    assert made.exit_code == 0 and "is the team's" in made.output
    digest = json.loads(runner.invoke(["video", "status", str(video_id), "--json"]).output)
    assert digest["video_url"].split("/")[-1] in prospect_client.get("/Ana-Lima").text
    ana = json.loads(runner.invoke(["script", "show", "Ana-Lima", "--json"]).output)
    assert ana["video"]["thumbnail_url"] in ana["email_html"]
    # A prospect added now gets the team's video's URLs, and the email as HTML with the
    # thumbnail (their name drawn) linked to their page.
    added = runner.invoke(
        ["prospect", "add", "--first", "Lee", "--last", "Chen", "--rep", "dana@acme.com", "--json"]
    )
    lee = json.loads(added.output)
    assert lee["video"]["video_url"] == digest["video_url"]
    assert lee["video"]["thumbnail_url"].endswith(f"-{library.name_key('Lee')}.gif")
    link = f'<a href="https://acme.com/Lee-Chen"><img src="{lee["video"]["thumbnail_url"]}"'
    assert link in lee["email_html"]
    assert (
        prospect_client.get(
            ana["video"]["thumbnail_url"].removeprefix("https://acme.com")
        ).status_code
        == 200
    )
    # The team's video stays when its last prospect goes.
    runner.invoke(["prospect", "delete", "Rob-Mason"])
    assert len(media_files(app)) == 4  # mp4, poster, thumbnail, Ana's thumbnail
    assert runner.invoke(["video", "default", "none"]).exit_code == 0
    assert "personal-video" not in prospect_client.get("/Ana-Lima").text
    refused = runner.invoke(["video", "default", "99"])
    assert refused.exit_code == 1 and "no video 99" in refused.output
