"""Progress: symptom score, craving, mood and sleep over time, with the plan's steps marked."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from stepdown.charts import Chart, Series, step_marks, trend_chart
from stepdown.web import deps
from stepdown.web.templating import render

router = APIRouter()


@router.get("/progress", response_class=HTMLResponse)
def progress_page(request: Request) -> Response:
    from stepdown.services.views import current_plan_data, progress_series

    person = deps.person(request)
    today = deps.today(person)
    engine = deps.engine(request)
    data = progress_series(engine, person.id, today)
    points = data.points
    plan = current_plan_data(engine, person.id)
    marks = step_marks(plan) if plan else ()
    start = plan.start if plan else (points[0].day if points else None)
    if data.weeks and start is not None:  # older weeks are averaged below; these charts show the recent ones
        start = max(start, data.detail_from)
    end = min(today, plan.end) if plan else None
    span = {
        "marks": marks,
        "start": start,
        "end": end if end and start and end >= start else None,
        "today": today,
    }

    full = tuple((p.day, float(p.total)) for p in points if p.scale == "sows16")
    quick = tuple((p.day, float(p.total)) for p in points if p.scale == "sows10")
    symptom_series = [
        s for s in (Series("Full form, 0-64", full), Series("Quick form, 0-30", quick)) if s.points
    ]
    charts = [
        trend_chart(
            "Withdrawal symptom score",
            symptom_series or [Series("Symptom score", ())],
            y_max=64 if full else 30,
            y_label="score",
            **span,
        ),
        trend_chart(
            "Craving and mood",
            [
                Series(
                    "Craving, 0-10", tuple((p.day, float(p.craving)) for p in points if p.craving is not None)
                ),
                Series("Mood, 0-10", tuple((p.day, float(p.mood)) for p in points if p.mood is not None)),
            ],
            y_max=10,
            y_label="0-10",
            **span,
        ),
        trend_chart(
            "Sleep",
            [
                Series("Hours", tuple((p.day, p.sleep_hours) for p in points if p.sleep_hours is not None)),
                Series(
                    "Quality, 0-10",
                    tuple((p.day, float(p.sleep_quality)) for p in points if p.sleep_quality is not None),
                ),
            ],
            y_max=10,
            y_label="hours / quality",
            **span,
        ),
    ]
    return render(
        request,
        "progress.html",
        {
            "title": "Progress",
            "charts": charts,
            "weekly": _weekly_charts(data.weeks),
            "detail_from": data.detail_from,
            "count": data.count,
            "plan": plan,
            "today": today,
        },
    )


def _weekly_charts(weeks: list[Any]) -> list[Chart]:
    """Older history as weekly averages: lines without per-point markers, so years stay light."""
    if not weeks:
        return []

    def series(label: str, name: str) -> Series:
        return Series(label, tuple((w.week, getattr(w, name)) for w in weeks if getattr(w, name) is not None))

    weekly = {"gap_days": 7, "markers": False, "row_label": "Week of"}
    symptoms = [
        s for s in (series("Full form, 0-64", "full"), series("Quick form, 0-30", "quick")) if s.points
    ]
    return [
        trend_chart(
            "Symptom score, weekly average",
            symptoms,
            y_max=64 if symptoms and symptoms[0].label.startswith("Full") else 30,
            y_label="score",
            **weekly,
        ),
        trend_chart(
            "Craving, mood and sleep, weekly average",
            [
                series("Craving, 0-10", "craving"),
                series("Mood, 0-10", "mood"),
                series("Sleep hours", "sleep_hours"),
                series("Sleep quality, 0-10", "sleep_quality"),
            ],
            y_max=10,
            y_label="0-10 / hours",
            **weekly,
        ),
    ]
