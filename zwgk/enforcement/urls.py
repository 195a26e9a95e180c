"""Staff pages of enforcement, mounted at /staff/enforcement/ by config/urls.py."""

from django.urls import path  # noqa: F401

app_name = "enforcement"

urlpatterns: list = []
