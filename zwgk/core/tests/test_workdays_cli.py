"""`zwgk workdays …` through call_command: output, exit status, Chinese errors."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from zwgk.core import selectors
from zwgk.core.models import AuditEvent, HolidayYear

pytestmark = pytest.mark.django_db


def run(*args: str) -> list[str]:
    out = StringIO()
    call_command("workdays", *args, stdout=out)
    return out.getvalue().splitlines()


@pytest.mark.parametrize(
    ("start", "n", "due"),
    [
        ("2025-09-26", "20", "2025-10-30"),
        ("2025-09-26", "7", "2025-10-13"),
        ("2025-12-31", "40", "2026-03-04"),
        ("2026-02-10", "20", "2026-03-16"),
        ("2025-09-26", "0", "2025-09-26"),
    ],
)
def test_add_prints_the_due_date_last(start, n, due):
    assert run("add", start, n)[-1] == due


def test_add_verbose_lists_skipped_days():
    lines = run("-v", "2", "add", "2025-09-26", "20")
    assert lines[0].startswith("起算日 2025-09-26（星期五，当日不计入）")
    assert "2025-10-08" in lines[1] and "2025-09-28" not in lines[1]
    assert run("-v", "0", "add", "2025-09-26", "20") == ["2025-10-30"]


@pytest.mark.parametrize(
    ("a", "b", "count"),
    [
        ("2025-09-26", "2025-10-30", "20"),
        ("2025-12-31", "2026-12-31", "248"),
        ("2025-10-30", "2025-09-26", "-20"),
    ],
)
def test_between_prints_the_count(a, b, count):
    assert run("between", a, b) == [count]


def test_period_moves_past_a_rest_day():
    lines = run("period", "2025-09-01", "30")
    assert lines[-1] == "2025-10-09"
    assert "民法典" in lines[0]
    assert run("period", "2025-03-01", "30") == ["2025-03-31"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("add", "2026-12-20", "20"), "工作日历中没有 2027 年的放假调休安排"),
        (("between", "2026-12-01", "2027-01-10"), "工作日历中没有 2027 年的放假调休安排"),
        (("add", "2003-12-20", "5"), "工作日历中没有 2003 年的放假调休安排"),
        (("add", "2025-02-30", "20"), "日期“2025-02-30”无法识别"),
        (("add", "yesterday", "20"), "日期“yesterday”无法识别"),
        (("add", "2025-09-26", "twenty"), "工作日数“twenty”不是整数"),
        (("add", "2025-09-26", "-3"), "工作日数应在 0 到 3660 之间"),
        (("period", "2025-09-26", "0"), "天数至少为 1"),
        (("export", "2031"), "工作日历中没有 2031 年的放假安排"),
        (("export", "MMXXV"), "年份“MMXXV”不是整数"),
        (("import", "/nonexistent/2027.csv", "--year", "2027"), "无法读取文件"),
        (("import", "/dev/null", "--year", "1800"), "年份 1800 不在 1990–2200 之间"),
    ],
)
def test_bad_input_or_missing_year_fails_in_chinese(args, message):
    with pytest.raises(CommandError) as raised:
        run(*args)
    assert message in str(raised.value)


def test_missing_year_exits_non_zero_with_message_on_stderr(capsys):
    # As from the shell: CommandError becomes stderr + exit status 1.
    from django.core.management import ManagementUtility

    with pytest.raises(SystemExit) as exited:
        ManagementUtility(
            ["zwgk", "workdays", "--skip-checks", "add", "2026-12-20", "20"]
        ).execute()
    assert exited.value.code == 1
    captured = capsys.readouterr()
    assert "工作日历中没有 2027 年的放假调休安排" in captured.err
    assert captured.out == ""


def test_years_table():
    lines = run("years")
    assert lines[0].split() == ["年度", "放假", "调休上班", "工作日", "更新时间", "来源"]
    row_2025 = next(line for line in lines if line.startswith("2025 "))
    assert row_2025.split()[:4] == ["2025", "28", "5", "248"]
    assert row_2025.endswith("国办发明电〔2024〕12号")
    assert len(lines) == 1 + 23


def test_export_and_import_round_trip(tmp_path, supervisor):
    exported = "\n".join(run("export", "2026")) + "\n"
    assert exported.startswith("日期,类型,名称\n2026-01-01,放假,元旦\n2026-01-02,放假,元旦\n")
    assert "2026-02-14,上班,春节" in exported
    path = tmp_path / "2027.csv"
    path.write_text(exported.replace("2026-", "2027-"), encoding="gbk")
    with pytest.raises(CommandError) as raised:  # 2027-01-03 is a Sunday, 2027-02-14 too …
        run("import", str(path), "--year", "2027")
    assert "调休上班日只能是星期六或星期日" in str(raised.value)
    assert "第 " in str(raised.value) and not HolidayYear.objects.filter(year=2027).exists()
    good = "日期,类型,名称\n2027-01-01,放假,元旦\n2027-02-06,上班,春节\n"
    path.write_text(good, encoding="gbk")
    lines = run("import", str(path), "--year", "2027", "--source", "试验", "--by", "supervisor")
    assert lines == [
        "已新增 2027 年的放假安排：放假 1 天，调休上班 1 天，全年工作日 261 天；重新计算期限 0 项。"
    ]
    assert HolidayYear.objects.get(year=2027).source == "试验"
    assert selectors.get_workday_calendar().is_workday(selectors_date("2027-02-06"))
    event = AuditEvent.objects.get(action="core.holiday_year.imported")
    assert event.actor_label == "刘芳"


def test_import_unknown_user_refused(tmp_path):
    path = tmp_path / "2027.csv"
    path.write_text("日期,类型\n2027-01-01,放假\n", encoding="utf-8")
    with pytest.raises(CommandError, match="没有用户名为“nobody”的用户"):
        run("import", str(path), "--year", "2027", "--by", "nobody")
    lines = run("import", str(path), "--year", "2027")
    assert lines[0].startswith("已新增 2027 年")
    assert HolidayYear.objects.get(year=2027).source == "导入文件 2027.csv"
    assert AuditEvent.objects.get(action="core.holiday_year.imported").actor_label == "系统"


def selectors_date(text):
    from datetime import date

    return date.fromisoformat(text)
