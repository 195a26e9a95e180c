"""Objects of unit A for the access matrix (tests/security/conftest.py): a draft consultation
(edit, submit), an open one with a file, four comments in two groups and a hearing, and a draft
meeting with a file."""

from __future__ import annotations

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from conftest import make_person
from zwgk.documents.tests.test_attachments import make_pdf
from zwgk.orgs.models import Role
from zwgk.participation import services
from zwgk.participation.tests.helpers import consultation_data

MARKER = "教委学位扩容征求意见稿"
COMMENT_MARKER = "建议教委在龙城片区新增学位"


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, make_pdf(name), content_type="application/pdf")


def objects(*, district, officer_a, supervisor) -> dict:
    at = timezone.now()
    today = timezone.localdate()
    head = make_person("pp_head_a", "吴主任", district.unit_a, Role.HEAD)
    draft = services.create_consultation(
        by=officer_a,
        at=at,
        unit=district.unit_a,
        data=consultation_data(title=MARKER + "（草稿）", start_date=today),
    )
    live = services.create_consultation(
        by=officer_a,
        at=at,
        unit=district.unit_a,
        data=consultation_data(title=MARKER, start_date=today),
    )
    services.submit_consultation(by=officer_a, at=at, consultation=live)
    services.approve_consultation(by=head, at=at, consultation=live)
    item = services.add_consultation_file(
        by=officer_a, at=at, consultation=live, kind="draft", uploaded=_pdf("draft.pdf")
    )
    comments = [
        services.submit_public_comment(
            at=at, consultation=live, data=services.CommentData(body=f"{COMMENT_MARKER}{n}")
        )
        for n in range(4)
    ]
    group = services.group_comments(
        by=officer_a, at=at, consultation=live, comments=comments[:2], title="新增学位"
    )
    other = services.group_comments(
        by=officer_a, at=at, consultation=live, comments=comments[2:], title="学位其他"
    )
    hearing = services.plan_hearing(
        by=officer_a,
        at=at,
        consultation=live,
        data=services.HearingData(
            held_on=today + timedelta(days=20),
            place="区教委三楼会议室",
            selection_method="自愿报名",
            participants="家长代表",
            materials_sent_on=today + timedelta(days=5),
        ),
    )
    meeting = services.create_meeting(
        by=officer_a,
        at=at,
        unit=district.unit_a,
        data=services.MeetingData(
            title=MARKER + "听取意见会",
            topic="学位",
            agenda="一、通报",
            starts_at=at + timedelta(days=10),
            place="区教委",
            public_seats=5,
            registration_closes_at=at + timedelta(days=9),
        ),
    )
    meeting_file = services.add_meeting_file(
        by=officer_a, at=at, meeting=meeting, uploaded=_pdf("minutes.pdf")
    )
    objects = {
        **{
            f"participation:{n}.pk": live.pk
            for n in ("detail", "file_add", "comment_add", "group_create", "results", "hearing_add")
        },
        "participation:edit.pk": draft.pk,
        "participation:action.pk": draft.pk,
        "participation:action.name": "submit",
        "participation:file.pk": item.pk,
        "participation:comment.pk": comments[0].pk,
        "participation:comment_moderate.pk": comments[0].pk,
        "participation:comment_escalate.pk": comments[0].pk,
        "participation:group.pk": group.pk,
        "participation:group_dissolve.pk": other.pk,
        **{
            f"participation:{n}.pk": hearing.pk
            for n in ("hearing", "hearing_notice", "hearing_record", "hearing_file")
        },
        **{
            f"participation:{n}.pk": meeting.pk
            for n in (
                "meeting_detail",
                "meeting_edit",
                "meeting_action",
                "meeting_invite",
                "meeting_outcome",
                "meeting_file_add",
            )
        },
        "participation:meeting_action.name": "announce",
        "participation:meeting_file.pk": meeting_file.pk,
        "participation_public:consultation.pk": live.pk,
        "participation_public:comment_done.pk": live.pk,
        "participation_public:results.pk": live.pk,
        "participation_public:file.pk": live.pk,
        "participation_public:file.file_pk": item.pk,
        "participation_public:meeting.pk": meeting.pk,
        "participation_public:meeting_done.pk": meeting.pk,
        "participation_public:meeting_file.pk": meeting.pk,
        "participation_public:meeting_file.file_pk": meeting_file.pk,
        "_markers": [MARKER, COMMENT_MARKER],
    }
    return objects
