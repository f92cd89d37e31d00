"""Survey reports: the IKM (API v1 and the admin page) and the back office's daily recap.

The IKM is public: offices publish it (PermenPANRB 14/2017), and it holds no personal data.
The admin pages need the `view_reports` permission (back office, coordinator, head, admin).
"""

from __future__ import annotations

from functools import wraps

from flask import Response, render_template, request, url_for

from antrian.admin import bp
from antrian.admin.schemas import Ikm, PeriodQuery
from antrian.shared.core import clock
from antrian.shared.core.errors import DomainError, Unauthorized
from antrian.shared.satisfaction import daily_check, ikm, ikm_report, instrument
from antrian.shared.web import boundary, who
from antrian.shared.web.api_models import OFFICE_PARAM
from antrian.shared.web.openapi import described


def _filter() -> ikm_report.IkmFilter:
    """The IKM filters of the query string; empty values mean "all"."""
    counter = boundary.whole_number(request.args.get("counter"), "counter", maximum=999_999)
    return ikm_report.IkmFilter(
        date_from=ikm_report.parse_date(request.args.get("from"), "from"),
        date_to=ikm_report.parse_date(request.args.get("to"), "to"),
        service=request.args.get("service") or None,
        counter=counter,
        staff=request.args.get("staff") or None,
    )


@bp.get("/api/v1/offices/<office>/ikm")
@described("The IKM of a period: per-element NRR, weighted index, converted IKM and grade, "
           "respondents and the Krejcie-Morgan sample size", public=True, query=PeriodQuery,
           responses={200: Ikm}, path={"office": OFFICE_PARAM},
           description="Public for the office and services; counter and staff filters need a "
           "report reader's token.")
def ikm_api(office: str):
    """The IKM of a period: public for the office and its services; per counter or staff
    member for report readers only."""
    return ikm_report.ikm_report(boundary.db(), office, _filter(), reader=who.current_actor(),
                              public=True).as_json()


# ---------------------------------------------------------------- pages


def _reader_office() -> str:
    return ikm_report.reader_office(
        boundary.db(), request.args.get("office"), who.current_actor()
    )


def _refused(template: str, endpoint: str):
    """A report page refused for its filters shows itself again with the reason, and a link
    without the filters (to ``endpoint``: the CSV's refusal links to its page, not to another
    download). Nobody signed in goes to the sign-in, as from every page."""

    def wrap(view):
        @wraps(view)
        def inner(*args, **kwargs):
            try:
                return view(*args, **kwargs)
            except Unauthorized:
                raise
            except DomainError as exc:
                return render_template(
                    template,
                    report=None,
                    recap=None,
                    error=exc,
                    args=request.args,
                    elements=instrument.ELEMENTS,
                    reset=url_for(endpoint),
                ), exc.status
        return inner

    return wrap


@bp.get("/admin/ikm")
@_refused("admin/ikm.html", "admin.ikm_page")
def ikm_page():
    office = _reader_office()
    report = ikm_report.ikm_report(boundary.db(), office, _filter(), breakdowns=True)
    result = report.result
    return render_template(
        "admin/ikm.html",
        report=report,
        error=None,
        args=request.args,
        elements=instrument.ELEMENTS,
        bands=ikm.BANDS,
        nrr=result.nrr_display() if result else {},
        meter=result.nrr_percent() if result else {},
        zone=clock.zone_abbreviation(report.timezone),
    )


def _recap():
    office = _reader_office()
    return ikm_report.daily_recap(
        boundary.db(), office, ikm_report.parse_date(request.args.get("date"), "date")
    )


@bp.get("/admin/recap")
@_refused("admin/recap.html", "admin.recap_page")
def recap_page():
    recap = _recap()
    return render_template(
        "admin/recap.html",
        recap=recap,
        error=None,
        args=request.args,
        elements=instrument.ELEMENTS,
        zone=clock.zone_abbreviation(recap.timezone),
        **_survey_check(recap),
    )


def _survey_check(recap: ikm_report.Recap) -> dict:
    """The daily check's part of the recap page (SOP 004; admin/_survey_check.html)."""
    actor = who.current_actor()
    return {
        "check": daily_check.check_status(boundary.db(), recap.office_code, recap.day),
        "may_check": actor.may("check_survey"),
        "may_set_reminder": actor.may("run_office"),
        "csrf": who.csrf_token(),
        "office_code": recap.office_code,
        "timezone": recap.timezone,
    }


@bp.get("/admin/recap.csv")
@_refused("admin/recap.html", "admin.recap_page")
def recap_csv():
    recap = _recap()
    name = f"rekap-skm-{recap.office_code}-{recap.day.isoformat()}.csv"
    return Response(
        ikm_report.recap_csv(recap),
        mimetype="text/csv",  # Flask adds charset=utf-8 once
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
