"""Background exports: a long call list written to a file by `landing worker`, for a rep who
would rather not keep a browser tab open while 100,000 rows stream out.

The rep asks (one job at a time: asking again shows the same one), the worker writes the
same CSV as /app/export.csv (csv_export, the rep's own current prospects) to a private file,
noting how many rows it has written so the page can show a progress bar, and the rep
downloads it from a link that is theirs alone. Files are kept KEEP, then `landing purge`
(and the worker, between jobs) deletes them with their job."""

from __future__ import annotations

import logging
import os
import secrets
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, func, or_, select, update
from sqlmodel import Session

from landing.calls import csv_export
from landing.core.clock import utcnow
from landing.data import private_files
from landing.data.models import ExportJob, Prospect, Rep
from landing.team.company import CompanySettings

KEEP = timedelta(hours=24)
QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
PROGRESS_EVERY = csv_export.CHUNK  # rows written between two progress updates
BACKGROUND_FROM = 5000  # prospects from which the export area suggests the background export
log = logging.getLogger(__name__)


def folder(instance_path: str) -> Path:
    """Where finished exports wait for their download: the app's account's only."""
    return private_files.folder(Path(instance_path) / "exports")


def path_of(where: Path, job: ExportJob) -> Path:
    return where / f"{job.id}-{job.token}.csv"


def current_count(session: Session, rep_id: int) -> int:
    """How many rows the rep's export has (their current prospects)."""
    query = select(func.count()).where(Prospect.rep_id == rep_id, Prospect.archived_at.is_(None))
    return session.scalar(query) or 0


def request(session: Session, rep: Rep) -> ExportJob:
    """The rep's unfinished job, or a new one queued for the worker."""
    pending = session.scalars(
        select(ExportJob)
        .where(ExportJob.rep_id == rep.id, ExportJob.status.in_((QUEUED, RUNNING)))
        .order_by(ExportJob.id.desc())
    ).first()
    if pending is not None:
        return pending
    job = ExportJob(rep_id=rep.id, token=secrets.token_urlsafe(24))
    job.total = current_count(session, rep.id)
    session.add(job)
    session.commit()
    return job


def of_rep(session: Session, rep: Rep, job_id: int) -> ExportJob | None:
    """The job if it is rep's and still kept; None for anybody else's (a 404, naming nothing)."""
    job = session.get(ExportJob, job_id)
    if job is None or job.rep_id != rep.id or expired(job):
        return None
    return job


def expired(job: ExportJob, now: datetime | None = None) -> bool:
    return job.finished_at is not None and job.finished_at < (now or utcnow()) - KEEP


def run_due(engine: Engine, where: Path, settings: CompanySettings, *, today: date) -> int:
    """Write every queued export, oldest first; how many were handled. A job another worker
    claimed first is left to it."""
    handled = 0
    while True:
        with Session(engine) as session:
            job_id = session.scalar(
                select(ExportJob.id).where(ExportJob.status == QUEUED).order_by(ExportJob.id)
            )
        if job_id is None or not _claim(engine, job_id):
            return handled
        _write(engine, where, job_id, settings, today)
        handled += 1


def _claim(engine: Engine, job_id: int) -> bool:
    with engine.begin() as conn:
        claimed = conn.execute(
            update(ExportJob.__table__)
            .where(ExportJob.__table__.c.id == job_id, ExportJob.__table__.c.status == QUEUED)
            .values(status=RUNNING)
        )
        return claimed.rowcount == 1


def _progress(engine: Engine, job_id: int, **values) -> None:
    with engine.begin() as conn:
        table = ExportJob.__table__
        conn.execute(update(table).where(table.c.id == job_id).values(**values))


def _write(engine: Engine, where: Path, job_id: int, settings, today: date) -> None:
    """The CSV into a private file beside its final name, moved there when complete: a failed
    export leaves no half file to download."""
    with Session(engine) as session:
        job = session.get(ExportJob, job_id)
        rep = session.get(Rep, job.rep_id)
        session.expunge_all()
    final = path_of(where, job)
    partial = final.with_suffix(".part")
    count, noted = [0], 0

    def counted(table):
        for row in table:
            count[0] += 1
            yield row

    try:
        private_files.create(partial)
        with (
            csv_export.reading(engine) as reader,
            open(partial, "w", encoding="utf-8", newline="") as out,
        ):
            _progress(engine, job_id, total=current_count(reader, rep.id))
            for text in csv_export.chunks(
                counted(csv_export.rows(reader, rep, settings, today=today))
            ):
                out.write(text)
                if count[0] - noted >= PROGRESS_EVERY:
                    noted = count[0]
                    _progress(engine, job_id, written=noted)
        os.replace(partial, final)
    except Exception as exc:  # noted on the job for the rep; the worker goes on
        log.exception("export %s failed", job_id)
        partial.unlink(missing_ok=True)
        _progress(engine, job_id, status=FAILED, error=str(exc)[:200], finished_at=utcnow())
        return
    _progress(engine, job_id, status=DONE, written=count[0], finished_at=utcnow())


def purge(session: Session, where: Path, now: datetime | None = None) -> int:
    """Delete the jobs finished more than KEEP ago, and any left unfinished for twice as
    long (a worker stopped mid-way), with their files; how many."""
    now = now or utcnow()
    old = session.scalars(
        select(ExportJob).where(
            or_(ExportJob.finished_at < now - KEEP, ExportJob.created_at < now - 2 * KEEP)
        )
    ).all()
    for job in old:
        path = path_of(where, job)
        path.unlink(missing_ok=True)
        path.with_suffix(".part").unlink(missing_ok=True)
        session.delete(job)
    session.commit()
    return len(old)
