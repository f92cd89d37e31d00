"""The supervisor's live view (`/admin/live`) as plain values: the office's open counters and
who sits there, the longest waits, services past their standard, escalations and call-backs,
online requests near their due time, and today's breaches, each with its age against its
standard. For coordinator, head and administrator: it names staff members."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select

from antrian.shared.auth.actors import Actor, require
from antrian.shared.core import clock
from antrian.shared.core.db import Database
from antrian.shared.models import Counter, Service, User
from antrian.shared.office.directory import office_by_code
from antrian.shared.office.standards import ONLINE_DAYS
from antrian.shared.supervision import breaches
from antrian.shared.supervision.running import Running, running_steps
from antrian.shared.tickets import states as st

LONGEST_WAITS = 10
# Steps at a counter or the front desk, shown once they are past their standard.
SERVICE_STEPS = ("call", "service", "answer", "phone_answer")
NEAR_DUE = 0.5  # an online request is near its due time once half its working time is gone
LATEST_BREACHES = 50


def _item(r: Running, prefixes: dict[int, str], counters: dict[int, Counter],
          staff: dict[int, str]) -> dict[str, Any]:
    counter = counters.get(r.counter_id) if r.counter_id and r.step != "wait" else None
    return {
        "ticket": r.ticket_id, "code": r.code, "service": prefixes.get(r.service_id, ""),
        "channel": r.channel, "status": r.status,
        "status_label": st.STATUS_LABELS.get(r.status, r.status),
        "step": r.step, "step_label": breaches.step_label(r.step), "priority": r.priority,
        "started_at": r.started_at.isoformat(), "elapsed_s": r.elapsed_s,
        "standard_s": r.standard_s, "over": r.over,
        # Online requests age in working seconds: the page does not tick them by the clock.
        "ticks": r.step != ONLINE_DAYS,
        "counter": counter.name if counter else None,
        "staff": staff.get(r.staff_id) if r.staff_id and r.step != "wait" else None,
    }


def live_view(db: Database, office_code: str, actor: Actor | None,
              now: datetime | None = None) -> dict[str, Any]:
    now = now or clock.now()
    with db.read() as session:
        office = office_by_code(session, office_code)
        require(actor, "supervise", office.id)
        today = clock.today(office.timezone)
        found = running_steps(session, now, office_id=office.id, day=today)
        counters = {c.id: c for c in session.scalars(
            select(Counter).where(Counter.office_id == office.id).order_by(Counter.number))}
        staff_ids = {c.staff_id for c in counters.values() if c.staff_id} | {
            r.staff_id for r in found if r.staff_id}
        staff = dict(session.execute(select(User.id, User.display_name)
                                     .where(User.id.in_(staff_ids))).all()) if staff_ids else {}
        prefixes = dict(session.execute(select(Service.id, Service.prefix)
                                        .where(Service.office_id == office.id)).all())

        def item(r: Running) -> dict[str, Any]:
            return _item(r, prefixes, counters, staff)

        at_counter = {r.counter_id: r for r in found
                      if r.step in ("call", "service") and r.status in st.ACTIVE_AT_COUNTER}
        open_counters = [{
            "number": c.number, "name": c.name, "kind": c.kind,
            "staff": staff.get(c.staff_id) if c.staff_id else None,
            "current": item(at_counter[c.id]) if c.id in at_counter else None,
        } for c in counters.values() if c.is_open]
        by_age = sorted(found, key=lambda r: r.elapsed_s - r.standard_s, reverse=True)
        online = [r for r in found if r.step == ONLINE_DAYS
                  and r.elapsed_s >= NEAR_DUE * r.standard_s]
        latest = breaches.list_breaches(db, office.code, actor, today, today,
                                        limit=LATEST_BREACHES)["breaches"]
        return {
            "office": {"code": office.code, "name": office.name, "timezone": office.timezone,
                       "zone": clock.zone_abbreviation(office.timezone)},
            "now": now.isoformat(),
            "service_day": today.isoformat(),
            "counters": open_counters,
            "waits": sorted((item(r) for r in found if r.step == "wait"),
                            key=lambda i: -i["elapsed_s"])[:LONGEST_WAITS],
            "waiting": sum(r.step == "wait" for r in found),
            "overdue": [item(r) for r in by_age if r.step in SERVICE_STEPS and r.over],
            "escalations": [item(r) for r in by_age if r.step in ("back_office", "main_unit")],
            "callbacks": [item(r) for r in by_age if r.step == "callback"],
            "online": [item(r) for r in sorted(online, key=lambda r: r.elapsed_s - r.standard_s,
                                               reverse=True)],
            "breaches": latest,
        }
