"""Page 1 of the clinician PDF (issue 9, section 5): the intake and the style choice, red-flag answers
and seek-care notices counted apart, doses far above the plan and corrected doses in words."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from report_helpers import make_report_data

from stepdown.domain.consent import plan_trigger
from stepdown.domain.intake import assess, make_intake
from stepdown.reports.data import DoseRow, EventRow
from stepdown.reports.pdf import build_pdf

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs Debian's poppler-utils")


def page_text(pdf: bytes, tmp_path: Path, first: int = 1, last: int | None = None) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    args = ["pdftotext", "-f", str(first), *(["-l", str(last)] if last else []), "-layout", str(path), "-"]
    out = subprocess.run(args, capture_output=True, text=True, check=True)
    return " ".join(out.stdout.split())


def with_intake(**triggers: dict) -> object:
    """The helper's fortnight, with a stored intake (730 days of use: slow suggested, benzos flagged)
    and the first revision chosen as "short" with the given trigger entries."""
    data = make_report_data()
    answers = make_intake(
        substance="7-oh-tablets",
        daily_amount="20",
        unit="mg",
        duration_days=730,
        other_substances=["benzodiazepines"],
    )
    assessment = assess(answers).to_dict()
    first = replace(data.revisions[0], trigger={"source": "intake", **triggers})
    return replace(
        data,
        intake={"input": answers.to_dict(), "assessment": assessment},
        revisions=(first, *data.revisions[1:]),
    ), assessment


def test_page_one_shows_the_suggested_style_its_reasons_flags_and_the_choice_against_it(tmp_path) -> None:
    choice = {"recommended_style": "slow", "chosen_style": "short", "reason": "I need to be done by March"}
    agreed = {"recorded_at": "2026-10-25T17:00:00+00:00", "by": "clinician:Dr Lee", "note": "OK"}
    data, assessment = with_intake(against_advice=choice, clinician_agreement=agreed)
    assert assessment["style"] == "slow" and assessment["clinician_flags"]
    text = page_text(build_pdf(data), tmp_path, 1, 1)
    assert "Suggested style slow" in text and "Style chosen short" in text
    for reason in assessment["reasons"]:
        assert " ".join(reason["text"].split()[:6]) in text
    assert " ".join(assessment["clinician_flags"][0]["reason"].split()[:6]) in text
    assert "The person chose the short style, faster than the slow style stepdown suggested" in text
    assert "I need to be done by March" in text
    assert "Clinician agreement recorded on 2026-10-25 by clinician:Dr Lee: OK" in text


def test_a_faster_style_without_a_recorded_choice_is_said_and_no_agreement_too(tmp_path) -> None:
    data, _ = with_intake()
    text = page_text(build_pdf(data), tmp_path, 1, 1)
    assert "faster than the suggested slow style; no explicit against-advice confirmation" in text
    assert "No clinician agreement is recorded with the plan." in text


def test_a_seek_care_notice_is_counted_apart_from_red_flag_answers(tmp_path) -> None:
    data = make_report_data()
    day = data.today - timedelta(days=1)
    at = datetime(2026, 11, 6, 12, tzinfo=UTC)
    notice = {"source": "symptoms", "flags": [], "decision": {"kind": "seek_care", "red_flags": []}}
    no_id = {"flags": [], "source": "checkin"}  # nothing to name: no row with an empty question
    data = replace(
        data,
        checkins=tuple(replace(c, red_flags=[]) for c in data.checkins),
        events=(EventRow(day, at, "red_flag", notice, None), EventRow(day, at, "red_flag", no_id, None)),
    )
    assert data.red_flags == () and data.seek_care_notices == (day,)
    text = page_text(build_pdf(data), tmp_path)
    assert "Red flags 0 answered yes" in text
    assert f"Seek-care notices 1 (symptoms that stayed strong), latest on {day}" in text
    assert "No red-flag answers were given" in text
    assert "Seek-care notices (symptoms that stayed strong; not red-flag answers)" in text
    assert "red flag red flag" not in text and "Question answered yes" not in text


def test_a_dose_far_above_the_plan_and_a_corrected_dose_are_in_the_text(tmp_path) -> None:
    data = make_report_data()
    today = data.today
    at = datetime(today.year, today.month, today.day, 9, tzinfo=UTC)
    typo = DoseRow(today, at, Decimal(4), Decimal(2000), "mg", id=99)
    corrected = EventRow(
        today - timedelta(days=2),
        at,
        "dose_corrected",
        {"dose_id": 7, "dose_day": (today - timedelta(days=2)).isoformat(), "reason": "typed an extra zero",
         "before": {"id": 7, "actual": 80, "unit": "mg"}, "after": {"id": 7, "actual": 8, "unit": "mg"}},
        None,
    )  # fmt: skip
    removed = EventRow(
        today - timedelta(days=1),
        at,
        "dose_removed",
        {"dose_id": 8, "dose_day": (today - timedelta(days=1)).isoformat(), "reason": None,
         "before": {"id": 8, "actual": 4, "unit": "mg"}},
        None,
    )  # fmt: skip
    data = replace(data, doses=(*data.doses, typo), events=(*data.events, corrected, removed))
    planned = data.planned_on(today)
    text = page_text(build_pdf(data), tmp_path)
    assert "Doses logged far above the plan" in text
    shown = f"{today:%a} {today.day} {today:%b} {today.year}"  # "Sat 7 Nov 2026", not ISO
    assert f"{shown} {planned.normalize():f} mg 2,000 mg 250.0x" in text  # page 1's table, in words
    assert f"Far above plan 2 days; highest 2,000 mg on {shown} (planned {planned.normalize():f} mg)" in text
    assert "Doses corrected or removed after logging" in text
    assert "corrected 80 mg 8 mg typed an extra zero" in text
    day = today - timedelta(days=1)
    assert f"{day:%a} {day.day} {day:%b} {day.year} removed 4 mg removed" in text
    assert f"{today.isoformat()} to" not in text and f"day: {shown}" in text  # steps and period in words


def test_the_stored_intake_and_dose_ids_reach_the_report(engine, tmp_path) -> None:
    from report_helpers import make_test_plan

    from stepdown.reports.data import load
    from stepdown.services import doses, onboarding, person

    me = person.get_or_create_local_person(engine, timezone="UTC")
    answers = make_intake(substance="7-oh-tablets", daily_amount="20", unit="mg", duration_days=730)
    plan = make_test_plan()
    advice = assess(answers).to_dict()
    chosen = plan_trigger(advice, plan.style, against_advice=True, clinician_agreed=False, now_iso="x")
    onboarding.start_taper(
        engine, me.id, plan=plan, intake=answers.to_dict(), assessment=advice, trigger=chosen
    )
    doses.take_dose(engine, me.id, day=plan.start, today=plan.start)
    data = load(engine, me.id, now=datetime(2026, 10, 27, 12, tzinfo=UTC))
    assert data.intake["assessment"]["style"] == "slow" and data.intake["input"]["duration_days"] == 730
    assert data.doses[0].id is not None
    assert "Suggested style slow" in page_text(build_pdf(data), tmp_path, 1, 1)
