"""Prints how long the reports take for a long taper: 120 days of doses, magnesium and check-ins.

Run: .venv/bin/python bench/bench_reports.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "reports"))

RUNS = 3


def timed(label: str, func, runs: int = RUNS):  # noqa: ANN001, ANN201
    times, result = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = func()
        times.append((time.perf_counter() - t0) * 1000)
    print(f"{label:<40} {statistics.median(times):>9.0f} ms")
    return result


def main() -> None:
    from dataclasses import replace

    from report_helpers import make_report_data, make_test_plan, store_report_data

    from stepdown.reports import backup, export, fhir, ics, import_, pdf
    from stepdown.reports.data import load
    from stepdown.storage.db import make_engine, upgrade

    amounts = tuple(range(60, 0, -4))  # 15 steps of 8 days: 120 days
    plan = make_test_plan(start=date(2026, 6, 1), amounts=amounts, days=(8,) * len(amounts))
    base = make_report_data(plan)
    # stretch the check-ins, doses and magnesium over the whole plan
    days = [plan.start + timedelta(days=i) for i in range(119)]
    checkins = tuple(replace(base.checkins[i % len(base.checkins)], day=d) for i, d in enumerate(days))
    doses = tuple(
        replace(base.doses[0], day=d, planned_amount=p.amount, actual_amount=p.amount)
        for d in days
        for p in plan.step_on(d).portions
    )
    mg = tuple(replace(base.magnesium_logs[0], day=d) for d in days)
    today = days[-1] + timedelta(days=1)
    data = replace(base, checkins=checkins, doses=doses, magnesium_logs=mg, today=today)

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.db"
        engine = make_engine(url)
        upgrade(engine)
        person = store_report_data(engine, data)
        print(f"{len(checkins)} check-ins, {len(doses)} doses, {len(mg)} magnesium servings (SQLite)")
        loaded = timed("gather report data", lambda: load(engine, person, now=data.generated_at))
        blob = timed("clinician PDF", lambda: pdf.build_pdf(loaded))
        print(f"{'  PDF size':<40} {len(blob) // 1024:>9} KB")
        now = data.generated_at
        timed("calendar (.ics)", lambda: ics.build_calendar(plan, tz="America/New_York", stamp=now))
        timed("FHIR bundle (validated)", lambda: fhir.bundle_json(loaded))
        document = timed("JSON export document", lambda: export.export_document(engine, now=now))
        text = export.dumps(document)
        print(f"{'  JSON size':<40} {len(text) // 1024:>9} KB")
        timed("CSV zip", lambda: export.csv_zip_bytes(document))

        def do_import() -> None:
            target = make_engine(f"sqlite:///{folder}/import-{time.perf_counter_ns()}.db")
            upgrade(target)
            import_.import_document(target, import_.parse_document(text))
            target.dispose()

        timed("import into a new database (incl. migrate)", do_import)
        database = Path(folder) / "bench.db"
        fresh = lambda: Path(folder) / f"b-{time.perf_counter_ns()}.db"  # noqa: E731
        timed("online backup", lambda: backup.backup(database, fresh()))
        engine.dispose()


if __name__ == "__main__":
    main()
