"""Search fixtures: a fresh index directory per test and documents published through the real
services (register → submit → deputy → head → publish), with the after-commit hooks run."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from conftest import make_person
from zwgk.documents import services
from zwgk.documents.models import Document, Topic
from zwgk.documents.statute import FIVE_CHECKS
from zwgk.orgs.models import Role

TZ = ZoneInfo("Asia/Shanghai")
AT = datetime(2026, 3, 2, 9, 0, tzinfo=TZ)
ALL_CHECKS = {key: True for key, _ in FIVE_CHECKS}


@pytest.fixture(autouse=True)
def search_dir(settings: Any, tmp_path: Any) -> Any:
    settings.ZWGK_SEARCH_DIR = tmp_path / "search"
    return settings.ZWGK_SEARCH_DIR


@pytest.fixture
def team_b(district: Any, officer_b: Any) -> tuple[Any, Any, Any]:
    deputy = make_person("deputy_b", "周伟", district.unit_b, Role.DEPUTY)
    head = make_person("head_b", "吴刚", district.unit_b, Role.HEAD)
    return officer_b, deputy, head


@pytest.fixture
def publish(
    district: Any,
    officer_a: Any,
    deputy_a: Any,
    head_a: Any,
    django_capture_on_commit_callbacks: Any,
) -> Callable[..., Document]:
    """publish(title, body, at=…, team=(officer, deputy, head), unit=…, **fields)."""

    def _publish(
        title: str,
        body: str = "",
        *,
        at: datetime = AT,
        team: tuple[Any, Any, Any] | None = None,
        unit: Any = None,
        **fields: Any,
    ) -> Document:
        officer, deputy, head = team or (officer_a, deputy_a, head_a)
        values = {
            "doc_number": "",
            "written_date": date(2024, 1, 2),
            "topic": Topic.objects.get(name="科技、教育"),
            "genre": "tongzhi",
            "body": body,
            "disclosure": "proactive",
            "disclosure_scope": "full",
        }
        values.update(fields)
        with django_capture_on_commit_callbacks(execute=True):
            document = services.register_document(
                by=officer,
                at=at,
                unit=unit or district.unit_a,
                data=services.DocumentData(title=title, fields=values),
            )
            services.submit_document(by=officer, at=at, document=document)
            for reviewer in (deputy, head):
                services.approve_document(
                    by=reviewer,
                    at=at,
                    document=document,
                    checks=ALL_CHECKS,
                    secrecy_review_passed=True,
                )
            services.publish_document(by=officer, at=at, document=document)
        document.refresh_from_db()
        return document

    return _publish
