"""Prospects' names cannot be scanned for: misses are limited per address, and past the limit
every prospect path answers alike (429), replays included; nothing asks to be indexed."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from landing import create_app
from landing.data.db import get_engine, get_session
from landing.data.models import Attempt
from tests.conftest import BROWSER_UA

SCANNER = "203.0.113.50"


def from_address(app, address: str):
    client = app.test_client()
    client.environ_base.update(REMOTE_ADDR=address, HTTP_USER_AGENT=BROWSER_UA)
    return client


def scan(client, misses: int = 30) -> None:
    for n in range(misses):
        assert client.get(f"/Nobody-Here-{n}").status_code == 404, n


def attempts(app) -> list[Attempt]:
    with app.app_context():
        return list(get_session().exec(select(Attempt)))


def test_past_thirty_misses_every_prospect_path_answers_429(app, make_rep, make_prospect):
    make_prospect(make_rep())
    scanner = from_address(app, SCANNER)
    scan(scanner)
    refused = scanner.get("/Nobody-Here-31")
    assert refused.status_code == 429
    assert refused.headers["Retry-After"] == "600"
    assert "Too many requests" in refused.get_data(as_text=True)
    assert "noindex" in refused.headers["X-Robots-Tag"]
    real = scanner.get("/Rob-Mason")
    assert real.status_code == 429
    assert real.get_data() == refused.get_data()
    assert scanner.get("/rob-mason").status_code == 429  # a redirect would tell as much
    assert scanner.get("/Rob-Masn").status_code == 429
    # Refused requests are not counted: the block ends when the window passes the misses.
    assert len(attempts(app)) == 30
    # The rest of the site still works for that address.
    assert scanner.get("/login").status_code == 200
    assert scanner.get("/").status_code == 200


def test_another_address_is_unaffected(app, make_rep, make_prospect):
    make_prospect(make_rep())
    scanner = from_address(app, SCANNER)
    scan(scanner)
    assert scanner.get("/Rob-Mason").status_code == 429
    prospect = from_address(app, "198.51.100.7")
    assert prospect.get("/Rob-Mason").status_code == 200
    assert prospect.get("/Nobody-Here").status_code == 404


def test_a_replayed_page_is_refused_too(app, make_rep, make_prospect):
    make_prospect(make_rep())
    scanner = from_address(app, SCANNER)
    views = []
    view = app.view_functions["public.prospect_page"]
    app.view_functions["public.prospect_page"] = lambda **kw: views.append(1) or view(**kw)
    assert scanner.get("/Rob-Mason").status_code == 200
    assert scanner.get("/Rob-Mason").status_code == 200
    assert len(views) == 1  # the second was replayed from the page cache, outside Flask
    scan(scanner)
    assert scanner.get("/Rob-Mason").status_code == 429
    # Others still get the replay.
    replays = len(views)
    assert from_address(app, "198.51.100.7").get("/Rob-Mason").status_code == 200
    assert len(views) == replays


def test_the_limit_holds_across_workers(app, tmp_path, make_rep, make_prospect):
    """Two apps on one database are two gunicorn workers."""
    make_prospect(make_rep())
    other = create_app({**app.config, "INSTANCE_PATH": str(tmp_path / "worker2")})
    try:
        first, second = from_address(app, SCANNER), from_address(other, SCANNER)
        scan(first, 15)
        for n in range(15):
            assert second.get(f"/Someone-Else-{n}").status_code == 404
        assert second.get("/Rob-Mason").status_code == 429
        assert first.get("/Rob-Mason").status_code == 429
    finally:
        with other.app_context():
            get_engine().dispose()


def test_the_block_ends_when_the_window_has_passed(app, make_rep, make_prospect):
    make_prospect(make_rep())
    scanner = from_address(app, SCANNER)
    scanner.get("/Rob-Mason")
    scanner.get("/Rob-Mason")
    scan(scanner)
    assert scanner.get("/Rob-Mason").status_code == 429
    with app.app_context():
        session = get_session()
        for attempt in session.exec(select(Attempt)):
            attempt.at -= timedelta(minutes=11)
            session.add(attempt)
        session.commit()
    assert scanner.get("/Rob-Mason").status_code == 200
    assert scanner.get("/Nobody-Here").status_code == 404


def test_misses_are_counted_under_a_name_that_is_not_the_address(app):
    scan(from_address(app, SCANNER), 1)
    (attempt,) = attempts(app)
    assert attempt.bucket.startswith("miss-address:") and SCANNER not in attempt.bucket


def test_robots_txt_allows_only_the_site_root(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    assert response.get_data(as_text=True) == "User-agent: *\nAllow: /$\nDisallow: /\n"


def test_prospect_pages_and_404s_ask_not_to_be_indexed(app, make_rep, make_prospect):
    make_prospect(make_rep())
    prospect = from_address(app, "198.51.100.7")
    for path, status in (("/Rob-Mason", 200), ("/Rob-Mason", 200), ("/Nobody-Here", 404)):
        response = prospect.get(path)
        assert response.status_code == status
        assert response.headers["X-Robots-Tag"] == "noindex, nofollow", path
        meta = '<meta name="robots" content="noindex, nofollow">'
        assert meta in response.get_data(as_text=True), path
