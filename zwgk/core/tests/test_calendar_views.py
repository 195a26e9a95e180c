"""Staff pages of the working-day calendar: years, one year, import, export, calculator."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from conftest import client_for
from zwgk.core import selectors
from zwgk.core.models import AuditEvent, HolidayYear, SpecialDay

HX = {"HX-Request": "true"}
YEARS = reverse("core:calendar_years")
IMPORT = reverse("core:calendar_import")
CALC = reverse("core:calendar_calculator")
GOOD_2027 = "日期,类型,名称\n2027-01-01,放假,元旦\n2027-02-06,上班,春节\n2027-02-08,放假,春节\n"


def year_url(year):
    return reverse("core:calendar_year", args=[year])


def export_url(year):
    return reverse("core:calendar_export", args=[year])


def upload(text, encoding="utf-8", name="2027.csv"):
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


# --- who may see what ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", [YEARS, year_url(2025), export_url(2025), IMPORT, CALC], ids=lambda u: u
)
def test_anonymous_is_sent_to_login(db, url):
    response = Client().get(url)
    assert response.status_code == 302
    assert reverse("workspace:login") in response["Location"]


@pytest.mark.parametrize("url", [YEARS, year_url(2025), export_url(2025), IMPORT], ids=lambda u: u)
def test_management_pages_are_404_for_unit_staff(client_a, client_b, url):
    assert client_a.get(url).status_code == 404
    assert client_b.get(url).status_code == 404


def test_unit_staff_cannot_import(client_a):
    response = client_a.post(IMPORT, {"year": 2027, "source": "x", "file": upload(GOOD_2027)})
    assert response.status_code == 404
    assert not HolidayYear.objects.filter(year=2027).exists()


def test_calculator_is_open_to_clerks_but_not_to_citizens(client_a, citizen):
    assert client_a.get(CALC).status_code == 200
    assert client_for(citizen).get(CALC).status_code == 404


@pytest.mark.parametrize("url", [year_url(2031), export_url(2031), year_url(1989)])
def test_unknown_year_is_404(client_supervisor, url):
    assert client_supervisor.get(url).status_code == 404


# --- years and one year -------------------------------------------------------------------------


def test_year_list(client_supervisor, time_machine):
    time_machine.move_to("2026-06-01 10:00 +08:00")
    response = client_supervisor.get(YEARS)
    assert response.status_code == 200
    body = response.content.decode()
    row_2025 = body[body.index(f'href="{year_url(2025)}"') :].split("</tr>")[0]
    cells = [c.split(">", 1)[1].split("<")[0] for c in row_2025.split("<td")[1:6]]
    assert cells == ["28", "18", "5", "248", "chinese-calendar 1.11.0；国办发明电〔2024〕12号"]
    assert body.count(export_url(2004)) == 1
    assert 'role="alert"' not in body  # June: nothing missing yet


def test_year_list_warns_when_next_year_is_missing_in_november(client_supervisor, time_machine):
    time_machine.move_to("2026-11-03 10:00 +08:00")
    body = client_supervisor.get(YEARS).content.decode()
    assert 'role="alert"' in body
    assert f"{IMPORT}?year=2027" in body


def test_year_detail(client_supervisor):
    response = client_supervisor.get(year_url(2026))
    assert response.status_code == 200
    body = response.content.decode()
    assert "国办发明电〔2025〕7号" in body
    for day in ("2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"):
        assert f'<time datetime="{day}">{day}</time>' in body
    assert body.count("<tr>") == 1 + SpecialDay.objects.filter(year__year=2026).count()
    assert "<dd>248</dd>" in body


def test_export_is_excel_friendly_csv(client_supervisor):
    response = client_supervisor.get(export_url(2025))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="holidays-2025.csv"' in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith(
        "\ufeff日期,类型,名称\r\n2025-01-01,放假,元旦\r\n2025-01-26,上班,春节\r\n"
    )
    assert text.count("\r\n") == 1 + SpecialDay.objects.filter(year__year=2025).count()


# --- import -------------------------------------------------------------------------------------


def test_import_form_prefills_the_year(client_supervisor):
    response = client_supervisor.get(IMPORT + "?year=2027")
    assert response.status_code == 200
    assert 'name="year" value="2027"' in response.content.decode()


def test_import_saves_audits_and_redirects(client_supervisor):
    response = client_supervisor.post(
        IMPORT,
        {"year": 2027, "source": "国办发明电〔2026〕X号", "file": upload(GOOD_2027, "gbk")},
    )
    assert response.status_code == 302
    assert response["Location"] == year_url(2027)
    assert HolidayYear.objects.get(year=2027).source == "国办发明电〔2026〕X号"
    assert selectors.get_workday_calendar().is_workday(date(2027, 2, 6))
    event = AuditEvent.objects.get(action="core.holiday_year.imported")
    assert event.actor_label == "刘芳" and event.after["work_weekends"] == ["2027-02-06"]
    page = client_supervisor.get(response["Location"]).content.decode()
    assert "2027" in page and 'class="message message-success"' in page


def test_import_with_bad_rows_lists_each_and_saves_nothing(client_supervisor):
    bad = "日期,类型\n2027-01-01,放假\n2027-01-04,上班\n2027-13-01,放假\n2026-12-31,休息\n"
    response = client_supervisor.post(
        IMPORT, {"year": 2027, "source": "x", "file": upload(bad, "utf-8-sig")}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "发现 3 处错误，未作任何更改。" in body
    assert "第 3 行：2027-01-04 是星期一，本来就是工作日" in body
    assert "第 4 行：日期“2027-13-01”无法识别" in body
    assert "第 5 行：日期 2026-12-31 不在 2027 年；类型“休息”无效" in body
    assert not HolidayYear.objects.filter(year=2027).exists()
    assert not AuditEvent.objects.filter(action__startswith="core.holiday_year").exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"year": "", "source": "x"}, "file"),
        ({"year": "abc", "source": "x", "file": "GOOD"}, "year"),
        ({"year": 1800, "source": "x", "file": "GOOD"}, "year"),
        ({"year": 2027, "source": "", "file": "GOOD"}, "source"),
    ],
)
def test_import_invalid_form_changes_nothing(client_supervisor, data, field):
    if data.get("file") == "GOOD":
        data["file"] = upload(GOOD_2027)
    response = client_supervisor.post(IMPORT, data)
    assert response.status_code == 400
    body = response.content.decode()
    assert f'<p class="field has-error">\n      <label for="id_{field}">' in body
    assert not HolidayYear.objects.filter(year=2027).exists()


def test_import_unreadable_file(client_supervisor):
    response = client_supervisor.post(
        IMPORT, {"year": 2027, "source": "x", "file": upload("date,kind\n2027-01-01,rest\n")}
    )
    assert response.status_code == 400
    assert "表头缺少“日期”“类型”列" in response.content.decode()


def test_import_htmx_gets_the_partial(client_supervisor):
    response = client_supervisor.post(
        IMPORT, {"year": 2027, "source": "x", "file": upload(GOOD_2027)}, headers=HX
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body and 'class="message message-success"' in body
    assert year_url(2027) in body
    assert HolidayYear.objects.filter(year=2027).exists()
    # An htmx request with errors gets the partial too (200: htmx 2 does not swap a 4xx).
    bad = client_supervisor.post(
        IMPORT,
        {"year": 2028, "source": "x", "file": upload("日期,类型\n2028-01-01,上\n")},
        headers=HX,
    )
    assert bad.status_code == 200
    assert "<html" not in bad.content.decode() and "类型“上”无效" in bad.content.decode()
    assert not HolidayYear.objects.filter(year=2028).exists()


# --- calculator ---------------------------------------------------------------------------------


def test_calculator_working_days(client_a):
    response = client_a.get(CALC, {"start": "2025-09-26", "count": 20, "mode": "workdays"})
    assert response.status_code == 200
    body = response.content.decode()
    assert '<strong><time datetime="2025-10-30">2025-10-30</time></strong>（星期四）' in body
    # The skipped days are listed with the reason: the holiday's name or weekend.
    assert (
        '<time datetime="2025-10-06">2025-10-06</time></td><td>星期一</td><td>中秋节</td>' in body
    )
    assert '<time datetime="2025-09-28">' not in body  # Sunday, 调休上班: counted


def test_calculator_calendar_days(client_a):
    response = client_a.get(CALC, {"start": "2025-09-01", "count": 30, "mode": "days"})
    body = response.content.decode()
    assert '<strong><time datetime="2025-10-09">2025-10-09</time></strong>' in body
    assert "2025-10-01" in body


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"start": "2026-12-20", "count": 20, "mode": "workdays"}, "工作日历中没有 2027 年"),
        ({"start": "not a date", "count": 20, "mode": "workdays"}, 'class="field has-error"'),
        ({"start": "2025-09-26", "count": 0, "mode": "workdays"}, 'class="field has-error"'),
        ({"start": "2025-09-26", "count": 20, "mode": "hours"}, 'role="alert"'),
    ],
)
def test_calculator_invalid_input(client_a, params, message):
    response = client_a.get(CALC, params)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_calculator_htmx_gets_the_result_partial(client_a):
    response = client_a.get(
        CALC, {"start": "2025-12-31", "count": 40, "mode": "workdays"}, headers=HX
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<section class="card" id="calculator-result"')
    assert "2026-03-04" in body and "<form" not in body


def test_calculator_empty_form(client_a):
    response = client_a.get(CALC)
    assert response.status_code == 200
    assert 'role="alert"' not in response.content.decode()
