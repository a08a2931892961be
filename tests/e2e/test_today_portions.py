"""Issue 9: on a phone, each "Taken" logs exactly the portion it stands beside (unequal portions),
an empty "different amount" logs nothing, and a logged dose can be corrected on the Today page."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PHONE, start_server, stop_server

pytestmark = pytest.mark.e2e


@pytest.fixture
def unequal_server(tmp_path: Path):
    db = f"sqlite:///{tmp_path / 'e2e.db'}"
    env = {**os.environ, "STEPDOWN_DATA_DIR": str(tmp_path), "HOME": str(tmp_path)}
    env.pop("STEPDOWN_DATABASE_URL", None)
    init = [sys.executable, "-m", "stepdown", "init", "--amount", "56.25", "--strength", "15", "--split", "4",
            "--times", "2", "--style", "short", "--stabilise-days", "1", "--duration-days", "20",
            "--clinician-agreed", "--against-advice", "--yes",
            "--database-url", db]  # fmt: skip
    subprocess.run(init, env=env, check=True, capture_output=True)
    proc, base = start_server(db, tmp_path)
    yield base
    stop_server(proc)


def test_taken_beside_the_evening_dose_logs_the_evening_amount_on_a_phone(unequal_server, page, shoot):  # noqa: ANN001, ANN201
    page.set_viewport_size(PHONE)
    page.goto(unequal_server + "/")
    evening = page.locator("#doses-h ~ ul.items li", has_text="Evening")
    assert "30 mg" in evening.inner_text()
    evening.get_by_role("button", name="Taken").click()
    page.wait_for_selector("text=Dose logged.")
    assert "Logged today: 30 mg" in page.inner_text("body")
    assert "✓ Taken" in page.locator("#doses-h ~ ul.items li", has_text="Evening").inner_text()
    assert "✓ Taken" not in page.locator("#doses-h ~ ul.items li", has_text="Morning").inner_text()
    shoot(page, "evening-taken")

    # An empty "different amount" is an error, not the next planned dose.
    page.set_viewport_size(PHONE)
    page.click("summary:has-text('I took a different amount')")
    page.click("button:has-text('Log this dose')")
    page.wait_for_selector("text=Type the amount you took")
    assert "Logged today: 30 mg" in page.inner_text("body")

    # Correct the logged dose; the page says the amount before is kept.
    page.click("summary:has-text('Logged today')")
    page.fill("input[name=amount][id^=f-correct-]", "26.25")
    page.click("button:has-text('Correct')")
    page.wait_for_selector("text=Dose corrected.")
    assert "Logged today: 26.25 mg" in page.inner_text("body")
