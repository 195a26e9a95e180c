"""Public (citizen-facing, dynamic) pages of participation, mounted at /hdjl/ by config/urls.py
before the portal's catch-all paths."""

from django.urls import path  # noqa: F401

app_name = "participation_public"

urlpatterns: list = []
