"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-21 05:50:30.540309
"""

import sqlalchemy as sa
from alembic import op

import antrian.shared.models.base

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "office",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("ticket_header", sa.String(length=500), nullable=False),
        sa.Column("ticket_footer", sa.String(length=500), nullable=False),
        sa.Column("priority_prefix", sa.String(length=3), nullable=False),
        sa.Column("settings", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_office")),
        sa.UniqueConstraint("code", name=op.f("uq_office_code")),
    )
    op.create_table(
        "display_profile",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("counter_numbers", sa.String(length=200), nullable=False),
        sa.Column("service_prefixes", sa.String(length=200), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("running_text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["office_id"], ["office.id"], name=op.f("fk_display_profile_office_id_office")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_display_profile")),
    )
    with op.batch_alter_table("display_profile", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_display_profile_office_id"), ["office_id"], unique=False
        )

    op.create_table(
        "office_event_seq",
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["office_id"], ["office.id"], name=op.f("fk_office_event_seq_office_id_office")
        ),
        sa.PrimaryKeyConstraint("office_id", name=op.f("pk_office_event_seq")),
    )
    op.create_table(
        "printer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("url", sa.String(length=300), nullable=False),
        sa.Column("paper_mm", sa.Integer(), nullable=False),
        sa.Column("native_qr", sa.Boolean(), nullable=False),
        sa.Column("profile", sa.String(length=60), nullable=True),
        sa.Column("is_default", sa.Boolean(), nullable=False),
        sa.Column("via_agent", sa.Boolean(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("state_at", antrian.shared.models.base.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["office_id"], ["office.id"], name=op.f("fk_printer_office_id_office")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_printer")),
        sa.UniqueConstraint("office_id", "name", name=op.f("uq_printer_office_id_name")),
    )
    with op.batch_alter_table("printer", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_printer_office_id"), ["office_id"], unique=False)

    op.create_table(
        "service",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("prefix", sa.String(length=3), nullable=False),
        sa.Column("name_id", sa.String(length=120), nullable=False),
        sa.Column("name_en", sa.String(length=120), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("daily_quota", sa.Integer(), nullable=True),
        sa.Column("target_wait_s", sa.Integer(), nullable=False),
        sa.Column("target_service_s", sa.Integer(), nullable=False),
        sa.Column("back_office_s", sa.Integer(), nullable=False),
        sa.Column("main_unit_s", sa.Integer(), nullable=False),
        sa.Column("online_answer_s", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["office_id"], ["office.id"], name=op.f("fk_service_office_id_office")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service")),
        sa.UniqueConstraint("office_id", "prefix", name=op.f("uq_service_office_id_prefix")),
    )
    with op.batch_alter_table("service", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_service_office_id"), ["office_id"], unique=False)

    op.create_table(
        "ticket_sequence",
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("service_day", sa.Date(), nullable=False),
        sa.Column("series", sa.String(length=3), nullable=False),
        sa.Column("last_number", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["office_id"], ["office.id"], name=op.f("fk_ticket_sequence_office_id_office")
        ),
        sa.PrimaryKeyConstraint(
            "office_id", "service_day", "series", name=op.f("pk_ticket_sequence")
        ),
    )
    op.create_table(
        "user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=True),
        sa.Column("username", sa.String(length=80), nullable=False),
        sa.Column("display_name", sa.String(length=120), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("roles", sa.String(length=200), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("locked_until", antrian.shared.models.base.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["office_id"], ["office.id"], name=op.f("fk_user_office_id_office")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user")),
        sa.UniqueConstraint("username", name=op.f("uq_user_username")),
    )
    op.create_table(
        "counter",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("is_open", sa.Boolean(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["office_id"], ["office.id"], name=op.f("fk_counter_office_id_office")
        ),
        sa.ForeignKeyConstraint(["staff_id"], ["user.id"], name=op.f("fk_counter_staff_id_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_counter")),
        sa.UniqueConstraint("office_id", "number", name=op.f("uq_counter_office_id_number")),
    )
    with op.batch_alter_table("counter", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_counter_office_id"), ["office_id"], unique=False)

    op.create_table(
        "device_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("created_at", antrian.shared.models.base.UTCDateTime(), nullable=False),
        sa.Column("last_used_at", antrian.shared.models.base.UTCDateTime(), nullable=True),
        sa.Column("revoked", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["office_id"], ["office.id"], name=op.f("fk_device_token_office_id_office")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_device_token_user_id_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_device_token")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_device_token_token_hash")),
    )
    with op.batch_alter_table("device_token", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_device_token_office_id"), ["office_id"], unique=False)

    op.create_table(
        "counter_service",
        sa.Column("counter_id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["counter_id"], ["counter.id"], name=op.f("fk_counter_service_counter_id_counter")
        ),
        sa.ForeignKeyConstraint(
            ["service_id"], ["service.id"], name=op.f("fk_counter_service_service_id_service")
        ),
        sa.PrimaryKeyConstraint("counter_id", "service_id", name=op.f("pk_counter_service")),
    )
    op.create_table(
        "ticket",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("service_day", sa.Date(), nullable=False),
        sa.Column("series", sa.String(length=3), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=12), nullable=False),
        sa.Column("priority", sa.Boolean(), nullable=False),
        sa.Column("priority_reason", sa.String(length=30), nullable=True),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("public_token", sa.String(length=64), nullable=False),
        sa.Column("queued_at", antrian.shared.models.base.UTCDateTime(), nullable=False),
        sa.Column("issued_at", antrian.shared.models.base.UTCDateTime(), nullable=False),
        sa.Column("called_at", antrian.shared.models.base.UTCDateTime(), nullable=True),
        sa.Column("served_at", antrian.shared.models.base.UTCDateTime(), nullable=True),
        sa.Column("finished_at", antrian.shared.models.base.UTCDateTime(), nullable=True),
        sa.Column("counter_id", sa.Integer(), nullable=True),
        sa.Column("target_counter_id", sa.Integer(), nullable=True),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("recall_count", sa.Integer(), nullable=False),
        sa.Column("needs_assistance", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["counter_id"], ["counter.id"], name=op.f("fk_ticket_counter_id_counter")
        ),
        sa.ForeignKeyConstraint(
            ["office_id"], ["office.id"], name=op.f("fk_ticket_office_id_office")
        ),
        sa.ForeignKeyConstraint(
            ["service_id"], ["service.id"], name=op.f("fk_ticket_service_id_service")
        ),
        sa.ForeignKeyConstraint(["staff_id"], ["user.id"], name=op.f("fk_ticket_staff_id_user")),
        sa.ForeignKeyConstraint(
            ["target_counter_id"], ["counter.id"], name=op.f("fk_ticket_target_counter_id_counter")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ticket")),
        sa.UniqueConstraint(
            "office_id",
            "service_day",
            "series",
            "number",
            name=op.f("uq_ticket_office_id_service_day_series_number"),
        ),
        sa.UniqueConstraint("public_token", name=op.f("uq_ticket_public_token")),
    )
    with op.batch_alter_table("ticket", schema=None) as batch_op:
        batch_op.create_index("ix_ticket_queue", ["office_id", "status", "queued_at"], unique=False)

    op.create_table(
        "escalation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("level", sa.String(length=20), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("answer_channel", sa.String(length=20), nullable=True),
        sa.Column("asked_by_id", sa.Integer(), nullable=True),
        sa.Column("answered_by_id", sa.Integer(), nullable=True),
        sa.Column("asked_at", antrian.shared.models.base.UTCDateTime(), nullable=False),
        sa.Column("due_at", antrian.shared.models.base.UTCDateTime(), nullable=False),
        sa.Column("answered_at", antrian.shared.models.base.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["answered_by_id"], ["user.id"], name=op.f("fk_escalation_answered_by_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["asked_by_id"], ["user.id"], name=op.f("fk_escalation_asked_by_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["office_id"], ["office.id"], name=op.f("fk_escalation_office_id_office")
        ),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["ticket.id"], name=op.f("fk_escalation_ticket_id_ticket")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_escalation")),
    )
    with op.batch_alter_table("escalation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_escalation_office_id"), ["office_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_escalation_ticket_id"), ["ticket_id"], unique=False)

    op.create_table(
        "idempotency_key",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("created_at", antrian.shared.models.base.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["office_id"], ["office.id"], name=op.f("fk_idempotency_key_office_id_office")
        ),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["ticket.id"], name=op.f("fk_idempotency_key_ticket_id_ticket")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_idempotency_key")),
        sa.UniqueConstraint("office_id", "key", name=op.f("uq_idempotency_key_office_id_key")),
    )
    op.create_table(
        "print_job",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("printer_id", sa.Integer(), nullable=True),
        sa.Column("ticket_id", sa.Integer(), nullable=True),
        sa.Column("kiosk_token_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", antrian.shared.models.base.UTCDateTime(), nullable=False),
        sa.Column("updated_at", antrian.shared.models.base.UTCDateTime(), nullable=False),
        sa.Column("next_attempt_at", antrian.shared.models.base.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["kiosk_token_id"],
            ["device_token.id"],
            name=op.f("fk_print_job_kiosk_token_id_device_token"),
        ),
        sa.ForeignKeyConstraint(
            ["office_id"], ["office.id"], name=op.f("fk_print_job_office_id_office")
        ),
        sa.ForeignKeyConstraint(
            ["printer_id"], ["printer.id"], name=op.f("fk_print_job_printer_id_printer")
        ),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["ticket.id"], name=op.f("fk_print_job_ticket_id_ticket")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_print_job")),
    )
    with op.batch_alter_table("print_job", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_print_job_office_id"), ["office_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_print_job_status"), ["status"], unique=False)

    op.create_table(
        "survey_response",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("service_id", sa.Integer(), nullable=False),
        sa.Column("counter_id", sa.Integer(), nullable=True),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("u1", sa.Integer(), nullable=False),
        sa.Column("u2", sa.Integer(), nullable=False),
        sa.Column("u3", sa.Integer(), nullable=False),
        sa.Column("u4", sa.Integer(), nullable=False),
        sa.Column("u5", sa.Integer(), nullable=False),
        sa.Column("u6", sa.Integer(), nullable=False),
        sa.Column("u7", sa.Integer(), nullable=False),
        sa.Column("u8", sa.Integer(), nullable=False),
        sa.Column("u9", sa.Integer(), nullable=False),
        sa.Column("age", sa.Integer(), nullable=True),
        sa.Column("sex", sa.String(length=1), nullable=True),
        sa.Column("education", sa.String(length=20), nullable=True),
        sa.Column("occupation", sa.String(length=40), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("mode", sa.String(length=20), nullable=False),
        sa.Column("submitted_at", antrian.shared.models.base.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["counter_id"], ["counter.id"], name=op.f("fk_survey_response_counter_id_counter")
        ),
        sa.ForeignKeyConstraint(
            ["office_id"], ["office.id"], name=op.f("fk_survey_response_office_id_office")
        ),
        sa.ForeignKeyConstraint(
            ["service_id"], ["service.id"], name=op.f("fk_survey_response_service_id_service")
        ),
        sa.ForeignKeyConstraint(
            ["staff_id"], ["user.id"], name=op.f("fk_survey_response_staff_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["ticket.id"], name=op.f("fk_survey_response_ticket_id_ticket")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_response")),
        sa.UniqueConstraint("ticket_id", name=op.f("uq_survey_response_ticket_id")),
    )
    with op.batch_alter_table("survey_response", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_survey_response_office_id"), ["office_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_survey_response_submitted_at"), ["submitted_at"], unique=False
        )

    op.create_table(
        "ticket_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("at", antrian.shared.models.base.UTCDateTime(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("counter_id", sa.Integer(), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["user.id"], name=op.f("fk_ticket_event_actor_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["counter_id"], ["counter.id"], name=op.f("fk_ticket_event_counter_id_counter")
        ),
        sa.ForeignKeyConstraint(
            ["office_id"], ["office.id"], name=op.f("fk_ticket_event_office_id_office")
        ),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["ticket.id"], name=op.f("fk_ticket_event_ticket_id_ticket")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ticket_event")),
    )
    with op.batch_alter_table("ticket_event", schema=None) as batch_op:
        batch_op.create_index(
            "ix_ticket_event_office_kind_at", ["office_id", "kind", "at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_ticket_event_ticket_id"), ["ticket_id"], unique=False)

    op.create_table(
        "visit_record",
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=True),
        sa.Column("institution", sa.String(length=200), nullable=True),
        sa.Column("regency", sa.String(length=120), nullable=True),
        sa.Column("phone", sa.String(length=30), nullable=True),
        sa.Column("email", sa.String(length=200), nullable=True),
        sa.Column("nik", sa.String(length=16), nullable=True),
        sa.Column("purpose_category", sa.String(length=40), nullable=True),
        sa.Column("purpose_detail", sa.Text(), nullable=True),
        sa.Column("on_behalf", sa.Boolean(), nullable=False),
        sa.Column("authority_doc", sa.String(length=30), nullable=True),
        sa.Column("outcome", sa.String(length=30), nullable=True),
        sa.Column("request_text", sa.Text(), nullable=True),
        sa.Column("answer_text", sa.Text(), nullable=True),
        sa.Column("created_at", antrian.shared.models.base.UTCDateTime(), nullable=False),
        sa.Column("updated_at", antrian.shared.models.base.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["ticket_id"], ["ticket.id"], name=op.f("fk_visit_record_ticket_id_ticket")
        ),
        sa.PrimaryKeyConstraint("ticket_id", name=op.f("pk_visit_record")),
    )
    op.create_table(
        "case",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=False),
        sa.Column("survey_response_id", sa.Integer(), nullable=False),
        sa.Column("staff_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("hearing_notes", sa.Text(), nullable=True),
        sa.Column("verification_notes", sa.Text(), nullable=True),
        sa.Column("decree_number", sa.String(length=80), nullable=True),
        sa.Column("compensation", sa.String(length=40), nullable=True),
        sa.Column("reservice_ticket_id", sa.Integer(), nullable=True),
        sa.Column("opened_at", antrian.shared.models.base.UTCDateTime(), nullable=False),
        sa.Column("due_at", antrian.shared.models.base.UTCDateTime(), nullable=False),
        sa.Column("closed_at", antrian.shared.models.base.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["office_id"], ["office.id"], name=op.f("fk_case_office_id_office")
        ),
        sa.ForeignKeyConstraint(
            ["reservice_ticket_id"], ["ticket.id"], name=op.f("fk_case_reservice_ticket_id_ticket")
        ),
        sa.ForeignKeyConstraint(["staff_id"], ["user.id"], name=op.f("fk_case_staff_id_user")),
        sa.ForeignKeyConstraint(
            ["survey_response_id"],
            ["survey_response.id"],
            name=op.f("fk_case_survey_response_id_survey_response"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case")),
    )
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_office_id"), ["office_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("case", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_office_id"))

    op.drop_table("case")
    op.drop_table("visit_record")
    with op.batch_alter_table("ticket_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_ticket_event_ticket_id"))
        batch_op.drop_index("ix_ticket_event_office_kind_at")

    op.drop_table("ticket_event")
    with op.batch_alter_table("survey_response", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_survey_response_submitted_at"))
        batch_op.drop_index(batch_op.f("ix_survey_response_office_id"))

    op.drop_table("survey_response")
    with op.batch_alter_table("print_job", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_print_job_status"))
        batch_op.drop_index(batch_op.f("ix_print_job_office_id"))

    op.drop_table("print_job")
    op.drop_table("idempotency_key")
    with op.batch_alter_table("escalation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_escalation_ticket_id"))
        batch_op.drop_index(batch_op.f("ix_escalation_office_id"))

    op.drop_table("escalation")
    with op.batch_alter_table("ticket", schema=None) as batch_op:
        batch_op.drop_index("ix_ticket_queue")

    op.drop_table("ticket")
    op.drop_table("counter_service")
    with op.batch_alter_table("device_token", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_device_token_office_id"))

    op.drop_table("device_token")
    with op.batch_alter_table("counter", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_counter_office_id"))

    op.drop_table("counter")
    op.drop_table("user")
    op.drop_table("ticket_sequence")
    with op.batch_alter_table("service", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_service_office_id"))

    op.drop_table("service")
    with op.batch_alter_table("printer", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_printer_office_id"))

    op.drop_table("printer")
    op.drop_table("office_event_seq")
    with op.batch_alter_table("display_profile", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_display_profile_office_id"))

    op.drop_table("display_profile")
    op.drop_table("office")
