"""Uploaded pictures live in the database: a backup holds them, a server with an empty
instance folder serves them, and `landing purge` deletes those nothing shows any more."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from PIL import Image
from sqlalchemy import func, select

from landing.core.clock import utcnow
from landing.data import migrate, retention
from landing.data.db import get_session, make_engine
from landing.data.models import StoredImage
from tests.conftest import PASSWORD
from tests.data.test_backup import instance

IMG = re.compile(r'src="(/_/img/[0-9a-f]{32}\.webp)"')


def _picture(path, colour) -> str:
    Image.new("RGB", (300, 100), colour).save(path)
    return str(path)


def _names(app) -> set[str]:
    with app.app_context():
        return set(get_session().execute(select(StoredImage.name)).scalars())


@pytest.mark.sqlite_only
def test_a_restored_backup_serves_the_uploaded_logo_and_photo(tmp_path):
    app, runner = instance(tmp_path, "live")
    assert runner.invoke(["db", "upgrade"]).exit_code == 0
    runner.invoke(["rep", "add", "dana@acme.com", "--name", "Dana", "--admin"], input=PASSWORD)
    runner.invoke(["prospect", "add", "--first", "Rob", "--last", "Mason"])
    assert (
        runner.invoke(["company", "logo", _picture(tmp_path / "l.png", (200, 0, 0))]).exit_code == 0
    )
    photo = runner.invoke(
        ["rep", "photo", "dana@acme.com", _picture(tmp_path / "p.png", (0, 90, 0))]
    )
    assert photo.exit_code == 0, photo.output
    assert not (tmp_path / "live" / "images").exists()  # nothing beside the database
    runner.invoke(["backup", str(tmp_path / "copy.sqlite3")])

    fresh, fresh_runner = instance(tmp_path, "fresh")
    assert fresh_runner.invoke(["restore", str(tmp_path / "copy.sqlite3")]).exit_code == 0
    visitor = fresh.test_client()
    page = visitor.get("/Rob-Mason").get_data(as_text=True)
    shown = IMG.findall(page)
    assert len(set(shown)) == 2  # the logo and the photo
    for url in shown:
        served = visitor.get(url)
        assert served.status_code == 200 and served.mimetype == "image/webp"
        assert Image.open(io.BytesIO(served.data)).format == "WEBP"
        again = visitor.get(url, headers={"If-None-Match": served.headers["ETag"]})
        assert again.status_code == 304


def test_purge_deletes_replaced_uploads_a_day_old_and_keeps_what_pages_show(
    app, runner, make_rep, tmp_path
):
    make_rep(admin=True)
    first = _picture(tmp_path / "first.png", (200, 0, 0))
    second = _picture(tmp_path / "second.png", (0, 0, 200))
    assert runner.invoke(["company", "logo", first]).exit_code == 0
    (old,) = _names(app)
    assert runner.invoke(["company", "logo", second]).exit_code == 0
    assert runner.invoke(["rep", "photo", "dana@acme.com", first]).exit_code == 0
    assert len(_names(app)) == 3
    # A replaced logo, uploaded a moment ago, is spared: its form may be being saved.
    with app.app_context():
        assert retention.purge(get_session(), days=30)["images"] == 0
        later = utcnow() + timedelta(days=2)
        assert retention.purge(get_session(), now=later, days=30, dry_run=True)["images"] == 1
        assert retention.purge(get_session(), now=later, days=30)["images"] == 1
    assert old not in _names(app) and len(_names(app)) == 2
    client = app.test_client()
    assert client.get("/_/img/" + old).status_code == 404
    with app.app_context():
        count = get_session().execute(select(func.count()).select_from(StoredImage)).scalar_one()
    assert count == 2


def test_the_upgrade_takes_in_pictures_uploaded_to_the_instance_folder_before(tmp_path):
    app, _runner = instance(tmp_path, "old")
    engine = make_engine(app.config["DATABASE_URL"])
    with app.app_context():
        migrate.upgrade(engine, "0009")
        folder = tmp_path / "old" / "images"
        folder.mkdir()
        name = "ab" * 16 + ".webp"
        (folder / name).write_bytes(b"RIFF....WEBPVP8 ")
        migrate.upgrade(engine)
    with engine.connect() as conn:
        rows = conn.execute(select(StoredImage.name, StoredImage.data)).all()
    engine.dispose()
    assert rows == [(name, b"RIFF....WEBPVP8 ")]
