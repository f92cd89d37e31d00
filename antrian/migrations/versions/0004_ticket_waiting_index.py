"""an index that covers the waiting counts

Revision ID: 0004_ticket_waiting_index
Revises: 0003_login_throttle
Create Date: 2026-11-21 08:05:00.000000
"""

from alembic import op

revision = "0004_ticket_waiting_index"
down_revision = "0003_login_throttle"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_ticket_waiting", "ticket",
        ["office_id", "status", "service_day", "service_id", "priority", "channel"],
    )


def downgrade() -> None:
    op.drop_index("ix_ticket_waiting", table_name="ticket")
