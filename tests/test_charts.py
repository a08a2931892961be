"""The SVG chart renderer: well-formed, readable at 360 px, honest about the data, with a text alternative."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from stepdown import formatting
from stepdown.charts import WIDTH, Series, StepMark, dose_chart, step_marks, trend_chart
from stepdown.domain.plan import DoseForm, Plan, Portion, Step

NS = "{http://www.w3.org/2000/svg}"
FORM = DoseForm(kind="tablet", unit="mg", strengths=(Decimal(10),), pieces=4)
START = date(2026, 11, 2)


def make_plan(amounts_days: list[tuple[str, int, str]], start: date = START) -> Plan:
    steps, day = [], start
    for amount, days, kind in amounts_days:
        a = Decimal(amount)
        steps.append(
            Step(day, days, a, "mg", (Portion(a, a / 10, "tablet", f"{a} mg"),), None, a * days / 10, kind)
        )
        day += timedelta(days=days)
    return Plan("short", FORM, 1, tuple(steps))


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{NS}svg"
    return root


def test_dose_chart_is_accessible_svg_sized_for_a_phone() -> None:
    plan = make_plan([("20", 3, "taper"), ("16", 3, "taper"), ("12", 3, "taper")])
    chart = dose_chart(plan, {START: Decimal(20)}, today=START)
    root = parse(chart.svg)
    assert root.get("viewBox") == f"0 0 {WIDTH} 220" and WIDTH == 360
    assert root.get("role") == "img"
    labelled = root.get("aria-labelledby").split()
    ids = {el.get("id") for el in root.iter() if el.get("id")}
    assert set(labelled) <= ids
    assert root.find(f"{NS}title").text == chart.title
    assert root.find(f"{NS}desc").text == chart.summary
    # Every label is at least 11 units: 11 px on a 360 px screen.
    sizes = [int(t.get("font-size")) for t in root.iter(f"{NS}text")]
    assert sizes and min(sizes) >= 11
    assert "http" not in chart.svg.replace("http://www.w3.org/2000/svg", "")


def test_planned_steps_and_taken_dots_follow_the_data() -> None:
    plan = make_plan([("20", 2, "taper"), ("10", 2, "taper")])
    taken = {START: Decimal(20), START + timedelta(days=2): Decimal(12)}
    root = parse(dose_chart(plan, taken).svg)
    dots = [c for c in root.iter(f"{NS}circle") if c.find(f"{NS}title") is not None]
    assert len(dots) == 2
    high, low = sorted(dots, key=lambda c: float(c.get("cy")))
    assert "20 mg taken" in high.find(f"{NS}title").text and "12 mg taken" in low.find(f"{NS}title").text
    planned = [p for p in root.iter(f"{NS}polyline")]
    assert len(planned) == 1
    ys = [float(pt.split(",")[1]) for pt in planned[0].get("points").split()]
    assert ys[0] == ys[1] and ys[2] == ys[3] and ys[0] < ys[2]  # 20 is drawn above 10


def test_dose_table_gives_each_step_and_the_average_taken() -> None:
    plan = make_plan([("20", 2, "taper"), ("15", 2, "hold"), ("10", 2, "taper")])
    taken = {
        START: Decimal(20),
        START + timedelta(days=1): Decimal(21),
        START + timedelta(days=2): Decimal(15),
    }
    chart = dose_chart(plan, taken)
    assert chart.headers[0] == "Step starts"
    assert len(chart.rows) == 3
    assert chart.rows[0][2] == "20 mg" and chart.rows[0][3] == "20.5 mg over 2 days"
    assert chart.rows[1][2] == "15 mg (hold)"
    assert chart.rows[2][3] == "-"
    assert "1 hold" in chart.summary and "3 days logged, 1 above the plan" in chart.summary
    root = parse(chart.svg)
    assert any(r.get("fill") == "#fff1c9" for r in root.iter(f"{NS}rect"))  # the hold band


def test_original_plan_is_drawn_dashed_beside_the_revision() -> None:
    first = make_plan([("20", 2, "taper"), ("10", 2, "taper")])
    revised = make_plan([("20", 2, "taper"), ("20", 2, "hold"), ("10", 2, "taper")])
    root = parse(dose_chart(revised, original=first).svg)
    lines = list(root.iter(f"{NS}polyline"))
    assert len(lines) == 2 and any(pl.get("stroke-dasharray") for pl in lines)


def test_trend_chart_breaks_the_line_on_a_missed_day_and_marks_steps() -> None:
    pts = ((START, 10.0), (START + timedelta(days=1), 12.0), (START + timedelta(days=3), 8.0))
    marks = (StepMark(START + timedelta(days=2), "16 mg"),)
    chart = trend_chart(
        "Symptom score", [Series("Full form (0-64)", pts)], y_max=64, y_label="score", marks=marks
    )
    root = parse(chart.svg)
    assert len(list(root.iter(f"{NS}polyline"))) == 1  # days 1-2 joined; day 4 alone
    step_lines = [ln for ln in root.iter(f"{NS}line") if ln.find(f"{NS}title") is not None]
    assert len(step_lines) == 1 and "16 mg" in step_lines[0].find(f"{NS}title").text
    assert [r[0] for r in chart.rows] == ["Mon 2 Nov", "Tue 3 Nov", "Thu 5 Nov"]
    assert chart.rows[1][1] == "12"
    assert "highest 12" in chart.summary and "1 step change marked" in chart.summary


def test_trend_chart_without_data_says_so() -> None:
    chart = trend_chart("Craving", [Series("Craving", ())], y_max=10, y_label="0-10")
    parse(chart.svg)
    assert chart.rows == () and "No data yet" in chart.summary


def test_step_marks_skip_the_first_step_and_name_holds() -> None:
    plan = make_plan([("20", 2, "taper"), ("20", 2, "hold"), ("10", 2, "final")])
    marks = step_marks(plan)
    assert [m.day for m in marks] == [START + timedelta(days=2), START + timedelta(days=4)]
    assert marks[0].label == "20 mg (hold)" and marks[1].label == "10 mg"


@settings(max_examples=150, deadline=None)
@given(
    steps=st.lists(
        st.tuples(st.integers(0, 400), st.integers(1, 30), st.sampled_from(["taper", "hold"])),
        min_size=1,
        max_size=12,
    ),
    taken=st.dictionaries(st.integers(-5, 200), st.integers(0, 600), max_size=40),
)
def test_any_plan_gives_a_chart_inside_its_view_box(steps, taken) -> None:
    plan = make_plan([(str(a), d, k) for a, d, k in steps])
    actual = {START + timedelta(days=k): Decimal(v) for k, v in taken.items()}
    chart = dose_chart(plan, actual, today=START + timedelta(days=3))
    root = parse(chart.svg)
    for el in root.iter():
        for attr in ("x", "x1", "x2", "cx"):
            if el.get(attr) is not None:
                assert -1 <= float(el.get(attr)) <= WIDTH + 1, (el.tag, attr, el.get(attr))
        for attr in ("y", "y1", "y2", "cy"):
            if el.get(attr) is not None:
                assert -1 <= float(el.get(attr)) <= 221, (el.tag, attr, el.get(attr))
        if el.get("points"):
            for pair in el.get("points").split():
                px, py = map(float, pair.split(","))
                assert -1 <= px <= WIDTH + 1 and -1 <= py <= 221
    assert len(chart.rows) == len(plan.steps)
    assert not re.search(r"nan|inf", chart.svg, re.I)


def test_only_marks_inside_the_shown_days_are_drawn_and_counted() -> None:
    pts = ((START, 5.0),)
    marks = (StepMark(START - timedelta(days=3), "20 mg"), StepMark(START + timedelta(days=30), "10 mg"))
    chart = trend_chart("Craving", [Series("Craving", pts)], y_max=10, y_label="0-10", marks=marks)
    root = parse(chart.svg)
    assert not [ln for ln in root.iter(f"{NS}line") if ln.find(f"{NS}title") is not None]
    assert "step change" not in chart.summary and "New step" not in chart.svg
    assert chart.summary.endswith("Craving: 5 on Mon 2 Nov.")


def _axis_labels(root: ET.Element) -> list[ET.Element]:
    return [t for t in root.iter(f"{NS}text") if re.fullmatch(r"\d{1,2} [A-Z][a-z]{2}", t.text or "")]


def test_a_single_day_chart_puts_its_date_under_the_point() -> None:
    chart = trend_chart("Craving", [Series("Craving", ((START, 5.0),))], y_max=10, y_label="0-10")
    root = parse(chart.svg)
    (label,) = _axis_labels(root)
    point_x = next(float(c.get("cx")) for c in root.iter(f"{NS}circle"))
    assert label.get("text-anchor") == "middle" and abs(float(label.get("x")) - point_x) < 1


def test_every_date_label_stays_inside_the_chart() -> None:
    """The last label used to run off the right edge ("1 De")."""
    pts = tuple((START + timedelta(days=i), float(i)) for i in range(30))
    root = parse(trend_chart("Craving", [Series("Craving", pts)], y_max=30, y_label="0-10").svg)
    for label in _axis_labels(root):
        x, anchor = float(label.get("x")), label.get("text-anchor")
        left = {"start": x, "middle": x - 18, "end": x - 36}[anchor]
        assert left >= 0 and left + 36 <= WIDTH, (label.text, x, anchor)


def test_five_years_of_doses_draw_recent_days_as_dots_and_older_weeks_as_one_line() -> None:
    """Issue 11: one dot a day over years is heavy and unreadable; older weeks are averaged, and the
    step table (the text alternative) still counts every day."""
    from stepdown.taken import taken_by_day

    plan = make_plan([(str(200 - 2 * i), 15, "taper") for i in range(122)])  # 1830 days
    per_day = {START + timedelta(days=i): Decimal(200 - 2 * (i // 15) + (i % 3)) for i in range(1825)}
    today = START + timedelta(days=1825)
    detail_from = today - timedelta(days=today.weekday(), weeks=7)
    full = dose_chart(plan, per_day, today=today)
    chart = dose_chart(plan, taken_by_day(plan, per_day, detail_from=detail_from), today=today)
    root = parse(chart.svg)
    dots = [c for c in root.iter(f"{NS}circle") if c.find(f"{NS}title") is not None]
    assert len(dots) == (today - detail_from).days <= 8 * 7  # one a day, the last 8 weeks only
    weekly = [p for p in root.iter(f"{NS}polyline") if p.get("stroke-dasharray") == "4 2"]
    weeks = {d - timedelta(days=d.weekday()) for d in per_day if d < detail_from}
    assert len(weekly) == 1 and len(weekly[0].get("points").split()) == len(weeks)
    assert f"Before {formatting.day(detail_from)} the amounts taken are drawn as weekly" in chart.summary
    assert "Weekly average" in chart.svg  # the legend says so too
    assert chart.rows == full.rows and len(chart.rows) == 122  # the step table is complete and unchanged
    above = sum(1 for d, v in per_day.items() if v > plan.step_on(d).daily_amount)
    assert f"1,825 days logged, {above} above the plan" in chart.summary and above > 1000
    assert len(chart.svg) < len(full.svg) / 10
