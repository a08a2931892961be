"""Issue 9 / QA: "the plan's start" has one definition (domain.toolkit.lapse.plan_start: the first
revision's starting amount) and status, the dose log's lapse advice and the clinician PDF all name
it, also after a lapse re-plan. SQLite and PostgreSQL."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, timedelta
from decimal import Decimal

from service_helpers import at

from stepdown.domain.planner import PlanRequest, make_form, make_plan
from stepdown.domain.toolkit.lapse import starting_amount
from stepdown.services import doses, onboarding, proposals
from stepdown.services import toolkit as svc
from stepdown.services.status import status_view
from stepdown.storage.db import session_scope

START = date(2026, 11, 24)


def test_after_a_lapse_replan_status_the_lapse_advice_and_the_pdf_name_the_same_start(
    engine, me, tmp_path
) -> None:
    form = make_form("tablet", "mg", strengths=(Decimal(6),), pieces=4)
    plan = make_plan(
        PlanRequest(daily_amount=Decimal(24), form=form, start=START, style="short", times_per_day=2)
    )
    assert plan.steps[0].daily_amount < starting_amount(plan) == 24  # the first step is already a cut
    onboarding.start_taper(engine, me.id, plan=plan, now=at(START, 8))
    day = START + timedelta(days=8)
    out = svc.log_lapse(engine, me.id, {"amount": "12"}, current_daily="22.5", now=at(day))
    proposals.accept(engine, me.id, out["proposal"]["id"], day=day, now=at(day, 13))

    assert status_view(engine, me.id, day=day).plan["starting_amount"] == 24
    taken = doses.take_dose(engine, me.id, day=day, today=day, amount="30", taken_at=at(day, 14))
    assert taken.start_amount == 24 and taken.above_start

    if shutil.which("pdftotext"):
        from stepdown.reports.data import gather
        from stepdown.reports.pdf import build_pdf

        with session_scope(engine) as s:
            data = gather(s, me.id, now=at(day, 15), today=day)
        assert data.plan_start == 24
        path = tmp_path / "r.pdf"
        path.write_bytes(build_pdf(data))
        text = subprocess.run(
            ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "started from 24 mg a day" in " ".join(text.split())
        assert "taper, 21 to" not in text
