"""The head's reports: the service report, the trends, and the exports of every report.

API v1 (bearer token, or the logged-in session for a browser's download links):
the service report and its CSV/XLSX need `view_reports` (the IKM report's readers); the IKM
trend is public like the IKM itself, per counter or staff member for readers only.
"""

from __future__ import annotations

from dataclasses import asdict
from urllib.parse import urlencode

from flask import Response, render_template, request, url_for

from antrian.admin import bp, charts, exports
from antrian.admin.reports import _filter as ikm_filter
from antrian.admin.reports import _reader_office, _refused
from antrian.admin.schemas import IkmTrend, ReportQuery, ServiceReport, TrendQuery
from antrian.shared.core import clock
from antrian.shared.reports import service_report as sr
from antrian.shared.reports.steps import STEPS
from antrian.shared.satisfaction import ikm_report
from antrian.shared.web import boundary, who
from antrian.shared.web.api_models import OFFICE_PARAM
from antrian.shared.web.openapi import Download, described

OFFICE = {"office": OFFICE_PARAM}


def _filter() -> sr.ReportFilter:
    """The period and filters of the query string, read as the IKM reads them."""
    return sr.ReportFilter(**asdict(ikm_filter()))


def _download(doc: exports.Document, name: str, ext: str) -> Response:
    if ext == "xlsx":
        body, mimetype = exports.to_xlsx(doc), exports.XLSX_MIMETYPE
    else:
        body, mimetype = exports.to_csv(doc), "text/csv; charset=utf-8"
    return Response(body, mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


# ---------------------------------------------------------------- API v1


def _service_report(office: str, with_choices: bool = False) -> sr.ServiceReport:
    return sr.service_report(boundary.db(), office, _filter(), request.args.get("group"),
                             who.current_actor(), with_choices=with_choices)


@bp.get("/api/v1/offices/<office>/reports/service")
@described("The service report of a period (report readers)", query=ReportQuery,
           responses={200: ServiceReport}, path=OFFICE,
           description="Tickets issued, served, no-shows, cancelled; waiting and service "
           "time (median, p90, mean); the share of each SOP step within its standard; "
           "escalations and call-backs; per group. Tickets count on the office-local day "
           "they were issued.")
def service_report_api(office: str):
    return _service_report(office).as_json()


@bp.get("/api/v1/offices/<office>/reports/service.csv", defaults={"ext": "csv"})
@bp.get("/api/v1/offices/<office>/reports/service.xlsx", defaults={"ext": "xlsx"})
@described("The service report as a file (CSV or XLSX)", query=ReportQuery, path=OFFICE,
           responses={200: Download({"csv": "text/csv", "xlsx": exports.XLSX_MIMETYPE})})
def service_report_file(office: str, ext: str):
    report = _service_report(office)
    name = exports.filename("laporan-layanan", report.office_code, report.date_from,
                                  report.date_to, ext, report.group)
    return _download(exports.service_document(report), name, ext)


@bp.get("/api/v1/offices/<office>/ikm/trend")
@described("The IKM per day, week (ISO, Monday first) or month of a period", public=True,
           query=TrendQuery, responses={200: IkmTrend}, path=OFFICE,
           description="Public like the IKM; counter and staff filters need a report "
           "reader. Each point counts the responses of tickets completed in it.")
def ikm_trend_api(office: str):
    return sr.trend(boundary.db(), office, _filter(), request.args.get("by"),
                    reader=who.current_actor(), public=True, with_figures=False).ikm_json()


# ---------------------------------------------------------------- pages


@bp.app_template_filter("duration")
def duration(seconds: int | None) -> str:
    """Seconds as "m:ss" ("1:05:00" past an hour); "–" when there is none."""
    if seconds is None:
        return "–"
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


@bp.app_template_filter("percent")
def percent(share: float | None) -> str:
    """A share 0..1 as "85,0%"; "–" when nothing was measured."""
    return "–" if share is None else f"{share * 100:.1f}%".replace(".", ",")


def _query(**changes) -> str:
    """The page's own query string (with ``changes``), for its download links."""
    args = {**request.args.to_dict(), **changes}
    return urlencode({k: v for k, v in args.items() if v})


@bp.get("/admin/reports")
@_refused("admin/service_report.html", "admin.service_report_page")
def service_report_page():
    office = _reader_office()
    report = _service_report(office, with_choices=True)
    query = _query(office="")
    return render_template(
        "admin/service_report.html", report=report, error=None, args=request.args,
        steps=STEPS, charts=charts.service_charts(report),
        zone=clock.zone_abbreviation(report.timezone),
        exports={ext: f"/api/v1/offices/{report.office_code}/reports/service.{ext}?{query}"
                 for ext in ("csv", "xlsx")})


def _trend(office: str) -> sr.Trend:
    return sr.trend(boundary.db(), office, _filter(), request.args.get("by"),
                    reader=who.current_actor(), with_choices=True)


@bp.get("/admin/reports/trend")
@_refused("admin/trend.html", "admin.trend_page")
def trend_page():
    trend = _trend(_reader_office())
    query = _query()
    return render_template(
        "admin/trend.html", trend=trend, report=trend, error=None, args=request.args,
        charts=charts.trend_charts(trend), zone=clock.zone_abbreviation(trend.timezone),
        exports={ext: url_for(f"admin.trend_{ext}") + f"?{query}" for ext in ("csv", "xlsx")})


@bp.get("/admin/reports/trend.csv")
@_refused("admin/trend.html", "admin.trend_page")
def trend_csv():
    return _trend_file("csv")


@bp.get("/admin/reports/trend.xlsx")
@_refused("admin/trend.html", "admin.trend_page")
def trend_xlsx():
    return _trend_file("xlsx")


def _trend_file(ext: str) -> Response:
    trend = _trend(_reader_office())
    name = exports.filename("tren", trend.office_code, trend.date_from, trend.date_to,
                                  ext, trend.by)
    return _download(exports.trend_document(trend), name, ext)


@bp.get("/admin/ikm.csv", defaults={"ext": "csv"})
@bp.get("/admin/ikm.xlsx", defaults={"ext": "xlsx"})
@_refused("admin/ikm.html", "admin.ikm_page")
def ikm_file(ext: str):
    """The IKM report with its breakdowns, as a file."""
    report = ikm_report.ikm_report(boundary.db(), _reader_office(), ikm_filter(), breakdowns=True)
    name = exports.filename("ikm", report.office_code, report.date_from, report.date_to,
                                  ext)
    return _download(exports.ikm_document(report), name, ext)



@bp.get("/admin/recap.xlsx")
@_refused("admin/recap.html", "admin.recap_page")
def recap_xlsx():
    """The daily recap as XLSX, with the office and the day in the file (the CSV stays the
    flat list it always was)."""
    recap = ikm_report.daily_recap(boundary.db(), _reader_office(),
                                ikm_report.parse_date(request.args.get("date"), "date"))
    name = exports.filename("rekap-skm", recap.office_code, recap.day, recap.day, "xlsx")
    return _download(exports.recap_document(recap), name, "xlsx")
