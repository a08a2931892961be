"""Today: symptoms that stay strong get their own accurate box, first and kept until acknowledged;
a red-flag answer keeps the "Get help now" box with the emergency body, and comes first."""

from __future__ import annotations

import html
from datetime import UTC, datetime

from fastapi.testclient import TestClient
from strong_symptoms import drive_to_seek_care, start_person

from stepdown.domain.scales import SOWS16
from stepdown.messages import safety

EMERGENCY_BODY = html.escape(safety.URGENT_BODY)


def _main(page: str) -> str:
    return html.unescape(page[page.index("<main") :])


def test_symptoms_notice_is_first_accurate_and_stays_until_acknowledged(
    client: TestClient, post, plan_factory
) -> None:
    engine = client.app.state.engine
    today = datetime.now(UTC).date()
    pid, start = start_person(engine, today, plan_factory)
    drive_to_seek_care(engine, pid, start, today)
    explanation = _open_explanation(engine, pid, today)

    main = _main(client.get("/").text)
    box = main.index('class="urgent seek-care"')
    assert box < main.index("<h1") < main.index("Your dose today")  # before doses, proposals, milestones
    assert main.index(safety.SEEK_CARE_HEADLINE) > box
    assert explanation in main  # the rules' own explanation
    assert safety.URGENT_BODY not in main and safety.URGENT_HEADLINE not in main
    assert 'class="urgent"' not in main  # no emergency box at all
    for tel in ('href="tel:911"', 'href="tel:988"', 'href="tel:18006624357"', 'href="tel:18002221222"'):
        assert tel in main
    assert safety.TOLERANCE_WARNING in main
    # Other pages and a check-in do not hide it; only acknowledging does.
    for path in ("/plan", "/checkin", "/"):
        client.get(path)
    assert safety.SEEK_CARE_HEADLINE in client.get("/").text
    assert post(client, "/red-flags/acknowledge", {}).status_code == 303
    assert safety.SEEK_CARE_HEADLINE not in client.get("/").text


def test_a_red_flag_answer_keeps_get_help_now_and_comes_before_the_symptoms_notice(
    client: TestClient, post, plan_factory
) -> None:
    engine = client.app.state.engine
    today = datetime.now(UTC).date()
    pid, start = start_person(engine, today, plan_factory)
    drive_to_seek_care(engine, pid, start, today)
    data = [(f"a_{i.id}", "3") for i in SOWS16.items]
    data += [("scale", "sows16"), ("day", today.isoformat()), ("red_flags", "chest_pain")]
    assert post(client, "/checkin", data).status_code == 303

    main = _main(client.get("/").text)
    emergency, notice = main.index('class="urgent"'), main.index('class="urgent seek-care"')
    assert emergency < notice < main.index("<h1")
    assert main.index(safety.URGENT_HEADLINE) < notice
    assert safety.URGENT_BODY in main[emergency:notice]  # the emergency body, in the emergency box only
    assert safety.URGENT_BODY not in main[notice:]
    assert safety.SEEK_CARE_HEADLINE in main[notice:]
    post(client, "/red-flags/acknowledge", {})
    main = _main(client.get("/").text)
    assert safety.URGENT_HEADLINE not in main and safety.SEEK_CARE_HEADLINE not in main


def _open_explanation(engine, pid: int, today) -> str:  # noqa: ANN001
    from stepdown.services.today import today_view

    (notice,) = today_view(engine, pid, today).seek_care
    return notice["explanation"]
