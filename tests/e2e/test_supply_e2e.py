"""Supply on the web in a real browser: on hand at onboarding, what is left on Today, the refill
warning, and a refill through the form (htmx swaps Today in place)."""

from __future__ import annotations

import re

import pytest
from test_journey import onboard

pytestmark = pytest.mark.e2e


def test_supply_on_today_and_a_refill(server: str, page, shoot) -> None:  # noqa: ANN001
    onboard(page, server)
    page.click("summary:has-text('Change your answers')")
    page.fill("#f-on_hand", "6")  # 60 mg a day of 15 mg tablets: about two days
    page.click("button:has-text('Update the plan')")
    page.wait_for_selector("#preview")
    page.check("#f-understood")
    page.click("button:has-text('Start my taper')")
    page.wait_for_url(re.compile(r"/\?started=1$"))

    supply = page.locator("#supply")
    text = supply.inner_text()
    assert "Supply: 6 tablets left, enough until" in text
    assert "Refill needed: your supply runs out on" in text and "sudden stop" in text
    assert supply.get_attribute("class") == "card supply-due"
    shoot(page, "supply-due")

    supply.locator("summary:has-text('I got more')").click()
    page.fill("#f-refill", "lots")
    page.click("button:has-text('Add to my supply')")
    page.wait_for_selector("#refill-error")
    assert page.get_attribute("#f-refill", "aria-invalid") == "true"

    page.fill("#f-refill", "100")
    page.click("button:has-text('Add to my supply')")
    page.wait_for_selector("text=Refill recorded.")
    text = page.locator("#supply").inner_text()
    assert "Supply: 106 tablets left, enough to the end of the plan" in text and "Refill needed" not in text
    shoot(page, "supply-refilled")
