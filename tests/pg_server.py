"""A throwaway PostgreSQL server for the second pass of the test suite.

    python tests/pg_server.py COMMAND [ARGS...]   # runs COMMAND against a fresh server
    python tests/pg_server.py                     # prints the URL, serves until Ctrl+C

Creates a cluster in a temporary folder with Debian's PostgreSQL (`make test` installs it),
starts it on a free port of 127.0.0.1, creates a database, and runs COMMAND with
LANDING_TEST_DATABASE_URL set to it. The server is stopped and its folder removed when the
command ends, fails, or is interrupted. When LANDING_TEST_DATABASE_URL is already set, that
server is used and nothing is started. Durability is off (fsync, synchronous_commit): the
data lives only as long as the run.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess  # noqa: S404  (runs PostgreSQL's own tools, with fixed arguments)
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ENV = "LANDING_TEST_DATABASE_URL"
DATABASE = "landing_test"
SUPERUSER = "landing"
# Speed over safety: the cluster is thrown away after the run.
SETTINGS = {
    "listen_addresses": "127.0.0.1",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "200",
}


def bindir() -> Path:
    """Where initdb, pg_ctl and createdb are: Debian's newest /usr/lib/postgresql/N/bin, or
    wherever initdb on PATH really lives."""
    debian = glob.glob("/usr/lib/postgresql/*/bin/initdb")
    if debian:
        newest = max(debian, key=lambda path: int(Path(path).parts[-3]))
        return Path(newest).parent
    found = shutil.which("initdb")
    if found:
        return Path(found).resolve().parent
    sys.exit("pg_server: no initdb; install Debian's postgresql package (`make test` does)")


def server_user() -> str | None:
    """Who runs the server: PostgreSQL refuses root, so root hands it to `postgres` (made by
    Debian's package) or `nobody`. None: the current user."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
            return name
        except KeyError:
            continue
    sys.exit("pg_server: running as root and neither `postgres` nor `nobody` exists")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_as(user: str | None, *args: str | Path) -> None:
    command = [str(arg) for arg in args]
    if user:
        command = ["runuser", "-u", user, "--", *command]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)  # noqa: S603


# What a production server keeps: every commit flushed to disk (bench/page_vs_hello.py).
DURABLE = {**SETTINGS, "fsync": "on", "synchronous_commit": "on", "full_page_writes": "on"}


@contextmanager
def server(settings: dict[str, str] = SETTINGS, unix_socket: bool = False) -> Iterator[str]:
    """A fresh cluster with an empty database; yields its SQLAlchemy URL: over TCP on
    127.0.0.1, or with unix_socket through the server's socket file, as an app on the same
    machine best connects (bench/page_vs_hello.py)."""
    bin_, user = bindir(), server_user()
    root = Path(tempfile.mkdtemp(prefix="landing-pg-"))
    data, log = root / "data", root / "server.log"
    try:
        if user:
            entry = pwd.getpwnam(user)
            os.chown(root, entry.pw_uid, entry.pw_gid)
        # C collation and UTF-8: strings sort by code point, as they do on SQLite.
        run_as(user, bin_ / "initdb", "-D", data, "-U", SUPERUSER, "--auth=trust",
               "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions")  # fmt: skip
        for attempt in range(3):  # another process may take the free port before we do
            port = free_port()
            options = " ".join(f"-c {k}={v}" for k, v in {**settings, "port": port}.items())
            options += f" -c unix_socket_directories={root}"
            try:
                run_as(user, bin_ / "pg_ctl", "-D", data, "-l", log, "-w", "-t", "60",
                       "-o", options, "start")  # fmt: skip
                break
            except subprocess.CalledProcessError:
                if attempt == 2:
                    sys.stderr.write(log.read_text() if log.exists() else "")
                    raise
        run_as(None, bin_ / "createdb", "-h", "127.0.0.1", "-p", str(port), "-U", SUPERUSER,
               DATABASE)  # fmt: skip
        if unix_socket:
            yield f"postgresql+psycopg://{SUPERUSER}@/{DATABASE}?host={root}&port={port}"
        else:
            yield f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{port}/{DATABASE}"
    finally:
        if (data / "postmaster.pid").exists():  # running, or half started
            # Immediate: nothing here is worth a clean shutdown.
            run_as(user, bin_ / "pg_ctl", "-D", data, "-m", "immediate", "-w", "stop")
        shutil.rmtree(root, ignore_errors=True)


def main(command: list[str]) -> int:
    # A SIGTERM (a CI timeout, `kill`) unwinds like Ctrl+C, so the server is stopped either way.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if os.environ.get(ENV):
        print(f"pg_server: using {ENV} as given", file=sys.stderr)
        return subprocess.call(command) if command else 0  # noqa: S603
    with server() as url:
        print(f"{ENV}={url}", file=sys.stderr if command else sys.stdout, flush=True)
        if command:
            return subprocess.call(command, env={**os.environ, ENV: url})  # noqa: S603
        signal.pause()
        return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except KeyboardInterrupt:  # the server is already stopped and removed by now
        sys.exit(130)
