"""The personal video panel's HTTP side (landing/web/rep/videos.py): the resumable upload
protocol as static/recorder.js speaks it, the live status, "use this video for…", and that
one rep can neither see nor use another's uploads and videos."""

from __future__ import annotations

import io

from sqlmodel import select

from landing.data.db import get_session
from landing.data.models import Prospect, Video
from landing.videos import library, uploads
from tests.conftest import csrf_token

WEBM = b"\x1a\x45\xdf\xa3" + bytes(range(256)) * 12_000  # about 3 MB that start like WebM
WEBM_BYTES = len(WEBM)


class Rep:
    """A signed-in rep's browser: JSON calls with the page's CSRF token, as recorder.js."""

    def __init__(self, client, prospect):
        self.client = client
        self.prospect = prospect
        self.token = csrf_token(client, f"/app/prospects/{prospect.id}")

    def call(self, method, url, token=True, **kwargs):
        headers = {"Accept": "application/json", **kwargs.pop("headers", {})}
        if token:
            headers["X-CSRFToken"] = self.token
        return self.client.open(url, method=method, headers=headers, **kwargs)

    def create(self, name="take.webm", size=WEBM_BYTES):
        return self.call("POST", "/app/videos/uploads", json={"name": name, "size": size})

    def chunk(self, url, offset, data):
        return self.call(
            "PATCH", url, data=data, headers={"Upload-Offset": str(offset)},
            content_type="application/octet-stream",
        )  # fmt: skip

    def finish(self, upload, prospect=None):
        prospect_id = (prospect or self.prospect).id
        return self.call("POST", upload["finish_url"], json={"prospect_id": prospect_id})

    def send(self, data=WEBM, name="take.webm"):
        upload = self.create(name, len(data)).get_json()
        step = upload["chunk_bytes"]
        for offset in range(0, len(data), step):
            sent = self.chunk(upload["url"], offset, data[offset : offset + step])
            assert sent.status_code == 200
        return upload


def sign_in(client, auth, make_rep, make_prospect, email="dana@acme.com", **names):
    rep = make_rep(email=email, name=email.split("@")[0].title())
    prospect = make_prospect(rep, **names)
    auth.login(email=email)
    signed_in = Rep(client, prospect)
    signed_in.rep = rep
    return signed_in


def videos(app):
    with app.app_context():
        return list(get_session().exec(select(Video)))


def test_a_file_sent_in_chunks_becomes_a_video_the_rep_sees_processing(
    app, client, auth, make_rep, make_prospect
):
    dana = sign_in(client, auth, make_rep, make_prospect)
    upload = dana.create().get_json()
    assert (upload["offset"], upload["size"]) == (0, len(WEBM))
    half = len(WEBM) // 2
    assert dana.chunk(upload["url"], 0, WEBM[:half]).get_json()["offset"] == half
    # After a reload the page asks where to go on from.
    asked = dana.call("GET", upload["url"])
    assert asked.get_json()["offset"] == half and asked.headers["Upload-Offset"] == str(half)
    assert dana.call("HEAD", upload["url"]).headers["Upload-Offset"] == str(half)
    assert dana.chunk(upload["url"], half, WEBM[half:]).get_json()["offset"] == len(WEBM)

    finished = dana.finish(upload)
    assert finished.status_code == 201
    body = finished.get_json()
    assert (body["status"], body["words"]) == ("received", "Processing…")
    assert dana.call("GET", body["status_url"]).get_json()["status"] == "received"
    (video,) = videos(app)
    assert library.received_path(app.instance_path, video.id).read_bytes() == WEBM
    assert not any(uploads.root(app.instance_path).iterdir())  # nothing left behind
    with app.app_context():
        assert get_session().get(Prospect, dana.prospect.id).video_id == video.id
    # Without JavaScript, the page says the same on a reload.
    page = client.get(f"/app/prospects/{dana.prospect.id}").get_data(as_text=True)
    assert "Processing… take · " in page and 'data-status="received"' in page


def test_every_change_needs_the_csrf_token(client, auth, make_rep, make_prospect):
    dana = sign_in(client, auth, make_rep, make_prospect)
    new = {"name": "a.webm", "size": 9}
    refused = dana.call("POST", "/app/videos/uploads", token=False, json=new)
    assert refused.status_code == 400 and refused.get_json()["error"]["code"] == "csrf"
    upload = dana.create().get_json()
    for method, url in [("PATCH", upload["url"]), ("DELETE", upload["url"]),
                        ("POST", upload["finish_url"])]:  # fmt: skip
        assert dana.call(method, url, token=False, data=b"x").status_code == 400
    refused = client.post(f"/app/videos/prospects/{dana.prospect.id}/use", data={"video_id": ""})
    assert refused.status_code == 400


def test_bad_chunks_get_clear_json_errors_and_leave_nothing_partial(
    app, client, auth, make_rep, make_prospect
):
    dana = sign_in(client, auth, make_rep, make_prospect)
    upload = dana.create(size=100).get_json()
    wrong = dana.chunk(upload["url"], 50, b"x" * 10)
    assert wrong.status_code == 409
    assert wrong.get_json()["error"] == {
        "code": "wrong_offset", "message": "The upload is at byte 0, not 50.", "offset": 0,
    }  # fmt: skip
    over = dana.chunk(upload["url"], 0, b"x" * 101)
    assert over.status_code == 413 and over.get_json()["error"]["code"] == "over_size"
    huge = dana.chunk(upload["url"], 0, b"x" * (uploads.CHUNK_MAX + 2048))
    assert huge.status_code == 413 and huge.get_json()["error"]["code"] == "too_large"
    missing = dana.call("PATCH", upload["url"], data=b"x")
    assert missing.status_code == 400 and missing.get_json()["error"]["code"] == "bad_offset"
    assert dana.call("GET", upload["url"]).get_json()["offset"] == 0

    assert dana.chunk(upload["url"], 0, b"x" * 60).status_code == 200
    early = dana.finish(upload)
    assert early.status_code == 409 and early.get_json()["error"]["code"] == "incomplete"
    assert videos(app) == []

    too_big = dana.create(size=app.config["VIDEO_MAX_MB"] * uploads.MB + 1)
    assert too_big.status_code == 413
    assert too_big.get_json()["error"]["message"] == "A video may be at most 500 MB."
    pdf = dana.create(name="deck.pdf", size=10)
    assert pdf.status_code == 415 and "MP4, MOV or WebM" in pdf.get_json()["error"]["message"]


def test_a_file_that_is_not_video_is_refused_at_the_end_and_removed(
    app, client, auth, make_rep, make_prospect
):
    dana = sign_in(client, auth, make_rep, make_prospect)
    upload = dana.send(b"%PDF-1.7 " * 100, name="renamed.mp4")
    refused = dana.finish(upload)
    assert refused.status_code == 415 and refused.get_json()["error"]["code"] == "not_video"
    assert videos(app) == [] and not any(uploads.root(app.instance_path).iterdir())


def test_a_cancelled_upload_is_gone(app, client, auth, make_rep, make_prospect):
    dana = sign_in(client, auth, make_rep, make_prospect)
    upload = dana.create().get_json()
    assert dana.call("DELETE", upload["url"]).status_code == 204
    assert dana.call("GET", upload["url"]).status_code == 404
    assert not any(uploads.root(app.instance_path).iterdir())


def test_another_rep_can_neither_see_nor_use_my_uploads_and_videos(
    app, client, auth, make_rep, make_prospect
):
    dana = sign_in(client, auth, make_rep, make_prospect)
    upload = dana.send(name="for-rob-only.webm")
    video = dana.finish(upload).get_json()
    pending = dana.create().get_json()
    auth.logout()

    eve = sign_in(client, auth, make_rep, make_prospect, email="eve@acme.com",
                  first_name="Ann", last_name="Lee")  # fmt: skip
    for method, url in [("GET", pending["url"]), ("PATCH", pending["url"]),
                        ("DELETE", pending["url"]), ("POST", pending["finish_url"]),
                        ("GET", video["status_url"])]:  # fmt: skip
        answer = eve.call(method, url, data=b"x", headers={"Upload-Offset": "0"})
        assert answer.status_code == 404, (method, url)
    # Her own upload cannot be given to my prospect, nor my video to hers.
    hers = eve.send()
    assert eve.finish(hers, prospect=dana.prospect).status_code == 404
    used = client.post(
        f"/app/videos/prospects/{eve.prospect.id}/use",
        data={"video_id": video["id"], "csrf_token": eve.token},
    )
    assert used.status_code == 404
    mine = client.post(
        f"/app/videos/prospects/{dana.prospect.id}/use",
        data={"video_id": "", "csrf_token": eve.token},
    )
    assert mine.status_code == 404
    page = client.get(f"/app/prospects/{eve.prospect.id}").get_data(as_text=True)
    assert "for-rob-only" not in page
    with app.app_context():
        assert get_session().get(Prospect, dana.prospect.id).video_id == video["id"]


def test_a_ready_video_can_be_used_for_another_prospect(app, client, auth, make_rep, make_prospect):
    dana = sign_in(client, auth, make_rep, make_prospect)
    video = dana.finish(dana.send()).get_json()
    with app.app_context():
        session = get_session()
        row = session.get(Video, video["id"])
        row.status, row.duration_ms = "ready", 42_000
        session.add(row)
        session.commit()
    ann = make_prospect(dana.rep, first_name="Ann", last_name="Lee")
    page = client.get(f"/app/prospects/{ann.id}").get_data(as_text=True)
    assert "Use one of your videos for Ann" in page and "take · Dec" in page and "0:42" in page
    used = client.post(
        f"/app/videos/prospects/{ann.id}/use",
        data={"video_id": video["id"], "csrf_token": dana.token},
        follow_redirects=True,
    )
    text = used.get_data(as_text=True)
    assert "/Ann-Lee shows take · Dec" in text and "0:42 now." in text
    assert "Ready: take · " in text and "plays first on /Ann-Lee" in text
    status = dana.call("GET", video["status_url"]).get_json()
    assert (status["status"], status["words"]) == ("ready", "Ready")
    cleared = client.post(
        f"/app/videos/prospects/{ann.id}/use",
        data={"video_id": "", "csrf_token": dana.token},
        follow_redirects=True,
    )
    assert "/Ann-Lee shows no personal video now." in cleared.get_data(as_text=True)
    with app.app_context():
        assert get_session().get(Prospect, ann.id).video_id is None
        assert get_session().get(Prospect, dana.prospect.id).video_id == video["id"]


def test_a_chunk_cut_short_appends_nothing(app, client, auth, make_rep, make_prospect):
    """The connection dropped mid-chunk: fewer bytes came than the chunk said."""
    dana = sign_in(client, auth, make_rep, make_prospect)
    upload = dana.create(size=100).get_json()
    cut = dana.call(
        "PATCH", upload["url"], input_stream=io.BytesIO(b"x" * 30),
        headers={"Upload-Offset": "0"}, environ_overrides={"CONTENT_LENGTH": "60"},
    )  # fmt: skip
    assert cut.status_code == 400, cut.get_json()
    assert cut.get_json()["error"]["code"] == "truncated"
    assert dana.call("GET", upload["url"]).get_json()["offset"] == 0


def test_a_prospect_handed_over_with_another_reps_video_says_so(
    app, client, auth, make_rep, make_prospect
):
    dana = sign_in(client, auth, make_rep, make_prospect)
    with app.app_context():
        session = get_session()
        theirs = Video(rep_id=make_rep(email="eve@acme.com").id, original_name="eve.webm")
        session.add(theirs)
        session.commit()
        prospect = session.get(Prospect, dana.prospect.id)
        prospect.video_id = theirs.id
        session.add(prospect)
        session.commit()
    page = client.get(f"/app/prospects/{dana.prospect.id}").get_data(as_text=True)
    assert "Rob’s page shows a video another rep made for them." in page
    assert "eve.webm" not in page and "Show no personal video to Rob" in page
