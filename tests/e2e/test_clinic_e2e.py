"""The clinic server in a real browser, on the real PostgreSQL: admin -> clinician -> person on a
phone, a red flag reaching the clinician's list, an audited visit and agreement, another clinician
kept out, and the person ending the link."""

from __future__ import annotations

import re
import time
from urllib.parse import urlsplit

import pytest
from test_journey import onboard
from test_phone_pages import _check

from stepdown.domain.scales import SOWS10


def _e2e_conftest():  # noqa: ANN202
    """This folder's conftest by path: `import conftest` may find tests/accounts/conftest.py first."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.spec_from_file_location("e2e_conftest", Path(__file__).with_name("conftest.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_E2E = _e2e_conftest()
DESKTOP, PHONE, start_server, stop_server = _E2E.DESKTOP, _E2E.PHONE, _E2E.start_server, _E2E.stop_server
pytestmark = [pytest.mark.e2e, pytest.mark.postgres]
_DATABASE: dict[str, str] = {}
PASSWORD = "a long enough password"


@pytest.fixture
def clinic(make_pg_database, tmp_path):  # noqa: ANN001, ANN201
    from stepdown.services.accounts import create_account
    from stepdown.storage.db import make_engine, upgrade

    url = make_pg_database()
    engine = make_engine(url)
    upgrade(engine)
    create_account(engine, username="root", password=PASSWORD, role="admin")
    engine.dispose()
    proc, base = start_server(url, tmp_path, "--accounts")
    _DATABASE["url"] = url
    yield base
    stop_server(proc)


def _window(browser, size=DESKTOP):  # noqa: ANN001, ANN202
    context = browser.new_context(viewport=size, locale="en-US", bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(30_000)  # argon2id takes its time on a busy machine
    return page


def _sign_in(page, base: str, username: str) -> None:  # noqa: ANN001
    page.goto(base + "/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("button:has-text('Sign in')")
    page.wait_for_url(re.compile(r"/(clinic)?$"))


def _invite(page, kind: str) -> str:  # noqa: ANN001
    base = "{0.scheme}://{0.netloc}".format(urlsplit(page.url))
    page.goto(base + "/invitations")
    page.select_option("#kind", kind)
    page.click("button:has-text('Create the link')")
    assert page.locator("img[alt='QR code of the invitation link']").is_visible()
    return page.inner_text("#invite-link").strip()


def _accept(page, link: str, username: str, name: str = "") -> None:  # noqa: ANN001
    page.goto(link)
    page.fill("#username", username)
    if name:
        page.fill("#display_name", name)
    page.fill("#password", PASSWORD)
    page.fill("#password_again", PASSWORD)
    page.click("button:has-text('Create my account')")


@pytest.mark.screenshots
def test_clinician_sees_the_red_flag_first_and_loses_access_when_the_person_says_so(
    clinic: str,
    browser,
    shoot,  # noqa: ANN001
) -> None:
    admin = _window(browser)
    _sign_in(admin, clinic, "root")
    lee = _window(browser)
    _accept(lee, _invite(admin, "clinician"), "lee", "Dr Lee")
    lee.wait_for_url(re.compile(r"/clinic$"))
    link = _invite(lee, "person")
    shoot(lee, "clinic-invitation")

    # The person accepts on a phone, starts a taper and checks in with a red flag.
    ann = _window(browser, PHONE)
    ann.goto(link)
    assert "Dr Lee invites you" in ann.inner_text("main")
    _accept(ann, link, "ann")
    ann.wait_for_url(re.compile(r"/start$"))
    onboard(ann, clinic, days_ago=1)
    ann.check("#f-understood")
    ann.click("button:has-text('Start my taper')")
    ann.wait_for_url(re.compile(r"/\?started=1$"))
    ann.goto(clinic + "/checkin?scale=sows10")
    for item in SOWS10.items:
        ann.locator(f'input[name="a_{item.id}"][value="1"]').check()
    ann.check("#rf-chest_pain")
    ann.click("button:has-text('Save my check-in')")
    ann.wait_for_url(re.compile(r"/\?done=checkin"))
    assert ann.locator("section.urgent").count() == 1

    # The clinician's list: the person first, with the reason in words.
    lee.goto(clinic + "/clinic")
    first = lee.locator("#attention > li").first
    assert "ann" in first.inner_text() and "Red-flag answer on" in first.inner_text()
    shoot(lee, "clinic-needs-attention")
    first.locator("a").click()
    lee.wait_for_url(re.compile(r"/clinic/people/\d+$"))
    person_path = urlsplit(lee.url).path
    lee.click("button:has-text('I agree with this plan')")
    lee.wait_for_url(re.compile(r"done=agreed"))
    main = lee.inner_text("main")
    assert re.search(r"agreed by .+ \(clinician\)", main) and "clinician:lee" not in main  # in words
    shoot(lee, "clinic-person")

    # The clinician proposes a hold; it waits on her Today page, marked as theirs, until she accepts.
    lee.check('input[name="kind"][value="hold"]')
    lee.select_option("#f-days", "2")
    lee.fill("#f-reason", "Let the red flag settle first.")
    lee.click("button:has-text('Propose this change')")
    lee.wait_for_url(re.compile(r"done=proposed"))
    ann.goto(clinic + "/")
    mine = ann.locator("section.proposal", has_text="From your clinician, Dr Lee")
    assert "Let the red flag settle first." in mine.inner_text()
    mine.locator("button:has-text('Accept')").click()
    mine.wait_for(state="detached")  # Today is swapped in place (htmx) without the proposal
    lee.goto(clinic + person_path)
    assert "hold · Dr Lee proposes" in lee.inner_text("main")

    # Another clinician cannot see her.
    kim = _window(browser)
    _accept(kim, _invite(admin, "clinician"), "kim", "Dr Kim")
    kim.wait_for_url(re.compile(r"/clinic$"))
    assert "ann" not in kim.inner_text("main")
    assert kim.goto(clinic + person_path).status == 404

    # She sees who viewed her data, and ends the link; the clinician loses access at once.
    ann.goto(clinic + "/account")
    seen = ann.inner_text("main")
    assert "Dr Lee (clinician)" in seen and "viewed your page" in seen and "clinician:lee" not in seen
    # On a 360 px phone the audit table scrolls in its own focusable box, not the page (QA: 437 px).
    assert _check(ann, "/account") == []
    assert ann.locator(".scroll-hint").first.is_visible()
    shoot(ann, "clinic-account")
    ann.click("button:has-text('Stop sharing with Dr Lee')")
    ann.wait_for_url(re.compile(r"/account\?done="))
    assert lee.goto(clinic + person_path).status == 404
    lee.goto(clinic + "/clinic")
    assert "ann" not in lee.inner_text("#main")
    for page in (admin, lee, ann, kim):
        page.context.close()


def test_a_checkin_made_offline_is_sent_once_when_the_connection_is_back(
    clinic: str,
    browser,  # noqa: ANN001
) -> None:
    admin = _window(browser)
    _sign_in(admin, clinic, "root")
    phone = _window(browser, PHONE)
    _accept(phone, _invite(admin, "person"), "eve")
    phone.wait_for_url(re.compile(r"/start$"))
    onboard(phone, clinic, days_ago=1)
    phone.check("#f-understood")
    phone.click("button:has-text('Start my taper')")
    phone.wait_for_url(re.compile(r"/\?started=1$"))
    # The installed service worker keeps Today and the check-in form for offline use.
    phone.wait_for_function("navigator.serviceWorker.controller !== null")
    phone.goto(clinic + "/")
    phone.goto(clinic + "/checkin?scale=sows10")

    phone.context.set_offline(True)
    phone.goto(clinic + "/")
    assert "Today" in phone.title() or phone.locator("#today").count() == 1
    phone.goto(clinic + "/checkin")
    for item in SOWS10.items:
        phone.locator(f'input[name="a_{item.id}"][value="2"]').check()
    phone.click("button:has-text('Save my check-in')")
    phone.wait_for_selector("#queued")
    assert "Saved on this phone" in phone.inner_text("h1")
    assert _checkins(clinic) == 0

    # Back online: the service worker sends it by itself (background sync, or the next page's
    # request to send what waits), with its Idempotency-Key; sending again stores nothing more.
    phone.context.set_offline(False)
    phone.goto(clinic + "/")
    deadline = time.monotonic() + 60
    while _checkins(clinic) == 0 and time.monotonic() < deadline:
        time.sleep(0.5)
    for _ in range(2):
        phone.goto(clinic + "/")
        phone.evaluate("navigator.serviceWorker.controller.postMessage('flush')")
    assert _checkins(clinic) == 1
    for page in (admin, phone):
        page.context.close()


def _checkins(base: str) -> int:
    """Check-ins and their earlier versions stored on the server (eve is the only person)."""
    from sqlalchemy import create_engine, text

    engine = create_engine(_DATABASE["url"])
    try:
        with engine.connect() as conn:
            return conn.execute(
                text("SELECT (SELECT count(*) FROM checkin) + (SELECT count(*) FROM checkin_history)")
            ).scalar_one()
    finally:
        engine.dispose()


def test_a_person_downloads_their_own_export_on_a_phone(clinic: str, browser) -> None:  # noqa: ANN001
    import json
    from pathlib import Path

    admin = _window(browser)
    _sign_in(admin, clinic, "root")
    other = _window(browser)
    _accept(other, _invite(admin, "person"), "zed")
    other.wait_for_url(re.compile(r"/start$"))
    other.goto(clinic + "/reports")
    other.fill("#f-note", "zed-only-note-5521")
    other.click("button:has-text('Save the note')")
    other.wait_for_url(re.compile(r"noted=1"))

    phone = _window(browser, PHONE)
    _accept(phone, _invite(admin, "person"), "fay")
    phone.wait_for_url(re.compile(r"/start$"))
    phone.goto(clinic + "/reports")
    phone.fill("#f-note", "fay-own-note-8812")
    phone.click("button:has-text('Save the note')")
    phone.wait_for_url(re.compile(r"noted=1"))
    assert phone.locator("a[href='/reports/backup.db']").count() == 0
    with phone.expect_download() as info:
        phone.click("a:has-text('JSON export')")
    document = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    notes = [row["text"] for row in document["tables"]["note"]]
    assert notes == ["fay-own-note-8812"]
    assert len(document["tables"]["person"]) == 1 and "zed" not in json.dumps(document)
    for page in (admin, other, phone):
        page.context.close()


def test_after_a_red_flag_is_acknowledged_the_helplines_are_open_with_the_service_worker(
    clinic: str,
    browser,  # noqa: ANN001
) -> None:
    """QA: the page says the numbers are at the bottom; on the clinic server, with the service
    worker in control of Today, they are shown open after "I have read this"."""
    admin = _window(browser)
    _sign_in(admin, clinic, "root")
    phone = _window(browser, PHONE)
    _accept(phone, _invite(admin, "person"), "flo")
    phone.wait_for_url(re.compile(r"/start$"))
    onboard(phone, clinic, days_ago=1)
    phone.check("#f-understood")
    phone.click("button:has-text('Start my taper')")
    phone.wait_for_url(re.compile(r"/\?started=1$"))
    phone.wait_for_function("navigator.serviceWorker.controller !== null")
    phone.goto(clinic + "/")  # Today is now kept by the service worker
    phone.goto(clinic + "/checkin?scale=sows10")
    for item in SOWS10.items:
        phone.locator(f'input[name="a_{item.id}"][value="1"]').check()
    phone.check("#rf-chest_pain")
    phone.click("button:has-text('Save my check-in')")
    phone.wait_for_url(re.compile(r"/\?done=checkin"))
    phone.click("button:has-text('I have read this')")
    phone.wait_for_url(re.compile(r"done=acknowledged"))
    assert "the numbers are always at the bottom" in phone.inner_text("main")
    helplines = phone.locator("footer details.helplines")
    assert helplines.evaluate("e => e.open")
    assert helplines.locator("a[href='tel:988']").is_visible()
    for page in (admin, phone):
        page.context.close()
