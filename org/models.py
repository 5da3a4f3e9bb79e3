"""People and organisation of one institution: departments (a tree), positions (직위), grades
(직급), staff users and their absences (used for proxy approval, 대결).

The user model exists in every schema: in an institution's schema it is that institution's
staff; in the public schema it is the province's planning-office users.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_HEADCOUNT = 100_000  # far beyond any institution: a typo, not a plan

# Depth of the department tree is bounded so the materialised path stays short and indexable.
DEPARTMENT_PATH_STEP = 4
DEPARTMENT_MAX_DEPTH = 8


class Department(models.Model):
    """A department (부서). `code` is the handling-department code used in document numbers.

    `path` is the materialised path of pks ("0001.0007."), kept by org.services, so a subtree is
    one indexed prefix query; `depth` is 0 for the root.
    """

    name = models.CharField(_("부서명"), max_length=100)
    code = models.CharField(_("부서코드"), max_length=20, unique=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("상위 부서"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    head = models.ForeignKey(
        "org.User", verbose_name=_("부서장"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    order = models.PositiveSmallIntegerField(_("정렬 순서"), default=0)
    path = models.CharField(
        _("경로"), max_length=DEPARTMENT_PATH_STEP * 2 * DEPARTMENT_MAX_DEPTH, editable=False, db_index=True
    )
    depth = models.PositiveSmallIntegerField(_("깊이"), default=0, editable=False)
    phone = models.CharField(_("대표 전화"), max_length=30, blank=True)
    is_active = models.BooleanField(_("사용"), default=True)

    class Meta:
        verbose_name = _("부서")
        verbose_name_plural = _("부서")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="department_not_own_parent"),
        ]

    def __str__(self) -> str:
        return self.name


class Position(models.Model):
    """직위 (기관장, 본부장, 부서장, 팀장, 팀원 …). Lower rank = more senior."""

    name = models.CharField(_("직위명"), max_length=50, unique=True)
    rank = models.PositiveSmallIntegerField(_("서열"), unique=True)

    class Meta:
        verbose_name = _("직위")
        verbose_name_plural = _("직위")
        ordering = ["rank"]

    def __str__(self) -> str:
        return self.name


class Grade(models.Model):
    """직급 (1급 … 9급). Lower rank = more senior."""

    name = models.CharField(_("직급명"), max_length=50, unique=True)
    rank = models.PositiveSmallIntegerField(_("서열"), unique=True)

    class Meta:
        verbose_name = _("직급")
        verbose_name_plural = _("직급")
        ordering = ["rank"]

    def __str__(self) -> str:
        return self.name


class EmploymentStatus(models.TextChoices):
    ACTIVE = "active", _("재직")
    ON_LEAVE = "on_leave", _("휴직")
    RETIRED = "retired", _("퇴직")


class StaffManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, username: str, password: str | None = None, **fields) -> User:
        if not username:
            raise ValueError("username is required")
        user = self.model(username=self.model.normalize_username(username), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, username: str, password: str | None = None, **fields) -> User:
        fields["is_superuser"] = True
        return self.create_user(username, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    username = models.CharField(
        _("아이디"),
        max_length=150,
        unique=True,
        validators=[UnicodeUsernameValidator()],
        error_messages={"unique": _("이미 사용 중인 아이디입니다.")},
    )
    name = models.CharField(_("성명"), max_length=50)
    email = models.EmailField(_("이메일"), blank=True)
    phone = models.CharField(_("전화번호"), max_length=30, blank=True)
    employee_number = models.CharField(_("사번"), max_length=20, unique=True, null=True, blank=True)
    department = models.ForeignKey(
        Department, verbose_name=_("부서"), null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    position = models.ForeignKey(
        Position, verbose_name=_("직위"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    grade = models.ForeignKey(
        Grade, verbose_name=_("직급"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    hire_date = models.DateField(_("입사일"), null=True, blank=True)
    employment_status = models.CharField(
        _("재직 상태"), max_length=10, choices=EmploymentStatus.choices, default=EmploymentStatus.ACTIVE
    )
    # The day someone left (퇴직일): the province counts leavers per month and 현원 on past days.
    retired_on = models.DateField(_("퇴직일"), null=True, blank=True, help_text=_("재직 상태가 퇴직일 때 적습니다."))
    is_active = models.BooleanField(_("로그인 허용"), default=True)
    date_joined = models.DateTimeField(_("등록일시"), default=timezone.now)

    objects = StaffManager()

    USERNAME_FIELD = "username"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        verbose_name = _("직원")
        verbose_name_plural = _("직원")
        ordering = ["department__path", "position__rank", "name"]
        indexes = [models.Index(fields=["department", "employment_status"])]

    def __str__(self) -> str:
        return f"{self.name}({self.username})"

    def clean(self) -> None:
        super().clean()
        if self.retired_on is None:
            return
        if self.employment_status != EmploymentStatus.RETIRED:
            raise ValidationError({"retired_on": _("퇴직일은 재직 상태가 퇴직인 직원에게만 적습니다.")})
        if self.hire_date is not None and self.retired_on < self.hire_date:
            raise ValidationError({"retired_on": _("퇴직일은 입사일보다 앞설 수 없습니다.")})

    # Django's admin and auth call these; Korean names are one field.
    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name

    @property
    def is_staff(self) -> bool:
        """Admin-console access is a role (org.roles), not a flag; Django reads this name."""
        from org.roles import can_use_console

        return can_use_console(self)

    def role_names(self) -> frozenset[str]:
        cached = getattr(self, "_role_names", None)
        if cached is None:
            cached = frozenset(self.groups.values_list("name", flat=True))
            self._role_names = cached
        return cached


class Absence(models.Model):
    """A period when someone cannot decide (출장, 휴가, 교육 …) and who decides for them (대결)."""

    class Reason(models.TextChoices):
        TRIP = "trip", _("출장")
        LEAVE = "leave", _("휴가")
        TRAINING = "training", _("교육")
        OTHER = "other", _("기타")

    user = models.ForeignKey(User, verbose_name=_("부재자"), on_delete=models.CASCADE, related_name="absences")
    starts_at = models.DateTimeField(_("시작"))
    ends_at = models.DateTimeField(_("종료"))
    reason = models.CharField(_("사유"), max_length=10, choices=Reason.choices, default=Reason.OTHER)
    note = models.CharField(_("비고"), max_length=200, blank=True)
    proxy = models.ForeignKey(
        User, verbose_name=_("직무대리자(대결자)"), on_delete=models.PROTECT, related_name="proxy_duties"
    )
    created_by = models.ForeignKey(
        User, verbose_name=_("등록자"), null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(_("등록일시"), auto_now_add=True)

    class Meta:
        verbose_name = _("부재(직무대리)")
        verbose_name_plural = _("부재(직무대리)")
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["user", "starts_at", "ends_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="absence_ends_after_start"),
            models.CheckConstraint(condition=~Q(proxy=F("user")), name="absence_proxy_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.user.name} {self.get_reason_display()}"

    def covers(self, moment) -> bool:
        return self.starts_at <= moment < self.ends_at


class OrgSettings(models.Model):
    """The institution's own settings that belong to no one record, one row per institution
    schema (its pk is always 1): today the 정원 (authorised headcount) the province compares the
    현원 against. Kept in the institution console through org.services.org_settings_save."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    authorised_headcount = models.PositiveIntegerField(
        _("정원"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_HEADCOUNT)],
        help_text=_("이사회·도가 승인한 정원(명). 도 모니터링이 현원과 비교합니다."),
    )
    updated_at = models.DateTimeField(_("변경일시"), auto_now=True)

    class Meta:
        verbose_name = _("기관 설정")
        verbose_name_plural = _("기관 설정")
        constraints = [models.CheckConstraint(condition=Q(id=1), name="org_settings_one_row")]

    def __str__(self) -> str:
        return str(_("기관 설정"))

    @classmethod
    def current(cls) -> OrgSettings:
        """This schema's settings (unsaved defaults until someone saves them)."""
        return cls.objects.filter(pk=1).first() or cls()
