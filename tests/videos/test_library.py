"""A complete upload becomes a video of the rep, waiting for the worker, shown to the
prospects it was made for (landing/videos/library.py)."""

from landing.data.db import get_session
from landing.data.models import Prospect, Rep, Video
from landing.videos import library


def test_a_received_upload_waits_for_the_worker_and_is_given_to_its_prospects(
    app, make_rep, make_prospect, tmp_path
):
    rep = make_rep()
    rob = make_prospect(rep)
    upload = tmp_path / "take-1.webm"
    upload.write_bytes(b"\x1aE\xdf\xa3" + b"\0" * 100)
    with app.app_context():
        session = get_session()
        video = library.receive(
            session, app.instance_path, rep, upload, "take-1.webm", [session.get(Prospect, rob.id)]
        )
        assert library.status_of(video) == {"id": video.id, "status": "received", "error": ""}
        assert session.get(Prospect, rob.id).video_id == video.id
        assert session.get(Video, video.id).source_bytes == 104
    waiting = library.received_path(app.instance_path, video.id)
    assert waiting.read_bytes().startswith(b"\x1aE\xdf\xa3")
    assert not upload.exists()


def test_deleting_then_forgetting_prospects_in_the_app_takes_a_shared_videos_files_last(
    app, client, auth, add_video, video_file, make_prospect
):
    from sqlmodel import select

    from tests.videos.conftest import media_files

    video = add_video(video_file())  # Rob's; made by Dana
    with app.app_context():
        dana = get_session().get(Rep, video.rep_id)
    ana = make_prospect(dana, first_name="Ana", last_name="Lima")
    with app.app_context():
        session = get_session()
        rob = session.exec(select(Prospect).where(Prospect.first_name == "Rob")).one()
        library.use_for(session, session.get(Video, video.id), [session.get(Prospect, ana.id)])
    files = media_files(app)
    assert len(files) == 3
    auth.login()
    gone = auth.post(f"/app/prospects/{rob.id}/delete", {"confirm": "yes"})
    assert gone.status_code == 302
    assert media_files(app) == files  # Ana's page still shows it
    forgot = auth.post(f"/app/prospects/{ana.id}/delete", {"confirm": "yes", "forget": "1"})
    assert forgot.status_code == 302
    assert media_files(app) == []
    with app.app_context():
        assert get_session().get(Video, video.id) is None
