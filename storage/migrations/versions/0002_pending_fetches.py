"""pending fetches: attachments owed after a crash or a failed fetch

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30 09:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pending_fetches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("parent_url", sa.String(length=2000), nullable=True),
        sa.Column("name", sa.Text(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["site_id"], ["sites.id"], name=op.f("fk_pending_fetches_site_id_sites"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pending_fetches")),
        sa.UniqueConstraint("url", name=op.f("uq_pending_fetches_url")),
    )
    with op.batch_alter_table("pending_fetches", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_pending_fetches_site_id"), ["site_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_pending_fetches_status"), ["status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("pending_fetches", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_pending_fetches_status"))
        batch_op.drop_index(batch_op.f("ix_pending_fetches_site_id"))
    op.drop_table("pending_fetches")
