"""Staff pages: happy path, invalid input, another unit's account → 404, anonymous → login,
htmx partials, the 备案表 exports and the upload of an export of posts."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document

from conftest import client_for
from zwgk.core.models import AuditEvent
from zwgk.newmedia.models import Filing, FilingState, MediaAccount, Post, Status

from .helpers import open_account

pytestmark = pytest.mark.django_db

FORM = {
    "unit": "",
    "platform": "weibo",
    "name": "铜梁教育微博",
    "account_id": "tljy",
    "administrator_name": "张敏",
    "administrator_phone": "13812345678",
    "reason": "发布教育政策",
}


def test_list_scoped_and_htmx(
    district, officer_a, head_a, officer_b, supervisor, client_a, client_b
):
    open_account(district, officer_a, head_a, supervisor)
    page = client_a.get(reverse("newmedia:list"))
    assert page.status_code == 200 and "铜梁教育" in page.content.decode()
    assert "铜梁教育" not in client_b.get(reverse("newmedia:list")).content.decode()
    partial = client_a.get(reverse("newmedia:list"), {"q": "铜梁"}, HTTP_HX_REQUEST="true")
    assert partial.status_code == 200
    assert "<h1>" not in partial.content.decode() and "铜梁教育" in partial.content.decode()
    assert page["Cache-Control"].startswith("max-age=0") or "no-store" in page["Cache-Control"]


def test_anonymous_goes_to_login(client):
    response = client.get(reverse("newmedia:list"))
    assert response.status_code == 302 and reverse("workspace:login") in response["Location"]


def test_apply_happy_invalid_and_refused(district, officer_a, client_a):
    url = reverse("newmedia:create")
    assert client_a.get(url).status_code == 200
    invalid = client_a.post(url, {**FORM, "unit": district.unit_a.pk, "name": ""})
    assert invalid.status_code == 400 and not MediaAccount.objects.exists()
    bad_phone = client_a.post(
        url, {**FORM, "unit": district.unit_a.pk, "administrator_phone": "123"}
    )
    assert bad_phone.status_code == 400 and "管理员电话不正确" in bad_phone.content.decode()
    ok = client_a.post(url, {**FORM, "unit": district.unit_a.pk})
    account = MediaAccount.objects.get()
    assert ok.status_code == 302 and ok["Location"] == reverse("newmedia:detail", args=[account.pk])
    again = client_a.post(url, {**FORM, "unit": district.unit_a.pk, "name": "第二个微博"})
    assert again.status_code == 400 and "已有一个在用的政务新媒体账号" in again.content.decode()
    assert MediaAccount.objects.count() == 1
    # A unit the clerk does not belong to is not a choice.
    other = client_a.post(url, {**FORM, "unit": district.unit_b.pk})
    assert other.status_code == 400 and MediaAccount.objects.count() == 1


def test_detail_other_unit_404_and_review_by_post(
    district, officer_a, head_a, supervisor, client_a, client_b, client_supervisor
):
    client_a.post(reverse("newmedia:create"), {**FORM, "unit": district.unit_a.pk})
    account = MediaAccount.objects.get()
    filing = Filing.objects.get()
    assert client_b.get(reverse("newmedia:detail", args=[account.pk])).status_code == 404
    page = client_a.get(reverse("newmedia:detail", args=[account.pk]))
    body = page.content.decode()
    assert "138****5678" in body and "13812345678" not in body
    assert "no-store" in page["Cache-Control"] or "max-age=0" in page["Cache-Control"]
    review = reverse("newmedia:review", args=[filing.pk])
    # The clerk cannot agree; unit B cannot even find the filing.
    assert client_a.post(review, {"decision": "agree"}).status_code == 400
    assert client_b.post(review, {"decision": "agree"}).status_code == 404
    assert client_for(head_a).post(review, {"decision": "agree"}).status_code == 302
    assert client_supervisor.post(review, {"decision": "bogus"}).status_code == 400
    assert client_supervisor.post(review, {"decision": "approve"}).status_code == 302
    filing.refresh_from_db()
    account.refresh_from_db()
    assert filing.state == FilingState.APPROVED and account.status == Status.OPEN
    partial = client_a.get(reverse("newmedia:detail", args=[account.pk]), HTTP_HX_REQUEST="true")
    assert partial.status_code == 200 and "<h1>" not in partial.content.decode()


def test_change_close_forms(district, officer_a, head_a, supervisor, client_a):
    account = open_account(district, officer_a, head_a, supervisor)
    bad = client_a.post(reverse("newmedia:change", args=[account.pk]), {"name": "新名"})
    assert bad.status_code == 400
    ok = client_a.post(
        reverse("newmedia:change", args=[account.pk]),
        {"name": "铜梁教育发布", "reason": "统一名称"},
    )
    assert ok.status_code == 302
    account.refresh_from_db()
    assert account.status == Status.CHANGING
    refused = client_a.post(
        reverse("newmedia:close", args=[account.pk]),
        {
            "close-notice_url": "https://x.gov.cn/1",
            "close-notice_date": "2026-11-01",
            "close-reason": "x",
        },
    )
    assert refused.status_code == 400 and "变更中" in refused.content.decode()


def test_exceptions_page_is_the_office_s(district, supervisor, client_a, client_supervisor):
    url = reverse("newmedia:exceptions")
    assert client_a.get(url).status_code == 404
    assert (
        client_supervisor.post(url, {"unit": district.unit_a.pk, "platform": "weibo"}).status_code
        == 400
    )
    ok = client_supervisor.post(
        url, {"unit": district.unit_a.pk, "platform": "weibo", "reason": "应急发布专用"}
    )
    assert ok.status_code == 302


def test_filing_form_exports(district, officer_a, head_a, supervisor, client_a, client_b):
    open_account(district, officer_a, head_a, supervisor)
    xlsx = client_a.get(reverse("newmedia:export_xlsx"))
    assert xlsx.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][0] == "重庆市铜梁区政务新媒体备案表"
    assert values[2][:5] == ["序号", "主办单位", "承办单位", "平台类型", "账号名称"]
    assert values[3][1] == "重庆市铜梁区教育委员会" and values[3][4] == "铜梁教育"
    assert values[3][10] == "13812345678" and values[3][15] == "XMT-2026-0001"
    docx = client_a.get(reverse("newmedia:export_docx"))
    table = Document(io.BytesIO(docx.content)).tables[0]
    assert table.rows[1].cells[4].text == "铜梁教育"
    assert AuditEvent.objects.filter(action="newmedia.filing_form.exported").count() == 2
    # Unit B's form has no row of unit A.
    other = openpyxl.load_workbook(
        io.BytesIO(client_b.get(reverse("newmedia:export_xlsx")).content)
    )
    assert other.active.max_row == 4  # title, unit line, header, note


def test_upload_posts_all_or_nothing(district, officer_a, head_a, supervisor, client_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    account = open_account(district, officer_a, head_a, supervisor)
    url = reverse("newmedia:upload", args=[account.pk])
    bad = "发布时间,标题,留言数,未回复留言数\n2026-11-01 10:00,第一篇,2,1\n不是日期,第二篇,,\n"
    response = client_a.post(url, {"file": SimpleUploadedFile("p.csv", bad.encode())})
    assert response.status_code == 400 and "第 3 行" in response.content.decode()
    assert not Post.objects.exists()
    good = "发布时间,标题,链接\n2026-11-01 10:00,第一篇,https://x.cn/1\n2026-11-02,第二篇,\n"
    assert (
        client_a.post(url, {"file": SimpleUploadedFile("p.csv", good.encode())}).status_code == 302
    )
    assert (
        client_a.post(url, {"file": SimpleUploadedFile("p.csv", good.encode())}).status_code == 302
    )
    assert Post.objects.count() == 2  # the second upload added nothing
    account.refresh_from_db()
    assert timezone.localtime(account.last_post_at).date().isoformat() == "2026-11-02"


def test_source_add_refuses_wechat_pages(district, officer_a, head_a, supervisor, client_a):
    account = open_account(district, officer_a, head_a, supervisor)
    url = reverse("newmedia:source_add", args=[account.pk])
    scrape = client_a.post(
        url,
        {
            "source-kind": "webpage",
            "source-url": "https://mp.weixin.qq.com/s/abc",
            "source-item_selector": "li",
        },
    )
    assert scrape.status_code == 400 and "不抓取微信页面" in scrape.content.decode()
    ok = client_a.post(
        url,
        {
            "source-kind": "wechat_api",
            "source-app_id": "wx1234567890",
            "source-app_secret": "s3cr3t",
        },
    )
    assert ok.status_code == 302
    source = account.sources.get()
    assert source.app_secret.reveal() == "s3cr3t"
    assert "s3cr3t" not in str(
        AuditEvent.objects.filter(action="newmedia.source.saved").get().after
    )


def test_findings_page(client_a):
    response = client_a.get(reverse("newmedia:findings"), HTTP_HX_REQUEST="true")
    assert response.status_code == 200


def test_maintainer_form_links_a_staff_account(
    district, officer_a, head_a, officer_b, supervisor, client_a
):
    account = open_account(district, officer_a, head_a, supervisor)
    url = reverse("newmedia:maintainer", args=[account.pk])
    data = {"administrator_name": "王建国", "administrator_phone": "13900001111"}
    # Unit B's clerk is not a choice.
    assert client_a.post(url, {**data, "administrator_user": officer_b.pk}).status_code == 400
    assert client_a.post(url, {**data, "administrator_user": head_a.pk}).status_code == 302
    account.refresh_from_db()
    assert account.administrator == head_a and account.administrator_phone_masked == "139****1111"
    page = client_a.get(reverse("newmedia:detail", args=[account.pk])).content.decode()
    assert "139****1111" in page and "13900001111" not in page
