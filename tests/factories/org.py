from __future__ import annotations

import factory
from django.contrib.auth.models import Group
from factory.django import DjangoModelFactory

from org import roles as org_roles
from org.models import Department, Grade, Position, User
from org.services import department_save
from tests.support import PASSWORD


class DepartmentFactory(factory.Factory):
    """A department saved through org.services.department_save, so `path`/`depth` are real."""

    class Meta:
        model = Department

    name = factory.Sequence(lambda n: f"부서{n}")
    code = factory.Sequence(lambda n: f"T{n:04d}")
    parent = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return department_save(department=model_class(*args, **kwargs))


class PositionFactory(DjangoModelFactory):
    class Meta:
        model = Position

    name = factory.Sequence(lambda n: f"직위{n}")
    rank = factory.Sequence(lambda n: 100 + n)


class GradeFactory(DjangoModelFactory):
    class Meta:
        model = Grade

    name = factory.Sequence(lambda n: f"직급{n}")
    rank = factory.Sequence(lambda n: 100 + n)


class UserFactory(DjangoModelFactory):
    """A staff member with the test password. `roles=[...]` names the role groups (default: staff)."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    name = factory.Sequence(lambda n: f"직원{n}")
    employee_number = factory.Sequence(lambda n: f"E{n:05d}")
    password = PASSWORD

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return model_class.objects.create_user(*args, **kwargs)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if not create:
            return
        names = [org_roles.STAFF] if extracted is None else list(extracted)
        if names:
            self.groups.add(*Group.objects.filter(name__in=names))
