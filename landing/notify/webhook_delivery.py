"""One webhook POST: the Slack-compatible body, and a connection to an address checked first.

The host name is resolved once, every answer is checked (landing/notify/webhook_targets.py), and
the TCP connection goes to one of exactly those addresses. http.client is given the host
name only for the Host header and, over https, for SNI and the certificate check, so a
receiver is still verified as the name the rep typed while DNS gets no second say (a name
that answers a public address to the check and 127.0.0.1 to the connection, "DNS
rebinding", reaches nothing). Redirects are not followed: http.client never does.
"""

from __future__ import annotations

import http.client
import json
import socket
import ssl
import string
import time
from datetime import UTC
from typing import Any
from urllib.parse import quote, urlsplit

from landing.notify import webhook_targets

TIMEOUT_SECONDS = 10


class ReceiverAnswered(Exception):
    """The receiver answered, but not with 2xx (a redirect included)."""

    def __init__(self, status: int):
        super().__init__(f"HTTP {status}")
        self.status = status


def slack_escape(text: str) -> str:
    """text shown as typed in Slack: `<!channel>` or `<https://x|label>` in a prospect's
    name would otherwise ping everyone or show a link that says something else.
    These three are all Slack decodes (https://api.slack.com/reference/surfaces/formatting)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def body(job: Any, link: str) -> bytes:
    """The JSON sent: `text` for Slack (escaped), the notice itself raw for programs."""
    payload = {
        "text": f"{slack_escape(job.text)} {slack_escape(link)}".strip(),
        "event": job.kind,
        "notice": {
            "id": job.notice_id,
            "kind": job.kind,
            "at": job.at.astimezone(UTC).isoformat(timespec="seconds"),
            "text": job.text,
            "prospect_id": job.prospect_id,
            "visit_id": job.visit_id,
            "url": link or None,
        },
    }
    return json.dumps(payload).encode()


def post(
    url: str,
    data: bytes,
    headers: dict[str, str],
    *,
    allow_private: bool = False,
    timeout: float | None = None,
) -> int:
    """POST data to url; the status, or ReceiverAnswered for anything but 2xx.

    webhook_targets.NotAllowed / NameNotFound before anything is sent; OSError,
    ssl.SSLError and http.client.HTTPException from the connection."""
    host, port = webhook_targets.host_and_port(url)
    addresses = webhook_targets.allowed_addresses(host, port, allow_private)
    parts = urlsplit(url)
    connection_class = _PinnedHTTPS if parts.scheme.lower() == "https" else _PinnedHTTP
    connection = connection_class(host, port, addresses, timeout or TIMEOUT_SECONDS)
    # Non-ASCII in the path is sent percent-encoded; what is already encoded stays so.
    target = quote(parts.path or "/", safe=string.punctuation)
    if parts.query:
        target += "?" + quote(parts.query, safe=string.punctuation)
    try:
        connection.request("POST", target, body=data, headers=headers)
        response = connection.getresponse()
        response.read(4096)  # enough to finish the exchange; nobody reads the rest
        status = response.status
    finally:
        connection.close()
    if not 200 <= status < 300:
        raise ReceiverAnswered(status)
    return status


class _PinnedHTTP(http.client.HTTPConnection):
    """An HTTP connection to the given addresses of host, tried in order; host itself is
    never looked up again."""

    def __init__(self, host: str, port: int, addresses: list[str], timeout: float):
        super().__init__(host, port, timeout=timeout)
        self.addresses = addresses

    def connect(self) -> None:
        self.sock = _connect_first(self.addresses, self.port, self.timeout)


class _PinnedHTTPS(_PinnedHTTP):
    """The same over TLS, the certificate checked for host (not for the address)."""

    default_port = http.client.HTTPS_PORT  # the Host header leaves out :443

    def connect(self) -> None:
        super().connect()
        context = ssl.create_default_context()  # certificate and host name both checked
        self.sock = context.wrap_socket(self.sock, server_hostname=self.host)


def _connect_first(addresses: list[str], port: int, timeout: float) -> socket.socket:
    """A socket connected to the first address that answers, all within timeout."""
    deadline = time.monotonic() + timeout
    error: OSError = TimeoutError("no address answered in time")
    for address in addresses:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("no address answered in time")
        family = socket.AF_INET6 if ":" in address else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.settimeout(left)
        try:
            sock.connect((address, port))
        except OSError as exc:
            sock.close()
            error = exc
            continue
        sock.settimeout(timeout)
        return sock
    raise error
