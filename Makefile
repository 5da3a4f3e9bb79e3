# The two commands a newcomer needs: `make run` and `make test` (see README.md).
# With no DATABASE_URL / REDIS_URL set, embedded PostgreSQL and Valkey start under .data/.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test install lint bench bench-approval bench-budget bench-budget-reports bench-monitoring bench-payroll bench-records bench-clone clean-data

$(STAMP): requirements.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check "uv>=0.9,<1"
	$(VENV)/bin/uv pip sync --quiet --python $(PY) requirements.lock
	touch $(STAMP)

install: $(STAMP)

# Web on 127.0.0.1:8000, a Celery worker and Celery beat, with the demo province seeded.
run: $(STAMP)
	$(PY) -m config.launcher

# The suite runs on every core (pytest-xdist; each worker has its own test database and Redis
# database, config/settings_test.py), a module to a worker so module fixtures are made once.
# TEST_WORKERS=0 runs it in this one process.
TEST_WORKERS ?= auto
test: $(STAMP)
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadscope $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

bench: $(STAMP)
	$(PY) -m bench.tenancy

# E-approval: PDF rendering, completions under concurrency, the 결재대기함 with 10,000 documents.
bench-approval: $(STAMP)
	$(PY) -m bench.approval

# Budget: 50 concurrent commitments (throughput, overspend must be 0) and the balance check's queries.
bench-budget: $(STAMP)
	$(PY) -m bench.budget

# Budget reports: 예산집행현황 for a year with 50,000 postings over 150 lines (p95, queries flat in the ledger).
bench-budget-reports: $(STAMP)
	$(PY) -m bench.budget_reports

# Province monitoring: the rollup through a real worker at 21, 30, 100 and 300 institutions, and
# the dashboard's server time (docs/PERFORMANCE.md).
bench-monitoring: $(STAMP)
	$(PY) -m bench.monitoring

# Payroll: a month's 계산 for 10,000 staff through the Celery job, then payslip PDFs per second on one pdf-queue worker.
bench-payroll: $(STAMP)
	$(PY) -m bench.payroll_run
	$(PY) -m bench.payroll_payslips

# Provisioning as the province grows: clone time at 10, 50, 100 and 150 schemas (docs/PERFORMANCE.md).
bench-clone: $(STAMP)
	$(PY) -m bench.clone

# Records: 기록물등록대장 and its search over 200,000 records, and a fixity batch (docs/PERFORMANCE.md).
bench-records: $(STAMP)
	$(PY) -m bench.records_register

clean-data:
	$(PY) -m config.devservices stop || true
	rm -rf .data
