"""三员分立 (issue 5 item 3): system, security and audit administrators are separate duties."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import client_for, make_person
from zwgk.core import policy
from zwgk.core.models import AuditEvent
from zwgk.orgs import duties


@pytest.fixture
def admins(db):
    now = timezone.now()
    people = {
        duty: make_person(f"{duty}_admin", f"{duty}管理员", None, None) for duty in duties.DUTIES
    }
    for duty, user in people.items():
        duties.grant_duty(by=None, at=now, user=user, duty=duty)
    return people


def test_each_duty_is_held_and_audited(admins):
    for duty, user in admins.items():
        user.refresh_from_db()
        assert duties.duties_of(user) == {duty}
    granted = AuditEvent.objects.filter(action=duties.GRANTED)
    assert sorted(e.after["duty"] for e in granted) == sorted(duties.DUTIES)
    assert duties.users_with_several_duties() == []


@pytest.mark.parametrize("first", duties.DUTIES)
@pytest.mark.parametrize("second", duties.DUTIES)
def test_nobody_holds_two(db, first, second):
    user = make_person("someone", "某人", None, None)
    now = timezone.now()
    duties.grant_duty(by=None, at=now, user=user, duty=first)
    before = AuditEvent.objects.count()
    if first == second:
        duties.grant_duty(by=None, at=now, user=user, duty=second)  # already held: no-op
    else:
        with pytest.raises(duties.DutyError, match="三员分立"):
            duties.grant_duty(by=None, at=now, user=user, duty=second)
    user.refresh_from_db()
    assert duties.duties_of(user) == {first}
    assert AuditEvent.objects.count() == before


def test_the_check_finds_two_duties_however_they_came_about(admins):
    """A grant that bypassed the service (e.g. in the database) is still reported."""
    from django.contrib.auth.models import Group

    system = admins[duties.SYSTEM]
    system.groups.add(Group.objects.get(name=duties.GROUPS[duties.AUDIT]))
    assert duties.users_with_several_duties() == [system]


def test_unknown_duty_refused(db):
    user = make_person("someone", "某人", None, None)
    with pytest.raises(duties.DutyError):
        duties.grant_duty(by=None, at=timezone.now(), user=user, duty="root")


def test_revoke_then_another_duty(db):
    user = make_person("someone", "某人", None, None)
    now = timezone.now()
    duties.grant_duty(by=None, at=now, user=user, duty=duties.SECURITY)
    duties.revoke_duty(by=None, at=now, user=user, duty=duties.SECURITY)
    duties.grant_duty(by=None, at=now, user=user, duty=duties.AUDIT)
    assert duties.duties_of(user) == {duties.AUDIT}
    assert AuditEvent.objects.filter(action=duties.REVOKED).count() == 1


def test_audit_viewer_for_the_audit_administrator_only(admins, supervisor):
    assert policy.allows(policy.VIEW_AUDIT, admins[duties.AUDIT])
    assert policy.allows(policy.VIEW_AUDIT, supervisor)  # the district office, as before
    assert not policy.allows(policy.VIEW_AUDIT, admins[duties.SYSTEM])
    assert not policy.allows(policy.VIEW_AUDIT, admins[duties.SECURITY])
    Client().get("/")  # load the middleware (and its login-time stamp) before logging in
    response = client_for(admins[duties.AUDIT]).get(reverse("core:audit_list"))
    assert response.status_code == 200
    assert client_for(admins[duties.SECURITY]).get(reverse("core:audit_list")).status_code == 404


def test_command_grants_refuses_and_lists(db):
    from io import StringIO

    from django.core.management import CommandError, call_command

    make_person("op", "操作员", None, None)
    call_command("duty", "grant", "op", "audit", stdout=StringIO())
    with pytest.raises(CommandError, match="三员分立"):
        call_command("duty", "grant", "op", "security", stdout=StringIO())
    out = StringIO()
    call_command("duty", "list", stdout=out)
    assert "op\t审计管理员" in out.getvalue()
