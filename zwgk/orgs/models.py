"""Units (单位), people and their roles in units.

A district is a tree of units rooted at its 人民政府; the competent office (主管单位, the 区政府办)
supervises the whole tree. `Unit.path` materialises the tree (`/1/4/`), so "everything under
this district" is one indexed prefix query on either database — and a province is one more level.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from .uscc import is_valid_uscc

PHONE_VALIDATOR = RegexValidator(
    r"^[0-9\-－ ,，、()（）]+$",
    message=_("Enter phone numbers with digits and hyphens only, e.g. 023-45678901."),
)


def validate_uscc(value: str) -> None:
    if not is_valid_uscc(value):
        raise ValidationError(
            _(
                "The unified social credit code is not valid "
                "(18 characters, GB 32100 check character)."
            ),
            code="invalid_uscc",
        )


class UnitQuerySet(models.QuerySet["Unit"]):
    def active(self) -> UnitQuerySet:
        return self.filter(is_active=True)

    def within(self, unit: Unit) -> UnitQuerySet:
        """The unit and every unit below it."""
        return self.filter(path__startswith=unit.path)


class UnitKind(models.TextChoices):
    GOVERNMENT = "government", _("People's government")
    GENERAL_OFFICE = "general_office", _("Government general office")
    DEPARTMENT = "department", _("Government department")
    TOWN = "town", _("Town government")
    SUBDISTRICT = "subdistrict", _("Subdistrict office")
    INSTITUTION = "institution", _("Public institution with administrative functions")


class Unit(models.Model):
    Kind = UnitKind

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100)
    short_name = models.CharField(_("short name"), max_length=40)
    doc_prefix = models.CharField(
        _("issuing-authority abbreviation (机关代字)"), max_length=20, blank=True
    )
    uscc = models.CharField(
        _("unified social credit code"),
        max_length=18,
        blank=True,
        validators=[validate_uscc],
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField(max_length=255, db_index=True, editable=False)
    is_competent_office = models.BooleanField(
        _("competent office for openness work"), default=False
    )
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    # 政府信息公开工作机构 — shown in the public 政府信息公开指南 (条例 art. 12).
    office_name = models.CharField(_("disclosure office"), max_length=100, blank=True)
    office_address = models.CharField(_("office address"), max_length=200, blank=True)
    office_postcode = models.CharField(
        _("postcode"),
        max_length=6,
        blank=True,
        validators=[RegexValidator(r"^\d{6}$", message=_("A postcode has 6 digits."))],
    )
    office_hours = models.CharField(_("office hours"), max_length=200, blank=True)
    office_phone = models.CharField(
        _("phone"),
        max_length=40,
        blank=True,
        validators=[PHONE_VALIDATOR],
    )
    office_fax = models.CharField(
        _("fax"),
        max_length=40,
        blank=True,
        validators=[PHONE_VALIDATOR],
    )
    office_email = models.EmailField(_("e-mail"), blank=True)
    functions = models.TextField(_("functions"), blank=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.UniqueConstraint(
                fields=["parent"],
                condition=models.Q(is_competent_office=True),
                name="one_competent_office_per_district",
            ),
            models.UniqueConstraint(
                fields=["uscc"], condition=~models.Q(uscc=""), name="unique_unit_uscc"
            ),
            models.UniqueConstraint(fields=["parent", "name"], name="unique_unit_name_in_parent"),
            models.CheckConstraint(
                condition=models.Q(kind__in=UnitKind.values), name="unit_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def depth(self) -> int:
        return self.path.count("/") - 2

    @property
    def root_id(self) -> int:
        return int(self.path.strip("/").split("/")[0])

    @property
    def has_office_contact(self) -> bool:
        return all([self.office_name, self.office_address, self.office_hours, self.office_phone])


class User(AbstractUser):
    """A member of staff or a citizen account. Chinese names are not split into first/last."""

    full_name = models.CharField(_("name"), max_length=50, blank=True)
    is_system_admin = models.BooleanField(_("system administrator"), default=False)
    # Staff login security (issue 5 item 1; zwgk/orgs/validators.py, lockout.py).
    password_changed_at = models.DateTimeField(_("password changed at"), null=True, blank=True)
    failed_logins = models.PositiveSmallIntegerField(_("consecutive failed logins"), default=0)
    locked_until = models.DateTimeField(_("locked until"), null=True, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [models.UniqueConstraint(Lower("username"), name="unique_username_ci")]

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.username

    def set_password(self, raw_password: str | None) -> None:
        super().set_password(raw_password)
        from django.utils import timezone

        self.password_changed_at = timezone.now()


class PasswordHistory(models.Model):
    """Hashes of a user's recent passwords (the current one included), for the reuse rule."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField(max_length=128)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user_id} {self.created_at:%Y-%m-%d}"


class Role(models.TextChoices):
    CLERK = "clerk", _("Clerk")
    DEPUTY = "deputy", _("Deputy head in charge")
    HEAD = "head", _("Head (first responsible person)")
    SUPERVISOR = "supervisor", _("District office supervisor")


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self) -> MembershipQuerySet:
        return self.filter(unit__is_active=True, user__is_active=True)


class Membership(models.Model):
    """A person's role in a unit. One person may hold roles in several units."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    title = models.CharField(_("post"), max_length=50, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["unit__path", "role"]
        verbose_name = _("membership")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="unique_membership"),
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="membership_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.unit} · {self.get_role_display()}"
