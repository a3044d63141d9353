"""Background exports: the rep asks from the export area, `landing worker --once` writes the
file, the page shows progress then a link; the file is the rep's alone, is the same CSV as
/app/export.csv, and `landing purge` deletes it once it has been kept its time."""

from __future__ import annotations

import re
from datetime import timedelta

from landing.calls import background_export
from landing.core import clock
from landing.data.db import get_session
from landing.data.models import ExportJob
from tests.calls.test_csv_export_streaming import _add


def _ask(auth) -> str:
    """Press the export area's button; the job's page it leads to."""
    response = auth.post("/app/exports", {}, form_page="/app/import")
    assert response.status_code == 302
    return response.headers["Location"]


def test_a_rep_gets_their_list_from_the_worker_with_progress_then_a_link(
    app, client, auth, make_rep, make_prospect, runner
):
    rep = make_rep()
    make_prospect(rep)
    _add(app, rep, 1200)
    auth.login()
    assert "Prepare the CSV in the background" in client.get("/app/import").get_data(as_text=True)
    page = _ask(auth)
    waiting = client.get(page).get_data(as_text=True)
    assert "Waiting for the worker" in waiting and 'http-equiv="refresh"' in waiting
    assert _ask(auth) == page  # asking again shows the same job, not a second one

    result = runner.invoke(args=["worker", "--once"])
    assert result.exit_code == 0, result.output

    done = client.get(page).get_data(as_text=True)
    assert "Ready: 1,201 prospects." in done and 'http-equiv="refresh"' not in done
    link = re.search(r'href="(/app/exports/\d+/prospects.csv)"', done).group(1)
    file = client.get(link)
    assert file.status_code == 200 and file.mimetype == "text/csv"
    expected = client.get("/app/export.csv").get_data()
    assert file.get_data() == expected  # the same CSV as the direct export


def test_progress_is_shown_while_the_worker_writes(app, client, auth, make_rep, make_prospect):
    rep = make_rep()
    make_prospect(rep)
    auth.login()
    page = _ask(auth)
    with app.app_context():
        job = get_session().get(ExportJob, int(page.rsplit("/", 1)[1]))
        job.status, job.total, job.written = "running", 2000, 500
        get_session().commit()
    html = client.get(page).get_data(as_text=True)
    assert "Writing 500 of 2,000 prospects" in html
    assert '<progress id="export-progress" max="2000" value="500">' in html


def test_another_rep_can_neither_see_nor_download_the_file(
    app, client, auth, make_rep, make_prospect, runner
):
    dana = make_rep()
    make_prospect(dana)
    make_rep(email="lee@acme.com", name="Lee Park")
    auth.login()
    page = _ask(auth)
    runner.invoke(args=["worker", "--once"])
    link = page + "/prospects.csv"
    assert client.get(link).status_code == 200
    auth.logout()
    auth.login(email="lee@acme.com")
    assert client.get(page).status_code == 404
    assert client.get(link).status_code == 404
    auth.logout()
    assert client.get(link).status_code in (302, 401)  # signed out: to the sign-in page


def test_purge_deletes_the_file_once_kept_its_time(
    app, client, auth, make_rep, make_prospect, runner
):
    rep = make_rep()
    make_prospect(rep)
    auth.login()
    page = _ask(auth)
    runner.invoke(args=["worker", "--once"])
    job_id = int(page.rsplit("/", 1)[1])
    where = background_export.folder(app.instance_path)
    with app.app_context():
        job = get_session().get(ExportJob, job_id)
        path = background_export.path_of(where, job)
        assert path.is_file()
        result = runner.invoke(args=["purge", "--json"])
        assert '"exports": 0' in result.output and path.is_file()  # not yet
        job.finished_at = clock.utcnow() - background_export.KEEP - timedelta(minutes=1)
        get_session().commit()
    assert client.get(page).status_code == 404  # expired: gone for the rep already
    result = runner.invoke(args=["purge", "--json"])
    assert '"exports": 1' in result.output, result.output
    assert not path.is_file()
    with app.app_context():
        assert get_session().get(ExportJob, job_id) is None
