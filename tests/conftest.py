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
"""

from __future__ import annotations

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


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    # pytest-django creates the test database only if some collected test is marked for the
    # database; without one, the connection still points at the development database. Never
    # seed that.
    database = connection.settings_dict["NAME"]
    if not database.startswith("test_"):
        raise RuntimeError(f"refusing to seed {database!r}: mark the test django_db so a test database is made")
    with django_db_blocker.unblock():
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
    if hasattr(config, "workerinput") or not settings.configured or not settings.USING_EMBEDDED_SERVICES:
        return
    from config import devservices

    if devservices.started_here:
        connections.close_all()
        devservices.stop()
