"""`zwgk import policies FILE --unit CODE`: every row checked first, one bad row and nothing is
imported; imported policies are drafts; a progress bar on the command line."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from zwgk.core.models import AuditEvent
from zwgk.policies.importer import COLUMNS, PolicyImportError, import_policies
from zwgk.policies.models import Policy, Status

pytestmark = pytest.mark.django_db

HEADER = (
    "标题,层级,发布机关,原文链接,发布日期,行业门类,政策类别,政策对象,内容摘要,申请对象,有效期止\n"
)
GOOD = (
    "关于进一步做好稳就业工作的通知,国家级,国务院办公厅,https://www.gov.cn/zhengce/1.htm,"
    "2026-01-15,全部,就业、稳岗,企业；个体工商户,稳定和扩大就业。,各类企业,2027-12-31\n"
    "重庆市中小微企业贷款贴息办法,市级,重庆市财政局,https://czj.cq.gov.cn/2.html,2026/2/1,"
    "C、F,金融,企业,对中小微企业贷款给予贴息。,,\n"
)


def test_import_csv(district, tmp_path, capsys):
    path = tmp_path / "policies.csv"
    path.write_text(HEADER + GOOD, encoding="utf-8")
    call_command("import", "policies", str(path), "--unit", "tlq-jw")
    out = capsys.readouterr().out
    assert "已导入 2 项政策" in out
    national = Policy.objects.get(title="关于进一步做好稳就业工作的通知")
    assert national.status == Status.DRAFT and national.level == "national"
    assert national.industries.count() == 20
    assert sorted(national.categories.values_list("name", flat=True)) == ["就业", "稳岗"]
    assert national.target_groups.count() == 2 and str(national.valid_until) == "2027-12-31"
    city = Policy.objects.get(level="city")
    assert sorted(city.industries.values_list("code", flat=True)) == ["C", "F"]
    assert str(city.issued_date) == "2026-02-01" and city.unit == district.unit_a
    assert AuditEvent.objects.filter(action="policies.policy.imported").count() == 1


def test_one_bad_row_imports_nothing(district, tmp_path):
    bad = (
        "缺链接的政策,区级,区人力社保局,,2026-01-01,Z,魔法,外星人,摘要,,\n"
        ",省级,x,ftp://x,昨天,C,稳岗,企业,,,\n"
    )
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + GOOD + bad, encoding="gbk")
    with pytest.raises(CommandError) as error:
        call_command("import", "policies", str(path), "--unit", "tlq-jw")
    message = str(error.value)
    for expected in [
        "第 4 行",
        "原文链接",
        "“Z”",
        "魔法",
        "外星人",
        "第 5 行",
        "标题",
        "层级",
        "发布日期",
    ]:
        assert expected in message
    assert not Policy.objects.exists()


def test_import_xlsx_dry_run(district):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(COLUMNS))
    row = dict.fromkeys(COLUMNS, "")
    row |= {
        "标题": "铜梁区稳岗返还",
        "层级": "区级",
        "发布机关": "区人力社保局",
        "原文链接": "https://www.cqstl.gov.cn/1.html",
        "发布日期": "2026-03-01",
        "责任部门": "tlq-mzj",
        "行业门类": "制造业",
        "内容摘要": "返还失业保险费。",
    }
    sheet.append([row[name] for name in COLUMNS])
    data = io.BytesIO()
    workbook.save(data)
    count = import_policies(
        by=None,
        at=__import__("django.utils.timezone").utils.timezone.now(),
        unit=district.unit_a,
        data=data.getvalue(),
        filename="p.xlsx",
        dry_run=True,
    )
    assert count == 1 and not Policy.objects.exists()
    import_policies(
        by=None,
        at=__import__("django.utils.timezone").utils.timezone.now(),
        unit=district.unit_a,
        data=data.getvalue(),
        filename="p.xlsx",
    )
    policy = Policy.objects.get()
    assert policy.unit == district.unit_b
    assert list(policy.industries.values_list("code", flat=True)) == ["C"]


def test_unknown_column_and_empty_file(district):
    with pytest.raises(PolicyImportError):
        import_policies(
            by=None, at=None, unit=district.unit_a, data=HEADER.encode(), filename="x.csv"
        )
    with pytest.raises(Exception, match="无法识别的列"):
        import_policies(
            by=None, at=None, unit=district.unit_a, data="标题,颜色\n".encode(), filename="x.csv"
        )


def test_progress_is_reported(district):
    """The command passes a tqdm bar (zwgk import's `progress`); both phases use it."""
    from django.utils import timezone

    seen = []

    def progress(items, label, total):
        seen.append((label, total))
        return items

    count = import_policies(
        by=None,
        at=timezone.now(),
        unit=district.unit_a,
        data=(HEADER + GOOD).encode(),
        filename="p.csv",
        progress=progress,
    )
    assert count == 2 and seen == [("检查", 2), ("导入", 2)]
