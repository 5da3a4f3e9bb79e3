"""Payroll's Celery jobs: one message per chunk of a run's 계산 (payroll.services.CHUNK_SIZE
people). A chunk is idempotent (slips already written are skipped, the unique (run, person)
constraint backs it) and the settings acknowledge a message only after it ran (acks_late,
reject_on_worker_lost), so a worker killed mid-chunk has the chunk delivered again and the run
resumes instead of restarting or duplicating."""

from __future__ import annotations

from core.jobs import job


@job("payroll.run_chunk", time_limit=300)
def run_chunk(run_id: int, user_ids: list[int]) -> int:
    from payroll.services import payroll_run_chunk, payroll_run_finish_calculation

    written = payroll_run_chunk(run_id=run_id, user_ids=user_ids)
    payroll_run_finish_calculation(run_id=run_id)
    return written


@job("payroll.render_payslips", queue="pdf", time_limit=600)
def render_payslips(run_id: int, slip_ids: list[int]) -> int:
    """One chunk of a finalised run's payslip PDFs (payroll.payslips): idempotent, so a chunk
    delivered again after a worker's crash renders and notifies only what is still missing."""
    from payroll.payslips import payslips_render_chunk

    return payslips_render_chunk(run_id=run_id, slip_ids=slip_ids)
