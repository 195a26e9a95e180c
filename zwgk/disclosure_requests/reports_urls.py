"""Annual-report tables 三 and 四, under /staff/requests/reports/ (config/urls.py)."""

from django.urls import path

from . import reports_views

app_name = "disclosure_reports"

urlpatterns = [
    path("", reports_views.foi_report, name="foi"),
    path("xlsx/", reports_views.foi_report_xlsx, name="foi_xlsx"),
]
