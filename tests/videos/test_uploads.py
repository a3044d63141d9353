"""Resumable uploads (landing/videos/uploads.py): chunks append only where the file ends,
nothing half-written stays, and abandoned uploads go after a day."""

from __future__ import annotations

import io
import os
import threading
import time

import pytest

from landing.videos import uploads
from landing.videos.uploads import UploadError

WEBM = b"\x1a\x45\xdf\xa3" + bytes(range(256)) * 40  # 10,244 bytes that start like WebM


def test_chunks_append_in_order_and_a_wrong_offset_says_where_to_go_on(tmp_path):
    upload = uploads.create(tmp_path, 1, "take.webm", len(WEBM), 1 << 20)
    uploads.append(upload, 0, WEBM[:4000])
    with pytest.raises(UploadError) as refused:
        uploads.append(upload, 0, WEBM[:4000])  # a retry of a chunk that had arrived
    assert (refused.value.status, refused.value.offset) == (409, 4000)
    uploads.append(upload, 4000, WEBM[4000:])
    again = uploads.get(tmp_path, 1, upload.id)
    assert again.complete and again.data.read_bytes() == WEBM


def test_sizes_and_names_are_checked_before_any_byte_is_stored(tmp_path):
    for name, size, code in [
        ("take.webm", 2_000_000, "too_large"),
        ("take.webm", 0, "bad_size"),
        ("notes.pdf", 100, "not_video"),
    ]:
        with pytest.raises(UploadError) as refused:
            uploads.create(tmp_path, 1, name, size, 1_000_000)
        assert refused.value.code == code
    assert not uploads.root(tmp_path).exists() or not any(uploads.root(tmp_path).iterdir())


def test_a_chunk_past_the_declared_size_is_refused_and_not_written(tmp_path):
    upload = uploads.create(tmp_path, 1, "take.webm", 10, 1 << 20)
    with pytest.raises(UploadError) as refused:
        uploads.append(upload, 0, b"x" * 11)
    assert refused.value.status == 413
    assert upload.data.stat().st_size == 0


def test_a_truncated_chunk_appends_nothing():
    with pytest.raises(UploadError) as refused:
        uploads.read_chunk(io.BytesIO(b"abc"), 10)
    assert refused.value.code == "truncated"


def test_racing_chunks_at_the_same_offset_write_once(tmp_path):
    upload = uploads.create(tmp_path, 1, "take.webm", 1000, 1 << 20)
    outcomes = []

    def send():
        try:
            uploads.append(uploads.get(tmp_path, 1, upload.id), 0, b"a" * 1000)
            outcomes.append("ok")
        except UploadError as exc:
            outcomes.append(exc.status)

    threads = [threading.Thread(target=send) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes, key=str) == [409] * 7 + ["ok"]
    assert upload.data.stat().st_size == 1000


def test_another_rep_cannot_find_an_upload(tmp_path):
    upload = uploads.create(tmp_path, 1, "take.webm", 10, 1 << 20)
    for rep_id, upload_id in [(2, upload.id), (1, "../../etc"), (1, "x" * 32)]:
        with pytest.raises(UploadError) as refused:
            uploads.get(tmp_path, rep_id, upload_id)
        assert refused.value.status == 404


def test_an_upload_without_a_chunk_for_a_day_is_removed(tmp_path):
    old = uploads.create(tmp_path, 1, "old.webm", 10, 1 << 20)
    fresh = uploads.create(tmp_path, 1, "fresh.webm", 10, 1 << 20)
    day_ago = time.time() - uploads.ABANDONED_AFTER - 60
    for path in (old.data, old.folder / "meta.json"):
        os.utime(path, (day_ago, day_ago))
    assert uploads.cleanup(tmp_path) == 1
    assert not old.folder.exists() and fresh.folder.exists()


def test_a_rep_keeps_a_few_unfinished_uploads_at_most(tmp_path):
    made = []
    for n in range(uploads.OPEN_PER_REP):  # oldest first, whatever the clock's resolution
        upload = uploads.create(tmp_path, 1, f"{n}.webm", 10, 1 << 20)
        moment = time.time() - 100 + n
        for path in (upload.data, upload.folder / "meta.json"):
            os.utime(path, (moment, moment))
        made.append(upload)
    others = uploads.create(tmp_path, 2, "theirs.webm", 10, 1 << 20)
    uploads.create(tmp_path, 1, "new.webm", 10, 1 << 20)
    assert [u.folder.exists() for u in made] == [False] + [True] * (uploads.OPEN_PER_REP - 1)
    assert others.folder.exists()


def test_what_does_not_start_like_video_is_refused_at_the_end(tmp_path):
    upload = uploads.create(tmp_path, 1, "clip.mp4", 12, 1 << 20)
    uploads.append(upload, 0, b"%PDF-1.7 abc")
    with pytest.raises(UploadError) as refused:
        uploads.finished(upload)
    assert refused.value.code == "not_video"
    assert not upload.folder.exists()
    mp4 = uploads.create(tmp_path, 1, "clip.MOV", 12, 1 << 20)
    uploads.append(mp4, 0, b"\0\0\0\x18ftypqt  ")
    assert uploads.finished(mp4) == mp4.data


def test_a_chunk_for_an_upload_cancelled_meanwhile_is_not_found(tmp_path):
    upload = uploads.create(tmp_path, 1, "take.webm", 10, 1 << 20)
    uploads.discard(upload)
    with pytest.raises(UploadError) as refused:
        uploads.append(upload, 0, b"x")
    assert refused.value.status == 404
    assert not upload.folder.exists()
