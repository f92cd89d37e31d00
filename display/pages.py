"""Board pages: the lobby board, its files (logo, clips), and the diagnostic event log."""

from __future__ import annotations

from pathlib import Path

from flask import abort, current_app, render_template, request, send_from_directory, url_for

from antrian.display import assets, board_view, bp
from antrian.shared.core.errors import InvalidInput
from antrian.shared.tickets import office_snapshot
from antrian.shared.web import boundary, refusal

# An unknown board's page says what to do about it.
refusal.explain(
    "display", 404, ("Layar tidak ditemukan", "Board not found"),
    ("Periksa alamat layar ini, atau minta administrator membuat profilnya dengan "
     "`antrian display-profile set`.",
     "Check this board's address, or ask the administrator to create its profile with "
     "`antrian display-profile set`."))


def _instance() -> Path:
    return Path(current_app.instance_path)


@bp.get("/display/<office>")
def board_page(office: str):
    """The lobby TV: latest call, counters, recent calls, waiting counts; spoken calls."""
    page = board_view.board_page(boundary.db(), office, request.args.get("profile") or None)
    has_logo = assets.logo_file(_instance(), office) is not None
    return render_template(
        "display/board.html", page=page, office=page["snapshot"]["office"],
        logo_url=url_for("display.logo", office=office) if has_logo else None,
    )


@bp.get("/display/<office>/logo")
def logo(office: str):
    path = assets.logo_file(_instance(), office)
    if path is None:
        abort(404)
    response = send_from_directory(path.parent, path.name, max_age=3600)
    return response


@bp.get("/display/<office>/announcement")
@refusal.json_view
def announcement(office: str):
    """The words of a call the board learnt of from a snapshot (it was away): JSON."""
    counter = boundary.whole_number(request.args.get("counter"), "counter", maximum=999_999)
    if counter is None:
        raise InvalidInput("Nomor loket harus angka / counter must be a number", field="counter")
    return board_view.announcement_for_recent(
        boundary.db(), office, request.args.get("code", ""), counter)


@bp.get("/display/sounds/<lang>/index.json")
def clip_index(lang: str):
    """Which recorded clips are installed for ``lang``: the board plays them when complete."""
    clips = assets.installed_clips(_instance(), lang)
    return {"lang": lang, "clips": {
        stem: url_for("display.clip", lang=lang, filename=name) for stem, name in clips.items()
    }}


@bp.get("/display/sounds/<lang>/<filename>")
def clip(lang: str, filename: str):
    if lang not in ("id", "en"):
        abort(404)
    return send_from_directory(assets.sounds_dir(_instance(), lang), filename, max_age=86400)


@bp.get("/display/<office>/events")
def event_log(office: str):
    """A live log of the office's hub events: proves a screen on this LAN receives them."""
    snapshot = office_snapshot.office_snapshot(boundary.db(), office)
    return render_template("display/event_log.html", office=snapshot["office"])
