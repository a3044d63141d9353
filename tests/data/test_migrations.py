"""Migrations: any released schema comes up to this one with every row kept, on SQLite and
(when the suite runs against a server) PostgreSQL; /healthz says whether it is current."""

from __future__ import annotations

import os
import secrets
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

from landing import create_app
from landing.data import migrate, prospect_search
from landing.data.db import create_tables, make_engine
from landing.urls.resolve import near_match
from tests.conftest import Runner

PG_URL = os.environ.get("LANDING_TEST_DATABASE_URL", "")


@pytest.fixture(params=["sqlite"] + (["postgresql"] if PG_URL else []))
def empty_url(request, tmp_path):
    """The URL of an empty database of each kind, dropped afterwards."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'migrate.sqlite3'}"
        return
    name = f"landing_migrate_{secrets.token_hex(4)}"
    server = sa.create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with server.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    yield sa.engine.make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    with server.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE "{name}" WITH (FORCE)')
    server.dispose()


def _not_the_search_index(name, kind, parent) -> bool:
    # The search index is not a model's (an FTS5 table and its shadow tables, or a pg_trgm
    # index): checked on its own below.
    return not (name or "").startswith((prospect_search.TABLE, prospect_search.INDEX))


def test_the_migrations_build_exactly_the_models_schema(empty_url):
    engine = make_engine(empty_url)
    assert migrate.upgrade(engine) == (None, migrate.head())
    with engine.connect() as conn:
        opts = {"compare_type": True, "include_name": _not_the_search_index}
        context = MigrationContext.configure(conn, opts=opts)
        assert compare_metadata(context, SQLModel.metadata) == []
        assert prospect_search.present(conn)
    engine.dispose()


def test_the_search_index_is_made_for_the_prospects_there_are_and_kept(empty_url):
    """0022 indexes the prospects already listed; writes after it keep the index in step."""
    engine = make_engine(empty_url)
    migrate.upgrade(engine, "0019")
    then = datetime(2026, 11, 20, 9, 30)
    with engine.begin() as conn:
        _insert(conn, "rep", {"id": 1, "email": "dana@acme.com", "name": "Dana Reyes"})
        for id_, first, company in ((1, "Rob", "Globex"), (2, "Sam", "Initech")):
            _insert(conn, "prospect", {
                "id": id_, "rep_id": 1, "first_name": first, "last_name": "Mason",
                "company": company, "slug": f"{first}-Mason", "slug_key": f"{first}mason".lower(),
                "next_call_on": then.date(), "created_at": then,
            })  # fmt: skip
    migrate.upgrade(engine)
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE prospect SET company = 'Hooli' WHERE id = 2"))
        conn.execute(sa.text("DELETE FROM prospect WHERE id = 1"))
    with engine.connect() as conn:

        def found(word: str) -> list[int]:
            condition = prospect_search.containing(engine.dialect.name, [word])
            query = sa.select(sa.literal_column("prospect.id")).select_from(sa.table("prospect"))
            return list(conn.execute(query.where(condition)).scalars())

        assert found("globex") == [] and found("initech") == []
        assert found("HOOLI") == [2] and found("ason") == [2]
    engine.dispose()


def test_a_database_of_the_first_release_is_upgraded_with_its_rows(empty_url):
    engine = make_engine(empty_url)
    migrate.upgrade(engine, migrate.FIRST)
    then = datetime(2026, 11, 20, 9, 30)
    with engine.begin() as conn:
        conn.execute(
            sa.text(
                "INSERT INTO rep (id, email, name, password_hash, is_admin, active, phone, "
                "booking_url, photo_url, words_per_minute, default_goal, notices_seen_visit_id, "
                "created_at) VALUES (1, 'dana@acme.com', 'Dana Reyes', 'x', true, true, "
                "'+15550100199', '', '', 150, '', 0, :then)"
            ),
            {"then": then},
        )
        conn.execute(
            sa.text(
                "INSERT INTO company (id, name, public_base_url, video_url, offer_text, "
                "reference_1, reference_2, default_goal, url_slash, url_hyphen, how_words) "
                "VALUES (1, 'Acme', '', '', 'An offer', '', '', '', 'slash', 'dash', '')"
            )
        )
        conn.execute(
            sa.text(
                "INSERT INTO prospect (id, rep_id, first_name, last_name, company, title, email, "
                "phone, outcome, slug, slug_key, next_call_on, goal, name_spelling, "
                "voicemails_left, created_at) VALUES (1, 1, 'Katherine', 'Vandenberg', "
                "'Globex', '', '', '', 'fewer late shipments', 'Katherine-Vandenberg', "
                "'katherinevandenberg', '2026-11-23', '', '', 1, :then)"
            ),
            {"then": then},
        )
        conn.execute(
            sa.text(
                "INSERT INTO visit (id, prospect_id, at, ip, user_agent, referrer, method, "
                "classification, reason) VALUES (1, 1, :then, '203.0.113.0', 'Safari', "
                "'https://mail.example.com/u/0/#inbox/Rob-Mason?x=1', 'GET', 'human', 'browser')"
            ),
            {"then": then},
        )
    engine.dispose()

    engine = make_engine(empty_url)
    assert migrate.upgrade(engine) == (migrate.FIRST, migrate.head())
    with engine.connect() as conn:
        rep = conn.execute(sa.text("SELECT * FROM rep")).mappings().one()
        assert (rep["email"], rep["phone"]) == ("dana@acme.com", "+15550100199")
        assert bool(rep["notify_email"]) is True
        assert (rep["timezone"], rep["webhook_url"], rep["webhook_failures"]) == ("UTC", "", 0)
        company = conn.execute(sa.text("SELECT * FROM company")).mappings().one()
        assert company["offer_text"] == "An offer" and company["half_life_hours"] == 72
        assert "Microsoft" in company["scanner_ranges"]
        prospect = conn.execute(sa.text("SELECT * FROM prospect")).mappings().one()
        assert prospect["slug"] == "Katherine-Vandenberg" and prospect["voicemails_left"] == 1
        assert (prospect["first_key"], prospect["last_key"]) == ("katherine", "vandenberg")
        assert prospect["archived_at"] is None and not prospect["do_not_contact"]
        visit = conn.execute(sa.text("SELECT * FROM visit")).mappings().one()
        assert visit["classification"] == "unconfirmed"
        assert visit["reason"] == "before beacons: browser" and visit["visitor_id"] == ""
        assert visit["referrer"] == "mail.example.com"  # the host only, since 0004
        assert company["privacy_contact"] == ""
        # The heard-URL index was built for the prospects already there.
        assert near_match(conn, "Catherine-Vandenberg").target.slug == "Katherine-Vandenberg"
    assert migrate.upgrade(engine) == (migrate.head(), migrate.head())  # again: nothing to do
    engine.dispose()


@pytest.mark.sqlite_only  # its own SQLite file; empty_url covers PostgreSQL
def test_a_database_from_before_migrations_is_recognised(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.sqlite3'}"
    engine = make_engine(url)
    migrate.upgrade(engine, migrate.FIRST)
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE alembic_version")  # as `landing init` made it then
    assert migrate.upgrade(engine) == (migrate.FIRST, migrate.head())
    engine.dispose()


@pytest.mark.sqlite_only
@pytest.mark.parametrize("made_at", ["0002", "0003", "0004", "0005"])
def test_a_development_database_made_without_migrations_is_matched(tmp_path, made_at):
    # create_all of an earlier version: no alembic_version, and only what that version had.
    engine = make_engine(f"sqlite:///{tmp_path / 'dev.sqlite3'}")
    migrate.upgrade(engine, made_at)
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE alembic_version")
    assert migrate.upgrade(engine) == (made_at, migrate.head())
    with engine.connect() as conn:
        indexes = {index["name"] for index in sa.inspect(conn).get_indexes("visit")}
    assert "ix_visit_engaged" in indexes
    engine.dispose()


@pytest.mark.sqlite_only
def test_a_development_database_of_today_is_matched_as_current(tmp_path):
    # create_all with the search index (create_tables): nothing left to run.
    engine = make_engine(f"sqlite:///{tmp_path / 'today.sqlite3'}")
    create_tables(engine)
    assert migrate.upgrade(engine) == (migrate.head(), migrate.head())
    engine.dispose()


def test_downgrade_and_upgrade_again(empty_url):
    engine = make_engine(empty_url)
    migrate.upgrade(engine)
    from alembic import command

    with engine.connect() as conn:
        command.downgrade(migrate._config(conn), migrate.FIRST)
        conn.commit()
        assert migrate.current(conn) == migrate.FIRST
    assert migrate.upgrade(engine)[1] == migrate.head()
    engine.dispose()


@pytest.mark.sqlite_only  # its own SQLite file; empty_url covers PostgreSQL
def test_cli_db_upgrade_and_current(tmp_path):
    app = create_app(
        {
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}",
            "SECRET_KEY": "test",
        }
    )
    runner = Runner(app)
    behind = runner.invoke(["db", "current"])
    assert behind.exit_code == 1 and "run `landing db upgrade`" in behind.output
    assert "upgraded: empty -> " in runner.invoke(["db", "upgrade"]).output
    assert "is current" in runner.invoke(["db", "upgrade"]).output
    assert runner.invoke(["db", "current"]).exit_code == 0
    bad = runner.invoke(["db", "upgrade", "--to", "nonsense"])
    assert bad.exit_code == 1 and "upgrade failed" in bad.output


@pytest.mark.sqlite_only  # its own SQLite file; empty_url covers PostgreSQL
def test_healthz(tmp_path):
    url = f"sqlite:///{tmp_path / 'health.sqlite3'}"
    app = create_app(
        {"INSTANCE_PATH": str(tmp_path / "i"), "DATABASE_URL": url, "SECRET_KEY": "test"}
    )
    client = app.test_client()
    behind = client.get("/healthz")
    assert behind.status_code == 503 and behind.get_json()["status"] == "unavailable"
    migrate.upgrade(make_engine(url))
    ok = client.get("/healthz")
    assert ok.status_code == 200
    assert ok.get_json() == {"status": "ok", "database": "ok", "schema": migrate.head()}
    assert ok.headers["Cache-Control"] == "no-store"


@pytest.mark.sqlite_only  # its own SQLite file; empty_url covers PostgreSQL
def test_healthz_when_the_database_cannot_be_reached(tmp_path):
    app = create_app(
        {
            "INSTANCE_PATH": str(tmp_path / "i"),
            "DATABASE_URL": f"sqlite:///{tmp_path / 'no' / 'such' / 'dir.sqlite3'}",
            "SECRET_KEY": "test",
        }
    )
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable", "database": "unreachable"}


@pytest.mark.sqlite_only  # its own SQLite file; empty_url covers PostgreSQL
def test_dates_survive_the_upgrade_as_utc(tmp_path):
    """Rows written before migrations keep their moments (stored as naive UTC)."""
    url = f"sqlite:///{tmp_path / 'dates.sqlite3'}"
    engine = make_engine(url)
    migrate.upgrade(engine)
    from sqlmodel import Session

    from landing.data.models import Rep

    with Session(engine) as session:
        moment = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
        session.add(Rep(email="a@b.co", name="A", password_hash="x", created_at=moment))
        session.commit()
        assert session.exec(sa.select(Rep.created_at)).scalar_one() == moment
    engine.dispose()


def _insert(conn, table: str, values: dict) -> None:
    """A row as that revision's table takes it: given values, blanks for the rest."""
    blank = {sa.String: "", sa.Integer: 0, sa.Boolean: False, sa.DateTime: datetime(2026, 11, 20)}
    row = {}
    for column in sa.inspect(conn).get_columns(table):
        name = column["name"]
        if name in values:
            row[name] = values[name]
        elif not column["nullable"] and column.get("default") is None:
            kind = next(t for t in blank if isinstance(column["type"], t))
            row[name] = blank[kind]
    conn.execute(
        sa.text(
            f"INSERT INTO {table} ({', '.join(row)}) "  # noqa: S608 (names from the schema)
            f"VALUES ({', '.join(':' + k for k in row)})"
        ),
        row,
    )


def test_0010_rebuilds_name_keys_with_their_combining_marks(empty_url):
    engine = make_engine(empty_url)
    migrate.upgrade(engine, "0008")
    with engine.begin() as conn:
        _insert(conn, "rep", {"id": 1, "email": "dana@acme.com", "timezone": "UTC"})
        _insert(
            conn,
            "prospect",
            {
                "id": 1, "rep_id": 1, "first_name": "विष्णु", "last_name": "कौल",
                "slug": "Vissnnu-Kaul", "slug_key": "vissnnukaul", "next_call_on": "2026-11-23",
                "first_key": "vssnn", "last_key": "kl",  # as keys were made before 0010
            },
        )  # fmt: skip
        conn.execute(sa.text("DELETE FROM heardkey"))
        conn.execute(sa.text("INSERT INTO heardkey (probe, prospect_id) VALUES ('f:vssnn', 1)"))
    assert migrate.upgrade(engine) == ("0008", migrate.head())
    with engine.connect() as conn:
        keys = conn.execute(sa.text("SELECT first_key, last_key FROM prospect")).one()
        assert tuple(keys) == ("vissnnu", "kaul")
        probes = set(conn.execute(sa.text("SELECT probe FROM heardkey")).scalars())
        assert "f:vissnnu" in probes and "f:vssnn" not in probes
        assert near_match(conn, "Vissnnu-Kaull").target.slug == "Vissnnu-Kaul"


def test_templates_written_before_languages_are_in_the_companys(empty_url):
    engine = make_engine(empty_url)
    migrate.upgrade(engine, "0011")
    with engine.begin() as conn:
        # The company table as 0011 left it: blanks fill the other columns.
        _insert(conn, "company", {"id": 1, "name": "Acme", "language": "de"})
        conn.execute(
            sa.text(
                "INSERT INTO scripttemplate (name, goal, voicemail, email_subject, email_body,"
                " active, created_at) VALUES ('Kurz', 'visit', 'Hallo', 'Betreff', 'Text',"
                " :yes, :now)"
            ),
            {"yes": True, "now": datetime.now(UTC)},
        )
    migrate.upgrade(engine, "0012")
    with engine.connect() as conn:
        assert conn.execute(sa.text("SELECT language FROM scripttemplate")).scalars().all() == [
            "de"
        ]
    engine.dispose()
