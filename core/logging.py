"""Adds the current schema to every log line, so one institution's events can be filtered."""

import logging

from django.db import connection


class TenantContextFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.schema = getattr(connection, "schema_name", None)
        return True
