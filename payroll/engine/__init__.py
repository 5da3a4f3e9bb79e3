"""The statutory payroll engine (kr-payroll-rules): pure functions over plain dataclasses, integer
won, exact decimal rates, versioned by effective date. No ORM, no Django settings: the payroll run,
`manage.py payroll_simulate`, the bench and the tests call the same `calculate`."""

from .allowances import OvertimeHours
from .parameters import ParametersMissing, parameters_for
from .slip import BonusPeriod, Deduction, Earning, EmployerSettings, EmployerShares, SlipInput, SlipResult, calculate
from .withholding import WithholdingMissing, income_tax, local_income_tax

__all__ = [
    "BonusPeriod",
    "Deduction",
    "Earning",
    "EmployerSettings",
    "EmployerShares",
    "OvertimeHours",
    "ParametersMissing",
    "SlipInput",
    "SlipResult",
    "WithholdingMissing",
    "calculate",
    "income_tax",
    "local_income_tax",
    "parameters_for",
]
