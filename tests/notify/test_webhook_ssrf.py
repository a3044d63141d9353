"""Webhook SSRF: a rep's webhook URL cannot make the worker talk to this machine or its
network, whether by address, by name, by a numeric spelling or by a DNS answer that changes
between the check and the connection; and delivery errors do not tell ports apart."""

from __future__ import annotations

import ipaddress
import re
import socket
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import trustme

from landing.data.db import get_engine
from landing.notify import outbox, webhook_delivery, webhook_targets
from tests.notify.test_outbox import T0, add_notice, get_rep, rows, set_rep

SETTINGS_PAGE = "/app/notifications/settings"
NOT_ALLOWED = (
    "could not deliver: address not allowed (webhooks go to public internet addresses only)"
)
# Each is this machine, its network or a range that is not the public internet; several
# are the same 127.0.0.1 spelled so that a check on the text alone would miss it.
HOSTILE = (
    "https://127.0.0.1:8000/",
    "https://169.254.169.254/latest/meta-data/",
    "https://localhost:5432/",
    "https://2130706433/",
    "https://0x7f.1/",
    "https://017700000001/",
    "https://127.1/",
    "https://[::1]/",
    "https://[::ffff:127.0.0.1]/",
    "https://[::127.0.0.1]/",
    "https://0.0.0.0/",
    "https://10.0.0.5/",
    "https://172.16.0.1/",
    "https://192.168.1.1/",
    "https://100.64.0.1/",
    "https://224.0.0.1/",
    "https://240.0.0.1/",
    "https://255.255.255.255/",
    "https://[fe80::1]/",
    "https://[fd00::1]/",
    "https://[64:ff9b::a9fe:a9fe]/",  # NAT64 of 169.254.169.254
    "https://[2002:7f00:1::]/",  # 6to4 of 127.0.0.1
)


class Receiver:
    """A webhook receiver that counts every TCP connection it accepts, not just requests."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, tls: ssl.SSLContext | None = None):
        self.requests: list[tuple[str, dict]] = []
        self.connections = 0
        self.server_names: list[str | None] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # the name http.server calls
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.requests.append((self.path, dict(self.headers)))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        class Server(ThreadingHTTPServer):
            def get_request(self):
                request = super().get_request()
                receiver.connections += 1
                return request

        self.server = Server((host, port), Handler)
        self.port = self.server.server_address[1]
        if tls is not None:
            tls.sni_callback = lambda _sock, name, _ctx: self.server_names.append(name)
            self.server.socket = tls.wrap_socket(self.server.socket, server_side=True)
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.close()


class FakeDNS:
    """socket.getaddrinfo with chosen answers for some names: each lookup of a name takes
    the next answer, the last one repeating; other names resolve as usual."""

    def __init__(self, monkeypatch):
        self.answers: dict[str, list[list[str]]] = {}
        self.lookups: dict[str, int] = {}
        real = socket.getaddrinfo

        def getaddrinfo(host, port, *args, **kwargs):
            if host not in self.answers:
                return real(host, port, *args, **kwargs)
            self.lookups[host] = self.lookups.get(host, 0) + 1
            queue = self.answers[host]
            addresses = queue.pop(0) if len(queue) > 1 else queue[0]
            return [_answer(address, port) for address in addresses]

        monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


def _answer(address: str, port: int):
    if ":" in address:
        return (socket.AF_INET6, socket.SOCK_STREAM, 6, "", (address, port, 0, 0))
    return (socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))


@pytest.fixture
def dns(monkeypatch):
    return FakeDNS(monkeypatch)


@pytest.fixture
def engine(app):
    with app.app_context():
        return get_engine()


def save_webhook(auth, url: str):
    return auth.post(SETTINGS_PAGE, {"webhook_url": url}, SETTINGS_PAGE)


def field_error(response) -> str:
    match = re.search(r'id="e-webhook_url">([^<]*)<', response.get_data(as_text=True))
    return match.group(1) if match else ""


def test_saving_a_webhook_to_this_machine_or_a_private_network_is_refused(engine, auth, make_rep):
    rep = make_rep()
    auth.login()
    for url in HOSTILE:
        response = save_webhook(auth, url)
        assert response.status_code == 400, url
        assert "only go to public internet addresses" in field_error(response), url
    assert get_rep(engine, rep.id).webhook_url == ""


def test_a_name_that_resolves_to_a_private_address_is_refused_when_saved(
    engine, auth, make_rep, dns
):
    rep = make_rep()
    auth.login()
    dns.answers["hooks.internal.test"] = [["10.1.2.3"]]
    # One private answer among public ones is enough: the connection could pick it.
    dns.answers["mixed.test"] = [["93.184.216.34", "127.0.0.1"]]
    dns.answers["hooks.public.test"] = [["93.184.216.34", "2606:4700:4700::1111"]]
    for url in ("https://hooks.internal.test/x", "https://mixed.test/x"):
        response = save_webhook(auth, url)
        assert response.status_code == 400, url
        assert "public internet addresses" in field_error(response)
    assert save_webhook(auth, "https://hooks.public.test/x").status_code == 302
    assert get_rep(engine, rep.id).webhook_url == "https://hooks.public.test/x"


def test_a_port_out_of_range_is_refused_when_saved(auth, make_rep):
    make_rep()
    auth.login()
    response = save_webhook(auth, "https://hooks.example:99999/x")
    assert response.status_code == 400
    assert "port" in field_error(response)


def test_public_addresses_and_their_ipv6_wrappings_are_allowed():
    for text in ("93.184.216.34", "2606:4700:4700::1111", "64:ff9b::808:808", "2002:808:808::"):
        assert webhook_targets.is_public(ipaddress.ip_address(text)), text


def test_a_stored_url_to_this_machine_is_refused_at_send_time(app, engine, make_rep, receiver):
    """Saved before this check existed, or written to the database by other means: the
    worker checks again and never connects, whichever way 127.0.0.1 is spelled."""
    rep = make_rep()
    for host in ("127.0.0.1", "localhost", "2130706433", "0x7f.1", "017700000001", "127.1"):
        set_rep(engine, rep.id, webhook_url=f"http://{host}:{receiver.port}/hook")
        add_notice(engine, rep, channels=("webhook",))
        assert outbox.deliver_due(engine, app.config, now=T0) == 1
        assert rows(engine)[-1].last_error == NOT_ALLOWED, host
    assert receiver.connections == 0


def test_dns_rebinding_is_refused_at_send_time_and_the_rep_reads_a_category(
    app, engine, client, auth, make_rep, receiver, dns
):
    """The name answers a public address while the URL is saved, then 127.0.0.1."""
    app.config.update(WEBHOOK_ALLOW_HTTP=True, WEBHOOK_MAX_FAILURES=1)
    rep = make_rep()
    auth.login()
    dns.answers["rebind.test"] = [["93.184.216.34"], ["127.0.0.1"]]
    assert save_webhook(auth, f"http://rebind.test:{receiver.port}/hook").status_code == 302
    add_notice(engine, rep, channels=("webhook",))

    assert outbox.deliver_due(engine, app.config, now=T0) == 1

    assert receiver.connections == 0 and receiver.requests == []
    [row] = rows(engine, channel="webhook")
    assert row.status == "dropped"  # the one failure allowed here turned the webhook off
    assert get_rep(engine, rep.id).webhook_disabled
    page = client.get("/app/notifications").get_data(as_text=True)
    assert f"(last error: {NOT_ALLOWED})" in page  # the "webhook turned off" notice
    assert "127.0.0.1" not in page


def test_the_worker_connects_to_the_address_it_checked(app, engine, make_rep, dns):
    """No second lookup between the check and the connection: the answer that was checked
    is the one connected to, even when the name answers differently the next time."""
    checked = Receiver("127.0.0.1")
    other = Receiver("127.0.0.2", checked.port)
    try:
        dns.answers["pin.test"] = [["127.0.0.1"], ["127.0.0.2"]]
        rep = make_rep()
        set_rep(engine, rep.id, webhook_url=f"http://pin.test:{checked.port}/hook")
        add_notice(engine, rep, channels=("webhook",))
        settings = {**app.config, "WEBHOOK_ALLOW_PRIVATE_ADDRESSES": True}

        assert outbox.deliver_due(engine, settings, now=T0) == 1
    finally:
        checked.close()
        other.close()

    assert rows(engine)[0].status == "sent"
    [(path, headers)] = checked.requests
    assert (path, headers["Host"]) == ("/hook", f"pin.test:{checked.port}")
    assert other.connections == 0
    assert dns.lookups["pin.test"] == 1


def test_tls_is_checked_for_the_name_typed_not_the_address_connected_to(
    app, engine, make_rep, dns, tmp_path, monkeypatch
):
    ca = trustme.CA()
    ca_file = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    monkeypatch.setenv("SSL_CERT_FILE", str(ca_file))  # read by ssl.create_default_context
    tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ca.issue_cert("hooks.tls.test").configure_cert(tls)
    server = Receiver(tls=tls)
    dns.answers["hooks.tls.test"] = [["127.0.0.1"]]
    dns.answers["other.tls.test"] = [["127.0.0.1"]]
    settings = {**app.config, "WEBHOOK_ALLOW_PRIVATE_ADDRESSES": True}
    rep = make_rep()
    try:
        set_rep(engine, rep.id, webhook_url=f"https://hooks.tls.test:{server.port}/hook")
        add_notice(engine, rep, channels=("webhook",))
        assert outbox.deliver_due(engine, settings, now=T0) == 1
        # The same server under a name its certificate does not carry.
        set_rep(engine, rep.id, webhook_url=f"https://other.tls.test:{server.port}/hook")
        add_notice(engine, rep, channels=("webhook",))
        assert outbox.deliver_due(engine, settings, now=T0) == 1
    finally:
        server.close()

    sent, refused = rows(engine)
    assert sent.status == "sent"
    [(_path, headers)] = server.requests
    assert headers["Host"] == f"hooks.tls.test:{server.port}"
    assert server.server_names[0] == "hooks.tls.test"  # SNI: the name, not 127.0.0.1
    assert refused.status == "pending"
    assert refused.last_error == (
        "could not deliver: the receiver's certificate is not valid for its name"
    )


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class OneShotServer:
    """Accepts connections on 127.0.0.1 and either resets them at once or stays silent."""

    def __init__(self, reset: bool):
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.reset = reset
        self.held: list[socket.socket] = []
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self) -> None:
        try:
            while True:
                conn, _ = self.sock.accept()
                if self.reset:  # linger 0: close sends RST, as a non-HTTP service might
                    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\1\0\0\0\0\0\0\0")
                    conn.close()
                else:
                    self.held.append(conn)
        except OSError:
            pass

    def close(self) -> None:
        self.sock.close()
        for conn in self.held:
            conn.close()


def test_refused_and_reset_read_the_same_to_the_rep(
    app, engine, client, auth, make_rep, monkeypatch
):
    """A closed port and an open one look alike to the rep: no port scan through the
    notifications page, even where private addresses are allowed."""
    monkeypatch.setattr(webhook_delivery, "TIMEOUT_SECONDS", 0.3)
    settings = {**app.config, "WEBHOOK_ALLOW_PRIVATE_ADDRESSES": True}
    rep = make_rep()
    auth.login()
    resetting, silent = OneShotServer(reset=True), OneShotServer(reset=False)
    try:
        for port in (_closed_port(), resetting.port, silent.port):
            set_rep(engine, rep.id, webhook_url=f"http://127.0.0.1:{port}/hook")
            add_notice(engine, rep, channels=("webhook",))
            assert outbox.deliver_due(engine, settings, now=T0) == 1
    finally:
        resetting.close()
        silent.close()

    closed, reset, timed_out = (row.last_error for row in rows(engine))
    assert closed == reset == "could not deliver: could not connect"
    assert timed_out == "could not deliver: no answer in time"
    page = client.get("/app/notifications").get_data(as_text=True)
    assert "could not deliver: could not connect" in page
    for raw in ("refused", "reset", "Errno", "ConnectionRefusedError"):
        assert raw not in page


def test_with_the_opt_in_a_receiver_on_this_machine_gets_its_webhook(
    app, engine, auth, make_rep, receiver
):
    app.config.update(WEBHOOK_ALLOW_HTTP=True, WEBHOOK_ALLOW_PRIVATE_ADDRESSES=True)
    rep = make_rep()
    auth.login()
    url = f"http://127.0.0.1:{receiver.port}/hook"
    assert save_webhook(auth, url).status_code == 302
    add_notice(engine, rep, channels=("webhook",))

    assert outbox.deliver_due(engine, app.config, now=T0) == 1

    assert [path for path, _headers in receiver.requests] == ["/hook"]
    assert rows(engine)[0].status == "sent"
