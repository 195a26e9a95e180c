"""Staff pages of sentiment, mounted at /staff/sentiment/ by config/urls.py."""

from django.urls import path  # noqa: F401

app_name = "sentiment"

urlpatterns: list = []
