"""The export streams: the web response is a generator read in batches, the statements run
do not grow with the list, the bytes are those of the whole CSV written at once, and a CLI
export that fails leaves an earlier file as it was."""

from __future__ import annotations

import csv
import io

import pytest
from sqlalchemy import event, insert

from landing.calls import csv_export
from landing.core import clock
from landing.core.csv_safety import safe_cell
from landing.data.db import get_engine, get_session
from landing.data.models import Prospect
from landing.team import company
from tests.conftest import engage


def _add(app, rep, count: int) -> None:
    """count more prospects of rep's, written at once (the import's checks of each name
    against the others are not what this measures)."""
    with app.app_context():
        session = get_session()
        session.execute(
            insert(Prospect.__table__),
            [
                {"rep_id": rep.id, "first_name": f"Person{i}", "last_name": f"Number{i}",
                 "company": f"Firm {i % 7}", "email": f"p{i}@example.com",
                 "slug": f"Person{i}-Number{i}", "slug_key": f"person{i}number{i}",
                 "next_call_on": clock.today(), "created_at": clock.utcnow()}
                for i in range(count)
            ],
        )  # fmt: skip
        session.commit()


@pytest.fixture
def statements(app):
    """How many SQL statements the engine runs, from now."""
    seen: list[str] = []
    with app.app_context():
        engine = get_engine()

    def count(conn, cursor, statement, *args):
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    yield seen
    event.remove(engine, "before_cursor_execute", count)


def _all_at_once(table: list[list]) -> str:
    """The CSV as the export wrote it before it streamed: every row, then the text whole."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(csv_export.HEADER)
    writer.writerows([safe_cell(cell) for cell in row] for row in table)
    return "\ufeff" + out.getvalue()


def test_a_large_export_streams_with_statements_that_do_not_grow_with_rows(
    app, client, auth, make_rep, make_prospect, prospect_client, statements
):
    rep = make_rep()
    make_prospect(rep)
    make_prospect(rep, first_name="Jürgen", last_name="Müller", language="de", goal="callback")
    engage(prospect_client, "/Rob-Mason")
    auth.login()
    client.get("/app/export.csv").get_data()  # caches warmed: settings, session, templates
    small = client.get("/app/export.csv")
    assert small.is_streamed
    statements.clear()  # from here: what reading the body runs (signing in is not counted)
    assert small.get_data(as_text=True).count("\n") == 3
    few = len(statements)
    assert any("FROM prospect" in s for s in statements)  # read as the body is sent

    _add(app, rep, csv_export.BATCH + csv_export.CHUNK + 10)
    large = client.get("/app/export.csv")
    assert large.is_streamed and large.mimetype == "text/csv"
    statements.clear()
    body = large.get_data(as_text=True)
    assert len(statements) == few, statements  # no statement per row, nor per batch
    rows = list(csv.DictReader(io.StringIO(body[1:])))
    assert len(rows) == 2 + csv_export.BATCH + csv_export.CHUNK + 10
    assert rows[0]["First name"] == "Person1509" and rows[-1]["First name"] == "Rob"
    assert rows[-1]["Hot"] == "yes" and rows[-2]["First name"] == "Jürgen"
    with app.app_context():
        session = get_session()
        settings = company.current(session, app.config)
        table = list(csv_export.rows(session, rep, settings, today=clock.today()))
    assert body == _all_at_once(table)  # the same bytes as the whole CSV written at once


def test_the_header_leaves_before_any_row_is_read():
    pieces = csv_export.chunks(iter_that_must_not_start())
    assert next(pieces) == "\ufeff" + ",".join(csv_export.HEADER) + "\r\n"


def iter_that_must_not_start():
    raise AssertionError("rows were read before the header was sent")
    yield  # pragma: no cover


def test_a_failed_cli_export_keeps_the_earlier_file(runner, make_rep, make_prospect, tmp_path,
                                                    monkeypatch):  # fmt: skip
    make_prospect(make_rep(admin=True))
    path = tmp_path / "exports" / "out.csv"
    path.parent.mkdir()
    path.write_text("yesterday's list\n", encoding="utf-8")

    def disk_full(table):
        yield "\ufeffFirst name\r\n"
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(csv_export, "chunks", disk_full)
    result = runner.invoke(["export", str(path)])
    assert result.exit_code == 1 and "cannot write" in result.output
    assert "No space left on device" in result.output
    assert path.read_text(encoding="utf-8") == "yesterday's list\n"
    assert [p.name for p in path.parent.iterdir()] == ["out.csv"]
    monkeypatch.undo()
    assert runner.invoke(["export", str(path)]).exit_code == 0
    assert "Rob,Mason" in path.read_text(encoding="utf-8")
