"""Public (citizen-facing, dynamic) pages of mailbox, mounted at /xx/ by config/urls.py
before the portal's catch-all paths."""

from django.urls import path

from . import public_views

app_name = "mailbox_public"

urlpatterns = [
    path("", public_views.index, name="index"),
    path("write/", public_views.write, name="write"),
    path("done/", public_views.done, name="done"),
    path("lookup/", public_views.lookup, name="lookup"),
    path("letter/", public_views.letter, name="letter"),
    path("letter/rate/", public_views.rate, name="rate"),
    path("published/", public_views.published, name="published"),
    path("published/<int:pk>/", public_views.published_detail, name="published_detail"),
    path("statistics/", public_views.statistics, name="statistics"),
]
