"""Test overrides: the smallest possible difference from production settings."""

import os
from urllib.parse import urlsplit, urlunsplit

os.environ.setdefault("ALLOW_INSECURE_DEV_KEY", "1")

from config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed; Argon2 is tested apart
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SECURE_COOKIES = False
SITE_SCHEME = "http"
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False

# Tests use their own Redis database, so a running `make run` worker neither answers the tests'
# pings nor takes their jobs (and the tests' cache never mixes with the dev cache). Two suites
# side by side (see TEST_DATABASE_NAME below) each take their own number, or one's worker would
# run the other's jobs against the wrong database. Under pytest-xdist each worker (gw0, gw1 …) is
# such a suite of its own: it counts down from the number (a Celery worker a test starts inherits
# the variable, so it lands on the same one), and pytest-django gives it its own test database.
_XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
TEST_REDIS_DB = int(os.environ.get("TEST_REDIS_DB", "15")) - (int(_XDIST_WORKER[2:]) if _XDIST_WORKER else 0)
if REDIS_URL.startswith("unix://"):  # noqa: F405
    CACHES["default"]["LOCATION"] = f"{REDIS_URL}?db={TEST_REDIS_DB}"  # noqa: F405
    CELERY_BROKER_URL = f"{CELERY_BROKER_URL}?virtual_host={TEST_REDIS_DB}"  # noqa: F405
else:
    _parts = urlsplit(REDIS_URL)  # noqa: F405
    _test_redis = urlunsplit(_parts._replace(path=f"/{TEST_REDIS_DB}"))
    CACHES["default"]["LOCATION"] = _test_redis  # noqa: F405
    CELERY_BROKER_URL = _test_redis

# Two suites may run side by side on one server (e.g. a developer's and a helper's run).
DATABASES["default"]["TEST"] = {"NAME": os.environ.get("TEST_DATABASE_NAME", "test_works")}  # noqa: F405
