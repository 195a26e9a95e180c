"""Staff pages of monitoring, mounted at /staff/monitoring/ by config/urls.py."""

from django.urls import path  # noqa: F401

app_name = "monitoring"

urlpatterns: list = []
