"""Replacing a year's arrangement: CSV reading, row validation, audit, cache invalidation."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction

from zwgk.core import calendar_csv, calendar_services, selectors
from zwgk.core.calendar_services import HolidayImportError
from zwgk.core.models import AuditEvent, HolidayYear, SpecialDay
from zwgk.core.workdays import CalendarYearMissingError

pytestmark = pytest.mark.django_db

AT = datetime(2026, 11, 20, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
D = date.fromisoformat

# A made-up arrangement for 2027 (the real notice is not out yet): 元旦 and a 国庆 break with
# two make-up Saturdays/Sundays.
CSV_2027 = """日期,类型,名称
2027-01-01,放假,元旦
2027-10-01,放假,国庆节
2027-10-04,放假,国庆节
2027-10-05,放假,国庆节
2027-10-06,放假,国庆节
2027-10-07,放假,国庆节
2027-09-26,上班,国庆节
2027-10-09,上班,国庆节
"""


def rows(text: str) -> list[dict[str, str]]:
    return calendar_csv.parse(text)


def test_new_year_becomes_known(supervisor):
    with pytest.raises(CalendarYearMissingError):
        selectors.get_workday_calendar().add_workdays(D("2027-09-24"), 5)
    result = calendar_services.import_holiday_year(
        year=2027, rows=rows(CSV_2027), source="测试用安排", by=supervisor, at=AT
    )
    assert (result.rest_days, result.work_days, result.replaced) == (6, 2, False)
    # 2027: 261 weekdays - 6 rest weekdays + 2 make-up weekend days.
    assert result.workdays == 261 - 6 + 2
    calendar = selectors.get_workday_calendar()
    # From Friday 09-24: 09-26 (Sun) works, 09-27..09-30, then the break, 10-08 (Fri).
    assert calendar.add_workdays(D("2027-09-24"), 5) == D("2027-09-30")
    assert calendar.add_workdays(D("2027-09-24"), 6) == D("2027-10-08")
    event = AuditEvent.objects.get(action="core.holiday_year.imported")
    assert event.before is None
    assert event.after["work_weekends"] == ["2027-09-26", "2027-10-09"]
    assert event.after["workdays"] == 257
    assert event.actor_label == "刘芳"
    assert event.target_label == "2027年放假调休安排"


def test_replacing_a_year_changes_deadlines_and_audits_before_and_after(supervisor):
    calendar = selectors.get_workday_calendar()
    assert calendar.add_workdays(D("2025-09-26"), 20) == D("2025-10-30")
    old_revision = HolidayYear.objects.get(year=2025).revision
    # Suppose the office had to correct 2025: 10-08 becomes an ordinary working day.
    days = [r for r in selectors.year_days(2025) if r[0] != D("2025-10-08")]
    result = calendar_services.import_holiday_year(
        year=2025, rows=calendar_csv.rows_for(days), source="更正", by=supervisor, at=AT
    )
    assert result.replaced and result.workdays == 249
    holiday_year = HolidayYear.objects.get(year=2025)
    assert holiday_year.revision != old_revision
    assert holiday_year.source == "更正" and holiday_year.updated_at == AT
    assert selectors.get_workday_calendar().add_workdays(D("2025-09-26"), 20) == D("2025-10-29")
    event = AuditEvent.objects.get(action="core.holiday_year.imported")
    assert event.before["workdays"] == 248
    assert "2025-10-08" in event.before["rest_weekdays"]
    assert event.before["source"] == "chinese-calendar 1.11.0；国办发明电〔2024〕12号"
    assert event.after["workdays"] == 249
    assert "2025-10-08" not in event.after["rest_weekdays"]
    recomputed = AuditEvent.objects.get(action="core.deadlines.recomputed")
    assert recomputed.after["years"] == [2025]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("2025-13-01,放假,", "第 3 行：日期“2025-13-01”无法识别"),
        ("2026-01-01,放假,元旦", "第 3 行：日期 2026-01-01 不在 2025 年"),
        ("2025-10-09,休息,", "第 3 行：类型“休息”无效，只能是“放假”或“上班”"),
        (",放假,", "第 3 行：缺少日期"),
        ("2025-10-10,,", "第 3 行：缺少类型（放假或上班）"),
        (
            "2025-10-09,上班,",
            "第 3 行：2025-10-09 是星期四，本来就是工作日；调休上班日只能是星期六或星期日",
        ),
        ("2025-10-01,放假,国庆节", "第 3 行：日期 2025-10-01 与第 2 行重复"),
        ("2025-10-02,放假," + "长" * 51, "第 3 行：名称超过 50 个字"),
    ],
)
def test_bad_row_is_reported_and_nothing_changes(supervisor, line, expected):
    before = list(SpecialDay.objects.filter(year__year=2025).values_list("date", "kind"))
    revision = HolidayYear.objects.get(year=2025).revision
    text = f"日期,类型,名称\n2025-10-01,放假,国庆节\n{line}\n"
    with pytest.raises(HolidayImportError) as raised:
        calendar_services.import_holiday_year(
            year=2025, rows=rows(text), source="x", by=supervisor, at=AT
        )
    assert [e for e in raised.value.errors if e.startswith(expected)], raised.value.errors
    assert "未作任何更改" in raised.value.message
    assert list(SpecialDay.objects.filter(year__year=2025).values_list("date", "kind")) == before
    assert HolidayYear.objects.get(year=2025).revision == revision
    assert not AuditEvent.objects.filter(action__startswith="core.").exists()


def test_every_bad_row_is_listed(supervisor):
    text = "日期,类型\n2027-01-01,放假\n2027-02-30,放假\n\n2027-03-01,上班\n2027-01-01,放假\n"
    with pytest.raises(HolidayImportError) as raised:
        calendar_services.import_holiday_year(
            year=2027, rows=rows(text), source="x", by=supervisor, at=AT
        )
    assert raised.value.errors == [
        "第 3 行：日期“2027-02-30”无法识别，请写成 YYYY-MM-DD（如 2027-10-01）。",
        "第 5 行：2027-03-01 是星期一，本来就是工作日；调休上班日只能是星期六或星期日。",
        "第 6 行：日期 2027-01-01 与第 2 行重复。",
    ]
    assert raised.value.message == "发现 3 处错误，未作任何更改。"
    assert not HolidayYear.objects.filter(year=2027).exists()


@pytest.mark.parametrize(
    ("year", "text", "source", "expected"),
    [
        (2027, "日期,类型\n", "x", "没有任何“放假”日期"),
        (2027, "日期,类型\n2027-10-09,上班\n", "x", "没有任何“放假”日期"),
        (1989, "日期,类型\n1989-10-02,放假\n", "x", "年份 1989 不在 1990–2200 之间"),
        (2027, CSV_2027, "  ", "请填写来源"),
        (2027, CSV_2027, "长" * 201, "来源超过 200 个字"),
    ],
)
def test_whole_import_refused(supervisor, year, text, source, expected):
    with pytest.raises(HolidayImportError) as raised:
        calendar_services.import_holiday_year(
            year=year, rows=rows(text), source=source, by=supervisor, at=AT
        )
    assert expected in raised.value.message
    assert not HolidayYear.objects.filter(year=year).exists()


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: text.encode("utf-8"),
        lambda text: text.encode("utf-8-sig"),
        lambda text: text.replace("\n", "\r\n").encode("gbk"),
    ],
    ids=["utf-8", "utf-8-bom", "gbk-excel"],
)
def test_file_encodings(supervisor, encode):
    result = calendar_services.import_holiday_file(
        year=2027, data=encode(CSV_2027), source="国办发明电〔2026〕X号", by=supervisor, at=AT
    )
    assert result.rest_days == 6
    assert SpecialDay.objects.get(date=D("2027-01-01")).name == "元旦"


def test_excel_dates_and_column_order(supervisor):
    text = "名称,类型,日期\n元旦,放假,2027/1/1\n国庆节,上班,2027/9/26\n"
    calendar_services.import_holiday_year(
        year=2027, rows=rows(text), source="x", by=supervisor, at=AT
    )
    assert set(SpecialDay.objects.filter(year__year=2027).values_list("date", "kind")) == {
        (D("2027-01-01"), "rest"),
        (D("2027-09-26"), "work"),
    }


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "文件是空的"),
        ("日期,名称\n2027-01-01,元旦\n".encode(), "表头缺少“类型”列"),
        (b"date,type\n2027-01-01,rest\n", "表头缺少“日期”“类型”列"),
        ("日期,类型,备注\n".encode(), "表头有无法识别的列：备注"),
        (b"\xff\xfe\x00\x00" * 10, "无法识别文件编码"),
        (b"x" * (300 * 1024), "文件太大"),
    ],
)
def test_unreadable_files(supervisor, data, expected):
    with pytest.raises(calendar_csv.HolidayFileError) as raised:
        calendar_services.import_holiday_file(
            year=2027, data=data, source="x", by=supervisor, at=AT
        )
    assert expected in raised.value.message


def test_export_round_trips_through_import(supervisor):
    exported = calendar_csv.write(calendar_csv.rows_for(selectors.year_days(2026)), bom=True)
    assert exported.startswith("\ufeff日期,类型,名称\r\n2026-01-01,放假,元旦\r\n")
    before = selectors.get_workday_calendar().year_summary(2026)
    calendar_services.import_holiday_file(
        year=2026, data=exported.encode("utf-8"), source="导出再导入", by=supervisor, at=AT
    )
    assert selectors.get_workday_calendar().year_summary(2026) == before


def test_every_shipped_year_passes_the_import_rules(supervisor):
    # The shipped data must satisfy the rules the office's files are held to.
    for year in range(2004, 2027):
        result = calendar_services.restore_shipped_year(year=year, by=supervisor, at=AT)
        assert result.rest_days > 0
    assert AuditEvent.objects.filter(action="core.holiday_year.imported").count() == 23


def test_restore_unknown_year_refused(supervisor):
    with pytest.raises(HolidayImportError, match="没有内置 2030 年"):
        calendar_services.restore_shipped_year(year=2030, by=supervisor, at=AT)


class TestCachedCalendar:
    def test_cached_until_the_data_changes(self, supervisor, django_assert_num_queries):
        first = selectors.get_workday_calendar()
        with django_assert_num_queries(1):  # only the version stamp
            assert selectors.get_workday_calendar() is first
        calendar_services.import_holiday_year(
            year=2027, rows=rows(CSV_2027), source="x", by=supervisor, at=AT
        )
        second = selectors.get_workday_calendar()
        assert second is not first and second.has_year(2027)

    def test_change_by_another_process_is_seen(self):
        selectors.get_workday_calendar()
        # Another process replaces 2025 behind this one's back: new day, new revision.
        holiday_year = HolidayYear.objects.get(year=2025)
        SpecialDay.objects.create(year=holiday_year, date=D("2025-10-09"), kind="rest")
        import uuid

        HolidayYear.objects.filter(pk=holiday_year.pk).update(revision=uuid.uuid4())
        assert not selectors.get_workday_calendar().is_workday(D("2025-10-09"))

    def test_rolled_back_change_is_not_kept(self, supervisor):
        selectors.get_workday_calendar()
        with pytest.raises(RuntimeError), transaction.atomic():
            calendar_services.import_holiday_year(
                year=2027, rows=rows(CSV_2027), source="x", by=supervisor, at=AT
            )
            assert selectors.get_workday_calendar().has_year(2027)  # seen inside, and cached
            raise RuntimeError("roll back")
        assert not selectors.get_workday_calendar().has_year(2027)
