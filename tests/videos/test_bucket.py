"""Videos kept in an S3-compatible bucket (VIDEO_STORAGE=s3), for teams with several web
servers: tested over HTTP against moto's S3 server, started here on 127.0.0.1."""

from __future__ import annotations

import urllib.request

import boto3
import pytest
from moto.server import ThreadedMotoServer
from sqlmodel import select

from landing.data.db import get_session
from landing.data.models import Prospect
from landing.videos import library


@pytest.fixture(scope="module")
def s3_server():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def bucket(app, s3_server, request):
    name = "videos-" + request.node.name.lower().replace("_", "-")[:40]
    settings = {
        "VIDEO_STORAGE": "s3",
        "VIDEO_S3_BUCKET": name,
        "VIDEO_S3_ENDPOINT": s3_server,
        "VIDEO_S3_REGION": "us-east-1",
        "VIDEO_S3_ACCESS_KEY": "testing",
        "VIDEO_S3_SECRET_KEY": "testing",
    }
    app.config.update(settings)
    client = boto3.client(
        "s3", endpoint_url=s3_server, region_name="us-east-1",
        aws_access_key_id="testing", aws_secret_access_key="testing",
    )  # fmt: skip
    client.create_bucket(Bucket=name)
    return lambda: sorted(o["Key"] for o in client.list_objects_v2(Bucket=name).get("Contents", []))


def test_processed_files_go_to_the_bucket_and_are_served_with_ranges(
    app, client, bucket, add_video, video_file
):
    video = add_video(video_file(seconds=2))
    assert video.status == "ready"
    assert bucket() == [f"videos/{video.digest}.{ext}" for ext in ("gif", "jpg", "mp4")]
    url = f"/_/video/{video.digest}.mp4"
    whole = client.get(url)
    assert whole.status_code == 200 and whole.data[4:8] == b"ftyp"
    assert whole.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    probe = client.get(url, headers={"Range": "bytes=0-1"})
    assert (probe.status_code, probe.data) == (206, whole.data[:2])
    assert probe.headers["Content-Range"] == f"bytes 0-1/{len(whole.data)}"
    seek = client.get(url, headers={"Range": "bytes=500-", "If-Range": probe.headers["ETag"]})
    assert (seek.status_code, seek.data) == (206, whole.data[500:])
    stale = client.get(url, headers={"Range": "bytes=500-", "If-Range": '"old"'})
    assert (stale.status_code, stale.data) == (200, whole.data)
    named = client.get(library.urls(video, "", "Rob")["thumbnail_url"])
    assert named.status_code == 200
    assert f"videos/{video.digest}-{library.name_key('Rob')}.gif" in bucket()


def test_presigned_redirect_when_set(app, client, bucket, add_video, video_file):
    app.config["VIDEO_REDIRECT"] = True
    video = add_video(video_file())
    answer = client.get(f"/_/video/{video.digest}.mp4")
    assert answer.status_code == 302
    with urllib.request.urlopen(answer.headers["Location"]) as fetched:
        assert fetched.read()[4:8] == b"ftyp"


def test_the_last_prospect_gone_takes_the_files_from_the_bucket(app, bucket, add_video, video_file):
    video = add_video(video_file())
    with app.app_context():
        session = get_session()
        rob = session.exec(select(Prospect)).one()
        rob.video_id = None
        session.add(rob)
        session.commit()
        assert library.release(session, app.config, app.instance_path, [video.id]) == 1
    assert bucket() == []
