"""Portal fixtures: a district with a site profile, a town, and contact blocks."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from zwgk.documents import services
from zwgk.documents.models import Document, Status, Topic
from zwgk.documents.statute import FIVE_CHECKS
from zwgk.orgs import services as org_services
from zwgk.orgs.models import Unit
from zwgk.portal import demo
from zwgk.portal.models import SiteProfile


@pytest.fixture(autouse=True)
def site_root(settings: Any, tmp_path: Any) -> Any:
    """Each test publishes into a site root of its own (the views serve files found there)."""
    settings.ZWGK_SITE_ROOT = tmp_path / "site"
    return settings.ZWGK_SITE_ROOT


@pytest.fixture
def profile(district: Any) -> SiteProfile:
    profile = demo.seed_site_profile(at=timezone.now(), district_code=district.root.code)
    assert profile is not None
    return profile


@pytest.fixture
def town(district: Any) -> Unit:
    return org_services.create_unit(
        by=None,
        at=timezone.now(),
        parent=district.root,
        code="tlq-anju",
        name="重庆市铜梁区安居镇人民政府",
        short_name="安居镇",
        kind=Unit.Kind.TOWN,
    )


@pytest.fixture
def contacts(district: Any) -> Any:
    """Unit A has a complete contact block, unit B only a phone number."""
    Unit.objects.filter(pk=district.unit_a.pk).update(
        office_name="重庆市铜梁区教育委员会办公室",
        office_address="重庆市铜梁区巴川街道金砂路1号",
        office_postcode="402560",
        office_hours="工作日上午9:00-12:00，下午14:00-17:30",
        office_phone="023-45671111",
        office_fax="023-45671112",
        office_email="jw@tongliang.example",
    )
    Unit.objects.filter(pk=district.unit_b.pk).update(office_phone="023-45672222")
    for unit in (district.unit_a, district.unit_b):
        unit.refresh_from_db()
    return district


# --- Documents published through the documents services ------------------------------------

TZ = ZoneInfo("Asia/Shanghai")
AT = datetime(2026, 3, 2, 9, 0, tzinfo=TZ)
ALL_CHECKS = {key: True for key, _label in FIVE_CHECKS}


@dataclass
class Publisher:
    """Registers, reviews and publishes documents of unit A as its clerk, deputy and head do,
    running the after-commit hooks (the portal's incremental publishing among them)."""

    officer: Any
    deputy: Any
    head: Any
    unit: Unit
    capture: Any

    def draft(self, title: str = "关于做好2026年义务教育招生工作的通知", **fields: Any) -> Any:
        at = fields.pop("at", AT)
        interprets = fields.pop("interprets", None)
        base = {
            "doc_number": "铜教发〔2026〕3号",
            "written_date": date(2026, 2, 27),
            "topic": Topic.objects.get(name="科技、教育"),
            "genre": "tongzhi",
            "column": "a20-1",
            "summary": "",
            "body": "各中小学校：\n现将有关事项通知如下。",
            "disclosure": "proactive",
            "disclosure_scope": "full",
        }
        base.update(fields)
        return services.register_document(
            by=self.officer,
            at=at,
            unit=self.unit,
            data=services.DocumentData(title=title, fields=base),
            interprets=interprets,
        )

    def approve(self, document: Any, at: datetime = AT) -> Any:
        services.submit_document(by=self.officer, at=at, document=document)
        for reviewer in (self.deputy, self.head):
            services.approve_document(
                by=reviewer,
                at=at,
                document=document,
                checks=ALL_CHECKS,
                secrecy_review_passed=True,
            )
        document.refresh_from_db()
        return document

    def publish(self, document: Any, at: datetime = AT) -> Any:
        with self.capture(execute=True):
            services.publish_document(by=self.officer, at=at, document=document)
        document.refresh_from_db()
        return document

    def __call__(self, title: str = "关于做好2026年义务教育招生工作的通知", **fields: Any) -> Any:
        at = fields.get("at", AT)
        return self.publish(self.approve(self.draft(title, **fields), at), at)

    def withdraw(self, document: Any, reason: str, at: datetime = AT) -> Any:
        with self.capture(execute=True):
            services.withdraw_document(by=self.head, at=at, document=document, reason=reason)
        document.refresh_from_db()
        return document


@pytest.fixture
def publisher(
    officer_a: Any,
    deputy_a: Any,
    head_a: Any,
    district: Any,
    profile: Any,
    django_capture_on_commit_callbacks: Any,
) -> Publisher:
    return Publisher(
        officer_a, deputy_a, head_a, district.unit_a, django_capture_on_commit_callbacks
    )


def make_pdf(*lines: str) -> bytes:
    """A one-page PDF with Helvetica text (offsets computed, no library involved)."""
    ops = [b"BT /F1 12 Tf 72 760 Td"]
    ops += [b"(" + line.encode("latin-1") + b") Tj 0 -16 Td" for line in lines]
    content = b"\n".join([*ops, b"ET"])
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


@pytest.fixture
def media(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


_serial = itertools.count(1)


def bulk_published(
    unit: Unit,
    count: int,
    *,
    column: str = "a20-1",
    start: datetime = AT,
    step: timedelta = timedelta(hours=1),
    title: str = "文件",
    **fields: Any,
) -> list[Document]:
    """Published documents made directly in the database (no review chain, no hooks): for
    lists long enough to page. Call incremental.publish_changes yourself when needed."""
    documents = []
    for i in range(count):
        n = next(_serial)
        documents.append(
            Document(
                publishing_unit=unit,
                title=f"{title}{i + 1}",
                index_number=f"{unit.code}/bulk-{n:06d}",
                column=column,
                body=f"第{i + 1}份文件的正文。",
                status=Status.PUBLISHED,
                disclosure="proactive",
                disclosure_scope="full",
                approved_hash="0" * 64,
                written_date=(start + step * i).date(),
                published_at=start + step * i,
                created_at=start,
                updated_at=start,
                **fields,
            )
        )
    return Document.objects.bulk_create(documents)
