"""Staff pages of newmedia, mounted at /staff/newmedia/ by config/urls.py."""

from django.urls import path  # noqa: F401

app_name = "newmedia"

urlpatterns: list = []
