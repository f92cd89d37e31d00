"""the answer's way back: the back office's review of a main-unit answer, and how the answer
reaches a visitor who left (call-back or the ticket's status page)

Revision ID: answer_way_back
Revises: standards_steps
Create Date: 2026-12-01 18:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

revision = "answer_way_back"
down_revision = "priority_assistance"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("escalation", schema=None) as batch_op:
        # A review row: the back office passes on (or corrects) the main unit's answer. Unique:
        # one answer is reviewed once, however many back-office staff press at once.
        batch_op.add_column(sa.Column("review_of_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f("fk_escalation_review_of_id_escalation"),
                                    "escalation", ["review_of_id"], ["id"])
        batch_op.create_unique_constraint(batch_op.f("uq_escalation_review_of_id"),
                                          ["review_of_id"])
    with op.batch_alter_table("visit_record", schema=None) as batch_op:
        batch_op.add_column(sa.Column("answer_by", sa.String(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("visit_record", schema=None) as batch_op:
        batch_op.drop_column("answer_by")
    with op.batch_alter_table("escalation", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_escalation_review_of_id"), type_="unique")
        batch_op.drop_constraint(batch_op.f("fk_escalation_review_of_id_escalation"),
                                 type_="foreignkey")
        batch_op.drop_column("review_of_id")
