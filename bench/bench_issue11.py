"""Issue 11's table, each figure as a ratio to a baseline measured in the same run.

Builds 1-month, 1-year and 5-year SQLite databases through stepdown's own import (an export of a
small real database, its check-ins and doses repeated over the span), then measures:
- CLI start-up: `stepdown today --json` and `stepdown checkin` against a click app that prints a line;
- the web app under 4 concurrent clients (wrk if installed, else a small Python load generator)
  against a hello-world FastAPI app under the same uvicorn options;
- growth: POST/GET /checkin on the 1-year and 5-year databases against the 1-month one;
- Progress at 5 years (bytes and time), bytes on the wire per page, static asset caching.
The machine may be shared, so absolute times are noisy: the ratios within one run are what count.

Run: .venv/bin/python bench/bench_issue11.py [--seconds 3] [--rounds 3] [--runs 7]  (about 3 minutes)
"""

from __future__ import annotations

import argparse
import math
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from conftest import build_plan  # noqa: E402  (the hand-made test plan)

from stepdown.domain.scales import SOWS16  # noqa: E402

TODAY = datetime.now(UTC).date()
SPANS = {"1 month": 30, "1 year": 365, "5 years": 5 * 365}
STEPS = 120  # the same plan shape for every span: only the history grows
HELLO_CLICK = 'import click\n\n@click.command()\ndef main():\n    click.echo("hello")\n\nmain()\n'
HELLO_WEB = """import sys
import uvicorn
from fastapi import FastAPI
from fastapi.responses import HTMLResponse

app = FastAPI()

@app.get("/", response_class=HTMLResponse)
def home() -> str:
    return "<!doctype html><title>hello</title><p>hello"

# The same options as `stepdown serve`.
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning", access_log=False,
            server_header=False)
"""


# --- databases -------------------------------------------------------------------------------------


def build_database(folder: Path, days: int) -> Path:
    """A database with `days` days of daily check-ins and two doses a day, made by import."""
    from stepdown.reports.export import checksum, export_document
    from stepdown.reports.import_ import import_document
    from stepdown.services import checkins, doses, onboarding, person
    from stepdown.storage.db import make_engine, upgrade

    first = TODAY - timedelta(days=days)
    seed = make_engine(f"sqlite:///{folder / f'seed-{days}.db'}")
    upgrade(seed)
    me = person.get_or_create_local_person(seed, timezone="UTC")
    per_step = max(1, math.ceil((days + 60) / STEPS))
    plan = build_plan(first, amounts=tuple(range(2 * STEPS, 0, -2)), days=per_step)
    onboarding.start_taper(seed, me.id, plan=plan)
    raw = {"day": first.isoformat(), "scale": "sows16", "answers": [1] * 16, "craving": 3, "mood": 6}
    checkins.record_checkin(seed, me.id, {**raw, "sleep_hours": "6.5", "sleep_quality": 6}, today=first)
    doses.take_dose(seed, me.id, day=first, today=first)
    document = export_document(seed, now=datetime.now(UTC))
    seed.dispose()

    tables = document["tables"]
    checkin, dose = tables["checkin"][0], tables["dose_log"][0]
    tables["checkin"], tables["dose_log"] = [], []
    for i in range(days):
        day = (first + timedelta(days=i)).isoformat()
        answers = {item.id: (i + n) % 3 for n, item in enumerate(SOWS16.items)}
        total = sum(answers.values())
        data = {**checkin["data"], "day": day, "answers": answers, "total": total, "craving": i % 7}
        tables["checkin"].append(
            {
                **checkin,
                "id": i + 1,
                "day": day,
                "answers": answers,
                "total": total,
                "craving": i % 7,
                "data": data,
            }
        )
        for k in range(2):
            tables["dose_log"].append({**dose, "id": 2 * i + k + 1, "day": day})
    document["checksum"] = checksum(tables)
    path = folder / f"stepdown-{days}.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    import_document(engine, document)
    engine.dispose()
    return path


# --- processes --------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def server(argv: list[str], port: int, env: dict[str, str]) -> Iterator[str]:
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(base + "/", timeout=1)
                break
            except httpx.HTTPError:
                if time.monotonic() > deadline:
                    raise SystemExit(f"{argv[:4]} did not start within 60 s") from None
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def stepdown_server(db: Path, env: dict[str, str]) -> Any:
    port = free_port()
    argv = [sys.executable, "-m", "stepdown", "serve", "--no-browser", "--port", str(port)]
    return server([*argv, "--database-url", f"sqlite:///{db}"], port, env)


# --- load -----------------------------------------------------------------------------------------------


def csrf(base: str) -> str:
    with httpx.Client(base_url=base) as client:
        client.get("/static/app.css")
        return client.cookies.get("stepdown_csrf", "")


def form_body(i: int, token: str) -> str:
    from urllib.parse import urlencode

    form = {f"a_{item.id}": str((i + n) % 2) for n, item in enumerate(SOWS16.items)}
    day = (TODAY - timedelta(days=i % 30)).isoformat()
    form.update(csrf_token=token, scale="sows16", day=day, craving="3", sleep_hours="6.5", mood="6")
    return urlencode(form)


LUA_POST = """
local bodies = {%s}
local n = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = "stepdown_csrf=%s"
wrk.headers["Origin"] = "%s"
request = function()
  n = n + 1
  return wrk.format(nil, nil, nil, bodies[n %% #bodies + 1])
end
"""


def load(base: str, path: str, seconds: float, *, post: bool = False) -> dict[str, float]:
    """Requests/s, p50 and p99 (ms) with 4 concurrent clients for `seconds`."""
    token = csrf(base) if post else ""
    bodies = [form_body(i, token) for i in range(30)]
    if shutil.which("wrk"):
        return _wrk(base, path, seconds, bodies if post else None, token)
    return _python_load(base, path, seconds, bodies if post else None, token)


def _wrk(base: str, path: str, seconds: float, bodies: list[str] | None, token: str) -> dict[str, float]:
    argv = ["wrk", "-t2", "-c4", f"-d{max(1, round(seconds))}s", "--latency", base + path]
    script = None
    if bodies is not None:
        script = Path(tempfile.mkdtemp()) / "post.lua"
        script.write_text(LUA_POST % (",".join(f'"{b}"' for b in bodies), token, base))
        argv[1:1] = ["-s", str(script)]
    out = subprocess.run(argv, capture_output=True, text=True, check=True).stdout
    if script is not None:
        shutil.rmtree(script.parent)
    if "Non-2xx" in out:
        raise SystemExit(f"wrk saw failed requests on {path}:\n{out}")

    def ms(label: str) -> float:
        value, unit = re.search(rf"{label}%\s+([\d.]+)(us|ms|s)", out).groups()  # type: ignore[union-attr]
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    return {"rps": rps, "p50": ms("50"), "p99": ms("99")}


def _python_load(
    base: str, path: str, seconds: float, bodies: list[str] | None, token: str
) -> dict[str, float]:
    latencies: list[float] = []
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def worker(offset: int) -> None:
        headers = {"Origin": base, "Content-Type": "application/x-www-form-urlencoded"}
        with httpx.Client(base_url=base, cookies={"stepdown_csrf": token}, headers=headers) as client:
            i = offset
            while time.perf_counter() < stop:
                t0 = time.perf_counter()
                if bodies is None:
                    response = client.get(path)
                else:
                    response = client.post(path, content=bodies[i % len(bodies)])
                with lock:
                    latencies.append((time.perf_counter() - t0) * 1000)
                if response.status_code >= 400:
                    raise SystemExit(f"{path} answered {response.status_code}")
                i += 4

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(4)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - t0
    ordered = sorted(latencies)
    return {
        "rps": len(ordered) / elapsed,
        "p50": statistics.median(ordered),
        "p99": ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))],
    }


# --- measurements ---------------------------------------------------------------------------------------


def cli_figures(folder: Path, db: Path, env: dict[str, str], runs: int) -> dict[str, tuple[float, float]]:
    """(median wall ms, median CPU ms) of the click app, `stepdown today --json` and `stepdown
    checkin`, in paired runs. CPU time (user + system of the child) is steadier on a busy machine."""
    import resource

    hello = folder / "hello_click.py"
    hello.write_text(HELLO_CLICK)
    stepdown = [sys.executable, "-m", "stepdown"]
    url = ["--database-url", f"sqlite:///{db}"]
    answers = ",".join(["1"] * 16)
    commands = {
        "click": [sys.executable, str(hello)],
        "today": [*stepdown, "today", "--json", *url],
        "checkin": [*stepdown, "checkin", "--answers", answers, "--no-red-flags", "--json", *url],
    }
    for argv in commands.values():  # warm up: byte-code caches, SQLite pages
        subprocess.run(argv, env=env, capture_output=True, check=True)
    wall: dict[str, list[float]] = {name: [] for name in commands}
    cpu: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, argv in commands.items():
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            subprocess.run(argv, env=env, capture_output=True, check=True)
            wall[name].append((time.perf_counter() - t0) * 1000)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            used = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
            cpu[name].append(used * 1000)
    return {name: (statistics.median(wall[name]), statistics.median(cpu[name])) for name in commands}


def page_bytes(base: str, path: str) -> tuple[int, int, float]:
    """(HTML bytes, bytes on the wire with gzip accepted, median ms of 11 sequential GETs)."""
    with httpx.Client(base_url=base, headers={"Accept-Encoding": "gzip"}) as client:
        timings = []
        for _ in range(11):
            t0 = time.perf_counter()
            response = client.get(path)
            timings.append((time.perf_counter() - t0) * 1000)
        return len(response.content), response.num_bytes_downloaded, statistics.median(timings)


def static_caching(base: str) -> str:
    with httpx.Client(base_url=base) as client:
        html = client.get("/").text
        assets = sorted(set(re.findall(r'(?:src|href)="(/static/[^"]+)"', html)))
        verdicts = []
        for asset in assets:
            cache = client.get(asset).headers.get("cache-control", "")
            verdicts.append(f"{asset} -> {cache or 'no Cache-Control'}")
        return "\n    ".join(verdicts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3, help="Seconds per load run (default 3).")
    parser.add_argument("--runs", type=int, default=7, help="Paired runs per CLI figure (default 7).")
    parser.add_argument("--rounds", type=int, default=3, help="Rounds of web load runs (default 3).")
    args = parser.parse_args()
    tool = "wrk -t2 -c4" if shutil.which("wrk") else "Python load generator, 4 clients"
    print(f"stepdown issue 11 bench, {TODAY}, {os.cpu_count()} CPUs, load: {tool}, {args.seconds:g} s a run")
    print("Ratios compare figures measured in this run; absolute times depend on how busy the machine is.\n")
    folder = Path(tempfile.mkdtemp(prefix="stepdown-bench-"))
    env = {**os.environ, "STEPDOWN_DATA_DIR": str(folder / "data"), "HOME": str(folder)}
    # An installed stepdown has its byte code cached; PYTHONDONTWRITEBYTECODE would make every run
    # compile the sources again (about 0.1-0.5 s), which no user pays.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    try:
        t0 = time.perf_counter()
        dbs = {name: build_database(folder, days) for name, days in SPANS.items()}
        print(f"built {', '.join(SPANS)} databases by import in {time.perf_counter() - t0:.1f} s")

        cli = cli_figures(folder, dbs["1 month"], env, args.runs)
        click_wall, click_cpu = cli["click"]
        print(f"\nCLI, 1-month database: median of {args.runs} paired runs, wall time and CPU time")
        print(
            f"  click app printing a line      {click_wall:6.0f} ms wall {click_cpu:5.0f} ms CPU   baseline"
        )
        for key, label, goal in (("today", "stepdown today --json", 3), ("checkin", "stepdown checkin", 4)):
            wall, cpu = cli[key]
            print(
                f"  {label:<30} {wall:6.0f} ms wall {cpu:5.0f} ms CPU   "
                f"{wall / click_wall:5.1f}x wall, {cpu / click_cpu:5.1f}x CPU (goal <= {goal}x)"
            )

        hello_file = folder / "hello_web.py"
        hello_file.write_text(HELLO_WEB)
        port = free_port()
        with ExitStack() as stack:  # every server up at once; the runs take turns, round after round
            bases = {
                "hello": stack.enter_context(server([sys.executable, str(hello_file), str(port)], port, env))
            }
            for name, db in dbs.items():
                bases[name] = stack.enter_context(stepdown_server(db, env))
            jobs = [("hello", "get", "/")]
            for name in dbs:
                jobs += [(name, "post", "/checkin"), (name, "get", "/checkin")]
            jobs.insert(3, ("1 month", "get", "/"))
            for name, kind, path in jobs:  # warm up
                load(bases[name], path, 1, post=kind == "post")
            runs: dict[tuple[str, str, str], list[dict[str, float]]] = {job: [] for job in jobs}
            for _ in range(args.rounds):
                for name, kind, path in jobs:
                    runs[(name, kind, path)].append(
                        load(bases[name], path, args.seconds, post=kind == "post")
                    )
            median = {
                job: {k: statistics.median(r[k] for r in rs) for k in rs[0]} for job, rs in runs.items()
            }
            hello = median[("hello", "get", "/")]
            web = {
                name: {
                    "post": median[(name, "post", "/checkin")],
                    "checkin": median[(name, "get", "/checkin")],
                }
                for name in dbs
            }
            web["1 month"]["today"] = median[("1 month", "get", "/")]
            paths = ("/", "/checkin", "/plan", "/progress", "/toolkit", "/settings", "/reports")
            pages = {p: page_bytes(bases["1 month"], p) for p in paths}
            caching = static_caching(bases["1 month"])
            progress_1y = page_bytes(bases["1 year"], "/progress")
            progress = page_bytes(bases["5 years"], "/progress")

        h = hello
        print(
            f"\nWeb, 4 concurrent clients, median of {args.rounds} rounds of {args.seconds:g} s"
            " (hello world: FastAPI + uvicorn with stepdown serve's options)"
        )
        print(
            f"  {'hello world GET /':<33} {h['rps']:7.0f} req/s  p50 {h['p50']:6.1f} ms"
            f"  p99 {h['p99']:6.1f} ms  baseline"
        )
        m = web["1 month"]
        for label, key in (
            ("POST /checkin", "post"),
            ("GET / (Today)", "today"),
            ("GET /checkin", "checkin"),
        ):
            f = m[key]
            print(
                f"  {label:<33} {f['rps']:7.0f} req/s  p50 {f['p50']:6.1f} ms  p99 {f['p99']:6.1f} ms  "
                f"throughput {f['rps'] / h['rps']:6.1%} of hello, p99 {f['p99'] / h['p99']:5.1f}x hello's"
            )
        print("  goals: POST /checkin >= 50% of hello's throughput and p99 <= 3x; GET / p99 <= 3x hello's")

        print("\nGrowth: cost per request (1 / throughput) against the 1-month database (goal <= 1.2x)")
        for key, label in (("post", "POST /checkin"), ("checkin", "GET /checkin")):
            base_rps = m[key]["rps"]
            cells = "  ".join(
                f"{name}: {base_rps / web[name][key]['rps']:5.2f}x" for name in ("1 year", "5 years")
            )
            print(f"  {label:<33} {cells}")

        print("\nProgress page (goal at 5 years: <= 150 KB and <= 50 ms)")
        for label, (html, wire, ms) in (("1 year", progress_1y), ("5 years", progress)):
            print(f"  {label:<8} {html / 1024:6.1f} KB HTML, {wire / 1024:5.1f} KB on the wire, {ms:5.1f} ms")
        print("  (time: median of 11 sequential GETs, client included)")

        print("\nBytes on the wire (gzip accepted), 1-month database")
        for path, (html, wire, _) in pages.items():
            print(
                f"  {path:<10} {html / 1024:6.1f} KB HTML -> {wire / 1024:5.1f} KB on the wire"
                f" ({wire / html:4.0%})"
            )
        print(f"  static assets on Today:\n    {caching}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
