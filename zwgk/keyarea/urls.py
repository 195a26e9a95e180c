"""Staff pages of keyarea, mounted at /staff/keyarea/ by config/urls.py."""

from django.urls import path  # noqa: F401

app_name = "keyarea"

urlpatterns: list = []
