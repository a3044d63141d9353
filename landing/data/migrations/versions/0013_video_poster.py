"""A poster uploaded for the company's video, stored in the database like the logo, so that
backups hold it and every app server shows it.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("company") as batch:
        batch.add_column(
            sa.Column("video_poster", sa.String(60), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("company") as batch:
        batch.drop_column("video_poster")
