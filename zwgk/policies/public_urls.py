"""Public (citizen-facing, dynamic) pages of policies, mounted at /zcztc/ by config/urls.py
before the portal's catch-all paths."""

from django.urls import path  # noqa: F401

app_name = "policies_public"

urlpatterns: list = []
