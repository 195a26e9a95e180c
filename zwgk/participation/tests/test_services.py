"""The consultation workflow, comments, dispositions, the adoption report, hearings and the
problem source, through the services (real database, real calendar)."""

from __future__ import annotations

import pytest

from zwgk.contentcheck import services as contentcheck
from zwgk.core.errors import DomainError, PermissionDeniedError
from zwgk.core.models import AuditEvent
from zwgk.participation import reports, services
from zwgk.participation.models import Comment, Consultation, Status
from zwgk.participation.problems import unanswered_problems
from zwgk.participation.statute import Disposition

from .helpers import D, at, consultation_data, open_consultation, public_comment

pytestmark = pytest.mark.django_db


def actions(target) -> list[str]:
    return list(
        AuditEvent.objects.filter(
            target_id=str(target.pk), action__startswith="participation.consultation."
        )
        .order_by("seq")
        .values_list("action", flat=True)
    )


# --- Period and workflow ------------------------------------------------------------------------


def test_end_date_is_computed_and_a_holiday_end_moves(district, officer_a):
    c = services.create_consultation(
        by=officer_a,
        at=at("2026-08-20"),
        unit=district.unit_a,
        data=consultation_data(start_date=D("2026-09-01")),
    )
    assert c.end_date == D("2026-10-08")  # nominal 10-01 is 国庆 (民法典 art. 203)


def test_shorter_period_needs_a_reason(district, officer_a):
    with pytest.raises(DomainError, match="不少于30日"):
        services.create_consultation(
            by=officer_a,
            at=at("2026-03-01"),
            unit=district.unit_a,
            data=consultation_data(period_days=15),
        )
    assert not Consultation.objects.exists()
    c = services.create_consultation(
        by=officer_a,
        at=at("2026-03-01"),
        unit=district.unit_a,
        data=consultation_data(period_days=15, urgency_reason="汛期前须完成安置方案"),
    )
    assert c.end_date == D("2026-03-17") and c.is_shortened


def test_draft_submit_return_approve_and_audit(district, officer_a, head_a, deputy_a):
    c = services.create_consultation(
        by=officer_a, at=at("2026-02-20"), unit=district.unit_a, data=consultation_data()
    )
    services.submit_consultation(by=officer_a, at=at("2026-02-21"), consultation=c)
    with pytest.raises(PermissionDeniedError):
        services.approve_consultation(by=deputy_a, at=at("2026-02-22"), consultation=c)
    with pytest.raises(DomainError, match="理由"):
        services.return_consultation(by=head_a, at=at("2026-02-22"), consultation=c, reason="")
    services.return_consultation(by=head_a, at=at("2026-02-22"), consultation=c, reason="补充依据")
    c.refresh_from_db()
    assert c.status == Status.DRAFT and c.return_reason == "补充依据"
    services.submit_consultation(by=officer_a, at=at("2026-02-23"), consultation=c)
    services.approve_consultation(by=head_a, at=at("2026-02-24"), consultation=c)
    c.refresh_from_db()
    assert c.status == Status.APPROVED  # starts 03-02: the job opens it
    assert actions(c) == [
        "participation.consultation.created",
        "participation.consultation.submitted",
        "participation.consultation.returned",
        "participation.consultation.submitted",
        "participation.consultation.approved",
    ]


def test_unit_b_cannot_draft_or_handle(district, officer_a, officer_b):
    with pytest.raises(PermissionDeniedError):
        services.create_consultation(
            by=officer_b, at=at("2026-03-01"), unit=district.unit_a, data=consultation_data()
        )
    c = services.create_consultation(
        by=officer_a, at=at("2026-03-01"), unit=district.unit_a, data=consultation_data()
    )
    with pytest.raises(PermissionDeniedError):
        services.submit_consultation(by=officer_b, at=at("2026-03-01"), consultation=c)


def test_opens_and_closes_by_itself(district, officer_a, head_a):
    c = services.create_consultation(
        by=officer_a, at=at("2026-02-20"), unit=district.unit_a, data=consultation_data()
    )
    services.submit_consultation(by=officer_a, at=at("2026-02-20"), consultation=c)
    services.approve_consultation(by=head_a, at=at("2026-02-20"), consultation=c)
    # The day before the first day nothing happens.
    assert services.open_and_close_due(at=at("2026-03-01", 23)) == "opened 0, closed 0"
    assert services.open_and_close_due(at=at("2026-03-02", 0)) == "opened 1, closed 0"
    c.refresh_from_db()
    assert c.status == Status.OPEN and c.end_date == D("2026-04-01")
    # On the last day (until 24:00) comments are still accepted.
    assert services.open_and_close_due(at=at("2026-04-01", 23)) == "opened 0, closed 0"
    public_comment(c, day="2026-04-01")
    assert services.open_and_close_due(at=at("2026-04-02", 0)) == "opened 0, closed 1"
    c.refresh_from_db()
    assert c.status == Status.CLOSED
    with pytest.raises(DomainError, match="不在征求意见期内"):
        public_comment(c, day="2026-04-02")
    closed = AuditEvent.objects.get(action="participation.consultation.closed")
    assert closed.actor_id is None  # recorded by the system


def test_late_approval_runs_the_full_period_from_today(district, officer_a, head_a):
    c = services.create_consultation(
        by=officer_a, at=at("2026-02-20"), unit=district.unit_a, data=consultation_data()
    )
    services.submit_consultation(by=officer_a, at=at("2026-02-20"), consultation=c)
    services.approve_consultation(by=head_a, at=at("2026-03-10"), consultation=c)
    c.refresh_from_db()
    assert c.status == Status.OPEN
    assert c.start_date == D("2026-03-10") and c.end_date == D("2026-04-09")


# --- Comments, moderation, dispositions -------------------------------------------------------


def test_portal_comment_encrypts_contact_and_numbers(district, officer_a, head_a):
    c = open_consultation(officer_a, head_a, district.unit_a)
    first = public_comment(c, author_name="李四", phone="13912345678", email="li@example.com")
    second = public_comment(c)
    assert (first.number, second.number) == (1, 2)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT phone, email FROM participation_comment WHERE id = %s", [first.pk])
        phone, email = cursor.fetchone()
    assert "13912345678" not in phone and "li@example.com" not in email
    first.refresh_from_db()
    assert first.phone.reveal() == "13912345678"


def test_moderation_holds_but_keeps(district, officer_a, head_a, supervisor):
    contentcheck.add_entry(
        by=supervisor,
        at=at("2026-03-01"),
        kind="words",
        values={"word": "违禁词", "category": "测试"},
    )
    c = open_consultation(officer_a, head_a, district.unit_a)
    held = public_comment(c, body="这里有违禁词，还有我的手机13912345678。")
    assert held.moderation == Comment.Moderation.HELD
    assert "敏感词" in held.hold_reason and "手机号码" in held.hold_reason
    assert "13912345678" not in held.hold_reason
    with pytest.raises(DomainError):
        services.set_moderation(by=officer_a, at=at("2026-03-06"), comment=held, visible=False)
    services.set_moderation(by=officer_a, at=at("2026-03-06"), comment=held, visible=True)
    held.refresh_from_db()
    assert held.moderation == Comment.Moderation.VISIBLE
    assert Comment.objects.filter(pk=held.pk).exists()
    # The published excerpt masks the mobile number.
    excerpt = reports.public_excerpt(held.body)
    assert "13912345678" not in excerpt and "139****5678" in excerpt


def test_staff_entered_comments_and_summaries(district, officer_a, head_a):
    c = open_consultation(officer_a, head_a, district.unit_a)
    letter = services.record_comment(
        by=officer_a,
        at=at("2026-03-09"),
        consultation=c,
        channel="letter",
        data=services.CommentData(body="来信建议增加学位。", address="铜梁区巴川街道1号"),
    )
    assert letter.channel == "letter" and letter.entered_by == officer_a
    with pytest.raises(DomainError, match="参加人数"):
        services.record_comment(
            by=officer_a,
            at=at("2026-03-09"),
            consultation=c,
            channel="symposium",
            data=services.CommentData(body="座谈会意见汇总"),
        )
    summary = services.record_comment(
        by=officer_a,
        at=at("2026-03-09"),
        consultation=c,
        channel="survey",
        data=services.CommentData(body="网上调查：78%支持。", participants=312),
    )
    assert summary.participants == 312
    with pytest.raises(DomainError):
        services.record_comment(
            by=officer_a,
            at=at("2026-03-09"),
            consultation=c,
            channel="portal",
            data=services.CommentData(body="x"),
        )


def test_not_adopted_requires_a_reason(district, officer_a, head_a):
    c = open_consultation(officer_a, head_a, district.unit_a)
    cm = public_comment(c)
    with pytest.raises(DomainError, match="说明理由"):
        services.answer_comment(
            by=officer_a, at=at("2026-03-06"), comment=cm, disposition="not_adopted", reason=" "
        )
    cm.refresh_from_db()
    assert cm.disposition == ""
    services.answer_comment(
        by=officer_a,
        at=at("2026-03-06"),
        comment=cm,
        disposition="not_adopted",
        reason="该地块已规划为公园。",
    )
    cm.refresh_from_db()
    assert cm.effective_disposition_label == "未采纳"


def test_db_refuses_a_rejection_without_reason(district, officer_a, head_a):
    from django.db import IntegrityError, transaction

    c = open_consultation(officer_a, head_a, district.unit_a)
    cm = public_comment(c)
    with pytest.raises(IntegrityError), transaction.atomic():
        Comment.objects.filter(pk=cm.pk).update(disposition=Disposition.NOT_ADOPTED, reason="")


def test_group_answers_similar_comments_together(district, officer_a, head_a):
    c = open_consultation(officer_a, head_a, district.unit_a)
    a, b, other = public_comment(c), public_comment(c, body="同意增设幼儿园"), public_comment(c)
    with pytest.raises(DomainError):
        services.group_comments(
            by=officer_a, at=at("2026-03-06"), consultation=c, comments=[a], title="增设幼儿园"
        )
    group = services.group_comments(
        by=officer_a, at=at("2026-03-06"), consultation=c, comments=[a, b], title="增设幼儿园"
    )
    with pytest.raises(DomainError, match="统一答复"):
        services.answer_comment(
            by=officer_a, at=at("2026-03-06"), comment=a, disposition="adopted", reason=""
        )
    services.answer_group(
        by=officer_a,
        at=at("2026-03-06"),
        group=group,
        disposition="partly",
        reason="2027年先建一所。",
    )
    a.refresh_from_db()
    assert a.effective_disposition == "partly" and a.effective_reason == "2027年先建一所。"
    assert services.unanswered_comments(c).count() == 1
    assert set(services.unanswered_comments(c)) == {other}


def test_publication_refused_while_a_comment_is_unanswered(district, officer_a, head_a):
    c = open_consultation(officer_a, head_a, district.unit_a)
    cm = public_comment(c)
    services.open_and_close_due(at=at("2026-04-02", 1))
    c.refresh_from_db()
    with pytest.raises(DomainError, match="第1条"):
        services.publish_results(
            by=officer_a,
            at=at("2026-04-03"),
            consultation=c,
            decision="规划经区政府常务会审议通过。",
        )
    c.refresh_from_db()
    assert c.status == Status.CLOSED
    services.answer_comment(
        by=officer_a,
        at=at("2026-04-03"),
        comment=cm,
        disposition="not_adopted",
        reason="该地块已规划为公园。",
    )
    services.publish_results(
        by=officer_a, at=at("2026-04-03"), consultation=c, decision="规划经区政府常务会审议通过。"
    )
    c.refresh_from_db()
    assert c.status == Status.RESULTS_PUBLISHED
    with pytest.raises(DomainError, match="不能再修改"):
        services.answer_comment(
            by=officer_a, at=at("2026-04-04"), comment=cm, disposition="adopted", reason=""
        )


def test_report_counts_groups_reasons_and_says_when_empty(district, officer_a, head_a):
    c = open_consultation(officer_a, head_a, district.unit_a)
    empty = reports.build_report(c)
    assert not empty.has_comments and empty.total == 0
    a = public_comment(c, body="建议增加学位，联系电话13912345678")
    b = public_comment(c, body="建议增加学位")
    d = public_comment(c, body="建议取消收费")
    e = public_comment(c, body="赞成")
    g = services.group_comments(
        by=officer_a, at=at("2026-03-06"), consultation=c, comments=[a, b], title="增加学位"
    )
    services.answer_group(
        by=officer_a, at=at("2026-03-06"), group=g, disposition="not_adopted", reason="学位已充足。"
    )
    services.answer_comment(
        by=officer_a,
        at=at("2026-03-06"),
        comment=d,
        disposition="not_adopted",
        reason="收费标准由市级核定。",
    )
    services.answer_comment(
        by=officer_a, at=at("2026-03-06"), comment=e, disposition="adopted", reason=""
    )
    report = reports.build_report(c)
    assert report.total == 4 and report.unanswered == 0
    assert report.counts == [("采纳", 1), ("部分采纳", 0), ("未采纳", 3)]
    assert [(r.reason, r.numbers) for r in report.reasons] == [
        ("学位已充足。", [1, 2]),
        ("收费标准由市级核定。", [3]),
    ]
    # a was held (a mobile number): listed without its text on the public report.
    assert report.rows[0].excerpt == "" and report.rows[1].excerpt == "建议增加学位"


# --- Hearings -----------------------------------------------------------------------------------


def hearing_data(**extra):
    values = {
        "held_on": D("2026-03-20"),
        "place": "区政府第一会议室",
        "selection_method": "自愿报名、随机抽取",
        "participants": "张三（家长代表）\n李四（幼儿园举办者）",
        "materials_sent_on": D("2026-03-13"),
    }
    values.update(extra)
    return services.HearingData(**values)


def test_hearing_refused_earlier_than_seven_days_after_materials(district, officer_a, head_a):
    c = open_consultation(officer_a, head_a, district.unit_a)
    with pytest.raises(DomainError, match="2026-03-20"):
        services.plan_hearing(
            by=officer_a,
            at=at("2026-03-05"),
            consultation=c,
            data=hearing_data(held_on=D("2026-03-19")),
        )
    h = services.plan_hearing(
        by=officer_a, at=at("2026-03-05"), consultation=c, data=hearing_data()
    )
    assert h.held_on == D("2026-03-20")


def test_hearing_notice_in_advance_and_signed_record(
    district, officer_a, head_a, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    from django.core.files.uploadedfile import SimpleUploadedFile

    from zwgk.documents.tests.test_attachments import make_pdf

    c = open_consultation(officer_a, head_a, district.unit_a)
    h = services.plan_hearing(
        by=officer_a, at=at("2026-03-05"), consultation=c, data=hearing_data()
    )
    upload = SimpleUploadedFile(
        "笔录.pdf", make_pdf("hearing record"), content_type="application/pdf"
    )
    with pytest.raises(DomainError, match="公告"):
        services.attach_hearing_record(
            by=officer_a, at=at("2026-03-21"), hearing=h, uploaded=upload
        )
    with pytest.raises(DomainError, match="召开前"):
        services.publish_hearing_notice(by=officer_a, at=at("2026-03-20"), hearing=h)
    services.publish_hearing_notice(by=officer_a, at=at("2026-03-06"), hearing=h)
    with pytest.raises(DomainError, match="不能再修改"):
        services.update_hearing(by=officer_a, at=at("2026-03-07"), hearing=h, data=hearing_data())
    with pytest.raises(DomainError, match="召开后"):
        services.attach_hearing_record(
            by=officer_a, at=at("2026-03-19"), hearing=h, uploaded=upload
        )
    h = services.attach_hearing_record(
        by=officer_a, at=at("2026-03-21"), hearing=h, uploaded=upload
    )
    assert h.record_signed and h.record_name.endswith(".pdf")


# --- Supervision problem source -------------------------------------------------------------


def test_problem_when_results_are_not_published_in_time(district, officer_a, head_a, settings):
    settings.ZWGK_PARTICIPATION_RESULTS_WORKDAYS = 20
    c = open_consultation(officer_a, head_a, district.unit_a)
    services.open_and_close_due(at=at("2026-04-02", 1))  # closed 04-02; due 2026-05-06
    problems = list(unanswered_problems(D("2026-01-01"), D("2026-12-31"), None))
    assert [p.occurred_on for p in problems] == [D("2026-05-07")]
    assert problems[0].unit_id == district.unit_a.pk and "未公布" in problems[0].kind
    assert list(unanswered_problems(D("2026-01-01"), D("2026-05-06"), None)) == []
    assert list(unanswered_problems(D("2026-01-01"), D("2026-12-31"), [district.unit_b.pk])) == []
    services.publish_results(by=officer_a, at=at("2026-05-08"), consultation=c, decision="已决策。")
    late = list(unanswered_problems(D("2026-01-01"), D("2026-12-31"), None))
    assert len(late) == 1 and "逾期公布" in late[0].kind


def test_due_date_unknown_when_the_calendar_lacks_the_next_year(district, officer_a, head_a):
    from zwgk.participation.problems import results_due

    c = open_consultation(officer_a, head_a, district.unit_a, day="2026-11-20")
    services.open_and_close_due(at=at("2026-12-22", 1))  # ends 12-21; +20 working days: 2027
    c.refresh_from_db()
    assert c.status == Status.CLOSED and results_due(c) is None
    assert list(unanswered_problems(D("2026-01-01"), D("2027-12-31"), None)) == []


def test_registered_job_problem_source_and_inbox(district, officer_a, head_a):
    from zwgk.core import periodic
    from zwgk.supervision import problems
    from zwgk.workspace.inbox import items_for

    assert "participation.unanswered" in problems.source_names()
    assert "participation.consultation_clock" in periodic.registered()
    c = services.create_consultation(
        by=officer_a, at=at("2026-03-01"), unit=district.unit_a, data=consultation_data()
    )
    services.submit_consultation(by=officer_a, at=at("2026-03-01"), consultation=c)
    titles = [item.title for item in items_for(head_a, D("2026-03-01"))]
    assert any(c.title in t and "审核" in t for t in titles)
    assert not any(c.title in item.title for item in items_for(officer_a, D("2026-03-01")))


def test_job_skips_a_consultation_it_cannot_open_and_opens_the_others(district, officer_a, head_a):
    late = services.create_consultation(
        by=officer_a,
        at=at("2026-11-20"),
        unit=district.unit_a,
        data=consultation_data(start_date=D("2026-11-25")),
    )
    fine = services.create_consultation(
        by=officer_a,
        at=at("2026-11-20"),
        unit=district.unit_a,
        data=consultation_data(start_date=D("2026-11-25"), title="另一事项"),
    )
    for c in (late, fine):
        services.submit_consultation(by=officer_a, at=at("2026-11-20"), consultation=c)
        services.approve_consultation(by=head_a, at=at("2026-11-20"), consultation=c)
    # The job did not run until 11-25 for `fine`; for `late` it first runs on 12-05, when a full
    # period from that day would end in 2027 — a year the calendar does not have.
    assert services.open_and_close_due(at=at("2026-11-25", 0)) == "opened 2, closed 0"
    Consultation.objects.filter(pk=late.pk).update(status=Status.APPROVED)
    result = services.open_and_close_due(at=at("2026-12-05", 0))
    assert result == f"opened 0, closed 0, not opened [{late.pk}]"
    late.refresh_from_db()
    assert late.status == Status.APPROVED
