"""the mail outbox (answers of online requests by e-mail) and the offices' own days off

Revision ID: online_mail_days_off
Revises: standards_steps
Create Date: 2026-12-01 18:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

import antrian.shared.models.base

revision = "online_mail_days_off"
down_revision = "standards_steps"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "mail_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=True),
        sa.Column("to_addr", sa.String(length=200), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", antrian.shared.models.base.UTCDateTime(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.Column("next_try_at", antrian.shared.models.base.UTCDateTime(), nullable=True),
        sa.Column("sent_at", antrian.shared.models.base.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["office_id"], ["office.id"],
                                name=op.f("fk_mail_message_office_id_office")),
        sa.ForeignKeyConstraint(["ticket_id"], ["ticket.id"],
                                name=op.f("fk_mail_message_ticket_id_ticket")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail_message")),
    )
    op.create_index(op.f("ix_mail_message_office_id"), "mail_message", ["office_id"])
    op.create_index(op.f("ix_mail_message_ticket_id"), "mail_message", ["ticket_id"])
    op.create_index(op.f("ix_mail_message_next_try_at"), "mail_message", ["next_try_at"])
    op.create_table(
        "office_day_off",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("note", sa.String(length=120), nullable=False),
        sa.ForeignKeyConstraint(["office_id"], ["office.id"],
                                name=op.f("fk_office_day_off_office_id_office")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_office_day_off")),
        sa.UniqueConstraint("office_id", "day", name=op.f("uq_office_day_off_office_id_day")),
    )
    op.create_index(op.f("ix_office_day_off_office_id"), "office_day_off", ["office_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_office_day_off_office_id"), table_name="office_day_off")
    op.drop_table("office_day_off")
    op.drop_index(op.f("ix_mail_message_next_try_at"), table_name="mail_message")
    op.drop_index(op.f("ix_mail_message_ticket_id"), table_name="mail_message")
    op.drop_index(op.f("ix_mail_message_office_id"), table_name="mail_message")
    op.drop_table("mail_message")
