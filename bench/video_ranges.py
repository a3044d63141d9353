"""Range requests under load: 16 connections seeking at random in a 50 MB video served by
landing (gunicorn as the Procfile starts it, WEB_CONCURRENCY workers, 127.0.0.1), each
request a 256 KB range as a player's seek asks; first-byte latency p50/p99. Also the Safari
probe (`bytes=0-1`). Stops by itself.
Usage: .venv/bin/python bench/video_ranges.py [--seconds 15] [--connections 16] [--mb 50]"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.page_vs_hello import free_port, wait_for  # noqa: E402

BIN = Path(sys.executable).parent
SPAN = 256 * 1024


def seeker(port: int, name: str, size: int, until: float, firsts: list, errors: list) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    rng = random.Random()
    while time.perf_counter() < until:
        start = rng.randrange(0, size - SPAN)
        began = time.perf_counter()
        try:
            conn.request(
                "GET", f"/_/video/{name}", headers={"Range": f"bytes={start}-{start + SPAN - 1}"}
            )
            answer = conn.getresponse()
            answer.read(1)
            firsts.append(time.perf_counter() - began)
            rest = answer.read()
            if answer.status != 206 or len(rest) != SPAN - 1:
                errors.append(answer.status)
            if answer.getheader("Connection", "").lower() == "close" or answer.will_close:
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        except OSError as exc:
            errors.append(str(exc))
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--mb", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        instance = Path(folder) / "instance"
        videos = instance / "media" / "videos"
        videos.mkdir(parents=True)
        data = os.urandom(args.mb * 1024 * 1024)
        name = hashlib.sha256(data).hexdigest() + ".mp4"
        (videos / name).write_bytes(data)
        del data
        port = free_port()
        env = {**os.environ, "LANDING_INSTANCE_PATH": str(instance), "LANDING_LOG_REQUESTS": "0"}
        server = subprocess.Popen(
            [str(BIN / "gunicorn"), "--bind", f"127.0.0.1:{port}", "landing:create_app()"],
            cwd=ROOT, env=env, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            wait_for(port)
            conn = http.client.HTTPConnection("127.0.0.1", port)
            conn.request("GET", f"/_/video/{name}", headers={"Range": "bytes=0-1"})
            probe = conn.getresponse()
            print(f"Safari probe: {probe.status}, {probe.getheader('Content-Range')}, "
                  f"{len(probe.read())} bytes")  # fmt: skip
            conn.close()
            firsts: list[float] = []
            errors: list = []
            until = time.perf_counter() + args.seconds
            threads = [
                threading.Thread(
                    target=seeker, args=(port, name, args.mb << 20, until, firsts, errors)
                )
                for _ in range(args.connections)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        finally:
            server.terminate()
            server.wait(timeout=10)
    firsts.sort()
    p99 = firsts[int(len(firsts) * 0.99) - 1] if firsts else float("nan")
    workers = os.environ.get("WEB_CONCURRENCY", "2")
    print(f"{args.connections} connections, {args.seconds} s, {args.mb} MB file, "
          f"gunicorn workers: {workers}")  # fmt: skip
    print(f"seeks: {len(firsts)} ({len(firsts) / args.seconds:.0f}/s), errors: {len(errors)}")
    print(f"first byte: p50 {statistics.median(firsts) * 1000:.1f} ms, "
          f"p99 {p99 * 1000:.1f} ms, max {firsts[-1] * 1000:.1f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
