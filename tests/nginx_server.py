"""Debian's nginx for the tests of landing beside a company website: started unprivileged
on free ports of 127.0.0.1 with a temporary prefix, running one of deploy/nginx/*.conf as
shipped (only its marked lines changed: ports, certificate), next to a small static
"website" that the same nginx serves on a port of its own."""

from __future__ import annotations

import getpass
import http.client
import os
import shutil
import signal
import socket
import ssl
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import trustme

from tests.gunicorn_server import ROOT, free_port

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
# The website's pages: what a visitor of acme.com sees today.
PAGES = {
    "index.html": "<h1>Acme, the website</h1>",
    "pricing": "<h1>Acme pricing</h1>",
    "blog/hello": "<h1>Hello from the blog</h1>",
    "404.html": "<h1>The website has no such page</h1>",
}
WEBSITE = """
    server {{
        listen 127.0.0.1:{port};
        root {root};
        default_type text/html;
        absolute_redirect off;
        add_header X-Website yes always;
        error_page 404 /404.html;
        location = /404.html {{ internal; }}
        location / {{ try_files $uri $uri/index.html =404; }}
    }}
"""
MAIN = """
{user}
worker_processes 2;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 512; }}
http {{
    access_log off;
    client_body_temp_path {prefix}/tmp/body;
    proxy_temp_path {prefix}/tmp/proxy;
    fastcgi_temp_path {prefix}/tmp/fastcgi;
    uwsgi_temp_path {prefix}/tmp/uwsgi;
    scgi_temp_path {prefix}/tmp/scgi;
{website}
    include {prefix}/site.conf;
}}
"""


@dataclass
class Nginx:
    port: int  # https, the deployed configuration
    http_port: int  # its plain-http server, which sends everyone to https
    website: str  # the static website's own origin (http://127.0.0.1:<port>)
    context: ssl.SSLContext  # trusts the test CA

    def get(
        self, path: str, source: str = "127.0.0.1", method: str = "GET", **headers: str
    ) -> tuple[int, dict, str]:
        """(status, headers, body) of one request over https from the source address (any
        127.x.y.z is this machine too, so visits from different /24s can be told apart)."""
        conn = http.client.HTTPSConnection(
            "127.0.0.1", self.port, context=self.context, timeout=10, source_address=(source, 0)
        )
        try:
            conn.request(method, path, headers={"Host": "acme.com", **headers})
            response = conn.getresponse()
            body = response.read().decode("utf-8", "replace")
            return response.status, dict(response.getheaders()), body
        finally:
            conn.close()


def render(config: str, *, landing: int, website: int, port: int, http_port: int, cert) -> str:
    """config with its marked lines changed for this machine; AssertionError when a marked
    line is gone (the test must run the file as shipped)."""
    text = (ROOT / "deploy" / "nginx" / config).read_text()
    changes = {
        "127.0.0.1:8000;  # CHANGE: where gunicorn serves landing": f"127.0.0.1:{landing};",
        "127.0.0.1:8080;  # CHANGE: the website's server (WordPress, a static site, ...)": (
            f"127.0.0.1:{website};"
        ),
        "listen 443 ssl;": f"listen 127.0.0.1:{port} ssl;",
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "/etc/letsencrypt/live/acme.com/fullchain.pem": str(cert[0]),
        "/etc/letsencrypt/live/acme.com/privkey.pem": str(cert[1]),
    }
    for old, new in changes.items():
        if old.startswith("127.0.0.1:8080") and "upstream website" not in text:
            continue
        assert old in text, f"{config} no longer has {old!r}"
        text = text.replace(old, new)
    return text


@contextmanager
def nginx(
    tmp_path: Path, config: str, landing_port: int, website_port: int = 0, **edits: str
) -> Iterator[Nginx]:
    """nginx running deploy/nginx/<config> in front of landing_port, the website on
    website_port (free_port() when not given); edits: text to replace in the rendered file
    (an option the file offers commented out)."""
    assert os.access(NGINX, os.X_OK), f"{NGINX} missing: run `make test` to install it"
    prefix = tmp_path / "nginx"
    for sub in ("tmp", "site"):
        (prefix / sub).mkdir(parents=True, exist_ok=True)
    for name, html in PAGES.items():
        (prefix / "site" / name).parent.mkdir(parents=True, exist_ok=True)
        (prefix / "site" / name).write_text(html)
    ca = trustme.CA()
    issued = ca.issue_cert("127.0.0.1", "acme.com")
    cert, key = prefix / "cert.pem", prefix / "key.pem"
    issued.cert_chain_pems[0].write_to_path(cert)
    issued.private_key_pem.write_to_path(key)
    port, http_port, website_port = free_port(), free_port(), website_port or free_port()
    site = render(
        config,
        landing=landing_port,
        website=website_port,
        port=port,
        http_port=http_port,
        cert=(cert, key),
    )
    for old, new in edits.items():
        assert old in site, old
        site = site.replace(old, new)
    (prefix / "site.conf").write_text(site)
    website = WEBSITE.format(port=website_port, root=prefix / "site")
    # As root (a container), workers would switch to nobody, who cannot read tmp_path.
    user = f"user {getpass.getuser()};" if os.geteuid() == 0 else ""
    main = prefix / "nginx.conf"
    main.write_text(MAIN.format(user=user, prefix=prefix, website=website))
    process = subprocess.Popen(
        [NGINX, "-p", str(prefix), "-c", str(main), "-e", str(prefix / "error.log"),
         "-g", "daemon off;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    context = ssl.create_default_context()
    ca.configure_trust(context)
    try:
        _wait_for(process, port, website_port)
        yield Nginx(port, http_port, f"http://127.0.0.1:{website_port}", context)
    finally:
        process.send_signal(signal.SIGQUIT)  # graceful: finish what is in flight
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def _wait_for(process: subprocess.Popen, *ports: int) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"nginx did not start: {process.stderr.read()}")
        try:
            for port in ports:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("nginx did not start listening")
