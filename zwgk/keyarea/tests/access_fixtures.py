"""Unit A's key-area data for the access matrix (tests/security): a document of 区教委 published
into the 义务教育招生·录取结果 column. The completeness view shows its title to unit A and the
supervisor; unit B must never see it. (Created directly: a matrix fixture, not a workflow test.)"""

from __future__ import annotations

from django.utils import timezone

from zwgk.documents.models import Document, Status

MARKER = "教委录取结果访问矩阵标记"


def objects(*, district, officer_a, supervisor) -> dict:
    now = timezone.now()
    Document.objects.create(
        publishing_unit=district.unit_a,
        title=f"{timezone.localdate().year}年义务教育招生录取结果{MARKER}",
        column="zd-ywzs-lqjg",
        index_number=f"{district.unit_a.code}/keyarea-matrix",
        disclosure="proactive",
        disclosure_scope="full",
        status=Status.PUBLISHED,
        approved_hash="0" * 64,
        published_at=now,
        created_by=officer_a,
        created_at=now,
        updated_at=now,
    )
    return {"_markers": [MARKER]}
