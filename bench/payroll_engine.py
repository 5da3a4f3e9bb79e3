"""Payroll engine benchmark: slips per second of the pure statutory engine (no database).

    .venv/bin/python -m bench.payroll_engine [--profiles 10000] [--repeat 3] [--seed 14]

Builds `--profiles` random pay profiles (a seeded RNG, so every run computes the same slips):
basic pay 1.8–9 million won, 0–4 allowances (taxable and 비과세 식대·자가운전·보육 with their
limits), declared insurance bases, 1–7 family members with 0–3 children 8–20, 80/100/120 %,
months spread over 2025–2026 (both pension bound sets, both withholding table versions). Times
`payroll.engine.calculate` over all of them `--repeat` times and prints the best run's slips per
second and microseconds per slip, and a checksum of the net pay so a change in results shows.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def profiles(count: int, seed: int) -> list:
    from payroll.engine import Deduction, Earning, EmployerSettings, SlipInput

    rng = random.Random(seed)
    months = [datetime.date(year, month, 1) for year in (2025, 2026) for month in range(1, 13)]
    settings = EmployerSettings()
    out = []
    for _ in range(count):
        base = rng.randrange(1_800_000, 9_000_000, 100)
        earnings = [Earning("base", "기본급", base)]
        if rng.random() < 0.9:
            earnings.append(Earning("meal", "정액급식비", 140_000, non_taxable="meal"))
        if rng.random() < 0.3:
            car = rng.choice((100_000, 200_000, 250_000))
            earnings.append(Earning("car", "자가운전보조금", car, non_taxable="car"))
        if rng.random() < 0.2:
            earnings.append(Earning("care", "보육수당", 100_000, non_taxable="childcare"))
        if rng.random() < 0.8:
            earnings.append(Earning("rank", "직급보조비", rng.choice((155_000, 175_000, 195_000))))
        family = rng.randint(1, 7)
        taxable_guess = base + 175_000
        out.append(
            SlipInput(
                month=rng.choice(months),
                earnings=tuple(earnings),
                family=family,
                children=rng.randint(0, min(3, family - 1)),
                ratio=rng.choice((80, 100, 100, 100, 120)),
                pension_base=taxable_guess if rng.random() < 0.7 else None,
                health_base=taxable_guess if rng.random() < 0.7 else None,
                deductions=(Deduction("union", "노조비", 15_000),) if rng.random() < 0.3 else (),
                employer=settings,
            )
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from payroll.engine import calculate

    cases = profiles(args.profiles, args.seed)
    calculate(cases[0])  # loads the withholding table once, as a worker does on its first slip
    best = float("inf")
    checksum = 0
    for _ in range(args.repeat):
        started = time.perf_counter()
        checksum = sum(calculate(case).net for case in cases)
        best = min(best, time.perf_counter() - started)
    print(f"profiles: {len(cases):,}  best of {args.repeat}: {best:.3f} s")
    print(f"slips/second: {len(cases) / best:,.0f}  per slip: {best / len(cases) * 1e6:.1f} µs")
    print(f"checksum of net pay: {checksum:,}원")


if __name__ == "__main__":
    main()
