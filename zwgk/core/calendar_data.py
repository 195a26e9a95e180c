"""The holiday arrangements shipped with zwgk (pure Python, no Django).

The files under `zwgk/core/data/holidays/` (one CSV per year, the same format the district office
imports) were generated from the `chinese-calendar` package, version 1.11.0 (pinned), which knows
the years 2004–2026. They are frozen as files so that a fresh install loads the same data no
matter which version of the package is installed; `test_workdays_data.py` checks that they still
equal what the pinned package says. Regenerate with `python -m zwgk.core.calendar_data` after
upgrading the package (and update SOURCE).

A data migration loads them into HolidayYear/SpecialDay; after that the database is the
calendar, maintained by the district office (calendar_services.import_holiday_year).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from . import calendar_csv

DATA_DIR = Path(__file__).resolve().parent / "data" / "holidays"
PACKAGE_SOURCE = "chinese-calendar 1.11.0"

# The State Council notices where rules.md §8.1 gives their numbers.
NOTICES = {
    2025: "国办发明电〔2024〕12号",
    2026: "国办发明电〔2025〕7号",
}

# chinese-calendar's Chinese names, completed to the names the notices use.
_NAMES = {
    "元旦": "元旦",
    "春节": "春节",
    "清明": "清明节",
    "劳动节": "劳动节",
    "端午": "端午节",
    "国庆节": "国庆节",
    "中秋": "中秋节",
    "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日": "抗战胜利70周年纪念日",
}


@dataclass(frozen=True)
class ShippedYear:
    year: int
    source: str
    days: tuple[tuple[date, str, str], ...]  # (date, "rest" | "work", name)


def source_for(year: int) -> str:
    notice = NOTICES.get(year)
    return f"{PACKAGE_SOURCE}；{notice}" if notice else PACKAGE_SOURCE


def days_from_package(year: int) -> list[tuple[date, str, str]]:
    """The year's rest and make-up working days as the installed chinese-calendar knows them."""
    from chinese_calendar import Holiday, constants

    chinese = {holiday.value: holiday.chinese for holiday in Holiday}
    days = [
        (day, "rest", _NAMES[chinese[name]])
        for day, name in constants.holidays.items()
        if day.year == year
    ]
    days += [
        (day, "work", _NAMES[chinese[name]])
        for day, name in constants.workdays.items()
        if day.year == year
    ]
    return sorted(days)


def package_years() -> list[int]:
    from chinese_calendar import constants

    return sorted({day.year for day in constants.holidays})


def path_for(year: int) -> Path:
    return DATA_DIR / f"{year}.csv"


def shipped_years() -> list[int]:
    return sorted(int(path.stem) for path in DATA_DIR.glob("*.csv"))


def load_shipped(year: int) -> ShippedYear:
    kinds = {calendar_csv.REST: "rest", calendar_csv.WORK: "work"}
    days = []
    for row in calendar_csv.read(path_for(year).read_bytes()):
        day = calendar_csv.parse_date(row[calendar_csv.DATE])
        if day is None:
            raise ValueError(f"bad date in shipped data: {row}")
        days.append((day, kinds[row[calendar_csv.KIND]], row.get(calendar_csv.NAME, "")))
    return ShippedYear(year=year, source=source_for(year), days=tuple(sorted(days)))


def render(year: int) -> str:
    """The shipped CSV text for `year`, generated from the package."""
    return calendar_csv.write(calendar_csv.rows_for(days_from_package(year)))


def regenerate() -> list[Path]:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    written = []
    for year in package_years():
        path = path_for(year)
        path.write_text(render(year), encoding="utf-8", newline="")
        written.append(path)
    return written


if __name__ == "__main__":
    for written_path in regenerate():
        print(written_path)
