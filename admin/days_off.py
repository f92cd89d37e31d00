"""The office's own days off (cuti bersama, a local closure): a setup page, and API v1 for
scripts. No working time of an online request's deadline runs on them (SOP 000), as on
weekends and the national holidays (shared/office/working_days.py)."""

from __future__ import annotations

from datetime import date

from flask import Response, flash, redirect
from pydantic import Field

from antrian.admin import bp, forms
from antrian.admin.api import origin
from antrian.admin.home import admin_view
from antrian.admin.setup_pages import _page, _render, setup_action
from antrian.shared.office import working_days
from antrian.shared.web import boundary, who
from antrian.shared.web.api_models import OFFICE_PARAM, Answer, Request
from antrian.shared.web.openapi import described

OFFICE = {"office": OFFICE_PARAM}
DAY_PARAM = {"type": "string", "format": "date", "description": "the day, YYYY-MM-DD"}


class DayOff(Answer):
    day: date
    note: str


class Holiday(Answer):
    day: date
    name: str


class JointLeave(Holiday):
    observed: bool = Field(description="the office keeps it as one of its days off")


class Calendar(Answer):
    """The office's days off, with this year's and next year's national holidays"""

    office: str
    days_off: list[DayOff]
    national_holidays: list[Holiday]
    joint_leave: list[JointLeave] = Field(description="the government's cuti bersama: "
                                          "suggestions, not counted unless added")


class NewDayOff(Request):
    day: date
    note: str | None = Field(None, max_length=working_days.NOTE_LIMIT)


@bp.get("/api/v1/offices/<office>/days-off")
@described("The office's days off and the national holidays", responses={200: Calendar},
           path=OFFICE, permission="administer")
def api_days_off(office: str):
    return working_days.calendar_view(boundary.db(), office, who.current_actor())


@bp.post("/api/v1/offices/<office>/days-off")
@described("Add a day off (no working time runs on it)", body=NewDayOff,
           responses={201: DayOff}, errors=(409,), path=OFFICE, permission="administer")
def api_add_day_off(office: str):
    body = boundary.json_body()
    return working_days.add_day_off(boundary.db(), origin(), office, body.get("day"),
                                    body.get("note")), 201


@bp.delete("/api/v1/offices/<office>/days-off/<day>")
@described("Remove a day off", responses={204: None}, path={**OFFICE, "day": DAY_PARAM},
           permission="administer")
def api_remove_day_off(office: str, day: str):
    working_days.remove_day_off(boundary.db(), origin(), office, day)
    return Response(status=204)


@bp.get("/admin/days-off")
@admin_view
def days_off_page(actor, office: str):
    return _render("days_off.html", actor, office,
                   calendar=working_days.calendar_view(boundary.db(), office, actor))


@bp.post("/admin/days-off")
@admin_view
@setup_action(lambda office: _page("/admin/days-off", office))
def day_off_add(actor, office: str):
    made = working_days.add_day_off(boundary.db(), origin(), office, forms.text("day"),
                                    forms.text("note"))
    flash(f"{made['day']} ditambahkan sebagai hari libur kantor. / Added as a day off.", "ok")
    return redirect(_page("/admin/days-off", office))


@bp.post("/admin/days-off/remove")
@admin_view
@setup_action(lambda office: _page("/admin/days-off", office))
def day_off_remove(actor, office: str):
    working_days.remove_day_off(boundary.db(), origin(), office, forms.text("day"))
    flash(f"{forms.text('day')} bukan lagi hari libur kantor. / No longer a day off.", "ok")
    return redirect(_page("/admin/days-off", office))
