"""Staff pages of policies, mounted at /staff/policies/ by config/urls.py."""

from django.urls import path  # noqa: F401

app_name = "policies"

urlpatterns: list = []
