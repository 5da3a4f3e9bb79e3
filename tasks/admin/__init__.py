"""Work management in the institution admin console: one module per area."""

from tasks.admin import classification, meetings  # noqa: F401 - registers the ModelAdmins
