"""Dashboards: the tables from the records, the SVG charts drawn from the same tables, the
drill-down to a unit, scoping, invalid periods, the XLSX export."""

from __future__ import annotations

import io
from datetime import date, timedelta

import openpyxl
import pytest
from django.urls import reverse

from zwgk.supervision import dashboard, svg
from zwgk.supervision.tests.test_bulletins import evidence  # noqa: F401  (fixture)

YEAR_2025 = "start=2025-01-01&end=2025-12-31"


def test_svg_chart_is_escaped_and_proportional():
    table = {
        "key": "k",
        "title": "标题<script>",
        "header": ["单位", "数"],
        "rows": [["甲<b>", 2], ["乙", 4], ["合计", 6]],
        "chart": 1,
    }
    out = svg.bar_chart(table)
    assert "<script>" not in out and "&lt;script&gt;" in out and "甲&lt;b&gt;" in out
    assert 'width="180.0"' in out and 'width="360.0"' in out  # 2 and 4 of a 360 bar
    assert "合计" not in out


def test_tables_count_the_records(evidence, district):  # noqa: F811
    board = dashboard.build(
        [district.unit_a, district.unit_b],
        dashboard.Period(date(2025, 1, 1), date(2025, 12, 31)),
        date.today(),
    )
    a, b = board.rows
    assert (a.received, a.replied, a.replied_late, a.overdue_open) == (2, 1, 1, 1)
    assert (b.received, b.replied, b.replied_late, b.on_time_share) == (1, 1, 0, 1.0)
    assert (a.published, a.published_late, a.interpretations) == (3, 1, 0)
    assert a.problems["documents.missing_interpretation"] == 1
    assert a.problems["disclosure_requests.late_reply"] == 2
    assert board.total.received == 3 and board.total.problem_total == a.problem_total
    assert dict(board.outcomes)["（一）予以公开"] == 2
    tables = {t["key"]: t for t in dashboard.tables(board)}
    assert tables["applications"]["rows"][0] == ["区教委", 2, 1, 1, "0.0%", 1]
    assert tables["applications"]["rows"][-1][0] == "合计"


def test_district_dashboard_drills_into_a_unit(evidence, client_supervisor, district):  # noqa: F811
    page = client_supervisor.get(reverse("supervision:dashboard") + "?" + YEAR_2025)
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count("<svg") == 9 and "<table" in html
    unit_url = reverse("supervision:unit_dashboard", args=[district.unit_a.pk])
    assert unit_url in html
    unit_page = client_supervisor.get(unit_url + "?" + YEAR_2025).content.decode()
    assert evidence["open"].number in unit_page
    assert "关于迟发的通知" in unit_page
    partial = client_supervisor.get(
        reverse("supervision:dashboard") + "?" + YEAR_2025, headers={"HX-Request": "true"}
    )
    assert b"<html" not in partial.content and b"<svg" in partial.content


def test_scoping(evidence, client_a, client_b, client, district):  # noqa: F811
    assert client_a.get(reverse("supervision:dashboard")).status_code == 404
    unit_url = reverse("supervision:unit_dashboard", args=[district.unit_a.pk])
    assert client_a.get(unit_url).status_code == 200
    assert client_b.get(unit_url).status_code == 404
    assert client.get(unit_url).status_code == 302
    xlsx = reverse("supervision:dashboard_xlsx") + f"?unit={district.unit_a.pk}"
    assert client_b.get(xlsx).status_code == 404
    assert client_a.get(xlsx).status_code == 200


def test_invalid_period_is_a_message(client_supervisor, district):
    response = client_supervisor.get(reverse("supervision:dashboard") + "?start=2025-13-01")
    assert response.status_code == 400 and "YYYY-MM-DD" in response.content.decode()
    later = (date.today() + timedelta(days=1)).isoformat()
    response = client_supervisor.get(
        reverse("supervision:dashboard") + f"?start={later}&end=2020-01-01"
    )
    assert response.status_code == 400


def test_xlsx_holds_the_same_tables(evidence, client_supervisor, district):  # noqa: F811
    response = client_supervisor.get(reverse("supervision:dashboard_xlsx") + "?" + YEAR_2025)
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[:4] == ["applications", "appeals", "outcomes", "proactive"]
    assert book.sheetnames[4:] == [
        "monitoring_scores",
        "rectifications",
        "mailbox",
        "sentiment",
        "problems",
    ]
    rows = list(book["applications"].iter_rows(values_only=True))
    assert rows[1][0] == "单位" and ("区教委", 2, 1, 1, "0.0%", 1) in rows


@pytest.mark.parametrize("query", ["", "?start=2025-01-01&end=2025-12-31"])
def test_empty_district_renders(client_supervisor, district, query):
    assert client_supervisor.get(reverse("supervision:dashboard") + query).status_code == 200


def test_my_dashboard_sends_unit_staff_to_their_unit(client_a, client, district):
    response = client_a.get(reverse("supervision:my_dashboard"))
    assert response.status_code == 302
    assert response["Location"] == reverse("supervision:unit_dashboard", args=[district.unit_a.pk])
    assert client.get(reverse("supervision:my_dashboard")).status_code == 302  # to login
