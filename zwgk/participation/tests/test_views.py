"""Staff pages: happy paths, invalid input, another unit's object (404), anonymous (login) and
htmx partials. Time is frozen in March 2026 (inside the shipped calendar years)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from zwgk.participation import services
from zwgk.participation.models import Comment, Consultation, Meeting, Status

from .helpers import D, open_consultation, public_comment

NOW = datetime(2026, 3, 5, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def clerk(officer_a):
    client = Client()
    client.force_login(officer_a)
    return client


@pytest.fixture
def live(district, officer_a, head_a):
    return open_consultation(officer_a, head_a, district.unit_a, day="2026-03-02")


FORM = {
    "title": "铜梁区城区停车设施规划",
    "draft": "草案",
    "background": "背景",
    "basis": "依据",
    "main_content": "主要内容",
    "ways_to_comment": "网上征集",
    "start_date": "2026-03-10",
    "period_days": "30",
    "urgency_reason": "",
}


def test_anonymous_is_sent_to_login(db, live):
    for url in (
        reverse("participation:list"),
        reverse("participation:detail", args=[live.pk]),
        reverse("participation:meeting_list"),
    ):
        response = Client().get(url)
        assert response.status_code == 302 and "/login" in response["Location"]


def test_create_with_a_computed_end_date(district, clerk):
    data = FORM | {"unit": district.unit_a.pk}
    response = clerk.post(reverse("participation:create"), data)
    assert response.status_code == 302
    c = Consultation.objects.get()
    assert c.end_date == D("2026-04-09") and c.status == Status.DRAFT


def test_create_refuses_a_short_period_without_reason(district, clerk):
    data = FORM | {"unit": district.unit_a.pk, "period_days": "10"}
    response = clerk.post(reverse("participation:create"), data)
    assert response.status_code == 400
    assert "不少于30日" in response.content.decode()
    assert not Consultation.objects.exists()


def test_create_refuses_another_units_unit(district, clerk):
    data = FORM | {"unit": district.unit_b.pk}
    assert clerk.post(reverse("participation:create"), data).status_code == 400
    assert not Consultation.objects.exists()


def test_detail_of_another_unit_is_404(live, officer_b):
    client = Client()
    client.force_login(officer_b)
    assert client.get(reverse("participation:detail", args=[live.pk])).status_code == 404
    cm = public_comment(live)
    assert client.get(reverse("participation:comment", args=[cm.pk])).status_code == 404
    response = client.post(
        reverse("participation:comment", args=[cm.pk]), {"disposition": "adopted"}
    )
    assert response.status_code == 404
    cm.refresh_from_db()
    assert cm.disposition == ""


def test_supervisor_reads_but_cannot_answer(live, supervisor):
    client = Client()
    client.force_login(supervisor)
    cm = public_comment(live)
    assert client.get(reverse("participation:detail", args=[live.pk])).status_code == 200
    response = client.post(
        reverse("participation:comment", args=[cm.pk]), {"disposition": "adopted"}
    )
    assert response.status_code == 400
    cm.refresh_from_db()
    assert cm.disposition == ""


def test_list_htmx_partial(live, clerk):
    response = clerk.get(reverse("participation:list"), {"status": "open"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200 and live.title in body and "<html" not in body


def test_answer_not_adopted_needs_a_reason(live, clerk):
    cm = public_comment(live)
    url = reverse("participation:comment", args=[cm.pk])
    response = clerk.post(url, {"disposition": "not_adopted", "reason": ""})
    assert response.status_code == 400 and "说明理由" in response.content.decode()
    response = clerk.post(url, {"disposition": "not_adopted", "reason": "该地块已规划为公园。"})
    assert response.status_code == 302
    cm.refresh_from_db()
    assert cm.disposition == "not_adopted"


def test_comment_page_masks_contact_and_is_not_cached(live, clerk):
    cm = public_comment(live, phone="13912345678", email="li@example.com")
    response = clerk.get(reverse("participation:comment", args=[cm.pk]))
    body = response.content.decode()
    assert "13912345678" not in body and "139****5678" in body
    assert "li@example.com" not in body
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]


def test_comment_page_htmx_partial(live, clerk):
    cm = public_comment(live)
    response = clerk.get(reverse("participation:comment", args=[cm.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "<html" not in response.content.decode()


def test_staff_enter_a_letter(live, clerk):
    response = clerk.post(
        reverse("participation:comment_add", args=[live.pk]),
        {"channel": "letter", "received_on": "2026-03-04", "body": "来信：建议增加停车位。"},
    )
    assert response.status_code == 302
    assert Comment.objects.get().channel == "letter"
    bad = clerk.post(
        reverse("participation:comment_add", args=[live.pk]),
        {"channel": "survey", "received_on": "2026-03-04", "body": "调查汇总"},
    )
    assert bad.status_code == 400 and Comment.objects.count() == 1


def test_group_and_answer_together(live, clerk):
    a, b = public_comment(live), public_comment(live)
    response = clerk.post(
        reverse("participation:group_create", args=[live.pk]),
        {"title": "增设幼儿园", "comments": [a.pk, b.pk]},
    )
    assert response.status_code == 302
    group_url = response["Location"]
    response = clerk.post(group_url, {"disposition": "adopted", "reason": ""})
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.effective_disposition == "adopted"
    bad = clerk.post(reverse("participation:group_create", args=[live.pk]), {"title": ""})
    assert bad.status_code == 400


def test_publish_results_refused_then_published(live, clerk):
    cm = public_comment(live)
    services.open_and_close_due(at=datetime(2026, 4, 2, 1, tzinfo=ZoneInfo("Asia/Shanghai")))
    url = reverse("participation:results", args=[live.pk])
    response = clerk.post(url, {"decision": "已经区政府常务会议审议通过。"})
    assert response.status_code == 400 and "第1条" in response.content.decode()
    services.answer_comment(
        by=cm.consultation.created_by, at=NOW, comment=cm, disposition="adopted", reason=""
    )
    assert clerk.post(url, {"decision": "已经区政府常务会议审议通过。"}).status_code == 302
    live.refresh_from_db()
    assert live.status == Status.RESULTS_PUBLISHED


def test_submit_and_approve_through_the_pages(district, officer_a, head_a, clerk):
    c = services.create_consultation(
        by=officer_a,
        at=NOW,
        unit=district.unit_a,
        data=services.ConsultationData(
            **(FORM | {"start_date": D("2026-03-05"), "period_days": 30})
        ),
    )
    assert clerk.post(reverse("participation:action", args=[c.pk, "submit"])).status_code == 302
    refused = clerk.post(reverse("participation:action", args=[c.pk, "approve"]))
    assert refused.status_code == 400
    head = Client()
    head.force_login(head_a)
    assert head.post(reverse("participation:action", args=[c.pk, "approve"])).status_code == 302
    c.refresh_from_db()
    assert c.status == Status.OPEN  # the first day is today
    assert clerk.post(reverse("participation:action", args=[c.pk, "nonsense"])).status_code == 404


def test_hearing_date_refused_before_materials_plus_seven(live, clerk):
    data = {
        "held_on": "2026-03-16",
        "place": "区政府第一会议室",
        "selection_method": "随机抽取",
        "participants": "张三",
        "materials_sent_on": "2026-03-10",
    }
    response = clerk.post(reverse("participation:hearing_add", args=[live.pk]), data)
    assert response.status_code == 400 and "2026-03-17" in response.content.decode()
    data["held_on"] = "2026-03-17"
    assert clerk.post(reverse("participation:hearing_add", args=[live.pk]), data).status_code == 302


def test_meeting_pages(district, clerk, officer_b):
    response = clerk.post(
        reverse("participation:meeting_create"),
        {
            "unit": district.unit_a.pk,
            "title": "城区学校划片听取意见会",
            "topic": "学区划分",
            "agenda": "一、说明；二、听取意见",
            "starts_at": "2026-03-20T09:30",
            "place": "区教委",
            "public_seats": "3",
            "registration_closes_at": "2026-03-18T17:00",
        },
    )
    assert response.status_code == 302
    m = Meeting.objects.get()
    invite = clerk.post(
        reverse("participation:meeting_invite", args=[m.pk]),
        {"group": "expert", "name": "西南大学教育学部"},
        HTTP_HX_REQUEST="true",
    )
    assert invite.status_code == 200 and "西南大学教育学部" in invite.content.decode()
    assert "<html" not in invite.content.decode()
    assert (
        clerk.post(
            reverse("participation:meeting_invite", args=[m.pk]), {"group": "x", "name": ""}
        ).status_code
        == 400
    )
    announce = clerk.post(reverse("participation:meeting_action", args=[m.pk, "announce"]))
    assert announce.status_code == 302
    other = Client()
    other.force_login(officer_b)
    assert other.get(reverse("participation:meeting_detail", args=[m.pk])).status_code == 404


def test_escalate_a_comment_to_sentiment(live, clerk, officer_b):
    from zwgk.sentiment.models import Case

    cm = public_comment(live, body="幼儿园收费过高，家长意见很大，联系电话13912345678")
    other = Client()
    other.force_login(officer_b)
    assert other.post(reverse("participation:comment_escalate", args=[cm.pk])).status_code == 404
    assert not Case.objects.exists()
    response = clerk.post(reverse("participation:comment_escalate", args=[cm.pk]))
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{case.pk}/")
    assert case.unit_id == live.unit_id and case.source == f"participation.comment:{cm.pk}"
    assert "13912345678" not in case.summary
    clerk.post(reverse("participation:comment_escalate", args=[cm.pk]))
    assert Case.objects.count() == 1  # the open case is reused


def test_edit_only_while_draft(district, officer_a, clerk, live):
    c = services.create_consultation(
        by=officer_a,
        at=NOW,
        unit=district.unit_a,
        data=services.ConsultationData(
            **(FORM | {"start_date": D("2026-03-10"), "period_days": 30})
        ),
    )
    url = reverse("participation:edit", args=[c.pk])
    assert clerk.get(url).status_code == 200
    changed = FORM | {"unit": district.unit_a.pk, "period_days": "45"}
    assert clerk.post(url, changed).status_code == 302
    c.refresh_from_db()
    assert c.period_days == 45 and c.end_date == D("2026-04-24")
    refused = clerk.post(reverse("participation:edit", args=[live.pk]), changed)
    assert refused.status_code == 400 and "当前状态下不能" in refused.content.decode()


def test_files_upload_and_public_download(live, clerk, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from zwgk.documents.tests.test_attachments import make_pdf

    settings.MEDIA_ROOT = tmp_path / "media"
    url = reverse("participation:file_add", args=[live.pk])
    bad = SimpleUploadedFile("draft.pdf", b"not a pdf", content_type="application/pdf")
    assert clerk.post(url, {"kind": "draft", "file": bad}).status_code == 400
    for kind, name in (("draft", "draft.pdf"), ("decision", "decision.pdf")):
        upload = SimpleUploadedFile(name, make_pdf(name), content_type="application/pdf")
        assert clerk.post(url, {"kind": kind, "file": upload}).status_code == 302
    draft, decision = live.files.order_by("pk")
    public = Client()
    ok = public.get(reverse("participation_public:file", args=[live.pk, draft.pk]))
    assert ok.status_code == 200 and ok["X-Content-Type-Options"] == "nosniff"
    # The decision file is public only with the adoption results.
    hidden = public.get(reverse("participation_public:file", args=[live.pk, decision.pk]))
    assert hidden.status_code == 404


def test_hearing_notice_and_record_pages(live, clerk, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from zwgk.documents.tests.test_attachments import make_pdf

    settings.MEDIA_ROOT = tmp_path / "media"
    h = services.plan_hearing(
        by=live.created_by,
        at=NOW,
        consultation=live,
        data=services.HearingData(
            held_on=D("2026-03-20"),
            place="区政府第一会议室",
            selection_method="随机抽取",
            participants="张三（家长代表）",
            materials_sent_on=D("2026-03-12"),
        ),
    )
    page = Client().get(reverse("participation_public:consultation", args=[live.pk]))
    assert "张三（家长代表）" not in page.content.decode()  # not yet published
    assert clerk.post(reverse("participation:hearing_notice", args=[h.pk])).status_code == 302
    page = Client().get(reverse("participation_public:consultation", args=[live.pk]))
    assert "张三（家长代表）" in page.content.decode() and "随机抽取" in page.content.decode()
    record = reverse("participation:hearing_record", args=[h.pk])
    upload = SimpleUploadedFile("record.pdf", make_pdf("record"), content_type="application/pdf")
    early = clerk.post(record, {"file": upload})
    assert early.status_code == 400 and "召开后" in early.content.decode()
    # A hearing already held (on 03-04, notice published 03-02): its signed record.
    past = services.plan_hearing(
        by=live.created_by,
        at=NOW,
        consultation=live,
        data=services.HearingData(
            held_on=D("2026-03-04"),
            place="区政府第二会议室",
            selection_method="自愿报名",
            participants="李四",
            materials_sent_on=D("2026-02-25"),
        ),
    )
    services.publish_hearing_notice(
        by=live.created_by,
        at=datetime(2026, 3, 2, 10, tzinfo=ZoneInfo("Asia/Shanghai")),
        hearing=past,
    )
    upload.seek(0)
    url = reverse("participation:hearing_record", args=[past.pk])
    assert clerk.post(url, {"file": upload}).status_code == 302
    past.refresh_from_db()
    assert past.record_signed
    assert clerk.get(reverse("participation:hearing_file", args=[past.pk])).status_code == 200
