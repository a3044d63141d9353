"""One webhook POST: the Slack-compatible body, its signature, and a connection to an
address checked first.

Webhooks are a JSON POST that Slack incoming webhooks accept::

    {"text": "<notice text> <link>", "event": "engaged_visit",
     "notice": {"id": 7, "kind": "engaged_visit", "at": "2025-03-04T15:16:17+00:00",
                "text": "...", "prospect_id": 3, "visit_id": 12, "url": "https://..."}}

Signatures: when the rep has a webhook secret, the request carries
``X-Landing-Timestamp: <unix seconds>`` and
``X-Landing-Signature: sha256=<hex HMAC-SHA256 with the secret of "<timestamp>.<body>">``,
the body being the exact bytes received. A receiver recomputes the HMAC, compares it in
constant time, and rejects timestamps more than a few minutes old (replays); see
`verify_signature`. Any answer but 2xx is a failure. The `text` is escaped for Slack
(`&amp;` `&lt;` `&gt;`); `notice.text` is the notice as written.

The host name is resolved once, every answer is checked (landing/notify/webhook_targets.py), and
the TCP connection goes to one of exactly those addresses. http.client is given the host
name only for the Host header and, over https, for SNI and the certificate check, so a
receiver is still verified as the name the rep typed while DNS gets no second say (a name
that answers a public address to the check and 127.0.0.1 to the connection, "DNS
rebinding", reaches nothing). Redirects are not followed: http.client never does.
"""

from __future__ import annotations

import hashlib
import hmac
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


def send(job: Any, link: str, *, allow_private: bool) -> None:
    """POST the notice to the rep's webhook, signed when the rep has a secret."""
    data = body(job, link)
    headers = {"Content-Type": "application/json", "User-Agent": "landing-webhook/1"}
    if job.webhook_secret:
        timestamp = str(int(time.time()))  # the receiver's clock is real, so ours must be
        headers["X-Landing-Timestamp"] = timestamp
        headers["X-Landing-Signature"] = sign(job.webhook_secret, timestamp, data)
    post(job.webhook_url, data, headers, allow_private=allow_private)


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """The X-Landing-Signature of body sent at timestamp."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


def verify_signature(
    secret: str,
    timestamp: str | int,
    body: bytes,
    signature: str,
    max_age_seconds: float | None = None,
) -> bool:
    """Whether signature is ours for this timestamp and body (and, if asked, recent enough)."""
    timestamp = str(timestamp)
    if max_age_seconds is not None:
        try:
            if abs(time.time() - int(timestamp)) > max_age_seconds:
                return False
        except ValueError:
            return False
    return hmac.compare_digest(sign(secret, timestamp, body), signature or "")


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
