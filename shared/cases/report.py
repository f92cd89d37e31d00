"""The report of sanctions-and-compensation cases (SOP 004): per month, per staff member and
by outcome, for coordinator, head and admin."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from antrian.shared.auth.actors import Actor, require
from antrian.shared.cases.rules import COMPENSATION_LABELS, STATUS_LABELS
from antrian.shared.core import clock
from antrian.shared.core.db import Database
from antrian.shared.core.errors import InvalidInput
from antrian.shared.models import Case, CaseEvent, User
from antrian.shared.office.directory import office_by_code


def case_report(db: Database, office_code: str, actor: Actor | None, year: int | None) -> dict:
    """Cases of one year (by the office-local month they opened): per month, per staff
    member, and by outcome (the compensation given, or where the case still stands)."""
    with db.read() as session:
        office = office_by_code(session, office_code)
        require(actor, "view_cases", office.id)
        tz = clock.zone(office.timezone)
        year = year or clock.today(office.timezone).year
        if not 2000 <= year <= 2100:
            raise InvalidInput("Tahun di luar jangkauan. / Year out of range.", field="year")
        start, _ = clock.day_bounds(date(year, 1, 1), office.timezone)
        _, end = clock.day_bounds(date(year, 12, 31), office.timezone)
        rows = session.execute(
            select(Case, User).outerjoin(User, User.id == Case.staff_id)
            .where(Case.office_id == office.id, Case.opened_at >= start, Case.opened_at < end)
        ).all()
        now = clock.now()
        months = [{"month": m, "opened": 0, "closed": 0, "late": 0, "open": 0}
                  for m in range(1, 13)]
        staff: dict[str, dict] = {}
        outcomes: dict[str, int] = {}
        for case, user in rows:
            month = months[case.opened_at.astimezone(tz).month - 1]
            month["opened"] += 1
            late = (case.closed_at or now) > case.due_at
            month["closed" if case.status == "closed" else "open"] += 1
            month["late"] += late
            key = user.username if user else "-"
            row = staff.setdefault(key, {"username": key,
                                         "display_name": user.display_name if user else "-",
                                         "cases": 0, "decrees": 0, "returned": 0,
                                         "closed": 0})
            row["cases"] += 1
            row["decrees"] += case.decree_number is not None
            row["closed"] += case.status == "closed"
            outcome = case.compensation if case.compensated_at else case.status
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
        returned = session.execute(
            select(CaseEvent.case_id).where(CaseEvent.office_id == office.id,
                                            CaseEvent.kind == "returned")).scalars().all()
        by_id = {case.id: (user.username if user else "-") for case, user in rows}
        for case_id in returned:
            if case_id in by_id:
                staff[by_id[case_id]]["returned"] += 1
        labels = {**{k: v for k, v in COMPENSATION_LABELS.items()}, **STATUS_LABELS}
        return {
            "office": office.code, "office_name": office.name, "year": year,
            "total": len(rows), "months": months,
            "staff": sorted(staff.values(), key=lambda r: (-r["cases"], r["username"])),
            "outcomes": [{"outcome": k, "label": labels.get(k, (k, k)), "count": v}
                         for k, v in sorted(outcomes.items(), key=lambda kv: -kv[1])],
        }
