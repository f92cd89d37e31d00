"""The mail outbox of online requests' answers (SOP 000), for the staff who answer them and
run the office: what was sent, what waits, what failed and why, and a button to send again.
A page and API v1; the rules are in shared/desks/outbox.py."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from flask import Response, current_app, flash, redirect, render_template, request
from pydantic import Field

from antrian.admin import bp
from antrian.admin.home import admin_view
from antrian.shared.core.errors import DomainError, Unauthorized
from antrian.shared.core.mailer import SmtpSettings
from antrian.shared.desks import outbox
from antrian.shared.web import boundary, who
from antrian.shared.web.api_models import OFFICE_PARAM, Answer, OfficeRef, Request
from antrian.shared.web.openapi import described

STATES = ("pending", "retrying", "failed", "sent")


class MailMessage(Answer):
    id: int
    ticket: str | None = Field(description="the online request's queue number")
    to: str
    subject: str
    state: Literal[STATES] = Field(description="pending, retrying (after a failure), failed "
                                   "(retries used up: waits for staff) or sent")
    attempts: int
    last_error: str | None
    created_at: datetime
    next_try_at: datetime | None
    sent_at: datetime | None


class MailCounts(Answer):
    pending: int
    retrying: int
    failed: int
    sent: int


class Outbox(Answer):
    """The office's outbox, unsent messages first"""

    office: OfficeRef
    messages: list[MailMessage]
    counts: MailCounts
    smtp_configured: bool


class OutboxQuery(Request):
    unsent: bool = Field(False, description="only the messages not sent yet")


def _smtp_configured() -> bool:
    return SmtpSettings.of(current_app.config["ANTRIAN"]) is not None


def _page(office: str) -> str:
    return f"/admin/mail?office={office}"


@bp.get("/api/v1/offices/<office>/mail")
@described("The office's mail outbox (answers of online requests)", query=OutboxQuery,
           responses={200: Outbox}, path={"office": OFFICE_PARAM}, permission="mail_outbox")
def api_outbox(office: str):
    unsent = request.args.get("unsent", "").lower() in ("1", "true")
    view = outbox.messages(boundary.db(), office, who.current_actor(), unsent_only=unsent)
    return {**view, "smtp_configured": _smtp_configured()}


@bp.post("/api/v1/mail/<int:message_id>/retry")
@described("Send an unsent message again now", responses={200: MailMessage}, errors=(409,),
           permission="mail_outbox")
def api_retry_mail(message_id: int):
    return outbox.retry(boundary.db(), message_id, who.current_actor())


@bp.get("/admin/mail")
@admin_view
def mail_page(actor, office: str):
    view = outbox.messages(boundary.db(), office, actor)
    response = Response(render_template(
        "admin/mail.html", actor=actor, csrf=who.csrf_token(), office=view["office"],
        outbox=view, smtp_configured=_smtp_configured()))
    response.headers["Cache-Control"] = "no-store"  # addresses and subjects
    return response


@bp.post("/admin/mail/<int:message_id>/retry")
@admin_view
def mail_retry(actor, office: str, message_id: int):
    try:
        done = outbox.retry(boundary.db(), message_id, actor)
    except Unauthorized:
        raise
    except DomainError as exc:
        flash(exc.message, "error")
        return redirect(_page(office))
    flash(f"Pesan {done['ticket'] or done['id']} akan dikirim lagi. / "
          "The message will be sent again.", "ok")
    return redirect(_page(office))
