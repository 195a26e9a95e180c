"""Staff pages of mailbox, mounted at /staff/mailbox/ by config/urls.py."""

from django.urls import path  # noqa: F401

app_name = "mailbox"

urlpatterns: list = []
