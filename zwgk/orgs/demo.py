"""The demo district: 重庆市铜梁区 with its units, people and documented logins (`zwgk demo`).

Owns reading `data/tongliang.toml` and creating whatever of it is missing through the orgs
services, each of which writes its audit row (`by=None` — the system acts). It never changes a
unit or a person that already exists: units are looked up by code (then by name under the same
parent), people by username, memberships by (person, unit, role). A second run therefore writes
nothing, and running on a database that already holds other data only adds to it.

It does not decide whether seeding is allowed — the `demo` command refuses unless ZWGK_DEMO=1
or --force, because every demo account shares the published DEMO_PASSWORD.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from django.db import transaction

from zwgk.core import audit

from . import services
from .models import Membership, Role, Unit, UnitKind, User
from .uscc import is_valid_uscc

DATA_FILE = Path(__file__).resolve().parent / "data" / "tongliang.toml"

# The one documented password of every demo account (README, `zwgk demo` output). It meets the
# password rules (≥ 8 characters, 4 character classes, not a common password). Demo only: the
# command refuses to seed it unless the operator says this is a demo database.
DEMO_PASSWORD = "Tongliang@2026"  # noqa: S105 — a published demo credential, by design

# Logins the command prints after seeding, in this order (the full list: `zwgk demo --all`).
KEY_LOGINS = (
    "zfb_supervisor",
    "zfb_supervisor2",
    "zfb_head",
    "zfb_clerk",
    "jw_clerk",
    "jw_deputy",
    "jw_head",
    "mzj_clerk",
    "mzj_head",
    "bachuan_clerk",
    "tuqiao_clerk",
    "xmzx_clerk",
    "xitong_xuliang",
)

ROLE_LABELS = {
    Role.CLERK.value: "经办人",
    Role.DEPUTY.value: "分管负责人",
    Role.HEAD.value: "主要负责人",
    Role.SUPERVISOR.value: "督查（主管单位）",
}
SYSTEM_ADMIN_LABEL = "系统管理员"

UNIT_FIELDS = (
    "name",
    "short_name",
    "kind",
    "doc_prefix",
    "uscc",
    "is_competent_office",
    "office_name",
    "office_address",
    "office_postcode",
    "office_hours",
    "office_phone",
    "office_fax",
    "office_email",
    "functions",
)


class DemoDataError(ValueError):
    """The data file is inconsistent (a bug in the file, not in the database)."""


@dataclass(frozen=True)
class PersonSpec:
    username: str
    full_name: str
    role: str
    title: str


@dataclass(frozen=True)
class UnitSpec:
    code: str
    parent_code: str
    fields: dict[str, Any]
    people: tuple[PersonSpec, ...]
    uscc_is_demo: bool

    @property
    def name(self) -> str:
        return str(self.fields["name"])


@dataclass(frozen=True)
class AdminSpec:
    username: str
    full_name: str
    title: str


@dataclass(frozen=True)
class DemoData:
    units: tuple[UnitSpec, ...]
    system_admins: tuple[AdminSpec, ...]

    @property
    def people_count(self) -> int:
        return sum(len(unit.people) for unit in self.units) + len(self.system_admins)


@dataclass(frozen=True)
class Login:
    username: str
    full_name: str
    unit: str
    role: str


@dataclass
class DemoReport:
    units_created: int = 0
    users_created: int = 0
    memberships_created: int = 0
    admins_granted: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(
            self.units_created + self.users_created + self.memberships_created + self.admins_granted
        )


def load_data(path: Path = DATA_FILE) -> DemoData:
    """Read and check the data file: parents before children, unique codes and usernames."""
    with path.open("rb") as handle:
        raw = tomllib.load(handle)
    units: list[UnitSpec] = []
    codes: set[str] = set()
    usernames: set[str] = set()
    for entry in raw.get("unit", []):
        code = entry["code"]
        parent = entry.get("parent", "")
        if code in codes:
            raise DemoDataError(f"unit code {code!r} appears twice")
        if parent and parent not in codes:
            raise DemoDataError(f"unit {code!r} comes before its parent {parent!r}")
        if entry["kind"] not in UnitKind.values:
            raise DemoDataError(f"unit {code!r} has an unknown kind {entry['kind']!r}")
        if entry.get("uscc") and not is_valid_uscc(entry["uscc"]):
            raise DemoDataError(f"unit {code!r} has an invalid USCC {entry['uscc']!r}")
        codes.add(code)
        people = []
        for person in entry.get("person", []):
            if person["role"] not in Role.values:
                raise DemoDataError(f"{person['username']!r} has an unknown role")
            if person["username"].lower() in usernames:
                raise DemoDataError(f"username {person['username']!r} appears twice")
            usernames.add(person["username"].lower())
            people.append(
                PersonSpec(
                    username=person["username"],
                    full_name=person["full_name"],
                    role=person["role"],
                    title=person.get("title", ""),
                )
            )
        fields = {name: entry[name] for name in UNIT_FIELDS if name in entry}
        units.append(
            UnitSpec(
                code=code,
                parent_code=parent,
                fields=fields,
                people=tuple(people),
                uscc_is_demo=bool(entry.get("uscc_is_demo", True)),
            )
        )
    admins = []
    for entry in raw.get("system_admin", []):
        if entry["username"].lower() in usernames:
            raise DemoDataError(f"username {entry['username']!r} appears twice")
        usernames.add(entry["username"].lower())
        admins.append(AdminSpec(entry["username"], entry["full_name"], entry.get("title", "")))
    return DemoData(units=tuple(units), system_admins=tuple(admins))


def _find_unit(spec: UnitSpec, parent: Unit | None) -> Unit | None:
    unit = Unit.objects.filter(code=spec.code).first()
    if unit is None:
        # Another load may have created the same real unit under its own code.
        unit = Unit.objects.filter(parent=parent, name=spec.name).first()
    return unit


def _ensure_unit(spec: UnitSpec, parent: Unit | None, at: datetime, report: DemoReport) -> Unit:
    unit = _find_unit(spec, parent)
    if unit is not None:
        return unit
    fields = dict(spec.fields)
    uscc = fields.get("uscc", "")
    if uscc and Unit.objects.filter(uscc=uscc).exists():
        report.warnings.append(
            f"统一社会信用代码 {uscc} 已被其他单位使用，“{spec.name}”未填写该代码。"
        )
        fields["uscc"] = ""
    if fields.get("is_competent_office") and (
        Unit.objects.filter(parent=parent, is_competent_office=True).exists()
    ):
        report.warnings.append(f"该区县已有主管单位，“{spec.name}”不再设为主管单位。")
        fields["is_competent_office"] = False
    report.units_created += 1
    return services.create_unit(by=None, at=at, parent=parent, code=spec.code, **fields)


def _ensure_user(username: str, full_name: str, at: datetime, report: DemoReport) -> User:
    user = User.objects.filter(username__iexact=username).first()
    if user is not None:
        return user
    report.users_created += 1
    return services.create_user(
        by=None, at=at, username=username, full_name=full_name, password=DEMO_PASSWORD
    )


def _ensure_membership(
    user: User, unit: Unit, person: PersonSpec, at: datetime, report: DemoReport
) -> None:
    if Membership.objects.filter(user=user, unit=unit, role=person.role).exists():
        return
    report.memberships_created += 1
    services.add_membership(
        by=None, at=at, user=user, unit=unit, role=person.role, title=person.title
    )


def _ensure_system_admin(user: User, at: datetime, report: DemoReport) -> None:
    # orgs.services has no verb for this yet; the grant is written here with its audit row,
    # in the same transaction, as every service does.
    if user.is_system_admin:
        return
    User.objects.filter(pk=user.pk).update(is_system_admin=True)
    user.is_system_admin = True
    audit.record(
        action="orgs.user.system_admin_granted",
        by=None,
        at=at,
        target=user,
        before={"is_system_admin": False},
        after={"is_system_admin": True},
    )
    report.admins_granted += 1


def seed_demo(
    *,
    at: datetime,
    data: DemoData | None = None,
    progress: Callable[[int], object] | None = None,
) -> DemoReport:
    """Create whatever of the demo district is missing; all or nothing (one transaction).

    `progress(n)` is called after each unit (with its people) and each administrator.
    """
    data = data or load_data()
    report = DemoReport()
    step = progress or (lambda n: None)
    with transaction.atomic():
        units: dict[str, Unit] = {}
        for spec in data.units:
            parent = units[spec.parent_code] if spec.parent_code else None
            unit = _ensure_unit(spec, parent, at, report)
            units[spec.code] = unit
            for person in spec.people:
                user = _ensure_user(person.username, person.full_name, at, report)
                _ensure_membership(user, unit, person, at, report)
            step(1)
        for admin in data.system_admins:
            user = _ensure_user(admin.username, admin.full_name, at, report)
            _ensure_system_admin(user, at, report)
            step(1)
    return report


def list_logins(data: DemoData, usernames: Iterable[str] | None = None) -> list[Login]:
    """Demo logins as the README shows them: 用户名 / 姓名 / 单位 / 角色 (from the data file)."""
    logins: dict[str, Login] = {}
    for unit in data.units:
        for person in unit.people:
            logins[person.username] = Login(
                username=person.username,
                full_name=person.full_name,
                unit=unit.fields.get("short_name") or unit.name,
                role=ROLE_LABELS[person.role],
            )
    for admin in data.system_admins:
        logins[admin.username] = Login(admin.username, admin.full_name, "—", SYSTEM_ADMIN_LABEL)
    if usernames is None:
        return list(logins.values())
    return [logins[name] for name in usernames if name in logins]
