"""sanctions and compensation cases (SOP 004): case fields, case history, daily survey check

Revision ID: i14_cases
Revises: 0004_ticket_waiting_index
Create Date: 2026-12-01 11:30:00.000000
"""

import sqlalchemy as sa
from alembic import op

import antrian.shared.models.base

revision = "i14_cases"
down_revision = "0004_ticket_waiting_index"
branch_labels = None
depends_on = None

UTC = antrian.shared.models.base.UTCDateTime


def upgrade() -> None:
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.alter_column("survey_response_id", existing_type=sa.Integer(), nullable=True)
        batch_op.add_column(sa.Column("ticket_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("channel", sa.String(length=20), nullable=False,
                                      server_default="survey"))
        batch_op.add_column(sa.Column("complaint_text", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("complainant_contact", sa.String(length=200),
                                      nullable=True))
        batch_op.add_column(sa.Column("heard_at", UTC(), nullable=True))
        batch_op.add_column(sa.Column("sanction", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("proposed_at", UTC(), nullable=True))
        batch_op.add_column(sa.Column("decree_date", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("verified_at", UTC(), nullable=True))
        batch_op.add_column(sa.Column("compensation_text", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("compensated_at", UTC(), nullable=True))
        batch_op.add_column(sa.Column("closing_notes", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("overdue_at", UTC(), nullable=True))
        batch_op.create_foreign_key(batch_op.f("fk_case_ticket_id_ticket"), "ticket",
                                    ["ticket_id"], ["id"])
        batch_op.create_unique_constraint(batch_op.f("uq_case_survey_response_id"),
                                          ["survey_response_id"])
        batch_op.create_index(batch_op.f("ix_case_due_at"), ["due_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_case_ticket_id"), ["ticket_id"], unique=False)
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.alter_column("channel", existing_type=sa.String(length=20),
                              server_default=None)

    op.create_table(
        "case_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("at", UTC(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["actor_id"], ["user.id"],
                                name=op.f("fk_case_event_actor_id_user")),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"],
                                name=op.f("fk_case_event_case_id_case")),
        sa.ForeignKeyConstraint(["office_id"], ["office.id"],
                                name=op.f("fk_case_event_office_id_office")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_event")),
    )
    with op.batch_alter_table("case_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_event_case_id"), ["case_id"], unique=False)

    op.create_table(
        "survey_check",
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("checked_by_id", sa.Integer(), nullable=True),
        sa.Column("checked_at", UTC(), nullable=False),
        sa.Column("low_ratings", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["checked_by_id"], ["user.id"],
                                name=op.f("fk_survey_check_checked_by_id_user")),
        sa.ForeignKeyConstraint(["office_id"], ["office.id"],
                                name=op.f("fk_survey_check_office_id_office")),
        sa.PrimaryKeyConstraint("office_id", "day", name=op.f("pk_survey_check")),
    )


def downgrade() -> None:
    op.drop_table("survey_check")
    with op.batch_alter_table("case_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_event_case_id"))
    op.drop_table("case_event")
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_ticket_id"))
        batch_op.drop_index(batch_op.f("ix_case_due_at"))
        batch_op.drop_constraint(batch_op.f("uq_case_survey_response_id"), type_="unique")
        batch_op.drop_constraint(batch_op.f("fk_case_ticket_id_ticket"), type_="foreignkey")
        for column in ("overdue_at", "closing_notes", "compensated_at", "compensation_text",
                       "verified_at", "decree_date", "proposed_at", "sanction", "heard_at",
                       "complainant_contact", "complaint_text", "channel", "ticket_id"):
            batch_op.drop_column(column)
        batch_op.alter_column("survey_response_id", existing_type=sa.Integer(), nullable=False)
