"""Reports as files a head can archive or open in a spreadsheet: CSV and XLSX.

Every file starts with what it is: the report, the office, its time zone, the period, the
filters and when it was made; then one or more tables. The two formats hold the same cells:
a figure in the XLSX is the number the API returns (seconds as whole numbers, shares as
fractions 0..1 shown as percentages), never a rounded copy of it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from antrian.shared.core import clock
from antrian.shared.reports.steps import STEPS
from antrian.shared.satisfaction.ikm import BANDS
from antrian.shared.satisfaction.instrument import ELEMENTS

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Cell formats by kind: whole counts, seconds, shares (fractions shown as %), scores.
FORMATS = {"int": "0", "seconds": "0", "share": "0.0%", "score": "0.000", "ikm": "0.00",
           "text": "@"}


@dataclass(frozen=True)
class Column:
    label: str  # "Indonesian / English"
    kind: str  # a key of FORMATS
    value: Callable[[dict], Any]  # reads the cell from a row's JSON


@dataclass(frozen=True)
class Table:
    title: str
    columns: Sequence[Column]
    rows: Sequence[dict]

    def cells(self) -> list[list[Any]]:
        return [[c.value(row) for c in self.columns] for row in self.rows]


@dataclass(frozen=True)
class Document:
    title: str
    meta: Sequence[tuple[str, str]]
    tables: Sequence[Table]


def header(title: str, office_name: str, office_code: str, tz_name: str, first: date,
           last: date, filters: dict[str, Any], **more: str) -> tuple[str, list[tuple]]:
    """The opening rows every export carries: report, office, zone, period, filters, time."""
    given = "; ".join(f"{k}={v}" for k, v in filters.items() if v not in (None, ""))
    meta = [
        ("Laporan / Report", title),
        ("Kantor / Office", f"{office_name} ({office_code})"),
        ("Zona waktu / Time zone", f"{tz_name} ({clock.zone_abbreviation(tz_name)})"),
        ("Periode / Period", f"{first.isoformat()} s.d./to {last.isoformat()}"),
        ("Filter", given or "semua / all"),
        *more.items(),
        ("Dibuat / Generated",
         clock.now().astimezone(clock.zone(tz_name)).strftime("%Y-%m-%d %H:%M")),
    ]
    return title, meta


# ---------------------------------------------------------------- writers


def _csv_cell(value: Any) -> str:
    """A CSV cell a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    risky = text[:1] in ("=", "+", "-", "@", "\t", "\r") and text != "-"
    return "'" + text if risky else text


def to_csv(doc: Document) -> str:
    """The document as CSV with a BOM, so Excel reads the UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for label, value in doc.meta:
        writer.writerow([label, _csv_cell(value)])
    for table in doc.tables:
        writer.writerow([])
        writer.writerow([table.title])
        writer.writerow([c.label for c in table.columns])
        for cells in table.cells():
            writer.writerow([_csv_cell(v) for v in cells])
    return "\ufeff" + buffer.getvalue()


def to_xlsx(doc: Document) -> bytes:
    """The document as one XLSX sheet, laid out like the CSV."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Laporan"
    bold = Font(bold=True)
    sheet.append([doc.title])
    sheet.cell(row=1, column=1).font = Font(bold=True, size=14)
    for label, value in doc.meta:
        sheet.append([label, value])
        sheet.cell(row=sheet.max_row, column=1).font = bold
        sheet.cell(row=sheet.max_row, column=2).data_type = "s"
    for table in doc.tables:
        sheet.append([])
        sheet.append([table.title])
        sheet.cell(row=sheet.max_row, column=1).font = Font(bold=True, size=12)
        sheet.append([c.label for c in table.columns])
        for cell in sheet[sheet.max_row]:
            cell.font = bold
        for cells in table.cells():
            sheet.append(cells)
            for index, column in enumerate(table.columns, start=1):
                cell = sheet.cell(row=sheet.max_row, column=index)
                cell.number_format = FORMATS[column.kind]
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # never a formula, whatever the text starts with
    widest = max((len(t.columns) for t in doc.tables), default=2)
    for index in range(1, max(widest, 2) + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 24 if index <= 2 else 14
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# ---------------------------------------------------------------- the reports' tables


def _get(*path: str) -> Callable[[dict], Any]:
    def read(row: dict) -> Any:
        for key in path:
            row = row[key]
        return row
    return read


SERVICE_COLUMNS: tuple[Column, ...] = (
    Column("Kelompok / Group", "text", _get("key")),
    Column("Nama / Name", "text", _get("label")),
    Column("Diterbitkan / Issued", "int", _get("issued")),
    Column("Selesai / Served", "int", _get("served")),
    Column("Tidak hadir / No-show", "int", _get("no_show")),
    Column("Batal / Cancelled", "int", _get("cancelled")),
    Column("Tunggu median / Wait p50 (s)", "seconds", _get("wait_p50_s")),
    Column("Tunggu p90 / Wait p90 (s)", "seconds", _get("wait_p90_s")),
    Column("Tunggu rata-rata / Wait mean (s)", "seconds", _get("wait_mean_s")),
    Column("Layanan median / Service p50 (s)", "seconds", _get("service_p50_s")),
    Column("Layanan p90 / Service p90 (s)", "seconds", _get("service_p90_s")),
    Column("Layanan rata-rata / Service mean (s)", "seconds", _get("service_mean_s")),
    *(Column(f"Sesuai standar: {s.name_id} / Within standard: {s.name_en}", "share",
             _get("within_standard", s.key)) for s in STEPS),
    *(Column(f"Terukur: {s.name_id} / Measured: {s.name_en}", "int", _get("measured", s.key))
      for s in STEPS),
    Column("Eskalasi / Escalations", "int", _get("escalations", "count")),
    Column("Eskalasi dijawab / Answered", "int", _get("escalations", "answered")),
    Column("Eskalasi lewat tenggat / Open overdue", "int",
           _get("escalations", "open_overdue")),
    Column("Jawab median / Answer p50 (s)", "seconds", _get("escalations", "answer_p50_s")),
    Column("Jawab p90 / Answer p90 (s)", "seconds", _get("escalations", "answer_p90_s")),
    Column("Jawab rata-rata / Answer mean (s)", "seconds",
           _get("escalations", "answer_mean_s")),
    Column("Tiket telepon balik / Call-back tickets", "int", _get("callbacks", "tickets")),
    Column("Upaya telepon balik / Call-back attempts", "int", _get("callbacks", "attempts")),
    Column("Tersambung / Reached", "int", _get("callbacks", "reached")),
)

GROUP_TITLES = {"service": "Per layanan / By service", "counter": "Per loket / By counter",
                "staff": "Per petugas / By staff member", "channel": "Per kanal / By channel",
                "day": "Per hari / By day", "hour": "Per jam / By hour of day"}


def service_document(report) -> Document:
    """A :class:`shared.reports.service_report.ServiceReport` as an export."""
    body = report.as_json()
    title, meta = header("Laporan layanan / Service report", report.office_name,
                         report.office_code, report.timezone, report.date_from,
                         report.date_to, report.filters,
                         **{"Dikelompokkan / Grouped by": report.group})
    return Document(title, meta, [
        Table(GROUP_TITLES[report.group], SERVICE_COLUMNS, body["groups"]),
        Table("Seluruh periode / Whole period", SERVICE_COLUMNS, [body["total"]]),
        Table("Cara mengukur langkah SOP / How each SOP step is measured", STEP_COLUMNS,
              body["steps"]),
    ])


STEP_COLUMNS = (
    Column("Langkah / Step", "text", _get("key")),
    Column("Nama / Name", "text", _get("name")),
    Column("SOP", "text", _get("sop")),
    Column("Standar / Standard", "text", _get("standard")),
    Column("Diukur dari / Measured by", "text", _get("measured_by")),
)


TREND_COLUMNS: tuple[Column, ...] = (
    Column("Titik tren / Trend point", "text", _get("period")),
    Column("Dari / From", "text", _get("from")),
    Column("Sampai / To", "text", _get("to")),
    *SERVICE_COLUMNS[2:12],
    *SERVICE_COLUMNS[12:12 + len(STEPS)],
    Column("Responden / Respondents", "int", _get("respondents")),
    Column("IKM", "ikm", _get("ikm")),
    Column("Mutu / Grade", "text", _get("grade")),
)


def trend_rows(trend) -> list[dict]:
    """A :class:`~shared.reports.service_report.Trend`'s points as rows (figures and IKM)."""
    ikm_points = trend.ikm_json()["points"]
    return [
        {**(p.figures.as_json() if p.figures else {}), **ikm}
        for p, ikm in zip(trend.points, ikm_points, strict=True)
    ]


def trend_document(trend) -> Document:
    title, meta = header(
        "Tren layanan dan IKM / Service and IKM trend",
        trend.office_name,
        trend.office_code,
        trend.timezone,
        trend.date_from,
        trend.date_to,
        trend.filters,
        **{"Per": trend.by, "Bobot IKM / IKM weight": trend.weight_setting},
    )
    return Document(title, meta, [Table("Tren / Trend", TREND_COLUMNS, trend_rows(trend))])


IKM_ELEMENT_COLUMNS = (
    Column("Unsur / Element", "text", _get("key")),
    Column("Nama / Name", "text", _get("name")),
    Column("NRR", "score", _get("nrr")),
    Column("NRR × bobot / weighted", "score", _get("weighted")),
)
IKM_SUMMARY_COLUMNS = (
    Column("Ukuran / Measure", "text", _get("name")),
    Column("Nilai / Value", "text", _get("value")),
)
IKM_GROUP_COLUMNS = (
    Column("Kelompok / Group", "text", _get("key")),
    Column("Nama / Name", "text", _get("name")),
    Column("Responden / Respondents", "int", _get("respondents")),
    Column("IKM", "ikm", _get("ikm")),
    Column("Mutu / Grade", "text", _get("grade")),
)


def ikm_document(report) -> Document:
    """A :class:`shared.satisfaction.ikm_report.IkmReport` (with its breakdowns) as an export."""
    body = report.as_json()
    result = report.result
    title, meta = header(
        "Indeks Kepuasan Masyarakat (IKM)",
        report.office_name,
        report.office_code,
        report.timezone,
        report.date_from,
        report.date_to,
        body["filters"],
        **{"Bobot / Weight": report.weight_setting},
    )
    summary = [
        {"name": "IKM", "value": body["ikm"]},
        {"name": "Mutu / Grade", "value": body["grade"]},
        {"name": "Kinerja / Performance", "value": body["label"]},
        {"name": "Indeks / Index (1-4)", "value": body["index"]},
        {"name": "Bobot / Weight", "value": body["weight"]},
        {"name": "Responden / Respondents", "value": body["respondents"]},
        {"name": "Populasi / Population", "value": body["population"]},
        {"name": "Sampel perlu / Sample needed", "value": body["sample_needed"]},
        {"name": "Mutu / Grades", "value": "; ".join(f"{b.grade} {b.range_id}" for b in BANDS)},
    ]
    elements = [
        {
            "key": e.key,
            "name": f"{e.name_id} / {e.name_en}",
            "nrr": result.elements[e.key] if result else None,
            "weighted": result.weighted[e.key] if result else None,
        }
        for e in ELEMENTS
    ]
    tables = [
        Table("Ringkasan / Summary", IKM_SUMMARY_COLUMNS, summary),
        Table("Nilai per unsur / Score per element", IKM_ELEMENT_COLUMNS, elements),
    ]
    for kind, title_text in (
        ("service", "Per layanan / By service"),
        ("counter", "Per loket / By counter"),
        ("staff", "Per petugas / By staff member"),
    ):
        rows = [
            {
                "key": g.key,
                "name": g.name,
                "respondents": g.result.respondents,
                "ikm": g.result.ikm,
                "grade": g.result.grade,
            }
            for g in report.breakdowns.get(kind, [])
        ]
        tables.append(Table(title_text, IKM_GROUP_COLUMNS, rows))
    return Document(title, meta, tables)


RECAP_COLUMNS = (
    Column("Waktu / Time", "text", _get("time")),
    Column("Tiket / Ticket", "text", _get("code")),
    Column("Layanan / Service", "text", _get("service")),
    Column("Loket / Counter", "text", _get("counter")),
    Column("Petugas / Staff", "text", _get("staff")),
    *(Column(f"{e.key.upper()} {e.name_id}", "int", _get(e.key)) for e in ELEMENTS),
    Column("Nilai rendah / Low scores", "text", _get("low")),
    Column("Responden / Respondent", "text", _get("profile")),
    Column("Saran / Comment", "text", _get("comment")),
    Column("Cara / Mode", "text", _get("mode")),
)


def recap_document(recap) -> Document:
    """The back office's daily recap (`ikm_report.Recap`) as an XLSX export: no
    name, phone or ID number, like its CSV."""
    title, meta = header(
        "Rekap harian SKM / Daily survey recap",
        recap.office_name,
        recap.office_code,
        recap.timezone,
        recap.day,
        recap.day,
        {},
    )
    rows = [
        {
            "time": r.submitted_at.strftime("%Y-%m-%d %H:%M"),
            "code": r.code,
            "service": r.service,
            "counter": r.counter,
            "staff": r.staff,
            **dict(zip((e.key for e in ELEMENTS), r.scores, strict=True)),
            "low": " ".join(r.low),
            "profile": r.profile,
            "comment": r.comment,
            "mode": r.mode,
        }
        for r in recap.rows
    ]
    return Document(title, meta, [Table("Tanggapan / Responses", RECAP_COLUMNS, rows)])


def filename(
    kind: str, office_code: str, first: date, last: date, ext: str, extra: str = ""
) -> str:
    stamp = first.isoformat() if first == last else f"{first.isoformat()}_{last.isoformat()}"
    return f"{kind}-{office_code}{'-' + extra if extra else ''}-{stamp}.{ext}"
