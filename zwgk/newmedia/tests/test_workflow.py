"""The filing workflow: 开设 → 变更 → 关停 (停更公告 first) → 注销, each agreed by the unit head and
filed by the district office; the one-account constraints in the database and their exception."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from django.db import IntegrityError, connection, transaction

from zwgk.core.errors import DomainError, PermissionDeniedError, TransitionError
from zwgk.core.models import AuditEvent
from zwgk.newmedia import services
from zwgk.newmedia.models import (
    Filing,
    FilingState,
    MediaAccount,
    Platform,
    Status,
)

from .helpers import AT, data, open_account, pending

pytestmark = pytest.mark.django_db


def test_lifecycle_open_change_close_cancel(district, officer_a, head_a, supervisor):
    # The unit applies; the account exists as 申请中, nothing is filed yet.
    filing = services.apply_open(by=officer_a, at=AT, unit=district.unit_a, data=data())
    account = filing.account
    assert account.status == Status.APPLYING
    assert filing.state == FilingState.AWAITING_HEAD
    # The personal data is stored encrypted, shown masked.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT administrator_phone FROM newmedia_mediaaccount WHERE id = %s", [account.pk]
        )
        (raw,) = cursor.fetchone()
    assert raw and "13812345678" not in raw
    assert account.administrator_phone_masked == "138****5678"
    assert account.administrator_name_masked == "张*"

    # The head agrees, then the district office files it.
    services.agree_filing(by=head_a, at=AT, filing=filing)
    services.approve_filing(by=supervisor, at=AT, filing=filing)
    account.refresh_from_db()
    filing.refresh_from_db()
    assert account.status == Status.OPEN
    assert filing.number == "XMT-2026-0001"
    assert account.opened_on == AT.date()

    # A week later the unit renames the account: 变更中 until filed, then applied.
    later = AT + timedelta(days=7)
    change = services.request_change(
        by=officer_a, at=later, account=account, changes={"name": "铜梁教育发布"}, reason="统一名称"
    )
    account.refresh_from_db()
    assert account.status == Status.CHANGING and account.name == "铜梁教育"
    services.agree_filing(by=head_a, at=later, filing=change)
    services.approve_filing(by=supervisor, at=later, filing=change)
    account.refresh_from_db()
    assert (account.status, account.name) == (Status.OPEN, "铜梁教育发布")

    # Closure: the 停更公告 must already be published.
    with pytest.raises(DomainError, match="停更公告"):
        services.request_closure(
            by=officer_a, at=later, account=account, notice_url="", notice_date=None, reason="整合"
        )
    close = services.request_closure(
        by=officer_a,
        at=later,
        account=account,
        notice_url="https://example.gov.cn/tzgg/1.html",
        notice_date=later.date(),
        reason="并入区政府发布",
    )
    account.refresh_from_db()
    assert account.status == Status.SUSPENSION_NOTICE
    services.agree_filing(by=head_a, at=later, filing=close)
    services.approve_filing(by=supervisor, at=later, filing=close)
    account.refresh_from_db()
    assert account.status == Status.CLOSED

    cancel = services.request_cancellation(
        by=officer_a,
        at=later,
        account=account,
        notice_url="https://example.gov.cn/tzgg/2.html",
        notice_date=later.date(),
        reason="注销认证",
    )
    services.agree_filing(by=head_a, at=later, filing=cancel)
    services.approve_filing(by=supervisor, at=later, filing=cancel)
    account.refresh_from_db()
    assert account.status == Status.CANCELLED
    actions = list(
        AuditEvent.objects.filter(target_id=str(account.pk), action__startswith="newmedia.")
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions == [
        "newmedia.account.applied",
        "newmedia.filing.head_agreed",
        "newmedia.filing.approved",
        "newmedia.filing.change_submitted",
        "newmedia.filing.head_agreed",
        "newmedia.filing.approved",
        "newmedia.filing.close_submitted",
        "newmedia.filing.head_agreed",
        "newmedia.filing.approved",
        "newmedia.filing.cancel_submitted",
        "newmedia.filing.head_agreed",
        "newmedia.filing.approved",
    ]
    assert list(account.filings.values_list("number", flat=True).order_by("pk")) == [
        "XMT-2026-0001",
        "XMT-2026-0002",
        "XMT-2026-0003",
        "XMT-2026-0004",
    ]


def test_only_the_head_agrees_and_only_the_office_reviews(
    district, officer_a, deputy_a, head_a, supervisor
):
    filing = services.apply_open(by=officer_a, at=AT, unit=district.unit_a, data=data())
    for person in (officer_a, deputy_a, supervisor):
        with pytest.raises(PermissionDeniedError):
            services.agree_filing(by=person, at=AT, filing=filing)
    with pytest.raises(DomainError):  # not yet agreed: the office cannot file it
        services.approve_filing(by=supervisor, at=AT, filing=filing)
    services.agree_filing(by=head_a, at=AT, filing=filing)
    with pytest.raises(PermissionDeniedError):
        services.approve_filing(by=head_a, at=AT, filing=filing)
    assert Filing.objects.get(pk=filing.pk).state == FilingState.AWAITING_REVIEW


def test_other_unit_cannot_file(district, officer_b):
    with pytest.raises(PermissionDeniedError):
        services.apply_open(by=officer_b, at=AT, unit=district.unit_a, data=data())
    assert not MediaAccount.objects.exists()


def test_returned_opening_is_not_approved_and_frees_the_platform(
    district, officer_a, head_a, supervisor
):
    filing = services.apply_open(by=officer_a, at=AT, unit=district.unit_a, data=data())
    with pytest.raises(DomainError, match="退回理由"):
        services.return_filing(by=head_a, at=AT, filing=filing, note="")
    services.return_filing(by=head_a, at=AT, filing=filing, note="名称不规范")
    assert MediaAccount.objects.get().status == Status.REJECTED
    # The platform is free again for a new application.
    services.apply_open(by=officer_a, at=AT, unit=district.unit_a, data=data(name="铜梁教育发布"))


def test_refused_moves(district, officer_a, head_a, supervisor):
    account = open_account(district, officer_a, head_a, supervisor)
    with pytest.raises(DomainError, match="没有需要变更"):
        services.request_change(
            by=officer_a, at=AT, account=account, changes={"name": "铜梁教育"}, reason="x"
        )
    with pytest.raises(DomainError, match="只能变更"):
        services.request_change(
            by=officer_a, at=AT, account=account, changes={"status": "closed"}, reason="x"
        )
    with pytest.raises(DomainError, match="不能晚于今天"):
        services.request_closure(
            by=officer_a,
            at=AT,
            account=account,
            notice_url="https://example.gov.cn/1.html",
            notice_date=date(2026, 12, 1),
            reason="x",
        )
    services.request_change(
        by=officer_a, at=AT, account=account, changes={"purpose": "新功能"}, reason="调整"
    )
    with pytest.raises(TransitionError, match="变更中"):
        services.request_change(
            by=officer_a, at=AT, account=account, changes={"name": "新名"}, reason="x"
        )
    account.refresh_from_db()
    services.return_filing(by=head_a, at=AT, filing=pending(account), note="不同意")
    account.refresh_from_db()
    assert account.status == Status.OPEN and account.purpose == "发布教育政策和招生信息"
    # A cancellation keeps the status while pending; nothing else may start meanwhile.
    services.request_cancellation(
        by=officer_a,
        at=AT,
        account=account,
        notice_url="https://example.gov.cn/3.html",
        notice_date=AT.date(),
        reason="主办单位撤并",
    )
    with pytest.raises(DomainError, match="未办结"):
        services.request_change(
            by=officer_a, at=AT, account=account, changes={"name": "新名"}, reason="x"
        )
    # Cancelling an applying account is not a move of the table.
    filing = services.apply_open(
        by=officer_a, at=AT, unit=district.unit_a, data=data(platform=Platform.WEIBO)
    )
    with pytest.raises(TransitionError):
        services.request_cancellation(
            by=officer_a,
            at=AT,
            account=filing.account,
            notice_url="https://example.gov.cn/2.html",
            notice_date=AT.date(),
            reason="x",
        )


def test_one_account_per_unit_and_platform_is_a_database_constraint(
    district, officer_a, head_a, supervisor
):
    open_account(district, officer_a, head_a, supervisor)
    with pytest.raises(DomainError, match="已有一个在用的政务新媒体账号"):
        services.apply_open(by=officer_a, at=AT, unit=district.unit_a, data=data(name="第二个"))
    assert MediaAccount.objects.count() == 1
    # Below the services, the database itself refuses the row.
    first = MediaAccount.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        MediaAccount.objects.create(
            district=first.district,
            host_unit=first.host_unit,
            platform=first.platform,
            name="绕过服务",
            status=Status.OPEN,
            created_at=AT,
            updated_at=AT,
        )
    # Another platform, or another unit, is fine; "其他" platforms are told apart by name.
    open_account(district, officer_a, head_a, supervisor, platform=Platform.DOUYIN)
    open_account(
        district, officer_a, head_a, supervisor, platform=Platform.OTHER, platform_name="B站"
    )
    open_account(
        district, officer_a, head_a, supervisor, platform=Platform.OTHER, platform_name="小红书"
    )


def test_exception_needs_the_office_approval(district, officer_a, head_a, supervisor):
    open_account(district, officer_a, head_a, supervisor)
    with pytest.raises(PermissionDeniedError):
        services.approve_exception(
            by=head_a,
            at=AT,
            unit=district.unit_a,
            platform=Platform.WECHAT_SUBSCRIPTION,
            reason="招生专用",
        )
    approval = services.approve_exception(
        by=supervisor,
        at=AT,
        unit=district.unit_a,
        platform=Platform.WECHAT_SUBSCRIPTION,
        reason="招生季专用号，经区政府办同意",
        reference="区政府办 2026-11-01 批复",
    )
    second = services.apply_open(
        by=officer_a, at=AT, unit=district.unit_a, data=data(name="铜梁招生"), exception=approval
    )
    assert second.account.exception == approval
    # One approval allows one account, not two.
    with pytest.raises(DomainError, match="已用于另一个账号"):
        services.apply_open(
            by=officer_a, at=AT, unit=district.unit_a, data=data(name="第三个"), exception=approval
        )
    # An approval for another platform does not apply.
    weibo = services.approve_exception(
        by=supervisor, at=AT, unit=district.unit_a, platform=Platform.WEIBO, reason="x"
    )
    with pytest.raises(DomainError, match="不是针对"):
        services.apply_open(
            by=officer_a, at=AT, unit=district.unit_a, data=data(name="第四个"), exception=weibo
        )


def test_one_mobile_client_per_district_and_the_city_approval(
    district, officer_a, head_a, officer_b, supervisor
):
    from conftest import make_person
    from zwgk.orgs.models import Role

    filing = services.apply_open(
        by=officer_a, at=AT, unit=district.unit_a, data=data(platform=Platform.MOBILE_APP)
    )
    services.agree_filing(by=head_a, at=AT, filing=filing)
    with pytest.raises(DomainError, match="市政府办公厅批准"):
        services.approve_filing(by=supervisor, at=AT, filing=filing)
    services.approve_filing(
        by=supervisor, at=AT, filing=filing, city_approval="渝府办函〔2026〕9号"
    )
    assert MediaAccount.objects.get().city_approval == "渝府办函〔2026〕9号"
    # Unit B, another unit of the same district, cannot have a second app.
    make_person("head_b", "周局长", district.unit_b, Role.HEAD)
    with pytest.raises(DomainError, match="全区已有一个在用的政务移动端"):
        services.apply_open(
            by=officer_b, at=AT, unit=district.unit_b, data=data(platform=Platform.MOBILE_APP)
        )


def test_maintainer_update_validates_and_audits(district, officer_a, head_a, supervisor):
    account = open_account(district, officer_a, head_a, supervisor)
    with pytest.raises(DomainError, match="管理员电话不正确"):
        services.update_maintainer(
            by=officer_a,
            at=AT,
            account=account,
            maintainer=services.Maintainer(administrator_name="王", administrator_phone="12"),
        )
    services.update_maintainer(
        by=officer_a,
        at=AT,
        account=account,
        maintainer=services.Maintainer(
            administrator_name="王小红", administrator_phone="13900001111"
        ),
    )
    account.refresh_from_db()
    assert account.administrator_phone.reveal() == "13900001111"
    event = AuditEvent.objects.get(action="newmedia.account.maintainer_changed")
    assert "13900001111" not in str(event.after)


@pytest.mark.skipif(
    connection.vendor == "sqlite", reason="SQLite serialises writers; run on PostgreSQL (CI)"
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_agreement_is_taken_once(
    shipped_calendar, district, officer_a, head_a, supervisor
):
    filing = services.apply_open(by=officer_a, at=AT, unit=district.unit_a, data=data())
    outcomes: list[str] = []

    def agree() -> None:
        try:
            services.agree_filing(by=head_a, at=AT, filing=filing)
            outcomes.append("ok")
        except DomainError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=agree) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok", "refused"]


def test_second_agreement_is_refused(district, officer_a, head_a):
    filing = services.apply_open(by=officer_a, at=AT, unit=district.unit_a, data=data())
    services.agree_filing(by=head_a, at=AT, filing=filing)
    with pytest.raises(DomainError, match="已被他人处理"):
        services.agree_filing(by=head_a, at=AT, filing=filing)
    assert AuditEvent.objects.filter(action="newmedia.filing.head_agreed").count() == 1
