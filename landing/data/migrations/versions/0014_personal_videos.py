"""Personal videos: the recordings and uploads, and the one each prospect's page shows.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "video",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("rep_id", sa.Integer(), sa.ForeignKey("rep.id"), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("error", sa.String(300), nullable=False),
        sa.Column("original_name", sa.String(200), nullable=False),
        sa.Column("source_bytes", sa.Integer(), nullable=False),
        sa.Column("duration_ms", sa.Integer(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("processed_at", sa.DateTime(), nullable=True),
    )
    op.create_index("ix_video_rep_id", "video", ["rep_id"])
    op.create_index("ix_video_status", "video", ["status"])
    with op.batch_alter_table("prospect") as batch:
        batch.add_column(sa.Column("video_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_prospect_video_id", "video", ["video_id"], ["id"])
        batch.create_index("ix_prospect_video_id", ["video_id"])


def downgrade() -> None:
    with op.batch_alter_table("prospect") as batch:
        batch.drop_index("ix_prospect_video_id")
        batch.drop_constraint("fk_prospect_video_id", type_="foreignkey")
        batch.drop_column("video_id")
    op.drop_index("ix_video_status", "video")
    op.drop_index("ix_video_rep_id", "video")
    op.drop_table("video")
