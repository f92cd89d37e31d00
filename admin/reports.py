"""Survey reports: the IKM (API v1 and the admin page) and the back office's daily recap.

The IKM is public: offices publish it (PermenPANRB 14/2017), and it holds no personal data.
The admin pages need the `view_reports` permission (back office, coordinator, head, admin).
"""

from __future__ import annotations

from urllib.parse import quote

from flask import Response, redirect, render_template, request

from admin import bp
from shared import clock, reports, skm, web
from shared.errors import DomainError, InvalidInput, Unauthorized


def _filter() -> reports.IkmFilter:
    """The IKM filters of the query string; empty values mean "all"."""
    counter = request.args.get("counter") or None
    if counter is not None:
        if not counter.isdigit() or len(counter) > 6:
            raise InvalidInput("Loket harus nomor loket. / 'counter' must be a counter number.",
                               field="counter")
        counter = int(counter)
    return reports.IkmFilter(
        date_from=reports.parse_date(request.args.get("from"), "from"),
        date_to=reports.parse_date(request.args.get("to"), "to"),
        service=request.args.get("service") or None,
        counter=counter,
        staff=request.args.get("staff") or None,
    )


@bp.get("/api/v1/offices/<office>/ikm")
def ikm_api(office: str):
    """The IKM of a period: public for the office and its services; per counter or staff
    member for report readers only."""
    return reports.ikm_report(web.db(), office, _filter(), reader=web.current_actor(),
                              public=True).as_json()


# ---------------------------------------------------------------- pages


def _login_redirect():
    return redirect("/counter/login?next=" + quote(request.full_path.rstrip("?"), safe="/"))


def _reader_office() -> str:
    return reports.reader_office(web.db(), request.args.get("office"), web.current_actor())


def _refused(exc: DomainError, template: str):
    return render_template(template, report=None, recap=None, error=exc, args=request.args,
                           elements=skm.ELEMENTS), exc.status


@bp.get("/admin/ikm")
def ikm_page():
    try:
        office = _reader_office()
        report = reports.ikm_report(web.db(), office, _filter(), breakdowns=True)
    except Unauthorized:
        return _login_redirect()
    except DomainError as exc:
        return _refused(exc, "admin/ikm.html")
    return render_template("admin/ikm.html", report=report, error=None, args=request.args,
                           elements=skm.ELEMENTS, nrr=report.result.nrr_display()
                           if report.result else {},
                           zone=clock.zone_abbreviation(report.timezone))


def _recap():
    office = _reader_office()
    return reports.daily_recap(web.db(), office,
                               reports.parse_date(request.args.get("date"), "date"))


@bp.get("/admin/recap")
def recap_page():
    try:
        recap = _recap()
    except Unauthorized:
        return _login_redirect()
    except DomainError as exc:
        return _refused(exc, "admin/recap.html")
    return render_template("admin/recap.html", recap=recap, error=None, args=request.args,
                           elements=skm.ELEMENTS, zone=clock.zone_abbreviation(recap.timezone))


@bp.get("/admin/recap.csv")
def recap_csv():
    try:
        recap = _recap()
    except Unauthorized:
        return _login_redirect()
    name = f"rekap-skm-{recap.office_code}-{recap.day.isoformat()}.csv"
    return Response(reports.recap_csv(recap), mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})
