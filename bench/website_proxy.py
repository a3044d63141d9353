"""What landing first costs the website: a website page asked of the website itself, and
through landing (LANDING_WEBSITE_UPSTREAM) under gunicorn, on 127.0.0.1, with a prospect's
page beside them for scale. The website is Debian's nginx serving static files (as
tests/nginx_server.py starts it), so the figures are landing's hop, not a slow website.
Requests from --threads threads, the three measured in turns (--rounds). Stops by itself.
Usage: .venv/bin/python bench/website_proxy.py [--requests 400 --threads 8 --rounds 3]
"""

from __future__ import annotations

import argparse
import http.client
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.gunicorn_server import free_port, gunicorn  # noqa: E402
from tests.nginx_server import nginx  # noqa: E402


def measure(port: int, path: str, requests: int, threads: int) -> tuple[float, float]:
    """(requests a second, median milliseconds) of GET path; every answer must be a 200."""

    def one(_i: int) -> float:
        started = time.perf_counter()
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", path, headers={"User-Agent": "Mozilla/5.0 bench"})
        response = conn.getresponse()
        response.read()
        conn.close()
        assert response.status == 200, (path, response.status)
        return (time.perf_counter() - started) * 1000

    started = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        times = list(pool.map(one, range(requests)))
    return requests / (time.perf_counter() - started), statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        website_port = free_port()
        settings = {"WEBSITE_UPSTREAM": f"http://127.0.0.1:{website_port}",
                    "VISIT_MAX_PER_MINUTE": "1000000"}  # fmt: skip
        with gunicorn(tmp, workers=2, **settings) as server:
            server.landing("site", "import", "-", stdin="/pricing\n")
            with nginx(tmp, "landing-first.conf", server.port, website_port):
                runs = {
                    "website page, from the website": (website_port, "/pricing"),
                    "website page, through landing": (server.port, "/pricing"),
                    "prospect page, from landing": (server.port, "/Rob-Mason"),
                }
                results: dict[str, list[tuple[float, float]]] = {name: [] for name in runs}
                for port, path in runs.values():
                    measure(port, path, 50, args.threads)  # warm-up
                for _round in range(args.rounds):
                    for name, (port, path) in runs.items():
                        results[name].append(measure(port, path, args.requests, args.threads))
    print(f"{args.requests} requests x {args.rounds} rounds, {args.threads} threads:")
    for name, figures in results.items():
        rate = statistics.median(r for r, _ in figures)
        ms = statistics.median(m for _, m in figures)
        print(f"  {name:32} {rate:8.0f} req/s   median {ms:6.1f} ms")


if __name__ == "__main__":
    main()
