"""Bulk import of the existing account list: CSV and XLSX, Chinese row errors, all or nothing,
the one-account rules across the file, the `zwgk import accounts` command and its progress."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from zwgk.core.models import AuditEvent
from zwgk.newmedia.importer import AccountImportError, import_accounts
from zwgk.newmedia.models import Filing, FilingState, MediaAccount, Status

from .helpers import AT

pytestmark = pytest.mark.django_db

HEADER = "序号,主办单位,平台类型,账号名称,账号ID,开设时间,管理员,管理员电话,状态,备案编号\n"
GOOD = HEADER + (
    "1,区教委,微信订阅号,铜梁教育,tljy,2019-07-01,张敏,13812345678,已开设,铜新备2019001\n"
    "2,重庆市铜梁区教育委员会,微博,铜梁教育微博,,2020/3/5,,,已关停,\n"
    "3,tlq-mzj,抖音,铜梁民政,,,陈静,023-45671234,,\n"
)


def test_csv_import_with_progress(district, supervisor):
    seen = []

    def progress(items, label, total):
        seen.append((label, total))
        return items

    count = import_accounts(
        data=GOOD.encode(), filename="清单.csv", by=supervisor, at=AT, progress=progress
    )
    assert count == 3 and seen == [("检查", 3), ("写入", 3)]
    edu = MediaAccount.objects.get(name="铜梁教育")
    assert (edu.host_unit, edu.status, str(edu.opened_on)) == (
        district.unit_a,
        Status.OPEN,
        "2019-07-01",
    )
    assert edu.administrator_phone_masked == "138****5678"
    filing = Filing.objects.get(account=edu)
    assert (filing.state, filing.number) == (FilingState.APPROVED, "铜新备2019001")
    assert filing.head_agreed_by is None  # not invented
    assert MediaAccount.objects.get(name="铜梁教育微博").status == Status.CLOSED
    # Rows without a number get the system's serial, in file order.
    assert Filing.objects.get(account__name="铜梁教育微博").number == "XMT-2026-0001"
    assert Filing.objects.get(account__name="铜梁民政").number == "XMT-2026-0002"
    assert AuditEvent.objects.filter(action="newmedia.account.imported").count() == 3
    assert AuditEvent.objects.filter(action="newmedia.accounts.imported").count() == 1


def test_errors_name_the_rows_and_nothing_is_imported(district, supervisor):
    bad = HEADER + (
        "1,区教委,微信订阅号,铜梁教育,,,,,,\n"
        "2,区教委,订阅号,铜梁教育二号,,,,,,\n"  # same unit, same platform
        "3,不存在的单位,微博,某账号,,,,,,\n"
        "4,区民政局,脸书,某账号,,,,,,\n"
        "5,区民政局,微博,民政微博,,2026-13-01,,123,,\n"
        "6,区民政局,快手,民政快手,,,,,已撤销,\n"
    )
    with pytest.raises(AccountImportError) as error:
        import_accounts(data=bad.encode(), filename="清单.csv", by=supervisor, at=AT)
    assert error.value.message == "文件有 6 处错误，未导入任何账号。请修改后重新导入。"
    assert error.value.errors == [
        "第 3 行：与第 2 行是同一单位在同一平台的在用账号（一个单位在同一平台只保留一个账号）。",
        "第 4 行：找不到主办单位“不存在的单位”（或您无权为其导入）。",
        "第 5 行：平台类型“脸书”无法识别，可用：微信订阅号、订阅号、微信服务号、服务号、微博、"
        "新浪微博、抖音、快手、今日头条、头条号、小程序、移动客户端。",
        "第 6 行：开设时间无效（应为 YYYY-MM-DD）。",
        "第 6 行：管理员电话不正确：应为11位手机号码或固定电话（如 023-45678901）。",
        "第 7 行：状态“已撤销”无法识别，可用：已开设、正常、停更公告、已关停、已注销。",
    ]
    assert not MediaAccount.objects.exists()


def test_units_outside_the_importer_s_reach(district, officer_a):
    with pytest.raises(AccountImportError) as error:
        import_accounts(data=GOOD.encode(), filename="清单.csv", by=officer_a, at=AT)
    assert error.value.errors == ["第 4 行：找不到主办单位“tlq-mzj”（或您无权为其导入）。"]
    with pytest.raises(AccountImportError, match="--by"):
        import_accounts(data=GOOD.encode(), filename="清单.csv", by=None, at=AT)


def test_xlsx_and_existing_accounts(district, supervisor):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["主办单位", "平台类型", "账号名称", "开设时间"])
    sheet.append(["区教委", "移动客户端", "铜梁通", AT.date()])
    buffer = io.BytesIO()
    book.save(buffer)
    assert import_accounts(data=buffer.getvalue(), filename="a.xlsx", by=supervisor, at=AT) == 1
    assert str(MediaAccount.objects.get().opened_on) == "2026-11-02"
    # A second app for the district, and the same file again, are refused.
    again = "主办单位,平台类型,账号名称\n区民政局,APP,民政通\n"
    with pytest.raises(AccountImportError) as error:
        import_accounts(data=again.encode(), filename="b.csv", by=supervisor, at=AT)
    assert error.value.errors == ["第 2 行：全区已有一个在用的政务移动端。"]
    with pytest.raises(AccountImportError, match="XLSX 或 CSV"):
        import_accounts(data=b"x", filename="a.txt", by=supervisor, at=AT)


def test_command(district, supervisor, tmp_path, capsys):
    path = tmp_path / "清单.csv"
    path.write_text(GOOD, encoding="utf-8")
    call_command("import", "accounts", str(path), "--by", "supervisor", "--dry-run")
    assert "检查通过：3 个账号可以导入" in capsys.readouterr().out
    assert not MediaAccount.objects.exists()
    call_command("import", "accounts", str(path), "--by", "supervisor")
    assert "已导入 3 个政务新媒体账号" in capsys.readouterr().out
    with pytest.raises(CommandError, match="第 2 行"):
        call_command("import", "accounts", str(path), "--by", "supervisor")


def test_demo_content_is_idempotent(district, supervisor):
    from django.utils import timezone

    from zwgk.newmedia.demo import seed_demo_content
    from zwgk.newmedia.models import Finding

    at = timezone.now()
    summary = seed_demo_content(at=at, district_code="tlq")
    # Only the persona units exist here: 区政府办, 区教委 (two accounts) and 区民政局.
    assert summary.startswith("添加 5 个演示账号"), summary
    kinds = set(Finding.objects.values_list("account__name", "kind"))
    assert ("铜梁教育微博（演示）", "near_veto") in kinds
    assert ("铜梁发布（演示）", "veto_no_update") not in kinds
    assert not any(kind == "weekly_minimum" for _name, kind in kinds)  # daily posts suffice
    assert seed_demo_content(at=at, district_code="tlq") == "已有政务新媒体账号，未重复添加。"
