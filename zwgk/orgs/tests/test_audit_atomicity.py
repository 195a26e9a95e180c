"""No audit row, no change: a service's change rolls back when its audit row cannot be written
(security.md L3-CES1-15; the audit write path is zwgk.core.audit.record)."""

import pytest
from django.utils import timezone

from zwgk.core import audit
from zwgk.core.models import AuditEvent
from zwgk.orgs import services
from zwgk.orgs.models import Unit


def _broken_hash(row):
    raise RuntimeError("audit store unavailable")


@pytest.mark.django_db
def test_change_is_rolled_back_when_its_audit_row_cannot_be_written(
    officer_a, district, monkeypatch
):
    events_before = AuditEvent.objects.count()
    monkeypatch.setattr(audit, "compute_hash", _broken_hash)
    with pytest.raises(RuntimeError, match="audit store unavailable"):
        services.update_unit_contact(
            by=officer_a, at=timezone.now(), unit=district.unit_a, data={"office_phone": "023-1"}
        )
    with pytest.raises(RuntimeError):
        services.create_unit(
            by=officer_a,
            at=timezone.now(),
            parent=district.root,
            code="tlq-xx",
            name="重庆市铜梁区测试局",
            short_name="测试局",
            kind=Unit.Kind.DEPARTMENT,
            doc_prefix="铜测",
        )
    district.unit_a.refresh_from_db()
    assert district.unit_a.office_phone == ""
    assert not Unit.objects.filter(code="tlq-xx").exists()
    assert AuditEvent.objects.count() == events_before
    monkeypatch.undo()
    assert audit.verify_chain().ok
