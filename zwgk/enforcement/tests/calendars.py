"""The real 2026 arrangement (rules.md §8.3), built by hand for pure tests without the DB."""

from datetime import date

from zwgk.core.workdays import WorkdayCalendar

REST_2026 = [
    (1, 1), (1, 2), (1, 3), (2, 15), (2, 16), (2, 17), (2, 18), (2, 19), (2, 20), (2, 21),
    (2, 22), (2, 23), (4, 4), (4, 5), (4, 6), (5, 1), (5, 2), (5, 3), (5, 4), (5, 5), (6, 19),
    (6, 20), (6, 21), (9, 25), (9, 26), (9, 27), (10, 1), (10, 2), (10, 3), (10, 4), (10, 5),
    (10, 6), (10, 7),
]  # fmt: skip
WORK_2026 = [(1, 4), (2, 14), (2, 28), (5, 9), (9, 20), (10, 10)]

CALENDAR_2026 = WorkdayCalendar.build(
    years=[2026],
    rest_dates=[date(2026, m, d) for m, d in REST_2026],
    work_dates=[date(2026, m, d) for m, d in WORK_2026],
)
