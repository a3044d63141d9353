"""A complete upload becomes a video of the rep, waiting for the worker, shown to the
prospects it was made for (landing/videos/library.py)."""

from landing.data.db import get_session
from landing.data.models import Prospect, Video
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
