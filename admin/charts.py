"""Charts for the report pages, drawn on the server as inline SVG.

No script and no outside asset: a page with its charts prints as it is shown, on an office
LAN without internet. Every chart must read on a grey-scale printout, so colour never carries
meaning alone: bars carry their values as text, "over the standard" is hatched, grade bands are
lettered, and each chart has a title and a description for a screen reader.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from antrian.shared.satisfaction.ikm import BANDS

WIDTH, HEIGHT = 760, 300
LEFT, RIGHT, TOP, BOTTOM = 56, 24, 40, 58
INK, MUTED, GRID = "#1b1f24", "#4a5561", "#c9d1d9"
SOLID = "#1f4e79"  # dark: prints as a dark grey
HATCH = "#7a1020"
FONT = "font-family:system-ui,'DejaVu Sans',Arial,sans-serif"


def _number(value: float, places: int = 0) -> str:
    """Indonesian notation: 1.234 and 87,50."""
    text = f"{value:,.{places}f}"
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")


def _nice_max(value: float) -> float:
    """A round axis maximum at or above ``value`` (1, 2, 5 times a power of ten)."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 5, 10) if step * power >= value)


def _svg(chart_id: str, title: str, description: str, body: list[str],
         height: int = HEIGHT) -> Markup:
    hatch = (f'<pattern id="{chart_id}-hatch" width="7" height="7" '
             'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
             '<rect width="7" height="7" fill="#fff"/>'
             f'<line x1="0" y1="0" x2="0" y2="7" stroke="{HATCH}" stroke-width="3"/></pattern>')
    return Markup(
        f'<svg class="chart" id="{chart_id}" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" style="{FONT}">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>'
        f'<defs>{hatch}</defs>'
        f'<rect width="{WIDTH}" height="{height}" fill="#fff"/>'
        f'<text x="{LEFT}" y="22" font-size="15" font-weight="700" fill="{INK}">'
        f'{escape(title)}</text>'
        + "".join(body) + "</svg>"
    )


def _text(x: float, y: float, text: str, size: int = 12, anchor: str = "middle",
          weight: str = "400", fill: str = INK, extra: str = "") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
            f'font-weight="{weight}" fill="{fill}"{extra}>{escape(text)}</text>')


def _y_axis(top: float, bottom: float, maximum: float, unit: str = "") -> list[str]:
    out = []
    for i in range(5):
        value = maximum * i / 4
        y = bottom - (bottom - top) * i / 4
        out.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" '
                   f'stroke="{GRID}" stroke-width="1"/>')
        out.append(_text(LEFT - 6, y + 4, _number(value, 0 if maximum >= 4 else 1) + unit,
                         11, "end", fill=MUTED))
    return out


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    over: bool = False  # drawn hatched: beyond the standard


def bar_chart(chart_id: str, title: str, description: str, bars: Sequence[Bar],
              x_title: str, legend: Sequence[tuple[str, bool]] = (),
              marker: tuple[int, str] | None = None, peak: bool = False) -> Markup:
    """Vertical bars with their values written on them.

    ``marker`` draws a dashed line before the bar of that index with a label (the standard);
    ``peak`` names the highest bar.
    """
    # a legend or a standard's label takes a line of its own above the bars
    top, bottom = TOP + (40 if legend or marker else 22), HEIGHT - BOTTOM
    maximum = _nice_max(max((b.value for b in bars), default=0))
    body = _y_axis(top, bottom, maximum)
    slot = (WIDTH - LEFT - RIGHT) / max(len(bars), 1)
    width = slot * 0.72
    highest = max((b.value for b in bars), default=0)
    every = max(1, math.ceil(len(bars) / 16))  # at most 16 axis labels
    for i, bar in enumerate(bars):
        x = LEFT + slot * i + (slot - width) / 2
        h = (bottom - top) * bar.value / maximum
        fill = f"url(#{chart_id}-hatch)" if bar.over else SOLID
        body.append(f'<rect x="{x:.1f}" y="{bottom - h:.1f}" width="{width:.1f}" '
                    f'height="{h:.1f}" fill="{fill}" stroke="{INK}" stroke-width="1">'
                    f'<title>{escape(bar.label)}: {_number(bar.value)}</title></rect>')
        if bar.value:
            body.append(_text(x + width / 2, bottom - h - 5, _number(bar.value), 12,
                              weight="700"))
        if i % every == 0:
            body.append(_text(x + width / 2, bottom + 16, bar.label, 11))
        if peak and highest and bar.value == highest:
            body.append(_text(x + width / 2, bottom + 30, "▲ puncak / peak", 10,
                              weight="700"))
    if marker is not None:
        index, label = marker
        x = LEFT + slot * index
        body.append(f'<line x1="{x:.1f}" y1="{top - 14}" x2="{x:.1f}" y2="{bottom}" '
                    f'stroke="{INK}" stroke-width="2" stroke-dasharray="6 4"/>')
        body.append(_text(x + 4, top - 8, label, 12, "start", "700"))
    body.append(_text((LEFT + WIDTH - RIGHT) / 2, HEIGHT - 8, x_title, 12, fill=MUTED))
    body.extend(_legend(chart_id, legend))
    return _svg(chart_id, title, description, body)


def _legend(chart_id: str, items: Sequence[tuple[str, bool]]) -> list[str]:
    """Swatches under the title, at the right: solid, or hatched for "over"."""
    out, x = [], WIDTH - RIGHT
    for label, hatched in reversed(items):
        x -= 14 + 7 * len(label)
        fill = f"url(#{chart_id}-hatch)" if hatched else SOLID
        out.append(f'<rect x="{x:.1f}" y="30" width="14" height="14" fill="{fill}" '
                   f'stroke="{INK}"/>')
        out.append(_text(x + 19, 42, label, 12, "start"))
        x -= 12
    return out


def visitors_per_hour(chart_id: str, hourly: Sequence[int]) -> Markup:
    """Walk-in visitors per hour of the day; office hours always shown, the peak named."""
    used = [h for h, n in enumerate(hourly) if n]
    first = min([7, *used])
    last = max([16, *used])
    bars = [Bar(f"{h:02d}", hourly[h]) for h in range(first, last + 1)]
    peak = max(hourly) if any(hourly) else 0
    peak_hours = ", ".join(f"{h:02d}.00" for h, n in enumerate(hourly) if n == peak and peak)
    return bar_chart(
        chart_id, "Pengunjung per jam / Visitors per hour of day",
        f"Tiket kios, resepsionis dan kompensasi per jam mulai. Puncak: {peak_hours or '-'} "
        f"({peak} pengunjung).", bars, "Jam (waktu setempat) / Hour of day (local time)",
        peak=True)


def wait_distribution(chart_id: str, bins, standard_s: int | None) -> Markup:
    """How long visitors waited, in bins up to and beyond the standard (hatched beyond)."""
    bars = [Bar(b.label, b.count, over=not b.within) for b in bins]
    within = sum(b.count for b in bins if b.within)
    total = sum(b.count for b in bins)
    if standard_s:
        x_title = "Menit menunggu / Minutes waited"
        places = 0 if standard_s % 60 == 0 else 1
        mark = f"Standar / Standard {_number(standard_s / 60, places)} mnt"
    else:
        x_title = "Lama menunggu, kelipatan standar layanannya / Wait as a multiple of its standard"
        mark = "Standar / Standard"
    within_count = sum(1 for b in bins if b.within)
    return bar_chart(
        chart_id, "Sebaran waktu tunggu / Waiting time distribution",
        f"{within} dari {total} pengunjung dipanggil dalam standar waktu tunggu.",
        bars, x_title,
        legend=[("Dalam standar / Within", False), ("Melebihi / Over", True)],
        marker=(within_count, mark))


def step_compliance(chart_id: str, steps: Sequence[tuple[str, str, int, int]]) -> Markup:
    """Per SOP step: the share within standard as a bar, with "85,0% (17/20)" beside it."""
    row_height, label_width = 38, 230
    height = TOP + 20 + row_height * len(steps) + 20
    track = WIDTH - RIGHT - LEFT - label_width - 110
    body = []
    for i, (name_id, name_en, within, measured) in enumerate(steps):
        y = TOP + 20 + row_height * i
        x0 = LEFT + label_width
        body.append(_text(x0 - 10, y + 13, name_id, 12, "end", "700"))
        body.append(_text(x0 - 10, y + 27, name_en, 10, "end", fill=MUTED))
        if not measured:
            body.append(f'<rect x="{x0}" y="{y + 4}" width="{track}" height="20" fill="#fff" '
                        f'stroke="{GRID}" stroke-dasharray="4 3"/>')
            body.append(_text(x0 + 8, y + 18, "tidak terukur / not measured", 11, "start",
                              fill=MUTED))
            continue
        filled = track * within / measured
        body.append(f'<rect x="{x0}" y="{y + 4}" width="{track}" height="20" '
                    f'fill="url(#{chart_id}-hatch)" stroke="{INK}"/>')
        body.append(f'<rect x="{x0}" y="{y + 4}" width="{filled:.1f}" height="20" '
                    f'fill="{SOLID}" stroke="{INK}"/>')
        body.append(_text(x0 + track + 8, y + 18,
                          f"{_number(100 * within / measured, 1)}% ({within}/{measured})",
                          12, "start", "700"))
    body.extend(_legend(chart_id, [("Sesuai / Within", False), ("Tidak / Not", True)]))
    return _svg(chart_id, "Kepatuhan per langkah SOP / Compliance per SOP step",
                "Bagian tiket yang memenuhi standar waktu pada tiap langkah yang terukur.",
                body, height)


def ikm_trend(chart_id: str, points: Sequence[tuple[str, float | None]]) -> Markup:
    """The IKM per period on its grade bands A-D, each band lettered, each point labelled."""
    top, bottom = TOP + 22, HEIGHT - BOTTOM
    right = WIDTH - RIGHT - 92  # room for the band letters
    values = [v for _, v in points if v is not None]
    low = 25 if values and min(values) < 50 else 50
    body = []

    def y_of(value: float) -> float:
        return bottom - (bottom - top) * (value - low) / (100 - low)

    shades = {"A": "#dde7f1", "B": "#eef2f6", "C": "#f6efe6", "D": "#f3e3e3"}
    for band in BANDS:
        upper = min(float(band.upper) + (0.01 if band.grade != "A" else 0), 100)
        lower = max(float(band.lower), low)
        if upper <= low:
            continue
        y1, y2 = y_of(upper), y_of(lower)
        body.append(f'<rect x="{LEFT}" y="{y1:.1f}" width="{right - LEFT}" '
                    f'height="{y2 - y1:.1f}" fill="{shades[band.grade]}" stroke="{MUTED}" '
                    f'stroke-dasharray="3 3" stroke-width="0.8"/>')
        cut = lower != float(band.lower)  # the D band below the axis' floor
        span = f"< {_number(float(band.upper) + 0.01, 2)}" if cut else band.range_id
        body.append(_text(right + 6, (y1 + y2) / 2 + 4, f"{band.grade} {span}", 11, "start",
                          "700"))
    for value in range(low, 101, 25 if low == 25 else 10):
        body.append(_text(LEFT - 6, y_of(value) + 4, str(value), 11, "end", fill=MUTED))
    slot = (right - LEFT) / max(len(points), 1)
    every = max(1, math.ceil(len(points) / 14))
    line, marks = [], []
    for i, (label, value) in enumerate(points):
        x = LEFT + slot * (i + 0.5)
        if i % every == 0:
            body.append(_text(x, bottom + 16, label, 11))
        if value is None:
            body.append(_text(x, bottom - 6, "–", 12, fill=MUTED))
            continue
        y = y_of(value)
        line.append(f"{x:.1f},{y:.1f}")
        marks.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{INK}">'
                     f'<title>{escape(label)}: {_number(value, 2)}</title></circle>')
        marks.append(_text(x, y - 10, _number(value, 2), 12, weight="700"))
    if len(line) > 1:
        body.append(f'<polyline points="{" ".join(line)}" fill="none" stroke="{INK}" '
                    'stroke-width="2"/>')
    body.extend(marks)
    body.append(_text((LEFT + right) / 2, HEIGHT - 8,
                      "IKM (nilai konversi, 25–100) dengan mutu pelayanan A–D / "
                      "IKM with its grade bands", 12, fill=MUTED))
    return _svg(chart_id, "IKM per periode / IKM by period",
                "Nilai IKM tiap periode di atas pita mutu A, B, C dan D PermenPANRB 14/2017.",
                body)


# ---------------------------------------------------------------- a report's charts


def service_charts(report) -> dict[str, Markup]:
    """The charts of a :class:`shared.reports.service_report.ServiceReport`."""
    from antrian.shared.reports.steps import STEPS

    steps = [(s.name_id, s.name_en, *report.total.steps[s.key]) for s in STEPS]
    return {
        "hours": visitors_per_hour("chart-hours", report.hourly),
        "waits": wait_distribution("chart-waits", report.wait_bins, report.wait_standard_s),
        "steps": step_compliance("chart-steps", steps),
    }


def _short(key: str, label: str, by: str) -> str:
    """An axis label: "02-11" for a day, "W44" for a week, "Nov 2026" for a month."""
    if by == "day":
        return f"{key[8:10]}-{key[5:7]}"
    return key[5:] if by == "week" else label


def trend_charts(trend) -> dict[str, Markup]:
    """The charts of a :class:`shared.reports.service_report.Trend`."""
    points = [(_short(p.key, p.label, trend.by), p) for p in trend.points]
    return {
        "ikm": ikm_trend("chart-ikm", [(label, p.ikm.ikm if p.ikm else None)
                                       for label, p in points]),
        "visitors": bar_chart(
            "chart-tickets", "Tiket per periode / Tickets per period",
            "Jumlah tiket yang diterbitkan pada tiap periode.",
            [Bar(label, p.figures.issued if p.figures else 0) for label, p in points],
            "Periode / Period"),
    }
