"""The Celery app. tenant-schemas-celery puts the sender's schema in every message and the worker
switches to it before the task runs; ``core.jobs.job`` wraps every task on top of that."""

import os

from tenant_schemas_celery.app import CeleryApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = CeleryApp("works")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
# The work-management app is called `tasks`, so its Celery module is `tasks/jobs.py` (DESIGN.md).
app.autodiscover_tasks(["tasks"], related_name="jobs")
