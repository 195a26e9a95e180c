"""Personas shared by every test (after healthchecks' Alice and Bob).

district      铜梁区人民政府 (root) with its 区政府办公室 (the competent office)
unit_a        区教育委员会 — officer_a (经办人), deputy_a (分管负责人), head_a (主要负责人)
unit_b        区民政局 — officer_b (经办人)
supervisor    区政府办公室 督查
citizen       a registered member of the public with no unit
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from zwgk.orgs import services
from zwgk.orgs.models import Role, Unit, User

PASSWORD = "Zwgk-test-2026"


@dataclass
class District:
    root: Unit
    office: Unit
    unit_a: Unit
    unit_b: Unit


def _now() -> datetime:
    return timezone.now()


@pytest.fixture
def shipped_calendar(db: Any) -> None:
    """The shipped holiday arrangements, for transactional tests (transaction=True).

    A transactional test empties the database when it ends, taking the calendar that migration
    core.0004 loaded with it; such tests request this fixture instead of serialized_rollback
    (whose reload collides with the content types that the flush re-creates).
    """
    import importlib

    from django.apps import apps

    migration = importlib.import_module("zwgk.core.migrations.0004_ship_holiday_years")
    migration.load(apps, None)  # idempotent: years already present are left alone


@pytest.fixture
def district(db: Any) -> District:
    at = _now()
    root = services.create_unit(
        by=None,
        at=at,
        parent=None,
        code="tlq",
        name="重庆市铜梁区人民政府",
        short_name="区政府",
        kind=Unit.Kind.GOVERNMENT,
        doc_prefix="铜府",
    )
    office = services.create_unit(
        by=None,
        at=at,
        parent=root,
        code="tlq-zfb",
        name="重庆市铜梁区人民政府办公室",
        short_name="区政府办",
        kind=Unit.Kind.GENERAL_OFFICE,
        doc_prefix="铜府办",
        is_competent_office=True,
    )
    unit_a = services.create_unit(
        by=None,
        at=at,
        parent=root,
        code="tlq-jw",
        name="重庆市铜梁区教育委员会",
        short_name="区教委",
        kind=Unit.Kind.DEPARTMENT,
        doc_prefix="铜教",
    )
    unit_b = services.create_unit(
        by=None,
        at=at,
        parent=root,
        code="tlq-mzj",
        name="重庆市铜梁区民政局",
        short_name="区民政局",
        kind=Unit.Kind.DEPARTMENT,
        doc_prefix="铜民",
    )
    return District(root=root, office=office, unit_a=unit_a, unit_b=unit_b)


def make_person(username: str, full_name: str, unit: Unit | None, role: str | None) -> User:
    user = services.create_user(
        by=None, at=_now(), username=username, full_name=full_name, password=PASSWORD
    )
    if unit is not None and role is not None:
        services.add_membership(by=None, at=_now(), user=user, unit=unit, role=role)
    return user


@pytest.fixture
def officer_a(district: District) -> User:
    return make_person("officer_a", "张敏", district.unit_a, Role.CLERK)


@pytest.fixture
def deputy_a(district: District) -> User:
    return make_person("deputy_a", "李强", district.unit_a, Role.DEPUTY)


@pytest.fixture
def head_a(district: District) -> User:
    return make_person("head_a", "王建国", district.unit_a, Role.HEAD)


@pytest.fixture
def officer_b(district: District) -> User:
    return make_person("officer_b", "陈静", district.unit_b, Role.CLERK)


@pytest.fixture
def supervisor(district: District) -> User:
    return make_person("supervisor", "刘芳", district.office, Role.SUPERVISOR)


@pytest.fixture
def citizen(db: Any) -> User:
    return make_person("citizen", "赵市民", None, None)


@pytest.fixture(autouse=True)
def _force_login_completes_second_factor(monkeypatch: pytest.MonkeyPatch) -> None:
    """Unit tests log staff in with force_login; that stands for password and second factor
    (a confirmed TOTP device, marked verified in the session). The login pages themselves are
    tested through the real forms (zwgk/workspace/tests/test_login_security.py)."""
    original = Client.force_login

    def force_login(self: Client, user: Any, backend: str | None = None) -> None:
        original(self, user, backend)
        from zwgk.workspace.middleware import is_staff_account

        if is_staff_account(user):
            from django_otp import DEVICE_ID_SESSION_KEY
            from django_otp.plugins.otp_totp.models import TOTPDevice

            device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
            if device is None:
                device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def client_a(officer_a: User) -> Client:
    return client_for(officer_a)


@pytest.fixture
def client_b(officer_b: User) -> Client:
    return client_for(officer_b)


@pytest.fixture
def client_supervisor(supervisor: User) -> Client:
    return client_for(supervisor)
