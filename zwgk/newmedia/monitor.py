"""Evaluating the rules for every live account (the periodic job `newmedia.rules`), keeping the
findings, scoring accounts and opening 整改 work orders through zwgk.monitoring, and the 7×24
alerts: the unit and the district office are told in the 工作台 (inbox.py reads Alert), by
e-mail, and by SMS when a veto item is hit and before it is hit (day 10).

SMS goes through zwgk.monitoring's adapter (`zwgk.monitoring.alerts.get_sms_sender`,
settings.ZWGK_SMS_SENDER), so the district configures one gateway for sites and accounts.

An alert is sent once per account, kind and episode (the dedupe key carries the last post
time, so a new post starts a new episode); a repeated run or two workers send it once. Mail and
SMS go out after the transaction commits and a failure is logged, never rolled back into the
record: the 工作台 shows the same facts, so nobody depends on them.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from zwgk.core.workdays import months_before

from .constants import UNANSWERED_MONTHS
from .models import (
    Alert,
    Filing,
    FilingKind,
    FilingState,
    Finding,
    MediaAccount,
    Post,
    SourceKind,
    Status,
)
from .rules import VETO, AccountFacts, RuleFinding, evaluate

logger = logging.getLogger(__name__)

# Finding kind → indicator of zwgk.monitoring.scoring (account side of 国办秘函〔2019〕19号).
INDICATORS = {
    "veto_no_update": "account.veto.not_updated",
    "weekly_minimum": "account.update_late",
    "unanswered": "account.reply_late",
    "unfiled_change": "account.not_filed",
}
ALERT_KINDS = ("veto_no_update", "near_veto")
# 整改 deadline: the district's working value (not a statutory period).
RECTIFICATION_WORKDAYS = 5


def unanswered_by_account(today: date) -> tuple[dict[int, int], str]:
    """Messages left before (today − 3 months) still unanswered, per account: from the mailbox
    when it is installed (channel "newmedia.account:<pk>"), else from the adapters' counts."""
    before = months_before(today, UNANSWERED_MONTHS)
    try:
        from zwgk.mailbox.selectors import unanswered_messages_by_channel
    except ImportError:
        unanswered_messages_by_channel = None
    counts: dict[int, int] = {}
    if unanswered_messages_by_channel is not None:
        for channel, n in unanswered_messages_by_channel(before=before).items():
            prefix, _, pk = channel.partition(":")
            if prefix == "newmedia.account" and pk.isdigit():
                counts[int(pk)] = n
        source = "mailbox"
    else:
        source = "adapter"
    cutoff = datetime.combine(before, datetime.min.time(), tzinfo=timezone.get_current_timezone())
    rows = Post.objects.filter(published_at__lt=cutoff, unanswered_comments__gt=0).values_list(
        "account_id", "unanswered_comments"
    )
    for account_id, n in rows:
        counts[account_id] = counts.get(account_id, 0) + n
    return counts, source


def facts_for(account: MediaAccount, *, at: datetime, unanswered: int, source: str) -> AccountFacts:
    since = at - timedelta(days=21)
    posts = [
        timezone.localtime(t)
        for t in account.posts.filter(published_at__gte=since).values_list(
            "published_at", flat=True
        )
    ]
    administrator_left = False
    if account.administrator_id is not None:
        from zwgk.orgs.models import Membership

        administrator_left = (
            not Membership.objects.active()
            .filter(
                user_id=account.administrator_id,
                unit_id__in=[account.host_unit_id, account.operating_unit_id],
            )
            .exists()
        )
    observed = [
        (s.kind, s.observed_name)
        for s in account.sources.all()
        if s.observed_name and s.kind in (SourceKind.FEED, SourceKind.WECHAT_API)
    ]
    change_pending = Filing.objects.filter(
        account=account,
        kind=FilingKind.CHANGE,
        state__in=(FilingState.AWAITING_HEAD, FilingState.AWAITING_REVIEW),
    ).exists()
    opened_at = None
    approval = (
        account.filings.filter(kind=FilingKind.OPEN, state=FilingState.APPROVED)
        .order_by("reviewed_at")
        .values_list("reviewed_at", flat=True)
        .first()
    )
    if approval is not None:
        opened_at = approval
    elif account.opened_on is not None:
        opened_at = datetime.combine(
            account.opened_on, datetime.min.time(), tzinfo=timezone.get_current_timezone()
        )
    return AccountFacts(
        platform=account.platform,
        name=account.name,
        opened_on=account.opened_on,
        post_times=posts,
        last_post_at=account.last_post_at,
        has_administrator=bool(account.administrator_name_masked),
        has_phone=bool(account.administrator_phone_masked or account.contact_phone_masked),
        administrator_left=administrator_left,
        unanswered_old_messages=unanswered,
        unanswered_source=source,
        observed_names=observed,
        change_pending=change_pending,
        monitored_since=opened_at,
    )


def _due(today: date) -> date:
    from zwgk.core.selectors import get_workday_calendar
    from zwgk.core.workdays import CalendarYearMissingError

    try:
        return get_workday_calendar().add_workdays(today, RECTIFICATION_WORKDAYS)
    except CalendarYearMissingError:
        return today + timedelta(days=7)


def _to_monitoring(
    account: MediaAccount, found: list[RuleFinding], at: datetime, today: date
) -> None:
    """Scorecard of the day and 整改 work orders, through zwgk.monitoring's services."""
    from zwgk.monitoring import scoring
    from zwgk.monitoring import services as monitoring
    from zwgk.monitoring.models import Scorecard

    subject = f"newmedia.account:{account.pk}"
    failing = {INDICATORS[f.kind]: f for f in found if f.kind in INDICATORS}
    day_start = datetime.combine(today, datetime.min.time(), tzinfo=timezone.get_current_timezone())
    if not Scorecard.objects.filter(subject=subject, computed_at__gte=day_start).exists():
        monitoring.record_scorecard(
            at=at,
            subject=subject,
            unit=account.host_unit,
            findings={code: [f.evidence] for code, f in failing.items()},
            subject_kind=scoring.ACCOUNT,
        )
    for code, f in failing.items():
        monitoring.open_rectification(
            by=None,
            at=at,
            unit=account.host_unit,
            subject=subject,
            indicator=code,
            title=f.summary[:200],
            evidence={**f.evidence, "source": f.source},
            due=_due(today),
        )
    monitoring.recheck_rectifications(
        at=at, subject=subject, failing=set(failing), checked=set(INDICATORS.values())
    )


def _recipients(account: MediaAccount) -> list[str]:
    from zwgk.orgs.models import Membership, Role

    unit_members = Membership.objects.active().filter(
        unit=account.host_unit, role__in=(Role.CLERK, Role.DEPUTY, Role.HEAD)
    )
    office = Membership.objects.active().filter(
        role=Role.SUPERVISOR,
        unit__is_competent_office=True,
        unit__path__startswith=account.district.path,
    )
    emails = {m.user.email for m in unit_members.select_related("user") if m.user.email}
    emails |= {m.user.email for m in office.select_related("user") if m.user.email}
    return sorted(emails)


def _alert(account: MediaAccount, f: RuleFinding, at: datetime) -> Alert | None:
    episode = account.last_post_at.isoformat() if account.last_post_at else "none"
    key = f"{account.pk}:{f.kind}:{episode}"[:120]
    if Alert.objects.filter(dedupe_key=key).exists():
        return None
    emails = _recipients(account)
    phones = [
        p.reveal() for p in (account.administrator_phone, account.contact_phone) if p and p.reveal()
    ]
    try:
        with transaction.atomic():
            alert = Alert.objects.create(
                account=account,
                kind=f.kind,
                dedupe_key=key,
                message=f.summary[:300],
                sent_at=at,
                emails=len(emails),
                sms=len(phones),
            )
    except IntegrityError:  # another worker was first
        return None
    subject = ("【单项否决】" if f.severity == VETO else "【预警】") + f"政务新媒体 {account.name}"
    body = (
        f"{f.summary}。\n主办单位：{account.host_unit.name}\n依据：{f.source}\n"
        "请登录政务公开平台工作台查看。"
    )

    def send() -> None:
        if emails:
            try:
                send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, emails)
            except Exception:
                logger.exception("new-media alert mail could not be sent")  # never addresses
        if phones:
            # One SMS gateway for the district: zwgk.monitoring's adapter (ZWGK_SMS_SENDER).
            from zwgk.monitoring.alerts import get_sms_sender

            try:
                get_sms_sender().send(phones, f"{subject}：{f.summary}")
            except Exception:
                logger.exception("new-media alert SMS could not be sent")  # never the number

    transaction.on_commit(send)
    return alert


@transaction.atomic
def evaluate_account(
    account: MediaAccount, *, at: datetime, unanswered: int = 0, source: str = "adapter"
) -> list[Finding]:
    today = timezone.localdate(at)
    facts = facts_for(account, at=at, unanswered=unanswered, source=source)
    found = evaluate(facts, at, local_today=today)
    rows = []
    for f in found:
        row, created = Finding.objects.get_or_create(
            account=account,
            kind=f.kind,
            found_on=today,
            defaults={
                "severity": f.severity,
                "summary": f.summary[:300],
                "evidence": f.evidence,
                "source": f.source[:200],
                "found_at": at,
            },
        )
        if not created:
            row.summary, row.evidence, row.found_at = f.summary[:300], f.evidence, at
            row.save(update_fields=["summary", "evidence", "found_at"])
        rows.append(row)
        if f.kind in ALERT_KINDS:
            _alert(account, f, at)
    _to_monitoring(account, found, at, today)
    return rows


def evaluate_all(*, at: datetime) -> int:
    """Periodic job: every live account (open or being changed) is evaluated."""
    counts, source = unanswered_by_account(timezone.localdate(at))
    accounts = (
        MediaAccount.objects.filter(status__in=(Status.OPEN, Status.CHANGING))
        .select_related("host_unit", "district")
        .prefetch_related("sources")
    )
    total = 0
    for account in accounts:
        try:
            rows = evaluate_account(
                account, at=at, unanswered=counts.get(account.pk, 0), source=source
            )
        except Exception:
            # One account's failure (rolled back to its savepoint) must not stop the others.
            logger.exception("new-media account %s could not be evaluated", account.pk)
            continue
        total += len(rows)
    return total
