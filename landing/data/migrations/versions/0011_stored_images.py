"""Uploaded pictures in the database: backups hold them, every app server serves them. Those
already under instance/images/ are copied in.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from alembic import op
from flask import current_app, has_app_context

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    table = op.create_table(
        "storedimage",
        sa.Column("name", sa.String(40), primary_key=True),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    # Uploads from before, kept only on this server's disk.
    folder = Path(current_app.instance_path) / "images" if has_app_context() else None
    if folder is None or not folder.is_dir():
        return
    now = datetime.now(UTC).replace(tzinfo=None)
    rows = [
        {"name": path.name, "data": path.read_bytes(), "created_at": now}
        for path in sorted(folder.glob("*.webp"))
        if len(path.stem) == 32
    ]
    if rows:
        op.bulk_insert(table, rows)


def downgrade() -> None:
    op.drop_table("storedimage")
