"""Staff pages of 行政执法公示: happy paths, invalid input, another unit's object → 404,
anonymous → login, htmx partials, the findings panel on a refused publication, the import."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zwgk.enforcement.models import Decision, DecisionStatus, InfoVersion

from .helpers import ID_NUMBER, record

pytestmark = pytest.mark.django_db

FORM = {
    "kind": "penalty",
    "number": "铜教罚〔2026〕9号",
    "party_kind": "natural",
    "party_name": "李小红",
    "party_id_number": ID_NUMBER,
    "decision_date": "2026-02-10",
    "summary": "当事人未经批准举办培训，罚款五百元。",
    "basis": "",
}


def test_anonymous_is_sent_to_login(client, district):
    for url in (
        reverse("enforcement:decision_list"),
        reverse("enforcement:decision_create"),
        reverse("enforcement:info", args=[district.unit_a.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/staff/login" in response["Location"]


def test_list_is_scoped_and_htmx_gets_the_partial(
    district, officer_a, officer_b, client_a, client_b
):
    record(officer_a, district.unit_a, number="铜教罚〔2026〕1号")
    record(officer_b, district.unit_b, number="铜民罚〔2026〕1号")
    page = client_a.get(reverse("enforcement:decision_list")).content.decode()
    assert "铜教罚〔2026〕1号" in page and "铜民罚〔2026〕1号" not in page
    assert "张**" in page and "张晓明" not in page  # lists show the masked name
    partial = client_a.get(
        reverse("enforcement:decision_list"), {"kind": "license"}, HTTP_HX_REQUEST="true"
    )
    body = partial.content.decode()
    assert "<html" not in body and "铜教罚〔2026〕1号" not in body


def test_supervisor_sees_every_unit_with_the_overview(
    district, officer_a, officer_b, client_supervisor
):
    record(officer_a, district.unit_a, number="铜教罚〔2026〕1号")
    record(officer_b, district.unit_b, number="铜民罚〔2026〕1号")
    page = client_supervisor.get(reverse("enforcement:decision_list")).content.decode()
    assert "铜教罚〔2026〕1号" in page and "铜民罚〔2026〕1号" in page
    assert "区教委" in page and "区民政局" in page


def test_record_a_decision(client_a, district):
    response = client_a.post(reverse("enforcement:decision_create"), FORM)
    decision = Decision.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("enforcement:decision_detail", args=[decision.pk])
    assert decision.unit == district.unit_a
    detail = client_a.get(response["Location"])
    assert detail["Cache-Control"].count("no-store") == 1 or "no-cache" in detail["Cache-Control"]
    body = detail.content.decode()
    assert "1101**********002X" in body and ID_NUMBER not in body


def test_invalid_input_changes_nothing(client_a):
    response = client_a.post(
        reverse("enforcement:decision_create"), {**FORM, "party_id_number": "12345"}
    )
    assert response.status_code == 400
    assert "身份证号码不正确" in response.content.decode()
    response = client_a.post(reverse("enforcement:decision_create"), {**FORM, "decision_date": "x"})
    assert response.status_code == 400
    assert not Decision.objects.exists()


def test_supervisor_cannot_record(client_supervisor):
    assert client_supervisor.get(reverse("enforcement:decision_create")).status_code == 404


def test_another_units_decision_is_404(district, officer_a, client_b):
    decision = record(officer_a, district.unit_a)
    for name in ("decision_detail", "decision_edit"):
        assert client_b.get(reverse(f"enforcement:{name}", args=[decision.pk])).status_code == 404
    for name in ("decision_publish", "decision_withdraw"):
        assert client_b.post(reverse(f"enforcement:{name}", args=[decision.pk])).status_code == 404
    assert client_b.get(reverse("enforcement:info", args=[district.unit_a.pk])).status_code == 404
    url = reverse("enforcement:info_edit", args=[district.unit_a.pk, "duties"])
    assert client_b.post(url, {"body": "x"}).status_code == 404
    assert Decision.objects.get().status == DecisionStatus.DRAFT
    assert not InfoVersion.objects.exists()


def test_publication_refused_shows_the_findings_panel(district, officer_a, client_a):
    decision = record(officer_a, district.unit_a, summary=f"身份证{ID_NUMBER}，罚款。")
    detail = client_a.get(
        reverse("enforcement:decision_detail", args=[decision.pk])
    ).content.decode()
    assert "findings" in detail and "disabled" in detail
    response = client_a.post(reverse("enforcement:decision_publish", args=[decision.pk]))
    body = response.content.decode()
    assert response.status_code == 400
    assert "仍有未隐去的个人信息" in body
    assert "1101**********002X" in body and ID_NUMBER not in body
    assert Decision.objects.get().status == DecisionStatus.DRAFT


def test_edit_then_publish_then_withdraw(district, officer_a, client_a):
    decision = record(officer_a, district.unit_a, summary="张晓明违规办学。")
    url = reverse("enforcement:decision_edit", args=[decision.pk])
    response = client_a.post(
        url, {**FORM, "number": decision.number, "party_name": "张晓明", "party_id_number": ""}
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.party_id_number.reveal() == ID_NUMBER  # an empty field keeps the number
    response = client_a.post(reverse("enforcement:decision_publish", args=[decision.pk]))
    assert response.status_code == 302
    assert Decision.objects.get().status == DecisionStatus.PUBLISHED
    assert client_a.get(url).status_code == 400  # a public decision cannot be changed
    withdraw = reverse("enforcement:decision_withdraw", args=[decision.pk])
    assert client_a.post(withdraw, {"reason": ""}).status_code == 400
    assert client_a.post(withdraw, {"reason": "文号错误"}).status_code == 302
    assert Decision.objects.get().status == DecisionStatus.WITHDRAWN


def test_standing_information_pages(district, client_a, client_supervisor):
    url = reverse("enforcement:info_edit", args=[district.unit_a.pk, "procedures"])
    assert client_a.get(url).status_code == 200
    response = client_a.post(url, {"body": "一、立案；二、调查取证；三、告知；四、决定。"})
    assert response.status_code == 302
    response = client_a.post(url, {"body": "举报电话 13812345678"})
    assert response.status_code == 400
    assert "138****5678" in response.content.decode()
    assert client_a.post(url, {"body": ""}).status_code == 400
    assert InfoVersion.objects.count() == 1
    page = client_supervisor.get(reverse("enforcement:info", args=[district.unit_a.pk]))
    assert "二、调查取证" in page.content.decode()
    # The supervisor reads but does not publish for the unit.
    assert client_supervisor.get(url).status_code == 404
    bad_kind = reverse("enforcement:info_edit", args=[district.unit_a.pk, "nonsense"])
    assert client_a.get(bad_kind).status_code == 404


def _xlsx(rows) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


HEADER = [
    "执法类别",
    "决定书文号",
    "当事人类型",
    "当事人",
    "身份证号码",
    "作出决定日期",
    "主要内容",
]


def test_import_xlsx_and_csv(district, client_a):
    content = _xlsx(
        [
            HEADER,
            ["行政处罚", "铜教罚〔2026〕11号", "自然人", "王五", ID_NUMBER, "2026-02-10", "罚款"],
            ["行政许可", "铜教许〔2026〕2号", "法人", "某学校", "", "2026/2/11", "准予许可"],
        ]
    )
    response = client_a.post(
        reverse("enforcement:decision_import"),
        {"file": SimpleUploadedFile("d.xlsx", content)},
    )
    assert response.status_code == 302
    assert Decision.objects.filter(status=DecisionStatus.DRAFT).count() == 2
    csv = ",".join(HEADER) + "\n行政强制,铜教强〔2026〕1号,其他组织,某协会,,2026-02-12,查封\n"
    response = client_a.post(
        reverse("enforcement:decision_import"),
        {"file": SimpleUploadedFile("d.csv", csv.encode("utf-8"))},
    )
    assert response.status_code == 302
    assert Decision.objects.count() == 3


def test_import_with_a_wrong_row_imports_nothing(district, client_a):
    content = _xlsx(
        [
            HEADER,
            ["行政处罚", "铜教罚〔2026〕11号", "自然人", "王五", "", "2026-02-10", "罚款"],
            ["罚款", "铜教罚〔2026〕11号", "自然人", "赵六", "123", "明天", ""],
        ]
    )
    response = client_a.post(
        reverse("enforcement:decision_import"), {"file": SimpleUploadedFile("d.xlsx", content)}
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "第 3 行：执法类别应为" in body and "不是有效日期" in body and "与第 2 行重复" in body
    assert not Decision.objects.exists()
    response = client_a.post(
        reverse("enforcement:decision_import"), {"file": SimpleUploadedFile("d.txt", b"x")}
    )
    assert response.status_code == 400 and not Decision.objects.exists()


def test_workbench_items(district, officer_a, supervisor):
    from datetime import date

    from zwgk.workspace.inbox import items_for

    record(officer_a, district.unit_a)  # due 2026-02-26
    on_the_day = [i for i in items_for(officer_a, date(2026, 2, 20)) if "/enforcement/" in i.url]
    assert [(i.kind, i.due_date) for i in on_the_day] == [("todo", date(2026, 2, 26))]
    after = [i for i in items_for(officer_a, date(2026, 2, 27)) if "/enforcement/" in i.url]
    assert [i.kind for i in after] == ["alert"]
    office = [i for i in items_for(supervisor, date(2026, 2, 27)) if "/enforcement/" in i.url]
    assert len(office) == 1 and "1" in office[0].title and office[0].url.endswith("?overdue=1")
    assert [i for i in items_for(supervisor, date(2026, 2, 26)) if "/enforcement/" in i.url] == []
