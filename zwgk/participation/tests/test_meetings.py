"""会议公开: a meeting on a major livelihood matter through its life (seed notice §一(二)1).

# 2026-03-05 the 区民政局 registers the meeting and invites the four groups; it announces it and
# the public registers; the seat limit holds; after the meeting it records that it was held,
# attaches the related document and publishes the 议定事项, which the public page then shows.
"""

from __future__ import annotations

import pytest
import time_machine
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from zwgk.core.errors import DomainError, PermissionDeniedError, TransitionError
from zwgk.core.models import AuditEvent
from zwgk.documents.tests.test_attachments import make_pdf
from zwgk.participation import services
from zwgk.participation.models import MeetingStatus

from .helpers import at


def meeting_data(**extra):
    values = {
        "title": "城乡低保标准调整听取意见会",
        "topic": "2027年城乡低保标准",
        "agenda": "一、说明方案\n二、列席代表发言",
        "starts_at": at("2026-03-20", 9),
        "place": "区民政局五楼会议室",
        "public_seats": 2,
        "registration_closes_at": at("2026-03-18", 17),
    }
    values.update(extra)
    return services.MeetingData(**values)


@pytest.mark.django_db
def test_meeting_lifecycle(district, officer_b, officer_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()
    clerk = officer_b
    with pytest.raises(DomainError, match="报名截止"):
        services.create_meeting(
            by=clerk,
            at=at("2026-03-05"),
            unit=district.unit_b,
            data=meeting_data(registration_closes_at=at("2026-03-21")),
        )
    with pytest.raises(PermissionDeniedError):
        services.create_meeting(
            by=officer_a, at=at("2026-03-05"), unit=district.unit_b, data=meeting_data()
        )
    m = services.create_meeting(
        by=clerk, at=at("2026-03-05"), unit=district.unit_b, data=meeting_data()
    )
    for group, name in (
        ("stakeholder", "低保家庭代表"),
        ("public", "社区居民代表"),
        ("expert", "西南大学社会学专家"),
        ("media", "铜梁日报"),
    ):
        services.invite(by=clerk, at=at("2026-03-05"), meeting=m, group=group, name=name)
    with pytest.raises(DomainError):
        services.register_for_meeting(
            at=at("2026-03-05"),
            meeting=m,
            data=services.RegistrationData(group="public", name="王五", phone="13800001111"),
        )
    services.announce_meeting(by=clerk, at=at("2026-03-05"), meeting=m)
    for name in ("王五", "赵六"):
        services.register_for_meeting(
            at=at("2026-03-06"),
            meeting=m,
            data=services.RegistrationData(group="public", name=name, phone="13800001111"),
        )
    with pytest.raises(DomainError, match="名额已满"):
        services.register_for_meeting(
            at=at("2026-03-06"),
            meeting=m,
            data=services.RegistrationData(group="media", name="记者", phone="13800002222"),
        )
    with pytest.raises(DomainError, match="尚未开始"):
        services.mark_meeting_held(by=clerk, at=at("2026-03-19"), meeting=m)
    with pytest.raises(TransitionError):
        services.publish_meeting_outcome(by=clerk, at=at("2026-03-19"), meeting=m, outcome="x")
    services.mark_meeting_held(by=clerk, at=at("2026-03-20", 12), meeting=m)
    upload = SimpleUploadedFile("minutes.pdf", make_pdf("minutes"), content_type="application/pdf")
    item = services.add_meeting_file(by=clerk, at=at("2026-03-21"), meeting=m, uploaded=upload)
    with pytest.raises(DomainError, match="议定事项"):
        services.publish_meeting_outcome(by=clerk, at=at("2026-03-21"), meeting=m, outcome=" ")
    services.publish_meeting_outcome(
        by=clerk, at=at("2026-03-21"), meeting=m, outcome="一、同意低保标准提高5%。"
    )
    m.refresh_from_db()
    assert m.status == MeetingStatus.OUTCOME_PUBLISHED and m.seats_taken == 2
    codes = list(
        AuditEvent.objects.filter(action__startswith="participation.meeting.")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert codes.count("participation.meeting.registered") == 2
    assert codes[-1] == "participation.meeting.outcome_published"

    with time_machine.travel(at("2026-03-22"), tick=False):
        body = Client().get(reverse("participation_public:meeting", args=[m.pk])).content.decode()
        assert "一、同意低保标准提高5%。" in body and "铜梁日报" in body
        assert "王五" not in body and "13800001111" not in body
        url = reverse("participation_public:meeting_file", args=[m.pk, item.pk])
        response = Client().get(url)
        assert response.status_code == 200 and response["Content-Disposition"].startswith(
            "attachment"
        )
