"""Staff pages of execution, mounted at /staff/execution/ by config/urls.py."""

from django.urls import path  # noqa: F401

app_name = "execution"

urlpatterns: list = []
