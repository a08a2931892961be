"""The clinician PDF: pages rendered to images (pdftoppm) and text read back (pdftotext)."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image
from report_helpers import make_report_data, make_test_plan, store_report_data

from stepdown import formatting
from stepdown.reports.data import ReportData, gather
from stepdown.reports.pdf import build_pdf
from stepdown.storage.db import session_scope

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs Debian's poppler-utils")


def _text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    return re.sub(r"[ \t]+", " ", out.stdout)


def _pages(pdf: bytes, tmp_path: Path) -> list[Image.Image]:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(path), str(tmp_path / "page")], check=True)
    return [Image.open(p).convert("RGB") for p in sorted(tmp_path.glob("page-*.png"))]


def test_report_text_holds_everything_a_clinician_needs(tmp_path: Path) -> None:
    data = make_report_data()
    text = _text(build_pdf(data), tmp_path)
    flat = " ".join(text.split())
    # who and when, pseudonymous by default
    assert "river" in flat and "pseudonym" in flat
    assert "2026-11-07 15:00 UTC" in flat
    # the plan and every revision with its reason
    for step in data.plan.steps:
        assert formatting.period(step.start, step.end) in flat  # "Mon 26 Oct to Sun 1 Nov"
    for revision in data.revisions:
        assert revision.reason in flat
    # charts (their axis labels are text in the PDF) and their summaries
    assert "Planned and taken dose" in flat and "26 Oct" in flat and "today" in flat
    assert "Withdrawal score, 12 days recorded" in flat
    assert "Craving and sleep" in flat
    # adherence, lapses, red flags, notes, magnesium, disclaimer
    assert "24 / 24 (100%)" in flat
    assert "12 / 24 (50%)" in flat
    assert "bad night" in flat and "8 mg" in flat
    assert "Have you had a seizure" in flat
    assert "Can we talk about sleep at the visit?" in flat
    assert "714 mg magnesium glycinate" in flat
    assert "not medical advice" in flat
    assert "naloxone" in flat
    # Mg is never written as MGM, except where the app warns that MGM-15/16 are opioids
    assert not re.search(r"MGM(?!-1[56])", flat)


def test_a_name_appears_only_when_asked_for(tmp_path: Path) -> None:
    plain = _text(build_pdf(make_report_data()), tmp_path)
    assert "Alex Doe" not in plain
    named = _text(build_pdf(make_report_data(name="Alex Doe")), tmp_path)
    assert "Alex Doe (pseudonym river)" in " ".join(named.split())


def test_pages_render_with_the_chart_drawn(tmp_path: Path) -> None:
    pages = _pages(build_pdf(make_report_data()), tmp_path)
    assert 2 <= len(pages) <= 6
    blue = (11, 83, 148)  # the planned-dose line (stepdown.charts PALETTE[0])
    orange = (179, 71, 0)  # taken doses

    def count(img: Image.Image, colour: tuple[int, int, int]) -> int:
        return sum(
            n
            for n, px in img.getcolors(1 << 20)
            if all(abs(a - b) < 40 for a, b in zip(px, colour, strict=True))
        )

    def ink(img: Image.Image) -> int:
        return sum(n for n, px in img.getcolors(1 << 20) if sum(px) < 450)

    chart_pages = [p for p in pages if count(p, orange) > 20]
    assert chart_pages, "no page shows the taken-dose dots"
    assert count(chart_pages[0], blue) > 100
    for page in pages:  # no blank page
        assert ink(page) > 200


def test_an_empty_record_still_gives_a_clear_report(tmp_path: Path) -> None:
    empty = ReportData(
        person_id=1, pseudonym="me", timezone="UTC", generated_at=datetime(2026, 11, 26, 9, tzinfo=UTC),
        today=date(2026, 11, 26), plan_id=None, plan_status=None, revisions=(), magnesium=None, checkins=(),
        doses=(), magnesium_logs=(), events=(), notes=(),
    )  # fmt: skip
    flat = " ".join(_text(build_pdf(empty), tmp_path).split())
    assert "No taper plan has been made yet." in flat
    assert "No red-flag answers" in flat
    assert "not medical advice" in flat


def test_report_from_the_database_matches_what_was_stored(engine, tmp_path: Path) -> None:
    original = make_report_data()
    person_id = store_report_data(engine, original)
    with session_scope(engine) as session:
        data = gather(session, person_id, now=original.generated_at)
    assert data.today == date(2026, 11, 7)  # the person's local day in New York
    assert data.revisions[-1].reason == original.revisions[-1].reason
    assert data.plan == original.plan
    assert [c.total for c in data.checkins] == [c.total for c in original.checkins]
    assert [n.text for n in data.notes] == ["Can we talk about sleep at the visit?"]  # only clinician notes
    assert data.adherence() == original.adherence()
    assert data.red_flags == original.red_flags
    flat = " ".join(_text(build_pdf(data), tmp_path).split())
    assert "Withdrawal score rose 3 days running." in flat
    assert "Private: not for the report." not in flat


def test_adherence_counts_days_before_today_and_days_above_plan() -> None:
    plan = make_test_plan(start=date(2026, 10, 26))
    data = make_report_data(plan)
    a = data.adherence()
    # 12 logged days (26 Oct - 6 Nov), 2 doses a day, one lapse day with more than planned
    assert (a.days, a.doses_planned, a.doses_logged, a.days_above_plan) == (12, 24, 24, 1)
    assert (a.mg_servings_planned, a.mg_servings_logged, a.mg_percent) == (24, 12, 50)


def test_a_long_plan_is_charted_around_today_and_listed_in_full(tmp_path: Path) -> None:
    from dataclasses import replace

    plan = make_test_plan(start=date(2026, 10, 26), amounts=(20, 16, 12, 8, 6, 4), days=(20,) * 6)
    data = make_report_data(plan)
    data = replace(data, revisions=tuple(replace(r, plan=plan) for r in data.revisions))
    flat = " ".join(_text(build_pdf(data), tmp_path).split())
    assert "Shown up to Sat 21 Nov 2026; every step to Mon 22 Feb 2027 is in the plan table." in flat
    for step in plan.steps:
        assert formatting.period(step.start, step.end) in flat  # "Wed 3 Feb to Mon 22 Feb 2027"


@settings(max_examples=150, deadline=None)
@given(
    logs=st.lists(
        st.tuples(
            st.integers(0, 20), st.integers(0, 3), st.sampled_from([Decimal(0), Decimal(1), Decimal(-1)])
        ),
        max_size=40,
    ),
    today_offset=st.integers(0, 20),
)
def test_adherence_figures_stay_consistent_whatever_was_logged(logs, today_offset) -> None:
    """Over any pattern of logging: counts never exceed what was planned, every counted day is either
    within or above plan or unlogged, and a day counts as above plan exactly when more was taken."""
    from dataclasses import replace
    from datetime import timedelta

    from stepdown.reports.data import DoseRow

    base = make_report_data()
    plan = base.plan
    rows = []
    for offset, count, delta in logs:
        day = plan.start + timedelta(days=offset)
        step = plan.step_on(day)
        if step is None:
            continue
        for _ in range(count):
            amount = step.portions[0].amount + delta
            rows.append(DoseRow(day, base.generated_at, step.portions[0].amount, amount, "mg"))
    data = replace(base, doses=tuple(rows), today=plan.start + timedelta(days=today_offset))
    a = data.adherence()
    assert a.days == min(today_offset, (plan.end - plan.start).days + 1)
    assert 0 <= a.doses_logged <= a.doses_planned == a.days * plan.times_per_day
    assert a.days_on_plan + a.days_above_plan <= a.days
    counted = [d for d in data.daily_doses() if d.day < data.today and d.planned is not None]
    assert a.days_above_plan == sum(1 for d in counted if d.taken > d.planned)
    unlogged = sum(1 for d in counted if d.logged == 0)
    assert a.days_on_plan == a.days - a.days_above_plan - unlogged
    if a.doses_planned:
        assert 0 <= a.dose_percent <= 100


def test_strong_symptoms_that_sent_the_person_to_care_are_named_in_the_report(tmp_path: Path) -> None:
    """The demo's hard patch ends in the adaptive rules' seek-care advice, stored as a red_flag event
    with no triage flags; the report must say what it was, not print a bare "red flag"."""
    from stepdown.messages.reports import STRONG_SYMPTOMS_FLAG
    from stepdown.reports.data import STRONG_SYMPTOMS, load
    from stepdown.services.demo import ensure_demo_data
    from stepdown.storage.db import make_engine, upgrade

    engine = make_engine(f"sqlite:///{tmp_path / 'demo.db'}")
    upgrade(engine)
    summary = ensure_demo_data(engine, today=date(2026, 11, 26))
    assert summary is not None
    data = load(engine, summary.person_id, now=datetime(2026, 11, 26, 12, tzinfo=UTC))
    engine.dispose()
    assert data.seek_care_notices and STRONG_SYMPTOMS not in {flag for _, flag in data.red_flags}
    text = _text(build_pdf(data), tmp_path)
    assert " ".join(STRONG_SYMPTOMS_FLAG.split()[:6]) in " ".join(text.split())
    assert "Talk to a clinician soon" in text


def test_a_seek_care_from_an_earlier_red_flag_is_not_called_strong_symptoms(engine) -> None:
    """The rules can send a person to care today because of yesterday's red-flag answer; that event is
    stored with source "symptoms" but is an emergency, and the report must not relabel it."""
    from stepdown.reports.data import STRONG_SYMPTOMS, load
    from stepdown.services.person import get_or_create_local_person
    from stepdown.storage import events

    person = get_or_create_local_person(engine)
    decision = {"kind": "seek_care", "red_flags": ["seizure"], "level": "emergency"}
    both = {"source": "symptoms", "flags": [], "decision": decision}
    symptoms_only = {"source": "symptoms", "flags": [], "decision": {"kind": "seek_care", "red_flags": []}}
    now = datetime(2026, 11, 26, 12, tzinfo=UTC)
    with session_scope(engine) as session:
        for day, data in ((date(2026, 11, 25), both), (date(2026, 11, 26), symptoms_only)):
            events.add_event(session, person.id, kind="red_flag", day=day, data=data, now=now)
    data = load(engine, person.id, now=now)
    assert data.seek_care_notices == (date(2026, 11, 26),)
    assert STRONG_SYMPTOMS not in {flag for _, flag in data.red_flags}


def test_helplines_stay_with_their_heading_and_every_number_stays_whole(tmp_path: Path) -> None:
    from stepdown.messages import reports as report_messages
    from stepdown.messages.safety import HELPLINES

    path = tmp_path / "report.pdf"
    path.write_bytes(build_pdf(make_report_data()))
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    pages = out.stdout.replace("\u2011", "-").split("\f")
    page = next(p for p in pages if re.search(r"^Help +Number +When", p, re.M))
    assert report_messages.SECTIONS["safety"] in page  # not split from its heading
    lines = page.splitlines()
    for _, number, _ in HELPLINES:
        assert any(number in line for line in lines), f"{number} wraps"


def test_days_above_plan_listed_are_the_days_counted_and_today_apart(tmp_path, monkeypatch) -> None:
    """The counts are made over the days before the report day; the table lists those same days
    (the most recent ones, with how many are left out) and today, if it is above plan already."""
    from dataclasses import replace
    from datetime import timedelta

    import stepdown.reports.pdf_first_page as first_page
    from stepdown.reports.data import DoseRow
    from stepdown.reports.pdf_first_page import date_text

    monkeypatch.setattr(first_page, "MAX_ROWS", 3)
    data = make_report_data()
    days = [data.plan.start + timedelta(days=i) for i in range((data.today - data.plan.start).days + 1)]
    heavy = tuple(
        DoseRow(day=d, taken_at=datetime(d.year, d.month, d.day, 20, tzinfo=UTC), planned_amount=Decimal(0),
                actual_amount=Decimal(500), unit=data.plan.unit, id=9000 + i)
        for i, d in enumerate(days)
    )  # fmt: skip
    data = replace(data, doses=data.doses + heavy)
    counted = data.adherence().days_above_plan
    assert counted == len(days) - 1  # every day before the report day
    flat = " ".join(_text(build_pdf(data), tmp_path).split())
    assert f"Days above the planned amount {counted}" in flat
    assert f"{date_text(data.today)} (today so far)" in flat
    table = flat.split("Day above plan", 1)[1].split("days above plan earlier", 1)[0]
    listed = [d for d in days[:-1] if f"{date_text(d)} " in table]
    assert listed == days[-4:-1]  # the 3 most recent days before today
    assert f"And {counted - 3} days above plan earlier, not listed here" in flat


def test_over_half_a_year_the_symptom_charts_are_weekly_averages(tmp_path) -> None:
    from dataclasses import replace
    from datetime import timedelta

    data = make_report_data()
    template = data.checkins[0]
    first = data.today - timedelta(days=400)
    long = tuple(replace(template, day=first + timedelta(days=i), total=i % 30) for i in range(400))
    flat = " ".join(_text(build_pdf(replace(data, checkins=long)), tmp_path).split())
    assert "Withdrawal score, weekly averages" in flat and "Craving and sleep, weekly averages" in flat
    short = " ".join(_text(build_pdf(data), tmp_path).split())
    assert "weekly averages" not in short
