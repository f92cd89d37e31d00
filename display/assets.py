"""Files an office may drop into the instance folder for its boards: a logo and a clip set.

Nothing here is a business rule: it maps names to files, so it lives with the board's routes.

- ``instance/logo-<office>.png`` (or ``.svg``/``.jpg``/``.webp``), else ``instance/logo.png``
  and the same extensions: the logo in the board's header.
- ``instance/sounds/<lang>/<clip>.mp3|ogg|wav``: the office's recorded voice, one file per
  clip stem of :data:`shared.tickets.spoken_call.CLIP_VOCABULARY` (``docs/display.md`` lists them).
"""

from __future__ import annotations

import re
from pathlib import Path

LOGO_EXTENSIONS = (".png", ".svg", ".jpg", ".jpeg", ".webp")
CLIP_EXTENSIONS = (".mp3", ".ogg", ".wav")
_STEM_RE = re.compile(r"[a-z0-9][a-z0-9-]{0,80}")


def logo_file(instance: Path, office: str) -> Path | None:
    """The office's own logo if present, else the instance-wide one, else None."""
    for stem in (f"logo-{office}", "logo"):
        for ext in LOGO_EXTENSIONS:
            path = instance / f"{stem}{ext}"
            if path.is_file():
                return path
    return None


def sounds_dir(instance: Path, lang: str) -> Path:
    return instance / "sounds" / lang


def installed_clips(instance: Path, lang: str) -> dict[str, str]:
    """Clip stem -> file name for every usable clip file of ``lang`` (first extension wins)."""
    folder = sounds_dir(instance, lang)
    if lang not in ("id", "en") or not folder.is_dir():
        return {}
    found: dict[str, str] = {}
    for ext in CLIP_EXTENSIONS:
        for path in sorted(folder.glob(f"*{ext}")):
            if _STEM_RE.fullmatch(path.stem) and path.is_file():
                found.setdefault(path.stem, path.name)
    return found
