"""Every write to the new-media registry: filing an opening, a change, a closure or a
cancellation, the head's agreement, the district office's review, exceptions to the
one-account rules, the maintainer's details and the import of the existing list.

Each service is one verb: keyword-only, `by=` actor and `at=` time, one transaction with its
audit row; a refused move raises a DomainError with a Chinese message and changes nothing.
The one-account constraints are the database's (models.py); a violation becomes a DomainError.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import IntegrityError, transaction

from zwgk.core import audit
from zwgk.core.errors import DomainError, PermissionDeniedError
from zwgk.core.masking import mask_mobile
from zwgk.orgs.models import Unit

from . import permissions, transitions
from .constants import ONE_APP_SOURCE, ONE_PER_PLATFORM_SOURCE
from .models import (
    ActivitySource,
    DuplicateApproval,
    Filing,
    FilingKind,
    FilingSequence,
    FilingState,
    MediaAccount,
    Platform,
    SourceKind,
    Status,
)


class AccountError(DomainError):
    """A refused registry action."""


MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE_RE = re.compile(r"^(0\d{2,3}-?)?\d{7,8}(-\d{1,6})?$")

# Fields a 变更 filing may change (personal data changes through update_maintainer, audited,
# and is never copied into a filing's JSON).
CHANGEABLE = (
    "name",
    "account_id",
    "verified_entity",
    "purpose",
    "url",
    "operating_unit_name",
    "platform_name",
)
FIELD_LABELS = {
    "name": "账号名称",
    "account_id": "账号ID",
    "verified_entity": "认证主体",
    "purpose": "主要功能",
    "url": "访问地址",
    "operating_unit_name": "承办单位",
    "platform_name": "平台名称",
}
MAX_LENGTHS = {
    "name": 100,
    "account_id": 100,
    "verified_entity": 100,
    "purpose": 300,
    "url": 300,
    "operating_unit_name": 100,
    "platform_name": 40,
}


def _clean(value: Any) -> str:
    # NFC, not NFKC: names keep their full-width brackets (“铜梁发布（演示）”).
    return unicodedata.normalize("NFC", str(value or "")).replace("\x00", "").strip()


def mask_name(value: str) -> str:
    """张** — the family name only."""
    return value[:1] + "*" * max(len(value) - 1, 1) if value else ""


def mask_phone(value: str) -> str:
    return mask_mobile(value) if MOBILE_RE.match(value) else (value[:4] + "****" if value else "")


def normalise_phone(value: str, label: str) -> str:
    phone = re.sub(r"[\s()（）]", "", unicodedata.normalize("NFKC", str(value or "")))
    if phone and not (MOBILE_RE.match(phone) or LANDLINE_RE.match(phone)):
        raise AccountError(f"{label}不正确：应为11位手机号码或固定电话（如 023-45678901）。")
    return phone


@dataclass
class Maintainer:
    administrator_name: str = ""
    administrator_phone: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    administrator: Any = None  # a staff User of the unit, optional

    def cleaned(self) -> Maintainer:
        names = {}
        for attr, label in (("administrator_name", "管理员姓名"), ("contact_name", "联系人姓名")):
            text = _clean(getattr(self, attr))
            if len(text) > 50:
                raise AccountError(f"{label}不能超过50个字。")
            names[attr] = text
        return Maintainer(
            administrator_name=names["administrator_name"],
            administrator_phone=normalise_phone(self.administrator_phone, "管理员电话"),
            contact_name=names["contact_name"],
            contact_phone=normalise_phone(self.contact_phone, "联系人电话"),
            administrator=self.administrator,
        )


@dataclass
class AccountData:
    platform: str
    name: str
    account_id: str = ""
    platform_name: str = ""
    verified_entity: str = ""
    purpose: str = ""
    url: str = ""
    operating_unit_name: str = ""
    opened_on: date | None = None
    maintainer: Maintainer = field(default_factory=Maintainer)

    def cleaned(self) -> AccountData:
        if self.platform not in Platform.values:
            raise AccountError("请选择平台类型。")
        values = {name: _clean(getattr(self, name)) for name in CHANGEABLE}
        _check_values(values)
        if not values["name"]:
            raise AccountError("请填写账号名称。")
        if self.platform == Platform.OTHER and not values["platform_name"]:
            raise AccountError("平台类型为“其他”时，请填写平台名称。")
        if self.platform != Platform.OTHER:
            values["platform_name"] = ""
        return AccountData(
            platform=self.platform,
            opened_on=self.opened_on,
            maintainer=self.maintainer.cleaned(),
            **values,
        )


def _check_values(values: dict[str, str]) -> None:
    for name, text in values.items():
        if len(text) > MAX_LENGTHS[name]:
            raise AccountError(f"{FIELD_LABELS[name]}不能超过{MAX_LENGTHS[name]}个字。")
    url = values.get("url", "")
    if url and not re.match(r"^https?://[^\s]+$", url):
        raise AccountError("访问地址应以 http:// 或 https:// 开头。")


def district_of(unit: Unit) -> Unit:
    root_code = unit.path.strip("/").split("/")[0]
    root = Unit.objects.filter(path=f"/{root_code}/").first()
    return root or unit


def _snapshot(account: MediaAccount) -> dict[str, Any]:
    return {
        "status": account.status,
        "platform": account.platform,
        **{name: getattr(account, name) for name in CHANGEABLE},
        "administrator": account.administrator_name_masked,
        "administrator_phone": account.administrator_phone_masked,
        "contact": account.contact_name_masked,
        "contact_phone": account.contact_phone_masked,
    }


def _apply_maintainer(account: MediaAccount, m: Maintainer) -> None:
    account.administrator = m.administrator
    account.administrator_name = m.administrator_name
    account.administrator_name_masked = mask_name(m.administrator_name)
    account.administrator_phone = m.administrator_phone
    account.administrator_phone_masked = mask_phone(m.administrator_phone)
    account.contact_name = m.contact_name
    account.contact_name_masked = mask_name(m.contact_name)
    account.contact_phone = m.contact_phone
    account.contact_phone_masked = mask_phone(m.contact_phone)


def _save_checked(account: MediaAccount, **kwargs: Any) -> None:
    """Save inside a savepoint; the one-account constraints become a Chinese message."""
    try:
        with transaction.atomic():
            account.save(**kwargs)
    except IntegrityError:
        # Which constraint: asked of the data, since SQLite does not name it in the error.
        others = MediaAccount.objects.active().filter(exception__isnull=True).exclude(pk=account.pk)
        if (
            account.platform == Platform.MOBILE_APP
            and others.filter(district=account.district, platform=Platform.MOBILE_APP).exists()
        ):
            raise AccountError(
                f"全区已有一个在用的政务移动端（{ONE_APP_SOURCE}）。确需再建的，"
                "须先由区政府办记录例外审批。"
            ) from None
        raise AccountError(
            f"{account.host_unit.name}在“{account.platform_label}”平台已有一个在用的政务新媒体"
            f"账号（{ONE_PER_PLATFORM_SOURCE}）。确需再开设的，须先由区政府办记录例外审批。"
        ) from None


def _next_number(district: Unit, year: int) -> str:
    """The system's own filing serial, per district and year (not a statutory format)."""
    FilingSequence.objects.get_or_create(district=district, year=year)
    seq = FilingSequence.objects.select_for_update().get(district=district, year=year)
    seq.last += 1
    seq.save(update_fields=["last"])
    return f"XMT-{year}-{seq.last:04d}"


def _use_exception(exception: DuplicateApproval | None, unit: Unit, platform: str) -> None:
    if exception is None:
        return
    if exception.unit_id != unit.pk or exception.platform != platform:
        raise AccountError("所选例外审批不是针对该单位和该平台的。")
    if MediaAccount.objects.filter(exception=exception).exists():
        raise AccountError("该例外审批已用于另一个账号。")


# --- Opening ----------------------------------------------------------------------------------


@transaction.atomic
def apply_open(
    *,
    by: Any,
    at: datetime,
    unit: Unit,
    data: AccountData,
    reason: str = "",
    exception: DuplicateApproval | None = None,
) -> Filing:
    """A unit applies to open an account (申请中); its head agrees next, then the office."""
    if not permissions.can_file_in(by, unit):
        raise PermissionDeniedError("只有本单位工作人员可以提交开设申请。")
    data = data.cleaned()
    reason = _clean(reason)
    if len(reason) > 2000:
        raise AccountError("开设理由不能超过2000字。")
    _use_exception(exception, unit, data.platform)
    transitions.check_start(FilingKind.OPEN, "")
    account = MediaAccount(
        district=district_of(unit),
        host_unit=unit,
        platform=data.platform,
        status=Status.APPLYING,
        opened_on=data.opened_on,
        exception=exception,
        created_at=at,
        updated_at=at,
        **{name: getattr(data, name) for name in CHANGEABLE},
    )
    _apply_maintainer(account, data.maintainer)
    _save_checked(account)
    filing = Filing.objects.create(
        account=account,
        kind=FilingKind.OPEN,
        from_status="",
        reason=reason,
        submitted_by=by,
        submitted_at=at,
    )
    audit.record(
        action="newmedia.account.applied", by=by, at=at, target=account, after=_snapshot(account)
    )
    return filing


# --- Change, closure, cancellation --------------------------------------------------------------


def _claim_account(by: Any, account: MediaAccount, kind: str) -> MediaAccount:
    locked = MediaAccount.objects.select_for_update().select_related("host_unit").get(pk=account.pk)
    if not permissions.can_file_for(by, locked):
        raise PermissionDeniedError("只有账号主办单位的工作人员可以提交备案。")
    transitions.check_start(kind, locked.status)
    if Filing.objects.filter(
        account=locked, state__in=(FilingState.AWAITING_HEAD, FilingState.AWAITING_REVIEW)
    ).exists():
        raise AccountError("该账号还有一项备案未办结，请等其办结后再提交。")
    return locked


def _start(
    *, by: Any, at: datetime, account: MediaAccount, kind: str, **filing_fields: Any
) -> Filing:
    during = transitions.check_start(kind, account.status)
    before = _snapshot(account)
    filing = Filing.objects.create(
        account=account,
        kind=kind,
        from_status=account.status,
        submitted_by=by,
        submitted_at=at,
        **filing_fields,
    )
    if during is not None:
        account.status = during
        account.updated_at = at
        account.save(update_fields=["status", "updated_at"])
    audit.record(
        action=f"newmedia.filing.{kind}_submitted",
        by=by,
        at=at,
        target=account,
        before=before,
        after={**_snapshot(account), "filing": filing.pk, **filing_fields},
    )
    return filing


@transaction.atomic
def request_change(
    *, by: Any, at: datetime, account: MediaAccount, changes: dict[str, str], reason: str
) -> Filing:
    account = _claim_account(by, account, FilingKind.CHANGE)
    proposed = {}
    for name, value in changes.items():
        if name not in CHANGEABLE:
            raise AccountError("只能变更账号名称、账号ID、认证主体、主要功能、访问地址或承办单位。")
        text = _clean(value)
        if text != getattr(account, name):
            proposed[name] = text
    _check_values(proposed)
    if "name" in proposed and not proposed["name"]:
        raise AccountError("账号名称不能为空。")
    if not proposed:
        raise AccountError("没有需要变更的内容。")
    reason = _clean(reason)
    if not reason:
        raise AccountError("请说明变更理由。")
    return _start(
        by=by, at=at, account=account, kind=FilingKind.CHANGE, proposed=proposed, reason=reason
    )


def _notice(url: str, on: date | None, what: str) -> tuple[str, date]:
    url = _clean(url)
    if not url or not re.match(r"^https?://[^\s]+$", url) or len(url) > 300:
        raise AccountError(f"请填写已发布的{what}的网址（http:// 或 https:// 开头）。")
    if on is None:
        raise AccountError(f"请填写{what}的发布日期。")
    return url, on


@transaction.atomic
def request_closure(
    *,
    by: Any,
    at: datetime,
    account: MediaAccount,
    notice_url: str,
    notice_date: date | None,
    reason: str,
) -> Filing:
    """关停: the 停更公告 is published first (rules.md §5, 金普新区 practice), then filed."""
    account = _claim_account(by, account, FilingKind.CLOSE)
    url, on = _notice(notice_url, notice_date, "停更公告")
    if on > at.date():
        raise AccountError("停更公告须先发布：发布日期不能晚于今天。")
    reason = _clean(reason)
    if not reason:
        raise AccountError("请说明关停理由。")
    return _start(
        by=by,
        at=at,
        account=account,
        kind=FilingKind.CLOSE,
        notice_url=url,
        notice_date=on,
        reason=reason,
    )


@transaction.atomic
def request_cancellation(
    *,
    by: Any,
    at: datetime,
    account: MediaAccount,
    notice_url: str,
    notice_date: date | None,
    reason: str,
) -> Filing:
    """注销 with its public announcement (铜府办发〔2019〕16号 二（一）"并向社会公告")."""
    account = _claim_account(by, account, FilingKind.CANCEL)
    url, on = _notice(notice_url, notice_date, "注销公告")
    if on > at.date():
        raise AccountError("注销公告须先发布：发布日期不能晚于今天。")
    reason = _clean(reason)
    if not reason:
        raise AccountError("请说明注销理由。")
    return _start(
        by=by,
        at=at,
        account=account,
        kind=FilingKind.CANCEL,
        notice_url=url,
        notice_date=on,
        reason=reason,
    )


# --- Agreement and review -----------------------------------------------------------------------


def _claim_filing(filing: Filing, state: str) -> Filing:
    locked = (
        Filing.objects.select_for_update()
        .select_related("account", "account__host_unit")
        .get(pk=filing.pk)
    )
    if locked.state != state:
        raise AccountError("该备案已被他人处理，请刷新页面。")
    return locked


@transaction.atomic
def agree_filing(*, by: Any, at: datetime, filing: Filing) -> Filing:
    """The unit's head (主要负责人) agrees; the filing goes to the district office."""
    filing = _claim_filing(filing, FilingState.AWAITING_HEAD)
    if not permissions.can_agree(by, filing):
        raise PermissionDeniedError("只有本单位主要负责人可以同意备案。")
    filing.state = FilingState.AWAITING_REVIEW
    filing.head_agreed_by = by
    filing.head_agreed_at = at
    filing.save(update_fields=["state", "head_agreed_by", "head_agreed_at"])
    audit.record(
        action="newmedia.filing.head_agreed",
        by=by,
        at=at,
        target=filing.account,
        after={"filing": filing.pk, "kind": filing.kind},
    )
    return filing


@transaction.atomic
def approve_filing(
    *, by: Any, at: datetime, filing: Filing, note: str = "", city_approval: str = ""
) -> Filing:
    """The district office files it: the account moves (transitions.ON_APPROVE); a change is
    applied; a 移动客户端 opening needs the city's approval recorded (铜府办发〔2019〕16号
    二（一）"报市政府办公厅批准")."""
    filing = _claim_filing(filing, FilingState.AWAITING_REVIEW)
    if not permissions.can_review(by, filing):
        raise PermissionDeniedError("只有区政府办可以审核备案。")
    account = MediaAccount.objects.select_for_update().get(pk=filing.account_id)
    before = _snapshot(account)
    city_approval = _clean(city_approval)
    if len(city_approval) > 200:
        raise AccountError("市政府办公厅批准文件不能超过200字。")
    if filing.kind == FilingKind.OPEN and account.platform == Platform.MOBILE_APP:
        if not city_approval and not account.city_approval:
            raise AccountError(
                "建设政务移动端须报市政府办公厅批准：请填写市级批准文件（文号或日期）。"
            )
        if city_approval:
            account.city_approval = city_approval
    if filing.kind == FilingKind.CHANGE:
        for name, value in filing.proposed.items():
            setattr(account, name, value)
    account.status = transitions.ON_APPROVE[filing.kind]
    if filing.kind == FilingKind.OPEN and account.opened_on is None:
        account.opened_on = at.date()
    account.updated_at = at
    _save_checked(account)
    filing.state = FilingState.APPROVED
    filing.reviewed_by = by
    filing.reviewed_at = at
    filing.review_note = _clean(note)[:2000]
    filing.number = _next_number(account.district, at.year)
    filing.save(update_fields=["state", "reviewed_by", "reviewed_at", "review_note", "number"])
    audit.record(
        action="newmedia.filing.approved",
        by=by,
        at=at,
        target=account,
        before=before,
        after={**_snapshot(account), "filing": filing.pk, "number": filing.number},
    )
    return filing


@transaction.atomic
def return_filing(*, by: Any, at: datetime, filing: Filing, note: str) -> Filing:
    """The head or the district office returns a filing; the account goes back."""
    locked = (
        Filing.objects.select_for_update()
        .select_related("account", "account__host_unit")
        .get(pk=filing.pk)
    )
    if not (permissions.can_agree(by, locked) or permissions.can_review(by, locked)):
        if not locked.is_pending:
            raise AccountError("该备案已被他人处理，请刷新页面。")
        raise PermissionDeniedError("您不能退回这项备案。")
    note = _clean(note)
    if not note:
        raise AccountError("请写明退回理由。")
    account = MediaAccount.objects.select_for_update().get(pk=locked.account_id)
    before = _snapshot(account)
    account.status = transitions.status_on_return(locked.kind, locked.from_status)
    account.updated_at = at
    _save_checked(account)
    locked.state = FilingState.REJECTED
    locked.reviewed_by = by
    locked.reviewed_at = at
    locked.review_note = note[:2000]
    locked.save(update_fields=["state", "reviewed_by", "reviewed_at", "review_note"])
    audit.record(
        action="newmedia.filing.returned",
        by=by,
        at=at,
        target=account,
        before=before,
        after={**_snapshot(account), "filing": locked.pk, "note": note[:200]},
    )
    return locked


# --- Exceptions and maintainers -----------------------------------------------------------------


@transaction.atomic
def approve_exception(
    *, by: Any, at: datetime, unit: Unit, platform: str, reason: str, reference: str = ""
) -> DuplicateApproval:
    """The district office records its approval of one more account for a unit and platform
    (or a second 移动客户端); the account that uses it is outside the one-account constraints."""
    if not permissions.can_approve_exception(by, unit):
        raise PermissionDeniedError("只有区政府办可以批准例外。")
    if platform not in Platform.values:
        raise AccountError("请选择平台类型。")
    reason = _clean(reason)
    if not reason:
        raise AccountError("请写明批准例外的理由。")
    if len(reason) > 2000 or len(_clean(reference)) > 200:
        raise AccountError("理由不能超过2000字，批准文件不能超过200字。")
    approval = DuplicateApproval.objects.create(
        unit=unit,
        platform=platform,
        reason=reason,
        reference=_clean(reference),
        approved_by=by,
        approved_at=at,
    )
    audit.record(
        action="newmedia.exception.approved",
        by=by,
        at=at,
        target=approval,
        target_label=f"{unit.name} · {Platform(platform).label}",
        after={"unit": unit.pk, "platform": platform, "reason": reason[:200]},
    )
    return approval


@transaction.atomic
def update_maintainer(
    *, by: Any, at: datetime, account: MediaAccount, maintainer: Maintainer
) -> MediaAccount:
    account = (
        MediaAccount.objects.select_for_update().select_related("host_unit").get(pk=account.pk)
    )
    if not permissions.can_file_for(by, account):
        raise PermissionDeniedError("只有账号主办单位的工作人员可以修改管理员和联系人。")
    if account.status in (Status.CANCELLED, Status.REJECTED):
        raise AccountError("账号已注销或未获批准，不能修改。")
    cleaned = maintainer.cleaned()
    if cleaned.administrator is not None:
        from zwgk.orgs.models import Membership

        units = [account.host_unit_id, account.operating_unit_id]
        if (
            not Membership.objects.active()
            .filter(user=cleaned.administrator, unit_id__in=units)
            .exists()
        ):
            raise AccountError("所选管理员不是主办单位或承办单位的工作人员。")
    before = _snapshot(account)
    _apply_maintainer(account, cleaned)
    account.updated_at = at
    account.save()
    audit.record(
        action="newmedia.account.maintainer_changed",
        by=by,
        at=at,
        target=account,
        before=before,
        after=_snapshot(account),
    )
    return account


# --- Activity sources and exports ---------------------------------------------------------------


@transaction.atomic
def save_source(
    *,
    by: Any,
    at: datetime,
    account: MediaAccount,
    kind: str,
    url: str = "",
    item_selector: str = "",
    title_selector: str = "",
    link_selector: str = "",
    date_selector: str = "",
    app_id: str = "",
    app_secret: str = "",
) -> ActivitySource:
    """Add an activity source to an account (WeChat: AppID and the encrypted AppSecret)."""
    if not permissions.can_edit_sources(by, account):
        raise PermissionDeniedError("只有账号主办单位或区政府办可以设置数据来源。")
    if kind not in SourceKind.values:
        raise AccountError("请选择数据来源类型。")
    url = _clean(url)
    if url and not re.match(r"^https?://[^\s]+$", url):
        raise AccountError("地址应以 http:// 或 https:// 开头。")
    host = re.sub(r"^https?://([^/:]+).*$", r"\1", url).lower()
    if kind in (SourceKind.FEED, SourceKind.WEBPAGE):
        if not url:
            raise AccountError("请填写订阅源或网页的地址。")
        if host == "weixin.qq.com" or host.endswith(".weixin.qq.com"):
            raise AccountError("不抓取微信页面：微信公众号请使用官方接口（AppID/AppSecret）。")
    if kind == SourceKind.WEBPAGE and not _clean(item_selector):
        raise AccountError("请填写条目的 CSS 选择器。")
    if kind == SourceKind.WECHAT_API:
        if account.platform not in (Platform.WECHAT_SUBSCRIPTION, Platform.WECHAT_SERVICE):
            raise AccountError("微信公众号接口只适用于微信订阅号和服务号。")
        if not re.match(r"^[A-Za-z0-9_-]{4,64}$", _clean(app_id)):
            raise AccountError("请填写公众号的 AppID。")
        if not _clean(app_secret):
            raise AccountError("请填写公众号的 AppSecret。")
    source = ActivitySource.objects.create(
        account=account,
        kind=kind,
        url=url,
        item_selector=_clean(item_selector),
        title_selector=_clean(title_selector),
        link_selector=_clean(link_selector),
        date_selector=_clean(date_selector),
        app_id=_clean(app_id),
        app_secret=_clean(app_secret),
    )
    audit.record(
        action="newmedia.source.saved",
        by=by,
        at=at,
        target=account,
        after={"source": source.pk, "kind": kind, "url": url[:200], "app_id": source.app_id},
    )
    return source


def record_export(*, by: Any, at: datetime, count: int, fmt: str) -> None:
    """The 备案表 carries personal data: each export is an audit event."""
    with transaction.atomic():
        audit.record(
            action="newmedia.filing_form.exported",
            by=by,
            at=at,
            target_type="newmedia.mediaaccount",
            target_label="政务新媒体备案表",
            after={"accounts": count, "format": fmt},
        )
