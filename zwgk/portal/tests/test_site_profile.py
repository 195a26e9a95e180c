import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from zwgk.core.errors import DomainError, PermissionDeniedError
from zwgk.core.models import AuditEvent
from zwgk.portal import services
from zwgk.portal.demo import DEMO_SITE_PROFILE
from zwgk.portal.models import (
    SiteProfile,
    validate_domain,
    validate_icp,
    validate_police_number,
    validate_site_code,
)

URL = "/staff/site/"


def form_data(**changes):
    data = {k: v for k, v in DEMO_SITE_PROFILE.items() if k != "show_party_gov_mark"}
    data["show_party_gov_mark"] = "on"
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


# --- Validators ------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["5001510001", "3609000002", "bm01000001"])
def test_valid_site_codes(code):
    validate_site_code(code)


@pytest.mark.parametrize("code", ["500151001", "50015100011", "500151000A", "BM01000001", ""])
def test_invalid_site_codes(code):
    with pytest.raises(ValidationError) as error:
        validate_site_code(code)
    assert "网站标识码" in str(error.value.messages[0])


def test_site_code_pattern_is_a_setting(settings):
    settings.ZWGK_SITE_CODE_PATTERN = r"^500151\d{4}$"
    validate_site_code("5001510001")
    with pytest.raises(ValidationError):
        validate_site_code("3609000002")


@pytest.mark.parametrize(
    "number",
    ["渝ICP备05004494号-1", "渝ICP备05004494号", "京ICP备2021034286号-2", "蜀ICP备12345678号"],
)
def test_valid_icp_numbers(number):
    validate_icp(number)


@pytest.mark.parametrize(
    "number", ["ICP备05004494号", "渝ICP05004494号", "渝ICP备0500449号", "渝ICP备05004494", "X"]
)
def test_invalid_icp_numbers(number):
    with pytest.raises(ValidationError) as error:
        validate_icp(number)
    assert "ICP备案号" in str(error.value.messages[0])


def test_police_numbers():
    validate_police_number("渝公网安备50010302000186号")
    for bad in (
        "渝公网安备5001030200018号",
        "公网安备50010302000186号",
        "渝公网安备50010302000186",
    ):
        with pytest.raises(ValidationError):
            validate_police_number(bad)


def test_domains():
    for good in ("www.cqstl.gov.cn", "cqstl.gov.cn", "铜梁.政务"):
        validate_domain(good)
    for bad in ("https://www.cqstl.gov.cn", "www.cqstl.com", "www.cqstl.gov.cn/xxgk", "gov.cn"):
        with pytest.raises(ValidationError):
            validate_domain(bad)


# --- Service ---------------------------------------------------------------------------------


def test_supervisor_creates_then_updates_the_profile_with_audit(district, supervisor):
    profile = services.save_site_profile(
        by=supervisor, at=timezone.now(), district=district.root, data=dict(DEMO_SITE_PROFILE)
    )
    assert profile.site_code == "5001510001"
    created = AuditEvent.objects.get(action="portal.site_profile.created")
    assert created.actor_label == "刘芳"
    assert created.unit_id == district.office.pk
    services.save_site_profile(
        by=supervisor,
        at=timezone.now(),
        district=district.root,
        data={"police_number": "渝公网安备 50015102000999号"},
    )
    profile.refresh_from_db()
    assert profile.police_number == "渝公网安备50015102000999号"  # spaces removed
    updated = AuditEvent.objects.get(action="portal.site_profile.updated")
    assert updated.before == {"police_number": "渝公网安备50015102000151号"}
    assert updated.after == {"police_number": "渝公网安备50015102000999号"}


def test_unchanged_save_writes_no_audit_row(district, supervisor, profile):
    before = AuditEvent.objects.count()
    services.save_site_profile(
        by=supervisor, at=timezone.now(), district=district.root, data={"name": profile.name}
    )
    assert AuditEvent.objects.count() == before


def test_invalid_values_change_nothing(district, supervisor, profile):
    before = AuditEvent.objects.count()
    with pytest.raises(DomainError) as error:
        services.save_site_profile(
            by=supervisor,
            at=timezone.now(),
            district=district.root,
            data={"site_code": "12345", "name": "改了"},
        )
    assert "网站标识码" in error.value.message
    profile.refresh_from_db()
    assert profile.site_code == "5001510001" and profile.name == "重庆市铜梁区人民政府"
    assert AuditEvent.objects.count() == before


def test_officer_may_not_change_the_profile(district, officer_a, profile):
    with pytest.raises(PermissionDeniedError):
        services.save_site_profile(
            by=officer_a, at=timezone.now(), district=district.root, data={"name": "x"}
        )


def test_profile_only_for_a_root_unit(district, supervisor):
    with pytest.raises(DomainError):
        services.save_site_profile(
            by=supervisor, at=timezone.now(), district=district.unit_a, data=DEMO_SITE_PROFILE
        )


def test_ensure_site_profile_is_idempotent(district, profile):
    again = services.ensure_site_profile(
        by=None, at=timezone.now(), district=district.root, defaults={"name": "别的"}
    )
    assert again.pk == profile.pk and again.name == "重庆市铜梁区人民政府"
    assert AuditEvent.objects.filter(action="portal.site_profile.created").count() == 1


# --- Staff page ------------------------------------------------------------------------------


def test_supervisor_sees_the_form_with_proposed_values(client_supervisor, district):
    response = client_supervisor.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert "网站标识码" in body and 'value="重庆市铜梁区人民政府"' in body
    assert "尚未设置网站信息" in body


def test_supervisor_saves_the_profile(client_supervisor, district):
    response = client_supervisor.post(URL, form_data(site_code="5001510002"))
    assert response.status_code == 302
    profile = SiteProfile.objects.get(unit=district.root)
    assert profile.site_code == "5001510002" and profile.show_party_gov_mark is True
    assert AuditEvent.objects.filter(action="portal.site_profile.created").exists()
    followed = client_supervisor.get(URL).content.decode()
    assert "网站信息已保存" in followed


def test_invalid_input_shows_chinese_messages_and_changes_nothing(client_supervisor, profile):
    before = AuditEvent.objects.count()
    response = client_supervisor.post(
        URL,
        form_data(
            site_code="12345", icp_number="ICP 123", police_number="渝公网安备1号", domain="x.com"
        ),
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "网站标识码为10位" in body
    assert "ICP备案号格式" in body
    assert "公安机关备案号格式" in body
    assert "gov.cn结尾" in body
    profile.refresh_from_db()
    assert profile.site_code == "5001510001" and profile.domain == "www.cqstl.gov.cn"
    assert AuditEvent.objects.count() == before


def test_missing_required_field_is_refused(client_supervisor, profile):
    response = client_supervisor.post(URL, form_data(name=""))
    assert response.status_code == 400
    assert "这个字段是必填项" in response.content.decode()
    profile.refresh_from_db()
    assert profile.name == "重庆市铜梁区人民政府"


def test_non_supervisor_gets_404(client_a, client_b, profile):
    assert client_a.get(URL).status_code == 404
    assert client_b.post(URL, form_data(name="改名")).status_code == 404
    profile.refresh_from_db()
    assert profile.name == "重庆市铜梁区人民政府"


def test_anonymous_is_sent_to_login(district):
    response = Client().get(URL)
    assert response.status_code == 302
    assert reverse("workspace:login") in response["Location"]


def test_htmx_gets_the_partial(client_supervisor, profile):
    response = client_supervisor.get(URL, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "<form" in body and "<html" not in body
    invalid = client_supervisor.post(URL, form_data(site_code="1"), headers={"HX-Request": "true"})
    assert invalid.status_code == 400 and "<html" not in invalid.content.decode()
    saved = client_supervisor.post(
        URL, form_data(phone="023-45680000"), headers={"HX-Request": "true"}
    )
    assert saved.status_code == 200 and saved["HX-Redirect"] == URL


def test_nav_entry_only_for_supervisors(client_supervisor, client_a, district):
    assert URL in client_supervisor.get(reverse("workspace:home")).content.decode()
    assert URL not in client_a.get(reverse("workspace:home")).content.decode()


def test_saved_profile_shows_on_public_pages(client_supervisor, district):
    client_supervisor.post(URL, form_data(icp_number="渝ICP备12345678号-3"))
    body = Client().get("/").content.decode()
    assert "渝ICP备12345678号-3" in body
