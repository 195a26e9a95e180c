"""Import of the district's existing list of 政务新媒体 accounts (the 备案表 kept before zwgk) from
CSV or XLSX: `zwgk import accounts FILE --by USERNAME [--dry-run]`.

The file is read by the documents importer's `read_table` with this module's TableSpec. Every
row is validated first (Chinese messages naming the row); one bad row and nothing is imported.
The one-account rules are checked across the file and against the registry before writing, and
the database constraints stand behind that. Each imported account comes in with an approved
opening filing marked as imported (no head agreement is invented) and its own audit event.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import transaction

from zwgk.core import audit
from zwgk.core.errors import DomainError
from zwgk.documents.importer import (
    CatalogueImportError,
    SourceRow,
    TableSpec,
    parse_date,
    read_table,
)
from zwgk.orgs.models import Unit
from zwgk.orgs.permissions import visible_units

from . import services
from .models import (
    ACTIVE_STATUSES,
    Filing,
    FilingKind,
    FilingState,
    MediaAccount,
    Platform,
    Status,
)
from .transitions import STATUS_LABEL

COLUMNS = (
    "主办单位",
    "承办单位",
    "平台类型",
    "平台名称",
    "账号名称",
    "账号ID",
    "认证主体",
    "开设时间",
    "主要功能",
    "访问地址",
    "管理员",
    "管理员电话",
    "联系人",
    "联系电话",
    "状态",
    "备案编号",
)
REQUIRED = ("主办单位", "平台类型", "账号名称")
SPEC = TableSpec(columns=COLUMNS, required=REQUIRED, ignored=("序号",), max_rows=5_000)

PLATFORMS = {
    "微信订阅号": Platform.WECHAT_SUBSCRIPTION,
    "订阅号": Platform.WECHAT_SUBSCRIPTION,
    "微信服务号": Platform.WECHAT_SERVICE,
    "服务号": Platform.WECHAT_SERVICE,
    "微博": Platform.WEIBO,
    "新浪微博": Platform.WEIBO,
    "抖音": Platform.DOUYIN,
    "快手": Platform.KUAISHOU,
    "今日头条": Platform.TOUTIAO,
    "头条号": Platform.TOUTIAO,
    "小程序": Platform.MINI_PROGRAM,
    "移动客户端": Platform.MOBILE_APP,
    "政务移动端": Platform.MOBILE_APP,
    "APP": Platform.MOBILE_APP,
    "其他": Platform.OTHER,
}
# Statuses an existing account may be imported in.
STATUSES = {
    "已开设": Status.OPEN,
    "正常": Status.OPEN,
    "停更公告": Status.SUSPENSION_NOTICE,
    "已关停": Status.CLOSED,
    "已注销": Status.CANCELLED,
}


class AccountImportError(DomainError):
    def __init__(self, message: str, errors: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.errors = list(errors)


Progress = Callable[[Iterable[Any], str, int], Iterable[Any]]


def _no_progress(items: Iterable[Any], _label: str, _total: int) -> Iterable[Any]:
    return items


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("\x00", "").strip()


@dataclass
class ValidRow:
    number: int
    unit: Unit
    data: services.AccountData
    status: str
    filing_number: str


def _find_unit(text: str, units: dict[str, Unit]) -> Unit | None:
    key = re.sub(r"\s+", "", text)
    return units.get(key)


def validate(
    rows: Sequence[SourceRow], *, by: Any, progress: Progress = _no_progress
) -> list[ValidRow]:
    units: dict[str, Unit] = {}
    for u in visible_units(by).active():
        for key in (u.name, u.short_name, u.code):
            units.setdefault(re.sub(r"\s+", "", key), u)
    errors: list[str] = []
    valid: list[ValidRow] = []
    taken: dict[tuple[int, str, str], int] = {}
    app_rows: dict[int, int] = {}
    for row in progress(rows, "检查", len(rows)):
        if row.is_blank():
            continue
        cells = {name: _text(row.cells.get(name)) for name in COLUMNS}
        n = row.number

        def error(message: str, n: int = n) -> None:
            errors.append(f"第 {n} 行：{message}")

        unit = _find_unit(cells["主办单位"], units)
        if unit is None:
            error(f"找不到主办单位“{cells['主办单位'][:50]}”（或您无权为其导入）。")
        platform = PLATFORMS.get(
            cells["平台类型"].upper() if cells["平台类型"].isascii() else cells["平台类型"]
        )
        if platform is None:
            error(
                f"平台类型“{cells['平台类型'][:20]}”无法识别，可用：{'、'.join(list(PLATFORMS)[:12])}。"
            )
        status = STATUSES.get(cells["状态"] or "已开设")
        if status is None:
            error(f"状态“{cells['状态'][:20]}”无法识别，可用：{'、'.join(STATUSES)}。")
        opened_on: date | None = None
        if cells["开设时间"]:
            opened_on = parse_date(row.cells.get("开设时间"))
            if opened_on is None:
                opened_on = parse_date(cells["开设时间"])
            if opened_on is None:
                error("开设时间无效（应为 YYYY-MM-DD）。")
        if len(cells["备案编号"]) > 30:
            error("备案编号不能超过30个字。")
        if unit is None or platform is None or status is None:
            continue
        try:
            data = services.AccountData(
                platform=platform,
                platform_name=cells["平台名称"],
                name=cells["账号名称"],
                account_id=cells["账号ID"],
                verified_entity=cells["认证主体"],
                purpose=cells["主要功能"],
                url=cells["访问地址"],
                operating_unit_name=cells["承办单位"],
                opened_on=opened_on,
                maintainer=services.Maintainer(
                    administrator_name=cells["管理员"],
                    administrator_phone=cells["管理员电话"],
                    contact_name=cells["联系人"],
                    contact_phone=cells["联系电话"],
                ),
            ).cleaned()
        except DomainError as refused:
            error(refused.message)
            continue
        if status in ACTIVE_STATUSES:
            key = (unit.pk, data.platform, data.platform_name)
            if key in taken:
                error(
                    f"与第 {taken[key]} 行是同一单位在同一平台的在用账号"
                    "（一个单位在同一平台只保留一个账号）。"
                )
            elif (
                MediaAccount.objects.active()
                .filter(
                    host_unit=unit,
                    platform=data.platform,
                    platform_name=data.platform_name,
                    exception__isnull=True,
                )
                .exists()
            ):
                error(f"{unit.name}在该平台已有在用账号。")
            taken.setdefault(key, n)
            if data.platform == Platform.MOBILE_APP:
                district = services.district_of(unit)
                if district.pk in app_rows:
                    error(f"与第 {app_rows[district.pk]} 行重复：全区只保留一个政务移动端。")
                elif (
                    MediaAccount.objects.active()
                    .filter(district=district, platform=Platform.MOBILE_APP, exception__isnull=True)
                    .exists()
                ):
                    error("全区已有一个在用的政务移动端。")
                app_rows.setdefault(district.pk, n)
        valid.append(ValidRow(n, unit, data, status, cells["备案编号"]))
    if errors:
        raise AccountImportError(
            f"文件有 {len(errors)} 处错误，未导入任何账号。请修改后重新导入。", errors
        )
    return valid


def import_accounts(
    *,
    data: bytes,
    filename: str,
    by: Any,
    at: datetime,
    dry_run: bool = False,
    progress: Progress = _no_progress,
) -> int:
    """All rows or none; returns how many accounts were (or, dry run, would be) imported."""
    if by is None or not visible_units(by).exists():
        raise AccountImportError("请用 --by 指定执行导入的用户（区政府办或主办单位的工作人员）。")
    try:
        rows = read_table(data, filename, SPEC)
    except CatalogueImportError as error:
        raise AccountImportError(error.message) from None
    valid = validate(rows, by=by, progress=progress)
    if dry_run:
        return len(valid)
    with transaction.atomic():
        for row in progress(valid, "写入", len(valid)):
            account = MediaAccount(
                district=services.district_of(row.unit),
                host_unit=row.unit,
                platform=row.data.platform,
                status=row.status,
                opened_on=row.data.opened_on,
                created_at=at,
                updated_at=at,
                **{name: getattr(row.data, name) for name in services.CHANGEABLE},
            )
            services._apply_maintainer(account, row.data.maintainer)
            services._save_checked(account)
            number = row.filing_number or services._next_number(account.district, at.year)
            Filing.objects.create(
                account=account,
                kind=FilingKind.OPEN,
                state=FilingState.APPROVED,
                number=number,
                reason="导入的既有账号（系统启用前已开设）",
                submitted_by=by,
                submitted_at=at,
                reviewed_by=by,
                reviewed_at=at,
            )
            audit.record(
                action="newmedia.account.imported",
                by=by,
                at=at,
                target=account,
                after={"row": row.number, "status": STATUS_LABEL[row.status], "number": number},
            )
        audit.record(
            action="newmedia.accounts.imported",
            by=by,
            at=at,
            target_type="newmedia.mediaaccount",
            target_label=filename[:100],
            after={"file": filename[:100], "accounts": len(valid)},
        )
    return len(valid)


class _AccountsImporter:
    name = "accounts"
    help = "政务新媒体账号清单（CSV/XLSX）：主办单位、平台类型、账号名称等列，见 docs/newmedia.md"

    def add_arguments(self, parser: Any) -> None:
        return None

    def run(
        self,
        *,
        data: bytes,
        filename: str,
        options: dict[str, Any],
        by: Any,
        at: datetime,
        dry_run: bool,
        progress: Any,
    ) -> list[str]:
        count = import_accounts(
            data=data, filename=filename, by=by, at=at, dry_run=dry_run, progress=progress
        )
        if dry_run:
            return [f"检查通过：{count} 个账号可以导入（未写入）。"]
        return [f"已导入 {count} 个政务新媒体账号。"]


IMPORTERS = [_AccountsImporter()]
