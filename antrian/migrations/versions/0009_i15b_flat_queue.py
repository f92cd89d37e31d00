"""the head of each queue, a counter's tickets and online requests by index; job leases

Revision ID: i15b_flat_queue
Revises: i16_hardening
Create Date: 2026-12-01 11:40:00.000000
"""

import sqlalchemy as sa
from alembic import op

import antrian.shared.models.base

revision = "i15b_flat_queue"
down_revision = "i16_hardening"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_ticket_class_head", "ticket",
        ["office_id", "status", "service_day", "service_id", "priority", "queued_at", "id"],
    )
    op.create_index("ix_ticket_counter_status", "ticket", ["counter_id", "status"])
    op.create_index("ix_ticket_channel_status", "ticket", ["office_id", "channel", "status"])
    op.create_table(
        "job_lease",
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("holder", sa.String(length=120), nullable=False),
        sa.Column("expires_at", antrian.shared.models.base.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_job_lease")),
    )


def downgrade() -> None:
    op.drop_table("job_lease")
    op.drop_index("ix_ticket_channel_status", table_name="ticket")
    op.drop_index("ix_ticket_counter_status", table_name="ticket")
    op.drop_index("ix_ticket_class_head", table_name="ticket")
