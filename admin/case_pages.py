"""Pages of the sanctions-and-compensation cases (SOP 004) under /admin/cases, the complaint
form, the cases report, and the back office's daily survey check on the recap.

Each form posts with the session's CSRF token, calls one service of shared/cases/workflow.py or
shared/satisfaction/daily_check.py, and comes back to its page with a message.
"""

from __future__ import annotations

from functools import wraps

from flask import flash, redirect, render_template, request, url_for

from antrian.admin import bp
from antrian.shared.auth import staff_login
from antrian.shared.cases import reading, report, rules, workflow
from antrian.shared.core import clock
from antrian.shared.core.errors import InvalidInput
from antrian.shared.satisfaction import daily_check, ikm_report
from antrian.shared.web import boundary, who


def case_view(view):
    """A staff page of the cases, for the office asked for (else the actor's own); the view
    gets (actor, office)."""
    @wraps(view)
    @who.staff_page()
    def inner(actor, *args, **kwargs):
        office = staff_login.office_code_of(
            boundary.db(), actor, request.values.get("office") or None
        )
        return view(actor, office, *args, **kwargs)

    return inner


def _form(name: str) -> str | None:
    return request.form.get(name) or None


@bp.get("/admin/cases")
@case_view
def cases_page(actor, office: str):
    data = reading.list_cases(boundary.db(), office, actor, request.args.get("status") or None)
    check = daily_check.check_status(boundary.db(), office)
    return render_template(
        "admin/cases.html",
        data=data,
        check=check,
        actor=actor,
        status=request.args.get("status") or "",
        statuses=rules.STATUS_LABELS,
        channels=rules.CHANNEL_LABELS,
        may_open=actor.may("open_case"),
        csrf=who.csrf_token(),
    )


@bp.get("/admin/cases/<int:case_id>")
@case_view
def case_page(actor, office: str, case_id: int):
    case = reading.case_detail(boundary.db(), case_id, actor)
    timezone = reading.office_timezone(boundary.db(), office)
    return render_template(
        "admin/case.html",
        case=case,
        office=office,
        timezone=timezone,
        csrf=who.csrf_token(),
        actions=rules.actions_for(actor, case["status"]),
        channels=rules.CHANNEL_LABELS,
        history=rules.HISTORY_LABELS,
        compensations=rules.COMPENSATION_LABELS,
        today=clock.today(timezone).isoformat(),
    )


def _back(case_id: int, message: str):
    flash(message, "ok")
    return redirect(url_for("admin.case_page", case_id=case_id))


@bp.post("/admin/cases/<int:case_id>/hearing")
@case_view
def case_hearing_form(actor, office: str, case_id: int):
    workflow.record_hearing(boundary.db(), case_id, actor, _form("notes"))
    return _back(case_id, "Keterangan petugas dicatat. / The hearing is recorded.")


@bp.post("/admin/cases/<int:case_id>/propose")
@case_view
def case_propose_form(actor, office: str, case_id: int):
    workflow.propose(boundary.db(), case_id, actor, _form("sanction"), _form("compensation"))
    return _back(
        case_id,
        "Usulan dikirim ke Kepala untuk diverifikasi. / "
        "The proposal went to the head for verification.",
    )


@bp.post("/admin/cases/<int:case_id>/verify")
@case_view
def case_verify_form(actor, office: str, case_id: int):
    decision = _form("decision")
    workflow.verify(
        boundary.db(),
        case_id,
        actor,
        decision,
        _form("decree_number"),
        _form("decree_date"),
        _form("notes"),
    )
    return _back(
        case_id,
        "SK dicatat. / The decree is recorded."
        if decision == "approve"
        else "Usulan dikembalikan untuk ditinjau. / The proposal was returned.",
    )


@bp.post("/admin/cases/<int:case_id>/compensate")
@case_view
def case_compensate_form(actor, office: str, case_id: int):
    done = workflow.compensate(
        boundary.db(), case_id, actor, _form("kind"), _form("text"), boundary.base_url()
    )
    ticket = (
        f" Tiket layanan ulang / re-service ticket: {done.ticket['code']}." if done.ticket else ""
    )
    return _back(case_id, "Kompensasi dicatat. / Compensation recorded." + ticket)


@bp.post("/admin/cases/<int:case_id>/close")
@case_view
def case_close_form(actor, office: str, case_id: int):
    workflow.close(boundary.db(), case_id, actor, _form("notes"))
    return _back(case_id, "Kasus ditutup. / The case is closed.")


@bp.get("/admin/cases/new")
@case_view
def complaint_page(actor, office: str):
    return render_template(
        "admin/case_new.html",
        form=reading.complaint_choices(boundary.db(), office, actor),
        csrf=who.csrf_token(),
    )


@bp.post("/admin/cases/new")
@case_view
def complaint_form(actor, office: str):
    case_id = workflow.open_complaint(
        boundary.db(),
        office,
        actor,
        workflow.Complaint(
            channel=_form("channel") or "",
            text=_form("text"),
            staff=_form("staff"),
            ticket_code=_form("ticket_code"),
            ticket_day=ikm_report.parse_date(_form("ticket_day"), "ticket_day"),
            contact=_form("contact"),
        ),
    )
    flash(
        f"Kasus #{case_id} dibuka dari pengaduan. / Case #{case_id} opened from the complaint.",
        "ok",
    )
    if actor.may("view_cases"):
        return redirect(url_for("admin.case_page", case_id=case_id))
    return redirect(url_for("admin.complaint_page"))


@bp.get("/admin/cases/report")
@case_view
def case_report_page(actor, office: str):
    year = boundary.whole_number(request.args.get("year"), "year", maximum=ikm_report.MAX_YEAR)
    if year is not None and year < ikm_report.MIN_YEAR:
        raise InvalidInput("Tahun harus 4 angka. / 'year' must be four digits.", field="year")
    yearly = report.case_report(boundary.db(), office, actor, year)
    return render_template("admin/case_report.html", report=yearly, statuses=rules.STATUS_LABELS)


# ---------------------------------------------------------------- the daily survey check


@bp.post("/admin/recap/check")
@case_view
def survey_check_form(actor, office: str):
    day = ikm_report.parse_date(_form("date"), "date")
    checked = daily_check.mark_checked(boundary.db(), office, actor, day)
    flash(
        f"Survei {checked.day.strftime('%d-%m-%Y')} ditandai sudah diperiksa "
        f"({checked.low_ratings} nilai rendah). / Marked as checked "
        f"({checked.low_ratings} low ratings).",
        "ok",
    )
    return redirect(url_for("admin.recap_page", date=checked.day.isoformat()))


@bp.post("/admin/recap/reminder")
@case_view
def survey_reminder_form(actor, office: str):
    value = daily_check.set_reminder_time(boundary.db(), office, actor, _form("time") or "")
    flash(f"Pengingat pemeriksaan survei pukul {value}. / Survey check reminder at {value}.", "ok")
    return redirect(url_for("admin.recap_page"))
