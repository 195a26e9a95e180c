"""通报 drafted from the problem registry: the sources of the document register and of the
applications ledger, drafting for a period, review by another supervisor, issue to the units,
their rectification reports, and the pages."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from conftest import client_for, make_person
from zwgk.core.errors import PermissionDeniedError, TransitionError
from zwgk.core.models import AuditEvent
from zwgk.disclosure_requests import services as requests
from zwgk.disclosure_requests.tests.helpers import D, application
from zwgk.documents import services as documents
from zwgk.documents.models import Topic
from zwgk.orgs.models import Role
from zwgk.supervision import bulletins, problems
from zwgk.supervision.bulletins import BulletinError
from zwgk.supervision.inbox import bulletin_items
from zwgk.supervision.models import Bulletin

TZ = ZoneInfo("Asia/Shanghai")


def at(day: str, hour: int = 10) -> datetime:
    return datetime.combine(date.fromisoformat(day), time(hour), tzinfo=TZ)


def publish(officer, deputy, head, unit, *, title, written: str, published: str, **fields):
    values = {
        "written_date": date.fromisoformat(written),
        "topic": Topic.objects.get(name="科技、教育"),
        "genre": "tongzhi",
        "body": "各中小学校：现将有关事项通知如下。",
        "disclosure": "proactive",
        "disclosure_scope": "full",
    } | fields
    doc = documents.register_document(
        by=officer, at=at(written), unit=unit, data=documents.DocumentData(title, fields=values)
    )
    documents.submit_document(by=officer, at=at(written), document=doc)
    checks = {key: True for key, _label in documents.FIVE_CHECKS}
    for reviewer in (deputy, head):
        documents.approve_document(
            by=reviewer, at=at(written), document=doc, checks=checks, secrecy_review_passed=True
        )
    doc.refresh_from_db()
    documents.publish_document(by=officer, at=at(published), document=doc)
    doc.refresh_from_db()
    return doc


@pytest.fixture
def evidence(officer_a, deputy_a, head_a, officer_b, district):
    """Unit A in 2025: one document published late, one on time, one major decision without
    an interpretation, one application answered late and one never answered."""
    a = district.unit_a
    late = publish(
        officer_a,
        deputy_a,
        head_a,
        a,
        title="关于迟发的通知",
        written="2025-03-03",
        published="2025-05-30",
    )
    publish(
        officer_a,
        deputy_a,
        head_a,
        a,
        title="关于按时的通知",
        written="2025-03-03",
        published="2025-03-05",
    )
    major = publish(
        officer_a,
        deputy_a,
        head_a,
        a,
        title="关于重大决策的实施意见",
        written="2025-04-01",
        published="2025-04-02",
        is_major_decision=True,
        risk_assessment="评估",
        response_plan="预案",
    )
    replied_late = requests.register_application(
        by=officer_a,
        at=at("2025-03-03"),
        unit=a,
        data=application(),
        channel="in_person",
        received_at=at("2025-03-03", 9),
    )
    requests.reply_to_request(
        by=officer_a,
        at=at("2025-06-02"),
        request=replied_late,
        data=requests.ReplyData(outcome="disclose", reply_date=D("2025-06-02"), body="理由"),
    )
    open_case = requests.register_application(
        by=officer_a,
        at=at("2025-04-01"),
        unit=a,
        data=application(),
        channel="in_person",
        received_at=at("2025-04-01", 9),
    )
    # Unit B answers on time.
    b_case = requests.register_application(
        by=officer_b,
        at=at("2025-05-06"),
        unit=district.unit_b,
        data=application(),
        channel="in_person",
        received_at=at("2025-05-06", 9),
    )
    requests.reply_to_request(
        by=officer_b,
        at=at("2025-05-08"),
        request=b_case,
        data=requests.ReplyData(outcome="disclose", reply_date=D("2025-05-08"), body="理由"),
    )
    return {"late": late, "major": major, "replied_late": replied_late, "open": open_case}


def test_the_sources_are_registered_by_their_apps():
    names = problems.source_names()
    assert {
        "documents.late_publication",
        "documents.missing_interpretation",
        "disclosure_requests.late_reply",
    } <= set(names)


def test_sources_find_exactly_the_problems(evidence, district):
    found = problems.collect(date(2025, 1, 1), date(2025, 12, 31), [district.unit_a.pk])
    refs = {(p.source, p.reference) for p in found}
    assert refs == {
        ("documents.late_publication", f"documents.document:{evidence['late'].pk}"),
        ("documents.missing_interpretation", f"documents.document:{evidence['major'].pk}"),
        (
            "disclosure_requests.late_reply",
            f"disclosure_requests.request:{evidence['replied_late'].pk}",
        ),
        ("disclosure_requests.late_reply", f"disclosure_requests.request:{evidence['open'].pk}"),
    }
    assert found[0].severity == problems.VETO  # statutory limits first
    late_doc = next(
        p
        for p in found
        if p.reference.endswith(str(evidence["late"].pk)) and p.source.startswith("documents.late")
    )
    assert late_doc.occurred_on == date(2025, 5, 30)
    assert late_doc.evidence_url == reverse("documents:detail", args=[evidence["late"].pk])
    open_problem = next(
        p
        for p in found
        if p.reference.endswith(f":{evidence['open'].pk}") and p.source.startswith("disclosure")
    )
    assert open_problem.occurred_on == evidence["open"].due_date + timedelta(days=1)
    assert "逾期未办结" in open_problem.summary
    # Nothing for unit B; nothing outside the period.
    assert problems.collect(date(2025, 1, 1), date(2025, 12, 31), [district.unit_b.pk]) == []
    assert problems.collect(date(2024, 1, 1), date(2024, 12, 31), None) == []


@pytest.fixture
def second_supervisor(district):
    return make_person("supervisor2", "孙督查", district.office, Role.SUPERVISOR)


def draft(by, district, **extra):
    values = {
        "title": "关于2025年政务公开工作情况的通报",
        "period_start": date(2025, 1, 1),
        "period_end": date(2025, 12, 31),
        "rectify_by": date.today() + timedelta(days=30),
    } | extra
    return bulletins.draft_bulletin(by=by, at=datetime.now(TZ), district=district.root, **values)


def test_draft_review_issue_and_rectification(
    evidence, district, supervisor, second_supervisor, officer_a, officer_b
):
    bulletin = draft(supervisor, district)
    items = list(bulletin.items.all())
    assert len(items) == 4 and {i.unit_id for i in items} == {district.unit_a.pk}
    assert all(i.evidence_url for i in items)
    now = datetime.now(TZ)
    # Leave one out, with a note.
    first = items[-1]
    bulletins.update_item(
        by=supervisor,
        at=now,
        item=first,
        is_included=False,
        rectify_by=first.rectify_by,
        note="已核实为系统外原因",
    )
    bulletins.submit_bulletin(by=supervisor, at=now, bulletin=bulletin)
    with pytest.raises(PermissionDeniedError, match="起草人不能审核"):
        bulletins.issue_bulletin(by=supervisor, at=now, bulletin=bulletin)
    bulletins.return_bulletin(by=second_supervisor, at=now, bulletin=bulletin, reason="补充要求")
    bulletin.refresh_from_db()
    assert bulletin.status == Bulletin.Status.DRAFT and bulletin.return_reason == "补充要求"
    bulletins.submit_bulletin(by=supervisor, at=now, bulletin=bulletin)
    bulletins.issue_bulletin(by=second_supervisor, at=now, bulletin=bulletin)
    bulletin.refresh_from_db()
    assert bulletin.status == Bulletin.Status.ISSUED and bulletin.issued_at
    with pytest.raises(TransitionError):
        bulletins.update_item(
            by=supervisor,
            at=now,
            item=items[0],
            is_included=True,
            rectify_by=items[0].rectify_by,
            note="",
        )
    todo = bulletin_items(officer_a, date.today())
    assert len(todo) == 3 and all(t.due_date == items[0].rectify_by for t in todo)
    assert bulletin_items(officer_b, date.today()) == []
    with pytest.raises(PermissionDeniedError):
        bulletins.respond_item(by=officer_b, at=now, item=items[0], response="不是我的单位")
    with pytest.raises(BulletinError):
        bulletins.respond_item(by=officer_a, at=now, item=items[0], response="好")
    bulletins.respond_item(by=officer_a, at=now, item=items[0], response="已完成整改并建立台账。")
    assert len(bulletin_items(officer_a, date.today())) == 2
    actions = set(
        AuditEvent.objects.filter(action__startswith="supervision.bulletin").values_list(
            "action", flat=True
        )
    )
    assert actions == {
        "supervision.bulletin.drafted",
        "supervision.bulletin.item_updated",
        "supervision.bulletin.submitted",
        "supervision.bulletin.returned",
        "supervision.bulletin.issued",
        "supervision.bulletin.responded",
    }


def test_bad_drafts_are_refused_and_make_nothing(district, supervisor, officer_a):
    with pytest.raises(BulletinError):
        draft(supervisor, district, period_start=date(2025, 6, 1), period_end=date(2025, 1, 1))
    with pytest.raises(BulletinError):
        draft(supervisor, district, rectify_by=date(2020, 1, 1))
    with pytest.raises(BulletinError):
        draft(supervisor, district, title="  ")
    with pytest.raises(PermissionDeniedError):
        draft(officer_a, district)
    assert not Bulletin.objects.exists()


def test_an_empty_bulletin_cannot_be_submitted(district, supervisor):
    bulletin = draft(supervisor, district)
    with pytest.raises(BulletinError, match="没有列入"):
        bulletins.submit_bulletin(by=supervisor, at=datetime.now(TZ), bulletin=bulletin)


# --- Pages ----------------------------------------------------------------------------------------


def test_pages(
    evidence, district, supervisor, second_supervisor, client_supervisor, client_a, client_b, client
):
    response = client_supervisor.post(
        reverse("supervision:bulletin_create"),
        {
            "title": "关于2025年的通报",
            "period_start": "2025-01-01",
            "period_end": "2025-12-31",
            "rectify_by": (date.today() + timedelta(days=20)).isoformat(),
        },
    )
    bulletin = Bulletin.objects.get()
    assert response.status_code == 302
    detail = reverse("supervision:bulletin_detail", args=[bulletin.pk])
    page = client_supervisor.get(detail).content.decode()
    assert "关于迟发的通知" in page and "区教育委员会" in page
    partial = client_supervisor.get(detail, headers={"HX-Request": "true"})
    assert b"<html" not in partial.content and "关于迟发的通知" in partial.content.decode()
    # Not issued yet: the units see nothing.
    assert client_a.get(detail).status_code == 404
    client_supervisor.post(reverse("supervision:bulletin_action", args=[bulletin.pk, "submit"]))
    refused = client_supervisor.post(
        reverse("supervision:bulletin_action", args=[bulletin.pk, "issue"])
    )
    assert refused.status_code == 400 and "起草人不能审核" in refused.content.decode()
    reviewer = client_for(second_supervisor)
    assert (
        reviewer.post(
            reverse("supervision:bulletin_action", args=[bulletin.pk, "issue"])
        ).status_code
        == 302
    )
    assert client_a.get(detail).status_code == 200
    assert client_b.get(detail).status_code == 404
    assert client.get(detail).status_code == 302
    item = bulletin.items.first()
    bad = client_a.post(reverse("supervision:bulletin_respond", args=[item.pk]), {"response": ""})
    assert bad.status_code == 400
    ok = client_a.post(
        reverse("supervision:bulletin_respond", args=[item.pk]), {"response": "已整改完毕。"}
    )
    assert ok.status_code == 302
    item.refresh_from_db()
    assert item.response == "已整改完毕。"
    assert (
        client_a.post(
            reverse("supervision:bulletin_action", args=[bulletin.pk, "submit"])
        ).status_code
        == 404
    )
    listing = client_a.get(reverse("supervision:bulletin_list")).content.decode()
    assert "关于2025年的通报" in listing
    assert reverse("supervision:bulletin_create") not in listing
    assert (
        "关于2025年的通报"
        not in client_b.get(reverse("supervision:bulletin_list")).content.decode()
    )


def test_create_invalid_is_400(client_supervisor, district):
    response = client_supervisor.post(
        reverse("supervision:bulletin_create"),
        {
            "title": "x",
            "period_start": "2025-12-31",
            "period_end": "2025-01-01",
            "rectify_by": "2099-01-01",
        },
    )
    assert response.status_code == 400 and "开始日期不能晚于结束日期" in response.content.decode()
    assert (
        client_supervisor.post(reverse("supervision:bulletin_create"), {"title": "x"}).status_code
        == 400
    )
    assert not Bulletin.objects.exists()
