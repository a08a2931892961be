"""The intake and magnesium advice on the web pages is plain words, never command-line options or
`stepdown ...` commands, and none of it is lost: the same warnings, at the same place, with sources."""

from __future__ import annotations

import html
import re
from datetime import date

from fastapi.testclient import TestClient


def intake_form(**changes: str) -> dict[str, str]:
    data = {
        "substance": "7-oh-tablets",
        "form": "tablet",
        "unit": "mg",
        "daily_amount": "60",
        "times_per_day": "2",
        "strength": "15",
        "split": "4",
        "resolution": "",
        "concentration": "",
        "duration": "6",
        "duration_unit": "months",
        "attempts": "0",
        "mg_form": "citrate",
        "mg_elemental": "500",
        "meals": "2",
        "start": date.today().isoformat(),
        "stabilise_days": "0",
        # the suggested gradual style cannot taper 60 mg in quarters of 15 mg (issue 9): short, chosen
        "style": "short",
        "against_advice": "yes",
        "medicines": "cipro, levothyroxine, unknownol",
    }
    data.update(changes)
    return data


def items(page: str) -> list[str]:
    """The text of every list item in the preview (flags, reasons, warnings, notes)."""
    [preview] = re.findall(r'<section id="preview".*?</section>', page, re.S)
    found = re.findall(r"<li>(.*?)</li>", preview, re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", item)) for item in found]


def test_preview_shows_medicine_and_high_magnesium_warnings_without_options(client: TestClient, post) -> None:
    client.get("/start")
    r = post(client, "/start", {**intake_form(), "action": "preview"})
    assert r.status_code == 200
    texts = items(r.text)
    # Every piece of advice is there ...
    [flag] = [t for t in texts if "magnesium affects these medicines" in t]
    assert "cipro" in flag and "levothyroxine" in flag and "pharmacist" in flag and "Source:" in flag
    [above] = [t for t in texts if "350 mg upper limit" in t]
    assert "500 mg" in above and "lowered to 350 mg" in above and "clinician agrees" in above
    assert any("cipro" in t and "at least 2 hours" in t for t in texts)  # the spacing the flag points to
    assert any("4 hours" in t and "levothyroxine" in t for t in texts)
    assert any("hydrogen citrate" in t and "elemental amount from the label" in t for t in texts)
    assert any("unknownol" in t for t in texts)
    assert "350 mg of elemental magnesium a day" in r.text
    # ... and none of it names a command-line option or command.
    assert len(texts) > 8
    for text in texts:
        assert "--" not in text and "`" not in text and "stepdown magnesium" not in text, text
    assert "--" not in html.unescape(re.sub(r"<[^>]+>", " ", r.text))


def test_settings_magnesium_error_for_another_form_is_plain(client: TestClient, post, field_error) -> None:
    client.get("/start")
    form = intake_form(mg_elemental="", medicines="")
    assert post(client, "/start", {**form, "action": "confirm", "understood": "yes"}).status_code == 303
    r = post(client, "/settings/magnesium", {"mg_form": "other", "mg_elemental": "", "meals": "2"})
    assert r.status_code == 400
    message = html.unescape(field_error(r.text, "mg_elemental") or "")
    assert "elemental magnesium from the label" in message and "--" not in message
