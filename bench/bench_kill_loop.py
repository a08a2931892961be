"""SIGKILL during writes (issue 10): `stepdown checkin` and `stepdown take dose` processes are killed at
random moments, on SQLite and on PostgreSQL. Afterwards every command that exited 0 must be in the
database (found by the unique note it carried), nothing may be half-written (each check-in's total is
the sum of its answers; every row's references resolve), and SQLite's integrity check must be ok.

Runs in a temporary HOME and data folder. Prints the counts. Usage:
    .venv/bin/python bench/bench_kill_loop.py [ROUNDS_PER_BACK_END]   (default 60)
PostgreSQL: 127.0.0.1:5432, trust auth (skipped with a message when it is not reachable).
"""

from __future__ import annotations

import json
import os
import random
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

STEPDOWN = str(Path(sys.executable).with_name("stepdown"))
PG_ADMIN = os.environ.get("STEPDOWN_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
INIT = ["init", "--amount", "40", "--strength", "5", "--split", "4", "--times", "2",
        "--duration-days", "200", "--yes"]  # fmt: skip


def _command(token: str, today: date) -> list[str]:
    if random.random() < 0.5:
        day = today - timedelta(days=random.randint(0, 6))
        answers = ",".join(str(random.randint(0, 3)) for _ in range(10))
        return ["checkin", "--day", day.isoformat(), "--quick", "--answers", answers, "--no-red-flags",
                "--note", token]  # fmt: skip
    return ["take", "dose", "--amount", random.choice(["5", "10", "20"]), "--note", token]


def run_loop(url: str, env: dict[str, str], rounds: int) -> dict[str, object]:
    done = subprocess.run([STEPDOWN, *INIT, "--database-url", url], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    today = date.today()
    exited_ok: list[str] = []
    killed: list[str] = []
    refused: list[tuple[str, str]] = []
    took = []
    for _ in range(3):  # how long a command takes here, so kills land before, during and after its write
        token = f"k{secrets.token_hex(6)}"
        started = time.perf_counter()
        done = subprocess.run([STEPDOWN, *_command(token, today), "--database-url", url], env=env,
                              capture_output=True, text=True)  # fmt: skip
        took.append(time.perf_counter() - started)
        if done.returncode == 0:
            exited_ok.append(token)
        else:
            refused.append((token, done.stderr[-300:]))
    longest = max(took) * 1.2
    for _ in range(rounds):
        token = f"k{secrets.token_hex(6)}"
        process = subprocess.Popen(
            [STEPDOWN, *_command(token, today), "--database-url", url],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        time.sleep(random.uniform(0.0, longest))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            process.wait()
            killed.append(token)
        elif process.returncode == 0:
            exited_ok.append(token)
        else:
            refused.append((token, process.stderr.read()[-300:]))
        process.stderr.close()
    return {"exited_ok": exited_ok, "killed": killed, "refused": refused, "command_seconds": took}


def verify(url: str, result: dict[str, object]) -> dict[str, object]:
    import sqlalchemy as sa

    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://"))
    text_of = "CAST({} AS TEXT)"
    with engine.connect() as conn:
        notes = set(conn.execute(sa.text("SELECT note FROM dose_log")).scalars())
        notes |= set(conn.execute(sa.text("SELECT note FROM checkin")).scalars())
        history = " ".join(conn.execute(sa.text(f"SELECT {text_of.format('snapshot')} FROM checkin_history"))
                           .scalars())  # fmt: skip
        half = 0
        for answers, total in conn.execute(sa.text("SELECT answers, total FROM checkin")):
            answers = json.loads(answers) if isinstance(answers, str) else answers
            half += sum(answers.values()) != total
        doses = conn.execute(sa.text("SELECT count(*) FROM dose_log")).scalar()
        checkins = conn.execute(sa.text("SELECT count(*) FROM checkin")).scalar()
        versions = conn.execute(sa.text("SELECT count(*) FROM checkin_history")).scalar()
        if conn.dialect.name == "sqlite":
            integrity = conn.execute(sa.text("PRAGMA integrity_check")).scalar()
            dangling = len(conn.execute(sa.text("PRAGMA foreign_key_check")).fetchall())
        else:
            integrity = "n/a (PostgreSQL)"
            dangling = conn.execute(sa.text(
                "SELECT count(*) FROM dose_log d LEFT JOIN person p ON p.id = d.person_id WHERE p.id IS NULL"
            )).scalar()  # fmt: skip
    engine.dispose()

    def stored(token: str) -> bool:
        return token in notes or token in history

    exited_ok = result["exited_ok"]
    killed = result["killed"]
    return {
        "commands": len(exited_ok) + len(killed) + len(result["refused"]),
        "one command takes (s)": ", ".join(f"{t:.2f}" for t in result["command_seconds"]),
        "exited 0": len(exited_ok),
        "exited 0 and found": sum(stored(t) for t in exited_ok),
        "SIGKILLed": len(killed),
        "SIGKILLed, stored whole anyway": sum(stored(t) for t in killed),
        "refused (exit 2)": len(result["refused"]),
        "rows: dose_log / checkin / checkin_history": f"{doses} / {checkins} / {versions}",
        "half-written check-ins (total != sum of answers)": half,
        "dangling references": dangling,
        "integrity_check": integrity,
    }


def _pg_database() -> tuple[str, object] | None:
    import sqlalchemy as sa
    from sqlalchemy.engine import make_url

    admin = sa.create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            name = f"stepdown_t_kill_{int(time.time())}_{secrets.token_hex(3)}"
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # noqa: BLE001 - report and skip
        print(f"PostgreSQL: skipped ({type(exc).__name__}: not reachable at {PG_ADMIN})")
        return None
    return make_url(PG_ADMIN).set(database=name).render_as_string(hide_password=False), admin


def main() -> int:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 60
    random.seed(int(os.environ.get("SEED", "7")))
    problems = 0
    folder = Path(tempfile.mkdtemp(prefix="stepdown-kill-"))
    try:
        env = {**os.environ, "HOME": str(folder), "STEPDOWN_DATA_DIR": str(folder / "data")}
        env.pop("STEPDOWN_DATABASE_URL", None)
        (folder / "data").mkdir()
        targets = [("SQLite", f"sqlite:///{folder / 'data' / 'stepdown.db'}", None)]
        pg = _pg_database()
        if pg is not None:
            targets.append(("PostgreSQL", pg[0], pg[1]))
        for label, url, admin in targets:
            started = time.perf_counter()
            result = run_loop(url, env, rounds)
            counts = verify(url, result)
            print(f"{label}: {rounds} rounds in {time.perf_counter() - started:.0f} s")
            for key, value in counts.items():
                print(f"  {key}: {value}")
            for _token, err in result["refused"][:3]:
                print(f"  refused example: {err.strip()}")
            problems += counts["exited 0"] != counts["exited 0 and found"]
            problems += bool(counts["half-written check-ins (total != sum of answers)"])
            problems += bool(counts["dangling references"])
            problems += counts["integrity_check"] not in ("ok", "n/a (PostgreSQL)")
            if admin is not None:
                import sqlalchemy as sa
                from sqlalchemy.engine import make_url

                with admin.connect() as conn:  # type: ignore[attr-defined]
                    name = make_url(url).database
                    conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
                admin.dispose()  # type: ignore[attr-defined]
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print("OK: every command that exited 0 is stored, nothing half-written" if not problems
          else f"PROBLEMS: {problems}")  # fmt: skip
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
