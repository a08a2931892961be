"""End-to-end fixtures: a real `stepdown serve` in a subprocess on a free port with a temporary
SQLite database, driven by Debian's headless Chromium through Playwright (never `playwright install`).

Every test gets its own server and database. `shoot(name)` saves a phone-sized (360x780) and a
desktop-sized (1280x900) full-page screenshot under artifacts/screenshots/ (not committed). With
STEPDOWN_SCREENSHOTS=1, tests marked `screenshots` (every page, tests/e2e/test_phone_pages.py) write
them instead to the committed tests/e2e/artifacts/screenshots/<page>-<phone|desktop>.png, reduced
to a 256-colour palette so the set stays a few MB:

    STEPDOWN_SCREENSHOTS=1 .venv/bin/pytest -q tests/e2e/test_phone_pages.py
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 360, "height": 780}
DESKTOP = {"width": 1280, "height": 900}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
COMMITTED_SCREENSHOTS = Path(__file__).resolve().parent / "artifacts" / "screenshots"

pytestmark = pytest.mark.e2e


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(database_url: str, data_dir: Path, *extra: str) -> tuple[subprocess.Popen[bytes], str]:
    """Start `stepdown serve` and wait until it answers; returns (process, base URL)."""
    port = _free_port()
    env = {**os.environ, "STEPDOWN_DATA_DIR": str(data_dir), "PYTHONUNBUFFERED": "1"}
    env.pop("STEPDOWN_DATABASE_URL", None)
    args = [sys.executable, "-m", "stepdown", "serve", "--no-browser", "--port", str(port), *extra]
    if "--demo" not in extra:
        args += ["--database-url", database_url]
    log = open(data_dir / "server.log", "wb")  # noqa: SIM115 - closed with the process
    proc = subprocess.Popen(args, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("server exited:\n" + (data_dir / "server.log").read_text())
        try:
            with urllib.request.urlopen(base + "/static/app.css", timeout=2):
                return proc, base
        except OSError:
            time.sleep(0.1)
    proc.terminate()
    raise RuntimeError("server did not start in 60 s:\n" + (data_dir / "server.log").read_text())


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """Base URL of a fresh server on an empty SQLite database."""
    db = tmp_path / "e2e.db"
    proc, base = start_server(f"sqlite:///{db}", tmp_path)
    yield base
    stop_server(proc)


@pytest.fixture
def demo_server(tmp_path: Path) -> Iterator[str]:
    """Base URL of a server on the demo database (three weeks of example data)."""
    proc, base = start_server("", tmp_path, "--demo")
    yield base
    stop_server(proc)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    # Playwright's string helpers (wait_for_function) evaluate code, which the app's strict
    # Content-Security-Policy refuses; test_no_request_leaves_loopback_on_any_page uses its own
    # context without this bypass to prove the policy breaks no page.
    context = browser.new_context(viewport=DESKTOP, locale="en-US", bypass_csp=True)  # type: ignore[attr-defined]
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    yield pg
    context.close()


@pytest.fixture
def shoot(request: pytest.FixtureRequest) -> Callable[[object, str], None]:
    """shoot(page, "today") saves <test>-today-phone.png and <test>-today-desktop.png (or, for the
    committed set, today-phone.png and today-desktop.png)."""
    committed = (
        os.environ.get("STEPDOWN_SCREENSHOTS") == "1"
        and request.node.get_closest_marker("screenshots") is not None
    )
    folder = COMMITTED_SCREENSHOTS if committed else SCREENSHOTS
    folder.mkdir(parents=True, exist_ok=True)
    test = request.node.name.removeprefix("test_")

    def take(pg: object, name: str) -> None:
        for label, size in (("phone", PHONE), ("desktop", DESKTOP)):
            pg.set_viewport_size(size)  # type: ignore[attr-defined]
            path = folder / (f"{name}-{label}.png" if committed else f"{test}-{name}-{label}.png")
            pg.screenshot(path=str(path), full_page=True)  # type: ignore[attr-defined]
            if committed:
                _palette(path)
        pg.set_viewport_size(DESKTOP)  # type: ignore[attr-defined]

    return take


def _palette(path: Path) -> None:
    """Rewrite a screenshot with a 256-colour palette (flat UI colours survive; a third of the size)."""
    from PIL import Image  # Pillow comes with fpdf2

    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)
