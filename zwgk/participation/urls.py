"""Staff pages of participation, mounted at /staff/participation/ by config/urls.py."""

from django.urls import path  # noqa: F401

app_name = "participation"

urlpatterns: list = []
