"""Prints how long `stepdown <command> --help` takes to start, median of several runs.

Run: .venv/bin/python bench/bench_cli_startup.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

COMMANDS = ["--version", "plan --help", "assess --help", "today --help", "serve --help", "report --help"]
RUNS = 7


def main() -> None:
    print(f"{'command':<22} {'median ms':>10} {'min ms':>8}")
    for command in COMMANDS:
        times = []
        for _ in range(RUNS):
            t0 = time.perf_counter()
            argv = [sys.executable, "-m", "stepdown", *command.split()]
            subprocess.run(argv, capture_output=True, check=True)
            times.append((time.perf_counter() - t0) * 1000)
        print(f"{'stepdown ' + command:<22} {statistics.median(times):>10.0f} {min(times):>8.0f}")


if __name__ == "__main__":
    main()
