"""Check-in POST throughput of the clinic server with 4 worker processes on PostgreSQL, against
the same server's simplest route (GET /sw.js: a small file, through the same middleware and the
authorization table's session look-up, no template, no write).

Creates a throw-away PostgreSQL database through the migrations, makes one person account per
client, starts `stepdown serve --accounts --workers 4` on a free loopback port, signs each client
in, then sends a bounded number of full check-in form posts (CSRF token and session cookie
included; each client its own person, days cycling over the last 30 so updates keep history).

Run: .venv/bin/python bench/bench_clinic_web.py [--requests 400] [--concurrency 8] [--workers 4]
     (STEPDOWN_BENCH_PG_URL: a PostgreSQL URL we may CREATE DATABASE from; default local postgres)
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta

import httpx

from stepdown.domain.scales import SOWS16

ADMIN_URL = os.environ.get("STEPDOWN_BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
PASSWORD = "bench password 1234"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def checkin_form(i: int, token: str) -> dict[str, str]:
    form = {f"a_{item.id}": str((i + n) % 3) for n, item in enumerate(SOWS16.items)}
    day = datetime.now(UTC).date() - timedelta(days=i % 30)
    form.update(csrf_token=token, scale="sows16", day=day.isoformat(), craving=str(i % 8), mood="6")
    return form


def signed_in(base: str, username: str) -> tuple[httpx.Client, str]:
    client = httpx.Client(base_url=base, headers={"Origin": base}, timeout=60)
    client.get("/login")
    token = client.cookies["stepdown_csrf"]
    r = client.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": token})
    assert r.status_code == 303, r.text[:300]
    return client, token


def drive(clients: list[tuple[httpx.Client, str]], total: int, send) -> tuple[list[float], int, float]:  # noqa: ANN001
    latencies: list[float] = []
    failures = 0
    counter = iter(range(total))
    lock = threading.Lock()

    def worker(client: httpx.Client, token: str) -> None:
        nonlocal failures
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            t0 = time.perf_counter()
            ok = send(client, token, i)
            with lock:
                latencies.append(time.perf_counter() - t0)
                failures += 0 if ok else 1

    threads = [threading.Thread(target=worker, args=pair) for pair in clients]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=900)
    return latencies, failures, time.perf_counter() - t0


def report(label: str, latencies: list[float], failures: int, seconds: float) -> None:
    ms = sorted(x * 1000 for x in latencies)
    p95 = ms[int(len(ms) * 0.95) - 1] if ms else 0
    print(
        f"{label:<28} {len(ms) / seconds:>8.1f} req/s   median {statistics.median(ms):6.1f} ms   "
        f"p95 {p95:6.1f} ms   failures {failures}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--workers", type=int, default=4)
    args = parser.parse_args()

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from stepdown.services.accounts import create_account
    from stepdown.storage.db import make_engine, upgrade

    name = f"stepdown_bench_web_{os.getpid()}"
    admin = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    proc = None
    try:
        engine = make_engine(url)
        upgrade(engine)
        for n in range(args.concurrency):
            create_account(engine, username=f"person{n}", password=PASSWORD, role="person")
        engine.dispose()
        port = free_port()
        env = {**os.environ, "STEPDOWN_ALLOWED_HOSTS": "127.0.0.1"}
        command = [sys.executable, "-m", "stepdown", "serve", "--accounts", "--workers", str(args.workers)]
        command += ["--port", str(port), "--database-url", url]
        log = open(f"/tmp/{name}.log", "wb")  # noqa: SIM115 - closed with the process
        proc = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 300  # four processes start on a shared machine
        while True:
            try:
                if httpx.get(base + "/sw.js", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("the server did not start; see " + log.name) from None
                time.sleep(0.5)
        clients = [signed_in(base, f"person{n}") for n in range(args.concurrency)]
        print(
            f"clinic server, {args.workers} worker processes, PostgreSQL, {args.concurrency} clients, "
            f"{args.requests} requests each run"
        )
        hello = drive(clients, args.requests, lambda c, t, i: c.get("/sw.js").status_code == 200)
        report("GET /sw.js (hello world)", *hello)
        posts = drive(
            clients,
            args.requests,
            lambda c, t, i: c.post("/checkin", data=checkin_form(i, t)).status_code == 303,
        )
        report("POST /checkin", *posts)
        for client, _ in clients:
            client.close()
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=30)
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


if __name__ == "__main__":
    main()
