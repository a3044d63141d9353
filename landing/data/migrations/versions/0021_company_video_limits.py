"""Personal videos' limits as company settings: the longest video in seconds and the largest
file in megabytes (0: the server's VIDEO_MAX_SECONDS and VIDEO_MAX_MB, as before).

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("company") as batch:
        batch.add_column(
            sa.Column("video_max_seconds", sa.Integer(), nullable=False, server_default="0")
        )
        batch.add_column(
            sa.Column("video_max_mb", sa.Integer(), nullable=False, server_default="0")
        )


def downgrade() -> None:
    with op.batch_alter_table("company") as batch:
        batch.drop_column("video_max_mb")
        batch.drop_column("video_max_seconds")
