"""Who to call next (engagement, notices, the outbox) and heard-URL resolution.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from landing.urls import heard_index

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

WHEN = sa.DateTime()


def upgrade() -> None:
    op.create_table(
        "engagement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("visit_id", sa.Integer(), nullable=False),
        sa.Column("prospect_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("at", WHEN, nullable=False),
        sa.ForeignKeyConstraint(["prospect_id"], ["prospect.id"]),
        sa.ForeignKeyConstraint(["visit_id"], ["visit.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("visit_id", "kind", name="uq_engagement_visit_kind"),
    )
    op.create_index("ix_engagement_prospect_at", "engagement", ["prospect_id", "at"])
    op.create_table(
        "notice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rep_id", sa.Integer(), nullable=False),
        sa.Column("prospect_id", sa.Integer(), nullable=True),
        sa.Column("visit_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("text", sa.String(length=500), nullable=False),
        sa.Column("at", WHEN, nullable=False),
        sa.Column("read_at", WHEN, nullable=True),
        sa.ForeignKeyConstraint(["prospect_id"], ["prospect.id"]),
        sa.ForeignKeyConstraint(["rep_id"], ["rep.id"]),
        sa.ForeignKeyConstraint(["visit_id"], ["visit.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("visit_id"),
    )
    op.create_index("ix_notice_rep_id_id", "notice", ["rep_id", "id"])
    op.create_table(
        "outboxmessage",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("notice_id", sa.Integer(), nullable=False),
        sa.Column("rep_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("due_at", WHEN, nullable=False),
        sa.Column("locked_until", WHEN, nullable=True),
        sa.Column("last_error", sa.String(length=500), nullable=False),
        sa.Column("sent_at", WHEN, nullable=True),
        sa.ForeignKeyConstraint(["notice_id"], ["notice.id"]),
        sa.ForeignKeyConstraint(["rep_id"], ["rep.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_outbox_status_due", "outboxmessage", ["status", "due_at"])
    op.create_index(op.f("ix_outboxmessage_notice_id"), "outboxmessage", ["notice_id"])
    op.create_table(
        "heardkey",
        sa.Column("probe", sa.String(length=80), nullable=False),
        sa.Column("prospect_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["prospect_id"], ["prospect.id"]),
        sa.PrimaryKeyConstraint("probe", "prospect_id"),
    )
    op.create_index(op.f("ix_heardkey_prospect_id"), "heardkey", ["prospect_id"])
    op.create_table(
        "orphanvisit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", WHEN, nullable=False),
        sa.Column("path", sa.String(length=200), nullable=False),
        sa.Column("ip", sa.String(length=64), nullable=False),
        sa.Column("user_agent", sa.String(length=512), nullable=False),
        sa.Column("classification", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("prospect_id", sa.Integer(), nullable=True),
        sa.Column("why", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(["prospect_id"], ["prospect.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_orphanvisit_at"), "orphanvisit", ["at"])
    op.create_index("ix_orphanvisit_prospect_at", "orphanvisit", ["prospect_id", "at"])

    from landing.data.scanner_defaults import DEFAULT_RANGES

    weights = {
        "weight_visit": 10, "weight_repeat_visit": 5, "weight_video_play": 15,
        "weight_video_75": 20, "weight_contact_click": 30, "weight_forwarded": 15,
        "half_life_hours": 72,
    }  # fmt: skip
    with op.batch_alter_table("company") as batch:
        batch.add_column(
            sa.Column("scanner_ranges", sa.String(length=20000), nullable=False, server_default="")
        )
        for name, default in weights.items():
            batch.add_column(
                sa.Column(name, sa.Integer(), nullable=False, server_default=str(default))
            )
    op.execute(sa.text("UPDATE company SET scanner_ranges = :r").bindparams(r=DEFAULT_RANGES))

    with op.batch_alter_table("rep") as batch:
        batch.add_column(
            sa.Column("notify_email", sa.Boolean(), nullable=False, server_default=sa.true())
        )
        for name, length in (("webhook_url", 500), ("webhook_secret", 200)):
            batch.add_column(
                sa.Column(name, sa.String(length=length), nullable=False, server_default="")
            )
        batch.add_column(
            sa.Column("webhook_failures", sa.Integer(), nullable=False, server_default="0")
        )
        batch.add_column(
            sa.Column("webhook_disabled", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(
            sa.Column("timezone", sa.String(length=64), nullable=False, server_default="UTC")
        )
        for name in ("quiet_start", "quiet_end"):
            batch.add_column(
                sa.Column(name, sa.String(length=5), nullable=False, server_default="")
            )
        # Notices were derived from visits past this mark; they are rows now.
        batch.drop_column("notices_seen_visit_id")

    with op.batch_alter_table("prospect") as batch:
        for name in ("first_key", "last_key"):
            batch.add_column(
                sa.Column(name, sa.String(length=80), nullable=False, server_default="")
            )
        batch.add_column(
            sa.Column("do_not_contact", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("archived_at", WHEN, nullable=True))
        batch.add_column(sa.Column("score_since", WHEN, nullable=True))

    with op.batch_alter_table("visit") as batch:
        batch.add_column(
            sa.Column("visitor_id", sa.String(length=32), nullable=False, server_default="")
        )
        batch.add_column(sa.Column("token", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("engaged_at", WHEN, nullable=True))
        batch.create_unique_constraint("uq_visit_token", ["token"])
    # A "human" hit was a plausible browser; with no beacon on record it is unconfirmed.
    op.execute(
        "UPDATE visit SET classification = 'unconfirmed', "
        "reason = 'before beacons: ' || reason WHERE classification = 'human'"
    )
    op.create_index("ix_voicemail_at", "voicemail", ["at"])
    _index_heard_keys()


def _index_heard_keys() -> None:
    """Name keys and heard-URL probes for the prospects already there."""

    bind = op.get_bind()
    prospect = sa.table(
        "prospect",
        sa.column("id", sa.Integer),
        sa.column("slug", sa.String),
        sa.column("first_name", sa.String),
        sa.column("last_name", sa.String),
        sa.column("first_key", sa.String),
        sa.column("last_key", sa.String),
    )
    heardkey = sa.table("heardkey", sa.column("probe", sa.String), sa.column("prospect_id"))
    rows = bind.execute(
        sa.select(prospect.c.id, prospect.c.slug, prospect.c.first_name, prospect.c.last_name)
    ).all()
    for pid, slug, first, last in rows:
        keys = heard_index.keys_of(slug, first, last)
        bind.execute(
            prospect.update()
            .where(prospect.c.id == pid)
            .values(first_key=keys.first, last_key=keys.last)
        )
        bind.execute(heardkey.insert(), heard_index.rows_of(pid, slug, first, last))


def downgrade() -> None:
    op.drop_index("ix_voicemail_at", table_name="voicemail")
    op.execute(
        "UPDATE visit SET classification = 'human' "
        "WHERE classification IN ('unconfirmed', 'engaged')"
    )
    with op.batch_alter_table("visit") as batch:
        batch.drop_constraint("uq_visit_token", type_="unique")
        for name in ("engaged_at", "token", "visitor_id"):
            batch.drop_column(name)
    with op.batch_alter_table("prospect") as batch:
        for name in ("score_since", "archived_at", "do_not_contact", "last_key", "first_key"):
            batch.drop_column(name)
    with op.batch_alter_table("rep") as batch:
        batch.add_column(
            sa.Column("notices_seen_visit_id", sa.Integer(), nullable=False, server_default="0")
        )
        for name in (
            "quiet_end", "quiet_start", "timezone", "webhook_disabled", "webhook_failures",
            "webhook_secret", "webhook_url", "notify_email",
        ):  # fmt: skip
            batch.drop_column(name)
    with op.batch_alter_table("company") as batch:
        for name in (
            "half_life_hours", "weight_forwarded", "weight_contact_click", "weight_video_75",
            "weight_video_play", "weight_repeat_visit", "weight_visit", "scanner_ranges",
        ):  # fmt: skip
            batch.drop_column(name)
    for table in ("orphanvisit", "heardkey", "outboxmessage", "notice", "engagement"):
        op.drop_table(table)
