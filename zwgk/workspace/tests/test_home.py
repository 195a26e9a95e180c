from django.test import Client
from django.urls import reverse

from conftest import PASSWORD

from .otp_helpers import full_login


def test_login_with_password_lands_on_workbench(officer_a, district):
    client = Client()
    response = full_login(client, "officer_a", PASSWORD)
    body = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("workspace:home")
    assert "工作台" in body and "张敏" in body and "重庆市铜梁区教育委员会" in body


def test_wrong_password_gets_the_same_message_as_unknown_user(officer_a):
    client = Client()
    wrong = client.post(reverse("workspace:login"), {"username": "officer_a", "password": "x"})
    unknown = client.post(reverse("workspace:login"), {"username": "nobody", "password": "x"})
    assert wrong.status_code == unknown.status_code == 200
    assert "用户名或密码不正确" in wrong.content.decode()
    assert "用户名或密码不正确" in unknown.content.decode()


def test_workbench_requires_login():
    response = Client().get(reverse("workspace:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("workspace:login"))


def test_incomplete_contact_block_is_an_alert_for_the_unit(client_a, district):
    body = client_a.get(reverse("workspace:home")).content.decode()
    assert "完善政府信息公开工作机构联系方式" in body
    assert reverse("workspace:unit_contact_edit", args=[district.unit_a.pk]) in body


def test_alert_disappears_when_contact_block_is_complete(client_a, district):
    client_a.post(
        reverse("workspace:unit_contact_edit", args=[district.unit_a.pk]),
        {
            "office_name": "区教委办公室",
            "office_address": "重庆市铜梁区巴川街道龙门大道1号",
            "office_hours": "工作日 9:00—12:00，14:00—17:30",
            "office_phone": "023-45678901",
        },
    )
    body = client_a.get(reverse("workspace:home")).content.decode()
    assert "完善政府信息公开工作机构联系方式" not in body


def test_supervisor_sees_how_many_units_are_incomplete(client_supervisor, district):
    body = client_supervisor.get(reverse("workspace:home")).content.decode()
    # root, unit A and unit B are incomplete; the office's own block is listed separately
    assert "3 个单位的政府信息公开工作机构联系方式不完整" in body


def test_logout_ends_the_session(client_a):
    response = client_a.post(reverse("workspace:logout"))
    assert response.status_code == 302
    assert client_a.get(reverse("workspace:home")).status_code == 302
