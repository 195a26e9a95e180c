"""Objects of unit A for the access matrix (tests/security): a 舆情 case of unit A with the
district office invited to 会商, and a policy document of unit A for its risk plan."""

from __future__ import annotations

from django.utils import timezone

MARKER = "区教委舆情矩阵标记案件"


def objects(*, district, officer_a, supervisor) -> dict:
    from zwgk.documents import services as documents
    from zwgk.documents.models import Topic
    from zwgk.sentiment import services

    at = timezone.now()
    case = services.open_case(
        by=officer_a,
        at=at,
        unit=district.unit_a,
        source="manual",
        title=MARKER,
        summary="矩阵测试用舆情。",
    )
    [opinion] = services.invite_units(
        by=officer_a, at=at, case=case, units=[district.office], question="请区政府办协调"
    )
    document = documents.register_document(
        by=officer_a,
        at=at,
        unit=district.unit_a,
        data=documents.DocumentData(
            title="区教委舆情风险评估矩阵文件",
            fields={
                "written_date": at.date(),
                "topic": Topic.objects.first(),
                "body": "正文",
                "disclosure": "proactive",
                "disclosure_scope": "full",
            },
        ),
    )
    return {
        "sentiment:detail.pk": case.pk,
        "sentiment:action.pk": case.pk,
        "sentiment:action.name": "assess",
        "sentiment:opinion.pk": case.pk,
        "sentiment:opinion.opinion_pk": opinion.pk,
        "sentiment:plan_edit.document_pk": document.pk,
        "_markers": [MARKER],
    }
