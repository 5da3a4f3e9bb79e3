"""factory-boy factories for the organisation. Each builds through the same path the application
uses (department_save for the tree, the user manager for passwords); they write to whichever
schema the connection is on, so call them inside an institution's schema."""

from tests.factories.org import DepartmentFactory, GradeFactory, PositionFactory, UserFactory

__all__ = ["DepartmentFactory", "GradeFactory", "PositionFactory", "UserFactory"]
