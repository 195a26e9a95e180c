"""Pure period arithmetic of participation over the working-day calendar (no database).

- The comment period (条例 art. 15): `period_days` calendar days counted from the day after the
  publication day (民法典 art. 201 para. 1); a last day that is a 法定休假日 moves to the first
  working day after it (民法典 art. 203, rules.md §8.4).
- Hearings (条例 art. 16): materials reach the participants at least 7 days before the hearing.
- The due date for publishing the adoption results: local policy (statute.RESULTS_DUE_WORKDAYS).
"""

from __future__ import annotations

from datetime import date, timedelta

from zwgk.core.workdays import PeriodEnd, WorkdayCalendar

from .statute import HEARING_MATERIALS_DAYS, MIN_COMMENT_DAYS


def comment_period(calendar: WorkdayCalendar, start: date, days: int) -> PeriodEnd:
    """The comment period opening on `start`, `days` calendar days long.

    The period is published on `start` and runs `days` days counted from the next day (民法典
    art. 201); e.g. published 2026-03-02 with 30 days ends 2026-04-01. When the nominal last day
    is a rest day the period ends on the next working day (民法典 art. 203): published
    2026-09-01 with 30 days would end 2026-10-01 (国庆), and ends 2026-10-08 instead.
    """
    return calendar.calendar_period_end_detail(start, days)


def comment_period_end(calendar: WorkdayCalendar, start: date, days: int) -> date:
    return comment_period(calendar, start, days).end


def needs_urgency_reason(days: int) -> bool:
    """条例 art. 15: "一般不少于30日；因情况紧急等原因需要缩短期限的…应当予以说明"."""
    return days < MIN_COMMENT_DAYS


def earliest_hearing_date(materials_sent_on: date) -> date:
    """条例 art. 16: "听证会材料应当于召开听证会7日前送达听证参加人". Materials sent on day D may
    serve a hearing on D + 7 at the earliest (seven full days in between counted from the day
    after sending, 民法典 art. 201)."""
    return materials_sent_on + timedelta(days=HEARING_MATERIALS_DAYS)


def results_due_date(calendar: WorkdayCalendar, closed_on: date, workdays: int) -> date:
    """The day by which the 意见采纳情况 should be published (local policy, not statute)."""
    return calendar.add_workdays(closed_on, workdays)
