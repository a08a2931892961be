"""The clinician PDF names things in words: no "breastfeeding: False", no step kind such as
"stabilise", revision kinds and who accepted them as a person reads them (messages/words.py)."""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from report_helpers import make_report_data

from stepdown.reports.pdf import build_pdf

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs Debian's poppler-utils")


def _flat(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(out.stdout.split())


def test_the_pdf_says_intake_answers_steps_and_revisions_in_words(tmp_path: Path) -> None:
    from stepdown.domain.intake import assess, make_intake

    intake = make_intake(
        substance="7-oh-tablets", daily_amount="60", unit="mg", duration_days=150, age_band="18-64",
        breastfeeding=False, other_substances=["opioids"],
    )
    data = make_report_data()
    agreed = dataclasses.replace(
        data.revisions[-1], number=3, kind="agreement", accepted_by="clinician:drone",
        created_at=datetime(2026, 11, 3, 9, 0, tzinfo=UTC),
    )
    data = dataclasses.replace(
        data,
        intake={"input": intake.to_dict(), "assessment": assess(intake).to_dict()},
        revisions=(*data.revisions, agreed),
    )
    flat = _flat(build_pdf(data), tmp_path)
    assert "breastfeeding: no" in flat and "False" not in flat
    assert "age: 18 to 64" in flat and "other substances: other opioids" in flat
    assert not re.search(r"step \d+ of \d+, (stabilise|taper|hold|final)\)", flat)
    assert re.search(r"step \d+ of \d+: tapering\)", flat)
    assert "first plan" in flat and "initial" not in flat
    # table cells wrap, so the words are looked for one by one
    assert "(clinician)" in flat and "clinician:drone" not in flat and "agreement" in flat
