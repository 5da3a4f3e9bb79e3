"""`manage.py payroll_simulate`: one case, one JSON object of integer won; bad options exit 2."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

ISSUE_CASE = [
    "--month=2026-07",
    "--taxable-pay=2960764",
    "--non-taxable=200000",
    "--pension-base=2800000",
    "--health-base=2800000",
    "--family=1",
    "--children=0",
    "--ratio=100",
]


def _run(*args: str) -> dict:
    out = StringIO()
    call_command("payroll_simulate", *args, stdout=out)
    return json.loads(out.getvalue())


def test_the_issue_case_by_hand():
    result = _run(*ISSUE_CASE)
    assert result == {
        "month": "2026-07",
        "gross": 3_160_764,
        "taxable_pay": 2_960_764,
        "non_taxable": 200_000,
        "national_pension": 133_000,  # 2,800,000 × 4.75 %
        "health_insurance": 100_660,  # 2,800,000 × 3.595 %
        "long_term_care": 13_220,  # 100,660 × 13.14 % = 13,226.7 → 13,220
        "employment_insurance": 26_640,  # 2,960,764 × 0.9 % = 26,646.9 → 26,640
        "income_tax": 70_500,  # table row 2,960–2,970천원, 1 person
        "local_income_tax": 7_050,
        "total_deductions": 351_070,
        "net_pay": 2_809_694,
        "employer_national_pension": 133_000,
        "employer_health_insurance": 100_660,
        "employer_long_term_care": 13_220,
        "employer_employment_insurance": 26_640,
        "employer_employment_stability": 7_400,  # 0.25 % = 7,401.9 → 7,400
        "employer_industrial_accident": 43_520,  # 1.47 % = 43,523.2 → 43,520
        "employer_total": 324_440,
    }
    assert all(isinstance(v, int) for k, v in result.items() if k != "month")


def test_e10_over_ten_million_and_defaults():
    result = _run("--month=2026-04", "--taxable-pay=12,000,000")
    assert result["income_tax"] == 2_218_400
    assert result["total_deductions"] == 3_338_890


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--month=2026-13", "--taxable-pay=1"], "YYYY-MM"),
        (["--month=2026-07", "--taxable-pay=-5"], "금액"),
        (["--month=2026-07", "--taxable-pay=3000000", "--ratio=90"], "invalid choice"),
        (["--month=2026-07", "--taxable-pay=3000000", "--family=0"], "1명 이상"),
        (["--month=2026-07", "--taxable-pay=3000000", "--family=2", "--children=2"], "자녀 수"),
        (["--month=2027-01", "--taxable-pay=3000000"], "2027년 1월"),
        (["--month=2026-07", "--taxable-pay=3000000", "--accident-rate=1.2"], "요율"),
        (["--taxable-pay=3000000"], "--month"),
    ],
)
def test_bad_options_are_clear_errors(args, message):
    """From call_command argparse's refusals are CommandErrors too; the shell's exit 2 is below."""
    with pytest.raises(CommandError, match=message) as caught:
        _run(*args)
    # What argparse refuses exits 2 from the shell; what the engine refuses says 2 itself.
    assert caught.value.returncode in (1, 2)
    if not str(caught.value).startswith("Error:"):
        assert caught.value.returncode == 2


def test_from_the_shell_exit_2_and_one_json_line():
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "ALLOW_INSECURE_DEV_KEY": "1"}
    ok = subprocess.run(
        [sys.executable, "manage.py", "payroll_simulate", *ISSUE_CASE],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["income_tax"] == 70_500
    bad = subprocess.run(
        [sys.executable, "manage.py", "payroll_simulate", "--month=July", "--taxable-pay=1"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 2
    assert "YYYY-MM" in bad.stderr
    unknown = subprocess.run(
        [sys.executable, "manage.py", "payroll_simulate", "--month=2027-01", "--taxable-pay=1"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert unknown.returncode == 2
    assert "2027년 1월" in unknown.stderr
