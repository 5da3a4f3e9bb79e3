"""예산 현황 and 예산집행현황 (budget execution status): the budget home (my department's lines),
a line's page with its history, the 집행현황 report by line tree, department, month and standard
code against the province's 신속집행 target, with its XLSX and PDF, and the figures budget reports
to province monitoring (budget.kpis).

- `figures`: the sums, read from the posting ledger as of a date in a fixed number of aggregate
  queries whatever the number of postings, and the one rounding rule for 집행률.
- `access`: whose lines a person sees (their department, the tree they head, or the whole
  institution for the budget and accounting officers, auditors and admins).
- `forms`, `views`: the pages and exports.
"""
