"""The web pages never tell a person to run a command: no `stepdown <command>` and no `--option`
in any page's visible text, on the demo database and after the actions whose shared messages
used to name the CLI's commands (a craving that ended in use, an empty emergency card, magnesium
above the upper limit)."""

from __future__ import annotations

import html
import re
from pathlib import Path

from fastapi.testclient import TestClient

from stepdown.cli.main import COMMANDS
from stepdown.web.nav import NAV

BASE = "http://127.0.0.1:8765"
TOOLKIT_PAGES = [
    "/toolkit/cravings",
    "/toolkit/breathe",
    "/toolkit/lapse",
    "/toolkit/support",
    "/toolkit/support/card",
    "/toolkit/milestones",
    "/toolkit/selfcare",
]
# Flash messages each page can show after a form (?done=...); they are visible text too.
DONE = {
    "/": ["started", "dose", "magnesium", "checkin", "accepted", "declined", "acknowledged"],
    "/toolkit/cravings": ["craving", "craving_used"],
    "/toolkit/support": ["contact", "group", "distraction", "removed"],
    "/settings": ["magnesium", "thresholds", "reset"],
    "/toolkit/milestones": ["cost"],
    "/toolkit/selfcare": ["bedtime"],
}
NAMES = "|".join(map(re.escape, sorted(COMMANDS, key=len, reverse=True)))
COMMAND = re.compile(rf"\bstepdown\s+({NAMES})\b")
OPTION = re.compile(r"(?<![\w-])--[a-z][a-z-]*")


def visible_text(page: str) -> str:
    """What a person reads: tags, scripts and styles removed, entities decoded."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S | re.I)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def cli_wording(page: str) -> list[str]:
    text = visible_text(page)
    return [m.group(0) for m in COMMAND.finditer(text)] + OPTION.findall(text)


def test_command_pattern_catches_what_the_cli_says() -> None:
    # Guard the scanner itself, so a quiet regex cannot pass the page test below.
    from stepdown.cli import hints

    for hint in (hints.NO_PLAN, hints.CHECKIN_DUE, hints.CRAVING_USED, hints.NO_CONTACTS, hints.RED_FLAG_ACK):
        assert cli_wording(f"<p>{html.escape(hint)}</p>"), hint
    assert cli_wording("<p>Use <code>stepdown backup</code></p>") == ["stepdown backup"]
    assert cli_wording("<p>stepdown makes no requests; 7-OH -- a dash</p>") == []


def test_no_page_of_the_demo_names_a_command_or_an_option(tmp_path: Path) -> None:
    from stepdown.web.app import create_app

    app = create_app(f"sqlite:///{tmp_path / 'demo.db'}", demo=True)
    found: dict[str, list[str]] = {}
    with TestClient(app, base_url=BASE) as client:
        urls = [item.path for item in NAV] + TOOLKIT_PAGES + ["/start", "/start?replace=1"]
        urls += [f"{path}?done={done}" for path, dones in DONE.items() for done in dones]
        for url in urls:
            page = client.get(url)
            assert page.status_code == 200, url
            if hits := cli_wording(page.text):
                found[url] = hits
    app.state.engine.dispose()
    assert found == {}


def test_actions_whose_messages_named_commands_now_read_as_web_pages(client, post) -> None:
    # A fresh person: the emergency card has no contacts yet.
    card = client.get("/toolkit/support/card").text
    assert "no contacts added yet" in card and cli_wording(card) == []

    saved = post(client, "/toolkit/cravings", {"intensity": "7", "outcome": "used", "trigger": "stress"})
    assert saved.status_code == 303 and saved.headers["location"].endswith("done=craving_used")
    page = client.get(saved.headers["location"]).text
    assert "log it as a lapse" in visible_text(page) and 'href="/toolkit/lapse">Log a lapse' in page
    assert cli_wording(page) == []


def test_settings_shows_the_saved_magnesium_plans_warnings(client, post) -> None:
    """More than 350 mg is saved capped at the upper limit; the page says so, in the domain's words."""
    from stepdown.domain import magnesium as mg

    expected = mg.plan_magnesium(mg.MagnesiumRequest.from_dict({"form": "glycinate", "elemental_mg": "500"}))
    assert any(w.level != "info" for w in expected.warnings)  # the request is above the limit
    saved = post(client, "/settings/magnesium", {"mg_form": "glycinate", "mg_elemental": "500", "meals": "2"})
    assert saved.status_code == 303
    page = client.get(saved.headers["location"]).text
    text = " ".join(visible_text(page).split())
    assert f"Now: {expected.daily_elemental_mg} mg elemental magnesium a day" in text
    for warning in expected.warnings:
        assert " ".join(html.unescape(warning.text).split()) in text
    assert cli_wording(page) == []
    # Shown after saving, not on every later visit.
    later = " ".join(visible_text(client.get("/settings").text).split())
    assert all(" ".join(w.text.split()) not in later for w in expected.warnings if w.level != "info")
