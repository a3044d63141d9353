"""Prospect-page throughput against a bare Flask app, both under gunicorn, driven by wrk.

Runs only against 127.0.0.1 and stops by itself. Usage: make bench
(or .venv/bin/python bench/page_vs_hello.py --seconds 10 --connections 16).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
UA = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 Mobile Safari"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port: int, path: str, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                s.sendall(f"GET {path} HTTP/1.0\r\nUser-Agent: bench-probe\r\n\r\n".encode())
                if s.recv(12).startswith(b"HTTP/1"):
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"server on port {port} did not start")


def serve(app: str, port: int, env: dict, workers: int) -> subprocess.Popen:
    return subprocess.Popen(
        [str(BIN / "gunicorn"), "--bind", f"127.0.0.1:{port}", "--workers", str(workers), app],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wrk(port: int, path: str, seconds: int, connections: int) -> dict:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-H", f"User-Agent: {UA}",
         f"http://127.0.0.1:{port}{path}"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)", out)
    p50 = re.search(r"50%\s+([\d.]+\w+)", out).group(1)
    p99 = re.search(r"99%\s+([\d.]+\w+)", out).group(1)
    return {
        "rps": rps,
        "requests": requests,
        "non_2xx": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(1) if socket_errors else "none",
        "p50": p50,
        "p99": p99,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", 2)))
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")

    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "LANDING_INSTANCE_PATH": tmp, "LANDING_SECRET_KEY": "bench"}
        subprocess.run([str(BIN / "landing"), "init"], env=env, check=True, capture_output=True)
        results = {}
        for name, app, path in (
            ("hello", "bench.hello:app", "/Rob-Mason"),
            ("page", "landing:create_app()", "/Rob-Mason"),
        ):
            port = free_port()
            server = serve(app, port, env, args.workers)
            try:
                wait_for(port, path)
                before = count_visits(tmp)
                results[name] = wrk(port, path, args.seconds, args.connections)
                time.sleep(0.5)
                results[name]["recorded"] = count_visits(tmp) - before
            finally:
                server.terminate()
                server.wait(timeout=10)

    print(f"gunicorn workers={args.workers}, wrk -c{args.connections} -d{args.seconds}s, "
          f"{os.cpu_count()} cores")  # fmt: skip
    for name, r in results.items():
        print(f"{name:6} {r['rps']:9.0f} req/s  p50 {r['p50']:>8}  p99 {r['p99']:>8}  "
              f"non-2xx {r['non_2xx']}  socket errors {r['socket_errors']}")  # fmt: skip
    page = results["page"]
    print(f"page/hello throughput ratio: {page['rps'] / results['hello']['rps']:.2f}")
    print(f"page requests answered: {page['requests']}, visits recorded: {page['recorded']}")


def count_visits(instance: str) -> int:
    with sqlite3.connect(Path(instance) / "landing.sqlite3") as db:
        return db.execute("SELECT count(*) FROM visit").fetchone()[0]


if __name__ == "__main__":
    main()
