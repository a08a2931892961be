"""Planner throughput over 10,000 random realistic inputs (seeded, so runs are comparable).

    .venv/bin/python bench/bench_planner.py [--n 10000] [--seed 7]

Prints plans per second and per-plan latency (p50, p99, max). Inputs mix every form (tablets of
1-3 strengths split 1/2/4, powder in g or mg, liquid), every style (custom included), 1-4 times a day,
overrides, holds and supply checks (a tenth with fit-to-supply).
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from stepdown.domain.errors import InvalidInput
from stepdown.domain.planner import PlanRequest, make_form, make_plan, measure

D = Decimal
STRENGTHS = ["5", "7.5", "10", "12.5", "15", "20", "25", "30"]


def _dec(x: Fraction) -> Decimal:
    return D(x.numerator) / D(x.denominator)


def random_request(rng: random.Random) -> PlanRequest:
    kind = rng.choice(["tablet", "tablet", "powder", "liquid"])
    if kind == "tablet":
        strengths = tuple(D(s) for s in rng.sample(STRENGTHS, rng.choice([1, 1, 2, 3])))
        form = make_form("tablet", "mg", strengths=strengths, pieces=rng.choice([1, 2, 4]))
        m = measure(form)
        n = m.floor(rng.randint(1, int(Fraction(8 * max(strengths)) / m.quantum)))
        if n == 0:
            n = m.ceil(1, 10_000) or 1
    elif kind == "powder":
        unit = rng.choice(["g", "mg"])
        res = D(rng.choice(["0.01", "0.05", "0.1"])) if unit == "g" else D(rng.choice(["1", "5", "10"]))
        form = make_form("powder", unit, resolution=res)
        m = measure(form)
        top = Fraction(20) if unit == "g" else Fraction(20000)
        n = rng.randint(max(1, int(top / 40 / m.quantum)), int(top / m.quantum))
    else:
        form = make_form(
            "liquid",
            "mg",
            concentration=D(rng.choice(["1", "2", "2.5", "5", "10"])),
            resolution=D(rng.choice(["0.1", "0.2", "0.5", "1"])),
        )
        m = measure(form)
        n = rng.randint(1, int(Fraction(120) / m.quantum))
    amount = _dec(n * m.quantum)
    style = rng.choice(["short", "short", "gradual", "slow", "hyperbolic", "custom"])
    custom: tuple[tuple[Decimal, int], ...] = ()
    if style == "custom":
        steps, cur = [], n
        for _ in range(rng.randint(1, 8)):
            nxt = m.floor(cur - max(1, cur // 8))
            if nxt <= 0 or (cur - nxt) * 2 > cur:
                break
            steps.append((_dec(nxt * m.quantum), rng.randint(1, 14)))
            cur = nxt
        if not steps:
            style = "short"
        custom = tuple(steps)
    on_hand = D(rng.randint(0, 300)) if rng.random() < 0.5 else None
    return PlanRequest(
        daily_amount=amount,
        form=form,
        start=date(2026, 1, 1) + timedelta(days=rng.randint(0, 730)),
        times_per_day=rng.randint(1, 4),
        style=style,
        cut_percent=D(rng.randint(5, 25)) if style != "custom" and rng.random() < 0.3 else None,
        every_days=rng.randint(2, 14) if style != "custom" and rng.random() < 0.3 else None,
        stabilise_days=rng.choice([0, 0, 2, 3, 7]),
        final_hold_days=rng.choice([0, 0, 3, 7]),
        on_hand=on_hand,
        fit_to_supply=on_hand is not None and style != "custom" and rng.random() < 0.2,
        custom_steps=custom,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    requests = [random_request(rng) for _ in range(args.n)]
    times: list[float] = []
    refused = steps = 0
    t0, c0 = time.perf_counter(), time.process_time()
    for req in requests:
        s = time.perf_counter()
        try:
            steps += len(make_plan(req).steps)
        except InvalidInput:
            refused += 1
        times.append(time.perf_counter() - s)
    total, cpu = time.perf_counter() - t0, time.process_time() - c0
    times.sort()
    ms = [t * 1000 for t in times]
    print(f"plans: {args.n} (refused as out of range: {refused}), seed {args.seed}")
    print(f"wall: {total:.2f} s, {args.n / total:,.0f} plans per second")
    print(
        f"cpu:  {cpu:.2f} s, {args.n / cpu:,.0f} plans per second (CPU time; less affected by a busy machine)"
    )
    print(f"mean steps per plan: {steps / max(1, args.n - refused):.1f}")
    print(
        f"per plan: p50 {statistics.median(ms):.3f} ms, p99 {ms[int(len(ms) * 0.99) - 1]:.3f} ms, "
        f"max {ms[-1]:.1f} ms"
    )


if __name__ == "__main__":
    main()
