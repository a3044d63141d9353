"""A team video as the default personal video: pages of prospects without one of their own
show it (Company.default_video_id).

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("company") as batch:
        batch.add_column(sa.Column("default_video_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_company_default_video_id", "video", ["default_video_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("company") as batch:
        batch.drop_constraint("fk_company_default_video_id", type_="foreignkey")
        batch.drop_column("default_video_id")
