"""A prospect's page on a slow phone: Largest Contentful Paint and bytes transferred before
the visitor does anything, for both layouts.

Chromium (/usr/bin/chromium, driven by Playwright) at 390×844 with DevTools' network
emulation (1.6 Mbit/s down, 150 ms round trip) and a 4× CPU slowdown opens the realistic page
of tests/web/test_page_weight.py (long names, a note, a 1,000-character offer, six customers,
a YouTube video whose poster the server has fetched) from the app served on 127.0.0.1 with a
fresh SQLite database. Each figure is the median of --runs loads after one unthrottled load
(tests/browser/slow_phone.py measures; tests/browser/test_slow_phone.py holds the budgets).
Usage: make bench (or .venv/bin/python bench/page_weight.py --runs 5 [--json]).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from landing import create_app  # noqa: E402
from landing.data.db import create_tables, get_engine, make_engine  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.browser.slow_phone import CPU_SLOWDOWN, NETWORK, typical_load  # noqa: E402
from tests.browser.test_slow_phone import BYTES_BUDGET, LCP_BUDGET_MS  # noqa: E402
from tests.web.test_page_weight import _seed, _set_layout  # noqa: E402

LAYOUTS = ("classic", "spotlight")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="throttled loads per layout")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    with tempfile.TemporaryDirectory(prefix="landing-bench-") as folder:
        url = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        engine = make_engine(url)
        create_tables(engine)
        engine.dispose()
        app = create_app(
            {
                "INSTANCE_PATH": str(Path(folder) / "instance"),
                "DATABASE_URL": url,
                "SECRET_KEY": "bench-secret",
                "COMPANY_NAME": "Acme",
                "LOG_REQUESTS": False,
            }
        )
        server = make_server("127.0.0.1", 0, app, threaded=True)
        base_url = f"http://127.0.0.1:{server.server_port}"
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            path = _seed(app)
            results = _measure(app, base_url, path, args.runs)
        finally:
            server.shutdown()
            with app.app_context():
                get_engine().dispose()
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        _print(results, args.runs)
    over = [r for r in results.values() if r["lcp_ms"] > LCP_BUDGET_MS or r["bytes"] > BYTES_BUDGET]
    return 1 if over else 0


def _measure(app, base_url: str, path: str, runs: int) -> dict[str, dict]:
    results = {}
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for layout in LAYOUTS:
                _set_layout(app, layout)
                load = typical_load(chromium, base_url, path, runs=runs)
                results[layout] = {
                    "lcp_ms": round(load.lcp_ms),
                    "lcp_element": load.lcp_element,
                    "bytes": load.transferred,
                    "responses": load.sizes,
                }
        finally:
            chromium.close()
    return results


def _print(results: dict[str, dict], runs: int) -> None:
    down = NETWORK["downloadThroughput"] * 8 / 1e6
    print(
        f"Prospect's page on a slow phone: 390x844, {down:.1f} Mbit/s down, "
        f"{NETWORK['latency']} ms round trip, {CPU_SLOWDOWN}x CPU slowdown; "
        f"median of {runs} loads; YouTube video with its poster."
    )
    print(f"{'layout':<10} {'LCP':>8} {'transferred':>12}  largest paint")
    for layout, r in results.items():
        print(f"{layout:<10} {r['lcp_ms']:>5} ms {r['bytes'] / 1024:>9.1f} KB  {r['lcp_element']}")
    print(f"budgets: LCP <= {LCP_BUDGET_MS} ms, <= {BYTES_BUDGET // 1024} KB before interaction")


if __name__ == "__main__":
    sys.exit(main())
