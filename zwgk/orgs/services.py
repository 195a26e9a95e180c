"""Writes about units and people. Each function is one business verb with its audit row."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from zwgk.core import audit
from zwgk.core.errors import DomainError, PermissionDeniedError

from .models import Membership, Role, Unit, User
from .permissions import can_change_unit_contact

CONTACT_FIELDS = (
    "office_name",
    "office_address",
    "office_postcode",
    "office_hours",
    "office_phone",
    "office_fax",
    "office_email",
)


def _values(obj: Any, fields: tuple[str, ...] | list[str]) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in fields}


def _validation_message(error: ValidationError) -> str:
    return "；".join(str(m) for messages in error.message_dict.values() for m in messages)


@transaction.atomic
def create_unit(*, by: Any, at: datetime, parent: Unit | None, **fields: Any) -> Unit:
    unit = Unit(parent=parent, path="/", **fields)
    try:
        unit.full_clean(exclude=["path"])
    except ValidationError as error:
        raise DomainError(_validation_message(error)) from error
    if unit.is_competent_office and parent is None:
        raise DomainError("主管单位必须隶属于一个区县人民政府。")
    unit.save()
    unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
    unit.save(update_fields=["path"])
    audit.record(
        action="orgs.unit.created",
        by=by,
        at=at,
        target=unit,
        after=_values(unit, ["code", "name", "kind", "path", "uscc"]),
    )
    return unit


@transaction.atomic
def update_unit_contact(*, by: Any, at: datetime, unit: Unit, data: dict[str, str]) -> Unit:
    """Change the disclosure-office contact block that the public guide shows."""
    if not can_change_unit_contact(by, unit):
        raise PermissionDeniedError("您无权修改该单位的信息。")
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    before = _values(unit, CONTACT_FIELDS)
    for name in CONTACT_FIELDS:
        if name in data:
            setattr(unit, name, data[name].strip())
    try:
        unit.full_clean()
    except ValidationError as error:
        raise DomainError(_validation_message(error)) from error
    after = _values(unit, CONTACT_FIELDS)
    if after == before:
        return unit
    unit.save(update_fields=list(CONTACT_FIELDS))
    changed = [name for name in CONTACT_FIELDS if before[name] != after[name]]
    audit.record(
        action="orgs.unit.contact_updated",
        by=by,
        at=at,
        target=unit,
        unit=unit,
        before={k: before[k] for k in changed},
        after={k: after[k] for k in changed},
    )
    return unit


@transaction.atomic
def create_user(
    *, by: Any, at: datetime, username: str, full_name: str, password: str | None, email: str = ""
) -> User:
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(f"用户名“{username}”已被使用。")
    user = User(username=username, full_name=full_name, email=email)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    audit.record(
        action="orgs.user.created",
        by=by,
        at=at,
        target=user,
        after={"username": username, "full_name": full_name},
    )
    return user


@transaction.atomic
def add_membership(
    *, by: Any, at: datetime, user: User, unit: Unit, role: str, title: str = ""
) -> Membership:
    if role not in Role.values:
        raise DomainError("未知的角色。")
    if role == Role.SUPERVISOR and not unit.is_competent_office:
        raise DomainError("督查角色只能设在主管单位（区政府办公室）。")
    membership, created = Membership.objects.get_or_create(
        user=user, unit=unit, role=role, defaults={"title": title}
    )
    if created:
        audit.record(
            action="orgs.membership.added",
            by=by,
            at=at,
            target=membership,
            unit=unit,
            after={"user": user.username, "unit": unit.code, "role": role, "title": title},
        )
    return membership
