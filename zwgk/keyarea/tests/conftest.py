"""Key-area fixtures: documents of unit A published through the real documents workflow
(register → submit → deputy → head → publish), with the after-commit hooks run."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from zwgk.documents import services
from zwgk.documents.models import Document, Topic
from zwgk.documents.statute import FIVE_CHECKS
from zwgk.portal import demo

TZ = ZoneInfo("Asia/Shanghai")
ALL_CHECKS = {key: True for key, _label in FIVE_CHECKS}


@pytest.fixture(autouse=True)
def site_root(settings: Any, tmp_path: Any) -> Any:
    settings.ZWGK_SITE_ROOT = tmp_path / "site"
    return settings.ZWGK_SITE_ROOT


@dataclass
class Publisher:
    officer: Any
    deputy: Any
    head: Any
    unit: Any
    capture: Any

    def __call__(self, title: str, column: str, at: datetime) -> Document:
        document = services.register_document(
            by=self.officer,
            at=at,
            unit=self.unit,
            data=services.DocumentData(
                title=title,
                fields={
                    "doc_number": "",
                    "written_date": date(at.year, at.month, at.day),
                    "topic": Topic.objects.get(name="科技、教育"),
                    "genre": "tongzhi",
                    "column": column,
                    "body": "各中小学校：现将有关事项公布如下。",
                    "disclosure": "proactive",
                    "disclosure_scope": "full",
                },
            ),
        )
        services.submit_document(by=self.officer, at=at, document=document)
        for reviewer in (self.deputy, self.head):
            services.approve_document(
                by=reviewer, at=at, document=document, checks=ALL_CHECKS, secrecy_review_passed=True
            )
        with self.capture(execute=True):
            services.publish_document(by=self.officer, at=at, document=document)
        document.refresh_from_db()
        return document


@pytest.fixture
def publish(
    officer_a: Any,
    deputy_a: Any,
    head_a: Any,
    district: Any,
    django_capture_on_commit_callbacks: Any,
) -> Publisher:
    demo.seed_site_profile(at=timezone.now(), district_code=district.root.code)
    return Publisher(
        officer_a, deputy_a, head_a, district.unit_a, django_capture_on_commit_callbacks
    )


def at(day: str) -> datetime:
    year, month, dd = (int(part) for part in day.split("-"))
    return datetime(year, month, dd, 10, 0, tzinfo=TZ)
