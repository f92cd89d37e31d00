"""hardening: session version, throttle timestamps, one active ticket per counter

Revision ID: i16_hardening
Revises: i17_series
Create Date: 2026-12-01 11:30:00.000000
"""

import sqlalchemy as sa
from alembic import op

import antrian.shared.models.base

revision = "i16_hardening"
down_revision = "i17_series"
branch_labels = None
depends_on = None

ACTIVE = "status IN ('called', 'serving')"


def upgrade() -> None:
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("session_version", sa.Integer(), nullable=False, server_default="0")
        )
    with op.batch_alter_table("login_throttle", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("last_failure_at", antrian.shared.models.base.UTCDateTime(), nullable=True)
        )
    op.create_index(
        "uq_ticket_active_counter", "ticket", ["counter_id"], unique=True,
        sqlite_where=sa.text(ACTIVE), postgresql_where=sa.text(ACTIVE),
    )


def downgrade() -> None:
    op.drop_index("uq_ticket_active_counter", table_name="ticket")
    with op.batch_alter_table("login_throttle", schema=None) as batch_op:
        batch_op.drop_column("last_failure_at")
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_column("session_version")
