"""Public (citizen-facing, dynamic) pages of mailbox, mounted at /xx/ by config/urls.py
before the portal's catch-all paths."""

from django.urls import path  # noqa: F401

app_name = "mailbox_public"

urlpatterns: list = []
