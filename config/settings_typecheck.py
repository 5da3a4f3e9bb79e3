"""Settings the type checker loads (django-stubs imports them to learn the models and apps):
production's own, with placeholder service addresses, so that checking types never starts the
embedded servers nor reaches a database, and a development key. Nothing connects with these."""

import os

os.environ.setdefault("DATABASE_URL", "postgresql://typecheck@localhost/typecheck")
os.environ.setdefault("REDIS_URL", "redis://localhost:6379/0")
os.environ.setdefault("ALLOW_INSECURE_DEV_KEY", "1")

from config.settings import *  # noqa: F403
