"""Public (citizen-facing, dynamic) pages of enforcement, mounted at /zfgs/ by config/urls.py
before the portal's catch-all paths."""

from django.urls import path  # noqa: F401

app_name = "enforcement_public"

urlpatterns: list = []
