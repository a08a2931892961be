"""The person's pages over long histories: bytes and time of /progress, /plan and /reports (and the
clinician PDF) on 1-month, 1-year and 5-year SQLite databases, in process (FastAPI's TestClient).

The databases are bench_issue11's (`build_database`: daily check-ins, two doses a day, a 120-step
plan), built through stepdown's own import. Times are medians of warm GETs, client included; the
machine may be shared, so compare the spans within one run.

Run: .venv/bin/python bench/bench_long_history.py [--runs 5] [--keep FOLDER]  (about 1 minute)
  --keep reuses (or makes) the databases in FOLDER, for repeated runs on the same day.
  --profile PATH prints a cProfile of that page's service and chart work on the 5-year database.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_issue11 import SPANS, TODAY, build_database  # noqa: E402

PAGES = ("/progress", "/plan", "/reports")
PDF = "/reports/clinician.pdf"


def database(folder: Path, days: int) -> Path:
    path = folder / f"stepdown-{days}.db"
    if path.exists() and path.with_suffix(".day").read_text() == TODAY.isoformat():
        return path
    for stale in (path, folder / f"seed-{days}.db"):
        stale.unlink(missing_ok=True)
    built = build_database(folder, days)
    built.with_suffix(".day").write_text(TODAY.isoformat())
    return built


def measure(db: Path, runs: int) -> dict[str, tuple[int, float, float]]:
    """(bytes, median wall ms, median CPU ms) of each page and of the PDF download. The app runs in
    this process (the TestClient's thread), so CPU time counts its work, and is steadier than wall
    time when the machine is busy."""
    from fastapi.testclient import TestClient

    from stepdown.web.app import create_app

    client = TestClient(create_app(f"sqlite:///{db}"), base_url="http://127.0.0.1")
    out = {}
    for path in (*PAGES, PDF):
        response = client.get(path)  # warm up
        assert response.status_code == 200, (path, response.status_code)
        wall, cpu = [], []
        for _ in range(runs if path != PDF else max(1, runs // 2)):
            t0, c0 = time.perf_counter(), time.process_time()
            response = client.get(path)
            wall.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
        out[path] = (len(response.content), statistics.median(wall), statistics.median(cpu))
    client.close()
    return out


HANDLERS = {
    "/progress": ("stepdown.web.routes.progress", "progress_page"),
    "/plan": ("stepdown.web.routes.plan", "plan_page"),
    "/reports": ("stepdown.web.routes.reports", "reports_page"),
}


def profile(db: Path, path: str) -> None:
    """The page's handler called in this thread (the TestClient's server thread hides it from
    cProfile): its queries, charts and template."""
    import importlib

    from starlette.requests import Request

    from stepdown.web.app import create_app

    module, name = HANDLERS[path]
    handler = getattr(importlib.import_module(module), name)
    app = create_app(f"sqlite:///{db}")
    scope = {
        "type": "http", "method": "GET", "path": path, "query_string": b"", "headers": [],
        "app": app, "server": ("127.0.0.1", 80), "client": ("127.0.0.1", 1), "scheme": "http",
        "root_path": "", "state": {},
    }  # fmt: skip
    handler(Request(scope))  # warm up: the person, the templates
    prof = cProfile.Profile()
    prof.enable()
    for _ in range(5):
        handler(Request(scope))
    prof.disable()
    pstats.Stats(prof).sort_stats("cumulative").print_stats(35)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="GETs per page (default 5; the PDF half).")
    parser.add_argument("--keep", type=Path, help="Folder to keep the databases in between runs.")
    parser.add_argument("--profile", choices=PAGES, help="Profile one page on the 5-year database.")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="stepdown-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("STEPDOWN_DATA_DIR", str(folder / "data"))
    try:
        t0 = time.perf_counter()
        dbs = {name: database(folder, days) for name, days in SPANS.items()}
        print(f"stepdown long-history bench, {TODAY}, {os.cpu_count()} CPUs; databases ready in "
              f"{time.perf_counter() - t0:.1f} s")  # fmt: skip
        if args.profile:
            profile(dbs["5 years"], args.profile)
            return
        figures = {name: measure(db, args.runs) for name, db in dbs.items()}
        print(f"median of {args.runs} warm GETs (the PDF: of {max(1, args.runs // 2)}), in process;"
              " wall ms / CPU ms\n")  # fmt: skip
        print(f"  {'page':<24}" + "".join(f"{name:>27}" for name in SPANS) + "   5 y / 1 y (CPU)")
        for path in (*PAGES, PDF):
            cells = "".join(
                f"{figures[n][path][0] / 1024:8.1f} KB {figures[n][path][1]:7.1f} /{figures[n][path][2]:6.1f}"
                for n in SPANS
            )
            ratio = figures["5 years"][path][2] / figures["1 year"][path][2]
            print(f"  {path:<24}{cells}   {ratio:5.2f}x")
        print("\n  goals at 5 years: /progress <= 150 KB and <= 50 ms; every page about as at 1 year")
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
