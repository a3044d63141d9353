"""landing: speakable personal pages for prospects, and who to call next."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: config, database, sign-in, CSRF, pages, rep UI, CLI."""
    from landing import config
    from landing.data import db
    from landing.urls import heard_index
    from landing.web import auth, beacons, health, images, public, setup, videos
    from landing.web.api import routes as api
    from landing.web.api import videos as api_videos  # noqa: F401  (joins api.bp)
    from landing.web.rep import area as rep_area

    # calling, prospects, results, settings and timeline: imported for their routes, which join
    # dashboard.bp (one blueprint, endpoint names kept).
    from landing.web.rep import calling as rep_calling  # noqa: F401
    from landing.web.rep import dashboard, exports, imports, studio, team
    from landing.web.rep import prospects as rep_prospects  # noqa: F401
    from landing.web.rep import results as rep_results  # noqa: F401
    from landing.web.rep import settings as rep_settings  # noqa: F401
    from landing.web.rep import timeline as rep_timeline  # noqa: F401
    from landing.web.rep import videos as rep_videos
    from landing.web.rep import website as rep_website  # noqa: F401

    instance = (test_config or {}).get("INSTANCE_PATH") or os.environ.get(
        "LANDING_INSTANCE_PATH", str(ROOT / "instance")
    )
    app = Flask(
        __name__,
        instance_path=str(Path(instance).resolve()),
        instance_relative_config=True,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    config.load_config(app, test_config)
    db.init_app(app)
    heard_index.listen()
    setup.init_app(app)
    auth.init_app(app)
    rep_area.init_app(app)  # everything under /app: sign-in, navigation, admins
    app.register_blueprint(auth.bp)
    app.register_blueprint(dashboard.bp)
    app.register_blueprint(studio.bp)
    app.register_blueprint(beacons.bp)
    app.register_blueprint(health.bp)
    app.register_blueprint(images.bp)
    app.register_blueprint(videos.bp)
    app.register_blueprint(team.bp)
    app.register_blueprint(imports.bp)
    app.register_blueprint(exports.bp)
    app.register_blueprint(api.bp)
    rep_videos.init_app(app)  # the personal video panel: uploads, status, reuse
    # Last: its catch-all route takes whatever path no other rule claims.
    app.register_blueprint(public.bp)
    return app
