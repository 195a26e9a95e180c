"""Fixtures of the access-control matrix: one object of unit A for every URL parameter."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from conftest import make_person
from tests.security.access_matrix import AT


@pytest.fixture
def system_admin(district):
    from zwgk.orgs.models import User

    user = make_person("sysadmin", "孙系统", None, None)
    User.objects.filter(pk=user.pk).update(is_system_admin=True)
    user.refresh_from_db()
    return user


def _duty_holder(username: str, full_name: str, duty: str):
    from zwgk.orgs import duties

    user = make_person(username, full_name, None, None)
    duties.grant_duty(by=None, at=timezone.now(), user=user, duty=duty)
    return user


@pytest.fixture
def matrix_clients(officer_a, deputy_a, head_a, officer_b, supervisor, citizen, system_admin):
    Client().get("/")  # load the middleware (and its login-time stamp) before logging in
    people = {
        "security_admin": _duty_holder("secadmin", "周安全", "security"),
        "audit_admin": _duty_holder("auditadmin", "吴审计", "audit"),
        "citizen": citizen,
        "clerk_a": officer_a,
        "deputy_a": deputy_a,
        "head_a": head_a,
        "clerk_b": officer_b,
        "supervisor": supervisor,
        "system_admin": system_admin,
    }
    clients = {"anonymous": Client()}
    for role, user in people.items():
        client = Client()
        client.force_login(user)
        clients[role] = client
    return clients


@pytest.fixture
def unit_a_objects(district, officer_a, supervisor):
    """URL parameter → value, keyed "param" or "url_name.param" where one name needs its own."""
    from zwgk.contentcheck import services as contentcheck
    from zwgk.core.models import AuditEvent, HolidayYear
    from zwgk.disclosure_requests.tests.helpers import register
    from zwgk.documents import services as documents
    from zwgk.documents.models import Topic

    doc = documents.register_document(
        by=officer_a,
        at=AT,
        unit=district.unit_a,
        data=documents.DocumentData(
            title="关于开展安全检查的通知",
            fields={
                "written_date": AT.date(),
                "topic": Topic.objects.first(),
                "body": "正文",
                "disclosure": "proactive",
                "disclosure_scope": "full",
            },
        ),
    )
    case = register(officer_a, district.unit_a)
    word = contentcheck.add_entry(
        by=supervisor,
        at=timezone.now(),
        kind="words",
        values={"word": "违禁词", "category": "测试"},
    )
    year = HolidayYear.objects.order_by("year").first()
    case_objects = _case_objects(district, officer_a, supervisor)
    objects = {
        "documents": doc,
        "requests": case,
        "documents:detail.pk": doc.pk,
        **{
            f"documents:{n}.pk": doc.pk
            for n in (
                "edit",
                "submit",
                "approve",
                "return",
                "publish",
                "schedule",
                "withdraw",
                "override",
                "normative",
            )
        },
        "pk": case.pk,  # disclosure_requests and letters: the case
        "workspace:unit_detail.pk": district.unit_a.pk,
        "workspace:unit_contact_edit.pk": district.unit_a.pk,
        "contentcheck:edit.pk": word.pk,
        "contentcheck:set_active.pk": word.pk,
        "kind": "words",
        "field": "phone",
        "disclosure_requests:action.name": "claim",
        "seq": AuditEvent.objects.order_by("seq").values_list("seq", flat=True).first(),
        "year": year.year if year else 2026,
        "code": district.unit_a.code,
        "slug": "tzgg",
        **case_objects,
        # Public pages: any well-formed value covers them (ok or 404 are both allowed there).
        "api:get_document.document_id": doc.pk,
        "portal:catalogue_list.kind": "topic",
        "portal:catalogue_archive.kind": "topic",
        "portal:catalogue_download.kind": "topic",
        "key": "jy",
        "number": 2,
        "portal:catalogue_download.fmt": "csv",
        "name": "0" * 64 + ".pdf",
        "parent_slug": "fdzdgknr",
        "portal:unit_subcolumn.slug": "a20-1",
        "portal:subcolumn_archive.slug": "a20-1",
        "portal:subcolumn_feed.slug": "a20-1",
    }
    return _with_app_objects(objects, district=district, officer_a=officer_a, supervisor=supervisor)


def _with_app_objects(objects: dict, **people) -> dict:
    """Add the objects each app provides in zwgk/<app>/tests/access_fixtures.py.

    Such a module defines `objects(*, district, officer_a, supervisor) -> dict` returning keys
    "namespace:url_name.param" (never bare parameter names, which belong to the older apps
    above) and optionally "_markers": strings found only in unit A's data of that app, which
    the cross-unit scan looks for in unit B's responses.
    """
    markers = []
    for path in sorted(Path(__file__).resolve().parents[2].glob("zwgk/*/tests/access_fixtures.py")):
        module = importlib.import_module(f"zwgk.{path.parent.parent.name}.tests.access_fixtures")
        extra = module.objects(**people)
        markers.extend(extra.pop("_markers", ()))
        clash = set(extra) & set(objects)
        assert not clash, f"{path}: keys already provided: {sorted(clash)}"
        objects.update(extra)
    objects["_markers"] = markers
    return objects


def _case_objects(district, officer_a, supervisor) -> dict:
    """Unit A's cleanup campaign, appeal, consultation, assistance and issued letter.

    Each hangs on its own application so the main fixture case stays a fresh one. The
    assistance goes to the district office (the supervisor's unit), never to unit B, so the
    cross-unit scan still means "unit B sees nothing of unit A".
    """
    from datetime import date

    from zwgk.disclosure_requests import services
    from zwgk.disclosure_requests.letters.services import issue_letter
    from zwgk.disclosure_requests.models import RequestFile
    from zwgk.disclosure_requests.tests.helpers import at, register
    from zwgk.documents import normative

    campaign = normative.start_cleanup(
        by=supervisor, at=AT, district=district.root, title="2026年规范性文件清理"
    )
    replied = register(officer_a, district.unit_a, "2026-02-10")
    services.reply_to_request(
        by=officer_a,
        at=at("2026-03-10"),
        request=replied,
        data=services.ReplyData(
            outcome="disclose", reply_date=date(2026, 3, 10), body="所申请的信息予以公开。"
        ),
    )
    letter = issue_letter(
        by=officer_a, at=at("2026-03-10"), request=replied, kind="reply", source="reply"
    )
    appeal = services.record_appeal(
        by=officer_a,
        at=at("2026-03-20"),
        request=replied,
        data=services.AppealData(
            kind="reconsideration", body="重庆市铜梁区人民政府", filed_on=date(2026, 3, 12)
        ),
    )
    consulted = register(officer_a, district.unit_a, "2026-02-10")
    consultation = services.send_consultation(
        by=officer_a,
        at=at("2026-02-26"),
        request=consulted,
        party="third_party",
        party_name="重庆某某餐饮管理有限公司",
        question="是否同意公开检查结果中涉及贵公司的内容",
        sent_on=date(2026, 2, 26),
    )
    assisted = register(officer_a, district.unit_a, "2026-02-10")
    assistance = services.ask_assistance(
        by=officer_a,
        at=at("2026-02-11"),
        request=assisted,
        unit=district.office,
        question="请提供贵办掌握的相关记录。",
    )
    delivered = RequestFile.objects.filter(request=replied).order_by("pk").first()
    return {
        "documents:cleanup_detail.pk": campaign.pk,
        "disclosure_requests:appeal_edit.appeal_pk": appeal.pk,
        "disclosure_requests:consultation_answer.pk": consulted.pk,
        "consultation_pk": consultation.pk,
        "disclosure_requests:assistance_answer.pk": assisted.pk,
        "assistance_pk": assistance.pk,
        "disclosure_letters:issue.pk": replied.pk,
        "disclosure_letters:issue.kind": "reply",
        "source": "reply",
        "letter_pk": letter.pk,
        "fmt": "pdf",
        "file_pk": delivered.pk if delivered else letter.pk,
    }
