"""Suite-wide set-up: the test database, two institutions made once per session, and per-test
fixtures.

pytest-django creates and migrates ``test_works`` (django-tenants' ``migrate`` is
``migrate_schemas``, so that migrates the public schema). On top of it, once per session, we add
the province row, the template schema and two institutions, alpha and beta, provisioned through
``tenants.services.institution_create`` exactly as production does it. Each gets the same
department code and the same three accounts in the same order, so pk 1, 2, 3 and the usernames
``admin``/``staff``/``peer`` exist in both, and beta's accounts carry byte-identical password
hashes to alpha's. Isolation tests therefore cannot pass by accident ("that user id does not exist
there", "the session hash does not match"): only the schemas keep the institutions apart.

Each test then runs inside pytest-django's transaction (``db``), so what it writes is rolled back.

Under pytest-xdist (``make test``) the database with all of that is built once per run, by the
first worker to take a file lock, as ``<test name>_template``; every worker then gets its own copy
with PostgreSQL's ``CREATE DATABASE … TEMPLATE`` (a file copy, a second or two) instead of running
the migrations and provisioning again (about 35 s of work per worker). The template carries the
run's id, so a later run (``--create-db`` or not) never reuses one; the controller drops it at the
end. ``--reuse-db`` keeps pytest-django's own per-worker databases.
"""

from __future__ import annotations

import fcntl
import re
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, connections
from django_tenants.utils import get_public_schema_name, schema_context

from org import roles
from org.models import User
from tenants.models import Institution, InstitutionKind
from tenants.services import ensure_province, ensure_template_schema, institution_create, institution_domain
from tests.factories import DepartmentFactory, UserFactory
from tests.support import ADMIN, DEPARTMENT_CODE, NAMES, PEER, PLANNER, PLANNER_NAME, STAFF, USER_PKS, HostClient

INSTITUTIONS = [
    ("alpha", "알파개발공사", InstitutionKind.CORPORATION),
    ("beta", "베타문화재단", InstitutionKind.CONTRIBUTED),
]
_ROLES = {
    ADMIN: [roles.STAFF, roles.INSTITUTION_ADMIN],
    STAFF: [roles.STAFF],
    PEER: [roles.STAFF],
}


def _seed_institution(code: str) -> None:
    department = DepartmentFactory(name="경영지원부", code=DEPARTMENT_CODE)
    for number, username in enumerate((ADMIN, STAFF, PEER), start=1001):
        user = UserFactory(
            username=username,
            name=NAMES[code][username],
            employee_number=str(number),
            department=department,
            roles=_ROLES[username],
        )
        assert user.pk == USER_PKS[username], "the colliding pks are the point of these accounts"


def _seed_session() -> None:
    """The province, the template schema, alpha, beta and the planner (see the module's text)."""
    ensure_province()
    ensure_template_schema()
    for code, name, kind in INSTITUTIONS:
        institution_create(code=code, name=name, kind=kind)
        with schema_context(code):
            _seed_institution(code)
    with schema_context("alpha"):
        hashes = dict(User.objects.values_list("username", "password"))
    with schema_context("beta"):
        for username, hashed in hashes.items():
            User.objects.filter(username=username).update(password=hashed)
    with schema_context(get_public_schema_name()):
        UserFactory(username=PLANNER, name=PLANNER_NAME, employee_number=None, roles=[roles.PLANNING_OFFICE])
    connection.set_schema_to_public()


def _refuse_unless_test_database() -> None:
    # pytest-django creates the test database only if some collected test is marked for the
    # database; without one, the connection still points at the development database. Never
    # seed that.
    database = connection.settings_dict["NAME"]
    if not database.startswith("test_"):
        raise RuntimeError(f"refusing to seed {database!r}: mark the test django_db so a test database is made")


def _template_name(worker_database: str, worker_id: str) -> str:
    """``test_works_gw1`` -> ``test_works_template``: one template per suite, whichever worker."""
    return re.sub(f"_{re.escape(worker_id)}$", "", worker_database) + "_template"


def _template_run(cursor, name: str) -> str | None:
    """The run id the template was built for (its database comment), or None if it is not there."""
    cursor.execute(
        "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
        [name],
    )
    row = cursor.fetchone()
    return None if row is None else (row[0] or "")


def _cloned_worker_database(verbosity: int, template: str, run: str) -> None:
    """Build the run's template database unless another worker has, then copy it as this worker's
    test database (the name pytest-django chose for the worker) and point the connection at it."""
    creation = connection.creation
    quote = connection.ops.quote_name
    settings_dict = connection.settings_dict
    worker_database = settings_dict["TEST"]["NAME"]
    lock_path = Path(tempfile.gettempdir()) / f"{template}.lock"
    with lock_path.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        with creation._nodb_cursor() as cursor:
            built = _template_run(cursor, template) == run
        if not built:
            settings_dict["TEST"]["NAME"] = template
            try:
                creation.create_test_db(verbosity=verbosity, autoclobber=True, serialize=False, keepdb=False)
            finally:
                settings_dict["TEST"]["NAME"] = worker_database
            _refuse_unless_test_database()
            _seed_session()
            connection.close()
            with creation._nodb_cursor() as cursor:
                cursor.execute(f"COMMENT ON DATABASE {quote(template)} IS %s", [run])
        # CREATE DATABASE … TEMPLATE needs the template without other sessions: under the lock
        # no worker is connected to it (the builder closed its connection above).
        connection.close()
        with creation._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {quote(worker_database)}")
            cursor.execute(f"CREATE DATABASE {quote(worker_database)} TEMPLATE {quote(template)}")
    settings.DATABASES[connection.alias]["NAME"] = worker_database
    settings_dict["NAME"] = worker_database


@pytest.fixture(scope="session")
def django_db_setup(
    request,
    django_test_environment,
    django_db_blocker,
    django_db_use_migrations,
    django_db_keepdb,
    django_db_createdb,
    django_db_modify_db_settings,
):
    """pytest-django's set-up plus the session's institutions; under xdist, a copy of one
    template database built once per run (see the module's text)."""
    from django.test.utils import setup_databases, teardown_databases

    # Read from xdist's worker input rather than its fixtures, so `pytest -p no:xdist` still runs.
    workerinput = getattr(request.config, "workerinput", None) or {}
    worker_id = workerinput.get("workerid", "master")
    testrun_uid = workerinput.get("testrunuid", "")
    verbosity = request.config.option.verbose
    keepdb = django_db_keepdb and not django_db_createdb
    cloned = worker_id != "master" and not django_db_keepdb and django_db_use_migrations
    with django_db_blocker.unblock():
        if cloned:
            old_name = connection.settings_dict["NAME"]
            _cloned_worker_database(
                verbosity, _template_name(connection.settings_dict["TEST"]["NAME"], worker_id), testrun_uid
            )
        else:
            if not django_db_use_migrations:
                from pytest_django.fixtures import _disable_migrations

                _disable_migrations()
            db_cfg = setup_databases(
                verbosity=verbosity, interactive=False, aliases={"default"}, serialized_aliases=set(), keepdb=keepdb
            )
            _refuse_unless_test_database()
            _seed_session()
    yield
    if django_db_keepdb:  # --reuse-db keeps the databases, --create-db or not (as pytest-django)
        return
    with django_db_blocker.unblock():
        if cloned:
            connection.creation.destroy_test_db(old_name, verbosity=verbosity)
        else:
            teardown_databases(db_cfg, verbosity=verbosity)


@pytest.fixture(autouse=True)
def _public_schema_after_test():
    yield
    connection.set_schema_to_public()


@pytest.fixture
def alpha(db) -> Institution:
    return Institution.objects.get(schema_name="alpha")


@pytest.fixture
def beta(db) -> Institution:
    return Institution.objects.get(schema_name="beta")


@pytest.fixture
def in_alpha(alpha):
    with schema_context(alpha.schema_name):
        yield alpha


@pytest.fixture
def in_beta(beta):
    with schema_context(beta.schema_name):
        yield beta


@pytest.fixture
def client_for():
    """client_for(institution) -> a test client whose requests go to that institution's host."""

    def make(institution: Institution) -> HostClient:
        return HostClient(HTTP_HOST=institution_domain(institution.code))

    return make


@pytest.fixture
def province_client() -> HostClient:
    return HostClient(HTTP_HOST=settings.BASE_DOMAIN)


def pytest_unconfigure(config):
    """Stop the embedded PostgreSQL/Valkey if this session started them (a fresh clone's
    ``make test`` leaves no servers behind); leave them running if they were already up."""
    if hasattr(config, "workerinput") or not settings.configured:
        return
    if getattr(config.option, "numprocesses", None):
        _drop_template_database(config)
    if not settings.USING_EMBEDDED_SERVICES:
        return
    from config import devservices

    if devservices.started_here:
        connections.close_all()
        devservices.stop()


def _drop_template_database(config) -> None:
    """The controller of an xdist run drops the run's template database once every worker is
    gone (a leftover one, from a run that was killed, is dropped and rebuilt by the next run)."""
    template = settings.DATABASES["default"].get("TEST", {}).get("NAME", "") + "_template"
    from pytest_django.plugin import blocking_manager_key

    try:
        with config.stash[blocking_manager_key].unblock(), connection.creation._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {connection.ops.quote_name(template)}")
    except Exception as exc:  # the tests' outcome stands; say what was left behind
        reporter = config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line(f"could not drop the template database {template}: {exc!r}")
