"""assistance requests of vulnerable visitors (SOP 002): the escort desk's list

Revision ID: priority_assistance
Revises: standards_steps
Create Date: 2026-12-01 18:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

import antrian.shared.models.base

revision = "priority_assistance"
down_revision = "watch_breaches"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "assistance_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("requested_at", antrian.shared.models.base.UTCDateTime(), nullable=False),
        sa.Column("acknowledged_at", antrian.shared.models.base.UTCDateTime(), nullable=True),
        sa.Column("acknowledged_by_id", sa.Integer(), nullable=True),
        sa.Column("done_at", antrian.shared.models.base.UTCDateTime(), nullable=True),
        sa.Column("done_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["office_id"], ["office.id"],
                                name=op.f("fk_assistance_request_office_id_office")),
        sa.ForeignKeyConstraint(["ticket_id"], ["ticket.id"],
                                name=op.f("fk_assistance_request_ticket_id_ticket")),
        sa.ForeignKeyConstraint(["acknowledged_by_id"], ["user.id"],
                                name=op.f("fk_assistance_request_acknowledged_by_id_user")),
        sa.ForeignKeyConstraint(["done_by_id"], ["user.id"],
                                name=op.f("fk_assistance_request_done_by_id_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assistance_request")),
        sa.UniqueConstraint("ticket_id", name=op.f("uq_assistance_request_ticket_id")),
    )
    op.create_index("ix_assistance_request_office_status", "assistance_request",
                    ["office_id", "status"])


def downgrade() -> None:
    op.drop_index("ix_assistance_request_office_status", table_name="assistance_request")
    op.drop_table("assistance_request")
