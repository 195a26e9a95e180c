"""`zwgk demo`: the 铜梁区 demo district, its documented logins, idempotence and the safety gate."""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone

from zwgk.core.models import AuditEvent
from zwgk.orgs import demo, services
from zwgk.orgs.models import Membership, Role, Unit, User
from zwgk.orgs.permissions import is_supervisor, visible_units
from zwgk.orgs.uscc import is_valid_uscc

DEMO_CODES = {spec.code for spec in demo.load_data().units}


def run_demo(*args: str) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def counts() -> tuple[int, int, int, int]:
    return (
        Unit.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
        AuditEvent.objects.count(),
    )


@pytest.fixture
def demo_mode(settings: Any) -> None:
    settings.DEMO = True


@pytest.fixture(scope="class")
def seeded_once(django_db_setup: Any, django_db_blocker: Any) -> Iterator[str]:
    """Seed once for a whole test class, inside a transaction rolled back afterwards.

    Each test still runs in its own savepoint (the `db` fixture), so tests stay independent while
    the district is created once instead of once per test.
    """
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield run_demo("--force")
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def seeded(seeded_once: str, db: Any) -> str:
    return seeded_once


# --- the safety gate --------------------------------------------------------------------------


def test_refused_without_zwgk_demo_or_force(db: Any, settings: Any) -> None:
    settings.DEMO = False
    with pytest.raises(CommandError) as refused:
        run_demo()
    assert "ZWGK_DEMO=1" in str(refused.value)
    assert "--force" in str(refused.value)
    assert counts() == (0, 0, 0, 0)


def test_force_seeds_without_zwgk_demo(db: Any, settings: Any) -> None:
    settings.DEMO = False
    run_demo("--force")
    assert Unit.objects.filter(code="tlq-jw").exists()


# --- what it creates ---------------------------------------------------------------------------


class TestSeededDistrict:
    def test_the_district_tree(self, seeded: str) -> None:
        root = Unit.objects.get(code="tlq")
        assert root.name == "重庆市铜梁区人民政府"
        assert root.parent is None
        units = Unit.objects.filter(code__in=DEMO_CODES)
        assert units.count() == len(DEMO_CODES)
        assert all(unit.path.startswith(root.path) for unit in units)
        assert units.filter(kind=Unit.Kind.SUBDISTRICT).count() == 5
        assert units.filter(kind=Unit.Kind.TOWN).count() == 23
        assert units.filter(kind=Unit.Kind.DEPARTMENT).count() >= 25
        assert units.filter(kind=Unit.Kind.INSTITUTION).exists()
        subdistricts = set(
            units.filter(kind=Unit.Kind.SUBDISTRICT).values_list("short_name", flat=True)
        )
        assert subdistricts == {"巴川街道", "东城街道", "南城街道", "蒲吕街道", "旧县街道"}

    def test_exactly_one_competent_office(self, seeded: str) -> None:
        office = Unit.objects.get(is_competent_office=True)
        assert office.code == "tlq-zfb"
        assert office.parent == Unit.objects.get(code="tlq")
        assert office.kind == Unit.Kind.GENERAL_OFFICE

    def test_every_uscc_valid_unique_and_demo_codes_well_formed(self, seeded: str) -> None:
        units = list(Unit.objects.filter(code__in=DEMO_CODES))
        codes = [unit.uscc for unit in units]
        assert all(codes)
        assert all(is_valid_uscc(code) for code in codes)
        assert len(set(codes)) == len(codes)
        for spec in demo.load_data().units:
            if not spec.uscc_is_demo:
                continue
            code = spec.fields["uscc"]
            # 1 = 机构编制; 1 = 机关, 2 = 事业单位; then the 铜梁区 region code.
            category = "2" if spec.fields["kind"] == Unit.Kind.INSTITUTION else "1"
            assert code[:8] == f"1{category}500151", spec.code

    def test_every_unit_has_its_disclosure_office_contact(self, seeded: str) -> None:
        for unit in Unit.objects.filter(code__in=DEMO_CODES):
            assert unit.has_office_contact, unit.code
            assert unit.office_postcode == "402560"
            assert unit.office_email
            unit.full_clean()

    @pytest.mark.parametrize(
        "kind",
        [Unit.Kind.DEPARTMENT, Unit.Kind.TOWN, Unit.Kind.SUBDISTRICT, Unit.Kind.INSTITUTION],
    )
    def test_every_unit_has_clerk_deputy_and_head(self, seeded: str, kind: str) -> None:
        units = Unit.objects.filter(code__in=DEMO_CODES, kind=kind)
        assert units.exists()
        for unit in units:
            roles = set(unit.memberships.values_list("role", flat=True))
            assert {Role.CLERK, Role.DEPUTY, Role.HEAD} <= roles, unit.code
            for membership in unit.memberships.select_related("user"):
                assert membership.user.full_name
                assert membership.title

    def test_the_district_office_has_two_supervisors_and_clerks(self, seeded: str) -> None:
        office = Unit.objects.get(code="tlq-zfb")
        supervisors = User.objects.filter(
            memberships__unit=office, memberships__role=Role.SUPERVISOR
        ).distinct()
        assert supervisors.count() == 2
        assert office.memberships.filter(role=Role.CLERK).count() >= 1
        supervisor = User.objects.get(username="zfb_supervisor")
        assert is_supervisor(supervisor)
        assert set(visible_units(supervisor)) == set(Unit.objects.filter(code__in=DEMO_CODES))

    def test_one_system_administrator_without_unit_role(self, seeded: str) -> None:
        admin = User.objects.get(is_system_admin=True)
        assert admin.username == "xitong_xuliang"
        assert not admin.memberships.exists()
        assert AuditEvent.objects.filter(action="orgs.user.system_admin_granted").count() == 1

    def test_documented_logins_authenticate_with_the_documented_password(self, seeded: str) -> None:
        usernames = [login.username for login in demo.list_logins(demo.load_data())]
        assert set(demo.KEY_LOGINS) <= set(usernames)
        for username in usernames:
            user = authenticate(username=username, password=demo.DEMO_PASSWORD)
            assert user is not None, username
            assert user.username == username
        assert authenticate(username="jw_clerk", password="Tongliang@2025") is None

    def test_demo_password_satisfies_the_password_rules(self, seeded: str) -> None:
        password = demo.DEMO_PASSWORD
        assert len(password) >= 8
        classes = [
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        ]
        assert sum(classes) >= 3
        for username in ("jw_clerk", "zfb_supervisor", "xitong_xuliang", "bachuan_head"):
            # as a new account would have it: for the seeded one it is now its own last password,
            # which the reuse rule (zwgk/orgs/validators.py) refuses by design
            seeded_user = User.objects.get(username=username)
            validate_password(
                password, User(username=seeded_user.username, full_name=seeded_user.full_name)
            )

    def test_prints_the_key_logins_and_the_password(self, seeded: str) -> None:
        assert "已新建" in seeded
        assert "用户名" in seeded and "角色" in seeded
        for username in demo.KEY_LOGINS:
            assert username in seeded
        assert demo.DEMO_PASSWORD in seeded
        jw_clerk = User.objects.get(username="jw_clerk")
        line = next(line for line in seeded.splitlines() if line.startswith("jw_clerk "))
        assert jw_clerk.full_name in line and "区教委" in line and "经办人" in line

    def test_all_lists_every_login(self, seeded: str) -> None:
        output = run_demo("--force", "--all")
        for username in User.objects.filter(memberships__unit__code__in=DEMO_CODES).values_list(
            "username", flat=True
        ):
            assert f"\n{username} " in output

    def test_second_run_changes_nothing_and_writes_no_audit_rows(self, seeded: str) -> None:
        before = counts()
        passwords = dict(User.objects.values_list("username", "password"))
        output = run_demo("--force")
        assert counts() == before
        assert dict(User.objects.values_list("username", "password")) == passwords
        assert "未作任何更改" in output


# --- idempotence and existing data -------------------------------------------------------------


def test_safe_on_a_database_with_other_data(
    district: Any, officer_a: User, demo_mode: None
) -> None:
    """The conftest district uses some of the same unit codes: they are reused, not duplicated."""
    unit_a_name = district.unit_a.name
    run_demo()
    assert Unit.objects.filter(is_competent_office=True).count() == 1
    assert Unit.objects.filter(code="tlq").count() == 1
    district.unit_a.refresh_from_db()
    assert district.unit_a.name == unit_a_name
    assert district.unit_a.uscc == ""  # an existing unit is never changed
    assert User.objects.get(username="jw_clerk").memberships.get().unit == district.unit_a
    assert list(officer_a.memberships.values_list("unit__code", flat=True)) == ["tlq-jw"]
    before = counts()
    run_demo()
    assert counts() == before


def test_a_uscc_taken_by_another_unit_is_left_blank_with_a_warning(
    db: Any, demo_mode: None
) -> None:
    spec = next(spec for spec in demo.load_data().units if spec.code == "tlq-mzj")
    other = services.create_unit(
        by=None,
        at=timezone.now(),
        parent=None,
        code="elsewhere",
        name="另一个区人民政府",
        short_name="另一区",
        kind=Unit.Kind.GOVERNMENT,
        uscc=spec.fields["uscc"],
    )
    report = demo.seed_demo(at=timezone.now())
    assert Unit.objects.get(code="tlq-mzj").uscc == ""
    assert any(spec.fields["uscc"] in warning for warning in report.warnings)
    other.refresh_from_db()
    assert other.uscc == spec.fields["uscc"]


def test_all_or_nothing(db: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = {"n": 0}
    real_add_membership = services.add_membership

    def failing_add_membership(**kwargs: Any) -> Membership:
        calls["n"] += 1
        if calls["n"] == 50:
            raise RuntimeError("database went away")
        return real_add_membership(**kwargs)

    monkeypatch.setattr(services, "add_membership", failing_add_membership)
    with pytest.raises(RuntimeError):
        demo.seed_demo(at=timezone.now())
    assert counts() == (0, 0, 0, 0)


# --- the data file -----------------------------------------------------------------------------


def test_data_file_rejects_a_child_before_its_parent(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(
        '[[unit]]\ncode = "a"\nparent = "b"\nkind = "town"\nname = "甲镇"\n', encoding="utf-8"
    )
    with pytest.raises(demo.DemoDataError):
        demo.load_data(bad)


def test_data_file_rejects_an_invalid_uscc(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(
        '[[unit]]\ncode = "a"\nkind = "town"\nname = "甲镇"\nuscc = "11500151TLDM0001XA"\n',
        encoding="utf-8",
    )
    with pytest.raises(demo.DemoDataError):
        demo.load_data(bad)
