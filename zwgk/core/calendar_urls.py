"""URLs of the working-day calendar pages, included by zwgk/core/urls.py under "calendar/"
(in the "core" namespace: core:calendar_years …)."""

from django.urls import path

from . import views_calendar

urlpatterns = [
    path("", views_calendar.year_list, name="calendar_years"),
    path("import/", views_calendar.year_import, name="calendar_import"),
    path("calculator/", views_calendar.calculator, name="calendar_calculator"),
    path("<int:year>/", views_calendar.year_detail, name="calendar_year"),
    path("<int:year>/export.csv", views_calendar.year_export, name="calendar_export"),
]
