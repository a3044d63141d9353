"""GET /healthz for load balancers: the database answers and its schema is current."""

from __future__ import annotations

import logging

from flask import Blueprint, jsonify
from sqlalchemy.exc import SQLAlchemyError

from landing.data import migrate
from landing.data.db import get_engine

bp = Blueprint("health", __name__)
log = logging.getLogger(__name__)
NO_STORE = {"Cache-Control": "no-store"}


@bp.route("/healthz")
def healthz():
    try:
        with get_engine().connect() as conn:
            revision = migrate.current(conn)
    except SQLAlchemyError as exc:
        log.warning("healthz: database unreachable: %s", exc.__class__.__name__)
        body = {"status": "unavailable", "database": "unreachable"}
        return jsonify(body), 503, NO_STORE
    newest = migrate.head()
    if revision != newest:
        body = {"status": "unavailable", "database": "ok", "schema": revision, "newest": newest}
        return jsonify(body), 503, NO_STORE
    return jsonify(status="ok", database="ok", schema=revision), 200, NO_STORE
