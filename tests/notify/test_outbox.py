"""The outbox worker against a real SMTP server (aiosmtpd) and a real local HTTP receiver."""

from __future__ import annotations

import email
import json
import logging
import os
import signal
import socket
import threading
from datetime import UTC, datetime, timedelta
from email import policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import NamedTuple

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from sqlalchemy.engine import make_url
from sqlmodel import Session, select

from landing.core.clock import utcnow
from landing.data.db import get_engine, make_engine
from landing.data.models import Notice, OutboxMessage, Rep
from landing.notify import outbox, outbox_queue
from landing.notify.webhook_delivery import verify_signature

# Every test runs on this clock (passed as `now`), so retries are due exactly when expected.
T0 = datetime(2025, 3, 4, 15, 0, tzinfo=UTC)
SECRET = "whsec-test"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Inbox:
    """An aiosmtpd handler that keeps every message it accepts."""

    def __init__(self) -> None:
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):  # the name aiosmtpd calls
        self.envelopes.append(envelope)
        return "250 Message accepted"

    @property
    def messages(self) -> list[email.message.EmailMessage]:
        return [email.message_from_bytes(e.content, policy=policy.default) for e in self.envelopes]


def authenticate(server, session, envelope, mechanism, auth_data) -> AuthResult:
    """Accepts landing / hunter2 only."""
    ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
        b"landing",
        b"hunter2",
    )
    return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd answers 535


class SMTPServer:
    """A real SMTP server on a fixed local port that can be stopped and started again."""

    def __init__(self) -> None:
        self.inbox = Inbox()
        self.port = free_port()
        self._controller = None

    def start(self, **options) -> None:
        self._controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port, **options)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


class Request(NamedTuple):
    path: str
    headers: dict
    body: bytes


class Receiver:
    """A webhook receiver: records each POST and answers with `status`."""

    def __init__(self) -> None:
        self.requests: list[Request] = []
        self.status = 200
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # the name http.server calls
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.requests.append(Request(self.path, dict(self.headers), body))
                self.send_response(receiver.status)
                self.send_header("Location", "/elsewhere")  # followed only on a 3xx, if at all
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def smtp():
    server = SMTPServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.close()


@pytest.fixture
def engine(app):
    with app.app_context():
        return get_engine()


@pytest.fixture
def settings(app, smtp):
    # The receiver listens on 127.0.0.1, which only an operator's opt-in lets webhooks reach.
    return {
        **app.config,
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": smtp.port,
        "WEBHOOK_ALLOW_PRIVATE_ADDRESSES": True,
    }


def add_notice(engine, rep, prospect=None, channels=("email",), text=None, due_at=T0) -> int:
    """A notice and its outbox rows, as the visit code writes them."""
    with Session(engine) as session:
        notice = Notice(
            rep_id=rep.id,
            prospect_id=prospect.id if prospect else None,
            kind="engaged_visit",
            text=text or "Rob Mason is on their page now — call +1 415 555 0100",
            at=T0,
        )
        session.add(notice)
        session.flush()
        for channel in channels:
            session.add(
                OutboxMessage(notice_id=notice.id, rep_id=rep.id, channel=channel, due_at=due_at)
            )
        session.commit()
        return notice.id


def rows(engine, **where) -> list[OutboxMessage]:
    with Session(engine) as session:
        query = select(OutboxMessage).filter_by(**where).order_by(OutboxMessage.id)
        return list(session.exec(query))


def get_rep(engine, rep_id) -> Rep:
    with Session(engine) as session:
        return session.get(Rep, rep_id)


def set_rep(engine, rep_id, **values) -> None:
    with Session(engine) as session:
        rep = session.get(Rep, rep_id)
        for field, value in values.items():
            setattr(rep, field, value)
        session.commit()


def test_email_goes_to_the_rep_with_a_link_to_the_prospect(
    engine, settings, smtp, make_rep, make_prospect
):
    rep = make_rep()
    prospect = make_prospect(rep)
    add_notice(engine, rep, prospect)

    assert outbox.deliver_due(engine, settings, now=T0) == 1

    [envelope] = smtp.inbox.envelopes
    assert envelope.rcpt_tos == ["dana@acme.com"]
    assert envelope.mail_from == "landing@localhost"
    [message] = smtp.inbox.messages
    assert message["Subject"] == "Rob Mason is on their page now — call +1 415 555 0100"
    body = message.get_content()
    assert f"https://acme.com/app/prospects/{prospect.id}" in body
    assert "2025-03-04T15:00:00+00:00" in body
    [row] = rows(engine)
    assert (row.status, row.sent_at, row.locked_until) == ("sent", T0, None)
    # Sent once: nothing is due any more.
    assert outbox.deliver_due(engine, settings, now=T0 + timedelta(hours=1)) == 0
    assert len(smtp.inbox.envelopes) == 1


def test_webhook_posts_json_with_a_signature_that_verifies(
    engine, settings, receiver, make_rep, make_prospect
):
    rep = make_rep()
    prospect = make_prospect(rep)
    set_rep(engine, rep.id, webhook_url=receiver.url, webhook_secret=SECRET, webhook_failures=3)
    notice_id = add_notice(engine, rep, prospect, channels=("webhook",))

    assert outbox.deliver_due(engine, settings, now=T0) == 1

    [request] = receiver.requests
    assert request.path == "/hook"
    assert request.headers["Content-Type"] == "application/json"
    payload = json.loads(request.body)
    link = f"https://acme.com/app/prospects/{prospect.id}"
    assert payload["text"] == f"Rob Mason is on their page now — call +1 415 555 0100 {link}"
    assert payload["event"] == "engaged_visit"
    assert payload["notice"]["id"] == notice_id
    assert payload["notice"]["prospect_id"] == prospect.id
    assert payload["notice"]["at"] == "2025-03-04T15:00:00+00:00"
    timestamp = request.headers["X-Landing-Timestamp"]
    signature = request.headers["X-Landing-Signature"]
    assert signature.startswith("sha256=")
    assert verify_signature(SECRET, timestamp, request.body, signature, max_age_seconds=300)
    assert not verify_signature("another secret", timestamp, request.body, signature)
    assert not verify_signature(SECRET, timestamp, request.body + b" ", signature)
    assert not verify_signature(SECRET, int(timestamp) - 3600, request.body, signature)
    assert rows(engine)[0].status == "sent"
    assert get_rep(engine, rep.id).webhook_failures == 0  # a success ends a run of failures


def test_webhook_without_a_secret_is_not_signed(engine, settings, receiver, make_rep):
    rep = make_rep()
    set_rep(engine, rep.id, webhook_url=receiver.url)
    add_notice(engine, rep, channels=("webhook",))

    outbox.deliver_due(engine, settings, now=T0)

    [request] = receiver.requests
    assert "X-Landing-Signature" not in request.headers
    assert "X-Landing-Timestamp" not in request.headers
    assert json.loads(request.body)["notice"]["prospect_id"] is None


def test_smtp_down_keeps_the_message_and_sends_it_once_when_back(
    engine, settings, smtp, make_rep, caplog
):
    rep = make_rep()
    add_notice(engine, rep)
    smtp.stop()

    assert outbox.deliver_due(engine, settings, now=T0) == 1

    [row] = rows(engine)
    assert (row.status, row.attempts, row.locked_until) == ("pending", 1, None)
    assert row.due_at == T0 + timedelta(seconds=10)
    # The rep reads a category; the operator's log has the socket's own words.
    assert row.last_error == "could not deliver: could not connect to the mail server"
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert any("failed" in m and "refused" in m.lower() for m in warnings)
    assert outbox.deliver_due(engine, settings, now=T0 + timedelta(seconds=9)) == 0  # not yet due

    # Still down for the rest of the minute: each retry waits twice as long as the last.
    assert outbox.deliver_due(engine, settings, now=T0 + timedelta(seconds=10)) == 1
    assert outbox.deliver_due(engine, settings, now=T0 + timedelta(seconds=30)) == 1
    [row] = rows(engine)
    assert (row.status, row.attempts, row.due_at) == ("pending", 3, T0 + timedelta(seconds=70))

    smtp.start()  # back after a minute
    back = T0 + timedelta(seconds=70)
    assert outbox.deliver_due(engine, settings, now=back) == 1
    assert outbox.deliver_due(engine, settings, now=T0 + timedelta(hours=1)) == 0
    assert len(smtp.inbox.envelopes) == 1
    [row] = rows(engine)
    assert (row.status, row.sent_at, row.last_error) == ("sent", back, "")


def test_smtp_login_and_a_refused_password_kept_out_of_the_error(engine, settings, smtp, make_rep):
    smtp.stop()
    # Plain-text AUTH is fine on a loopback test server; production uses starttls or ssl.
    smtp.start(authenticator=authenticate, auth_require_tls=False)
    rep = make_rep()
    add_notice(engine, rep)
    add_notice(engine, rep, text="Ana Lopez is on their page now")
    wrong = {**settings, "SMTP_USER": "landing", "SMTP_PASSWORD": "wrong-password"}

    assert outbox.deliver_due(engine, wrong, limit=1, now=T0) == 1
    [failed, waiting] = rows(engine)
    assert (failed.status, failed.attempts) == ("pending", 1)
    assert failed.last_error == (
        "could not deliver: the mail server refused this server's sign-in (ask your admin)"
    )
    assert "wrong-password" not in failed.last_error

    right = {**settings, "SMTP_USER": "landing", "SMTP_PASSWORD": "hunter2"}
    assert outbox.deliver_due(engine, right, now=T0 + timedelta(minutes=1)) == 2
    assert len(smtp.inbox.envelopes) == 2


def test_a_claimed_message_waits_until_its_claim_expires(engine, settings, smtp, make_rep):
    rep = make_rep()
    add_notice(engine, rep)
    # Another worker claimed it and died before recording anything.
    with Session(engine) as session:
        row = session.exec(select(OutboxMessage)).one()
        row.locked_until = T0 + timedelta(seconds=60)
        session.commit()

    assert outbox.deliver_due(engine, settings, now=T0 + timedelta(seconds=59)) == 0
    assert outbox.deliver_due(engine, settings, now=T0 + timedelta(seconds=60)) == 1
    assert len(smtp.inbox.envelopes) == 1


def test_email_without_smtp_configured_waits_instead_of_being_lost(engine, settings, make_rep):
    rep = make_rep()
    add_notice(engine, rep)

    outbox.deliver_due(engine, {**settings, "SMTP_HOST": ""}, now=T0)

    [row] = rows(engine)
    assert (row.status, row.attempts) == ("pending", 1)
    assert (
        row.last_error == "could not deliver: email is not set up on this server (ask your admin)"
    )


def test_backoff_doubles_and_caps(engine, settings, smtp, make_rep):
    assert [outbox_queue.retry_delay(n, {}).total_seconds() for n in (1, 2, 3, 6, 7, 50)] == [
        10,
        20,
        40,
        320,
        600,
        600,
    ]
    settings = {**settings, "OUTBOX_RETRY_BASE_SECONDS": 5, "OUTBOX_RETRY_MAX_SECONDS": 30}
    rep = make_rep()
    add_notice(engine, rep)
    smtp.stop()

    now, delays = T0, []
    for _ in range(6):
        assert outbox.deliver_due(engine, settings, now=now) == 1
        [row] = rows(engine)
        delays.append((row.due_at - now).total_seconds())
        now = row.due_at

    assert delays == [5, 10, 20, 30, 30, 30]
    assert rows(engine)[0].attempts == 6


def test_racing_workers_never_send_a_message_twice(engine, settings, smtp, make_rep):
    rep = make_rep()
    for i in range(30):
        add_notice(engine, rep, text=f"Prospect {i} is on their page now")
    start = threading.Barrier(3)
    handled = []

    def worker():
        start.wait()
        handled.append(outbox.deliver_due(engine, settings, now=T0))

    threads = [threading.Thread(target=worker) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sum(handled) == 30
    subjects = [message["Subject"] for message in smtp.inbox.messages]
    assert sorted(subjects) == sorted(f"Prospect {i} is on their page now" for i in range(30))
    assert {row.status for row in rows(engine)} == {"sent"}


def test_webhook_failing_20_times_in_a_row_is_turned_off_and_the_rep_told(
    engine, settings, smtp, receiver, make_rep
):
    rep = make_rep()
    set_rep(engine, rep.id, webhook_url=receiver.url)
    receiver.status = 500
    add_notice(engine, rep, channels=("webhook",))
    # Two more waiting for later (e.g. quiet hours): dropped with the webhook.
    later = T0 + timedelta(days=1)
    add_notice(engine, rep, channels=("webhook",), due_at=later)
    add_notice(engine, rep, channels=("webhook",), due_at=later)

    now = T0
    for _ in range(19):
        assert outbox.deliver_due(engine, settings, now=now) == 1
        now += timedelta(minutes=10)
    assert get_rep(engine, rep.id).webhook_failures == 19
    assert not get_rep(engine, rep.id).webhook_disabled
    assert receiver.url not in rows(engine)[0].last_error  # webhook URLs carry secrets

    outbox.deliver_due(engine, settings, now=now)

    assert len(receiver.requests) == 20
    assert get_rep(engine, rep.id).webhook_disabled
    webhooks = rows(engine, channel="webhook")
    assert [row.status for row in webhooks] == ["dropped"] * 3
    assert {row.last_error for row in webhooks} == {"webhook turned off after 20 failures"}
    with Session(engine) as session:
        [notice] = session.exec(select(Notice).where(Notice.kind == "webhook_disabled")).all()
    assert notice.text.startswith("Your webhook was turned off after 20 failed deliveries in a row")
    assert "HTTP 500" in notice.text and "Fix it in Profile" in notice.text
    [email_row] = rows(engine, channel="email")
    assert email_row.notice_id == notice.id

    assert outbox.deliver_due(engine, settings, now=now) == 1
    [message] = smtp.inbox.messages
    assert message["Subject"] == notice.text
    assert len(receiver.requests) == 20  # nothing more sent to the broken webhook


def test_a_success_before_the_limit_resets_the_count(engine, settings, receiver, make_rep):
    rep = make_rep()
    set_rep(engine, rep.id, webhook_url=receiver.url)
    add_notice(engine, rep, channels=("webhook",))
    receiver.status = 500
    now = T0
    for _ in range(5):
        outbox.deliver_due(engine, settings, now=now)
        now += timedelta(minutes=10)
    assert get_rep(engine, rep.id).webhook_failures == 5

    receiver.status = 204
    assert outbox.deliver_due(engine, settings, now=now) == 1

    assert get_rep(engine, rep.id).webhook_failures == 0
    [row] = rows(engine)
    assert (row.status, row.attempts) == ("sent", 6)


def test_a_redirect_is_a_failure_and_not_followed(engine, settings, receiver, make_rep):
    rep = make_rep()
    set_rep(engine, rep.id, webhook_url=receiver.url)
    add_notice(engine, rep, channels=("webhook",))
    receiver.status = 302

    outbox.deliver_due(engine, settings, now=T0)

    assert [request.path for request in receiver.requests] == ["/hook"]
    [row] = rows(engine)
    assert (row.status, row.attempts) == ("pending", 1)
    assert row.last_error == "could not deliver: HTTP 302 from the receiver"


@pytest.mark.parametrize(
    "change, reason",
    [
        ({"webhook_url": ""}, "removed"),
        ({"webhook_disabled": True}, "turned off"),
    ],
)
def test_a_message_for_a_webhook_gone_meanwhile_is_dropped(
    engine, settings, receiver, make_rep, change, reason
):
    rep = make_rep()
    set_rep(engine, rep.id, webhook_url=receiver.url)
    add_notice(engine, rep, channels=("webhook",))
    set_rep(engine, rep.id, **change)

    assert outbox.deliver_due(engine, settings, now=T0) == 1

    assert receiver.requests == []
    [row] = rows(engine)
    assert row.status == "dropped" and reason in row.last_error


def test_an_email_after_the_rep_turned_email_off_is_dropped(engine, settings, smtp, make_rep):
    rep = make_rep()
    add_notice(engine, rep)
    set_rep(engine, rep.id, notify_email=False)

    outbox.deliver_due(engine, settings, now=T0)

    assert smtp.inbox.envelopes == []
    [row] = rows(engine)
    assert row.status == "dropped" and "email notices off" in row.last_error


def test_run_worker_once_delivers_what_is_due(engine, settings, smtp, receiver, make_rep):
    rep = make_rep()
    set_rep(engine, rep.id, webhook_url=receiver.url)
    add_notice(engine, rep, channels=("email", "webhook"), due_at=utcnow())

    outbox.run_worker(engine, settings, once=True)

    assert len(smtp.inbox.envelopes) == 1
    assert len(receiver.requests) == 1
    assert {row.status for row in rows(engine)} == {"sent"}


def test_run_worker_survives_database_errors_and_stops_when_asked(
    tmp_path, settings, caplog, database_url
):
    # Every query fails, as when the database is unreachable: on SQLite a file without
    # tables, on PostgreSQL a database the server does not have.
    if database_url.startswith("sqlite"):
        broken = make_engine(f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    else:
        missing = make_url(database_url).set(database="landing_no_such_db")
        broken = make_engine(missing.render_as_string(hide_password=False))
    stop = threading.Event()
    thread = threading.Thread(
        target=outbox.run_worker,
        args=(broken, settings),
        kwargs={"poll_seconds": 0.01, "stop": stop},
    )
    thread.start()
    try:
        for _ in range(200):
            if len([r for r in caplog.records if "database error" in r.getMessage()]) >= 2:
                break
            stop.wait(0.01)
        assert thread.is_alive()
    finally:
        stop.set()
        thread.join(timeout=5)
        broken.dispose()
    assert not thread.is_alive()
    errors = [r.getMessage() for r in caplog.records if "database error" in r.getMessage()]
    assert len(errors) >= 2 and all("\n" not in message for message in errors)


def test_run_worker_stops_on_sigterm_and_puts_the_handler_back(engine, settings):
    received = []
    previous = signal.signal(signal.SIGTERM, lambda *args: received.append(args))
    stop = threading.Event()
    timers = [
        threading.Timer(0.2, os.kill, (os.getpid(), signal.SIGTERM)),
        threading.Timer(10, stop.set),  # only if the worker ignored the signal
    ]
    try:
        for timer in timers:
            timer.start()
        outbox.run_worker(engine, settings, poll_seconds=0.05, stop=stop)
        assert not timers[1].finished.is_set()
        assert received == []  # the worker's handler got it, not ours
        os.kill(os.getpid(), signal.SIGTERM)
        assert len(received) == 1  # ours is back
    finally:
        for timer in timers:
            timer.cancel()
        signal.signal(signal.SIGTERM, previous)
