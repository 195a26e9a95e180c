"""Staff pages of supervision, mounted at /staff/supervision/ by config/urls.py."""

from django.urls import path  # noqa: F401

app_name = "supervision"

urlpatterns: list = []
