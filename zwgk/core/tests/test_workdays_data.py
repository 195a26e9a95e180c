"""The shipped arrangements (data migration 0004) against rules.md §8.2/§8.3, table-driven."""

from datetime import date

import pytest

from zwgk.core import calendar_data, selectors
from zwgk.core.models import HolidayYear
from zwgk.core.workdays import CalendarYearMissingError

D = date.fromisoformat

EXPECTED = {
    2025: {
        "source": "chinese-calendar 1.11.0；国办发明电〔2024〕12号",
        "rest_weekdays": "01-01 01-28 01-29 01-30 01-31 02-03 02-04 04-04 05-01 05-02 05-05 "
        "06-02 10-01 10-02 10-03 10-06 10-07 10-08",
        "work_weekends": "01-26 02-08 04-27 09-28 10-11",
        "workdays": 248,
    },
    2026: {
        "source": "chinese-calendar 1.11.0；国办发明电〔2025〕7号",
        "rest_weekdays": "01-01 01-02 02-16 02-17 02-18 02-19 02-20 02-23 04-06 05-01 05-04 "
        "05-05 06-19 09-25 10-01 10-02 10-05 10-06 10-07",
        "work_weekends": "01-04 02-14 02-28 05-09 09-20 10-10",
        "workdays": 248,
    },
}


def dates(year: int, text: str) -> tuple[date, ...]:
    return tuple(D(f"{year}-{md}") for md in text.split())


@pytest.mark.django_db
@pytest.mark.parametrize("year", sorted(EXPECTED))
def test_year_matches_rules_md(year):
    expected = EXPECTED[year]
    summary = selectors.get_workday_calendar().year_summary(year)
    assert summary.rest_weekdays == dates(year, expected["rest_weekdays"])
    assert len(summary.rest_weekdays) == {2025: 18, 2026: 19}[year]
    assert summary.work_weekends == dates(year, expected["work_weekends"])
    assert len(summary.work_weekends) == {2025: 5, 2026: 6}[year]
    assert summary.workdays == expected["workdays"]
    assert HolidayYear.objects.get(year=year).source == expected["source"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("received", "n", "due"),
    [
        ("2025-09-26", 7, "2025-10-13"),
        ("2025-09-26", 20, "2025-10-30"),
        ("2025-09-26", 40, "2025-11-27"),
        ("2025-12-31", 7, "2026-01-12"),
        ("2025-12-31", 20, "2026-01-29"),
        ("2025-12-31", 40, "2026-03-04"),
        ("2026-02-10", 7, "2026-02-26"),
        ("2026-02-10", 20, "2026-03-16"),
        ("2026-02-10", 40, "2026-04-14"),
    ],
)
def test_worked_examples_from_the_database(received, n, due):
    assert selectors.get_workday_calendar().add_workdays(D(received), n) == D(due)


@pytest.mark.django_db
def test_every_package_year_is_shipped():
    years = list(HolidayYear.objects.values_list("year", flat=True))
    assert years == list(range(2004, 2027))
    assert calendar_data.shipped_years() == years
    sources = HolidayYear.objects.exclude(year__in=EXPECTED).values_list("source", flat=True)
    assert set(sources) == {"chinese-calendar 1.11.0"}
    with pytest.raises(CalendarYearMissingError):
        selectors.get_workday_calendar().is_workday(D("2027-01-04"))


@pytest.mark.parametrize("year", calendar_data.package_years())
def test_shipped_files_equal_the_pinned_package(year):
    # Guards the frozen files against hand edits and the package against silent upgrades.
    import chinese_calendar

    assert chinese_calendar.__version__ == "1.11.0"
    shipped = calendar_data.path_for(year).read_bytes().decode("utf-8")
    assert shipped == calendar_data.render(year)
