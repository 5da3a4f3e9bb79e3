"""Meeting rooms in the institution admin console."""
