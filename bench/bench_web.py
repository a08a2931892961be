"""Drives the web check-in endpoint on loopback and prints throughput, latency and page weight.

Starts `stepdown serve` in a subprocess on a free 127.0.0.1 port with a temporary SQLite database,
onboards one person, then sends a bounded number of check-in form posts (CSRF token included) from
a few concurrent clients, each post a full 16-item check-in for one of the last 30 days (so both
new days and same-day updates, which keep history, are measured). Finally it weighs the Today and
Check-in pages: HTML plus every asset they load.

Run: .venv/bin/python bench/bench_web.py [--requests 500] [--concurrency 4]
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path

import httpx

from stepdown.domain.scales import SOWS16


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(folder: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {**os.environ, "STEPDOWN_DATA_DIR": str(folder)}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "stepdown",
            "serve",
            "--no-browser",
            "--port",
            str(port),
            "--database-url",
            f"sqlite:///{folder / 'bench.db'}",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(base + "/static/app.css", timeout=1)
            return proc, base
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("the server did not start within 60 s")


def new_client(base: str) -> tuple[httpx.Client, str]:
    client = httpx.Client(base_url=base, headers={"Origin": base}, timeout=30)
    client.get("/static/app.css")
    return client, client.cookies["stepdown_csrf"]


def onboard(base: str) -> None:
    client, token = new_client(base)
    form = {
        "csrf_token": token,
        "action": "confirm",
        "understood": "yes",
        "substance": "7-oh-tablets",
        "form": "tablet",
        "unit": "mg",
        "daily_amount": "60",
        "times_per_day": "2",
        "strength": "15",
        "split": "4",
        "duration": "6",
        "duration_unit": "months",
        "attempts": "0",
        "mg_form": "glycinate",
        "meals": "2",
        "start": (date.today() - timedelta(days=30)).isoformat(),
        "stabilise_days": "3",
        "style": "short",
    }
    response = client.post("/start", data=form)
    if response.status_code != 303:
        raise SystemExit(f"onboarding failed with HTTP {response.status_code}")


def checkin_form(i: int, token: str) -> dict[str, str]:
    form = {f"a_{item.id}": str((i + n) % 3) for n, item in enumerate(SOWS16.items)}
    form.update(
        csrf_token=token,
        scale="sows16",
        day=(date.today() - timedelta(days=i % 30)).isoformat(),
        craving=str(i % 8),
        sleep_hours="6.5",
        sleep_quality="6",
        mood="6",
        self_care="water",
    )
    return form


def drive(base: str, total: int, concurrency: int) -> tuple[list[float], int, float]:
    latencies: list[float] = []
    failures = 0
    counter = iter(range(total))
    lock = threading.Lock()

    def worker() -> None:
        nonlocal failures
        client, token = new_client(base)
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            t0 = time.perf_counter()
            response = client.post("/checkin", data=checkin_form(i, token))
            elapsed = time.perf_counter() - t0
            with lock:
                latencies.append(elapsed)
                if response.status_code != 303:
                    failures += 1

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=600)
    return latencies, failures, time.perf_counter() - t0


def page_weight(base: str, path: str) -> tuple[int, int, int]:
    """(HTML bytes, asset bytes, number of assets) for one page."""
    client, _ = new_client(base)
    html = client.get(path).content
    assets = sorted(set(re.findall(rb'(?:src|href)="(/static/[^"]+)"', html)))
    asset_bytes = sum(len(client.get(a.decode()).content) for a in assets)
    return len(html), asset_bytes, len(assets)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        proc, base = start_server(Path(folder))
        try:
            onboard(base)
            drive(base, 20, 2)  # warm up: imports, templates, SQLite pages
            latencies, failures, seconds = drive(base, args.requests, args.concurrency)
            ordered = sorted(latencies)
            p50 = statistics.median(ordered) * 1000
            p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000
            print(
                f"check-in POST: {len(latencies)} requests, {args.concurrency} concurrent clients, "
                f"{failures} failed"
            )
            print(f"  throughput  {len(latencies) / seconds:8.1f} requests/s")
            print(f"  latency p50 {p50:8.1f} ms")
            print(f"  latency p99 {p99:8.1f} ms")
            for name, path in (("Today", "/"), ("Check-in", "/checkin")):
                html, assets, count = page_weight(base, path)
                print(
                    f"{name} page: {html + assets:,} bytes in total "
                    f"({html:,} HTML + {assets:,} in {count} assets)"
                )
        finally:
            proc.terminate()
            proc.wait(timeout=10)


if __name__ == "__main__":
    main()
