"""Board pages: the lobby board, its files (logo, clips), and the diagnostic event log."""

from __future__ import annotations

from pathlib import Path

from flask import abort, current_app, render_template, request, send_from_directory, url_for

from display import assets, bp
from shared import board, display_board, web
from shared.errors import NotFound


def _instance() -> Path:
    return Path(current_app.instance_path)


@bp.get("/display/<office>")
def board_page(office: str):
    """The lobby TV: latest call, counters, recent calls, waiting counts; spoken calls."""
    try:
        page = display_board.board_page(web.db(), office, request.args.get("profile") or None)
    except NotFound as exc:
        return render_template("display/not_found.html", message=exc.message), 404
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
def announcement(office: str):
    """The words of a call the board learnt of from a snapshot (it was away): JSON."""
    counter = web.whole_number(request.args.get("counter"), "counter", maximum=999_999)
    if counter is None:
        return web.error_response(
            "invalid_input", "Nomor loket harus angka / counter must be a number", 400, "counter")
    return display_board.announcement_for_recent(
        web.db(), office, request.args.get("code", ""), counter)


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
    snapshot = board.office_snapshot(web.db(), office)
    return render_template("display/event_log.html", office=snapshot["office"])
