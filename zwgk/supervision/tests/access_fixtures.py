"""Unit A's supervision objects for the access matrix (tests/security)."""

from __future__ import annotations

from django.utils import timezone

from zwgk.supervision.models import AnnualReport

MARKER = "教委年报访问矩阵标记"


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
    found["_markers"] = [MARKER]
    return found
