"""landing under a real gunicorn on 127.0.0.1, for tests of what only real workers show:
memory under a hostile body, state shared between two workers. Seeded with a rep and a
prospect; stopped when the block ends."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import PASSWORD

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


@dataclass
class Server:
    process: subprocess.Popen
    base: str
    port: int
    env: dict

    def landing(self, *args: str, stdin: str | None = None) -> str:
        """Run the landing command on the server's database; its output."""
        done = subprocess.run(
            [str(BIN / "landing"), *args], env=self.env, input=stdin, text=True,
            check=True, capture_output=True,
        )  # fmt: skip
        return done.stdout

    def workers(self) -> list[int]:
        found = []
        for task in Path(f"/proc/{self.process.pid}/task").iterdir():
            found += [int(p) for p in (task / "children").read_text().split()]
        return sorted(found)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def peak_rss_mb(pid: int) -> float:
    """The most memory the process has held at once (VmHWM), in MB."""
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024


@contextmanager
def gunicorn(
    tmp_path: Path, workers: int = 2, database_url: str = "", seed: bool = True, **settings: str
) -> Iterator[Server]:
    """gunicorn serving an instance (seeded with Dana and her prospect Rob Mason, unless not
    asked), as the Procfile runs it; settings are LANDING_* values without the prefix."""
    env = {
        **os.environ,
        "LANDING_INSTANCE_PATH": str(tmp_path / "instance"),
        "LANDING_DATABASE_URL": database_url or f"sqlite:///{tmp_path / 'landing.sqlite3'}",
        "LANDING_SECRET_KEY": "gunicorn-test",
        "LANDING_LOG_REQUESTS": "0",
        **{f"LANDING_{k}": str(v) for k, v in settings.items()},
    }
    env.pop("FORWARDED_ALLOW_IPS", None)  # gunicorn.conf.py decides, as in production
    port = free_port()
    server = Server(None, f"http://127.0.0.1:{port}", port, env)  # type: ignore[arg-type]
    server.landing("db", "upgrade")
    if seed:
        server.landing("rep", "add", "dana@acme.com", "--name", "Dana", "--admin", stdin=PASSWORD)
        server.landing("prospect", "add", "--first", "Rob", "--last", "Mason")
    server.process = subprocess.Popen(
        [str(BIN / "gunicorn"), "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
         "landing:create_app()"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        _wait_until_up(server, workers)
        yield server
    finally:
        server.process.send_signal(signal.SIGTERM)
        try:
            server.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.process.kill()


def _wait_until_up(server: Server, workers: int) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{server.base}/healthz", timeout=1)
            if len(server.workers()) == workers:
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    raise RuntimeError("gunicorn did not start")
