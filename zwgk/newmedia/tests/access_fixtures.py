"""Objects of unit A for the access matrix (tests/security/conftest.py)."""

from __future__ import annotations

from django.utils import timezone

from conftest import make_person
from zwgk.newmedia import services
from zwgk.newmedia.models import ActivitySource, Platform, SourceKind
from zwgk.orgs.models import Role

MARKER = "铜梁教育矩阵号"


def objects(*, district, officer_a, supervisor) -> dict:
    at = timezone.now()
    head = make_person("nm_head_a", "周校长", district.unit_a, Role.HEAD)
    filing = services.apply_open(
        by=officer_a,
        at=at,
        unit=district.unit_a,
        data=services.AccountData(platform=Platform.WECHAT_SUBSCRIPTION, name=MARKER),
    )
    services.agree_filing(by=head, at=at, filing=filing)
    services.approve_filing(by=supervisor, at=at, filing=filing)
    account = filing.account
    # A pending change: the review URL gets a filing still open.
    change = services.request_change(
        by=officer_a, at=at, account=account, changes={"purpose": "发布教育信息"}, reason="补充"
    )
    source = ActivitySource.objects.create(account=account, kind=SourceKind.UPLOAD)
    return {
        **{
            f"newmedia:{name}.pk": account.pk
            for name in (
                "detail",
                "change",
                "close",
                "cancel",
                "maintainer",
                "source_add",
                "upload",
            )
        },
        "newmedia:review.pk": change.pk,
        "newmedia:source_run.pk": source.pk,
        "_markers": [MARKER],
    }
