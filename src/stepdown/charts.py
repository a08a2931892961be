"""Small SVG charts shared by the web pages and the PDF report. Pure: no I/O, no clock.

Every chart is drawn in a 360-unit-wide view box, so on a 360 px phone screen one unit is one pixel
and the 11-unit labels stay readable; wider screens scale it up. Series differ by shape and dash as
well as colour. Each chart carries its own text alternative: an SVG <title>/<desc>, a one-sentence
summary and a table of the numbers (`Chart.headers`, `Chart.rows`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from html import escape
from typing import Any

from stepdown import formatting
from stepdown.domain.plan import Plan
from stepdown.taken import CENTS, Taken, taken_by_day

WIDTH = 360
LEFT, RIGHT, TOP, BOTTOM = 40, 12, 36, 26
FONT = 'font-family="system-ui, -apple-system, Segoe UI, Roboto, DejaVu Sans, sans-serif"'
INK, MUTED, GRID = "#1b1f24", "#4a5560", "#d5dbe1"
# Colours with >= 3:1 contrast on white (graphics), told apart by dash and marker too.
PALETTE = ("#0b5394", "#b34700", "#1d6b35", "#6a3d9a")
DASHES = ("", "6 4", "2 3", "8 3 2 3")
HOLD_FILL = "#fff1c9"
LABEL_HALF_WIDTH = 18  # half of "30 Nov" at 11 units


@dataclass(frozen=True)
class Chart:
    """An SVG chart with its text alternative."""

    title: str
    svg: str
    summary: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Series:
    """One line of a trend chart: (day, value) points; days without a value are simply missing."""

    label: str
    points: tuple[tuple[date, float], ...]


@dataclass(frozen=True)
class StepMark:
    """A vertical marker: the day a new step of the plan began."""

    day: date
    label: str


def step_marks(plan: Plan) -> tuple[StepMark, ...]:
    """A marker at the start of every step after the first, labelled with its daily amount."""
    return tuple(
        StepMark(
            step.start, f"{_fmt(step.daily_amount)} {step.unit}" + (" (hold)" if step.kind == "hold" else "")
        )
        for step in plan.steps[1:]
    )


def dose_chart(
    plan: Plan,
    actual: Mapping[date, Decimal] | Iterable[tuple[date, Decimal]] | Taken = (),
    *,
    today: date | None = None,
    original: Plan | None = None,
    height: int = 220,
) -> Chart:
    """The planned daily amount as steps, with the amounts actually taken as dots.

    actual: total amount taken per day (in the plan's unit), or a `Taken` whose older weeks are drawn
    as a line of weekly averages (one dot a day would make years of history heavy and unreadable).
    original: an earlier revision drawn dashed, so a hold or slow-down shows against what was first
    planned.
    """
    if isinstance(actual, Taken):
        taken = actual
    else:
        taken = taken_by_day(plan, dict(actual.items() if isinstance(actual, Mapping) else actual))
    unit = plan.unit
    logged = [taken.first, taken.last] if taken.first and taken.last else []
    first = min([plan.start, *logged] + ([original.start] if original else []))
    last_day = max([plan.end, *logged] + ([original.end] if original else []))
    x = _XScale(first, last_day + timedelta(days=1))
    top_value = max(
        [float(s.daily_amount) for s in plan.steps]
        + [float(v) for v in taken.days.values()]
        + [float(v) for _, v in taken.weeks]
        + ([float(s.daily_amount) for s in original.steps] if original else [])
        + [1.0]
    )
    y = _YScale(_nice_max(top_value), height)
    title = f"Planned and taken daily dose ({unit})"
    parts: list[str] = []
    parts += _grid(y, unit)
    for step in plan.steps:  # hold steps get a shaded band so they read as pauses
        if step.kind == "hold":
            width = x(step.end + timedelta(days=1)) - x(step.start)
            parts.append(
                _el("rect", x=x(step.start), y=TOP, width=width, height=y.bottom - TOP, fill=HOLD_FILL)
            )
    parts += _x_axis(x, y)
    if original is not None:
        parts.append(_step_path(original, x, y, color=MUTED, dash="5 4", width=1.5))
    parts.append(_step_path(plan, x, y, color=PALETTE[0], dash="", width=2.5))
    parts += _weekly_line(taken.weeks, x, y)
    for day, amount in sorted(taken.days.items()):
        cx = x(day) + x.day_width / 2
        tip = f"<title>{_day(day)}: {escape(_fmt(amount))} {escape(unit)} taken</title>"
        parts.append(
            _el(
                "circle",
                tip,
                cx=cx,
                cy=y(float(amount)),
                r=3.5,
                fill=PALETTE[1],
                stroke="#fff",
                stroke_width=1,
            )
        )
    if today is not None and first <= today <= last_day:
        parts += _today_marker(x, y, today)
    legend = [("Planned", PALETTE[0], "", "line")]
    if original is not None:
        legend.append(("First plan", MUTED, "5 4", "line"))
    legend.append(("Taken", PALETTE[1], "", "dot"))
    if taken.weeks:
        legend.append(("Weekly average", PALETTE[1], WEEKLY_DASH, "line"))
    if any(s.kind == "hold" for s in plan.steps):
        legend.append(("Hold", HOLD_FILL, "", "box"))
    parts += _legend(legend)

    rows = []
    for step, got in zip(plan.steps, taken.per_step, strict=True):
        avg = (got.total / got.days).quantize(CENTS) if got.days else None
        rows.append(
            (
                _day(step.start),
                str(step.days),
                f"{_fmt(step.daily_amount)} {unit}" + (" (hold)" if step.kind == "hold" else ""),
                f"{_fmt(avg)} {unit} over {formatting.days(got.days)}" if avg is not None else "-",
            )
        )
    above = sum(got.above for got in taken.per_step)
    holds = sum(1 for s in plan.steps if s.kind == "hold")
    summary = (
        f"Planned dose goes from {_fmt(plan.steps[0].daily_amount)} {unit} on {_day(plan.start)} "
        f"to {_fmt(plan.steps[-1].daily_amount)} {unit} by {_day(plan.end)}, "
        f"in {formatting.count(len(plan.steps), 'step', 'steps')}"
        + (f" including {formatting.count(holds, 'hold', 'holds')}" if holds else "")
        + f". {formatting.days(taken.logged)} logged"
        + (f", {above} above the plan." if above else ".")
    )
    if taken.weeks and taken.detail_from is not None:
        summary += (
            f" Before {_day(taken.detail_from)} the amounts taken are drawn as weekly averages"
            " (a line); from then, one dot a day."
        )
    headers = ("Step starts", "Days", "Planned per day", "Taken on average")
    return Chart(title, _svg(title, summary, parts, height), summary, headers, tuple(rows))


WEEKLY_DASH = "4 2"


def _weekly_line(weeks: Sequence[tuple[date, Decimal]], x: _XScale, y: _YScale) -> list[str]:
    """Weekly averages as a line through the middle of each week; a week alone as a dash across it."""
    parts = []
    for run in _runs([(w, float(v)) for w, v in weeks], 7):
        mid = [(x(w) + 3.5 * x.day_width, y(v)) for w, v in run]
        if len(mid) == 1:
            (w, _), = run
            mid = [(x(w), mid[0][1]), (x(w + timedelta(days=7)), mid[0][1])]
        coords = " ".join(f"{px:.1f},{py:.1f}" for px, py in mid)
        parts.append(
            f'<polyline points="{coords}" fill="none" stroke="{PALETTE[1]}" stroke-width="1.5"'
            f' stroke-dasharray="{WEEKLY_DASH}"/>'
        )
    return parts


def trend_chart(
    title: str,
    series: Sequence[Series],
    *,
    y_max: float,
    y_label: str,
    marks: Sequence[StepMark] = (),
    start: date | None = None,
    end: date | None = None,
    today: date | None = None,
    height: int = 200,
    markers: bool = True,
    gap_days: int = 1,
    row_label: str = "Day",  # the table's first column: "Day", or "Week of" for weekly points
) -> Chart:
    """Lines over time (symptom score, craving, sleep) with the plan's step changes marked.

    markers: a marker with a tooltip on every point (off for long weekly series: page weight).
    gap_days: points further apart than this are not joined (1 for daily, 7 for weekly points)."""
    fmt, day_text = _memo(_fmt), _memo(_day)  # a long history repeats the same values and days
    days = [d for s in series for d, _ in s.points]
    lo = min([*days, *([start] if start else [])], default=None)
    hi = max([*days, *([end] if end else [])], default=None)
    if lo is None or hi is None:
        summary = f"No data yet for {title.lower()}."
        empty = [_text(WIDTH / 2, height / 2, "No check-ins yet", size=13, fill=MUTED, anchor="middle")]
        return Chart(title, _svg(title, summary, empty, height), summary, (), ())
    x = _XScale(lo, hi + timedelta(days=1))
    top = max([y_max, *(v for s in series for _, v in s.points)])
    y = _YScale(_nice_max(top), height)
    parts = _grid(y, y_label)
    parts += _x_axis(x, y)
    for mark in marks:
        if lo <= mark.day <= hi:
            mx = x(mark.day)
            parts.append(
                f'<line x1="{mx:.1f}" x2="{mx:.1f}" y1="{TOP}" y2="{y.bottom:.1f}" stroke="{MUTED}"'
                f' stroke-width="1" stroke-dasharray="3 3"><title>New step: {escape(mark.label)} from'
                f" {day_text(mark.day)}</title></line>"
            )
    legend = []
    for i, s in enumerate(series):
        color, dash = PALETTE[i % len(PALETTE)], DASHES[i % len(DASHES)]
        pts = sorted(s.points)
        for run in _runs(pts, gap_days):  # a missed day breaks the line rather than inventing a value
            coords = " ".join(f"{x(d) + x.day_width / 2:.1f},{y(v):.1f}" for d, v in run)
            if len(run) > 1:
                dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
                parts.append(
                    f'<polyline points="{coords}" fill="none" stroke="{color}" stroke-width="2"{dash_attr}'
                    ' stroke-linejoin="round"/>'
                )
        for d, v in pts if markers else ():
            tip = f"{day_text(d)}: {s.label} {fmt(v)}"
            parts.append(_marker(i, x(d) + x.day_width / 2, y(v), color, tip))
        legend.append((s.label, color, dash, "line" if i == 0 or not markers else f"marker{i}"))
    if any(lo <= m.day <= hi for m in marks):
        legend.append(("New step", MUTED, "3 3", "vline"))
    if today is not None and lo <= today <= hi:
        parts += _today_marker(x, y, today)
    parts += _legend(legend)

    all_days = sorted(set(days))
    lookup = [dict(s.points) for s in series]
    rows = tuple(
        (day_text(d), *(fmt(values[d]) if d in values else "-" for values in lookup)) for d in all_days
    )
    pieces = []
    for s in series:
        if s.points:
            pts = sorted(s.points)
            if len(pts) == 1:
                pieces.append(f"{s.label}: {fmt(pts[0][1])} on {day_text(pts[0][0])}")
            else:
                (d0, v0), (d1, v1) = pts[0], pts[-1]
                top = fmt(max(v for _, v in pts))
                pieces.append(
                    f"{s.label}: {fmt(v0)} on {day_text(d0)}, {fmt(v1)} on {day_text(d1)} (highest {top})"
                )
    recorded = formatting.days(len(all_days)) if row_label == "Day" else formatting.count(
        len(all_days), "week", "weeks"
    )
    summary = f"{title}, {recorded} recorded. " + "; ".join(pieces) + "."
    shown = [m for m in marks if lo <= m.day <= hi]
    if shown:
        summary += f" {formatting.count(len(shown), 'step change', 'step changes')} marked."
    headers = (row_label, *(s.label for s in series))
    return Chart(title, _svg(title, summary, parts, height), summary, headers, rows)


# ---- drawing helpers -------------------------------------------------------------------------


class _XScale:
    def __init__(self, start: date, end_exclusive: date) -> None:
        self.start = start
        self.days = max(1, (end_exclusive - start).days)
        self.day_width = (WIDTH - LEFT - RIGHT) / self.days
        self.end = end_exclusive

    def __call__(self, day: date) -> float:
        return LEFT + (day - self.start).days * self.day_width


class _YScale:
    def __init__(self, top_value: float, height: int) -> None:
        self.top_value = top_value
        self.height = height
        self.bottom = height - BOTTOM

    def __call__(self, value: float) -> float:
        return self.bottom - (float(value) / self.top_value) * (self.bottom - TOP)


def _nice_max(value: float) -> float:
    for candidate in (1, 2, 4, 5, 8, 10, 12, 15, 16, 20, 25, 30, 40, 50, 60, 64, 80, 100, 120, 150, 200):
        if value <= candidate:
            return float(candidate)
    step = 10 ** (len(str(int(value))) - 1)
    return float(-(-value // step) * step)


def _grid(y: _YScale, label: str) -> list[str]:
    parts = []
    for i in range(5):
        value = y.top_value * i / 4
        yy = y(value)
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{yy:.1f}" y2="{yy:.1f}" stroke="{GRID}"/>')
        parts.append(
            f'<text x="{LEFT - 4}" y="{yy + 4:.1f}" text-anchor="end" font-size="11" fill="{MUTED}" {FONT}>'
            f"{_fmt(value)}</text>"
        )
    # Below the legend row (y 4-20), so a long unit never runs into it.
    parts.append(f'<text x="4" y="{TOP - 6}" font-size="11" fill="{MUTED}" {FONT}>{escape(label)}</text>')
    return parts


def _x_axis(x: _XScale, y: _YScale) -> list[str]:
    parts = [
        f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y.bottom:.1f}" y2="{y.bottom:.1f}" stroke="{INK}"/>'
    ]
    # About five labels whatever the span, so they never collide at 360 units.
    every = max(1, -(-x.days // 5))
    for i in range(0, x.days, every):
        day = x.start + timedelta(days=i)
        xx = x(day) + x.day_width / 2  # under the day's point, which sits mid-day
        parts.append(
            f'<line x1="{xx:.1f}" x2="{xx:.1f}" y1="{y.bottom:.1f}" y2="{y.bottom + 4:.1f}" stroke="{INK}"/>'
        )
        # Centred under its tick, but kept whole inside the chart at either edge ("1 De" was cut off).
        anchor, tx = "middle", xx
        if xx + LABEL_HALF_WIDTH > WIDTH - 2:
            anchor, tx = "end", WIDTH - 2
        elif xx - LABEL_HALF_WIDTH < 2:
            anchor, tx = "start", 2
        parts.append(_text(tx, y.bottom + 16, formatting.day(day, "d MMM"), anchor=anchor))
    return parts


def _step_path(plan: Plan, x: _XScale, y: _YScale, *, color: str, dash: str, width: float) -> str:
    points: list[str] = []
    for step in plan.steps:
        yy = y(float(step.daily_amount))
        points.append(f"{x(step.start):.1f},{yy:.1f}")
        points.append(f"{x(step.end + timedelta(days=1)):.1f},{yy:.1f}")
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<polyline points="{" ".join(points)}" fill="none" stroke="{color}" stroke-width="{width}"'
        f'{dash_attr} stroke-linejoin="round"/>'
    )


def _today_marker(x: _XScale, y: _YScale, today: date) -> list[str]:
    tx = x(today) + x.day_width / 2
    return [
        _el("line", x1=tx, x2=tx, y1=TOP, y2=y.bottom, stroke=INK, stroke_width=1.5),
        # Near the right edge the label goes to the left of the line so it is never cut off.
        _text(tx - 3, TOP + 10, "today", anchor="end")
        if tx > WIDTH - RIGHT - 40
        else _text(tx + 3, TOP + 10, "today"),
    ]


def _marker(index: int, cx: float, cy: float, color: str, label: str) -> str:
    tip = f"<title>{escape(label)}</title>"
    if index % 3 == 1:  # square
        return _el("rect", tip, x=cx - 3.2, y=cy - 3.2, width=6.4, height=6.4, fill=color)
    if index % 3 == 2:  # diamond
        return (
            f'<polygon points="{cx:.1f},{cy - 4.2:.1f} {cx + 4.2:.1f},{cy:.1f} {cx:.1f},{cy + 4.2:.1f} '
            f'{cx - 4.2:.1f},{cy:.1f}" fill="{color}">{tip}</polygon>'
        )
    return f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="3.2" fill="{color}">{tip}</circle>'


def _legend(items: Sequence[tuple[str, str, str, str]]) -> list[str]:
    parts = []
    lx = LEFT
    for label, color, dash, kind in items:
        if kind == "dot":
            parts.append(f'<circle cx="{lx + 6}" cy="12" r="3.5" fill="{color}"/>')
        elif kind == "box":
            parts.append(
                _el("rect", x=lx, y=6, width=14, height=12, fill=color, stroke=MUTED, stroke_width=0.5)
            )
        elif kind == "vline":
            parts.append(_el("line", x1=lx + 7, x2=lx + 7, y1=4, y2=20, stroke=color, stroke_dasharray=dash))
        else:
            parts.append(
                _el(
                    "line",
                    x1=lx,
                    x2=lx + 16,
                    y1=12,
                    y2=12,
                    stroke=color,
                    stroke_width=2.5,
                    stroke_dasharray=dash,
                )
            )
            if kind.startswith("marker"):
                parts.append(_marker(int(kind[6:]), lx + 8, 12, color, label))
        parts.append(f'<text x="{lx + 20}" y="16" font-size="11" fill="{INK}" {FONT}>{escape(label)}</text>')
        lx += 26 + int(len(label) * 6.2)
    return parts


def _runs(points: Sequence[tuple[date, float]], gap_days: int = 1) -> list[list[tuple[date, float]]]:
    runs: list[list[tuple[date, float]]] = []
    for d, v in points:
        if runs and (d - runs[-1][-1][0]).days <= gap_days:
            runs[-1].append((d, v))
        else:
            runs.append([(d, v)])
    return runs


def _svg(title: str, desc: str, parts: Sequence[str], height: int) -> str:
    uid = "c" + hashlib.sha1((title + desc).encode()).hexdigest()[:8]
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}"'
        f' width="{WIDTH}" height="{height}" role="img" aria-labelledby="{uid}-t {uid}-d">'
        f'<title id="{uid}-t">{escape(title)}</title><desc id="{uid}-d">{escape(desc)}</desc>'
        f'<rect width="{WIDTH}" height="{height}" fill="#fff"/>' + "".join(parts) + "</svg>"
    )


def _el(tag: str, content: str = "", **attrs: float | str) -> str:
    """An SVG element; numbers get one decimal, `stroke_width` becomes `stroke-width`."""
    text = " ".join(
        f'{k.replace("_", "-")}="{v:.1f}"'
        if isinstance(v, float)
        else f'{k.replace("_", "-")}="{escape(str(v))}"'
        for k, v in attrs.items()
        if v != ""
    )
    return f"<{tag} {text}>{content}</{tag}>" if content else f"<{tag} {text}/>"


def _text(x: float, y: float, content: str, *, size: int = 11, fill: str = INK, anchor: str = "start") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" fill="{fill}" text-anchor="{anchor}" {FONT}>'
        f"{escape(content)}</text>"
    )


def _memo(format_: Callable[[Any], str]) -> Callable[[Any], str]:
    """`format_` remembering its answers for one chart (the locale cannot change halfway through)."""
    seen: dict[Any, str] = {}

    def cached(value: Any) -> str:
        text = seen.get(value)
        if text is None:
            text = seen[value] = format_(value)
        return text

    return cached


def _fmt(value: Decimal | float | int | None) -> str:
    if value is None:
        return "-"
    return formatting.number(value, decimals=2)


def _day(day: date) -> str:
    return formatting.day(day)
