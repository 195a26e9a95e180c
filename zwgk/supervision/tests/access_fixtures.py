"""Unit A's supervision objects for the access matrix (tests/security)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from zwgk.supervision.models import (
    AnnualReport,
    Assessment,
    Bulletin,
    BulletinItem,
    SpotCheck,
    SpotCheckItem,
)

MARKER = "教委年报访问矩阵标记"
BULLETIN_MARKER = "教委通报访问矩阵标记：某文件逾期公开"


def objects(*, district, officer_a, supervisor) -> dict:
    now = timezone.now()
    report = AnnualReport.objects.create(
        unit=district.unit_a,
        year=timezone.localdate().year - 1,
        overview=f"（一）主动公开。{MARKER}",
        created_by=officer_a,
        created_at=now,
        updated_at=now,
    )
    keys = ("annual_detail", "annual_edit", "annual_redraft", "annual_submit", "annual_export")
    found: dict = {f"supervision:{name}.pk": report.pk for name in keys}
    found["supervision:annual_export.fmt"] = "json"
    bulletin = Bulletin.objects.create(
        district=district.root,
        title="关于矩阵测试的通报",
        period_start=timezone.localdate() - timedelta(days=30),
        period_end=timezone.localdate(),
        status=Bulletin.Status.ISSUED,
        drafted_by=supervisor,
        issued_at=now,
        created_at=now,
        updated_at=now,
    )
    item = BulletinItem.objects.create(
        bulletin=bulletin,
        unit=district.unit_a,
        source="test.matrix",
        kind="信息公开不及时",
        summary=BULLETIN_MARKER,
        severity="serious",
        occurred_on=timezone.localdate(),
        rectify_by=timezone.localdate() + timedelta(days=30),
    )
    for name in ("bulletin_detail", "bulletin_edit", "bulletin_action"):
        found[f"supervision:{name}.pk"] = bulletin.pk
    found["supervision:bulletin_action.action"] = "submit"
    found["supervision:bulletin_item.pk"] = item.pk
    found["supervision:bulletin_respond.pk"] = item.pk
    found["supervision:unit_dashboard.pk"] = district.unit_a.pk
    check = SpotCheck.objects.create(
        district=district.root,
        title="矩阵抽查",
        kind="documents",
        per_unit=1,
        seed=7,
        created_by=supervisor,
        created_at=now,
    )
    spot = SpotCheckItem.objects.create(
        spot_check=check, unit=district.unit_a, object_ref="documents.document:0", label=MARKER
    )
    assessment = Assessment.objects.create(
        district=district.root,
        year=timezone.localdate().year,
        table="district_openness",
        created_by=supervisor,
        created_at=now,
    )
    found["supervision:spot_check_detail.pk"] = check.pk
    found["supervision:spot_check_item.pk"] = spot.pk
    found["supervision:assessment_detail.pk"] = assessment.pk
    found["supervision:assessment_action.pk"] = assessment.pk
    found["supervision:assessment_action.action"] = "score"
    found["_markers"] = [MARKER, BULLETIN_MARKER]
    return found
