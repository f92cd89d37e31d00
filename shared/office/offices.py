"""Offices and their settings: creating an office (an administrator of every office only),
editing its name, ticket texts and settings (the office's own administrator too).

Settings are validated against SETTING_RULES before anything is stored: an unknown call
policy or a ratio of zero is a clear error, never a silent default.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from antrian.shared.auth.actors import Actor, require
from antrian.shared.core.db import Database
from antrian.shared.core.errors import Conflict, Forbidden, InvalidInput, Unauthorized
from antrian.shared.models import Office, OfficeSettings
from antrian.shared.models.office import CALL_POLICIES
from antrian.shared.office import audit
from antrian.shared.office.directory import office_by_code
from antrian.shared.tickets.spoken_call import LANGUAGES, DigitMode

CODE_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,39}$")
MAX_NAME = 200
MAX_TICKET_TEXT = 500


def _choice(options) -> Callable[[Any], bool]:
    return lambda v: isinstance(v, str) and v in options


def _whole(low: int, high: int) -> Callable[[Any], bool]:
    return lambda v: isinstance(v, int) and not isinstance(v, bool) and low <= v <= high


#: setting -> (its check, what it must be in words).
SETTING_RULES: dict[str, tuple[Callable[[Any], bool], str]] = {
    "call_policy": (_choice(CALL_POLICIES), " / ".join(CALL_POLICIES)),
    "priority_ratio": (_whole(1, 20), "1-20"),
    "follow_service_order": (lambda v: isinstance(v, bool), "true / false"),
    "digit_mode": (_choice({m.value for m in DigitMode}), "digits / words"),
    "language": (_choice(LANGUAGES), " / ".join(LANGUAGES)),
    "recalls_before_no_show": (_whole(0, 10), "0-10"),
    "ikm_weight": (_choice({"exact", "rounded"}), "exact / rounded"),
    "retention_days": (_whole(30, 3650), "30-3650"),
    "survey_days": (_whole(1, 90), "1-90"),
    "kiosk_return_seconds": (_whole(5, 600), "5-600"),
}


def validated_settings(current: OfficeSettings, changes: dict[str, Any]) -> OfficeSettings:
    """The current settings with `changes` applied, or InvalidInput naming the first bad one."""
    if not isinstance(changes, dict):
        raise InvalidInput("'settings' harus objek. / 'settings' must be an object.",
                           field="settings")
    for key, value in changes.items():
        rule = SETTING_RULES.get(key)
        if rule is None:
            raise InvalidInput(f"Pengaturan tidak dikenal / unknown setting: {key}",
                               field=f"settings.{key}")
        check, allowed = rule
        if not check(value):
            raise InvalidInput(f"Pengaturan {key} tidak sah: {value!r}; pilih {allowed}. / "
                               f"Invalid {key}: {value!r}; use {allowed}.",
                               field=f"settings.{key}")
    return OfficeSettings(**{**current.to_json(), **changes})


def _text(value: Any, name: str, limit: int, *, required: bool = False) -> str:
    if not isinstance(value, str):
        raise InvalidInput(f"'{name}' harus teks. / '{name}' must be text.", field=name)
    value = value.strip()
    if (required and not value) or len(value) > limit:
        raise InvalidInput(f"'{name}' {1 if required else 0}-{limit} karakter. / "
                           f"'{name}' is {1 if required else 0}-{limit} characters.", field=name)
    return value


def _timezone(value: Any) -> str:
    if not isinstance(value, str) or value not in available_timezones():
        raise InvalidInput(f"Zona waktu tidak dikenal / unknown time zone: {value!r} "
                           "(mis. / e.g. Asia/Jakarta, Asia/Makassar, Asia/Jayapura)",
                           field="timezone")
    ZoneInfo(value)
    return value


def require_all_offices(actor: Actor | None) -> Actor:
    """Only an administrator of every office (role admin, no office) creates offices."""
    if actor is None:
        raise Unauthorized("Perlu login atau token. / Authentication required.")
    if not actor.may("administer") or actor.office_id is not None:
        raise Forbidden("Hanya administrator semua kantor yang dapat membuat kantor. / "
                        "Only an administrator of every office creates offices.")
    return actor


def require_permission(actor: Actor | None, permission: str) -> Actor:
    """The actor, once they hold `permission` somewhere (the office is checked later)."""
    if actor is None:
        raise Unauthorized("Perlu login atau token. / Authentication required.")
    if not actor.may(permission):
        raise Forbidden("Peran Anda tidak mengizinkan tindakan ini. / "
                        "Your role does not allow this action.")
    return actor


def administered_office(session: Session, office_code: str, actor: Actor | None) -> Office:
    """The office, once the actor may administer it (its own admin, or an all-offices one)."""
    office = office_by_code(session, office_code)
    require(actor, "administer", office.id)
    return office


def office_json(office: Office) -> dict[str, Any]:
    return {"code": office.code, "name": office.name, "timezone": office.timezone,
            "header": office.ticket_header, "footer": office.ticket_footer,
            "settings": office.settings.to_json()}


def has_logo(db: Database, office_code: str) -> bool:
    with db.read() as session:
        office = office_by_code(session, office_code)
        return session.scalar(select(Office.logo.is_not(None)).where(Office.id == office.id))


def create_office(db: Database, origin: audit.Origin, code: Any, name: Any,
                  timezone: Any = "Asia/Jakarta") -> dict[str, Any]:
    require_all_offices(origin.actor)
    if not isinstance(code, str) or not CODE_RE.fullmatch(code):
        raise InvalidInput("Kode kantor: 2-40 huruf kecil, angka atau '-'. / Office code: 2-40 "
                           "lowercase letters, digits or '-'.", field="code")
    name = _text(name, "name", MAX_NAME, required=True)
    timezone = _timezone(timezone)
    with db.write() as session:
        if session.scalar(select(Office.id).where(Office.code == code)):
            raise Conflict(f"Kantor {code} sudah ada. / Office {code} exists.",
                           code="office_exists")
        office = Office(code=code, name=name, timezone=timezone, ticket_header=name,
                        ticket_footer="", priority_prefix="P",
                        settings_json=OfficeSettings().to_json())
        session.add(office)
        try:
            session.flush()
        except IntegrityError:  # created by someone else a moment ago
            raise Conflict(f"Kantor {code} sudah ada. / Office {code} exists.",
                           code="office_exists") from None
        view = office_json(office)
        audit.record(session, origin, office.id, "office.create", code, None, view)
        return view


def list_offices(db: Database, actor: Actor | None) -> list[dict[str, Any]]:
    """The offices this actor administers: every one for an all-offices admin."""
    require_permission(actor, "administer")
    with db.read() as session:
        query = select(Office).order_by(Office.name)
        if actor.office_id is not None:
            query = query.where(Office.id == actor.office_id)
        return [office_json(o) for o in session.scalars(query)]


def get_office(db: Database, office_code: str, actor: Actor | None) -> dict[str, Any]:
    with db.read() as session:
        return office_json(administered_office(session, office_code, actor))


MAX_LOGO_BYTES = 200 * 1024
LOGO_SIGNATURES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")


def set_logo(db: Database, origin: audit.Origin, office_code: str,
             image: bytes | None) -> dict[str, Any]:
    """Store (or with None, remove) the logo printed at the top of the office's tickets."""
    require_permission(origin.actor, "administer")
    if image is not None:
        if not image.startswith(LOGO_SIGNATURES):
            raise InvalidInput("Logo harus berkas PNG atau JPEG. / The logo must be a PNG or "
                               "JPEG file.", field="logo")
        if len(image) > MAX_LOGO_BYTES:
            raise InvalidInput(f"Logo maks. {MAX_LOGO_BYTES // 1024} KB. / The logo is limited "
                               f"to {MAX_LOGO_BYTES // 1024} KB.", field="logo")
    with db.write() as session:
        office = administered_office(session, office_code, origin.actor)
        had = office.logo is not None
        office.logo = image
        audit.record(session, origin, office.id, "office.logo", office.code,
                     {"logo": had}, {"logo": image is not None,
                                     "bytes": len(image) if image else 0})
        return {"code": office.code, "logo": image is not None}


def logo_of(db: Database, office_code: str) -> bytes | None:
    with db.read() as session:
        return office_by_code(session, office_code).logo


OFFICE_FIELDS = {"name": ("name", MAX_NAME, True), "header": ("ticket_header", MAX_TICKET_TEXT,
                 False), "footer": ("ticket_footer", MAX_TICKET_TEXT, False)}


def update_office(db: Database, origin: audit.Origin, office_code: str,
                  changes: dict[str, Any]) -> dict[str, Any]:
    """Change the name, ticket header/footer and any settings; all or nothing."""
    require_permission(origin.actor, "administer")  # 401/403 before any 400
    unknown = set(changes) - {*OFFICE_FIELDS, "settings"}
    if unknown:
        raise InvalidInput(f"Kolom tidak dikenal / unknown field(s): {', '.join(sorted(unknown))}",
                           field=sorted(unknown)[0])
    with db.write() as session:
        office = administered_office(session, office_code, origin.actor)
        before = office_json(office)
        for key, (column, limit, required) in OFFICE_FIELDS.items():
            if key in changes:
                setattr(office, column, _text(changes[key], key, limit, required=required))
        if "settings" in changes:
            office.settings_json = validated_settings(office.settings,
                                                      changes["settings"]).to_json()
        after = office_json(office)
        old, new = audit.changed_fields(before, after)
        if new.pop("settings", None) is not None:
            old.pop("settings")
            old_s, new_s = audit.changed_fields(before["settings"], after["settings"])
            audit.record(session, origin, office.id, "settings.update", office.code, old_s, new_s)
        if new:
            audit.record(session, origin, office.id, "office.update", office.code, old, new)
        return after
