"""Function classification and unit tasks in the institution admin console."""
