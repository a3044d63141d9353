"""API tokens; pages tailored per prospect (note, video, offer, booking link) and per team
(layout, logo, brand colour, customers).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

WHEN = sa.DateTime()
PROSPECT_TEXT = {"personal_note": 500, "video_url": 500, "offer_text": 4000, "booking_url": 500}
COMPANY_TEXT = {"logo_url": 500, "brand_colour": 7, "customers": 4000}


def upgrade() -> None:
    op.create_table(
        "apitoken",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rep_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("prefix", sa.String(length=12), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("last_used_at", WHEN, nullable=True),
        sa.Column("revoked_at", WHEN, nullable=True),
        sa.ForeignKeyConstraint(["rep_id"], ["rep.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    op.create_index("ix_apitoken_rep_id", "apitoken", ["rep_id"])
    with op.batch_alter_table("prospect") as batch:
        for name, length in PROSPECT_TEXT.items():
            batch.add_column(
                sa.Column(name, sa.String(length=length), nullable=False, server_default="")
            )
    with op.batch_alter_table("company") as batch:
        batch.add_column(
            sa.Column("page_layout", sa.String(length=16), nullable=False, server_default="classic")
        )
        for name, length in COMPANY_TEXT.items():
            batch.add_column(
                sa.Column(name, sa.String(length=length), nullable=False, server_default="")
            )


def downgrade() -> None:
    with op.batch_alter_table("company") as batch:
        for name in ("page_layout", *COMPANY_TEXT):
            batch.drop_column(name)
    with op.batch_alter_table("prospect") as batch:
        for name in PROSPECT_TEXT:
            batch.drop_column(name)
    op.drop_index("ix_apitoken_rep_id", table_name="apitoken")
    op.drop_table("apitoken")
