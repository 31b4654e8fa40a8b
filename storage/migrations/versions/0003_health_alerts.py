"""health alerts: source-health problems and what the digest already said about them

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "health_alerts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("zone", sa.String(length=200), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("opened_at", sa.DateTime(), nullable=False),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("last_alerted_at", sa.DateTime(), nullable=True),
        sa.Column("last_alert", sa.String(length=20), nullable=True),
        sa.Column("recovery_alerted_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_health_alerts")),
    )
    with op.batch_alter_table("health_alerts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_health_alerts_key"), ["key"], unique=False)
        batch_op.create_index(batch_op.f("ix_health_alerts_zone"), ["zone"], unique=False)
        batch_op.create_index(batch_op.f("ix_health_alerts_resolved_at"), ["resolved_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("health_alerts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_health_alerts_resolved_at"))
        batch_op.drop_index(batch_op.f("ix_health_alerts_zone"))
        batch_op.drop_index(batch_op.f("ix_health_alerts_key"))
    op.drop_table("health_alerts")
