"""The core loop and the script studio: the first released schema.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "company",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("public_base_url", sa.String(length=200), nullable=False),
        sa.Column("video_url", sa.String(length=500), nullable=False),
        sa.Column("offer_text", sa.String(length=4000), nullable=False),
        sa.Column("reference_1", sa.String(length=120), nullable=False),
        sa.Column("reference_2", sa.String(length=120), nullable=False),
        sa.Column("default_goal", sa.String(length=16), nullable=False),
        sa.Column("url_slash", sa.String(length=16), nullable=False),
        sa.Column("url_hyphen", sa.String(length=16), nullable=False),
        sa.Column("how_words", sa.String(length=2000), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "rep",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("is_admin", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=False),
        sa.Column("booking_url", sa.String(length=500), nullable=False),
        sa.Column("photo_url", sa.String(length=500), nullable=False),
        sa.Column("words_per_minute", sa.Integer(), nullable=False),
        sa.Column("default_goal", sa.String(length=16), nullable=False),
        sa.Column("notices_seen_visit_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_rep_email"), "rep", ["email"], unique=True)
    op.create_table(
        "retiredbuiltin",
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "prospect",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rep_id", sa.Integer(), nullable=False),
        sa.Column("first_name", sa.String(length=80), nullable=False),
        sa.Column("last_name", sa.String(length=80), nullable=False),
        sa.Column("company", sa.String(length=120), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("phone", sa.String(length=40), nullable=False),
        sa.Column("outcome", sa.String(length=200), nullable=False),
        sa.Column("slug", sa.String(length=60), nullable=False),
        sa.Column("slug_key", sa.String(length=60), nullable=False),
        sa.Column("next_call_on", sa.Date(), nullable=False),
        sa.Column("goal", sa.String(length=16), nullable=False),
        sa.Column("name_spelling", sa.String(length=200), nullable=False),
        sa.Column("voicemails_left", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["rep_id"],
            ["rep.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_prospect_rep_id"), "prospect", ["rep_id"], unique=False)
    op.create_index(op.f("ix_prospect_slug_key"), "prospect", ["slug_key"], unique=True)
    op.create_table(
        "scripttemplate",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner_rep_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("goal", sa.String(length=16), nullable=False),
        sa.Column("attempt", sa.Integer(), nullable=True),
        sa.Column("voicemail", sa.String(length=2000), nullable=False),
        sa.Column("email_subject", sa.String(length=200), nullable=False),
        sa.Column("email_body", sa.String(length=4000), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_rep_id"],
            ["rep.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        op.f("ix_scripttemplate_owner_rep_id"), "scripttemplate", ["owner_rep_id"], unique=False
    )
    op.create_table(
        "calloutcome",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("prospect_id", sa.Integer(), nullable=False),
        sa.Column("rep_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["prospect_id"],
            ["prospect.id"],
        ),
        sa.ForeignKeyConstraint(
            ["rep_id"],
            ["rep.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_calloutcome_prospect_at", "calloutcome", ["prospect_id", "at"], unique=False
    )
    op.create_table(
        "visit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("prospect_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("ip", sa.String(length=64), nullable=False),
        sa.Column("user_agent", sa.String(length=512), nullable=False),
        sa.Column("referrer", sa.String(length=512), nullable=False),
        sa.Column("method", sa.String(length=10), nullable=False),
        sa.Column("classification", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["prospect_id"],
            ["prospect.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_visit_prospect_at", "visit", ["prospect_id", "at"], unique=False)
    op.create_table(
        "voicemail",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("prospect_id", sa.Integer(), nullable=False),
        sa.Column("rep_id", sa.Integer(), nullable=False),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("goal", sa.String(length=16), nullable=False),
        sa.Column("template_key", sa.String(length=60), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["prospect_id"],
            ["prospect.id"],
        ),
        sa.ForeignKeyConstraint(
            ["rep_id"],
            ["rep.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_voicemail_prospect_at", "voicemail", ["prospect_id", "at"], unique=False)
    op.create_index(op.f("ix_voicemail_rep_id"), "voicemail", ["rep_id"], unique=False)
    op.create_index(op.f("ix_voicemail_template_key"), "voicemail", ["template_key"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_voicemail_template_key"), table_name="voicemail")
    op.drop_index(op.f("ix_voicemail_rep_id"), table_name="voicemail")
    op.drop_index("ix_voicemail_prospect_at", table_name="voicemail")
    op.drop_table("voicemail")
    op.drop_index("ix_visit_prospect_at", table_name="visit")
    op.drop_table("visit")
    op.drop_index("ix_calloutcome_prospect_at", table_name="calloutcome")
    op.drop_table("calloutcome")
    op.drop_index(op.f("ix_scripttemplate_owner_rep_id"), table_name="scripttemplate")
    op.drop_table("scripttemplate")
    op.drop_index(op.f("ix_prospect_slug_key"), table_name="prospect")
    op.drop_index(op.f("ix_prospect_rep_id"), table_name="prospect")
    op.drop_table("prospect")
    op.drop_table("retiredbuiltin")
    op.drop_index(op.f("ix_rep_email"), table_name="rep")
    op.drop_table("rep")
    op.drop_table("company")
