from django.test import Client
from django.urls import reverse

from zwgk.core.models import AuditEvent


def test_anonymous_is_sent_to_login(district):
    response = Client().get(reverse("workspace:unit_detail", args=[district.unit_a.pk]))
    assert response.status_code == 302
    assert reverse("workspace:login") in response["Location"]


def test_officer_sees_own_unit(client_a, district):
    response = client_a.get(reverse("workspace:unit_detail", args=[district.unit_a.pk]))
    assert response.status_code == 200
    assert "重庆市铜梁区教育委员会" in response.content.decode()


def test_other_units_object_is_404(client_b, district):
    response = client_b.get(reverse("workspace:unit_detail", args=[district.unit_a.pk]))
    assert response.status_code == 404
    edit = client_b.post(
        reverse("workspace:unit_contact_edit", args=[district.unit_a.pk]), {"office_name": "x"}
    )
    assert edit.status_code == 404


def test_unit_list_is_scoped(client_a, client_supervisor, district):
    mine = client_a.get(reverse("workspace:unit_list")).content.decode()
    assert "重庆市铜梁区教育委员会" in mine
    assert "重庆市铜梁区民政局" not in mine
    everything = client_supervisor.get(reverse("workspace:unit_list")).content.decode()
    assert "重庆市铜梁区民政局" in everything and "重庆市铜梁区教育委员会" in everything


def test_contact_edit_saves_and_audits(client_a, district):
    url = reverse("workspace:unit_contact_edit", args=[district.unit_a.pk])
    response = client_a.post(url, {"office_name": "区教委办公室", "office_phone": "023-45678901"})
    assert response.status_code == 302
    district.unit_a.refresh_from_db()
    assert district.unit_a.office_phone == "023-45678901"
    event = AuditEvent.objects.filter(action="orgs.unit.contact_updated").get()
    assert event.after == {"office_name": "区教委办公室", "office_phone": "023-45678901"}
    assert event.actor_label == "张敏"


def test_contact_edit_invalid_input_changes_nothing(client_a, district):
    url = reverse("workspace:unit_contact_edit", args=[district.unit_a.pk])
    response = client_a.post(url, {"office_phone": "call me", "office_email": "nope"})
    assert response.status_code == 400
    district.unit_a.refresh_from_db()
    assert district.unit_a.office_phone == ""
    assert not AuditEvent.objects.filter(action="orgs.unit.contact_updated").exists()


def test_contact_edit_htmx_gets_partial(client_a, district):
    url = reverse("workspace:unit_contact_edit", args=[district.unit_a.pk])
    response = client_a.get(url, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "<form" in body and "<html" not in body
