"""The company's video limits (Company page, admins only): the longest video and the largest
file, the server's settings until an admin changes them, and the one limit that the recorder,
the upload, the API, the CLI and the worker all keep (landing/team/company.py)."""

from __future__ import annotations

from sqlmodel import select

from landing.data.db import get_engine, get_session
from landing.data.models import Prospect, Rep
from landing.team import company
from landing.videos import library, processing
from tests.conftest import csrf_token
from tests.videos.conftest import make_sparse_video


def test_an_admin_sets_the_limits_on_the_company_page_and_every_way_in_keeps_them(
    app, client, auth, make_rep, make_prospect, runner, tmp_path
):
    rob = make_prospect(make_rep(admin=True))
    auth.login()
    page = client.get("/app/company").get_data(as_text=True)
    assert "Personal videos" in page and "At most 500 MB on this server" in page
    assert 'name="video_max_seconds" type="number" value="180"' in page
    assert 'name="video_max_mb" type="number" value="500"' in page
    assert "VIDEO_MAX" not in page  # plain words: no settings' names

    bad = auth.post("/app/company", {"video_max_seconds": "5", "video_max_mb": "900"})
    text = bad.get_data(as_text=True)
    assert bad.status_code == 400
    assert "A whole number of seconds from 10 to 600." in text
    assert "A whole number of megabytes from 1 to 500: this server takes no larger file" in text
    words = auth.post("/app/company", {"video_max_seconds": "three minutes"})
    assert words.status_code == 400 and "A whole number of seconds" in words.get_data(as_text=True)
    with app.app_context():
        assert company.current(get_session(), app.config).video_max_seconds == 180  # kept

    saved = auth.post("/app/company", {"video_max_seconds": "60", "video_max_mb": "2"})
    assert saved.status_code == 302
    panel = client.get(f"/app/prospects/{rob.id}").get_data(as_text=True)
    assert 'data-max-seconds="60"' in panel and 'data-max-mb="2"' in panel
    assert "At most 1:00 recorded" in panel and "up to 2 MB" in panel

    token = csrf_token(client, f"/app/prospects/{rob.id}")
    too_big = client.post(
        "/app/videos/uploads", json={"name": "take.webm", "size": 3 * 2**20},
        headers={"X-CSRFToken": token},
    )  # fmt: skip
    assert too_big.status_code == 413
    assert too_big.get_json()["error"]["message"] == "A video may be at most 2 MB."

    take = tmp_path / "take.mp4"
    take.write_bytes(b"\0" * (3 * 2**20))
    cli = runner.invoke(["video", "add", "Rob-Mason", str(take)])
    assert cli.exit_code == 1 and "videos may be at most 2 MB" in cli.output
    shown = runner.invoke(["company", "show", "--json"]).output
    assert '"video_max_seconds": 60' in shown
    refused = runner.invoke(["company", "set", "video_max_mb=501"])
    assert refused.exit_code == 1 and "from 1 to 500: this server takes" in refused.output


def test_the_worker_refuses_a_video_longer_than_the_companys_limit(
    app, make_rep, make_prospect, tmp_path
):
    make_prospect(make_rep())
    # A browser's recording (no duration in its header) of 15 s; the server allows 180.
    take = make_sparse_video(tmp_path / "take.webm", [i / 2 for i in range(30)], container="webm")
    with app.app_context():
        session = get_session()
        row = company.get_row(session)
        row.video_max_seconds = 10
        session.add(row)
        session.commit()
        rep, rob = session.exec(select(Rep)).one(), session.exec(select(Prospect)).one()
        video = library.receive(session, app.instance_path, rep, take, "take.webm", [rob])
        processing.process_waiting(get_engine(), app.instance_path, app.config)
        session.expire_all()
        assert video.status == "failed"
        assert video.error == "This video is longer than the limit of 10 s."


def test_the_server_caps_what_a_company_chose(app):
    with app.app_context():
        session = get_session()
        company.save(
            session, **company.stored(session, app.config) | {"video_max_mb": "400"},
            server_max_mb=500,
        )  # fmt: skip
        app.config["VIDEO_MAX_MB"] = 100  # the operator lowered it since
        assert company.current(session, app.config).video_max_mb == 100
