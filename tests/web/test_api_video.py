"""POST /api/v1/prospects/{slug}/video: a CRM or script gives a prospect a personal video;
the prospect's JSON then says where it is, and once ready, its URLs
(landing/web/api/videos.py). Every answer is checked against the OpenAPI document."""

from __future__ import annotations

import io

from landing.data.db import get_engine, get_session
from landing.team import company
from landing.videos import library, processing
from tests.videos.conftest import make_video
from tests.web.test_api import ROB, api, dana  # noqa: F401  (fixtures)


def test_a_video_upload_is_processed_and_shown_in_the_prospects_json(app, api, tmp_path):  # noqa: F811
    assert api.post("/prospects", json=ROB).status_code == 201
    take = make_video(tmp_path / "take.mp4")
    with take.open("rb") as f:
        sent = api.post("/prospects/Rob-Mason/video", data={"file": (f, "take.mp4")})
    assert sent.status_code == 202
    assert sent.json["status"] == "received"
    assert api.get("/prospects/Rob-Mason").json["video"]["status"] == "received"
    with app.app_context():
        processing.process_waiting(get_engine(), app.instance_path, app.config)
    rob = api.get("/prospects/Rob-Mason").json
    video = rob["video"]
    assert video["status"] == "ready"
    assert video["video_url"].startswith("https://acme.com/_/video/")
    assert video["thumbnail_url"].endswith(".gif")
    # The follow-up email carries the page's link and the thumbnail's.
    assert video["thumbnail_url"] not in rob["email_body"]  # text: the page link only
    assert video["thumbnail_url"] in rob["email_html"]
    assert "I recorded a short video for you: https://acme.com/Rob-Mason" in rob["email_body"]
    assert "short%20video%20for%20you%3A%20https%3A%2F%2Facme.com%2FRob-Mason" in rob["mailto"]


def test_bad_uploads_get_json_errors(app, api, tmp_path):  # noqa: F811
    api.post("/prospects", json=ROB)
    no_file = api.post(
        "/prospects/Rob-Mason/video", data={"other": "x"}, content_type="multipart/form-data"
    )
    assert (no_file.status_code, no_file.json["error"]["code"]) == (400, "bad_request")
    as_json = api.post("/prospects/Rob-Mason/video", json={"file": "x"})
    assert as_json.status_code == 415
    nobody = api.post("/prospects/No-One/video", data={"file": (io.BytesIO(b"x"), "a.mp4")})
    assert nobody.status_code == 404
    empty = api.post("/prospects/Rob-Mason/video", data={"file": (io.BytesIO(b""), "a.mp4")})
    assert (empty.status_code, empty.json["error"]["code"]) == (422, "invalid")
    app.config["VIDEO_MAX_MB"] = 1
    big = api.post(
        "/prospects/Rob-Mason/video", data={"file": (io.BytesIO(b"x" * 1_200_000), "a.mp4")}
    )
    assert (big.status_code, big.json["error"]["code"]) == (413, "too_large")
    app.config["VIDEO_MAX_MB"] = 500
    with app.app_context():  # the company's own limit, below the server's
        session = get_session()
        company.save(session, **company.stored(session, app.config) | {"video_max_mb": "1"})
    big = api.post(
        "/prospects/Rob-Mason/video", data={"file": (io.BytesIO(b"x" * 1_200_000), "a.mp4")}
    )
    assert big.status_code == 413
    assert big.json["error"]["message"] == "A video may be at most 1 MB (the company's limit)."
    assert api.get("/prospects/Rob-Mason").json["video"] is None


def test_a_new_prospect_gets_the_team_videos_urls_and_the_html_email(app, api, runner, tmp_path):  # noqa: F811
    assert api.post("/prospects", json=ROB).status_code == 201
    take = make_video(tmp_path / "team.mp4")
    with take.open("rb") as f:
        video_id = api.post("/prospects/Rob-Mason/video", data={"file": (f, "t.mp4")}).json["id"]
    runner.invoke(["worker", "--once"])
    assert runner.invoke(["video", "default", str(video_id)]).exit_code == 0
    ana_lima = {"first_name": "Ana", "last_name": "Lima", "company": "Globex"}
    ana = api.post("/prospects", json=ana_lima).json
    video = ana["video"]
    assert video["status"] == "ready" and video["video_url"].endswith(".mp4")
    assert video["thumbnail_url"].startswith("https://acme.com/_/video/")
    assert video["thumbnail_url"].endswith(f"-{library.name_key('Ana')}.gif")
    # The email as HTML: the thumbnail (with Ana's name drawn) linked to her page.
    link = f'<a href="https://acme.com/Ana-Lima"><img src="{video["thumbnail_url"]}"'
    assert link in ana["email_html"]
    assert "<p>Hi Ana,</p>" in ana["email_html"]
