"""Logins, failed logins and logouts leave audit rows (security.md L3-CES1-12/13)."""

import json

import pytest
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import reverse

from conftest import PASSWORD
from zwgk.core import audit
from zwgk.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def last(action):
    return AuditEvent.objects.filter(action=action).latest("seq")


def test_login_is_recorded_with_actor_unit_and_ip(officer_a, district):
    client = Client(REMOTE_ADDR="10.20.30.40")
    response = client.post(
        reverse("workspace:login"), {"username": "officer_a", "password": PASSWORD}
    )
    assert response.status_code == 302
    event = last("auth.login.succeeded")
    assert (event.actor_id, event.actor_label) == (officer_a.pk, "张敏")
    assert event.unit_label == "重庆市铜梁区教育委员会"
    assert (event.ip, event.channel, event.outcome) == ("10.20.30.40", "web", "success")
    assert (event.target_type, event.target_id) == ("orgs.user", str(officer_a.pk))
    assert len(event.request_id) == 32


def test_failed_login_records_the_username_but_never_the_password(officer_a):
    Client().post(reverse("workspace:login"), {"username": "officer_a", "password": "Guess-123"})
    event = last("auth.login.failed")
    assert event.outcome == "failure"
    assert event.actor_id is None and event.actor_label == audit.ANONYMOUS_LABEL
    assert event.after == {"username": "officer_a"}
    assert (event.target_type, event.target_id) == ("orgs.user", str(officer_a.pk))
    stored = json.dumps(model_to_dict(event), default=str, ensure_ascii=False)
    assert "Guess-123" not in stored and "password" not in stored
    assert not AuditEvent.objects.filter(action="auth.login.succeeded").exists()


def test_failed_login_for_an_unknown_username(db):
    Client().post(reverse("workspace:login"), {"username": "13812345678", "password": "x"})
    event = last("auth.login.failed")
    assert event.target_type == "auth.username" and event.target_id == ""
    assert event.target_label == "138****5678"  # a phone number typed as username is masked
    assert event.after == {"username": "138****5678"}


def test_logout_is_recorded(client_a, officer_a):
    response = client_a.post(reverse("workspace:logout"))
    assert response.status_code == 302
    event = last("auth.logout")
    assert event.actor_id == officer_a.pk
    assert audit.verify_chain().ok


def test_logout_without_a_session_records_nothing(db):
    Client().post(reverse("workspace:logout"))
    assert not AuditEvent.objects.filter(action="auth.logout").exists()
