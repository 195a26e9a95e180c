"""Staff pages: the completeness view (filters, htmx partial, scoping, bad input), the XLSX
export, the column catalogue; and the columns as the clerk and the portal see them."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from conftest import client_for
from zwgk.documents import columns as document_columns
from zwgk.orgs.models import User

from .conftest import at

URL = reverse("keyarea:completeness")


def test_anonymous_is_sent_to_login(client):
    for name in ("keyarea:completeness", "keyarea:export", "keyarea:columns"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/login" in response["Location"]


def test_an_account_without_a_unit_gets_404(district):
    admin = User.objects.create_user(username="sysadmin", password="x", is_system_admin=True)
    response = client_for(admin).get(URL)
    assert response.status_code == 404


def test_clerk_sees_own_items_with_status(client_a, publish, district):
    publish("2026年义务教育招生方案", "zd-ywzs-zsfa", at("2026-05-10"))
    response = client_a.get(URL, {"year": "2026"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "义务教育招生·录取结果" in html
    assert 'data-item="zd-ywzs-zsfa" data-period="2026" data-status="published"' in html
    assert "2026年义务教育招生方案" in html
    assert "区民政局" not in html


def test_supervisor_filters_by_area_unit_and_status(client_supervisor, district):
    response = client_supervisor.get(URL, {"year": "2026", "area": "cz"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "区民政局" in html and "区教委" in html
    assert "义务教育招生" not in html.split("<tbody>")[1]
    response = client_supervisor.get(
        URL, {"year": "2026", "unit": district.unit_b.pk, "status": "late"}
    )
    body = response.content.decode().split("<tbody>")[1]
    assert "区民政局" in body and "区教委" not in body


def test_htmx_gets_the_partial(client_a, district):
    response = client_a.get(URL, {"year": "2026"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<table" in html and "<html" not in html


@pytest.mark.parametrize(
    "params",
    [{"year": "abc"}, {"year": "1999"}, {"area": "<script>"}, {"status": "green"}, {"unit": "x"}],
)
def test_bad_filters_get_a_chinese_message_and_no_rows(client_a, district, params):
    response = client_a.get(URL, params)
    assert response.status_code == 400
    html = response.content.decode()
    assert "errorlist" in html and "<tbody>" not in html
    assert "<script>" not in html


def test_another_units_records_are_404(client_b, client_a, district):
    assert client_b.get(URL, {"unit": district.unit_a.pk}).status_code == 404
    assert client_b.get(reverse("keyarea:export"), {"unit": district.unit_a.pk}).status_code == 404
    assert client_a.get(URL, {"unit": 999999}).status_code == 404


def test_export_xlsx(client_a, publish, district):
    publish("2026年部门预算", "zd-ys", at("2026-03-10"))
    response = client_a.get(reverse("keyarea:export"), {"year": "2026"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="keyarea-2026.xlsx"' in response["Content-Disposition"]
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:7] == ("单位", "重点领域", "栏目", "事项", "周期", "应公开日期", "状态")
    budget = [r for r in rows if r[2] == "预算"]
    assert len(budget) == 1
    assert budget[0][5] == "2026-03-31" and budget[0][7] == "2026-03-10"
    assert budget[0][8] == "2026年部门预算" and "UNCONFIRMED" in budget[0][9]
    assert {r[0] for r in rows[1:]} == {"重庆市铜梁区教育委员会"}


def test_export_with_bad_filter_is_400(client_a, district):
    assert client_a.get(reverse("keyarea:export"), {"year": "x"}).status_code == 400


def test_column_catalogue(client_a, district):
    response = client_a.get(reverse("keyarea:columns"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "zd-ywzs-lqjg" in html and "义务教育招生·录取结果" in html and "UNCONFIRMED" in html


def test_clerks_choose_the_item_columns_when_registering(client_a, district):
    choices = dict(document_columns.column_choices(district.unit_a))
    assert choices["zd-ywzs-lqjg"] == "重点领域信息公开 / 义务教育招生·录取结果"
    assert "zdlyxxgk" not in choices  # the group page itself lists no documents
    assert not any(
        slug.startswith("zd-") for slug in dict(document_columns.column_choices(district.root))
    )
    form = client_a.get(reverse("documents:create")).content.decode()
    assert 'value="zd-ywzs-lqjg"' in form


def test_published_document_appears_in_the_static_portal_column(publish, district, site_root):
    document = publish("2026年义务教育招生录取结果", "zd-ywzs-lqjg", at("2026-08-20"))
    column = site_root / "xxgk/tlq-jw/zdlyxxgk/zd-ywzs-lqjg/index.html"
    assert document.title in column.read_text(encoding="utf-8")
    group = (site_root / "xxgk/tlq-jw/zdlyxxgk/index.html").read_text(encoding="utf-8")
    assert "重点领域信息公开" in group and document.title in group


def test_the_portal_lists_only_the_units_own_items(district):
    from zwgk.portal import columns

    education = columns.keyarea_column("department", district.unit_a.code)
    civil = columns.keyarea_column("department", district.unit_b.code)
    assert "zd-ywzs-lqjg" in [c.slug for c in education.children]
    assert [c.slug for c in civil.children] == ["zd-ys", "zd-js", "zd-xmwb"]
    assert columns.find_column("department", "zd-ywzs-lqjg", district.unit_b.code) is None
    assert columns.keyarea_column("government", district.root.code) is None


def test_a_document_filed_under_another_units_item_is_flagged(
    client_supervisor, officer_b, district
):
    from django.utils import timezone

    from zwgk.documents.models import Document, Status

    now = timezone.now()
    Document.objects.create(
        publishing_unit=district.unit_b,
        title="民政局误发的招生录取结果",
        column="zd-ywzs-lqjg",
        index_number="tlq-mzj/misfiled",
        disclosure="proactive",
        status=Status.PUBLISHED,
        approved_hash="0" * 64,
        published_at=now,
        created_by=officer_b,
        created_at=now,
        updated_at=now,
    )
    html = client_supervisor.get(URL, {"year": str(timezone.localdate().year)}).content.decode()
    assert "民政局误发的招生录取结果" in html and 'id="misfiled-heading"' in html
    html = client_for(officer_b).get(URL).content.decode()
    assert "民政局误发的招生录取结果" in html
